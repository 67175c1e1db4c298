import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonthsClamped, chinaDate } from '#shared/chinaTime.ts';
import { type OutcomeCategory, outcomeCategories } from '#shared/outcomes.ts';
import { importedAgreementId } from '#shared/programmeImport/importedRecords.ts';
import { ApiClient, outcomeCounts } from '#test/support/apiClient.ts';
import { eventually } from '#test/support/eventually.ts';
import { Lifecycle } from '#test/support/lifecycle.ts';
import {
  programmeEnterprises,
  programmeWorkbook,
  threeBatchProgramme,
  type WorkbookRows,
} from '#test/support/programmeWorkbook.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/*
 * Adopting the system mid-programme, through the HTTP API and the runtime's own S3 and workflows:
 * a three-batch programme begun in 2018 is imported from its workbook (a workbook with mistakes
 * first, which writes nothing), goes on live from today, and the statistics show every year.
 */

let runtime: RuntimeProcess;
let api: ApiClient;
let admin: string;
let lifecycle: Lifecycle;

/** The first day of this month, China time: the continuing agreement's current period starts on it. */
const thisMonth = `${chinaDate(new Date()).slice(0, 8)}01`;

/** The programme, with an agreement that began before today and runs on, reporting monthly. */
function programmeRunningOn(): WorkbookRows {
  const programme = threeBatchProgramme();
  return {
    ...programme,
    agreements: [
      ...(programme.agreements ?? []),
      {
        reference: 'LD-2020-002',
        commissionerEmail: 'chen.jing@zju.example',
        enterpriseCreditCode: programmeEnterprises[1].creditCode,
        termStart: addMonthsClamped(thisMonth, -2),
        termEnd: addDays(addMonthsClamped(thisMonth, 4), -1),
        cadence: 'monthly',
      },
    ],
    reports: [
      ...(programme.reports ?? []),
      {
        agreementReference: 'LD-2020-002',
        periodStart: addMonthsClamped(thisMonth, -2),
        'counts.technicalTrainings': 2,
        narrative: '两次员工培训。',
      },
    ],
  };
}

/** The workbook's accepted counts, summed per year the period ends in (the statistics' rule). */
function workbookTotals(rows: WorkbookRows): {
  byYear: Map<string, number>;
  counts: Record<OutcomeCategory, number>;
} {
  const counts = outcomeCounts();
  const byYear = new Map<string, number>();
  const terms = new Map((rows.agreements ?? []).map((agreement) => [agreement.reference, agreement]));
  for (const report of rows.reports ?? []) {
    for (const category of outcomeCategories) counts[category] += Number(report[`counts.${category}`] ?? 0);
    const agreement = terms.get(String(report.agreementReference));
    const start =
      report.periodStart instanceof Date ? chinaDate(report.periodStart) : String(report.periodStart);
    const months = { monthly: 1, 每半年: 6, halfYearly: 6 }[String(agreement?.cadence)] ?? 12;
    const year = addDays(addMonthsClamped(start, months), -1).slice(0, 4);
    byYear.set(year, (byYear.get(year) ?? 0) + 1);
  }
  return { byYear, counts };
}

const statistics = async () => (await api.request('GET', '/stats', { token: admin })).body.statistics;

beforeAll(async () => {
  runtime = await startRuntimeProcess(await freshDataDir());
  api = new ApiClient(runtime.url);
  admin = await api.signIn('admin@kjj.example.gov.cn', 'admin');
  lifecycle = new Lifecycle(api, admin);
});

afterAll(async () => {
  await runtime?.stop();
});

