import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTemplate } from '#shared/programmeImport/importTemplate.ts';
import type { ImportedRow } from '#shared/programmeImport/workbookCheck.ts';
import { importLayouts } from '#shared/programmeImport/workbookLayout.ts';
import { checkWorkbook } from '#shared/programmeImport/workbookReader.ts';
import { UnreadableWorkbookError } from '#shared/spreadsheet/xlsxReader.ts';
import {
  creditCode,
  programmeEnterprises,
  programmeWorkbook,
  threeBatchProgramme,
  type WorkbookRows,
} from '#test/support/programmeWorkbook.ts';

const today = '2026-12-03';

let directory = '';
let files = 0;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'import-check-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Checks the workbook as the import reads an upload: from a file. */
async function check(bytes: Buffer) {
  const path = join(directory, `workbook-${++files}.xlsx`);
  await writeFile(path, bytes);
  const rows: ImportedRow[] = [];
  const result = await checkWorkbook(path, today, async (row) => {
    rows.push(row);
  });
  return { ...result, imported: rows };
}

/** The programme with one sheet's rows changed. */
function programmeWith(
  sheet: keyof WorkbookRows,
  change: (rows: Record<string, unknown>[]) => void,
): WorkbookRows {
  const programme = threeBatchProgramme();
  const rows = (programme[sheet] ?? []).map((row) => ({ ...row }));
  change(rows);
  return { ...programme, [sheet]: rows };
}

describe('the import template', () => {
  it('has the instructions, then a sheet per kind of record headed in Chinese and English', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(importTemplate() as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '说明 Instructions',
      '机构 Institutions',
      '企业 Enterprises',
      '特派员 Commissioners',
      '协议 Agreements',
      '报告 Reports',
    ]);
    const commissioners = workbook.getWorksheet('特派员 Commissioners');
    expect(commissioners?.getRow(1).values).toEqual([
      undefined,
      '邮箱 Email',
      '姓名 Name',
      '手机 Mobile phone',
      '所在机构 Institution',
      '职称 Title',
      '技术领域 Technical fields',
      '服务行业 Industries',
      '服务区域 Service areas',
      '批次（年份） Batch (year)',
    ]);
    const instructions = workbook.getWorksheet('说明 Instructions');
    const titleRow = instructions
      ?.getSheetValues()
      .find((row) => Array.isArray(row) && row[2] === '职称 Title') as unknown[] | undefined;
    expect(titleRow?.[3]).toBe('是 Yes');
    expect(titleRow?.[5]).toContain('教授 / Professor (professor)');
    const columnsListed = (instructions?.rowCount ?? 0) - 1;
    const generalNotes = 5;
    expect(columnsListed - generalNotes).toBe(
      importLayouts.reduce((sum, layout) => sum + layout.columns.length, 0),
    );
  });

  it('read back empty, checks with no problem and no row', async () => {
    const result = await check(importTemplate());
    expect(result.problemCount).toBe(0);
    expect(result.imported).toEqual([]);
  });
});

