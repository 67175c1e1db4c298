import { applicationIndexes } from '#shared/application/applicationIndexes.ts';
import type { Application } from '#shared/application/model.ts';
import { organizationKey } from '#shared/identity.ts';
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

export const listApplicationsByApplicant = (sub: string) =>
  applicationTable.query(applicationIndexes.byApplicant, 'applicantSub', sub);

export const listApplicationsByInstitution = (institution: string) =>
  applicationTable.query(applicationIndexes.byInstitution, 'institutionKey', organizationKey(institution));

export const listAllApplications = () =>
  applicationTable.query(applicationIndexes.byUpdatedAt, 'entity', 'application');
