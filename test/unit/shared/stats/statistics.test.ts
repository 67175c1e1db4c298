import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type OutcomeCategory, outcomeCategories } from '#shared/outcomes.ts';
import {
  type AcceptedContribution,
  programmeStatistics,
  statisticsCsv,
  summaryParagraph,
} from '#shared/stats/statistics.ts';
import { statisticsLabel } from '#shared/stats/statisticsLabels.ts';
import { statisticsSheets } from '#shared/stats/statisticsTables.ts';

const counts = (values: Partial<Record<OutcomeCategory, number>>) =>
  Object.fromEntries(outcomeCategories.map((category) => [category, values[category] ?? 0])) as Record<
    OutcomeCategory,
    number
  >;

const contribution = (
  commissionerId: string,
  institution: string,
  enterprise: string,
  end: string,
  values: Partial<Record<OutcomeCategory, number>>,
): AcceptedContribution => ({
  reportId: `${commissionerId}-${end}`,
  start: `${end.slice(0, 8)}01`,
  end,
  commissionerId,
  commissionerName: `专家${commissionerId}`,
  institution,
  enterprise,
  counts: counts(values),
});

const contributions = [
  contribution('a', '浙江大学', '甲公司', '2018-12-31', { technicalProblemsSolved: 3, patentsApplied: 2 }),
  contribution('a', '浙江大学', '甲公司', '2019-03-31', {
    technicalProblemsSolved: 1,
    technicalTrainings: 2,
  }),
  contribution('b', '浙江工业大学', '乙公司', '2019-06-30', { technicalTrainings: 1, patentsApplied: 5 }),
  contribution('c', '浙江大学', '甲公司', '2019-06-30', { technicalProblemsSolved: 2 }),
];

describe('programmeStatistics', () => {
  const statistics = programmeStatistics(contributions);

  it('totals people, places and outcomes, counting each commissioner, institution and enterprise once', () => {
    expect(statistics.since).toBe('2018-12-01');
    expect(statistics.total).toMatchObject({
      commissioners: 3,
      institutions: 2,
      enterprises: 2,
      reports: 4,
      outcomes: counts({ technicalProblemsSolved: 6, technicalTrainings: 3, patentsApplied: 7 }),
    });
  });

  it('breaks the figures down by the year a period ends, by institution and by commissioner', () => {
    expect(
      statistics.byYear.map((row) => [row.key, row.commissioners, row.outcomes.technicalProblemsSolved]),
    ).toEqual([
      ['2018', 1, 3],
      ['2019', 3, 3],
    ]);
    expect(statistics.byInstitution.map((row) => [row.key, row.commissioners, row.reports])).toEqual([
      ['浙江大学', 2, 3],
      ['浙江工业大学', 1, 1],
    ]);
    expect(
      statistics.byCommissioner.map((row) => [row.key, row.institution, row.outcomes.patentsApplied]),
    ).toEqual([
      ['专家a', '浙江大学', 2],
      ['专家b', '浙江工业大学', 5],
      ['专家c', '浙江大学', 0],
    ]);
  });

  it('is all zeros, with no start, when nothing was accepted', () => {
    const empty = programmeStatistics([]);
    expect(empty.since).toBeUndefined();
    expect(empty.total.outcomes).toEqual(counts({}));
    expect(empty.byYear).toEqual([]);
  });
});

describe('summaryParagraph', () => {
  it('reads the figures the way the bureau reports them, in English and in Chinese', () => {
    const statistics = programmeStatistics(contributions);
    expect(summaryParagraph(statistics, 'en')).toBe(
      'Since December 2018, 3 commissioners from 2 institutions have served 2 enterprises, and have solved 6 technical problems, given 3 technical trainings and applied for 7 patents.',
    );
    expect(summaryParagraph(statistics, 'zh-CN')).toBe(
      '自2018年12月以来，来自2所高校院所的3名产业科技特派员服务企业2家，解决技术难题6个，开展技术培训3次，申请专利7件。',
    );
  });

  it('says plainly when nothing was accepted yet', () => {
    expect(summaryParagraph(programmeStatistics([]), 'en')).toBe('No outcome report has been accepted yet.');
  });
});

