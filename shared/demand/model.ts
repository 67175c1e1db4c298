import type { DemandForm } from '#shared/demand/schema.ts';
import type { DemandAction, DemandState } from '#shared/demand/states.ts';
import type { StagedRecord } from '#shared/records/stagedRecord.ts';

export interface DemandRevision {
  readonly revision: number;
  readonly submittedAt: string;
  readonly form: DemandForm;
}

/** A demand with every revision and its audit trail, in one item. */
export interface Demand extends StagedRecord<DemandState, DemandAction> {
  readonly revision: number;
  /** The enterprise user who posted it; colleagues at the same enterprise see it too. */
  readonly poster: { readonly sub: string; readonly email: string; readonly organization: string };
  readonly form: DemandForm;
  readonly revisions: readonly DemandRevision[];
  /** The dispatch under way or done for it. */
  readonly dispatchId?: string;
}

export interface DemandSummary {
  readonly id: string;
  readonly state: DemandState;
  readonly revision: number;
  readonly enterpriseName: string;
  readonly industry: string;
  readonly location: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function summarizeDemand(demand: Demand): DemandSummary {
  return {
    id: demand.id,
    state: demand.state,
    revision: demand.revision,
    enterpriseName: demand.form.enterpriseName,
    industry: demand.form.industry,
    location: demand.form.location,
    createdAt: demand.createdAt,
    updatedAt: demand.updatedAt,
  };
}
