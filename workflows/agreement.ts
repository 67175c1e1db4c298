import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { agreementSteps } from '#functions/workflow/agreement.ts';
import type { AgreementAction } from '#shared/agreement/states.ts';
import { partyAnswerBranch } from '#workflows/partyAnswer.ts';
import { eventIdOfThisState, StageBuilder } from '#workflows/stageBuilder.ts';

/** How long each party has to sign. @default 14 days */
export interface AgreementDeadlines {
  readonly signature?: Duration;
}

const declined = 'Agreement.Declined';
const lapsed = 'Agreement.Lapsed';

/**
 * The tripartite agreement: the commissioner, their institution's research office and the
 * enterprise sign in any order, the bureau countersigns, and activation schedules the
 * report periods. Input: `{ "agreementId": "..." }`.
 */
export function agreementDefinition(
  scope: Construct,
  /** `functions/workflow/agreement.ts` */
  taskFunction: IFunction,
  deadlines: AgreementDeadlines = {},
): sfn.IChainable {
  const signatureWait = deadlines.signature ?? Duration.days(14);
  const stage = new StageBuilder<AgreementAction, typeof agreementSteps>(scope, {
    subjectKey: 'agreementId',
    taskFunction,
    retryKind: 'retry-agreement',
  });
  const { failures } = stage;

  const unsigned = failures
    .guard(
      stage.lambdaStep('Tell everyone it was not concluded', 'closeUnsigned', {
        eventId: eventIdOfThisState,
      }),
    )
    .next(new sfn.Succeed(scope, 'Agreement not concluded'));
  const recordLapse = failures.guard(
    stage.recordStep('Record that the signing lapsed', 'lapse', {
      reason: 'not signed before the deadline',
      eventId: eventIdOfThisState,
    }),
  );
  recordLapse.next(unsigned);

  const signer = (party: string, partyKey: 'commissioner' | 'institution' | 'enterprise') =>
    partyAnswerBranch(scope, stage, {
      party,
      partyKey,
      kind: `sign-agreement-${partyKey}`,
      verb: 'sign',
      timeout: signatureWait,
      subjectIdPath: '$.agreementId',
      declinedError: declined,
      lapsedError: lapsed,
    });
  const signatures = new sfn.Parallel(scope, 'Ask the three parties to sign', {
    resultPath: sfn.JsonPath.DISCARD,
  })
    .branch(signer('commissioner', 'commissioner'))
    .branch(signer('research office', 'institution'))
    .branch(signer('enterprise', 'enterprise'));
  signatures.addCatch(unsigned, { errors: [declined], resultPath: '$.ended' });
  signatures.addCatch(recordLapse, { errors: [lapsed], resultPath: '$.ended' });
  failures.guardCatchOnly(signatures);

  // Human step: the bureau countersigns what all three signed.
  const countersignature = stage.humanStep({
    kind: 'countersign-agreement',
    resultPath: '$.countersignature',
    firstWait: { name: 'Ask the bureau to countersign', timeout: Duration.days(14) },
    afterDeadline: [
      {
        name: 'Escalate the overdue countersignature',
        level: 'escalation',
        wait: { name: 'Wait for the overdue countersignature', timeout: Duration.days(30) },
      },
    ],
    whenAbandoned: recordLapse,
  });
  countersignature.next(
    failures.guard(stage.recordDecision('Record the countersignature', '$.countersignature')).next(
      new sfn.Choice(scope, 'Did the bureau countersign?')
        .when(
          sfn.Condition.stringEquals('$.countersignature.decision', 'countersign'),
          failures
            .guard(
              stage.lambdaStep('Activate the agreement and schedule its report periods', 'activate', {
                eventId: eventIdOfThisState,
              }),
            )
            .next(new sfn.Succeed(scope, 'Agreement active')),
        )
        .otherwise(unsigned),
    ),
  );

  return signatures
    .next(
      failures.guard(
        stage.recordStep('Record that every party signed', 'request_countersignature', {
          eventId: eventIdOfThisState,
        }),
      ),
    )
    .next(countersignature.startState);
}
