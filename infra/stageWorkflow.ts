import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Email } from '#infra/email.ts';
import type { Tables } from '#infra/tables.ts';
import { TeamFunction } from '#infra/teamFunction.ts';

/** What a stage's task functions are configured with. */
export interface StageEnvironment {
  readonly tables: Tables;
  readonly email: Email;
  /** Linked from emails. */
  readonly consoleUrl: string;
  /** The bureau's mailbox, for escalations and faults. */
  readonly bureauEmail: string;
}

/** A workflow task function: the console's address and the bureau's mailbox set; tables and email granted by the caller. */
export function stageFunction(
  scope: Construct,
  id: string,
  entry: string,
  environment: StageEnvironment,
): TeamFunction {
  return new TeamFunction(scope, id, { entry })
    .setEnvironment('CONSOLE_URL', environment.consoleUrl)
    .setEnvironment('BUREAU_EMAIL', environment.bureauEmail);
}

/** Lets a task function send email exactly once per event (the email log) through SES. */
export function emailing(fn: TeamFunction, environment: StageEnvironment): TeamFunction {
  return fn
    .useTable('EMAIL_LOG_TABLE', environment.tables.emailLogTable, 'readWrite')
    .useEmailIdentity(environment.email.fromAddress, environment.email.identityName);
}

export interface StageWorkflowProps {
  /** What the stage is, for the alarm's description. */
  readonly description: string;
  /** Builds the definition in the workflow's scope, returning the functions it invokes. */
  readonly build: (scope: Construct) => {
    readonly definition: sfn.IChainable;
    readonly invoked: readonly TeamFunction[];
  };
}

/**
 * One stage as a Standard state machine: full execution logging, X-Ray tracing, and an
 * alarm whenever an execution fails (a fault nobody retried, or a bug).
 */
export class StageWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly failedExecutionsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: StageWorkflowProps) {
    super(scope, id);
    const { definition, invoked } = props.build(this);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'ExecutionLogs', { retention: logs.RetentionDays.ONE_YEAR }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: true,
      },
    });

    const stack = Stack.of(this);
    for (const fn of invoked) {
      const logicalId = stack.resolve(
        stack.getLogicalId(fn.function.node.defaultChild as lambda.CfnFunction),
      );
      Validations.of(this.stateMachine.role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason:
          "LambdaInvoke grants the task function's versions (ARN:*); only the functions this workflow runs",
      });
    }
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing and CloudWatch Logs delivery actions have no resource-level permissions',
    });

    this.failedExecutionsAlarm = new cloudwatch.Alarm(this, 'FailedExecutions', {
      alarmDescription: `A ${props.description} workflow execution failed: a fault nobody retried, or a bug.`,
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
