import { isCalendarDate } from '#shared/chinaTime.ts';
import { locale, t } from './i18n.ts';

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/**
 * A calendar date written YYYY-MM-DD (an agreement's term, a report's due day) in the reader's language. It
 * names a day, not an instant: it is formatted in UTC so that no time zone moves it to the day before.
 */
export function formatDate(date: string): string {
  if (!isCalendarDate(date)) return date;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** A span of calendar days, both ends included, e.g. "10 Aug 2026 – 9 Aug 2027". */
export function formatDateRange(start: string, end: string): string {
  return t('dateRange', { start: formatDate(start), end: formatDate(end) });
}

const durationUnits = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
] as const;

/** A duration in its largest whole unit, e.g. "3 days" or "3天": ages and deadlines need no more precision. */
export function formatDuration(seconds: number): string {
  for (const [unit, unitSeconds] of durationUnits) {
    if (seconds >= unitSeconds) {
      return new Intl.NumberFormat(locale(), { style: 'unit', unit, unitDisplay: 'long' }).format(
        Math.floor(seconds / unitSeconds),
      );
    }
  }
  return t('duration.underAMinute');
}

export function formatList(items: readonly string[]): string {
  return items.join(t('list.separator'));
}

/** A score or a number of points: whole, or to two decimals as the server rounds them. */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(value);
}

/** A share from 0 to 1 as a whole percentage, e.g. "88%". */
export function formatPercent(share: number): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** A file's size as people read it: bytes, KB or MB, one decimal above a kilobyte. */
export function formatFileSize(bytes: number): string {
  const number = (value: number) =>
    new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024) return t('files.bytes', { size: number(bytes) });
  if (bytes < 1024 * 1024) return t('files.kilobytes', { size: number(bytes / 1024) });
  return t('files.megabytes', { size: number(bytes / (1024 * 1024)) });
}
