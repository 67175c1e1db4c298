import type { Agreement } from '#shared/agreement/model.ts';
import { organizationKey } from '#shared/identity.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';

export const agreementTable = new VersionedTable<Agreement>('AGREEMENT_TABLE', 'agreement', (agreement) => ({
  entity: 'agreement',
  commissionerId: agreement.parties.commissioner.sub,
  enterpriseKey: organizationKey(agreement.parties.enterprise.name),
  institutionKey: organizationKey(agreement.parties.institution.name),
}));
