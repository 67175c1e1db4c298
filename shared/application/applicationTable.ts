import type { Application, ApplicationView } from '#shared/application/model.ts';
import type { ApplicationForm } from '#shared/application/schema.ts';
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

/** The application as its readers see it: every revision and its whole audit trail, read from their items. */
export async function viewApplication(application: Application): Promise<ApplicationView> {
  const [withTrail, revisions] = await Promise.all([
    applicationTable.withAuditTrail(application),
    applicationRevisions.readAll(application),
  ]);
  return { ...withTrail, revisions };
}
