import type { DemandForm } from '#shared/demand/schema.ts';
import type { DemandAction, DemandState } from '#shared/demand/states.ts';
import type { Revision, RevisionSummary } from '#shared/records/revisions.ts';
import type { StagedRecord } from '#shared/records/stagedRecord.ts';
import type { WithAuditTrail } from '#shared/records/stagedTable.ts';

export type DemandRevision = Revision<DemandForm>;

/** A demand with its current form, each revision's summary and its audit trail, in one item; each revision's form in its own. */
export interface Demand extends StagedRecord<DemandState, DemandAction> {
  readonly revision: number;
  /** The enterprise user who posted it; colleagues at the same enterprise see it too. */
  readonly poster: { readonly sub: string; readonly email: string; readonly organization: string };
  readonly form: DemandForm;
  readonly revisions: readonly RevisionSummary[];
  /** The dispatch under way or done for it. */
  readonly dispatchId?: string;
}

/** A demand as its readers see it: every revision in full. */
export type DemandView = Omit<WithAuditTrail<Demand>, 'revisions'> & {
  readonly revisions: readonly DemandRevision[];
};

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
