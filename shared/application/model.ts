import type { ApplicationForm } from '#shared/application/schema.ts';
import type { ApplicationAction, ApplicationState } from '#shared/application/states.ts';
import type { Revision, RevisionSummary } from '#shared/records/revisions.ts';
import type { AuditEntry, StagedRecord } from '#shared/records/stagedRecord.ts';
import type { WithAuditTrail } from '#shared/records/stagedTable.ts';

export type ApplicationAuditEntry = AuditEntry<ApplicationState, ApplicationAction>;

export type ApplicationRevision = Revision<ApplicationForm>;

/**
 * An application: its state, current form and each revision's summary in one item, so every
 * change is one conditional write; each revision's form is in an item of its own.
 */
export interface Application extends StagedRecord<ApplicationState, ApplicationAction> {
  /** The number of the current revision of the form (1 for the first submission). */
  readonly revision: number;
  readonly applicant: { readonly sub: string; readonly email: string };
  readonly form: ApplicationForm;
  readonly revisions: readonly RevisionSummary[];
}

/** An application as its readers see it: every revision in full. */
export type ApplicationView = Omit<WithAuditTrail<Application>, 'revisions'> & {
  readonly revisions: readonly ApplicationRevision[];
};

export interface ApplicationSummary {
  readonly id: string;
  readonly state: ApplicationState;
  readonly revision: number;
  readonly name: string;
  readonly homeInstitution: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function summarizeApplication(application: Application): ApplicationSummary {
  return {
    id: application.id,
    state: application.state,
    revision: application.revision,
    name: application.form.name,
    homeInstitution: application.form.homeInstitution,
    createdAt: application.createdAt,
    updatedAt: application.updatedAt,
  };
}
