import { afterAll, beforeAll, expect, it } from 'vitest';
import { outcomeCategories } from '#shared/outcomes.ts';
import { ApiClient, addDays, outcomeCounts } from '#test/support/apiClient.ts';
import { eventually } from '#test/support/eventually.ts';
import { Lifecycle } from '#test/support/lifecycle.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

let runtime: RuntimeProcess;
let api: ApiClient;
let admin: string;
let lifecycle: Lifecycle;

beforeAll(async () => {
  runtime = await startRuntimeProcess(await freshDataDir());
  api = new ApiClient(runtime.url);
  admin = await api.signIn('admin@kjj.example.gov.cn', 'admin');
  lifecycle = new Lifecycle(api, admin);
});

afterAll(async () => {
  await runtime?.stop();
});

const noGoals = outcomeCounts(Object.fromEntries(outcomeCategories.map((category) => [category, 1])));

it('reminds 7 days and 1 day before a report is due and on the day, once each, then escalates it overdue after 14 more days', async () => {
  const parties = await lifecycle.dispatched();
  const termStart = addDays(await api.clockDay(), 10);
  const drafted = await api.request('POST', '/agreements', {
    token: admin,
    body: { dispatchId: parties.dispatchId, termStart, termEnd: addDays(termStart, 364), goals: noGoals },
  });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  const id = drafted.body.agreement.id as string;
  await lifecycle.complete(parties.commissioner.token, `sign-agreement-commissioner.${id}`, 'sign');
  await lifecycle.complete(parties.commissioner.office, `sign-agreement-institution.${id}`, 'sign');
  await lifecycle.complete(parties.demand.token, `sign-agreement-enterprise.${id}`, 'sign');
  await lifecycle.complete(admin, `countersign-agreement.${id}`, 'countersign');
  // Activation writes the term's periods a step after the countersignature.
  const periods = (
    await api.readUntil(
      admin,
      `/agreements/${encodeURIComponent(id)}`,
      (body) => body.agreement.reportPeriods.length === 4,
    )
  ).agreement.reportPeriods as { due: string }[];
  const [first, second] = periods;
  if (!first || !second) throw new Error('an active one-year quarterly agreement has four periods');

  const reminders = async (period: number) =>
    (await api.outboxTo(parties.commissioner.email)).filter(
      (e) => e.subject.startsWith('成果报告提醒') && e.subject.includes(`第${period}期`),
    );

  await api.advanceTo(addDays(first.due, -7), '10:00');
  expect((await reminders(1)).map((e) => e.subject)).toEqual([expect.stringContaining(`${first.due}截止`)]);
  await api.advanceTo(addDays(first.due, -7), '20:00');
  expect(await reminders(1)).toHaveLength(1);
  await api.advanceTo(first.due, '10:00');
  expect(await reminders(1)).toHaveLength(3);

  await api.advanceTo(addDays(first.due, 14), '23:00');
  expect(
    (await api.outboxTo(parties.commissioner.officeEmail)).filter((e) => e.subject.startsWith('逾期')),
  ).toEqual([]);
  await api.advanceTo(addDays(first.due, 15), '01:00');
  // The workflow escalates a moment after the clock passes the overdue instant.
  const overdue = await eventually(
    'the overdue escalation',
    async () =>
      (await api.outboxTo(parties.commissioner.officeEmail)).filter((e) => e.subject.startsWith('逾期')),
    (emails) => emails.length > 0,
  );
  expect(overdue).toHaveLength(1);
  expect(overdue[0]?.to).toContain('bureau@commissioner.local');
  expect(await reminders(1)).toHaveLength(3);

  // Two runs at once of the day's job, before its scheduled 09:00 run: the reminder goes out once.
  await api.advanceTo(addDays(second.due, -7), '08:00');
  const schedules = (await api.request('GET', '/local/schedules')).body.items as {
    name: string;
    expression: string;
  }[];
  const daily = schedules.find((schedule) => schedule.expression.startsWith('cron('));
  const runs = await Promise.all(
    [1, 2].map(() => api.request('POST', '/local/schedules/run', { body: { name: daily?.name } })),
  );
  expect(runs.map((run) => run.status)).toEqual([200, 200]);
  await api.advanceTo(addDays(second.due, -7), '10:00');
  expect(await reminders(2)).toHaveLength(1);
});

it('refuses to start with a reminder policy that could not work, naming the setting and its limit', async () => {
  const saved = process.env.REMINDER_DAYS_BEFORE;
  // Sixty days before the due date falls before a monthly period opens: that reminder could never go out.
  process.env.REMINDER_DAYS_BEFORE = '60,7';
  try {
    await expect(startRuntimeProcess(await freshDataDir())).rejects.toThrow(
      /REMINDER_DAYS_BEFORE \(context reminderDaysBefore\) must be at most 37 days/,
    );
  } finally {
    if (saved === undefined) delete process.env.REMINDER_DAYS_BEFORE;
    else process.env.REMINDER_DAYS_BEFORE = saved;
  }
});
