import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { ApplicationAction } from '#shared/application/states.ts';
import type { EmailTemplate } from '#shared/email/catalogue.ts';
import { FailureHandling, retryTransientFailures } from '#workflows/failureHandling.ts';
import { HumanStep, type HumanStepProps } from '#workflows/humanStep.ts';

export interface ApplicationReviewFunctions {
  readonly openTask: IFunction;
  readonly nudgeTask: IFunction;
  readonly recordStep: IFunction;
  readonly notifyApplicant: IFunction;
}

/** How long each human step may take; the defaults suit a bureau that meets weekly. */
export interface ApplicationReviewDeadlines {
  /** @default 14 days, then a reminder and 14 more, then the bureau and 30 more */
  readonly endorsement?: Duration;
  /** @default 14 days, then an escalation and 30 more */
  readonly review?: Duration;
  /** @default 30 days, then a reminder and 14 more */
  readonly resubmission?: Duration;
}

const eventIdOfThisState = sfn.JsonPath.format(
  '{}:{}:{}',
  sfn.JsonPath.executionName,
  sfn.JsonPath.stateName,
  sfn.JsonPath.stateEnteredTime,
);

/**
 * The application stage: endorsement by the home institution, review by the bureau,
 * return-and-resubmit loops, expiry when nobody acts, and an admin-retried recovery
 * path for any step that keeps failing. Input: `{ "applicationId": "..." }`.
 */
export function applicationReviewDefinition(
  scope: Construct,
  fns: ApplicationReviewFunctions,
  deadlines: ApplicationReviewDeadlines = {},
): sfn.IChainable {
  const endorsementWait = deadlines.endorsement ?? Duration.days(14);
  const reviewWait = deadlines.review ?? Duration.days(14);
  const resubmissionWait = deadlines.resubmission ?? Duration.days(30);

  const recordStep = (name: string, action: ApplicationAction | string, extra: Record<string, unknown>) =>
    new tasks.LambdaInvoke(scope, name, {
      lambdaFunction: fns.recordStep,
      payload: sfn.TaskInput.fromObject({
        applicationId: sfn.JsonPath.stringAt('$.applicationId'),
        action,
        ...extra,
      }),
      resultSelector: { 'state.$': '$.Payload.state' },
      resultPath: '$.recorded',
      retryOnServiceExceptions: false,
    });
  const recordDecision = (name: string, outcomePath: string) =>
    recordStep(name, sfn.JsonPath.stringAt(`${outcomePath}.decision`), {
      outcome: sfn.JsonPath.objectAt(outcomePath),
      eventId: sfn.JsonPath.stringAt(`${outcomePath}.completionId`),
    });
  const notify = (name: string, template: EmailTemplate, eventId: string) =>
    new tasks.LambdaInvoke(scope, name, {
      lambdaFunction: fns.notifyApplicant,
      payload: sfn.TaskInput.fromObject({
        applicationId: sfn.JsonPath.stringAt('$.applicationId'),
        template,
        eventId,
      }),
      resultPath: sfn.JsonPath.DISCARD,
      retryOnServiceExceptions: false,
    });

  // The recovery path: record the failure, then wait for an admin to retry.
  const recordFailure = recordStep('Record the workflow failure', 'fail', {
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
  const failures = new FailureHandling(scope, recordFailure);
  const context = {
    subjectIdPath: '$.applicationId',
    openTask: fns.openTask,
    nudgeTask: fns.nudgeTask,
    failures,
  };
  const humanStep = (props: HumanStepProps) => new HumanStep(scope, context, props);

  const expiryEventId = sfn.JsonPath.format('{}:expire', sfn.JsonPath.executionName);
  const expire = failures
    .guard(recordStep('Record that the application expired', 'expire', { eventId: expiryEventId }))
    .next(
      failures
        .guard(notify('Tell the applicant it expired', 'application-expired', expiryEventId))
        .next(new sfn.Succeed(scope, 'Application expired')),
    );

  // Human step: the bureau retries a failed step once the fault is fixed.
  const retry = humanStep({
    kind: 'retry-application',
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
  retry.next(failures.guard(recordDecision('Record the retry', '$.retry')).next(failures.resumeChoice()));

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
