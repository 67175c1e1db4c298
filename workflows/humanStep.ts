import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { TaskKind } from '#shared/tasks/model.ts';
import type { StepFunction } from '#shared/workflow/stageTask.ts';
import type { FailureHandling } from '#workflows/failureHandling.ts';
import { stepTask } from '#workflows/stepTask.ts';

/** The steps a stage's task function serves for its human steps (`shared/tasks/taskSteps.ts`). */
export type HumanTaskSteps = {
  readonly openTask: StepFunction;
  readonly nudgeTask: StepFunction;
};

export interface HumanWait {
  /** The state's name, a sentence: "Ask the institution to endorse". */
  readonly name: string;
  /** A fixed wait, or one worked out at run time: the path of a number of seconds in the state data. */
  readonly timeout: Duration | { readonly secondsPath: string };
}

function timeoutOf(wait: HumanWait): { seconds: number | string; timeout: sfn.Timeout } {
  return wait.timeout instanceof Duration
    ? { seconds: wait.timeout.toSeconds(), timeout: sfn.Timeout.duration(wait.timeout) }
    : {
        seconds: sfn.JsonPath.numberAt(wait.timeout.secondsPath),
        timeout: sfn.Timeout.at(wait.timeout.secondsPath),
      };
}

export interface Nudge {
  readonly name: string;
  readonly level: 'reminder' | 'escalation';
  /**
   * A step of the stage's own after the nudge, before the next wait: the people a shared task
   * waits for reminded themselves (the panel members who have not scored). Guarded here.
   * @default none
   */
  readonly followedBy?: tasks.LambdaInvoke;
}

/** What every human step of one workflow shares. */
export interface HumanStepContext {
  /** Where the tasks' subject id is in the state data, e.g. `$.applicationId`. */
  readonly subjectIdPath: string;
  /** The stage's task function; it opens and nudges the stage's tasks. */
  readonly taskFunction: IFunction;
  readonly failures: FailureHandling;
}

export interface HumanStepProps {
  readonly kind: TaskKind;
  /** Where the human's answer lands in the state data, e.g. `$.endorsement`. */
  readonly resultPath: string;
  /** The first wait, then each nudge with the wait after it. */
  readonly firstWait: HumanWait;
  readonly afterDeadline: readonly (Nudge & { readonly wait: HumanWait })[];
  /** Where the step goes when the last wait times out too. */
  readonly whenAbandoned: sfn.IChainable;
}

/**
 * A human step: a task-token wait with a timeout; each timeout leads to a reminder or an
 * escalation and a further wait, and the last one to `whenAbandoned`, never to a silent hang.
 */
export class HumanStep {
  readonly startState: sfn.State;
  private readonly waits: tasks.LambdaInvoke[] = [];

  constructor(scope: Construct, context: HumanStepContext, props: HumanStepProps) {
    const waitState = (wait: HumanWait) => {
      const { seconds, timeout } = timeoutOf(wait);
      return stepTask<HumanTaskSteps>(scope, wait.name, {
        taskFunction: context.taskFunction,
        step: 'openTask',
        integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: {
          taskToken: sfn.JsonPath.taskToken,
          kind: props.kind,
          subjectId: sfn.JsonPath.stringAt(context.subjectIdPath),
          timeoutSeconds: seconds,
        },
        taskTimeout: timeout,
        resultPath: props.resultPath,
      });
    };

    let current = waitState(props.firstWait);
    this.waits.push(current);
    this.startState = current;
    for (const step of props.afterDeadline) {
      const nudge = stepTask<HumanTaskSteps>(scope, step.name, {
        taskFunction: context.taskFunction,
        step: 'nudgeTask',
        payload: {
          kind: props.kind,
          subjectId: sfn.JsonPath.stringAt(context.subjectIdPath),
          level: step.level,
          nextTimeoutSeconds: timeoutOf(step.wait).seconds,
          eventId: sfn.JsonPath.format(
            '{}:{}:{}',
            sfn.JsonPath.executionName,
            sfn.JsonPath.stateName,
            sfn.JsonPath.stateEnteredTime,
          ),
        },
        resultPath: sfn.JsonPath.DISCARD,
      });
      const next = waitState(step.wait);
      current.addCatch(nudge, { errors: ['States.Timeout'], resultPath: sfn.JsonPath.DISCARD });
      context.failures.guard(current);
      context.failures
        .guard(nudge)
        .next(step.followedBy ? context.failures.guard(step.followedBy).next(next) : next);
      this.waits.push(next);
      current = next;
    }
    current.addCatch(props.whenAbandoned, { errors: ['States.Timeout'], resultPath: sfn.JsonPath.DISCARD });
    context.failures.guard(current);
  }

  /** Every wait, whichever answered, continues to `next`. */
  next(next: sfn.IChainable): this {
    for (const wait of this.waits) wait.next(next);
    return this;
  }
}
