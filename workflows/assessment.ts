import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { assessmentSteps } from '#functions/workflow/assessment.ts';
import type { AssessmentAction } from '#shared/assessment/states.ts';
import { eventIdOfThisState, StageBuilder } from '#workflows/stageBuilder.ts';

export interface AssessmentDeadlines {
  /** How long the enterprise has to rate, and again after a reminder. @default 14 days */
  readonly rating?: Duration;
  /** How long the bureau has to grade, and again after an escalation. @default 14 days */
  readonly grading?: Duration;
}

/**
 * One commissioner's annual assessment on one agreement: the enterprise rates, the system
 * scores by the published rubric, the bureau grades; incompetent ends the term early.
 * Input: `{ "assessmentId": "..." }`.
 */
export function assessmentDefinition(
  scope: Construct,
  /** `functions/workflow/assessment.ts` */
  taskFunction: IFunction,
  deadlines: AssessmentDeadlines = {},
): sfn.IChainable {
  const ratingWait = deadlines.rating ?? Duration.days(14);
  const gradingWait = deadlines.grading ?? Duration.days(14);
  const stage = new StageBuilder<AssessmentAction, typeof assessmentSteps>(scope, {
    subjectKey: 'assessmentId',
    taskFunction,
    retryKind: 'retry-assessment',
  });
  const { failures } = stage;

  // A grade is never dropped: the bureau is asked again, with the task's age kept.
  const askGradingAgain = new sfn.Pass(scope, 'Ask for the overdue grade again');
  // Human step: the bureau grades the commissioner, with the score as guidance.
  const grading = stage.humanStep({
    kind: 'grade-commissioner',
    resultPath: '$.grading',
    firstWait: { name: 'Ask the bureau to grade the commissioner', timeout: gradingWait },
    afterDeadline: [
      {
        name: 'Escalate the ungraded assessment',
        level: 'escalation',
        wait: { name: 'Wait for the overdue grade', timeout: gradingWait },
      },
    ],
    whenAbandoned: askGradingAgain,
  });
  askGradingAgain.next(grading.startState);
  grading.next(
    failures.guard(stage.recordDecision('Record the grade', '$.grading')).next(
      new sfn.Choice(scope, 'Was the commissioner graded incompetent?')
        .when(
          sfn.Condition.stringEquals('$.grading.decision', 'incompetent'),
          failures
            .guard(
              stage.lambdaStep('End the agreement early', 'endAgreement', {
                eventId: eventIdOfThisState,
              }),
            )
            .next(new sfn.Succeed(scope, 'Graded; agreement ended early')),
        )
        .otherwise(new sfn.Succeed(scope, 'Graded')),
    ),
  );

  const score = failures
    .guard(stage.lambdaStep('Score the commissioner by the rubric', 'score', { eventId: eventIdOfThisState }))
    .next(grading.startState);

  const ratingLapsed = failures
    .guard(
      stage.recordStep('Record that the enterprise did not rate', 'lapse_rating', {
        reason: 'the enterprise did not rate its commissioner in time',
        eventId: eventIdOfThisState,
      }),
    )
    .next(score);
  // Human step: the enterprise rates its satisfaction with the commissioner, 1 to 5.
  const rating = stage.humanStep({
    kind: 'rate-commissioner',
    resultPath: '$.rating',
    firstWait: { name: 'Ask the enterprise to rate the commissioner', timeout: ratingWait },
    afterDeadline: [
      {
        name: 'Remind the enterprise to rate',
        level: 'reminder',
        wait: { name: 'Wait for the late rating', timeout: ratingWait },
      },
    ],
    whenAbandoned: ratingLapsed,
  });
  rating.next(failures.guard(stage.recordDecision('Record the rating', '$.rating')).next(score));
  return rating.startState;
}
