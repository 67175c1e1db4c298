import {
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoItemSize } from '#local/dynamoItemSize.ts';
import { type Cadence, reportPeriods } from '#shared/agreement/periods.ts';
import { outcomeCategories } from '#shared/outcomes.ts';
import { acceptedContributionAttributes, reportIndexes } from '#shared/report/reportIndexes.ts';
import { reportExecutionName } from '#shared/report/reportWorkflow.ts';
import { ApiClient, addDays, outcomeCounts } from '#test/support/apiClient.ts';
import { eventually } from '#test/support/eventually.ts';
import { Lifecycle } from '#test/support/lifecycle.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/*
 * One agreement through a whole one-year term, on the embedded runtime with the clock
 * advanced: every period opens by the clock, is reminded, submitted, confirmed, reviewed,
 * returned, waived or left overdue, and the cadence changes from the next period on.
 */

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

interface Period {
  id: string;
  index: number;
  start: string;
  end: string;
  due: string;
  state: string;
  status: string;
}

const reportPath = (id: string) => `/reports/${encodeURIComponent(id)}`;

describe('a one-year quarterly agreement', () => {
  let parties: Awaited<ReturnType<Lifecycle['dispatched']>>;
  let agreementId: string;
  let periods: Period[];
  const period = (index: number): Period => {
    const found = periods.find((candidate) => candidate.index === index);
    if (!found) throw new Error(`no period ${index}`);
    return found;
  };
  const agreement = async () =>
    (await api.request('GET', `/agreements/${encodeURIComponent(agreementId)}`, { token: admin })).body
      .agreement;
  const report = async (id: string) =>
    (await api.request('GET', reportPath(id), { token: admin })).body.report;
  /** The report once the workflow has recorded `state`. */
  const reportIn = async (id: string, state: string) =>
    (await api.readUntil(admin, reportPath(id), (body) => body.report.state === state)).report;
  const submit = (id: string, body: unknown, token = parties.commissioner.token) =>
    api.request('POST', `${reportPath(id)}/versions`, { token, body });
  /** Submits once the workflow has (re)opened the period's form, as the commissioner would from the task list. */
  const submitWhenOpen = async (id: string, body: unknown) => {
    await api.waitForTask(admin, `submit-report.${id}`);
    return submit(id, body);
  };
  /** The emails of that kind for period `index`, once at least one has been sent. */
  const emailsSent = (address: string, subjectStart: string, index: number) =>
    api.waitForEmails(
      address,
      (email) => email.subject.startsWith(subjectStart) && email.subject.includes(`第${index}期`),
    );
  const emailsTo = async (address: string, subjectStart: string, index: number) =>
    (await api.outboxTo(address)).filter(
      (email) => email.subject.startsWith(subjectStart) && email.subject.includes(`第${index}期`),
    );

  const firstReport = {
    counts: outcomeCounts({ technicalProblemsSolved: 2, technicalTrainings: 1, patentsApplied: 1 }),
    narrative: '完成数控机床加工精度诊断，优化切削参数；为车间技术人员开展一次工艺培训。',
    evidence: [
      { kind: 'patentApplication', number: 'CN200410018477.9', title: '一种数控机床误差补偿方法' },
      { kind: 'training', date: '2027-01-15', topic: '精密加工工艺', attendance: 24 },
    ],
  };

  beforeAll(async () => {
    ({ parties, agreementId, periods } = await activeAgreement(
      'quarterly',
      365,
      outcomeCounts({ technicalProblemsSolved: 6, technicalTrainings: 4, patentsApplied: 2 }),
    ));
  });

  it('writes four scheduled periods, none open before its first day', async () => {
    expect(periods.map((p) => [p.index, p.state])).toEqual([
      [1, 'scheduled'],
      [2, 'scheduled'],
      [3, 'scheduled'],
      [4, 'scheduled'],
    ]);
    const early = await submit(period(1).id, firstReport);
    expect(early.status).toBe(409);
    expect(early.body.message).toContain(`opens on ${period(1).start}`);
  });

  it('opens the first period on its first day: a task and an email with a link to the form', async () => {
    await api.advanceTo(period(1).start, '08:00');
    await reportIn(period(1).id, 'open');
    await api.waitForTask(parties.commissioner.token, `submit-report.${period(1).id}`);
    const opened = await emailsTo(parties.commissioner.email, '成果报告开始填报', 1);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.text).toContain(`#/reports/${encodeURIComponent(period(1).id)}`);
    const tasks = (await api.request('GET', '/tasks', { token: parties.commissioner.token })).body.items;
    expect(tasks.map((task: { id: string }) => task.id)).toContain(`submit-report.${period(1).id}`);
    expect(
      tasks.find((task: { id: string }) => task.id === `submit-report.${period(1).id}`)?.decisions,
    ).toEqual([]);
  });

  it.each([
    [
      'a negative count',
      { ...firstReport, counts: { ...firstReport.counts, patentsApplied: -1 } },
      'counts.patentsApplied',
    ],
    [
      'a fractional count',
      { ...firstReport, counts: { ...firstReport.counts, technicalTrainings: 1.5 } },
      'counts.technicalTrainings',
    ],
    [
      'a missing category',
      { ...firstReport, counts: { technicalProblemsSolved: 1 } },
      'counts.patentsGranted',
    ],
    [
      'a patent number with a wrong check digit',
      { ...firstReport, evidence: [{ kind: 'patentApplication', number: '200410018477.8' }] },
      'evidence.0.number',
    ],
    [
      'a malformed project number',
      { ...firstReport, evidence: [{ kind: 'project', number: '项目 1' }] },
      'evidence.0.number',
    ],
    [
      'a training nobody attended',
      { ...firstReport, evidence: [{ kind: 'training', date: '2027-01-15', topic: '培训', attendance: 0 }] },
      'evidence.0.attendance',
    ],
    ['an empty narrative', { ...firstReport, narrative: '  ' }, 'narrative'],
  ])('refuses %s with the field and why, writing nothing', async (_case, body, field) => {
    const refused = await submit(period(1).id, body);
    expect(refused.status).toBe(400);
    expect(refused.body.fields.map((problem: { field: string }) => problem.field)).toContain(field);
    const unchanged = await report(period(1).id);
    expect([unchanged.state, unchanged.versions.length]).toEqual(['open', 0]);
  });

  it("refuses a report from someone who is not the agreement's commissioner, and for a period not open", async () => {
    const stranger = await api.signIn('stranger@example.edu.cn', 'commissioner');
    expect((await submit(period(1).id, firstReport, stranger)).status).toBe(403);
    expect((await api.request('GET', reportPath(period(1).id), { token: stranger })).status).toBe(403);
    expect((await submit(period(1).id, firstReport, parties.demand.token)).status).toBe(403);
    expect((await submit(period(2).id, firstReport)).status).toBe(409);
    expect((await submit(`${agreementId}.period-9`, firstReport)).status).toBe(404);
    expect((await report(period(1).id)).versions).toHaveLength(0);
  });

  it('goes round the revision loop: a dispute and a return each send it back, every version kept', async () => {
    const id = period(1).id;
    expect((await submit(id, firstReport)).status).toBe(202);
    await reportIn(id, 'submitted');
    expect((await submit(id, firstReport)).status).toBe(409);

    const confirm = `confirm-report.${id}`;
    await api.waitForTask(parties.demand.token, confirm);
    expect((await lifecycle.complete(parties.demand.token, confirm, 'dispute')).status).toBe(400);
    expect((await lifecycle.complete(parties.commissioner.token, confirm, 'confirm')).status).toBe(403);
    const disputed = await lifecycle.complete(parties.demand.token, confirm, 'dispute', '培训人数应为20人');
    expect(disputed.status).toBe(200);
    await reportIn(id, 'revising');
    const returnedByEnterprise = await emailsSent(parties.commissioner.email, '成果报告退回修改', 1);
    expect(returnedByEnterprise.map((email) => email.text)).toEqual([
      expect.stringContaining('培训人数应为20人'),
    ]);

    const secondReport = {
      ...firstReport,
      evidence: [
        firstReport.evidence[0],
        { kind: 'training', date: '2027-01-15', topic: '精密加工工艺', attendance: 20 },
      ],
    };
    expect((await submitWhenOpen(id, secondReport)).status).toBe(202);
    expect((await lifecycle.complete(parties.demand.token, confirm, 'confirm')).status).toBe(200);
    await reportIn(id, 'confirmed');
    const review = `review-report.${id}`;
    await api.waitForTask(admin, review);
    expect((await lifecycle.complete(admin, review, 'return')).status).toBe(400);
    expect((await lifecycle.complete(admin, review, 'return', '请补充专利申请的发明名称')).status).toBe(200);
    await reportIn(id, 'revising');

    const thirdReport = {
      ...secondReport,
      counts: outcomeCounts({ technicalProblemsSolved: 3, technicalTrainings: 1, patentsApplied: 1 }),
      narrative: `${firstReport.narrative}另解决刀具磨损监测问题。`,
    };
    expect((await submitWhenOpen(id, thirdReport)).status).toBe(202);
    expect((await lifecycle.complete(parties.demand.token, confirm, 'confirm')).status).toBe(200);
    await api.waitForTask(admin, review);
    expect((await lifecycle.complete(admin, review, 'accept')).status).toBe(200);

    const accepted = await reportIn(id, 'accepted');
    expect(accepted.versions.map((version: { number: number }) => version.number)).toEqual([1, 2, 3]);
    expect(accepted.versions[0].evidence[0].number).toBe('200410018477.9');
    expect(accepted.audit.map((entry: { action: string }) => entry.action)).toEqual([
      'schedule',
      'open',
      'submit',
      'dispute',
      'submit',
      'confirm',
      'return',
      'submit',
      'confirm',
      'accept',
    ]);
    expect(await emailsSent(parties.commissioner.email, '成果报告已通过', 1)).toHaveLength(1);

    const compared = await api.request('GET', `${reportPath(id)}/compare?from=1&to=3`, {
      token: parties.demand.token,
    });
    expect(compared.status).toBe(200);
    expect(compared.body.comparison).toMatchObject({
      counts: [{ category: 'technicalProblemsSolved', from: 2, to: 3 }],
      narrativeChanged: true,
      evidenceAdded: [{ kind: 'training', attendance: 20 }],
      evidenceRemoved: [{ kind: 'training', attendance: 24 }],
    });
    const beyond = await api.request('GET', `${reportPath(id)}/compare?from=1&to=9`, { token: admin });
    expect([beyond.status, beyond.body.fields?.[0]?.field]).toEqual([400, 'to']);

    const totals = (await agreement()).acceptedTotals;
    expect(totals).toEqual(thirdReport.counts);
  });

  it('reminds the second period 7 days and 1 day before it is due and on the day, then escalates it overdue', async () => {
    const second = period(2);
    await api.advanceTo(second.due, '10:00');
    expect(await emailsTo(parties.commissioner.email, '成果报告提醒', 2)).toHaveLength(3);
    expect((await agreement()).reportPeriods[1].status).toBe('due');

    await api.advanceTo(addDays(second.due, 15), '01:00');
    await reportIn(second.id, 'overdue');
    const escalations = await emailsTo(parties.commissioner.officeEmail, '逾期', 2);
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.to).toContain('bureau@commissioner.local');
    const bureauTasks = (await api.request('GET', '/tasks?limit=200', { token: admin })).body.items;
    const overdueTask = bureauTasks.find((task: { id: string }) => task.id === `submit-report.${second.id}`);
    expect(overdueTask).toMatchObject({ escalated: true, decisions: ['waive'] });
  });

  it('lets only the bureau waive the overdue period, with a reason', async () => {
    const task = `submit-report.${period(2).id}`;
    expect((await lifecycle.complete(parties.commissioner.token, task, 'waive', '出差')).status).toBe(403);
    expect((await lifecycle.complete(admin, task, 'waive')).status).toBe(400);
    expect((await lifecycle.complete(admin, task, 'waive', '企业停产检修，本期无合作活动')).status).toBe(200);
    await reportIn(period(2).id, 'waived');
    const told = await emailsSent(parties.commissioner.email, '本期成果报告免报', 2);
    expect(told.map((email) => email.text)).toEqual([expect.stringContaining('企业停产检修')]);
  });

  it('lets only the bureau waive a period before it opens, which withdraws its opening', async () => {
    const fourth = period(4);
    const waive = (id: string, token: string, body: unknown) =>
      api.request('POST', `${reportPath(id)}/waiver`, { token, body });
    const refused = [
      await waive(fourth.id, parties.commissioner.token, { reason: '企业停产' }),
      await waive(fourth.id, admin, {}),
      await waive(fourth.id, admin, { reason: '' }),
      await waive(period(1).id, admin, { reason: '已受理' }),
      await waive(period(3).id, admin, { reason: '本期已开始' }),
      await waive(`${agreementId}.period-9`, admin, { reason: '无此期' }),
    ];
    expect(refused.map((response) => [response.status, response.body.fields?.[0]?.code])).toEqual([
      [403, undefined],
      [400, 'required'],
      [400, 'empty'],
      [409, undefined],
      [409, undefined],
      [404, undefined],
    ]);
    expect(refused[4]?.body.message).toBe('Period 3 is open; waive it from its task');
    // Refusals of the whole request carry a code a client says in its reader's language.
    expect(refused[0]?.body).toMatchObject({ error: 'Forbidden', code: 'bureauOnly' });
    expect(refused[5]?.body).toMatchObject({
      error: 'NotFound',
      message: `No report ${agreementId}.period-9`,
      code: 'noSuchRecord',
      params: { record: 'report' },
    });

    const waived = await waive(fourth.id, admin, { reason: '企业年末停产检修，本期无合作活动' });
    expect(waived.status, JSON.stringify(waived.body)).toBe(200);
    expect(waived.body.report).toMatchObject({ state: 'waived', status: 'waived' });
    expect(waived.body.report.audit.at(-1)).toMatchObject({
      action: 'waive',
      from: 'scheduled',
      to: 'waived',
      reason: '企业年末停产检修，本期无合作活动',
      actor: { role: 'admin' },
    });
    expect((await waive(fourth.id, admin, { reason: '再次' })).status).toBe(409);
    const told = await emailsSent(parties.commissioner.email, '本期成果报告免报', 4);
    expect(told.map((email) => email.text)).toEqual([expect.stringContaining('企业年末停产检修')]);
    const schedules = (await api.request('GET', '/local/schedules')).body.items as { input: string }[];
    expect(schedules.map((schedule) => JSON.parse(schedule.input).reportId)).not.toContain(fourth.id);
  });

  it('changes the cadence from the next period on, rescheduling only the periods not yet open', async () => {
    const path = `/agreements/${encodeURIComponent(agreementId)}/cadence`;
    expect(period(3).start <= (await api.clockDay())).toBe(true);
    const refused = [
      await api.request('POST', path, {
        token: parties.commissioner.token,
        body: { cadence: 'monthly', reason: '—' },
      }),
      await api.request('POST', path, { token: admin, body: { cadence: 'weekly', reason: '更频繁' } }),
      await api.request('POST', path, { token: admin, body: { cadence: 'quarterly', reason: '不变' } }),
      await api.request('POST', path, { token: admin, body: { cadence: 'monthly' } }),
    ];
    expect(refused.map((response) => response.status)).toEqual([403, 400, 400, 400]);

    const changed = await api.request('POST', path, {
      token: admin,
      body: { cadence: 'monthly', reason: '企业进入项目攻关期，需按月跟踪' },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const before = periods;
    periods = (await agreement()).reportPeriods;
    expect(periods.slice(0, 3).map((p) => [p.start, p.end])).toEqual(
      before.slice(0, 3).map((p) => [p.start, p.end]),
    );
    const termEnd = before[3]?.end ?? '';
    expect(periods.slice(3).map((p) => [p.index, p.start])).toEqual([
      [4, addDays(period(3).end, 1)],
      [5, periods[4]?.start],
      [6, periods[5]?.start],
    ]);
    expect(periods.at(-1)?.end).toBe(termEnd);
    expect(periods[4]?.start).toBe(addDays(periods[3]?.end ?? '', 1));

    const schedules = (await api.request('GET', '/local/schedules')).body.items as { input: string }[];
    const openings = schedules
      .map((schedule) => JSON.parse(schedule.input) as { reportId?: string; start?: string })
      .filter((input) => input.reportId?.startsWith(agreementId));
    expect(openings.map((input) => input.start).sort()).toEqual(periods.slice(3).map((p) => p.start));
  });

  it('accepts the third period, then chases every monthly period to the end of the term, each email once', async () => {
    const third = period(3).id;
    await api.waitForTask(parties.commissioner.token, `submit-report.${third}`);
    expect(
      (await submit(third, { ...firstReport, counts: outcomeCounts({ technicalTrainings: 2 }) })).status,
    ).toBe(202);
    await api.waitForTask(parties.demand.token, `confirm-report.${third}`);
    expect(
      (await lifecycle.complete(parties.demand.token, `confirm-report.${third}`, 'confirm')).status,
    ).toBe(200);
    await api.waitForTask(admin, `review-report.${third}`);
    expect((await lifecycle.complete(admin, `review-report.${third}`, 'accept')).status).toBe(200);
    await reportIn(third, 'accepted');
    // Waived before it opens: on its day it neither opens nor is reminded.
    const waived = await api.request('POST', `${reportPath(period(5).id)}/waiver`, {
      token: admin,
      body: { reason: '企业春节放假' },
    });
    expect(waived.status, JSON.stringify(waived.body)).toBe(200);

    for (const monthly of periods.slice(3)) {
      await api.advanceTo(monthly.due, '10:00');
    }
    await api.advanceTo(addDays(period(6).due, 15), '01:00');

    const summary = await agreement();
    expect(summary.reportPeriods.map((p: Period) => p.state)).toEqual([
      'accepted',
      'waived',
      'accepted',
      'overdue',
      'waived',
      'overdue',
    ]);
    expect(summary.acceptedTotals).toEqual(
      outcomeCounts({ technicalProblemsSolved: 3, technicalTrainings: 3, patentsApplied: 1 }),
    );
    const reminders = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(
        async (index) => (await emailsTo(parties.commissioner.email, '成果报告提醒', index)).length,
      ),
    );
    expect(reminders).toEqual([0, 3, 0, 3, 0, 3]);
    const escalations = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(
        async (index) => (await emailsTo(parties.commissioner.officeEmail, '逾期', index)).length,
      ),
    );
    expect(escalations).toEqual([0, 1, 0, 1, 0, 1]);
    const openings = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(
        async (index) => (await emailsTo(parties.commissioner.email, '成果报告开始填报', index)).length,
      ),
    );
    expect(openings).toEqual([1, 1, 1, 1, 0, 1]);
    expect(await emailsTo(parties.commissioner.email, '本期成果报告免报', 5)).toHaveLength(1);
    const bureauTasks = (await api.request('GET', '/tasks?limit=200', { token: admin })).body.items;
    expect(bureauTasks.map((task: { id: string }) => task.id)).not.toContain(`submit-report.${period(5).id}`);
  });
});

