import type { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { TaskKind } from '#shared/tasks/model.ts';
import { retryTransientFailures } from '#workflows/failureHandling.ts';
import type { HumanTaskSteps } from '#workflows/humanStep.ts';
import type { StageBuilder, StageSteps } from '#workflows/stageBuilder.ts';
import { stepTask } from '#workflows/stepTask.ts';

export interface PartyAnswerProps {
  /** Who answers, as the state names say it: "commissioner", "enterprise", "research office". */
  readonly party: string;
  /** The value the record step is told (`party`), e.g. `institution`. */
  readonly partyKey: string;
  readonly kind: TaskKind;
  /** The verb of the question, e.g. `accept` or `sign`; the decision that says yes. */
  readonly verb: string;
  readonly timeout: Duration;
  readonly subjectIdPath: string;
  /** The errors the branch ends with when the party says no, or does not answer in time. */
  readonly declinedError: string;
  readonly lapsedError: string;
}

/**
 * One party's answer as a branch of a Parallel: a token wait with a deadline, the
 * answer recorded, and a refusal or silence turned into an error the Parallel catches.
 * A branch cannot reach the stage's recovery path, so its tasks only retry.
 */
export function partyAnswerBranch<Action extends string, Steps extends StageSteps>(
  scope: Construct,
  stage: StageBuilder<Action, Steps>,
  props: PartyAnswerProps,
): sfn.IChainable {
  // Human step: this party answers the question.
  const ask = stepTask<HumanTaskSteps>(scope, `Ask the ${props.party} to ${props.verb}`, {
    taskFunction: stage.taskFunction,
    step: 'openTask',
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: {
      taskToken: sfn.JsonPath.taskToken,
      kind: props.kind,
      subjectId: sfn.JsonPath.stringAt(props.subjectIdPath),
      timeoutSeconds: props.timeout.toSeconds(),
    },
    taskTimeout: sfn.Timeout.duration(props.timeout),
    resultPath: '$.answer',
  });
  retryTransientFailures(ask);
  ask.addCatch(
    new sfn.Fail(scope, `The ${props.party} did not answer in time`, { error: props.lapsedError }),
    {
      errors: ['States.Timeout'],
    },
  );
  const record = stage.recordDecision(`Record the ${props.party}'s answer`, '$.answer', {
    party: props.partyKey,
  });
  retryTransientFailures(record);
  return ask
    .next(record)
    .next(
      new sfn.Choice(scope, `Did the ${props.party} ${props.verb}?`)
        .when(
          sfn.Condition.stringEquals('$.answer.decision', props.verb),
          new sfn.Succeed(scope, `The ${props.party} said yes`),
        )
        .otherwise(new sfn.Fail(scope, `The ${props.party} declined`, { error: props.declinedError })),
    );
}