describe('checking a workbook', () => {
  it('reads a three-batch programme as the forms would have sent it: dates, labels, lists, hyperlinked addresses', async () => {
    const result = await check(await programmeWorkbook(threeBatchProgramme()));
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual({
      institutions: 2,
      enterprises: 3,
      commissioners: 3,
      agreements: 3,
      reports: 5,
    });
    const commissioner = result.imported.find((row) => row.sheet === 'commissioners');
    expect(commissioner).toEqual({
      sheet: 'commissioners',
      row: 2,
      record: {
        email: 'wang.fang@zju.example',
        name: '王芳',
        phone: '13857800001',
        homeInstitution: '浙江大学',
        title: 'professor',
        technicalFields: ['精密铸造', '阀门密封'],
        industries: ['advancedManufacturing'],
        serviceAreas: ['莲都区'],
        batch: '2018',
      },
    });
    const second = result.imported.filter((row) => row.sheet === 'commissioners')[1];
    expect(second?.record).toMatchObject({
      title: 'seniorEngineer',
      industries: ['foodProcessing', 'modernAgriculture'],
      serviceAreas: [],
    });
    const agreement = result.imported.find((row) => row.sheet === 'agreements');
    expect(agreement?.record).toMatchObject({
      reference: 'LD-2018-001',
      enterpriseCreditCode: programmeEnterprises[0].creditCode,
      terms: { termStart: '2018-03-01', termEnd: '2020-02-29', cadence: 'halfYearly' },
    });
    expect(agreement?.sheet === 'agreements' && agreement.record.terms.goals).toMatchObject({
      technicalProblemsSolved: 4,
      patentsApplied: 2,
      technicalTrainings: 0,
    });
    const report = result.imported.find((row) => row.sheet === 'reports');
    expect(report?.record).toMatchObject({
      agreementReference: 'LD-2018-001',
      periodStart: '2018-03-01',
      counts: { technicalProblemsSolved: 2, patentsApplied: 1, technicalTrainings: 0 },
      evidence: [{ kind: 'patentApplication', number: '200410018477.9' }],
    });
  });

  it('finds sheets and columns by their Chinese or their English names alone', async () => {
    for (const names of ['zh', 'en'] as const) {
      const result = await check(await programmeWorkbook(threeBatchProgramme(), { names }));
      expect(result.problems).toEqual([]);
      expect(result.rows.reports).toBe(5);
    }
  });

  it('names each mistake by sheet, row, column and code, with the forms’ own rules', async () => {
    const programme = threeBatchProgramme();
    const [, second] = programme.commissioners ?? [];
    const agreement = {
      reference: 'LD-2021-009',
      commissionerEmail: 'wang.fang@zju.example',
      enterpriseCreditCode: programmeEnterprises[0].creditCode,
      termStart: '2021-05-01',
      termEnd: '2022-04-30',
      cadence: 'yearly',
    };
    const bytes = await programmeWorkbook({
      ...programme,
      enterprises: [
        ...(programme.enterprises ?? []),
        { creditCode: '91331102MA2A00004X', name: '丽水市错误代码有限公司', contactEmail: 'x@example.com' },
      ],
      commissioners: [
        ...(programme.commissioners ?? []),
        {
          email: 'zhao.lei@zju.example',
          name: '赵磊',
          phone: '1385780000',
          homeInstitution: '浙江大学',
          title: '教授',
          technicalFields: '焊接',
          industries: '航天',
          batch: '18',
        },
        { ...second, email: 'zhou.min@nbu.example', homeInstitution: '宁波大学' },
        { ...second, name: '李强（重复）' },
      ],
      agreements: [
        ...(programme.agreements ?? []),
        {
          ...agreement,
          commissionerEmail: 'nobody@zju.example',
          enterpriseCreditCode: creditCode('91331102MA2A00009'),
        },
        { ...agreement, reference: 'LD-2021-010', termEnd: '2021-04-30' },
        { ...agreement, reference: 'LD-2021-011', cadence: 'weekly', 'goals.patentsApplied': -1 },
        // Names a commissioner whose own row is refused: that row's problems say it, not this one.
        { ...agreement, reference: 'LD-2021-012', commissionerEmail: 'zhao.lei@zju.example' },
      ],
      reports: [
        ...(programme.reports ?? []),
        { agreementReference: 'LD-2018-001', periodStart: '2018-04-01', narrative: '不是报告期的开始' },
        { agreementReference: 'LD-2099-001', periodStart: '2019-01-01', narrative: '协议不存在' },
        { agreementReference: 'LD-2019-001', periodStart: '2019-04-01', narrative: '重复的报告期' },
        { agreementReference: 'LD-2018-001', periodStart: '2019-03-01', 'counts.patentsApplied': 'two' },
      ],
    });
    const result = await check(bytes);
    const found = result.problems.map(({ sheet, row, column, code }) => `${sheet} ${row} ${column} ${code}`);
    expect(found).toEqual([
      'enterprises 5 A checkCharacter',
      'commissioners 5 C notMobile',
      'commissioners 5 G notOneOf',
      'commissioners 5 I yearFormat',
      'commissioners 7 A duplicateRow',
      'agreements 6 E notAfterStart',
      'agreements 7 J tooSmall',
      'agreements 7 F notOneOf',
      'reports 9 B duplicateRow',
      'reports 10 F notNumber',
      'reports 10 L required',
      // The references between the sheets, once all are read
      'commissioners 6 D notInSheet',
      'agreements 5 B notInSheet',
      'agreements 5 C notInSheet',
      'reports 7 B notAPeriodStart',
      'reports 8 A notInSheet',
    ]);
    expect(result.problemCount).toBe(found.length);
    const duplicate = result.problems.find((problem) => problem.code === 'duplicateRow');
    expect(duplicate).toMatchObject({ header: '邮箱 Email', params: { row: 3 } });
    const notInSheet = result.problems.find((problem) => problem.code === 'notInSheet');
    expect(notInSheet).toMatchObject({
      header: '所在机构 Institution',
      params: { value: '宁波大学', sheet: '机构 Institutions' },
    });
    const notStart = result.problems.find((problem) => problem.code === 'notAPeriodStart');
    expect(notStart?.params).toEqual({ starts: '2018-03-01, 2018-09-01, 2019-03-01, …' });
  });

  it('refuses a report of a period that has not ended: that period opens on its schedule instead', async () => {
    const programme = programmeWith('agreements', (rows) => {
      rows.push({
        reference: 'LD-2026-001',
        commissionerEmail: 'wang.fang@zju.example',
        enterpriseCreditCode: programmeEnterprises[0].creditCode,
        termStart: '2026-01-01',
        termEnd: '2027-12-31',
        cadence: 'halfYearly',
      });
    });
    const bytes = await programmeWorkbook({
      ...programme,
      reports: [
        { agreementReference: 'LD-2026-001', periodStart: '2026-01-01', narrative: '上半年' },
        { agreementReference: 'LD-2026-001', periodStart: '2026-07-01', narrative: '下半年' },
      ],
    });
    const result = await check(bytes);
    expect(result.problems).toEqual([
      expect.objectContaining({
        sheet: 'reports',
        row: 3,
        column: 'B',
        code: 'periodNotEnded',
        params: { end: '2026-12-31' },
      }),
    ]);
  });

  it('names a required column the header lacks, and reads none of that sheet’s rows', async () => {
    const result = await check(await programmeWorkbook(threeBatchProgramme(), { withoutColumns: ['phone'] }));
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        sheet: 'commissioners',
        row: 1,
        code: 'missingColumn',
        params: { column: '手机 Mobile phone' },
      }),
    );
    expect(result.rows.commissioners).toBe(0);
  });

  it('refuses what is not a workbook, and a workbook with none of the sheets', async () => {
    await expect(check(Buffer.from('%PDF-1.7 not a workbook'))).rejects.toBeInstanceOf(
      UnreadableWorkbookError,
    );
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Budget').addRow(['Item', 'Amount']);
    await expect(check(Buffer.from(await other.xlsx.writeBuffer()))).rejects.toThrow(/none of the sheets/);
  });

  it('lists at most a thousand problems and counts the rest', async () => {
    const reports = Array.from({ length: 600 }, (_, index) => ({
      agreementReference: `LD-X-${index}`,
      periodStart: 'soon',
      narrative: '',
    }));
    const result = await check(await programmeWorkbook({ ...threeBatchProgramme(), reports }));
    expect(result.problems).toHaveLength(1000);
    expect(result.problemCount).toBe(1200);
  });
});
