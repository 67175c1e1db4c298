import { type Breakdown, breakdowns, figureLabels } from '#shared/stats/statisticsTables.ts';
import { api } from './api.ts';
import type { StackedBars } from './charts.ts';
import { h, replaceContent } from './dom.ts';
import { locale, type MessageKey, t } from './i18n.ts';
import { statisticsRoute } from './links.ts';
import { outcomeCategories, type ProgrammeStatistics, type StatisticsRow } from './model.ts';
import type { PageContext } from './page.ts';
import { downloadButton, errorNotice, loadingNotice, pageHeading, refreshButton } from './ui.ts';

/** The programme's figures from accepted reports: for every year (`#/stats`) or one (`#/stats/2027`). */
export async function renderStatistics({ root, params, reload }: PageContext): Promise<void> {
  const year = params[0];
  const downloadError = h('div', { 'data-testid': 'download-error' });
  const content = h('div', {}, loadingNotice());
  root.append(
    pageHeading(
      t('statistics.heading'),
      statisticsDownload('xlsx', year, downloadError),
      statisticsDownload('csv', year, downloadError),
      refreshButton(reload),
    ),
    downloadError,
    h('p', { class: 'lead' }, t('statistics.intro')),
    content,
  );
  try {
    // Every year's figures name the years to choose from; one year's are asked for on their own. Chart.js
    // comes with them, loaded on this page only.
    const [all, chosen, charts] = await Promise.all([
      api.getStatistics(),
      year === undefined ? undefined : api.getStatistics(year),
      import('./charts.ts'),
    ]);
    const { statistics, summary } = chosen ?? all;
    charts.releaseDetachedCharts();
    const drawings: (() => void)[] = [];
    const chart = (label: string, testId: string, bars: StackedBars): HTMLElement => {
      const canvas = h('canvas', { role: 'img', 'aria-label': label, 'data-testid': testId }, label);
      const box = h('div', { class: 'chart' }, canvas);
      if (bars.horizontal) {
        // Room for each bar and the legend, set through the CSSOM: the policy forbids style attributes.
        box.style.height = `${Math.max(200, 48 * bars.labels.length + 140)}px`;
      }
      drawings.push(() => charts.drawStackedBars(canvas, bars));
      return box;
    };
    replaceContent(
      content,
      yearFilter(
        all.statistics.byYear.map((row) => row.key),
        year,
      ),
      h('p', { class: 'panel summary-paragraph', 'data-testid': 'stats-summary' }, summary[locale()]),
      ...(statistics.total.reports === 0 ? [] : figuresSections(statistics, chart)),
    );
    // Drawn once on the page, where Chart.js can size each canvas to its box.
    for (const draw of drawings) draw();
  } catch (error) {
    replaceContent(content, errorNotice(error));
  }
}

function yearFilter(years: readonly string[], chosen: string | undefined): HTMLElement {
  // A year typed into the address may have no figures; it is offered all the same, as chosen.
  const offered = chosen === undefined || years.includes(chosen) ? years : [...years, chosen].sort();
  const select = h(
    'select',
    {
      id: 'statistics-year',
      'data-testid': 'statistics-year',
      value: chosen ?? '',
      onchange: () => {
        location.hash = `#${statisticsRoute(select.value === '' ? undefined : select.value)}`;
      },
    },
    h('option', { value: '' }, t('statistics.allYears')),
    ...[...offered].reverse().map((value) => h('option', { value }, value)),
  );
  return h(
    'div',
    { class: 'inline-controls' },
    h('label', { for: 'statistics-year' }, t('statistics.yearFilter')),
    select,
  );
}

/** A chart's box, its canvas drawn once the page is in place. */
type ChartBox = (label: string, testId: string, bars: StackedBars) => HTMLElement;