describe('statisticsCsv', () => {
  it('writes one row per breakdown entry under one header, quoting and defusing cells', () => {
    const csv = statisticsCsv(
      programmeStatistics([
        contribution('x', '=HYPERLINK("x")', '丙, 公司', '2020-01-31', { patentsGranted: 1 }),
      ]),
    );
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      `breakdown,key,id,institution,commissioners,institutions,enterprises,reports,${outcomeCategories.join(',')}`,
    );
    expect(lines.map((line) => line.split(',')[0])).toEqual([
      'breakdown',
      'total',
      'year',
      'institution',
      'commissioner',
    ]);
    expect(lines[3]).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('statisticsCsv read back by a standard CSV parser', () => {
  const institutionRow = (csv: string) => {
    // A line break is any of CR LF, CR or LF, as spreadsheet programs read one.
    const records: string[][] = parse(csv, { bom: true, record_delimiter: ['\r\n', '\r', '\n'] });
    const rows = records.filter((record) => record[0] === 'institution');
    expect(rows).toHaveLength(1);
    return { records, cell: rows[0]?.[1] };
  };

  it('keeps a name with a carriage return and a formula after it in one cell of one row', () => {
    const name = "恶意大学\r+cmd|' /C calc'!A0";
    const { records, cell } = institutionRow(
      statisticsCsv(programmeStatistics([contribution('x', name, '甲公司', '2020-01-31', {})])),
    );
    expect(records).toHaveLength(5);
    expect(new Set(records.map((record) => record.length)).size).toBe(1);
    expect(cell).toBe(name);
  });

  it('defuses formula starters after leading whitespace, tab and carriage return included', () => {
    for (const name of [' =1+1', '\t=1+1', '\r+1', '-2', '@SUM(A1)', '\t', '  \r\n@x']) {
      const { cell } = institutionRow(
        statisticsCsv(programmeStatistics([contribution('x', name, '甲公司', '2020-01-31', {})])),
      );
      expect(cell, JSON.stringify(name)).toBe(`'${name}`);
    }
  });

  it('gives back every name as written, or with one apostrophe before a formula starter', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }), (name) => {
        const { records, cell } = institutionRow(
          statisticsCsv(programmeStatistics([contribution('x', name, '甲公司', '2020-01-31', {})])),
        );
        expect(records).toHaveLength(5);
        expect(cell).toBe(/^\s*[=+\-@\t\r]/.test(name) ? `'${name}` : name);
      }),
    );
  });
});

describe('summaryParagraph in English', () => {
  it('uses the singular for one', () => {
    const one = programmeStatistics([
      contribution('a', '浙江大学', '甲公司', '2020-06-30', { technicalTrainings: 1, patentsApplied: 2 }),
    ]);
    expect(summaryParagraph(one, 'en')).toBe(
      'Since June 2020, 1 commissioner from 1 institution has served 1 enterprise, and has given 1 technical training and applied for 2 patents.',
    );
  });
});

describe('the commissioner rows', () => {
  it('keep two commissioners of the same name apart, by id', () => {
    const twins = programmeStatistics([
      { ...contribution('a', '浙江大学', '甲公司', '2020-06-30', {}), commissionerName: '王伟' },
      { ...contribution('b', '宁波大学', '乙公司', '2020-06-30', {}), commissionerName: '王伟' },
    ]);
    expect(twins.byCommissioner.map((row) => [row.key, row.id])).toEqual([
      ['王伟', 'a'],
      ['王伟', 'b'],
    ]);
  });
});

describe('statisticsCsv in a reader’s language', () => {
  it('names the columns and the tables as the statistics page does', () => {
    const records: string[][] = parse(
      statisticsCsv(programmeStatistics(contributions), statisticsLabel('zh-CN')),
      {
        bom: true,
      },
    );
    expect(records[0]?.slice(0, 9)).toEqual([
      '统计表',
      '年度、派出单位或特派员',
      '特派员编号',
      '派出单位',
      '特派员',
      '派出单位',
      '服务企业',
      '通过的报告',
      '产业提升报告',
    ]);
    expect(records.map((record) => record[0])).toEqual([
      '统计表',
      '合计',
      '按年度',
      '按年度',
      '按派出单位',
      '按派出单位',
      '按特派员',
      '按特派员',
      '按特派员',
    ]);
  });
});

describe('statisticsSheets', () => {
  it('makes one sheet per table of the page, each breakdown ending in its total, in the reader’s language', () => {
    const sheets = statisticsSheets(programmeStatistics(contributions), statisticsLabel('en'));
    expect(sheets.map((sheet) => sheet.name)).toEqual([
      'Totals',
      'By year',
      'By institution',
      'By commissioner',
    ]);
    const [totals, byYear, , byCommissioner] = sheets;
    expect(totals?.rows.slice(0, 5)).toEqual([
      ['Commissioners', 3],
      ['Institutions', 2],
      ['Enterprises served', 2],
      ['Accepted reports', 4],
      ['Industry improvement reports', 0],
    ]);
    expect(byYear?.header.slice(0, 6)).toEqual([
      'Year',
      'Commissioners',
      'Institutions',
      'Enterprises served',
      'Accepted reports',
      'Industry improvement reports',
    ]);
    expect(byYear?.rows.map((row) => row.slice(0, 5))).toEqual([
      ['2018', 1, 1, 1, 1],
      ['2019', 3, 2, 2, 3],
      ['Total', 3, 2, 2, 4],
    ]);
    expect(byCommissioner?.header.slice(0, 4)).toEqual([
      'Commissioner',
      'Institution',
      'Enterprises served',
      'Accepted reports',
    ]);
    expect(byCommissioner?.rows.at(-1)?.slice(0, 2)).toEqual(['Total', '']);
  });
});
