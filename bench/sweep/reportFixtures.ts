import { type ReportPeriod, reportPeriods } from '#shared/agreement/periods.ts';
import { addDays, addMonthsClamped } from '#shared/chinaTime.ts';
import { outcomeCategories } from '#shared/outcomes.ts';
import type { Report } from '#shared/report/model.ts';
import { overdueAt, reminderPolicyFrom } from '#shared/report/reminders.ts';
import type { ReportState } from '#shared/report/states.ts';

/** A small deterministic pseudo-random generator (mulberry32), so every run seeds the same table. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const policy = reminderPolicyFrom({});

const counts = (technicalProblemsSolved: number, technicalTrainings: number) =>
  Object.fromEntries(
    outcomeCategories.map((category) => [
      category,
      category === 'technicalProblemsSolved'
        ? technicalProblemsSolved
        : category === 'technicalTrainings'
          ? technicalTrainings
          : 0,
    ]),
  ) as Report['versions'][number]['counts'];

/** A report record as the system writes it, in `state`, with the audit and versions such a report has. */
function report(agreement: number, period: ReportPeriod, state: ReportState): Report {
  const agreementId = `bench-agreement-${agreement}`;
  const id = `${agreementId}.period-${period.index}`;
  const at = `${period.start}T01:00:00.000Z`;
  const commissioner = {
    sub: `bench-sub-${agreement}`,
    name: `专家${agreement}`,
    email: `expert${agreement}@bench.example.edu.cn`,
  };
  const submittedStates: ReportState[] = ['submitted', 'confirmed', 'accepted', 'revising'];
  const versions = submittedStates.includes(state)
    ? [
        {
          number: 1,
          counts: counts(1 + (agreement % 3), agreement % 2),
          // The sweep reads only the report items; the version's own item is not needed.
          versionId: `${id}.version-bench`,
          submittedAt: `${period.end}T06:00:00.000Z`,
          by: { sub: commissioner.sub, email: commissioner.email, role: 'commissioner' as const },
        },
      ]
    : [];
  const audit: Report['recentAudit'][number][] = [
    {
      at,
      actor: { sub: 'system', email: 'system', role: 'system' },
      action: 'schedule',
      from: null,
      to: 'scheduled',
      eventId: `${id}:schedule`,
    },
  ];
  if (state !== 'scheduled') {
    audit.push({
      at,
      actor: { sub: 'system', email: 'system', role: 'system' },
      action: 'open',
      from: 'scheduled',
      to: 'open',
      eventId: `${id}:open`,
    });
  }
  if (state !== 'scheduled' && state !== 'open') {
    audit.push({
      at,
      actor: { sub: 'system', email: 'system', role: 'system' },
      action: 'submit',
      from: 'open',
      to: state,
      eventId: `${id}:${state}`,
    });
  }
  return {
    ...period,
    id,
    agreementId,
    commissioner,
    institution: { name: `基准大学${agreement % 40}`, email: `office${agreement % 40}@bench.example.edu.cn` },
    enterprise: { name: `基准企业${agreement}有限公司`, email: `contact${agreement}@bench.example.com` },
    overdueAfterDays: policy.overdueAfterDays,
    overdueAt: overdueAt(period.due, policy),
    versions,
    state,
    version: audit.length,
    auditPages: 0,
    recentAudit: audit,
    createdAt: at,
    updatedAt: at,
  };
}

/** The state a period's report would be in on `day`, drawn from a plausible mix. */
function stateOn(day: string, period: ReportPeriod, random: () => number): ReportState {
  if (period.start > day) return 'scheduled';
  const draw = random();
  if (addDays(period.due, policy.overdueAfterDays) < day) {
    if (draw < 0.88) return 'accepted';
    if (draw < 0.91) return 'waived';
    if (draw < 0.95) return 'unreported';
    return 'overdue';
  }
  if (draw < 0.5) return 'open';
  if (draw < 0.7) return 'submitted';
  if (draw < 0.8) return 'confirmed';
  if (draw < 0.9) return 'revising';
  return 'accepted';
}

/**
 * `total` report records of four-quarter agreements whose terms start over four years around
 * `day`, of which exactly `dueOnChasedDates` await their submission and fall due on the dates
 * the reminder job chases on `day`. Every other report awaiting submission is due on some other
 * date: on `day` the index's chased partitions hold exactly those.
 */
export function* plausibleReports(options: {
  total: number;
  day: string;
  chasedDates: readonly string[];
  dueOnChasedDates: number;
}): Generator<Report> {
  const { total, day, chasedDates, dueOnChasedDates } = options;
  const random = seededRandom(20_261_126);
  const awaiting: readonly ReportState[] = ['open', 'revising', 'overdue'];
  let written = 0;
  for (let i = 0; i < dueOnChasedDates; i += 1) {
    const due = chasedDates[i % chasedDates.length] as string;
    const end = addDays(due, -10);
    const start = addMonthsClamped(addDays(end, 1), -3);
    yield report(1_000_000 + i, { index: 2, start, end, due }, i % 5 === 0 ? 'revising' : 'open');
    written += 1;
  }
  for (let agreement = 1; written < total; agreement += 1) {
    const termStart = addDays(day, Math.floor(random() * 4 * 365) - 3 * 365);
    for (const period of reportPeriods(termStart, addDays(termStart, 364), 'quarterly')) {
      if (written >= total) break;
      let state = stateOn(day, period, random);
      // Anything else awaiting on a chased date would be chased too: those are the fixed set above.
      if (chasedDates.includes(period.due) && awaiting.includes(state)) state = 'submitted';
      yield report(agreement, period, state);
      written += 1;
    }
  }
}
