import type { Agreement } from '#shared/agreement/model.ts';
import { organizationKey } from '#shared/identity.ts';
import { StagedTable } from '#shared/records/stagedTable.ts';

export const agreementTable = new StagedTable<Agreement>('AGREEMENT_TABLE', 'agreement', (agreement) => ({
  entity: 'agreement',
  commissionerId: agreement.parties.commissioner.sub,
  enterpriseKey: organizationKey(agreement.parties.enterprise.name),
  institutionKey: organizationKey(agreement.parties.institution.name),
}));
