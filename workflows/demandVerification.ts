import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { demandSteps } from '#functions/workflow/demand.ts';
import type { DemandAction } from '#shared/demand/states.ts';
import { StageBuilder } from '#workflows/stageBuilder.ts';

/**
 * An enterprise's demand: the bureau verifies it or returns it for changes; the
 * enterprise revises and resubmits; verified demands go on to matching (the dispatch
 * stage). Input: `{ "demandId": "..." }`.
 */
export function demandVerificationDefinition(
  scope: Construct,
  /** `functions/workflow/demand.ts` */
  taskFunction: IFunction,
): sfn.IChainable {
  const stage = new StageBuilder<DemandAction, typeof demandSteps>(scope, {
    subjectKey: 'demandId',
    taskFunction,
    retryKind: 'retry-demand',
  });
  const { failures } = stage;

  const expiryEventId = sfn.JsonPath.format('{}:expire', sfn.JsonPath.executionName);
  const expire = failures
    .guard(stage.recordStep('Record that the demand expired', 'expire', { eventId: expiryEventId }))
    .next(
      failures
        .guard(
          stage.lambdaStep('Tell the enterprise it expired', 'notify', {
            template: 'demand-expired',
            eventId: expiryEventId,
          }),
        )
        .next(new sfn.Succeed(scope, 'Demand expired')),
    );

  // Human step: the bureau checks the demand is real and clear.
  const verification = stage.humanStep({
    kind: 'verify-demand',
    resultPath: '$.verification',
    firstWait: { name: 'Ask the bureau to verify the demand', timeout: Duration.days(7) },
    afterDeadline: [
      {
        name: 'Escalate the overdue verification',
        level: 'escalation',
        wait: { name: 'Wait for the overdue verification', timeout: Duration.days(30) },
      },
    ],
    whenAbandoned: expire,
  });

  // Human step: the enterprise revises a returned demand.
  const revision = stage.humanStep({
    kind: 'revise-demand',
    resultPath: '$.revision',
    firstWait: { name: 'Ask the enterprise to revise the demand', timeout: Duration.days(30) },
    afterDeadline: [
      {
        name: 'Remind the enterprise to revise the demand',
        level: 'reminder',
        wait: { name: 'Wait for the revised demand', timeout: Duration.days(14) },
      },
    ],
    whenAbandoned: expire,
  });

  verification.next(
    failures
      .guard(stage.recordDecision('Record the verification', '$.verification'))
      .next(
        new sfn.Choice(scope, 'Did the bureau verify it?')
          .when(
            sfn.Condition.stringEquals('$.verification.decision', 'verify'),
            new sfn.Succeed(scope, 'Demand verified'),
          )
          .otherwise(revision.startState),
      ),
  );
  revision.next(
    failures.guard(stage.recordDecision('Record the revision', '$.revision')).next(verification.startState),
  );
  return verification.startState;
}