describe('importing a programme already running', () => {
  it('refuses a workbook with mistakes with a problem per cell, and writes nothing', async () => {
    const programme = programmeRunningOn();
    const bytes = await programmeWorkbook({
      ...programme,
      commissioners: (programme.commissioners ?? []).map((row, index) =>
        index === 1 ? { ...row, phone: '1385780000' } : row,
      ),
      reports: [
        ...(programme.reports ?? []),
        { agreementReference: 'LD-2099-001', periodStart: '2019-01-01', narrative: '?' },
      ],
    });

    const refused = await api.checkedImport(admin, bytes, '莲都区特派员（有误）.xlsx');

    // The agreement naming the refused commissioner is not told it names nobody.
    expect(refused).toMatchObject({ state: 'refused', problemCount: 2, problemPages: 1 });
    const path = `/imports/${encodeURIComponent(String(refused.id))}`;
    const problems = (await api.request('GET', `${path}/problems`, { token: admin })).body;
    expect(problems.problems).toEqual([
      expect.objectContaining({
        sheet: 'commissioners',
        row: 3,
        column: 'C',
        header: '手机 Mobile phone',
        code: 'notMobile',
      }),
      expect.objectContaining({
        sheet: 'reports',
        row: 8,
        column: 'A',
        code: 'notInSheet',
        params: { value: 'LD-2099-001', sheet: '协议 Agreements' },
      }),
    ]);
    // Its problem pages are items of the import's table, never read as an import.
    expect((await api.request('GET', `${path}.problems.0`, { token: admin })).status).toBe(404);
    // Refused, it cannot be confirmed; and nothing of the programme was written.
    expect((await api.request('POST', `${path}/confirm`, { token: admin })).status).toBe(409);
    expect((await api.request('GET', '/agreements', { token: admin })).body.items).toEqual([]);
    expect((await statistics()).byYear).toEqual([]);
  });

  it('imports a three-batch programme begun in 2018, goes on live from today, and counts every year', async () => {
    const rows = programmeRunningOn();
    const bytes = await programmeWorkbook(rows);

    const checked = await api.checkedImport(admin, bytes, '莲都区特派员.xlsx');
    expect(checked).toMatchObject({
      state: 'checked',
      problemCount: 0,
      rows: { institutions: 2, enterprises: 3, commissioners: 3, agreements: 4, reports: 6 },
    });
    const path = `/imports/${encodeURIComponent(String(checked.id))}`;
    // The workflow takes a moment to wait for the confirmation after the check.
    await api.readUntil(admin, path, (body) => body.import.confirmable);
    const confirmed = await api.request('POST', `${path}/confirm`, { token: admin });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(202);
    const imported = (
      await api.readUntil(admin, path, (body) => ['imported', 'failed'].includes(body.import.state))
    ).import;
    expect(imported.failure).toBeUndefined();
    expect(imported.written).toMatchObject({
      institutions: { created: 2, present: 0 },
      enterprises: { created: 3, present: 0 },
      commissioners: { created: 3, present: 0 },
      agreements: { created: 4, present: 0 },
      reports: { created: 6, present: 0 },
    });

    // Every year from 2018, each with the workbook's reports; the totals its sums.
    const expected = workbookTotals(rows);
    const after = await statistics();
    const years = after.byYear.map((row: { key: string }) => row.key);
    expect(years.slice(0, 4)).toEqual(['2018', '2019', '2020', '2021']);
    expect(years).toEqual([...expected.byYear.keys()].sort());
    for (const row of after.byYear as { key: string; reports: number }[]) {
      expect(row.reports, row.key).toBe(expected.byYear.get(row.key));
    }
    expect(after.total.outcomes).toEqual(expected.counts);
    expect(after.since).toBe('2018-03-01');

    // An imported agreement says where it came from, in its audit trail too; its past periods
    // without a report are unreported, and nobody was emailed about them.
    const first = (
      await api.request('GET', `/agreements/${encodeURIComponent(importedAgreementId('LD-2018-001'))}`, {
        token: admin,
      })
    ).body.agreement;
    expect(first).toMatchObject({
      state: 'active',
      imported: {
        fileName: '莲都区特派员.xlsx',
        row: { sheet: 'agreements', number: 2, key: 'LD-2018-001' },
      },
    });
    expect(first.imported.fileHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.audit).toEqual([
      expect.objectContaining({
        action: 'import',
        to: 'active',
        reason: expect.stringContaining(first.imported.fileHash),
      }),
    ]);
    expect(first.reportPeriods.map((period: { state: string }) => period.state)).toEqual([
      'accepted',
      'unreported',
      'accepted',
      'unreported',
    ]);
    expect(await api.outboxTo('wang.fang@zju.example')).toEqual([]);
    expect(await api.invitationsTo('wang.fang@zju.example')).toEqual([]);
    // The commissioner whose agreement runs on is invited to sign in, once.
    expect(imported.invited).toBe(1);
    expect(await api.invitationsTo('chen.jing@zju.example')).toHaveLength(1);

    // The agreement that runs on: its current period opens as any agreement's does, and its
    // commissioner reports it live, confirmed by the enterprise and accepted by the bureau.
    const runningId = importedAgreementId('LD-2020-002');
    const currentPeriod = `${runningId}.period-3`;
    const commissioner = await api.signIn('chen.jing@zju.example', 'commissioner');
    const enterprise = await api.signIn(
      programmeEnterprises[1].contactEmail,
      'enterprise',
      programmeEnterprises[1].name,
    );
    await api.waitForTask(admin, `submit-report.${currentPeriod}`);
    const live = outcomeCounts({ technicalProblemsSolved: 1, scienceTechProjects: 1 });
    const submitted = await api.request('POST', `/reports/${encodeURIComponent(currentPeriod)}/versions`, {
      token: commissioner,
      body: { counts: live, narrative: '本月解决保鲜工艺问题，立项一项。' },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    expect((await lifecycle.complete(enterprise, `confirm-report.${currentPeriod}`, 'confirm')).status).toBe(
      200,
    );
    expect((await lifecycle.complete(admin, `review-report.${currentPeriod}`, 'accept')).status).toBe(200);
    const withLive = await eventually(
      'the live report counted',
      statistics,
      (figures) => figures.total.reports === after.total.reports + 1,
    );
    for (const category of outcomeCategories) {
      expect(withLive.total.outcomes[category], category).toBe(expected.counts[category] + live[category]);
    }
    const running = (
      await api.request('GET', `/agreements/${encodeURIComponent(runningId)}`, { token: admin })
    ).body.agreement;
    expect(running.reportPeriods.map((period: { state: string }) => period.state)).toEqual([
      'accepted',
      'unreported',
      'accepted',
      'scheduled',
      'scheduled',
      'scheduled',
    ]);

    // The same workbook again: checked, confirmed, and nothing changes.
    const again = await api.checkedImport(admin, bytes, '莲都区特派员.xlsx');
    expect(again.state).toBe('checked');
    const againPath = `/imports/${encodeURIComponent(String(again.id))}`;
    await api.readUntil(admin, againPath, (body) => body.import.confirmable);
    expect((await api.request('POST', `${againPath}/confirm`, { token: admin })).status).toBe(202);
    const second = (await api.readUntil(admin, againPath, (body) => body.import.state === 'imported')).import;
    expect(second.written).toMatchObject({
      institutions: { created: 0, present: 2 },
      enterprises: { created: 0, present: 3 },
      commissioners: { created: 0, present: 3 },
      agreements: { created: 0, present: 4 },
      reports: { created: 0, present: 6 },
      periods: { created: 0 },
    });
    expect(second.invited).toBe(0);
    expect(await statistics()).toEqual(withLive);
    const listed = (await api.request('GET', '/imports', { token: admin })).body.imports;
    expect(listed.map((entry: { state: string }) => entry.state)).toEqual([
      'imported',
      'imported',
      'refused',
    ]);
  });
});
