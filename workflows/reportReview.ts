import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { reportSteps } from '#functions/workflow/report.ts';
import { assertStepsFitOneExecution, type ResumableStep } from '#shared/report/executionLifetime.ts';
import type { notifyReport } from '#shared/report/reportWorkflow.ts';
import type { ReportAction } from '#shared/report/states.ts';
import { eventIdOfThisState, StageBuilder } from '#workflows/stageBuilder.ts';

export interface ReportReviewDeadlines {
  /** How long the enterprise has to confirm, and again after a reminder. @default 14 days */
  readonly confirmation?: Duration;
  /** How long the bureau has to review, and again after an escalation. @default 14 days */
  readonly review?: Duration;
  /** How long an overdue report is still awaited, twice, before the period closes unreported. @default 60 days */
  readonly lateReport?: Duration;
}

/**
 * One report period, from the day the clock opens it to its accepted (or waived, or
 * unreported) end: the commissioner submits, the enterprise confirms or disputes, the
 * bureau accepts or returns it. Input: `{ "reportId": "..." }`, and `"resume"` for an
 * execution that takes over from one nearing its year (see `shared/report/executionLifetime.ts`):
 * before each human step the workflow checks the step still ends inside this execution's
 * year, and otherwise hands the period over to a successor that starts at that step.
 */
