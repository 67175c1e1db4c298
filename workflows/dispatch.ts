import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { dispatchSteps } from '#functions/workflow/dispatch.ts';
import type { DispatchAction } from '#shared/dispatch/states.ts';
import type { TaskKind } from '#shared/tasks/model.ts';
import { partyAnswerBranch } from '#workflows/partyAnswer.ts';
import { eventIdOfThisState, StageBuilder } from '#workflows/stageBuilder.ts';

export interface DispatchDeadlines {
  /** How long the commissioner and the enterprise have to accept. @default 7 days */
  readonly acceptance?: Duration;
  /** How long the public notice runs. @default 5 days */
  readonly notice?: Duration;
}

/** Errors a branch of the acceptance ends with, caught by the Parallel. */
const declined = 'Dispatch.Declined';
const lapsed = 'Dispatch.Lapsed';

/**
 * One proposal: the commissioner and the enterprise accept or decline in parallel before
 * a deadline; then a public notice; a standing objection when it closes goes to the
 * bureau. Anything but a dispatch sends the demand back to matching.
 * Input: `{ "dispatchId": "...", "demandId": "..." }`.
 */
export function dispatchDefinition(
  scope: Construct,
  /** `functions/workflow/dispatch.ts` */
  taskFunction: IFunction,
  deadlines: DispatchDeadlines = {},
): sfn.IChainable {
  const acceptanceWait = deadlines.acceptance ?? Duration.days(7);
  const noticeLength = deadlines.notice ?? Duration.days(5);
  const stage = new StageBuilder<DispatchAction, typeof dispatchSteps>(scope, {
    subjectKey: 'dispatchId',
    taskFunction,
    retryKind: 'retry-dispatch',
  });
  const { failures } = stage;

  const backToMatching = failures
    .guard(
      stage.lambdaStep('Send the demand back to matching', 'returnToMatching', {
        eventId: eventIdOfThisState,
      }),
    )
    .next(new sfn.Succeed(scope, 'Back to matching'));

  const answerBranch = (party: 'commissioner' | 'enterprise', kind: TaskKind) =>
    partyAnswerBranch(scope, stage, {
      party,
      partyKey: party,
      kind,
      verb: 'accept',
      timeout: acceptanceWait,
      subjectIdPath: '$.dispatchId',
      declinedError: declined,
      lapsedError: lapsed,
    });

  const acceptances = new sfn.Parallel(scope, 'Ask both parties to accept', {
    resultPath: sfn.JsonPath.DISCARD,
  })
    .branch(answerBranch('commissioner', 'accept-dispatch-commissioner'))
    .branch(answerBranch('enterprise', 'accept-dispatch-enterprise'));
  acceptances.addCatch(backToMatching, { errors: [declined], resultPath: '$.ended' });
  const recordLapse = failures.guard(
    stage.recordStep('Record that the answers came too late', 'lapse', {
      reason: 'not answered before the deadline',
      eventId: eventIdOfThisState,
    }),
  );
  recordLapse.next(backToMatching);
  acceptances.addCatch(recordLapse, { errors: [lapsed], resultPath: '$.ended' });
  failures.guardCatchOnly(acceptances);

  const complete = failures
    .guard(stage.lambdaStep('Complete the dispatch', 'complete', { eventId: eventIdOfThisState }))
    .next(new sfn.Succeed(scope, 'Dispatched'));

  // Human step: the bureau upholds (back to matching) or dismisses the objections.
  const ruling = stage.humanStep({
    kind: 'rule-on-objection',
    resultPath: '$.ruling',
    firstWait: { name: 'Ask the bureau to rule on the objections', timeout: Duration.days(14) },
    afterDeadline: [
      {
        name: 'Escalate the unruled objections',
        level: 'escalation',
        wait: { name: 'Wait for the ruling on the objections', timeout: Duration.days(30) },
      },
    ],
    whenAbandoned: backToMatching,
  });
  ruling.next(
    failures
      .guard(stage.recordDecision('Record the ruling', '$.ruling'))
      .next(
        new sfn.Choice(scope, 'Did the bureau uphold the objections?')
          .when(sfn.Condition.stringEquals('$.ruling.decision', 'uphold'), backToMatching)
          .otherwise(complete),
      ),
  );

  return acceptances
    .next(
      failures.guard(
        stage.lambdaStep(
          'Open the public notice',
          'openNotice',
          { noticeSeconds: noticeLength.toSeconds(), eventId: eventIdOfThisState },
          '$.notice',
        ),
      ),
    )
    .next(
      new sfn.Wait(scope, 'Wait for the public notice to close', {
        time: sfn.WaitTime.timestampPath('$.notice.value.closesAt'),
      }),
    )
    .next(
      failures.guard(
        stage.lambdaStep(
          'Close the public notice',
          'closeNotice',
          { eventId: eventIdOfThisState },
          '$.closing',
        ),
      ),
    )
    .next(
      new sfn.Choice(scope, 'Is an objection standing?')
        .when(sfn.Condition.numberGreaterThan('$.closing.value.standingObjections', 0), ruling.startState)
        .otherwise(complete),
    );
}
