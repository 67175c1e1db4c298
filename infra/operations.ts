import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { StageWorkflow } from '#infra/stageWorkflow.ts';
import { overdueTasksMetric } from '#shared/tasks/overdueTasks.ts';

export interface OperationsProps {
  /** Subscribed to the alarms by email when given (it must confirm the subscription). */
  readonly operatorEmail?: string;
}

/** What an alarm needs beyond its metric; every one fires on one bad datapoint in its period. */
export interface OperatorAlarmProps {
  readonly description: string;
  readonly metric: cloudwatch.IMetric;
}

/**
 * What tells the bureau's operators something went wrong: an encrypted SNS topic (and an
 * email subscription), and alarms on it for every state machine's failed, timed-out and
 * aborted executions, for Lambda errors and throttles, and for tasks left past their deadline.
 */
export class Operations extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: OperationsProps = {}) {
    super(scope, id);
    // A customer managed key: CloudWatch cannot publish to a topic under the AWS managed SNS key.
    const key = new kms.Key(this, 'TopicKey', {
      description: "Encrypts the operators' alarm topic",
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Commissioner Workflows alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.operatorEmail) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.operatorEmail));
    }
  }

  /** An alarm in `scope` that notifies the operators when `metric` reaches 1 in a period; no data is fine. */
  alarm(scope: Construct, id: string, props: OperatorAlarmProps): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, id, {
      alarmDescription: props.description,
      metric: props.metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    return alarm;
  }

  /**
   * Alarms on every state machine under `root` (found by walking its constructs, so a new
   * stage is watched without being listed), on Lambda errors and throttles, and on the
   * overdue-task count the daily reminder workflow publishes. Call it once everything is built.
   */
  watch(root: Construct): void {
    const period = Duration.minutes(5);
    for (const machine of root.node.findAll().filter((c) => c instanceof sfn.StateMachine)) {
      // Next to the machine, so the alarm's logical id names its stage (and two machines in one scope do not clash).
      const scope = machine.node.scope ?? machine;
      const name = scope instanceof StageWorkflow ? `${scope.description} workflow` : scope.node.path;
      // One alarm over the three outcomes rather than three alarms: the stack is close to
      // CloudFormation's 500 resources, and the execution history says which outcome it was.
      this.alarm(scope, `${machine.node.id}UnfinishedExecutions`, {
        description: `A ${name} execution failed, timed out or was aborted: a fault nobody retried, a bug, or someone stopped it.`,
        metric: new cloudwatch.MathExpression({
          // An outcome with no datapoint in the period counts as none.
          expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)',
          usingMetrics: {
            failed: machine.metricFailed({ period, statistic: 'Sum' }),
            timedOut: machine.metricTimedOut({ period, statistic: 'Sum' }),
            aborted: machine.metricAborted({ period, statistic: 'Sum' }),
          },
          label: 'Executions failed, timed out or aborted',
          period,
        }),
      });
    }
    // Account-wide sums rather than an alarm per function: some 70 functions would add 140
    // alarms to a stack CloudFormation caps at 500 resources. Lambda publishes these
    // aggregates across every function in the account and Region; the console's per-function
    // graphs say which one.
    this.alarm(this, 'LambdaErrors', {
      description: 'A Lambda function invocation ended in an error (an exception, a timeout, out of memory).',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        period,
        statistic: 'Sum',
      }),
    });
    this.alarm(this, 'LambdaThrottles', {
      description: 'A Lambda function invocation was throttled (concurrency exhausted).',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        period,
        statistic: 'Sum',
      }),
    });
    // The daily reminder workflow publishes one datapoint a day; a day with none (the workflow
    // did not start, or failed before publishing) is the Scheduler's dead-letter alarm's or the
    // workflow's own alarm's to report, not this one's.
    this.alarm(this, 'OverdueTasks', {
      description: 'Tasks are open past their deadline: someone must act on them or reassign them.',
      metric: new cloudwatch.Metric({
        namespace: overdueTasksMetric.namespace,
        metricName: overdueTasksMetric.name,
        period: Duration.days(1),
        statistic: 'Maximum',
      }),
    });
  }
}
