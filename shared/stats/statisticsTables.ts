import { outcomeCategories } from '#shared/outcomes.ts';
import type { Cell, Sheet } from '#shared/spreadsheet/workbook.ts';
import type { ProgrammeStatistics, StatisticsRow } from '#shared/stats/statistics.ts';

/*
 * The tables the statistics page shows, defined once: the console draws them, the .xlsx download
 * writes one sheet each. Labels are the console catalogue's keys, said in the reader's language.
 */

/** The figures a breakdown's table shows before the outcome categories; a figure that is always 1 is left out. */
export type Figure = 'institution' | 'commissioners' | 'institutions' | 'enterprises' | 'reports';

export interface Breakdown {
  readonly heading: 'statistics.byYear' | 'statistics.byInstitution' | 'statistics.byCommissioner';
  readonly keyLabel: 'statistics.year' | 'statistics.institution' | 'statistics.commissioner';
  readonly figures: readonly Figure[];
  readonly rows: (statistics: ProgrammeStatistics) => readonly StatisticsRow[];
  readonly testId: string;
}

export const breakdowns: readonly Breakdown[] = [
  {
    heading: 'statistics.byYear',
    keyLabel: 'statistics.year',
    figures: ['commissioners', 'institutions', 'enterprises', 'reports'],
    rows: (statistics) => statistics.byYear,
    testId: 'by-year',
  },
  {
    heading: 'statistics.byInstitution',
    keyLabel: 'statistics.institution',
    figures: ['commissioners', 'enterprises', 'reports'],
    rows: (statistics) => statistics.byInstitution,
    testId: 'by-institution',
  },
  {
    heading: 'statistics.byCommissioner',
    keyLabel: 'statistics.commissioner',
    figures: ['institution', 'enterprises', 'reports'],
    rows: (statistics) => statistics.byCommissioner,
    testId: 'by-commissioner',
  },
];

export const figureLabels = {
  institution: 'statistics.institution',
  commissioners: 'statistics.commissioners',
  institutions: 'statistics.institutions',
  enterprises: 'statistics.enterprises',
  reports: 'statistics.reports',
} as const satisfies Record<Figure, string>;

/** The catalogue keys the tables are labelled with. */
export type StatisticsLabelKey =
  | Breakdown['heading']
  | Breakdown['keyLabel']
  | (typeof figureLabels)[Figure]
  | 'statistics.totals'
  | 'statistics.total'
  | 'agreement.category'
  | `outcome.${(typeof outcomeCategories)[number]}`;

/** One sheet per table of the page: the totals by category, then each breakdown with its total row. */
export function statisticsSheets(
  statistics: ProgrammeStatistics,
  label: (key: StatisticsLabelKey) => string,
): Sheet[] {
  const { total } = statistics;
  const totals: Sheet = {
    name: label('statistics.totals'),
    header: [label('agreement.category'), label('statistics.total')],
    rows: [
      ...(['commissioners', 'institutions', 'enterprises', 'reports'] as const).map((figure) => [
        label(figureLabels[figure]),
        total[figure],
      ]),
      ...outcomeCategories.map((category) => [label(`outcome.${category}`), total.outcomes[category]]),
    ],
  };
  const breakdownSheet = (breakdown: Breakdown): Sheet => {
    const cells = (row: StatisticsRow): Cell[] => [
      ...breakdown.figures.map((figure) =>
        figure === 'institution' ? (row.institution ?? '') : row[figure],
      ),
      ...outcomeCategories.map((category) => row.outcomes[category]),
    ];
    return {
      name: label(breakdown.heading),
      header: [
        label(breakdown.keyLabel),
        ...breakdown.figures.map((figure) => label(figureLabels[figure])),
        ...outcomeCategories.map((category) => label(`outcome.${category}`)),
      ],
      rows: [
        ...breakdown.rows(statistics).map((row) => [row.key, ...cells(row)]),
        [label('statistics.total'), ...cells({ ...total, institution: '' })],
      ],
    };
  };
  return [totals, ...breakdowns.map(breakdownSheet)];
}
