import { isOneOf, taskSubjectTypes } from './model.ts';

/** Console routes of the records, ids encoded (a dispatch id contains a dot and may one day contain more). */
export function applicationRoute(id: string): string {
  return `/applications/${encodeURIComponent(id)}`;
}

export function demandRoute(id: string): string {
  return `/demands/${encodeURIComponent(id)}`;
}

export function dispatchRoute(id: string): string {
  return `/dispatches/${encodeURIComponent(id)}`;
}

export function agreementRoute(id: string): string {
  return `/agreements/${encodeURIComponent(id)}`;
}

export function reportRoute(id: string): string {
  return `/reports/${encodeURIComponent(id)}`;
}

export function assessmentRoute(id: string): string {
  return `/assessments/${encodeURIComponent(id)}`;
}

/** A year's assessments, or (without one) the current year's. */
export function assessmentsRoute(year?: string): string {
  return year === undefined ? '/assessments' : `/assessments/${year}`;
}

/** The statistics of one year, or (without one) of every year. */
export function statisticsRoute(year?: string): string {
  return year === undefined ? '/stats' : `/stats/${year}`;
}

export const rubricRoute = '/rubric';

export const commendationRoundsRoute = '/commendation-rounds';

/** A round's id is `commendation-<year>`; encoded all the same. */
export function commendationRoundRoute(id: string): string {
  return `${commendationRoundsRoute}/${encodeURIComponent(id)}`;
}

/** The published list: a public page, the one emails to the commended link to. */
export function publishedCommendationsRoute(id: string): string {
  return `/commendations/${encodeURIComponent(id)}`;
}

/** The page of a task's subject; undefined for a kind of record this console has no page for yet. */
export function subjectRoute(subject: { type: string; id: string }): string | undefined {
  if (!isOneOf(taskSubjectTypes, subject.type)) return undefined;
  switch (subject.type) {
    case 'application':
      return applicationRoute(subject.id);
    case 'demand':
      return demandRoute(subject.id);
    case 'dispatch':
      return dispatchRoute(subject.id);
    case 'agreement':
      return agreementRoute(subject.id);
    case 'report':
      return reportRoute(subject.id);
    case 'assessment':
      return assessmentRoute(subject.id);
    case 'commendation':
      return commendationRoundRoute(subject.id);
  }
}
