import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { metricsNamespace, serviceName } from '#shared/observability/service.ts';

/** The programme's events, each a CloudWatch metric (a count) in the `CommissionerWorkflows` namespace. */
export const programmeEventMetrics = {
  applicationSubmitted: 'ApplicationsSubmitted',
  reportAccepted: 'ReportsAccepted',
  reminderSent: 'RemindersSent',
  taskOverdue: 'TasksOverdue',
} as const;

export type ProgrammeEvent = keyof typeof programmeEventMetrics;

/*
 * Each event is written at once as its own Embedded Metric Format line (singleMetric), so the
 * domain can count where the thing happens whatever handler runs it, and no handler needs a
 * flush at its end (nor warns, as a flush with nothing to publish does).
 */
const metrics = new Metrics({ namespace: metricsNamespace, serviceName, singleMetric: true });

/** Counts `count` occurrences of a programme event. */
export function countEvent(event: ProgrammeEvent, count = 1): void {
  metrics.addMetric(programmeEventMetrics[event], MetricUnit.Count, count);
}