export function reportReviewDefinition(
  scope: Construct,
  /** `functions/workflow/report.ts` */
  taskFunction: IFunction,
  deadlines: ReportReviewDeadlines = {},
): sfn.IChainable {
  const confirmationWait = deadlines.confirmation ?? Duration.days(14);
  const reviewWait = deadlines.review ?? Duration.days(14);
  const lateWait = deadlines.lateReport ?? Duration.days(60);
  // The longest each fixed human step lasts: its waits and a day for the nudges between them.
  const stepSeconds: Record<Exclude<ResumableStep, 'submission'>, number> = {
    lateReport: 2 * lateWait.toSeconds() + 86_400,
    confirmation: 2 * confirmationWait.toSeconds() + 86_400,
    review: 2 * reviewWait.toSeconds() + 86_400,
  };
  assertStepsFitOneExecution(stepSeconds);
  const stage = new StageBuilder<ReportAction, typeof reportSteps>(scope, {
    subjectKey: 'reportId',
    taskFunction,
    retryKind: 'retry-report',
  });
  const { failures } = stage;
  const notify = (name: string, template: Parameters<typeof notifyReport>[0]['template']) =>
    failures.guard(stage.lambdaStep(name, 'notify', { template, eventId: eventIdOfThisState }));

  const handOvers = new Map<ResumableStep, sfn.IChainable>();
  const handOver = (step: ResumableStep): sfn.IChainable => {
    const existing = handOvers.get(step);
    if (existing) return existing;
    const chain = failures
      .guard(
        // The payload's executionName names the execution handing over.
        stage.lambdaStep(`Hand over to a new execution: ${step}`, 'handOver', {
          resume: step,
          stateMachineArn: sfn.JsonPath.stringAt('$$.StateMachine.Id'),
        }),
      )
      .next(new sfn.Succeed(scope, `Handed over: ${step}`));
    handOvers.set(step, chain);
    return chain;
  };
  /** Goes to `step` if it ends inside this execution's year, else hands the period over. */
  const withinThisExecution = (step: Exclude<ResumableStep, 'submission'>, start: sfn.IChainable) =>
    failures
      .guard(
        stage.lambdaStep(
          `Does the ${step} step fit this execution?`,
          'plan',
          {
            humanStep: step,
            startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
            stepSeconds: stepSeconds[step],
          },
          '$.plan',
        ),
      )
      .next(
        new sfn.Choice(scope, `Hand over before the ${step} step?`)
          .when(sfn.Condition.booleanEquals('$.plan.value.handOver', true), handOver(step))
          .otherwise(start),
      );

  const recordSubmission = failures.guard(
    stage.recordDecision('Record the report or the waiver', '$.submission'),
  );

  const closedUnreported = failures
    .guard(
      stage.recordStep('Record that the period closed unreported', 'close_unreported', {
        reason: 'no report after it fell overdue',
        eventId: eventIdOfThisState,
      }),
    )
    .next(notify('Tell everyone the period closed unreported', 'report-unreported'))
    .next(new sfn.Succeed(scope, 'Period closed unreported'));
  // Human step: the overdue report may still come in, or the bureau waives the period.
  const lateReport = stage.humanStep({
    kind: 'submit-report',
    resultPath: '$.submission',
    firstWait: { name: 'Wait for the overdue report', timeout: lateWait },
    afterDeadline: [
      {
        name: 'Escalate the still-missing report',
        level: 'escalation',
        wait: { name: 'Wait for the overdue report a last time', timeout: lateWait },
      },
    ],
    whenAbandoned: closedUnreported,
  });
  lateReport.next(recordSubmission);
  const lateReportStep = withinThisExecution('lateReport', lateReport.startState);
  const overdue = failures
    .guard(
      stage.recordStep('Record that the report is overdue', 'fall_overdue', { eventId: eventIdOfThisState }),
    )
    .next(notify('Escalate the overdue report to the bureau and the institution', 'report-overdue'))
    .next(lateReportStep);

  // Human step: the commissioner submits (or revises) the report, until it falls overdue; the bureau may waive it.
  const submission = stage.humanStep({
    kind: 'submit-report',
    resultPath: '$.submission',
    firstWait: {
      name: 'Ask the commissioner for the report',
      timeout: { secondsPath: '$.wait.value.seconds' },
    },
    afterDeadline: [],
    // A wait cut short by the execution's year is handed over; one that ran out, overdue.
    whenAbandoned: new sfn.Choice(scope, 'Did the report fall overdue, or this execution near its year?')
      .when(sfn.Condition.booleanEquals('$.wait.value.capped', true), handOver('submission'))
      .otherwise(overdue),
  });
  submission.next(recordSubmission);
  const askForReport = failures
    .guard(
      stage.lambdaStep(
        'Work out how long the commissioner has',
        'plan',
        { humanStep: 'submission', startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime') },
        '$.wait',
      ),
    )
    .next(
      new sfn.Choice(scope, 'Hand over before the submission step?')
        .when(sfn.Condition.booleanEquals('$.wait.value.handOver', true), handOver('submission'))
        .otherwise(submission.startState),
    );

  const accepted = notify('Tell the commissioner the report was accepted', 'report-accepted').next(
    new sfn.Succeed(scope, 'Report accepted'),
  );
  // A review is never dropped: the bureau is asked again, with the task's age kept.
  const askReviewAgain = new sfn.Pass(scope, 'Ask for the overdue review again');
  // Human step: the bureau accepts the confirmed report or returns it for revision.
  const review = stage.humanStep({
    kind: 'review-report',
    resultPath: '$.review',
    firstWait: { name: 'Ask the bureau to review the report', timeout: reviewWait },
    afterDeadline: [
      {
        name: 'Escalate the unreviewed report',
        level: 'escalation',
        wait: { name: 'Wait for the overdue review', timeout: reviewWait },
      },
    ],
    whenAbandoned: askReviewAgain,
  });
  const reviewStep = withinThisExecution('review', review.startState);
  askReviewAgain.next(reviewStep);
  review.next(
    failures
      .guard(stage.recordDecision("Record the bureau's review", '$.review'))
      .next(
        new sfn.Choice(scope, 'Did the bureau accept the report?')
          .when(sfn.Condition.stringEquals('$.review.decision', 'accept'), accepted)
          .otherwise(askForReport),
      ),
  );

  const skipConfirmation = failures
    .guard(
      stage.recordStep('Record that the enterprise did not answer', 'skip_confirmation', {
        reason: 'the enterprise neither confirmed nor disputed the report in time',
        eventId: eventIdOfThisState,
      }),
    )
    .next(reviewStep);
  // Human step: the enterprise confirms the report is accurate, or disputes it with a reason.
  const confirmation = stage.humanStep({
    kind: 'confirm-report',
    resultPath: '$.confirmation',
    firstWait: { name: 'Ask the enterprise to confirm the report', timeout: confirmationWait },
    afterDeadline: [
      {
        name: 'Remind the enterprise to confirm',
        level: 'reminder',
        wait: { name: 'Wait for the late confirmation', timeout: confirmationWait },
      },
    ],
    whenAbandoned: skipConfirmation,
  });
  confirmation.next(
    failures
      .guard(stage.recordDecision("Record the enterprise's answer", '$.confirmation'))
      .next(
        new sfn.Choice(scope, 'Did the enterprise confirm?')
          .when(sfn.Condition.stringEquals('$.confirmation.decision', 'confirm'), reviewStep)
          .otherwise(askForReport),
      ),
  );

  recordSubmission.next(
    new sfn.Choice(scope, 'Was the period waived?')
      .when(
        sfn.Condition.stringEquals('$.submission.decision', 'waive'),
        notify('Tell the commissioner the period was waived', 'report-waived').next(
          new sfn.Succeed(scope, 'Period waived'),
        ),
      )
      .otherwise(withinThisExecution('confirmation', confirmation.startState)),
  );

  const open = failures
    .guard(stage.lambdaStep('Open the report period', 'open', { eventId: eventIdOfThisState }, '$.opened'))
    .next(
      new sfn.Choice(scope, 'Was the period waived before it opened?')
        .when(
          sfn.Condition.stringEquals('$.opened.value.state', 'waived'),
          new sfn.Succeed(scope, 'Period waived before it opened'),
        )
        .otherwise(askForReport),
    );
  // A successor starts at the step its predecessor handed over; the record is already in that step's state.
  return new sfn.Choice(scope, 'Does this execution take over from an earlier one?')
    .when(sfn.Condition.isNotPresent('$.resume'), open)
    .when(sfn.Condition.stringEquals('$.resume', 'submission'), askForReport)
    .when(sfn.Condition.stringEquals('$.resume', 'lateReport'), lateReportStep)
    .when(sfn.Condition.stringEquals('$.resume', 'confirmation'), confirmation.startState)
    .when(sfn.Condition.stringEquals('$.resume', 'review'), review.startState)
    .otherwise(new sfn.Fail(scope, 'Stop: no such step to resume at', { error: 'UnknownResumeStep' }));
}
