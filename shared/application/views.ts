import type { Application, ApplicationRevision, ApplicationView } from '#shared/application/model.ts';
import { type Caller, hasRole, organizationKey } from '#shared/identity.ts';
import { type PartyRecord, withoutAuditTrail } from '#shared/records/readViews.ts';

/** How a caller reads an application: the bureau everything, the applicant and their research office less. */
export type ApplicationReader = 'bureau' | 'applicant' | 'institution';

/** The one place that decides how `caller` reads `application`; undefined when they may not. */
export function applicationReaderOf(caller: Caller, application: Application): ApplicationReader | undefined {
  if (hasRole(caller, 'admin')) return 'bureau';
  if (hasRole(caller, 'commissioner') && application.applicant.sub === caller.sub) return 'applicant';
  if (
    hasRole(caller, 'institution') &&
    caller.organization !== undefined &&
    organizationKey(caller.organization) === organizationKey(application.form.homeInstitution)
  ) {
    return 'institution';
  }
  return undefined;
}

/** An application as the applicant or their research office reads it. */
export type ApplicationPartyView = Omit<PartyRecord<Application>, 'revisions' | 'applicant'> & {
  readonly applicant: { readonly sub?: string; readonly email: string };
  readonly revisions: readonly ApplicationRevision[];
};

/**
 * The applicant's and the research office's view: every revision, the reason for the state it
 * is in, no audit trail (who at the bureau did what is the bureau's). The research office gets
 * the applicant's email but not their user id: it endorses its own staff member's application,
 * which carries their contact details, and may need to ask them about it.
 */
export function applicationPartyView(
  application: Application,
  revisions: readonly ApplicationRevision[],
  reader: 'applicant' | 'institution',
): ApplicationPartyView {
  const shown = withoutAuditTrail(application);
  return {
    ...shown,
    applicant: reader === 'applicant' ? application.applicant : { email: application.applicant.email },
    revisions,
  };
}

/** The bureau's view: the record with its whole audit trail and every revision. */
export function applicationBureauView(
  withTrail: Omit<ApplicationView, 'revisions'>,
  revisions: readonly ApplicationRevision[],
): ApplicationView {
  return { ...withTrail, revisions };
}
