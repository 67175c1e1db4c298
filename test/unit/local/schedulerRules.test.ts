import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { afterEach, expect, it } from 'vitest';
import { localArn } from '#local/cloudFormation.ts';
import { LocalScheduler } from '#local/localScheduler.ts';

/** 2027-03-01 10:00:30 China time. */
let clock = new Date('2027-03-01T02:00:30Z');
let scheduler: LocalScheduler | undefined;
let client: SchedulerClient | undefined;

afterEach(async () => {
  client?.destroy();
  await scheduler?.close();
  clock = new Date('2027-03-01T02:00:30Z');
});

async function start(
  invoke: (targetArn: string, input: unknown) => Promise<unknown> = async () => undefined,
) {
  scheduler = new LocalScheduler(undefined, invoke, () => clock);
  client = new SchedulerClient({
    endpoint: await scheduler.listen(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { scheduler, client };
}

function oneTime(
  at: string,
  target: Partial<CreateScheduleCommandInput['Target']> = {},
): CreateScheduleCommandInput {
  return {
    Name: `open-${at}`,
    GroupName: 'periods',
    ScheduleExpression: `at(${at})`,
    ScheduleExpressionTimezone: 'Asia/Shanghai',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: 'arn:aws:lambda:us-east-1:000000000000:function:open',
      RoleArn: 'arn:aws:iam::000000000000:role/scheduler',
      Input: '{}',
      ...target,
    },
  };
}

it('refuses a one-time schedule whose minute has passed, with ValidationException', async () => {
  const { client, scheduler } = await start();
  await expect(client.send(new CreateScheduleCommand(oneTime('2027-03-01T09:59:00')))).rejects.toMatchObject({
    name: 'ValidationException',
  });
  await expect(client.send(new CreateScheduleCommand(oneTime('2027-02-28T00:00:00')))).rejects.toMatchObject({
    name: 'ValidationException',
  });
  expect(scheduler.list()).toEqual([]);
});

it('takes an at() in the current minute, and fires it in that minute, whatever its seconds say', async () => {
  const fired: unknown[] = [];
  const { client, scheduler } = await start(async (_arn, input) => fired.push(input));
  await client.send(new CreateScheduleCommand(oneTime('2027-03-01T10:00:00')));
  await client.send(new CreateScheduleCommand(oneTime('2027-03-01T10:01:45')));
  expect(scheduler.list().map((schedule) => schedule.dueAt)).toEqual([
    '2027-03-01T02:00:00.000Z',
    '2027-03-01T02:01:00.000Z',
  ]);
  await scheduler.fireDue();
  expect(fired).toHaveLength(1);
  clock = new Date('2027-03-01T02:01:00Z');
  await scheduler.fireDue();
  expect(fired).toHaveLength(2);
});

it('validates RetryPolicy and DeadLetterConfig as AWS does', async () => {
  const { client, scheduler } = await start();
  const refused = async (target: Partial<CreateScheduleCommandInput['Target']>, at: string) =>
    client.send(new CreateScheduleCommand(oneTime('2027-03-02T00:00:00', target))).then(
      () => expect.unreachable(),
      (error: Error) => {
        expect(error.name).toBe('ValidationException');
        expect(error.message).toContain(at);
      },
    );
  await refused({ RetryPolicy: { MaximumRetryAttempts: 186 } }, "'target.retryPolicy.maximumRetryAttempts'");
  await refused({ RetryPolicy: { MaximumRetryAttempts: -1 } }, "'target.retryPolicy.maximumRetryAttempts'");
  await refused(
    { RetryPolicy: { MaximumEventAgeInSeconds: 59 } },
    "'target.retryPolicy.maximumEventAgeInSeconds'",
  );
  await refused(
    { RetryPolicy: { MaximumEventAgeInSeconds: 86_401 } },
    "'target.retryPolicy.maximumEventAgeInSeconds'",
  );
  await refused(
    { DeadLetterConfig: { Arn: 'arn:aws:sns:us-east-1:000000000000:topic' } },
    "'target.deadLetterConfig.arn'",
  );
  expect(scheduler.list()).toEqual([]);

  await client.send(
    new CreateScheduleCommand(
      oneTime('2027-03-02T00:00:00', {
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
        DeadLetterConfig: { Arn: 'arn:aws-cn:sqs:cn-north-1:000000000000:schedule-dlq' },
      }),
    ),
  );
  expect(scheduler.list()).toHaveLength(1);

  // A queue of the template, as the embedded runtime names it, is such a queue.
  await client.send(
    new CreateScheduleCommand(
      oneTime('2027-03-03T00:00:00', {
        DeadLetterConfig: { Arn: localArn('AWS::SQS::Queue', 'ScheduleDeadLetters') },
      }),
    ),
  );
  expect(scheduler.list()).toHaveLength(2);
});

it('keeps an occurrence whose target still fails after its retries, backing off between them, in the dead-letter list', async () => {
  let calls = 0;
  const { client, scheduler } = await start(async () => {
    calls += 1;
    throw new Error('target down');
  });
  const dlq = 'arn:aws:sqs:us-east-1:000000000000:schedule-dlq';
  await client.send(
    new CreateScheduleCommand(
      oneTime('2027-03-01T10:01:00', {
        RetryPolicy: { MaximumRetryAttempts: 2 },
        DeadLetterConfig: { Arn: dlq },
      }),
    ),
  );
  clock = new Date('2027-03-01T02:01:00Z');
  await scheduler.fireDue();
  await scheduler.fireDue();
  expect(calls).toBe(1);
  clock = new Date('2027-03-01T02:01:01Z');
  await scheduler.fireDue();
  expect(calls).toBe(2);
  clock = new Date('2027-03-01T02:01:02Z');
  await scheduler.fireDue();
  expect(calls).toBe(2);
  expect(scheduler.listDeadLetters()).toEqual([]);
  expect(scheduler.list()).toHaveLength(1);

  clock = new Date('2027-03-01T02:01:03Z');
  await scheduler.fireDue();
  expect(calls).toBe(3);
  expect(scheduler.list()).toEqual([]);
  expect(scheduler.listDeadLetters()).toEqual([
    expect.objectContaining({
      schedule: 'open-2027-03-01T10:01:00',
      scheduledTime: '2027-03-01T02:01:00.000Z',
      attempts: 3,
      lastError: 'Error: target down',
      deadLetterArn: dlq,
    }),
  ]);
});

it('drops an occurrence once it is older than MaximumEventAgeInSeconds, however few attempts it had', async () => {
  const { client, scheduler } = await start(async () => {
    throw new Error('target down');
  });
  await client.send(
    new CreateScheduleCommand(
      oneTime('2027-03-01T10:01:00', { RetryPolicy: { MaximumEventAgeInSeconds: 60 } }),
    ),
  );
  clock = new Date('2027-03-01T02:01:00Z');
  await scheduler.fireDue();
  expect(scheduler.listDeadLetters()).toEqual([]);
  clock = new Date('2027-03-01T02:02:00Z');
  await scheduler.fireDue();
  expect(scheduler.listDeadLetters()).toEqual([expect.objectContaining({ attempts: 2 })]);
  expect(scheduler.list()).toEqual([]);
});

it("gives a template's recurring schedule its RetryPolicy and dead-letter queue, also when registered again", async () => {
  const { scheduler } = await start(async () => {
    throw new Error('job down');
  });
  const daily = {
    name: 'DailyReminders',
    group: 'commissioner',
    expression: 'cron(0 9 * * ? *)',
    timeZone: 'Asia/Shanghai',
    targetArn: 'arn:aws:lambda:us-east-1:000000000000:function:reminders',
    input: '{}',
  };
  const dlq = 'arn:aws:sqs:us-east-1:000000000000:schedule-dlq';
  await scheduler.registerRecurring(daily);
  await scheduler.registerRecurring({
    ...daily,
    retryPolicy: { MaximumRetryAttempts: 0 },
    deadLetterArn: dlq,
  });
  expect(scheduler.list()).toHaveLength(1);
  clock = new Date('2027-03-02T01:00:00Z');
  await scheduler.fireDue();
  expect(scheduler.listDeadLetters()).toEqual([
    expect.objectContaining({ schedule: 'DailyReminders', attempts: 1, deadLetterArn: dlq }),
  ]);
  // The day's occurrence is given up; the schedule itself comes round again tomorrow.
  expect(scheduler.list()).toHaveLength(1);
});
