import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { nagEnvironment } from '#infra/nagFindings.ts';
import type { Operations } from '#infra/operations.ts';
import type { TeamFunction } from '#infra/teamFunction.ts';
import { chinaTimeZone } from '#shared/chinaTime.ts';

export interface SchedulingProps {
  /** What the one-time schedules run: the function that opens a report period. */
  readonly target: TeamFunction;
  /**
   * What runs every day: the workflow that sends the day's report reminders, page by page, and
   * publishes the overdue-task count. Scheduler starts an execution of it (its templated
   * StartExecution target).
   */
  readonly dailyWorkflow: sfn.IStateMachine;
  /** The daily workflow's function that chases reports by the reminder policy. */
  readonly reminderSender: TeamFunction;
  /** @default 'cron(0 9 * * ? *)', 09:00 in China */
  readonly dailyAt?: string;
  /** Days before a report's due date to remind its commissioner on (0: the due date). @default [7, 1, 0] */
  readonly reminderDaysBefore?: readonly number[];
  /** Days after its due date an unsubmitted report falls overdue and is escalated. @default 14 */
  readonly overdueAfterDays?: number;
  /** Alarms when a schedule gives up on its target. */
  readonly operations: Operations;
}

/**
 * How long Scheduler keeps retrying a target that fails before it gives the event to the
 * dead-letter queue: the one-time and the daily schedules alike.
 */
const schedulerRetryPolicy = { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 86_400 } as const;

/**
 * The clock: EventBridge Scheduler one-time schedules in their own group, run by a role
 * that may invoke only the target function and start only the daily reminder workflow; with the
 * programme's reminder policy, which every function that writes or chases periods reads.
 * An event whose target still fails after the retries goes to a dead-letter queue, which
 * alarms the operators instead of being dropped.
 * (The embedded runtime serves the same Scheduler calls and fires them on its advanceable clock.)
 */
export class Scheduling extends Construct {
  readonly group: scheduler.CfnScheduleGroup;
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: SchedulingProps,
  ) {
    super(scope, id);
    this.group = new scheduler.CfnScheduleGroup(this, 'Group', {});
    this.role = new iam.Role(this, 'InvokeRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // SQS's longest: time to read what failed and replay it by hand.
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        "It is the dead-letter queue of the Scheduler's targets (Scheduler names it per schedule, not by a redrive policy)",
    });
    // Only SendMessage, on this queue: what Scheduler's documentation asks of the role.
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    );
    props.operations.alarm(this, 'DeadLetters', {
      description:
        'A schedule gave up on its target after its retries (a report period did not open, or the daily reminders did not run); the event is in the dead-letter queue.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
    });
    const stack = Stack.of(this);
    props.target.function.grantInvoke(this.role);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${stack.resolve(stack.getLogicalId(props.target.function.node.defaultChild as CfnElement))}.Arn>:*]`,
      reason: "Invoking the scheduled function's versions (ARN:*); the role may invoke nothing else",
    });
    // StartExecution on this one state machine: what Scheduler's templated Step Functions target needs.
    props.dailyWorkflow.grantStartExecution(this.role);
    this.useReminderPolicy(props.reminderSender);
    new scheduler.CfnSchedule(this, 'DailyReminders', {
      groupName: this.group.ref,
      description: 'Reminds commissioners of reports falling due before the due date and on it',
      scheduleExpression: props.dailyAt ?? 'cron(0 9 * * ? *)',
      scheduleExpressionTimezone: chinaTimeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        // A state machine's ARN is Scheduler's templated target for Step Functions StartExecution;
        // the input becomes the execution's input. Scheduler counts the occurrence delivered once
        // the execution has started: a run that fails later is the state machine's alarm's to report.
        arn: props.dailyWorkflow.stateMachineArn,
        roleArn: this.role.roleArn,
        // The workflow works out its day from when the run was meant to be, so a late run still chases the right reports.
        input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        retryPolicy: schedulerRetryPolicy,
        deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      },
    });
  }

  /** The programme's reminder policy, as the variables `reminderPolicyFrom` reads. */
  private useReminderPolicy(fn: TeamFunction): void {
    if (this.props.reminderDaysBefore) {
      fn.setEnvironment('REMINDER_DAYS_BEFORE', this.props.reminderDaysBefore.join(','));
    }
    if (this.props.overdueAfterDays !== undefined) {
      fn.setEnvironment('OVERDUE_AFTER_DAYS', String(this.props.overdueAfterDays));
    }
  }

  /**
   * Lets `fn` create and delete the group's schedules (and hand them the invoke role), with
   * the variables it needs and the reminder policy its periods' overdue dates follow. It
   * names the dead-letter queue in each schedule but needs no access to it: Scheduler's role
   * sends there.
   */
  allowScheduling(fn: TeamFunction): void {
    this.useReminderPolicy(fn);
    fn.setEnvironment('SCHEDULER_ROLE_ARN', this.role.roleArn)
      .setEnvironment('OPEN_PERIOD_FUNCTION_ARN', this.props.target.function.functionArn)
      .setEnvironment('SCHEDULER_DEAD_LETTER_QUEUE_ARN', this.deadLetterQueue.queueArn);
    this.grantOnSchedules(fn, ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [this.role.roleArn] }),
    );
  }

  /** Lets `fn` only delete the group's schedules: withdrawing periods that will not open. */
  allowUnscheduling(fn: TeamFunction): void {
    this.grantOnSchedules(fn, ['scheduler:DeleteSchedule']);
  }

  private grantOnSchedules(fn: TeamFunction, actions: string[]): void {
    const groupName = this.group.ref;
    fn.setEnvironment('SCHEDULE_GROUP', groupName);
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions,
        resources: [
          Stack.of(this).formatArn({
            service: 'scheduler',
            resource: 'schedule',
            resourceName: `${groupName}/*`,
          }),
        ],
      }),
    );
    const stack = Stack.of(this);
    const { region, account } = nagEnvironment(stack);
    Validations.of(fn).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${region}:${account}:schedule/<${stack.resolve(stack.getLogicalId(this.group))}>/*]`,
      reason:
        'One schedule per report period, named when the agreement activates, its cadence changes, it ends early or a period is waived; limited to this group',
    });
  }
}