function figuresSections(statistics: ProgrammeStatistics, chart: ChartBox): HTMLElement[] {
  const categoryLabels = outcomeCategories.map((category) => t(`outcome.${category}`));
  const seriesOf = (rows: readonly StatisticsRow[]) =>
    outcomeCategories.map((category, index) => ({
      label: categoryLabels[index] ?? category,
      values: rows.map((row) => row.outcomes[category]),
    }));
  return [
    h('section', {}, h('h2', {}, t('statistics.totals')), totals(statistics)),
    h(
      'section',
      {},
      h('h2', {}, t('statistics.outcomesPerYear')),
      chart(t('statistics.outcomesPerYearChart'), 'chart-by-year', {
        labels: statistics.byYear.map((row) => row.key),
        series: seriesOf(statistics.byYear),
      }),
    ),
    h(
      'section',
      {},
      h('h2', {}, t('statistics.outcomesPerInstitution')),
      chart(t('statistics.outcomesPerInstitutionChart'), 'chart-by-institution', {
        labels: statistics.byInstitution.map((row) => row.key),
        series: seriesOf(statistics.byInstitution),
        horizontal: true,
      }),
    ),
    ...breakdowns.map((breakdown) =>
      h('section', {}, h('h2', {}, t(breakdown.heading)), breakdownTable(breakdown, statistics)),
    ),
  ];
}

function totals(statistics: ProgrammeStatistics): HTMLElement {
  const { total } = statistics;
  const figure = (label: MessageKey, value: number, testId: string) =>
    h('div', { class: 'figure' }, h('dt', {}, t(label)), h('dd', { 'data-testid': testId }, value));
  return h(
    'div',
    {},
    h(
      'dl',
      { class: 'figures', 'data-testid': 'stats-totals' },
      figure('statistics.commissioners', total.commissioners, 'total-commissioners'),
      figure('statistics.institutions', total.institutions, 'total-institutions'),
      figure('statistics.enterprises', total.enterprises, 'total-enterprises'),
      figure('statistics.reports', total.reports, 'total-reports'),
    ),
    h(
      'table',
      { class: 'goals-table', 'data-testid': 'total-outcomes' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('agreement.category')),
          h('th', { class: 'numeric' }, t('statistics.total')),
        ),
      ),
      h(
        'tbody',
        {},
        ...outcomeCategories.map((category) =>
          h(
            'tr',
            { 'data-category': category },
            h('th', { scope: 'row' }, t(`outcome.${category}`)),
            h('td', { class: 'numeric' }, total.outcomes[category]),
          ),
        ),
      ),
    ),
  );
}

/** One row per year, institution or commissioner, one column per figure, the programme's total below. */
function breakdownTable(breakdown: Breakdown, statistics: ProgrammeStatistics): HTMLElement {
  const cells = (row: StatisticsRow) => [
    ...breakdown.figures.map((figure) =>
      figure === 'institution'
        ? h('td', { 'data-column': figure }, row.institution ?? '')
        : h('td', { class: 'numeric', 'data-column': figure }, row[figure]),
    ),
    ...outcomeCategories.map((category) =>
      h('td', { class: 'numeric', 'data-column': category }, row.outcomes[category]),
    ),
  ];
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'statistics', 'data-testid': breakdown.testId },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t(breakdown.keyLabel)),
          ...breakdown.figures.map((figure) =>
            h('th', { class: figure === 'institution' ? null : 'numeric' }, t(figureLabels[figure])),
          ),
          ...outcomeCategories.map((category) => h('th', { class: 'numeric' }, t(`outcome.${category}`))),
        ),
      ),
      h(
        'tbody',
        {},
        ...breakdown
          .rows(statistics)
          .map((row) => h('tr', { 'data-key': row.key }, h('th', { scope: 'row' }, row.key), ...cells(row))),
      ),
      h(
        'tfoot',
        {},
        h(
          'tr',
          { 'data-key': 'total' },
          h('th', { scope: 'row' }, t('statistics.total')),
          ...cells({ ...statistics.total, institution: '' }),
        ),
      ),
    ),
  );
}

function statisticsDownload(kind: 'csv' | 'xlsx', year: string | undefined, errorSlot: HTMLElement) {
  return downloadButton({
    label: t(kind === 'csv' ? 'statistics.downloadCsv' : 'statistics.downloadXlsx'),
    testId: `download-${kind}`,
    fileName: `commissioner-statistics${year ? `-${year}` : ''}.${kind}`,
    fetchFile: () =>
      kind === 'csv'
        ? api.downloadStatisticsCsv(year, locale())
        : api.downloadStatisticsWorkbook(year, locale()),
    errorSlot,
  });
}
