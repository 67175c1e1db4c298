import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { TaskKind } from '#shared/tasks/model.ts';
import { FailureHandling, retryTransientFailures } from '#workflows/failureHandling.ts';
import { HumanStep, type HumanStepProps } from '#workflows/humanStep.ts';

export interface StageBuilderProps {
  /** The field of the execution input that names the stage's record, e.g. `applicationId`. */
  readonly subjectKey: string;
  /** Applies `{ <subjectKey>, action, outcome?, failure?, eventId }` to the record. */
  readonly recordStep: IFunction;
  readonly openTask: IFunction;
  readonly nudgeTask: IFunction;
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
 */
export class StageBuilder {
  readonly failures: FailureHandling;
  private readonly subjectPath: string;

  constructor(
    private readonly scope: Construct,
    private readonly props: StageBuilderProps,
  ) {
    this.subjectPath = `$.${props.subjectKey}`;
    const recordFailure = this.recordStep('Record the workflow failure', 'fail', {
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

  /** The payload entry that names the stage's record. */
  get subject(): Record<string, string> {
    return { [`${this.props.subjectKey}.$`]: this.subjectPath };
  }

  /** A task that records a transition; its result (`{ state }`) lands in `$.recorded`. */
  recordStep(name: string, action: string, extra: Record<string, unknown>): tasks.LambdaInvoke {
    return new tasks.LambdaInvoke(this.scope, name, {
      lambdaFunction: this.props.recordStep,
      payload: sfn.TaskInput.fromObject({
        [this.props.subjectKey]: sfn.JsonPath.stringAt(this.subjectPath),
        action,
        ...extra,
      }),
      resultSelector: { 'state.$': '$.Payload.state' },
      resultPath: '$.recorded',
      retryOnServiceExceptions: false,
    });
  }

  /** Records the decision a human step left at `outcomePath`. */
  recordDecision(name: string, outcomePath: string, extra: Record<string, unknown> = {}): tasks.LambdaInvoke {
    return this.recordStep(name, sfn.JsonPath.stringAt(`${outcomePath}.decision`), {
      outcome: sfn.JsonPath.objectAt(outcomePath),
      eventId: sfn.JsonPath.stringAt(`${outcomePath}.completionId`),
      ...extra,
    });
  }

  /** Any other Lambda step of the stage, given the record's id and `payload`. */
  lambdaStep(
    name: string,
    fn: IFunction,
    payload: Record<string, unknown>,
    resultPath: string = sfn.JsonPath.DISCARD,
  ): tasks.LambdaInvoke {
    return new tasks.LambdaInvoke(this.scope, name, {
      lambdaFunction: fn,
      payload: sfn.TaskInput.fromObject({
        [this.props.subjectKey]: sfn.JsonPath.stringAt(this.subjectPath),
        ...payload,
      }),
      ...(resultPath === sfn.JsonPath.DISCARD ? {} : { resultSelector: { 'value.$': '$.Payload' } }),
      resultPath,
      retryOnServiceExceptions: false,
    });
  }

  humanStep(props: HumanStepProps): HumanStep {
    return new HumanStep(
      this.scope,
      {
        subjectIdPath: this.subjectPath,
        openTask: this.props.openTask,
        nudgeTask: this.props.nudgeTask,
        failures: this.failures,
      },
      props,
    );
  }
}
