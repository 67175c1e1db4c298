import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CfnResource,
  joinedText,
  resourcesOfType,
  type SynthesizedStack,
  synthesizeStack,
} from './synthesizeStack.ts';

interface MetricDataQuery {
  readonly Id: string;
  readonly Expression?: string;
  readonly MetricStat?: {
    readonly Metric: { Namespace: string; MetricName: string; Dimensions?: unknown[] };
    readonly Stat: string;
  };
}

const propertiesOf = (resource: CfnResource): Record<string, unknown> => resource.Properties ?? {};
const environmentOf = (fn: CfnResource): Record<string, unknown> =>
  (propertiesOf(fn).Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
const statementsOf = (policy: CfnResource) =>
  (propertiesOf(policy).PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement;

const onlyKey = (resources: Record<string, CfnResource>): string => {
  const keys = Object.keys(resources);
  expect(keys).toHaveLength(1);
  return keys[0] as string;
};

describe('operations', () => {
  let synthesized: SynthesizedStack;
  let alarms: [string, CfnResource][];
  let topicId: string;

  beforeAll(() => {
    synthesized = synthesizeStack({ operatorEmail: 'ops@example.org' });
    alarms = Object.entries(resourcesOfType(synthesized.template, 'AWS::CloudWatch::Alarm'));
    topicId = onlyKey(resourcesOfType(synthesized.template, 'AWS::SNS::Topic'));
  });

  afterAll(() => synthesized?.dispose());

  describe('the alarm topic', () => {
    it('is encrypted with a rotated key that CloudWatch may use', () => {
      // Arrange
      const topic = resourcesOfType(synthesized.template, 'AWS::SNS::Topic')[topicId];
      const keys = resourcesOfType(synthesized.template, 'AWS::KMS::Key');
      const keyId = onlyKey(keys);
      const keyPolicy = keys[keyId]?.Properties?.KeyPolicy as { Statement: Record<string, unknown>[] };
      const statements = keyPolicy.Statement;

      // Assert
      expect(topic?.Properties?.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(keys[keyId]?.Properties?.EnableKeyRotation).toBe(true);
      expect(statements).toContainEqual(
        expect.objectContaining({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        }),
      );
    });

    it('refuses requests not made over TLS', () => {
      // Arrange
      const policies = Object.values(resourcesOfType(synthesized.template, 'AWS::SNS::TopicPolicy'));

      // Assert
      expect(policies).toContainEqual(
        expect.objectContaining({
          Properties: expect.objectContaining({
            Topics: [{ Ref: topicId }],
            PolicyDocument: expect.objectContaining({
              Statement: expect.arrayContaining([
                expect.objectContaining({
                  Effect: 'Deny',
                  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                }),
              ]),
            }),
          }),
        }),
      );
    });

    it('mails the operator address given in context, and nobody when none is given', () => {
      // Arrange
      const subscriptions = Object.values(resourcesOfType(synthesized.template, 'AWS::SNS::Subscription'));
      const withoutAddress = synthesizeStack();

      try {
        // Assert
        expect(subscriptions).toEqual([
          expect.objectContaining({
            Properties: { Protocol: 'email', Endpoint: 'ops@example.org', TopicArn: { Ref: topicId } },
          }),
        ]);
        expect(resourcesOfType(withoutAddress.template, 'AWS::SNS::Subscription')).toEqual({});
      } finally {
        withoutAddress.dispose();
      }
    });
  });

  describe('alarms', () => {
    it('all notify the operators and stay quiet without data', () => {
      expect(alarms.length).toBeGreaterThan(0);
      for (const [id, alarm] of alarms) {
        expect(alarm.Properties?.AlarmActions, id).toEqual([{ Ref: topicId }]);
        expect(alarm.Properties?.TreatMissingData, id).toBe('notBreaching');
      }
    });

    it("watch each state machine's failed, timed-out and aborted executions", () => {
      // Arrange
      const machines = Object.keys(resourcesOfType(synthesized.template, 'AWS::StepFunctions::StateMachine'));
      expect(machines.length).toBeGreaterThanOrEqual(7);

      for (const machineId of machines) {
        // Act
        const watching = alarms.filter(([, alarm]) =>
          ((alarm.Properties?.Metrics as MetricDataQuery[] | undefined) ?? []).some(
            (query) =>
              JSON.stringify(query.MetricStat?.Metric.Dimensions) ===
              JSON.stringify([{ Name: 'StateMachineArn', Value: { Ref: machineId } }]),
          ),
        );

        // Assert
        expect(watching, machineId).toHaveLength(1);
        const queries = watching[0]?.[1].Properties?.Metrics as MetricDataQuery[];
        const metrics = queries.filter((query) => query.MetricStat);
        expect(metrics.map((query) => query.MetricStat?.Metric.MetricName).sort(), machineId).toEqual([
          'ExecutionsAborted',
          'ExecutionsFailed',
          'ExecutionsTimedOut',
        ]);
        for (const query of metrics) expect(query.MetricStat?.Stat).toBe('Sum');
        const expression = queries.find((query) => query.Expression)?.Expression ?? '';
        for (const query of metrics) expect(expression, machineId).toContain(`FILL(${query.Id}, 0)`);
        expect(watching[0]?.[1].Properties).toMatchObject({
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      }
    });

    it('watch Lambda errors and throttles across every function', () => {
      for (const metricName of ['Errors', 'Throttles']) {
        expect(
          alarms.map(([, alarm]) => alarm.Properties),
          metricName,
        ).toContainEqual(
          expect.objectContaining({
            Namespace: 'AWS/Lambda',
            MetricName: metricName,
            Statistic: 'Sum',
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          }),
        );
      }
    });

    it('watch the overdue-task count the daily job publishes, daily', () => {
      expect(alarms.map(([, alarm]) => alarm.Properties)).toContainEqual(
        expect.objectContaining({
          Namespace: 'CommissionerWorkflows',
          MetricName: 'OverdueTasks',
          Statistic: 'Maximum',
          Period: 86_400,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
        }),
      );
    });

    it('watch the Scheduler dead-letter queue for any message', () => {
      // Arrange
      const queueId = onlyKey(resourcesOfType(synthesized.template, 'AWS::SQS::Queue'));

      // Assert
      expect(alarms.map(([, alarm]) => alarm.Properties)).toContainEqual(
        expect.objectContaining({
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
          Threshold: 1,
        }),
      );
    });
  });

  describe('the daily job', () => {
    it('may query the open-task index it counts overdue tasks from', () => {
      // Arrange
      const functions = resourcesOfType(synthesized.template, 'AWS::Lambda::Function');
      const found = Object.entries(functions).find(
        ([, fn]) => fn.Metadata?.['commissioner:entry'] === 'functions/workflow/dailyReminders.ts',
      );
      if (!found) throw new Error('The template has no overdue-task count');
      const [jobId, job] = found;
      const role = (propertiesOf(job).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const statements = Object.values(resourcesOfType(synthesized.template, 'AWS::IAM::Policy'))
        .filter((policy) => JSON.stringify(policy.Properties?.Roles) === JSON.stringify([{ Ref: role }]))
        .flatMap(statementsOf);

      // Assert
      expect(environmentOf(job).TASK_TABLE, jobId).toBeDefined();
      expect(JSON.stringify(statements)).toContain('/index/openByAge');
    });
  });

  describe('EventBridge Scheduler', () => {
    let queueId: string;

    beforeAll(() => {
      queueId = onlyKey(resourcesOfType(synthesized.template, 'AWS::SQS::Queue'));
    });

    it('has a dead-letter queue that is encrypted and refuses requests not made over TLS', () => {
      // Arrange
      const queue = resourcesOfType(synthesized.template, 'AWS::SQS::Queue')[queueId];
      const policies = Object.values(resourcesOfType(synthesized.template, 'AWS::SQS::QueuePolicy'));

      // Assert
      expect(queue?.Properties?.SqsManagedSseEnabled).toBe(true);
      expect(policies).toContainEqual(
        expect.objectContaining({
          Properties: expect.objectContaining({
            Queues: [{ Ref: queueId }],
            PolicyDocument: expect.objectContaining({
              Statement: expect.arrayContaining([
                expect.objectContaining({
                  Effect: 'Deny',
                  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                }),
              ]),
            }),
          }),
        }),
      );
    });

    it('gives every schedule in the template a retry policy and the dead-letter queue', () => {
      // Arrange
      const schedules = Object.entries(resourcesOfType(synthesized.template, 'AWS::Scheduler::Schedule'));
      expect(schedules.length).toBeGreaterThan(0);

      for (const [id, schedule] of schedules) {
        // Assert
        expect(schedule.Properties?.Target, id).toMatchObject({
          RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86_400 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        });
      }
    });

    it("lets the Scheduler's role send to the queue, and nothing else on it", () => {
      // Arrange
      const statements = Object.values(resourcesOfType(synthesized.template, 'AWS::IAM::Policy')).flatMap(
        statementsOf,
      );

      // Act
      const onQueue = statements.filter(
        (statement) =>
          JSON.stringify(statement.Resource) === JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] }),
      );

      // Assert
      expect(onQueue.map((statement) => statement.Action)).toEqual(['sqs:SendMessage']);
    });

    it('names the queue to every function that creates schedules at run time', () => {
      // Arrange
      const functions = Object.entries(resourcesOfType(synthesized.template, 'AWS::Lambda::Function'));
      const creatingSchedules = functions.filter(
        ([, fn]) => environmentOf(fn).OPEN_PERIOD_FUNCTION_ARN !== undefined,
      );
      expect(creatingSchedules.length).toBeGreaterThanOrEqual(2);

      for (const [id, fn] of creatingSchedules) {
        // Assert
        expect(environmentOf(fn).SCHEDULER_DEAD_LETTER_QUEUE_ARN, id).toEqual({
          'Fn::GetAtt': [queueId, 'Arn'],
        });
      }
    });
  });

  describe('Step Functions logs', () => {
    it('go to log groups under /aws/vendedlogs/states/, without execution data', () => {
      // Arrange
      const machines = Object.entries(
        resourcesOfType(synthesized.template, 'AWS::StepFunctions::StateMachine'),
      );
      const logGroups = resourcesOfType(synthesized.template, 'AWS::Logs::LogGroup');

      for (const [id, machine] of machines) {
        // Act
        const logging = machine.Properties?.LoggingConfiguration as {
          IncludeExecutionData: boolean;
          Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string, string] } } }[];
        };
        const groupId = logging.Destinations[0]?.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0] ?? '';
        const name = joinedText(logGroups[groupId]?.Properties?.LogGroupName, 'STACK');

        // Assert
        expect(logging.IncludeExecutionData, id).toBe(false);
        expect(name, id).toMatch(/^\/aws\/vendedlogs\/states\/\S+$/);
      }
    });
  });
});
