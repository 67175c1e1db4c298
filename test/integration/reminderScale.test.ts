import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type ExecutionListItem,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEmail } from '#local/outbox.ts';
import { ApiClient, addDays } from '#test/support/apiClient.ts';
import { eventually } from '#test/support/eventually.ts';
import { executionHistory } from '#test/support/executionHistory.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/*
 * A day on which thousands of reports fall due at once, seeded straight into the runtime's
 * DynamoDB: the clock reaches the day's 09:00, EventBridge Scheduler starts the daily
 * reminder workflow, which pages through them, and every commissioner gets exactly one
 * reminder, in one run whose history stays far under Step Functions' 25,000 events. First, a
 * run whose page keeps failing: it fails where the operators see it, and a new run with its
 * input sends the reminders it did not.
 */

/**
 * Emails are the cost here (a claim, an SES call and a write each): 10,000 took 194 s on a
 * 2-core machine running five other runtimes (103 pages, 736 history events, before a page
 * filled up across dates), so CI runs half
 * that. The history is seven events a page whatever a page holds, so 10,000 reports in a day
 * are some 100 pages and 750 events, and the 25,000 limit is some 3,500 pages (350,000 reports) away.
 */
const dueOnOneDay = 5_000;
/** Due on a date the day does not chase, or already submitted: no reminder. */
const notChased = 300;

let runtime: RuntimeProcess;
let api: ApiClient;
let dynamo: DynamoDBDocumentClient;
let sfn: SFNClient;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

async function tableNamed(part: string): Promise<string> {
  const { TableNames = [] } = await new DynamoDBClient({
    endpoint: runtime.endpoints.dynamodb,
    region: 'us-east-1',
    credentials,
  }).send(new ListTablesCommand({}));
  const name = TableNames.find((table) => table.includes(part));
  if (!name) throw new Error(`No ${part} among ${TableNames.join(', ')}`);
  return name;
}

/** A report as the report table holds it, with the attributes its indexes key on. */
function reportItem(index: number, due: string, state: 'open' | 'submitted') {
  const id = `scale-${String(index).padStart(5, '0')}.period-1`;
  const at = '2026-01-01T00:00:00.000Z';
  return {
    id,
    agreementId: `scale-${String(index).padStart(5, '0')}`,
    index: 1,
    start: addDays(due, -91),
    end: addDays(due, -1),
    due,
    state,
    version: 1,
    auditPages: 0,
    recentAudit: [],
    commissioner: { sub: `commissioner-${index}`, name: `特派员${index}`, email: `c-${index}@example.com` },
    institution: { name: `规模院所${index % 50}`, email: `office-${index % 50}@example.edu.cn` },
    enterprise: { name: `规模企业${index}`, email: `enterprise-${index}@example.com` },
    overdueAfterDays: 14,
    overdueAt: new Date(`${addDays(due, 15)}T00:00:00+08:00`).toISOString(),
    versions: [],
    createdAt: at,
    updatedAt: at,
    // The sparse index's key: only reports awaiting their submission carry it.
    ...(state === 'open' ? { awaitingDue: due } : {}),
  };
}

async function seedReports(items: ReturnType<typeof reportItem>[]): Promise<void> {
  const table = await tableNamed('ReportTable');
  const writeBatch = async (batch: typeof items) => {
    let pending: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
    while (pending && pending.length > 0) {
      const written: BatchWriteCommandOutput = await dynamo.send(
        new BatchWriteCommand({ RequestItems: { [table]: pending } }),
      );
      pending = written.UnprocessedItems?.[table];
    }
  };
  const batches: (typeof items)[] = [];
  for (let from = 0; from < items.length; from += 25) batches.push(items.slice(from, from + 25));
  for (let from = 0; from < batches.length; from += 8) {
    await Promise.all(batches.slice(from, from + 8).map(writeBatch));
  }
}

async function reminderRuns(): Promise<ExecutionListItem[]> {
  const found: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListExecutionsCommand({ nextToken }));
    found.push(
      ...(page.executions ?? []).filter((one) => one.stateMachineArn?.includes(':DailyReminderWorkflow')),
    );
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

async function described(executionArn: string | undefined): Promise<DescribeExecutionCommandOutput> {
  return sfn.send(new DescribeExecutionCommand({ executionArn }));
}

/** How many emails the outbox holds for each address. */
async function emailsPerAddress(): Promise<Map<string, number>> {
  const outbox = (await api.request<{ items: OutboxEmail[] }>('GET', '/local/outbox')).body.items;
  const perAddress = new Map<string, number>();
  for (const email of outbox) {
    for (const address of email.to) perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
  }
  return perAddress;
}

