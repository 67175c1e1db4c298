import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { applicationSteps } from '#functions/workflow/application.ts';
import type { ApplicationAction } from '#shared/application/states.ts';
import type { EmailTemplate } from '#shared/email/catalogue.ts';
import type { HumanStepProps } from '#workflows/humanStep.ts';
import { StageBuilder } from '#workflows/stageBuilder.ts';

/** How long each human step may take; the defaults suit a bureau that meets weekly. */
export interface ApplicationReviewDeadlines {
  /** @default 14 days, then a reminder and 14 more, then the bureau and 30 more */
  readonly endorsement?: Duration;
  /** @default 14 days, then an escalation and 30 more */
  readonly review?: Duration;
  /** @default 30 days, then a reminder and 14 more */
  readonly resubmission?: Duration;
}

/**
 * The application stage: endorsement by the home institution, review by the bureau,
 * return-and-resubmit loops, expiry when nobody acts, and an admin-retried recovery
 * path for any step that keeps failing. Input: `{ "applicationId": "..." }`.
 */
export function applicationReviewDefinition(
  scope: Construct,
  /** `functions/workflow/application.ts` */
  taskFunction: IFunction,
  deadlines: ApplicationReviewDeadlines = {},
): sfn.IChainable {
  const endorsementWait = deadlines.endorsement ?? Duration.days(14);
  const reviewWait = deadlines.review ?? Duration.days(14);
  const resubmissionWait = deadlines.resubmission ?? Duration.days(30);

  const stage = new StageBuilder<ApplicationAction, typeof applicationSteps>(scope, {
    subjectKey: 'applicationId',
    taskFunction,
    retryKind: 'retry-application',
  });
  const { failures } = stage;
  const recordStep = (name: string, action: ApplicationAction, extra: Record<string, unknown>) =>
    stage.recordStep(name, action, extra);
  const recordDecision = (name: string, outcomePath: string) => stage.recordDecision(name, outcomePath);
  const notify = (name: string, template: EmailTemplate, eventId: string) =>
    stage.lambdaStep(name, 'notify', { template, eventId });
  const humanStep = (props: HumanStepProps) => stage.humanStep(props);

  const expiryEventId = sfn.JsonPath.format('{}:expire', sfn.JsonPath.executionName);
  const expire = failures
    .guard(recordStep('Record that the application expired', 'expire', { eventId: expiryEventId }))
    .next(
      failures
        .guard(notify('Tell the applicant it expired', 'application-expired', expiryEventId))
        .next(new sfn.Succeed(scope, 'Application expired')),
    );

  // Human step: the home institution's research office endorses or declines.
  const endorsement = humanStep({
    kind: 'endorse-application',
    resultPath: '$.endorsement',
    firstWait: { name: 'Ask the institution to endorse', timeout: endorsementWait },
    afterDeadline: [
      {
        name: 'Remind the institution to endorse',
        level: 'reminder',
        wait: { name: 'Wait for the endorsement after the reminder', timeout: endorsementWait },
      },
      {
        name: 'Escalate the endorsement to the bureau',
        level: 'escalation',
        wait: { name: 'Wait for the escalated endorsement', timeout: Duration.days(30) },
      },
    ],
    whenAbandoned: expire,
  });

  // Human step: the bureau approves, rejects or returns the application.
  const review = humanStep({
    kind: 'review-application',
    resultPath: '$.review',
    firstWait: { name: 'Ask the bureau to review', timeout: reviewWait },
    afterDeadline: [
      {
        name: 'Escalate the overdue review',
        level: 'escalation',
        wait: { name: 'Wait for the overdue review', timeout: Duration.days(30) },
      },
    ],
    whenAbandoned: expire,
  });

  // Human step: the applicant edits and resubmits a returned application.
  const resubmission = humanStep({
    kind: 'resubmit-application',
    resultPath: '$.resubmission',
    firstWait: { name: 'Ask the applicant to resubmit', timeout: resubmissionWait },
    afterDeadline: [
      {
        name: 'Remind the applicant to resubmit',
        level: 'reminder',
        wait: { name: 'Wait for the resubmission after the reminder', timeout: Duration.days(14) },
      },
    ],
    whenAbandoned: expire,
  });

  const decided = (path: string, decision: string) =>
    sfn.Condition.stringEquals(`${path}.decision`, decision);
  const reviewEventId = sfn.JsonPath.stringAt('$.review.completionId');

  endorsement.next(
    failures
      .guard(recordDecision('Record the endorsement decision', '$.endorsement'))
      .next(
        new sfn.Choice(scope, 'Did the institution endorse it?')
          .when(decided('$.endorsement', 'endorse'), review.startState)
          .otherwise(
            failures
              .guard(
                notify(
                  'Tell the applicant it was not endorsed',
                  'application-endorsement-declined',
                  sfn.JsonPath.stringAt('$.endorsement.completionId'),
                ),
              )
              .next(new sfn.Succeed(scope, 'Application not endorsed')),
          ),
      ),
  );

  review.next(
    failures.guard(recordDecision('Record the review decision', '$.review')).next(
      new sfn.Choice(scope, 'What did the bureau decide?')
        .when(
          decided('$.review', 'approve'),
          failures
            .guard(notify('Tell the applicant it was approved', 'application-approved', reviewEventId))
            .next(new sfn.Succeed(scope, 'Application approved')),
        )
        .when(
          decided('$.review', 'reject'),
          failures
            .guard(notify('Tell the applicant it was rejected', 'application-rejected', reviewEventId))
            .next(new sfn.Succeed(scope, 'Application rejected')),
        )
        .otherwise(resubmission.startState),
    ),
  );

  resubmission.next(
    failures.guard(recordDecision('Record the resubmission', '$.resubmission')).next(endorsement.startState),
  );

  return endorsement.startState;
}
