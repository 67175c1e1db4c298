import { type Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Email } from '#infra/email.ts';
import type { Tables } from '#infra/tables.ts';
import { TeamFunction, type TeamFunctionProps } from '#infra/teamFunction.ts';

/** What a stage's task functions are configured with. */
export interface StageEnvironment {
  readonly tables: Tables;
  readonly email: Email;
  /** Linked from emails. */
  readonly consoleUrl: string;
  /** The bureau's mailbox, for escalations and faults. */
  readonly bureauEmail: string;
  /** Whether the functions send X-Ray traces (`TeamFunctionProps.tracing`). */
  readonly functionTracing: boolean;
}

/** A function that runs workflow steps: the console's address and the bureau's mailbox set; tables and email granted by the caller. */
export function stageFunction(
  scope: Construct,
  id: string,
  props: TeamFunctionProps,
  environment: StageEnvironment,
): TeamFunction {
  return new TeamFunction(scope, id, { ...props, tracing: environment.functionTracing })
    .setEnvironment('CONSOLE_URL', environment.consoleUrl)
    .setEnvironment('BUREAU_EMAIL', environment.bureauEmail);
}

/**
 * Lets a task function send email exactly once per event (the email log), in its recipients'
 * language (read from the membership table), through SES or SMTP.
 */
export function emailing(fn: TeamFunction, environment: StageEnvironment): TeamFunction {
  environment.email.allowSending(fn);
  return fn
    .useTable('EMAIL_LOG_TABLE', environment.tables.emailLogTable, 'readWrite')
    .useTable('MEMBERSHIP_TABLE', environment.tables.membershipTable, 'read');
}

/**
 * What the open and nudge steps of a stage's human tasks need: the task table, and email to
 * the assignee. (They read the task's subject too: the stage's own table, granted by the stage.)
 */
export function humanTasks(fn: TeamFunction, environment: StageEnvironment): TeamFunction {
  return emailing(fn, environment).useTable('TASK_TABLE', environment.tables.taskTable, 'readWrite');
}

export interface StageWorkflowProps {
  /** What the stage is, for its alarms' descriptions. */
  readonly description: string;
  /** The state machine's one task function, e.g. `functions/workflow/application.ts`. */
  readonly entry: string;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  readonly environment: StageEnvironment;
  /** Grants the task function what its steps need together, no more. */
  readonly grant: (taskFunction: TeamFunction) => void;
  /** Builds the definition in the workflow's scope; every task runs a step of `taskFunction`. */
  readonly definition: (scope: Construct, taskFunction: lambda.IFunction) => sfn.IChainable;
}

/**
 * One stage as a Standard state machine: every execution event logged, X-Ray tracing.
 * (`Operations.watch` finds it and alarms on its failed, timed-out and aborted executions.)
 */
export class StageWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly description: string;
  readonly taskFunction: TeamFunction;

  constructor(scope: Construct, id: string, props: StageWorkflowProps) {
    super(scope, id);
    this.description = props.description;
    this.taskFunction = stageFunction(
      this,
      'TaskFunction',
      { entry: props.entry, ...(props.timeout ? { timeout: props.timeout } : {}) },
      props.environment,
    );
    props.grant(this.taskFunction);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(props.definition(this, this.taskFunction.function)),
      tracingEnabled: true,
      logs: {
        // The vendedlogs prefix keeps Step Functions from growing the account's one CloudWatch
        // Logs resource policy (5,120 characters) with a statement per log group.
        destination: new logs.LogGroup(this, 'ExecutionLogs', {
          logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-${id}`,
          retention: logs.RetentionDays.ONE_YEAR,
        }),
        level: sfn.LogLevel.ALL,
        // Events, state names and ids only: state data carries task outcomes (who decided, their
        // reasons, a resubmitted form), which stay in the tables, not in logs kept a year.
        includeExecutionData: false,
      },
    });

    const stack = Stack.of(this);
    const logicalId = stack.resolve(
      stack.getLogicalId(this.taskFunction.function.node.defaultChild as lambda.CfnFunction),
    );
    Validations.of(this.stateMachine.role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
      reason: "LambdaInvoke grants the task function's versions (ARN:*); only this workflow's own function",
    });
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing and CloudWatch Logs delivery actions have no resource-level permissions',
    });
  }
}
