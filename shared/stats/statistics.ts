import { yearOf } from '#shared/chinaTime.ts';
import { type OutcomeCategory, type OutcomeCounts, outcomeCategories } from '#shared/outcomes.ts';

/*
 * The programme's statistics as the bureau reports them, computed from accepted reports
 * only: nothing is typed in. Pure and free of zod, so the console can use the same shapes.
 */

/** What one accepted report contributes: its last version's counts, and who and where. */
export interface AcceptedContribution {
  readonly reportId: string;
  /** The period's first and last day; a report counts in the year its period ends. */
  readonly start: string;
  readonly end: string;
  readonly commissionerId: string;
  readonly commissionerName: string;
  readonly institution: string;
  readonly enterprise: string;
  readonly counts: OutcomeCounts;
}

export interface StatisticsRow {
  /** The year, the institution or the commissioner (by name) the row is about. */
  readonly key: string;
  /** A commissioner row's commissioner id: two commissioners may share a name. */
  readonly id?: string;
  /** The institution of a commissioner row. */
  readonly institution?: string;
  readonly commissioners: number;
  readonly institutions: number;
  readonly enterprises: number;
  readonly reports: number;
  readonly outcomes: OutcomeCounts;
}

export interface ProgrammeStatistics {
  /** The first day of the earliest accepted period, or undefined with none accepted. */
  readonly since?: string;
  readonly total: StatisticsRow;
  readonly byYear: readonly StatisticsRow[];
  readonly byInstitution: readonly StatisticsRow[];
  readonly byCommissioner: readonly StatisticsRow[];
}

const zeroCounts = (): Record<OutcomeCategory, number> =>
  Object.fromEntries(outcomeCategories.map((category) => [category, 0])) as Record<OutcomeCategory, number>;

function row(
  key: string,
  contributions: readonly AcceptedContribution[],
  commissioner?: { readonly id: string; readonly institution: string },
): StatisticsRow {
  const outcomes = zeroCounts();
  for (const contribution of contributions) {
    for (const category of outcomeCategories) outcomes[category] += contribution.counts[category];
  }
  return {
    key,
    ...(commissioner === undefined ? {} : { id: commissioner.id, institution: commissioner.institution }),
    commissioners: new Set(contributions.map((c) => c.commissionerId)).size,
    institutions: new Set(contributions.map((c) => c.institution)).size,
    enterprises: new Set(contributions.map((c) => c.enterprise)).size,
    reports: contributions.length,
    outcomes,
  };
}

function groupBy(
  contributions: readonly AcceptedContribution[],
  keyOf: (contribution: AcceptedContribution) => string,
): Map<string, AcceptedContribution[]> {
  const groups = new Map<string, AcceptedContribution[]>();
  for (const contribution of contributions) {
    const key = keyOf(contribution);
    groups.set(key, [...(groups.get(key) ?? []), contribution]);
  }
  return groups;
}

export function programmeStatistics(contributions: readonly AcceptedContribution[]): ProgrammeStatistics {
  const since = contributions.map((c) => c.start).sort()[0];
  const byYear = [...groupBy(contributions, (c) => yearOf(c.end))]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([year, group]) => row(year, group));
  const byInstitution = [...groupBy(contributions, (c) => c.institution)]
    .map(([institution, group]) => row(institution, group))
    .sort((a, b) => b.reports - a.reports || a.key.localeCompare(b.key));
  const byCommissioner = [...groupBy(contributions, (c) => c.commissionerId)]
    .map(([, group]) => {
      const first = group[0] as AcceptedContribution;
      return row(first.commissionerName, group, { id: first.commissionerId, institution: first.institution });
    })
    .sort((a, b) => a.key.localeCompare(b.key));
  return {
    ...(since ? { since } : {}),
    total: row('total', contributions),
    byYear,
    byInstitution,
    byCommissioner,
  };
}

/** How each category reads in the summary: English singular and plural, and Chinese. */
const summaryPhrases: Record<OutcomeCategory, { one: string; many: string; zh: string }> = {
  industryImprovementReports: {
    one: 'written {n} industry improvement report',
    many: 'written {n} industry improvement reports',
    zh: '撰写产业提升报告{n}篇',
  },
  technicalProblemsSolved: {
    one: 'solved {n} technical problem',
    many: 'solved {n} technical problems',
    zh: '解决技术难题{n}个',
  },
  technicalTrainings: {
    one: 'given {n} technical training',
    many: 'given {n} technical trainings',
    zh: '开展技术培训{n}次',
  },
  patentsApplied: { one: 'applied for {n} patent', many: 'applied for {n} patents', zh: '申请专利{n}件' },
  patentsGranted: { one: 'been granted {n} patent', many: 'been granted {n} patents', zh: '获授权专利{n}件' },
  scienceTechProjects: {
    one: 'won {n} science-and-technology project',
    many: 'won {n} science-and-technology projects',
    zh: '立项科技项目{n}项',
  },
  enterpriseTechCentres: {
    one: 'set up {n} enterprise technology centre',
    many: 'set up {n} enterprise technology centres',
    zh: '建设企业技术中心{n}个',
  },
  highTechEnterprises: {
    one: 'helped {n} enterprise to high-tech certification',
    many: 'helped {n} enterprises to high-tech certification',
    zh: '帮助{n}家企业通过高新技术企业认定',
  },
  postdoctoralWorkstations: {
    one: 'established {n} postdoctoral workstation',
    many: 'established {n} postdoctoral workstations',
    zh: '建立博士后工作站{n}个',
  },
};

const englishMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The paragraph the bureau puts in its reports, generated from the figures, in English or Chinese. */
export function summaryParagraph(statistics: ProgrammeStatistics, language: 'en' | 'zh-CN'): string {
  const { total, since } = statistics;
  if (!since) {
    return language === 'en' ? 'No outcome report has been accepted yet.' : '尚无审核通过的成果报告。';
  }
  const year = yearOf(since);
  const month = Number(since.slice(5, 7));
  const achieved = outcomeCategories.filter((category) => total.outcomes[category] > 0);
  const phrase = (category: OutcomeCategory) => {
    const n = total.outcomes[category];
    const phrases = summaryPhrases[category];
    return (language === 'zh-CN' ? phrases.zh : n === 1 ? phrases.one : phrases.many).replace(
      '{n}',
      String(n),
    );
  };
  if (language === 'en') {
    const list = achieved.map(phrase);
    const listed =
      list.length > 1
        ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`
        : (list[0] ?? 'reported no outcomes yet');
    const counted = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
    const have = total.commissioners === 1 ? 'has' : 'have';
    return `Since ${englishMonths[month - 1]} ${year}, ${counted(total.commissioners, 'commissioner')} from ${counted(total.institutions, 'institution')} ${have} served ${counted(total.enterprises, 'enterprise')}, and ${have} ${listed}.`;
  }
  const list = achieved.map(phrase);
  return `自${year}年${month}月以来，来自${total.institutions}所高校院所的${total.commissioners}名产业科技特派员服务企业${total.enterprises}家，${list.length > 0 ? list.join('，') : '尚无成果'}。`;
}

/**
 * One cell, as RFC 4180 writes it: quoted when it holds a quote, a comma, a carriage return or a
 * line feed. Text a spreadsheet would run as a formula (=, +, -, @, a tab or a carriage return
 * first, after any leading whitespace) gets a leading apostrophe, as OWASP advises for CSV
 * injection. Figures are numbers the system computed, written as they are.
 */
function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^\s*[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The CSV's column and breakdown names: ids for programs, or a reader's words. */
export type CsvLabel = (key: StatisticsCsvLabelKey) => string;
export type StatisticsCsvLabelKey =
  | 'statistics.csvTable'
  | 'statistics.csvKey'
  | 'statistics.csvCommissionerId'
  | 'statistics.institution'
  | 'statistics.commissioners'
  | 'statistics.institutions'
  | 'statistics.enterprises'
  | 'statistics.reports'
  | 'statistics.total'
  | 'statistics.byYear'
  | 'statistics.byInstitution'
  | 'statistics.byCommissioner'
  | `outcome.${OutcomeCategory}`;

/** The ids a program reads the CSV by, when no reader's language is asked for. */
const csvIds: Record<StatisticsCsvLabelKey, string> = {
  'statistics.csvTable': 'breakdown',
  'statistics.csvKey': 'key',
  'statistics.csvCommissionerId': 'id',
  'statistics.institution': 'institution',
  'statistics.commissioners': 'commissioners',
  'statistics.institutions': 'institutions',
  'statistics.enterprises': 'enterprises',
  'statistics.reports': 'reports',
  'statistics.total': 'total',
  'statistics.byYear': 'year',
  'statistics.byInstitution': 'institution',
  'statistics.byCommissioner': 'commissioner',
  ...(Object.fromEntries(outcomeCategories.map((category) => [`outcome.${category}`, category])) as Record<
    `outcome.${OutcomeCategory}`,
    string
  >),
};

/**
 * Every row of every breakdown in one CSV table, one column per figure; the header and the
 * breakdowns' names in the reader's words when `label` is given, else as ids.
 */
export function statisticsCsv(
  statistics: ProgrammeStatistics,
  label: CsvLabel = (key) => csvIds[key],
): string {
  const header = [
    label('statistics.csvTable'),
    label('statistics.csvKey'),
    label('statistics.csvCommissionerId'),
    label('statistics.institution'),
    label('statistics.commissioners'),
    label('statistics.institutions'),
    label('statistics.enterprises'),
    label('statistics.reports'),
    ...outcomeCategories.map((category) => label(`outcome.${category}`)),
  ];
  const lines = [header.map(csvCell).join(',')];
  const add = (breakdown: string, rows: readonly StatisticsRow[]) => {
    for (const r of rows) {
      lines.push(
        [
          breakdown,
          r.key,
          r.id ?? '',
          r.institution ?? '',
          r.commissioners,
          r.institutions,
          r.enterprises,
          r.reports,
          ...outcomeCategories.map((category) => r.outcomes[category]),
        ]
          .map(csvCell)
          .join(','),
      );
    }
  };
  add(label('statistics.total'), [{ ...statistics.total, key: label('statistics.total') }]);
  add(label('statistics.byYear'), statistics.byYear);
  add(label('statistics.byInstitution'), statistics.byInstitution);
  add(label('statistics.byCommissioner'), statistics.byCommissioner);
  return `${lines.join('\r\n')}\r\n`;
}
