import type { ApplicationForm } from '#shared/application/schema.ts';
import type { ApplicationAction, ApplicationState } from '#shared/application/states.ts';
import type { Role } from '#shared/identity.ts';

export interface ActorRef {
  readonly sub: string;
  readonly email: string;
  /** The role the actor acted in, or `system` for the workflow itself. */
  readonly role: Role | 'system';
}

/** One state change: who, when, from which state to which, why. Never edited once written. */
export interface AuditEntry {
  readonly at: string;
  readonly actor: ActorRef;
  readonly action: ApplicationAction;
  readonly from: ApplicationState | null;
  readonly to: ApplicationState;
  readonly reason?: string;
  /** Makes a retried workflow step a no-op instead of a second entry. */
  readonly eventId: string;
}

export interface ApplicationRevision {
  readonly revision: number;
  readonly submittedAt: string;
  readonly form: ApplicationForm;
}

export interface WorkflowFailure {
  /** The state the application was in when its workflow failed; a retry returns it there. */
  readonly state: ApplicationState;
  readonly error: string;
  readonly cause: string;
}

/** An application and its whole history, kept in one item so every change is one conditional write. */
export interface Application {
  readonly id: string;
  readonly state: ApplicationState;
  /** The number of the current revision of the form (1 for the first submission). */
  readonly revision: number;
  /** Incremented by every write; a write names the version it read. */
  readonly version: number;
  readonly applicant: { readonly sub: string; readonly email: string };
  readonly form: ApplicationForm;
  readonly revisions: readonly ApplicationRevision[];
  readonly audit: readonly AuditEntry[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly failure?: WorkflowFailure;
}

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
