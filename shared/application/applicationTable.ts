import type { Application, ApplicationView } from '#shared/application/model.ts';
import type { ApplicationForm } from '#shared/application/schema.ts';
import {
  type ApplicationPartyView,
  type ApplicationReader,
  applicationBureauView,
  applicationPartyView,
} from '#shared/application/views.ts';
import { organizationKey } from '#shared/identity.ts';
import { RevisionStore } from '#shared/records/revisionStore.ts';
import { StagedTable } from '#shared/records/stagedTable.ts';

export const applicationTable = new StagedTable<Application>(
  'APPLICATION_TABLE',
  'application',
  (application) => ({
    entity: 'application',
    applicantSub: application.applicant.sub,
    institutionKey: organizationKey(application.form.homeInstitution),
  }),
);

/** Each revision's form, in its own item of the same table. */
export const applicationRevisions = new RevisionStore<ApplicationForm>('APPLICATION_TABLE', 'application');

/**
 * The application as `reader` sees it: every revision, read from their items, and for the bureau
 * its whole audit trail.
 */
export async function viewApplication(
  application: Application,
  reader: ApplicationReader,
): Promise<ApplicationView | ApplicationPartyView> {
  const revisions = await applicationRevisions.readAll(application);
  return reader === 'bureau'
    ? applicationBureauView(await applicationTable.withAuditTrail(application), revisions)
    : applicationPartyView(application, revisions, reader);
}
