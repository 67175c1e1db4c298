import { type ChildProcess, spawn } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localRegion } from '#local/cloudFormation.ts';
import { createTableLike } from '#local/localDynamo.ts';
import { Outbox } from '#local/outbox.ts';
import type { Report } from '#shared/report/model.ts';
import { dueDatesToChase, reminderPolicyFrom } from '#shared/report/reminders.ts';
import { awaitingSubmission } from '#shared/report/states.ts';
import { mapConcurrently } from '../concurrency.ts';
import type { FunctionCatalogue } from '../functionCatalogue.ts';
import { plausibleReports } from './reportFixtures.ts';

export interface SweepRun {
  readonly read: number;
  readonly sent: number;
  readonly ms: number;
}

export interface SweepResult {
  readonly tableItems: number;
  readonly seedMs: number;
  /** The day's first run: reads what falls due on the chased dates and sends each reminder. */
  readonly first: SweepRun;
  /** The same day again: reads the same, sends nothing (every email is claimed already). */
  readonly again: SweepRun;
}

export interface ReminderSweepResult {
  readonly day: string;
  readonly chasedDates: string[];
  readonly dueOnChasedDates: number;
  readonly sizes: SweepResult[];
}

const batchSize = 25;
const batchesInFlight = 16;

function startDynalite(): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('dynaliteHost.ts', import.meta.url).pathname],
    {
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  return new Promise((resolve, reject) => {
    child.once('message', (message: { endpoint: string }) => resolve({ endpoint: message.endpoint, child }));
    child.once('exit', (code) => reject(new Error(`dynalite exited with ${code}`)));
  });
}

/** The item `reportTable` writes for a report: the record plus its derived index keys. */
function reportItem(report: Report): Record<string, unknown> {
  return {
    ...report,
    ...(awaitingSubmission.includes(report.state) ? { awaitingDue: report.due } : {}),
    ...(report.state === 'accepted' ? { acceptedPartition: 'accepted' } : {}),
  };
}

/** BatchWrite, 25 items a request, several requests in flight, retrying what DynamoDB leaves unprocessed. */
async function seed(
  documents: DynamoDBDocumentClient,
  table: string,
  reports: Iterable<Report>,
): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  let batch: Record<string, unknown>[] = [];
  for (const report of reports) {
    batch.push(reportItem(report));
    if (batch.length === batchSize) {
      batches.push(batch);
      batch = [];
    }
  }
  if (batch.length > 0) batches.push(batch);
  await mapConcurrently(batches, batchesInFlight, async (items) => {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await documents.send(
        new BatchWriteCommand({ RequestItems: { [table]: requests } }),
      );
      requests = (UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  });
}

/**
 * The daily reminder job against report tables of each size, seeded directly into an in-memory
 * dynalite, with the same reports due on the dates chased that day: its reads should not grow
 * with the table. It runs in this process with the function's own environment from the template
 * (email into a local outbox), so run it after anything that copies this process's environment.
 */
export async function benchReminderSweep(options: {
  catalogue: FunctionCatalogue;
  sizes: readonly number[];
  dueOnChasedDates: number;
  day: string;
  log: (line: string) => void;
}): Promise<ReminderSweepResult> {
  const { catalogue, sizes, dueOnChasedDates, day, log } = options;
  const chasedDates = dueDatesToChase(day, reminderPolicyFrom({})).map(({ due }) => due);
  const { endpoint, child } = await startDynalite();
  const outbox = new Outbox(undefined);
  try {
    await outbox.load();
    const environment = catalogue.byEntry('functions/workflow/dailyReminders.ts').environment;
    const reportTable = environment.REPORT_TABLE;
    const emailLogTable = environment.EMAIL_LOG_TABLE;
    const membershipTable = environment.MEMBERSHIP_TABLE;
    if (!reportTable || !emailLogTable || !membershipTable)
      throw new Error(
        'The daily reminder function names no REPORT_TABLE, EMAIL_LOG_TABLE or MEMBERSHIP_TABLE',
      );
    // The SDK clients the job uses read these on their first call, which comes after this.
    Object.assign(process.env, {
      ...environment,
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_ENDPOINT_URL_SESV2: await outbox.listen(),
      CONSOLE_URL: 'https://console.example.gov.cn',
    });
    const { sendReminderPage } = await import('#shared/report/reminderJob.ts');
    // The daily workflow's pages, one after another, as its loop runs them.
    const sendDueReminders = async ({ scheduledTime }: { scheduledTime: string }) => {
      let page = await sendReminderPage({
        scheduledTime,
        position: { dateIndex: 0, cursor: null, pagesDone: 0, read: 0, sent: 0 },
      });
      while (page.more) page = await sendReminderPage(page);
      return page.position;
    };
    const client = new DynamoDBClient({ endpoint, region: localRegion });
    const documents = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });

    // Each email's recipients' languages are read from it; here nobody chose one, so each goes in both.
    await createTableLike(client, catalogue.resolver, membershipTable, membershipTable);

    const results: SweepResult[] = [];
    let warm = false;
    for (const size of sizes) {
      // Fresh tables per size: the job reads REPORT_TABLE and EMAIL_LOG_TABLE on every call.
      process.env.REPORT_TABLE = `${reportTable}-${size}`;
      process.env.EMAIL_LOG_TABLE = `${emailLogTable}-${size}`;
      await createTableLike(client, catalogue.resolver, reportTable, process.env.REPORT_TABLE);
      await createTableLike(client, catalogue.resolver, emailLogTable, process.env.EMAIL_LOG_TABLE);
      const seedStarted = performance.now();
      await seed(
        documents,
        process.env.REPORT_TABLE,
        plausibleReports({ total: size, day, chasedDates, dueOnChasedDates }),
      );
      const seedMs = performance.now() - seedStarted;
      log(`  seeded ${size.toLocaleString('en-US')} reports in ${(seedMs / 1000).toFixed(1)} s`);
      const sweep = async (): Promise<SweepRun> => {
        const started = performance.now();
        // 09:00 China time on the day, when the daily schedule fires.
        const { read, sent } = await sendDueReminders({ scheduledTime: `${day}T01:00:00.000Z` });
        return { read, sent, ms: performance.now() - started };
      };
      if (!warm) {
        // The job's first call in this process loads its modules and opens connections: not the sweep's cost.
        await sendDueReminders({ scheduledTime: '2000-01-01T01:00:00.000Z' });
        warm = true;
      }
      const first = await sweep();
      const again = await sweep();
      log(
        `  swept: read ${first.read}, sent ${first.sent} in ${first.ms.toFixed(0)} ms; again ${again.ms.toFixed(0)} ms`,
      );
      results.push({ tableItems: size, seedMs, first, again });
    }
    return { day, chasedDates, dueOnChasedDates, sizes: results };
  } finally {
    await outbox.close();
    child.disconnect();
  }
}
