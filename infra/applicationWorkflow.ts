import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Email } from '#infra/email.ts';
import type { Tables } from '#infra/tables.ts';
import { TeamFunction } from '#infra/teamFunction.ts';
import {
  type ApplicationReviewDeadlines,
  applicationReviewDefinition,
} from '#workflows/applicationReview.ts';

export interface ApplicationWorkflowProps {
  readonly tables: Tables;
  readonly email: Email;
  /** Linked from emails. */
  readonly consoleUrl: string;
  /** The bureau's mailbox, for escalations and faults. */
  readonly bureauEmail: string;
  /** @default the workflow's own defaults */
  readonly deadlines?: ApplicationReviewDeadlines;
}

/**
 * The application stage as a Standard state machine, with its task functions, full
 * execution logging, X-Ray tracing, and an alarm whenever an execution fails.
 */
export class ApplicationWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly failedExecutionsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ApplicationWorkflowProps) {
    super(scope, id);
    const { tables } = props;
    const stepFunction = (name: string, entry: string) =>
      new TeamFunction(this, name, { entry })
        .useTable('APPLICATION_TABLE', tables.applicationTable, 'read')
        .setEnvironment('CONSOLE_URL', props.consoleUrl)
        .setEnvironment('BUREAU_EMAIL', props.bureauEmail);
    const emailing = (fn: TeamFunction) =>
      fn
        .useTable('EMAIL_LOG_TABLE', tables.emailLogTable, 'readWrite')
        .useEmailIdentity(props.email.fromAddress, props.email.identityName);

    const openTask = emailing(stepFunction('OpenTask', 'functions/workflow/openTask.ts')).useTable(
      'TASK_TABLE',
      tables.taskTable,
      'readWrite',
    );
    const nudgeTask = emailing(stepFunction('NudgeTask', 'functions/workflow/nudgeTask.ts')).useTable(
      'TASK_TABLE',
      tables.taskTable,
      'readWrite',
    );
    const recordStep = stepFunction('RecordStep', 'functions/workflow/recordApplicationStep.ts').useTable(
      'APPLICATION_TABLE',
      tables.applicationTable,
      'readWrite',
    );
    const notifyApplicant = emailing(
      stepFunction('NotifyApplicant', 'functions/workflow/notifyApplicant.ts'),
    );

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(
        applicationReviewDefinition(
          this,
          {
            openTask: openTask.function,
            nudgeTask: nudgeTask.function,
            recordStep: recordStep.function,
            notifyApplicant: notifyApplicant.function,
          },
          props.deadlines,
        ),
      ),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'ExecutionLogs', { retention: logs.RetentionDays.ONE_YEAR }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: true,
      },
    });

    const invokedFunctions = [openTask, nudgeTask, recordStep, notifyApplicant];
    for (const fn of invokedFunctions) {
      const logicalId = Stack.of(this).getLogicalId(fn.function.node.defaultChild as lambda.CfnFunction);
      Validations.of(this.stateMachine.role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(this).resolve(logicalId)}.Arn>:*]`,
        reason:
          "LambdaInvoke grants the task function's versions (ARN:*); only this workflow's own functions",
      });
    }
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing and CloudWatch Logs delivery actions have no resource-level permissions',
    });

    this.failedExecutionsAlarm = new cloudwatch.Alarm(this, 'FailedExecutions', {
      alarmDescription: 'An application workflow execution failed: a fault nobody retried, or a bug.',
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