beforeAll(async () => {
  runtime = await startRuntimeProcess(await freshDataDir());
  api = new ApiClient(runtime.url);
  dynamo = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, region: 'us-east-1', credentials }),
  );
  sfn = new SFNClient({ endpoint: runtime.endpoints.stepFunctions, region: 'us-east-1', credentials });
}, 300_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('a page of reminders that keeps failing', () => {
  it('fails the run where the operators see it, after publishing the overdue count; a new run with its input sends what was missing, once', async () => {
    // Today's run chases reports due in a week; tomorrow's (below) does not.
    const due = addDays(await api.clockDay(), 7);
    const failing = 150;
    const first = 90_000;
    await seedReports(Array.from({ length: failing }, (_, index) => reportItem(first + index, due, 'open')));
    const addresses = Array.from({ length: failing }, (_, index) => `c-${first + index}@example.com`);
    // The first page's attempt and its three retries (a transient error: anything else is not retried).
    const fault = await api.request('POST', '/local/faults', {
      body: {
        state: 'Send the reminders of a page of due reports',
        times: 4,
        error: 'Lambda.ServiceException',
      },
    });
    expect(fault.status).toBe(200);
    const schedules = (await api.request('GET', '/local/schedules')).body.items as {
      name: string;
      expression: string;
    }[];
    const daily = schedules.find((schedule) => schedule.expression.startsWith('cron('));
    const ran = await api.request('POST', '/local/schedules/run', { body: { name: daily?.name } });
    // Scheduler's part succeeded: the execution started (nothing for its dead-letter queue).
    expect(ran.status, JSON.stringify(ran.body)).toBe(200);

    const [started] = await reminderRuns();
    const failed = await eventually(
      'the run whose page kept failing',
      () => described(started?.executionArn),
      (execution) => execution.status !== 'RUNNING',
      120_000,
    );
    expect([failed.status, failed.error]).toEqual(['FAILED', 'RemindersFailed']);
    const events = await executionHistory(sfn, failed.executionArn ?? '');
    expect(
      events.filter((event) => event.stateExitedEventDetails?.name === 'Publish how many tasks are overdue'),
    ).toHaveLength(1);
    const before = await emailsPerAddress();
    expect(addresses.filter((address) => before.has(address))).toEqual([]);
    expect((await api.request('GET', '/local/schedules/dead-letters')).body.items).toEqual([]);

    // What the operators do: a new execution with the failed one's input.
    const rerun = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: failed.stateMachineArn, input: failed.input }),
    );
    const recovered = await eventually(
      'the new run',
      () => described(rerun.executionArn),
      (execution) => execution.status !== 'RUNNING',
      120_000,
    );
    expect(recovered.status, recovered.cause).toBe('SUCCEEDED');
    expect(JSON.parse(recovered.output ?? '{}').position).toMatchObject({ read: failing, sent: failing });
    const after = await emailsPerAddress();
    expect(addresses.filter((address) => after.get(address) !== 1)).toEqual([]);
  }, 300_000);
});

describe(`a day with ${dueOnOneDay} reports falling due`, () => {
  it('reminds every commissioner exactly once, in one run far under the history limit', async () => {
    // The run at 09:00 tomorrow chases the reports due a week later (and tomorrow, and the day after).
    const day = addDays(await api.clockDay(), 1);
    const due = addDays(day, 7);
    const seeding = Date.now();
    await seedReports([
      ...Array.from({ length: dueOnOneDay }, (_, index) => reportItem(index, due, 'open')),
      ...Array.from({ length: notChased }, (_, index) =>
        index % 2 === 0
          ? reportItem(dueOnOneDay + index, addDays(day, 2), 'open')
          : reportItem(dueOnOneDay + index, due, 'submitted'),
      ),
    ]);
    const seeded = Date.now();

    // The clock answers once the day's schedules have fired and their executions settled; poll
    // the run meanwhile, bounded, rather than trust one long request.
    const advancing = api.advanceTo(day, '09:30');
    const scheduledTime = new Date(`${day}T09:00:00+08:00`).toISOString();
    const run = await eventually(
      `the reminder run of ${day}`,
      async () => {
        for (const one of await reminderRuns()) {
          const described = await sfn.send(new DescribeExecutionCommand({ executionArn: one.executionArn }));
          if (JSON.parse(described.input ?? '{}').scheduledTime === scheduledTime) return described;
        }
        return undefined;
      },
      (described) => described !== undefined && described.status !== 'RUNNING',
      900_000,
    );
    await advancing;
    const finished = Date.now();
    expect(run?.status, run?.cause).toBe('SUCCEEDED');
    const output = JSON.parse(run?.output ?? '{}');
    expect(output).toMatchObject({ day, more: false, position: { read: dueOnOneDay, sent: dueOnOneDay } });

    const perAddress = await emailsPerAddress();
    const reminded = Array.from({ length: dueOnOneDay }, (_, index) => `c-${index}@example.com`);
    expect(reminded.filter((address) => perAddress.get(address) !== 1)).toEqual([]);
    expect(
      Array.from({ length: notChased }, (_, index) => `c-${dueOnOneDay + index}@example.com`).filter(
        (address) => perAddress.has(address),
      ),
    ).toEqual([]);
    const outbox = (await api.request<{ items: OutboxEmail[] }>('GET', '/local/outbox')).body.items;
    expect(outbox.find((email) => email.to.includes('c-0@example.com'))?.subject).toContain(`${due}截止`);

    const events = await executionHistory(sfn, run?.executionArn ?? '');
    const pages = output.position.pagesDone as number;
    // 100 reports a page (the other two dates chased, with none due, share the last page).
    expect(pages).toBeGreaterThanOrEqual(dueOnOneDay / 100);
    // About seven events a page: the task's five and the Choice's two.
    expect(events.length).toBeLessThan(8 * pages + 20);
    expect(events.length).toBeLessThan(25_000);
    console.log(
      `${dueOnOneDay} reports due: seeded in ${seeded - seeding} ms, reminded in ${finished - seeded} ms, ` +
        `${pages} pages, ${events.length} history events`,
    );
  }, 1_000_000);
});
