import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { commendationSteps } from '#functions/workflow/commendation.ts';
import type { RoundAction } from '#shared/commendation/states.ts';
import { eventIdOfThisState, StageBuilder } from '#workflows/stageBuilder.ts';

export interface CommendationRoundDeadlines {
  /** How long the panel has to score, and again after a reminder. @default 14 days */
  readonly scoring?: Duration;
  /** How long the public notice runs before publication. @default 7 days */
  readonly notice?: Duration;
}

/**
 * A year's commendation round, from the bureau's start of scoring: the panel scores (each
 * member never a nominee they have a conflict with), the nominees are ranked by mean score,
 * the bureau approves, a public notice runs, the list is published. Input: `{ "roundId": "..." }`.
 */
export function commendationRoundDefinition(
  scope: Construct,
  /** `functions/workflow/commendation.ts` */
  taskFunction: IFunction,
  deadlines: CommendationRoundDeadlines = {},
): sfn.IChainable {
  const scoringWait = deadlines.scoring ?? Duration.days(14);
  const noticeLength = deadlines.notice ?? Duration.days(7);
  const stage = new StageBuilder<RoundAction, typeof commendationSteps>(scope, {
    subjectKey: 'roundId',
    taskFunction,
    retryKind: 'retry-commendation',
  });
  const { failures } = stage;

  const publish = failures
    .guard(
      stage.lambdaStep(
        'Open the public notice',
        'openNotice',
        { noticeSeconds: noticeLength.toSeconds() },
        '$.notice',
      ),
    )
    .next(
      new sfn.Wait(scope, 'Wait for the public notice to close', {
        time: sfn.WaitTime.timestampPath('$.notice.value.closesAt'),
      }),
    )
    .next(
      failures.guard(
        stage.lambdaStep('Publish the list and tell the commended', 'publish', {
          eventId: eventIdOfThisState,
        }),
      ),
    )
    .next(new sfn.Succeed(scope, 'Commendation list published'));

  // An approval is never dropped: the bureau is asked again, with the task's age kept.
  const askApprovalAgain = new sfn.Pass(scope, 'Ask for the overdue approval again');
  // Human step: the bureau gives final approval to the ranked list, or rejects it with a reason.
  const approval = stage.humanStep({
    kind: 'approve-commendation',
    resultPath: '$.approval',
    firstWait: { name: 'Ask the bureau to approve the list', timeout: Duration.days(14) },
    afterDeadline: [
      {
        name: 'Escalate the unapproved list',
        level: 'escalation',
        wait: { name: 'Wait for the overdue approval', timeout: Duration.days(30) },
      },
    ],
    whenAbandoned: askApprovalAgain,
  });
  askApprovalAgain.next(approval.startState);
  approval.next(
    failures
      .guard(stage.recordDecision("Record the bureau's decision", '$.approval'))
      .next(
        new sfn.Choice(scope, 'Did the bureau approve the list?')
          .when(sfn.Condition.stringEquals('$.approval.decision', 'approve'), publish)
          .otherwise(new sfn.Succeed(scope, 'Round rejected')),
      ),
  );

  const rank = failures
    .guard(
      stage.recordStep('Rank the nominees by mean score', 'close_scoring', { eventId: eventIdOfThisState }),
    )
    .next(approval.startState);

  // Human step: the panel scores; the last expected score completes it (the bureau may close it early).
  const scoring = stage.humanStep({
    kind: 'collect-panel-scores',
    resultPath: '$.scoring',
    firstWait: { name: "Wait for the panel's scores", timeout: scoringWait },
    afterDeadline: [
      {
        name: 'Tell the bureau the scoring is late',
        level: 'escalation',
        followedBy: stage.lambdaStep('Remind the panel members who have not scored', 'remindPanel', {
          deadlineSeconds: scoringWait.toSeconds(),
          eventId: eventIdOfThisState,
        }),
        wait: { name: 'Wait for the last scores', timeout: scoringWait },
      },
    ],
    whenAbandoned: rank,
  });
  scoring.next(
    new sfn.Choice(scope, 'Did the bureau close the scoring early?')
      .when(
        sfn.Condition.and(
          sfn.Condition.isPresent('$.scoring.decision'),
          sfn.Condition.stringEquals('$.scoring.decision', 'close'),
        ),
        failures
          .guard(
            stage.recordStep('Record that the bureau closed the scoring', 'close_scoring', {
              outcome: sfn.JsonPath.objectAt('$.scoring'),
              eventId: sfn.JsonPath.stringAt('$.scoring.completionId'),
            }),
          )
          .next(approval.startState),
      )
      .otherwise(rank),
  );

  return failures
    .guard(stage.recordStep('Record that scoring started', 'start_scoring', { eventId: eventIdOfThisState }))
    .next(
      failures.guard(
        stage.lambdaStep('Ask the panel members to score', 'notifyPanel', {
          deadlineSeconds: scoringWait.toSeconds(),
          eventId: eventIdOfThisState,
        }),
      ),
    )
    .next(
      failures.guard(stage.lambdaStep('Check whether the panel has finished', 'progress', {}, '$.progress')),
    )
    .next(
      new sfn.Choice(scope, 'Has every panel member scored?')
        .when(sfn.Condition.booleanEquals('$.progress.value.complete', true), rank)
        .otherwise(scoring.startState),
    );
}
