import type { ImportMark } from '#shared/programmeImport/importMark.ts';
import type { ProblemPage, ProgrammeImport, StagedChunk } from '#shared/programmeImport/model.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';

/** The import table's index names, shared with infra. */
export const importIndexes = {
  /** Every import, newest first. */
  byCreatedAt: 'byCreatedAt',
} as const;

/** The imports, listed by the index; their staged rows and problem pages are items the index never sees. */
export const importTable = new VersionedTable<ProgrammeImport>('IMPORT_TABLE', 'import', () => ({
  entity: 'import',
}));

export const stagedChunkTable = new VersionedTable<StagedChunk>('IMPORT_TABLE', 'staged rows');

export const problemPageTable = new VersionedTable<ProblemPage>('IMPORT_TABLE', 'problems');

/**
 * An institution, an enterprise or a commissioner an import brought in. The programme keeps no
 * record of institutions and enterprises beyond their names on agreements, so these items are
 * where an imported one is found again (by name, credit code or email), and where it is marked
 * as imported; a commissioner's also names the subject their sign-in has.
 */
export type ImportedParty =
  | {
      readonly id: string;
      readonly version: 1;
      readonly kind: 'institution';
      readonly name: string;
      readonly email: string;
      readonly imported: ImportMark;
    }
  | {
      readonly id: string;
      readonly version: 1;
      readonly kind: 'enterprise';
      readonly name: string;
      readonly email: string;
      readonly creditCode: string;
      readonly imported: ImportMark;
    }
  | {
      readonly id: string;
      readonly version: 1;
      readonly kind: 'commissioner';
      readonly sub: string;
      readonly name: string;
      readonly email: string;
      readonly institution: string;
      readonly imported: ImportMark;
    };

export const importedPartyTable = new VersionedTable<ImportedParty>('IMPORT_TABLE', 'imported party');

export const importedInstitutionId = (organizationKey: string) => `imported.institution.${organizationKey}`;
export const importedEnterpriseId = (creditCode: string) => `imported.enterprise.${creditCode}`;
export const importedCommissionerId = (email: string) => `imported.commissioner.${email.toLowerCase()}`;
