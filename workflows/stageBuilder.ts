import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { TaskKind } from '#shared/tasks/model.ts';
import type { StepFunction } from '#shared/workflow/stageTask.ts';
import { FailureHandling, retryTransientFailures } from '#workflows/failureHandling.ts';
import { HumanStep, type HumanStepProps, type HumanTaskSteps } from '#workflows/humanStep.ts';
import { type StepTaskProps, stepTask } from '#workflows/stepTask.ts';

/** The steps every stage's task function has: `record` applies a transition; the human steps' open and nudge. */
export type StageSteps = HumanTaskSteps & {
  /** `{ <subjectKey>, action, outcome?, failure?, eventId }` → `{ state }`. */
  readonly record: StepFunction;
};

export interface StageBuilderProps {
  /** The field of the execution input that names the stage's record, e.g. `applicationId`. */
  readonly subjectKey: string;
  /** The stage's one task function: every task of the state machine runs one of its steps. */
  readonly taskFunction: IFunction;
  /** The bureau's task to retry a step that kept failing. */
  readonly retryKind: TaskKind;
}

/** An event id unique to this entry into the current state, stable across its retries. */
export const eventIdOfThisState = sfn.JsonPath.format(
  '{}:{}:{}',
  sfn.JsonPath.executionName,
  sfn.JsonPath.stateName,
  sfn.JsonPath.stateEnteredTime,
);

/**
 * What every stage's state machine is made of: steps that record a transition, human
 * steps, and one recovery path (record the failure, the bureau retries, resume where it
 * failed) that every guarded task falls into after its retries.
 *
 * `Action` is the stage's action type from its `states.ts`, `Steps` its task function's step
 * table (`functions/workflow/<stage>.ts`): an action or a step the stage does not have fails `tsc`.
 */
export class StageBuilder<Action extends string, Steps extends StageSteps> {
  readonly failures: FailureHandling;
  private readonly subjectPath: string;

  constructor(
    private readonly scope: Construct,
    private readonly props: StageBuilderProps,
  ) {
    this.subjectPath = `$.${props.subjectKey}`;
    const recordFailure = this.recordTask('Record the workflow failure', 'fail', {
      failure: sfn.JsonPath.objectAt('$.failure'),
      eventId: eventIdOfThisState,
    });
    retryTransientFailures(recordFailure);
    recordFailure.addCatch(
      new sfn.Fail(scope, 'Stop: the failure could not be recorded', { error: 'Unrecorded' }),
      {
        errors: ['States.ALL'],
      },
    );
    this.failures = new FailureHandling(scope, recordFailure);

    // Human step: the bureau retries a failed step once the fault is fixed.
    const retry = this.humanStep({
      kind: props.retryKind,
      resultPath: '$.retry',
      firstWait: { name: 'Ask the bureau to retry the failed step', timeout: Duration.days(7) },
      afterDeadline: [
        {
          name: 'Remind the bureau of the failed step',
          level: 'reminder',
          wait: { name: 'Wait for the bureau to retry the failed step', timeout: Duration.days(30) },
        },
      ],
      whenAbandoned: new sfn.Fail(scope, 'Stop: nobody retried the failed step', { error: 'NotRetried' }),
    });
    recordFailure.next(retry.startState);
    retry.next(
      this.failures
        .guard(this.recordDecision('Record the retry', '$.retry'))
        .next(this.failures.resumeChoice()),
    );
  }

  /** The stage's task function, for a task built outside the builder (a Parallel branch's wait). */
  get taskFunction(): IFunction {
    return this.props.taskFunction;
  }

  /** A task that records a transition; its result (`{ state }`) lands in `$.recorded`. */
  recordStep(name: string, action: Action, extra: StepTaskProps<Steps>['payload']): tasks.LambdaInvoke {
    return this.recordTask(name, action, extra);
  }

  /** Records the decision a human step left at `outcomePath` (the decision is the action). */
  recordDecision(name: string, outcomePath: string, extra: Record<string, unknown> = {}): tasks.LambdaInvoke {
    return this.recordTask(name, sfn.JsonPath.stringAt(`${outcomePath}.decision`), {
      outcome: sfn.JsonPath.objectAt(outcomePath),
      eventId: sfn.JsonPath.stringAt(`${outcomePath}.completionId`),
      ...extra,
    });
  }

  /** Any other step of the stage's task function, given the record's id and `payload`. */
  lambdaStep(
    name: string,
    step: Exclude<keyof Steps & string, keyof StageSteps>,
    payload: StepTaskProps<Steps>['payload'],
    resultPath: string = sfn.JsonPath.DISCARD,
  ): tasks.LambdaInvoke {
    return stepTask<Steps>(this.scope, name, {
      taskFunction: this.props.taskFunction,
      step,
      payload: { [this.props.subjectKey]: sfn.JsonPath.stringAt(this.subjectPath), ...payload },
      ...(resultPath === sfn.JsonPath.DISCARD ? {} : { resultSelector: { 'value.$': '$.Payload' } }),
      resultPath,
    });
  }

  humanStep(props: HumanStepProps): HumanStep {
    return new HumanStep(
      this.scope,
      {
        subjectIdPath: this.subjectPath,
        taskFunction: this.props.taskFunction,
        failures: this.failures,
      },
      props,
    );
  }

  /** `action` is the stage's `fail` or `retry`, or a path to a human's decision. */
  private recordTask(name: string, action: string, extra: Record<string, unknown>): tasks.LambdaInvoke {
    return stepTask<StageSteps>(this.scope, name, {
      taskFunction: this.props.taskFunction,
      step: 'record',
      payload: {
        [this.props.subjectKey]: sfn.JsonPath.stringAt(this.subjectPath),
        action,
        ...extra,
      },
      resultSelector: { 'state.$': '$.Payload.state' },
      resultPath: '$.recorded',
    });
  }
}
