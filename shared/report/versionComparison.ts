import { type OutcomeCategory, type OutcomeCounts, outcomeCategories } from '#shared/outcomes.ts';
import type { Evidence } from '#shared/report/schema.ts';

interface ComparedVersion {
  readonly number: number;
  readonly counts: OutcomeCounts;
  readonly narrative: string;
  readonly evidence: readonly Evidence[];
}

/** What changed from one version of a report to another. Pure and free of zod, for the console too. */
export interface VersionComparison {
  readonly from: number;
  readonly to: number;
  /** Only the categories whose count changed. */
  readonly counts: readonly {
    readonly category: OutcomeCategory;
    readonly from: number;
    readonly to: number;
  }[];
  readonly narrativeChanged: boolean;
  readonly evidenceAdded: readonly Evidence[];
  readonly evidenceRemoved: readonly Evidence[];
}

/** An evidence entry's identity: its kind and every field, in a fixed order. */
function evidenceKey(evidence: Evidence): string {
  return JSON.stringify(Object.entries(evidence).sort(([a], [b]) => a.localeCompare(b)));
}

export function compareVersions(from: ComparedVersion, to: ComparedVersion): VersionComparison {
  const fromKeys = new Set(from.evidence.map(evidenceKey));
  const toKeys = new Set(to.evidence.map(evidenceKey));
  return {
    from: from.number,
    to: to.number,
    counts: outcomeCategories
      .filter((category) => from.counts[category] !== to.counts[category])
      .map((category) => ({ category, from: from.counts[category], to: to.counts[category] })),
    narrativeChanged: from.narrative !== to.narrative,
    evidenceAdded: to.evidence.filter((entry) => !fromKeys.has(evidenceKey(entry))),
    evidenceRemoved: from.evidence.filter((entry) => !toKeys.has(evidenceKey(entry))),
  };
}
