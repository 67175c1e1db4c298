import { applicationIndexes } from '#shared/application/applicationIndexes.ts';
import type { Application, ApplicationView } from '#shared/application/model.ts';
import type { ApplicationForm } from '#shared/application/schema.ts';
import { organizationKey } from '#shared/identity.ts';
import { RevisionStore } from '#shared/records/revisionStore.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';

export const applicationTable = new VersionedTable<Application>(
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

/** The application with every revision read from its item. */
export async function viewApplication(application: Application): Promise<ApplicationView> {
  return { ...application, revisions: await applicationRevisions.readAll(application) };
}

export const listApplicationsByApplicant = (sub: string) =>
  applicationTable.query(applicationIndexes.byApplicant, 'applicantSub', sub);

export const listApplicationsByInstitution = (institution: string) =>
  applicationTable.query(applicationIndexes.byInstitution, 'institutionKey', organizationKey(institution));

export const listAllApplications = () =>
  applicationTable.query(applicationIndexes.byUpdatedAt, 'entity', 'application');
