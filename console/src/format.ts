import { locale, t } from './i18n.ts';

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
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
