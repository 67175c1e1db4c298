import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '#local/outbox.ts';
import { addDays } from '#shared/chinaTime.ts';
import { reportIndexes } from '#shared/report/reportIndexes.ts';
import { useLocalTables } from '#test/support/localTables.ts';

/*
 * The daily reminder workflow's page task against dynalite and a local SES outbox: it pages
 * through each date chased on the day, moving on to the next date when one is done, reminds
 * each commissioner once, and a page run again sends nothing twice.
 */

let outbox: Outbox;
let reminderJob: typeof import('#shared/report/reminderJob.ts');

/** 09:00 in China on 2031-03-03: that day's run chases reports due on 03-10, 03-04 and 03-03. */
const scheduledTime = '2031-03-03T01:00:00.000Z';
const day = '2031-03-03';

function reportItem(id: string, due: string, state = 'open') {
  return {
    id,
    agreementId: `agreement-${id}`,
    index: 1,
    start: addDays(due, -90),
    end: addDays(due, -1),
    due,
    state,
    version: 1,
    auditPages: 0,
    recentAudit: [],
    commissioner: { sub: `sub-${id}`, name: `特派员${id}`, email: `${id}@example.com` },
    institution: { name: '测试大学', email: 'office@example.edu.cn' },
    enterprise: { name: '测试企业', email: 'enterprise@example.com' },
    overdueAfterDays: 14,
    overdueAt: `${addDays(due, 15)}T00:00:00+08:00`,
    versions: [],
    createdAt: '2031-01-01T00:00:00.000Z',
    updatedAt: '2031-01-01T00:00:00.000Z',
    // The sparse index's key, as the report table writes it for reports awaiting submission.
    ...(['open', 'revising', 'overdue'].includes(state) ? { awaitingDue: due } : {}),
  };
}

const dueIn7 = Array.from({ length: 250 }, (_, n) =>
  reportItem(`week-${String(n).padStart(3, '0')}`, addDays(day, 7)),
);
const dueToday = Array.from({ length: 30 }, (_, n) => reportItem(`today-${n}`, day));
/** Due on a date nobody chases today, or submitted already: no reminder. */
const notChased = [
  ...Array.from({ length: 5 }, (_, n) => reportItem(`later-${n}`, addDays(day, 2))),
  ...Array.from({ length: 3 }, (_, n) => reportItem(`submitted-${n}`, addDays(day, 7), 'submitted')),
];

const localTables = useLocalTables({
  REPORT_TABLE: {
    name: 'Reports',
    indexes: [{ name: reportIndexes.awaitingByDue, partitionKey: 'awaitingDue', sortKey: 'agreementId' }],
  },
  EMAIL_LOG_TABLE: { name: 'EmailLog' },
  MEMBERSHIP_TABLE: { name: 'Membership' },
});

beforeAll(async () => {
  outbox = new Outbox(undefined);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SESV2: await outbox.listen(),
    EMAIL_FROM: 'noreply@example.org',
    CONSOLE_URL: 'https://console.example.org',
    REMINDER_DAYS_BEFORE: '7,1,0',
  });
  const client = new DynamoDBClient({ endpoint: localTables().endpoint });
  const documents = DynamoDBDocumentClient.from(client);
  const items = [...dueIn7, ...dueToday, ...notChased];
  for (let from = 0; from < items.length; from += 25) {
    await documents.send(
      new BatchWriteCommand({
        RequestItems: { Reports: items.slice(from, from + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
  client.destroy();
  // Imported after the endpoints are set: the shared clients read them when first created.
  reminderJob = await import('#shared/report/reminderJob.ts');
});

afterAll(async () => {
  await outbox?.close();
});

const start = { dateIndex: 0, cursor: null, pagesDone: 0, read: 0, sent: 0 };

describe('sendReminderPage', () => {
  it('pages through the dates chased on the day, filling each page across them, reminding each commissioner once', async () => {
    // Act
    const pages: Awaited<ReturnType<typeof reminderJob.sendReminderPage>>[] = [];
    let page = await reminderJob.sendReminderPage({ scheduledTime, position: start });
    pages.push(page);
    while (page.more) {
      page = await reminderJob.sendReminderPage(page);
      pages.push(page);
      if (pages.length > 20) throw new Error('the pages never end');
    }

    // Assert: 250 due in 7 days fill two pages; the third takes their last 50, finds none due
    // tomorrow and takes the 30 due today.
    expect(reminderJob.remindersPerPage).toBe(100);
    expect(
      pages.map(({ day: chased, position, more }) => [
        chased,
        position.dateIndex,
        position.cursor === null,
        position.read,
        more,
      ]),
    ).toEqual([
      [day, 0, false, 100, true],
      [day, 0, false, 200, true],
      [day, 3, true, 280, false],
    ]);
    expect(page.position).toEqual({ dateIndex: 3, cursor: null, pagesDone: 3, read: 280, sent: 280 });
    const emails = outbox.list();
    const reminded = [...dueIn7, ...dueToday].map((report) => report.commissioner.email).sort();
    expect(emails.flatMap((email) => email.to).sort()).toEqual(reminded);
    expect(emails.find((email) => email.to.includes('week-000@example.com'))?.subject).toContain(
      `${addDays(day, 7)}截止`,
    );
  });

  it('sends nothing twice when a page runs again, and reads the same page', async () => {
    // Arrange
    const first = await reminderJob.sendReminderPage({ scheduledTime, position: start });
    const before = outbox.list().length;

    // Act
    const again = await reminderJob.sendReminderPage({ scheduledTime, position: start });

    // Assert
    expect(outbox.list()).toHaveLength(before);
    expect(again).toEqual(first);
    expect(again.position).toMatchObject({ read: 100, sent: 0, pagesDone: 1 });
  });

  it('reads a quiet day in one page', async () => {
    const quiet = await reminderJob.sendReminderPage({
      scheduledTime: '2031-06-01T01:00:00.000Z',
      position: start,
    });
    expect(quiet).toEqual({
      scheduledTime: '2031-06-01T01:00:00.000Z',
      day: '2031-06-01',
      position: { dateIndex: 3, cursor: null, pagesDone: 1, read: 0, sent: 0 },
      more: false,
    });
  });

  it('refuses a scheduled time that is not a time', async () => {
    await expect(
      reminderJob.sendReminderPage({ scheduledTime: 'tomorrow', position: start }),
    ).rejects.toThrow(/scheduledTime must be an ISO 8601 time/);
  });
});