describe('the statistics', () => {
  it('equal the sums of accepted reports, ignoring returned, disputed, waived and overdue ones', async () => {
    const { status, body } = await api.request('GET', '/stats', { token: admin });
    expect(status).toBe(200);
    const expected = outcomeCounts({ technicalProblemsSolved: 3, technicalTrainings: 3, patentsApplied: 1 });
    expect(body.statistics.total).toMatchObject({
      commissioners: 1,
      institutions: 1,
      enterprises: 1,
      reports: 2,
      outcomes: expected,
    });
    expect(body.summary.en).toMatch(
      /^Since \w+ \d{4}, 1 commissioner from 1 institution has served 1 enterprise, and has solved 3/,
    );
    expect(body.summary['zh-CN']).toContain('解决技术难题3个');

    const csv = await fetch(`${runtime.url}/stats.csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[1]).toBe(
      `total,total,,,1,1,1,2,${outcomeCategories.map((category) => expected[category]).join(',')}`,
    );

    const refused = await api.request('GET', '/stats?year=20x7', { token: admin });
    expect([refused.status, refused.body.fields?.[0]?.field]).toEqual([400, 'year']);
    expect((await api.request('GET', '/stats')).status).toBe(401);
  });

  it('read each accepted report as a small projection, and still count one accepted before its counts were projected', async () => {
    const dynamo = new DynamoDBClient({
      endpoint: runtime.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { TableNames = [] } = await dynamo.send(new ListTablesCommand({}));
    const TableName = TableNames.find((name) => name.includes('ReportTable')) ?? '';
    // Items as DynamoDB holds them (attribute values with their types), so their sizes count as it counts them.
    const { Items: projected = [] } = await dynamo.send(
      new QueryCommand({
        TableName,
        IndexName: reportIndexes.acceptedContributions,
        KeyConditionExpression: 'acceptedPartition = :accepted',
        ExpressionAttributeValues: { ':accepted': { S: 'accepted' } },
      }),
    );
    expect(projected).toHaveLength(2);
    const sizes: string[] = [];
    for (const entry of projected) {
      // Only the keys and what the statistics read: no versions, no audit trail.
      expect(Object.keys(entry).sort()).toEqual(
        ['id', 'acceptedPartition', 'end', ...acceptedContributionAttributes].sort(),
      );
      const { Item: full = {} } = await dynamo.send(
        new GetItemCommand({ TableName, Key: { id: entry.id ?? { S: '' } } }),
      );
      expect(entry.acceptedCounts).toEqual(full.versions?.L?.at(-1)?.M?.counts);
      const [fullBytes = 0, projectedBytes = 0] = [full, entry].map((item) =>
        dynamoItemSize(item as unknown as Parameters<typeof dynamoItemSize>[0]),
      );
      expect(projectedBytes).toBeLessThan(fullBytes / 2);
      sizes.push(`${entry.id?.S}: ${fullBytes} bytes in full, ${projectedBytes} projected`);
    }
    console.log(`accepted reports as the statistics read them: ${sizes.join('; ')}`);

    // A report accepted before the counts were written at the top level is read in full.
    const before = (await api.request('GET', '/stats', { token: admin })).body.statistics;
    await dynamo.send(
      new UpdateItemCommand({
        TableName,
        Key: { id: projected[0]?.id ?? { S: '' } },
        UpdateExpression: 'REMOVE acceptedCounts',
      }),
    );
    const after = await api.request('GET', '/stats', { token: admin });
    expect([after.status, after.body.statistics]).toEqual([200, before]);
  });
});

/** An active agreement of the given cadence, its term starting in ten days; its periods. */
async function activeAgreement(
  cadence: string,
  termDays: number,
  goals = outcomeCounts({ technicalProblemsSolved: 6 }),
) {
  const parties = await lifecycle.dispatched();
  const termStart = addDays(await api.clockDay(), 10);
  const drafted = await api.request('POST', '/agreements', {
    token: admin,
    body: {
      dispatchId: parties.dispatchId,
      termStart,
      termEnd: addDays(termStart, termDays - 1),
      cadence,
      goals,
    },
  });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  const agreementId: string = drafted.body.agreement.id;
  await lifecycle.complete(parties.commissioner.token, `sign-agreement-commissioner.${agreementId}`, 'sign');
  await lifecycle.complete(parties.commissioner.office, `sign-agreement-institution.${agreementId}`, 'sign');
  await lifecycle.complete(parties.demand.token, `sign-agreement-enterprise.${agreementId}`, 'sign');
  await lifecycle.complete(admin, `countersign-agreement.${agreementId}`, 'countersign');
  // Activation writes the term's periods one after another, a step after the countersignature.
  const expected = reportPeriods(termStart, addDays(termStart, termDays - 1), cadence as Cadence).length;
  const { agreement } = await api.readUntil(
    admin,
    `/agreements/${encodeURIComponent(agreementId)}`,
    (body) => body.agreement.reportPeriods?.length === expected,
  );
  return { parties, agreementId, periods: agreement.reportPeriods as Period[] };
}

/** Submits through the form, then reads until the workflow has recorded the version. */
async function submitAndWait(token: string, id: string, body: unknown, versions: number) {
  await api.waitForTask(token, `submit-report.${id}`);
  const submitted = await api.request('POST', `${reportPath(id)}/versions`, { token, body });
  expect(submitted.status, JSON.stringify(submitted.body).slice(0, 500)).toBe(202);
  return (
    await api.readUntil(
      admin,
      reportPath(id),
      (read) => read.report.versions.length === versions && read.report.state === 'submitted',
    )
  ).report;
}

describe('a report at every schema maximum, in Chinese', () => {
  const chinese = (length: number, seed: string) =>
    seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
  const maximal = (variant: string) => ({
    counts: Object.fromEntries(outcomeCategories.map((category) => [category, 10_000])),
    narrative: chinese(5000, `${variant}完成数控机床加工精度诊断优化切削参数`),
    evidence: Array.from({ length: 200 }, (_, index) => ({
      kind: 'project',
      number: `ZJ-${variant === '甲' ? 1 : 2}-${String(index).padStart(35, '0')}`,
      title: chinese(200, `${variant}省重点研发计划项目`),
    })),
  });

  it('is stored, disputed, returned and revised into three versions, all readable, never a 5xx', async () => {
    const { parties, periods } = await activeAgreement('quarterly', 91);
    const id = periods[0]?.id ?? '';
    const first = periods[0] as Period;
    await api.advanceTo(first.start, '08:00');
    const confirm = `confirm-report.${id}`;
    const review = `review-report.${id}`;

    const v1 = maximal('甲');
    expect(Buffer.byteLength(JSON.stringify(v1))).toBeGreaterThan(150_000);
    await submitAndWait(parties.commissioner.token, id, v1, 1);
    await api.waitForTask(parties.demand.token, confirm);
    expect((await lifecycle.complete(parties.demand.token, confirm, 'dispute', '项目编号有误')).status).toBe(
      200,
    );

    await submitAndWait(parties.commissioner.token, id, maximal('乙'), 2);
    await api.waitForTask(parties.demand.token, confirm);
    expect((await lifecycle.complete(parties.demand.token, confirm, 'confirm')).status).toBe(200);
    await api.waitForTask(admin, review);
    expect((await lifecycle.complete(admin, review, 'return', '请补充项目名称')).status).toBe(200);

    const v3 = { ...maximal('甲'), narrative: chinese(5000, '丙修订后的成果说明') };
    await submitAndWait(parties.commissioner.token, id, v3, 3);
    await api.waitForTask(parties.demand.token, confirm);
    expect((await lifecycle.complete(parties.demand.token, confirm, 'confirm')).status).toBe(200);
    await api.waitForTask(admin, review);
    expect((await lifecycle.complete(admin, review, 'accept')).status).toBe(200);

    const accepted = (
      await api.readUntil(parties.demand.token, reportPath(id), (body) => body.report.state === 'accepted')
    ).report;
    expect(accepted.versions.map((version: { number: number }) => version.number)).toEqual([1, 2, 3]);
    expect(accepted.versions.map((version: { narrative: string }) => version.narrative)).toEqual([
      v1.narrative,
      maximal('乙').narrative,
      v3.narrative,
    ]);
    expect(accepted.versions[1].evidence).toHaveLength(200);
    expect(accepted.versions[1].evidence[199].title).toBe(maximal('乙').evidence[199]?.title);

    const compared = await api.request('GET', `${reportPath(id)}/compare?from=1&to=3`, { token: admin });
    expect(compared.status).toBe(200);
    expect(compared.body.comparison).toMatchObject({ counts: [], narrativeChanged: true, evidenceAdded: [] });
  });
});

describe('a yearly period whose report comes in a year late', () => {
  interface ExecutionSummary {
    name: string;
    status: string;
    startDate: string;
    stopDate?: string;
  }
  const year = 365 * 24 * 3600 * 1000;
  const executionsOf = async (reportId: string) => {
    const base = reportExecutionName(reportId);
    const { body } = await api.request<{ items: ExecutionSummary[] }>('GET', '/local/executions');
    return body.items.filter((execution) => execution.name === base || execution.name.startsWith(`${base}-`));
  };

  it('is carried by executions that each end inside a year, the period handed over between them', async () => {
    const { parties, periods } = await activeAgreement('yearly', 365);
    const period = periods[0] as Period;
    const id = period.id;
    await api.advanceTo(period.start, '08:00');
    await api.waitForTask(parties.commissioner.token, `submit-report.${id}`);

    // Past the first execution's handover point (its year less the recovery reserve), then past the overdue date.
    await api.advanceTo(addDays(period.start, 330), '08:00');
    await eventually(
      'a second execution of the period',
      () => executionsOf(id),
      (executions) =>
        executions.some((execution) => execution.status === 'RUNNING' && execution.name.endsWith('-2')),
    );
    await api.advanceTo(addDays(period.due, 16), '08:00');
    await api.readUntil(admin, reportPath(id), (body) => body.report.state === 'overdue');

    // A year after the period opened, and more, the late report still comes in and is accepted.
    await api.advanceTo(addDays(period.start, 480), '08:00');
    await submitAndWait(parties.commissioner.token, id, { ...firstYearlyReport }, 1);
    const confirm = `confirm-report.${id}`;
    await api.waitForTask(parties.demand.token, confirm);
    expect((await lifecycle.complete(parties.demand.token, confirm, 'dispute', '请核对')).status).toBe(200);
    await api.advanceClock(10 * 24 * 3600);
    await submitAndWait(
      parties.commissioner.token,
      id,
      { ...firstYearlyReport, narrative: '修订：全年成果。' },
      2,
    );
    await api.waitForTask(parties.demand.token, confirm);
    expect((await lifecycle.complete(parties.demand.token, confirm, 'confirm')).status).toBe(200);
    await api.waitForTask(admin, `review-report.${id}`);
    expect((await lifecycle.complete(admin, `review-report.${id}`, 'accept')).status).toBe(200);
    await api.readUntil(admin, reportPath(id), (body) => body.report.state === 'accepted');

    const now = Date.parse((await api.request('GET', '/local/clock')).body.now);
    const executions = await eventually(
      'every execution of the period ended',
      () => executionsOf(id),
      (all) => all.every((execution) => execution.status !== 'RUNNING'),
    );
    expect(executions.length).toBeGreaterThanOrEqual(2);
    for (const execution of executions) {
      const lived =
        Date.parse(execution.stopDate ?? new Date(now).toISOString()) - Date.parse(execution.startDate);
      expect(lived, execution.name).toBeLessThan(year);
    }
    expect(executions.map((execution) => execution.status)).toEqual(executions.map(() => 'SUCCEEDED'));
  });
});

const firstYearlyReport = {
  counts: outcomeCounts({ technicalProblemsSolved: 4 }),
  narrative: '全年解决技术难题四项。',
  evidence: [],
};
