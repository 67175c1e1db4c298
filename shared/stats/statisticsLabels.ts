import en from '#console/messages/en.json' with { type: 'json' };
import zhCN from '#console/messages/zh-CN.json' with { type: 'json' };
import type { StatisticsCsvLabelKey } from '#shared/stats/statistics.ts';
import type { StatisticsLabelKey } from '#shared/stats/statisticsTables.ts';

/** The languages a reader may ask the statistics' downloads in. */
export const readerLanguages = ['zh-CN', 'en'] as const;
export type ReaderLanguage = (typeof readerLanguages)[number];

export const isReaderLanguage = (value: string): value is ReaderLanguage =>
  (readerLanguages as readonly string[]).includes(value);

/** The console's own words for the statistics' tables, so a download says what the page says. */
export function statisticsLabel(
  language: ReaderLanguage,
): (key: StatisticsLabelKey | StatisticsCsvLabelKey) => string {
  const catalogue: Readonly<Record<StatisticsLabelKey | StatisticsCsvLabelKey, string>> =
    language === 'en' ? en : zhCN;
  return (key) => catalogue[key];
}
