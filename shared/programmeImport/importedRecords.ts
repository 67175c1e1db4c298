import { createHash } from 'node:crypto';
import { agreementTable } from '#shared/agreement/agreementTable.ts';
import type { Agreement } from '#shared/agreement/model.ts';
import { type ReportPeriod, reportPeriods } from '#shared/agreement/periods.ts';
import { hashTerms } from '#shared/agreement/termsHash.ts';
import { importIntoPool } from '#shared/commissioner/commissionerPool.ts';
import { ConflictError } from '#shared/errors.ts';
import { type Caller, organizationKey } from '#shared/identity.ts';
import { identityDirectory } from '#shared/membership/identityDirectory.ts';
import { invitePerson } from '#shared/membership/membershipService.ts';
import type { ImportMark } from '#shared/programmeImport/importMark.ts';
import {
  type ImportedParty,
  importedCommissionerId,
  importedEnterpriseId,
  importedInstitutionId,
  importedPartyTable,
} from '#shared/programmeImport/importTable.ts';
import type { WriteCounts } from '#shared/programmeImport/model.ts';
import type {
  ImportedAgreement,
  ImportedReport,
  ImportedRow,
} from '#shared/programmeImport/workbookCheck.ts';
import type { ActorRef } from '#shared/records/stagedRecord.ts';
import {
  type Report,
  reportIdFor,
  reportVersionIdFor,
  type StoredReportVersion,
} from '#shared/report/model.ts';
import type { ReminderPolicy } from '#shared/report/reminders.ts';
import { reportOfPeriod, scheduleReports } from '#shared/report/reportPeriods.ts';
import { reportTable, reportVersionTable } from '#shared/report/reportTable.ts';

/*
 * Writes what an import brings in, row by row. Every record's id comes from the row's own key
 * (an agreement's reference, a commissioner's email), and every write creates only what is not
 * there: the same workbook imported again, or a row in two workbooks, writes nothing twice.
 */

/** What every write of one import shares. */
export interface ImportContext {
  readonly importId: string;
  readonly fileName: string;
  readonly fileHash: string;
  /** The bureau member who confirmed the import. */
  readonly by: ActorRef;
  /** When it was confirmed: every imported record's time. */
  readonly at: string;
  /** The China date the check judged "before today" by: periods ending before it are the past. */
  readonly today: string;
  readonly policy: ReminderPolicy;
}

export type WriteOutcome = 'created' | 'present';

/** An imported agreement's id, from its reference (stable across workbooks). */
export function importedAgreementId(reference: string): string {
  return `imported-agreement-${createHash('sha256').update(reference).digest('hex').slice(0, 32)}`;
}

function markOf(context: ImportContext, row: ImportedRow, key: string): ImportMark {
  return {
    importId: context.importId,
    fileName: context.fileName,
    fileHash: context.fileHash,
    row: { sheet: row.sheet, number: row.row, key },
    by: context.by,
    at: context.at,
  };
}

const auditReason = (mark: ImportMark) =>
  `Imported from ${mark.fileName} (SHA-256 ${mark.fileHash}), sheet ${mark.row.sheet}, row ${mark.row.number}`;

async function party<Kind extends ImportedParty['kind']>(
  id: string,
  kind: Kind,
): Promise<Extract<ImportedParty, { kind: Kind }>> {
  const found = await importedPartyTable.get(id);
  if (found?.kind !== kind) {
    throw new Error(
      `The imported ${kind} ${id} is missing: its sheet is imported before the rows that name it`,
    );
  }
  return found as Extract<ImportedParty, { kind: Kind }>;
}

/** Writes one checked row: an institution, an enterprise, a commissioner, an agreement or a past report. */
export async function writeImportedRow(row: ImportedRow, context: ImportContext): Promise<WriteOutcome> {
  switch (row.sheet) {
    case 'institutions': {
      const { name, researchOfficeEmail } = row.record;
      const created = await importedPartyTable.create({
        id: importedInstitutionId(organizationKey(name)),
        version: 1,
        kind: 'institution',
        name,
        email: researchOfficeEmail.toLowerCase(),
        imported: markOf(context, row, name),
      });
      return created ? 'created' : 'present';
    }
    case 'enterprises': {
      const { name, creditCode, contactEmail } = row.record;
      const created = await importedPartyTable.create({
        id: importedEnterpriseId(creditCode),
        version: 1,
        kind: 'enterprise',
        name,
        email: contactEmail.toLowerCase(),
        creditCode,
        imported: markOf(context, row, creditCode),
      });
      return created ? 'created' : 'present';
    }
    case 'commissioners': {
      const id = importedCommissionerId(row.record.email);
      if (await importedPartyTable.get(id)) return 'present';
      const institution = await party(
        importedInstitutionId(organizationKey(row.record.homeInstitution)),
        'institution',
      );
      // Their sign-in: the directory makes it, or finds the one they have (a commissioner who
      // also applied here keeps their subject and their profile in the pool).
      const { sub } = await identityDirectory().createUser(row.record.email);
      const mark = markOf(context, row, row.record.email);
      await importIntoPool(sub, { ...row.record, researchOfficeEmail: institution.email }, mark);
      const created = await importedPartyTable.create({
        id,
        version: 1,
        kind: 'commissioner',
        sub,
        name: row.record.name,
        email: row.record.email,
        institution: institution.name,
        imported: mark,
      });
      return created ? 'created' : 'present';
    }
    case 'agreements':
      return (await agreementTable.create(
        await importedAgreement(row.record, markOf(context, row, row.record.reference)),
      ))
        ? 'created'
        : 'present';
    case 'reports':
      return writeAcceptedReport(row.record, markOf(context, row, row.record.agreementReference), context);
  }
}

async function importedAgreement(record: ImportedAgreement, mark: ImportMark): Promise<Agreement> {
  const commissioner = await party(importedCommissionerId(record.commissionerEmail), 'commissioner');
  const institution = await party(
    importedInstitutionId(organizationKey(commissioner.institution)),
    'institution',
  );
  const enterprise = await party(importedEnterpriseId(record.enterpriseCreditCode), 'enterprise');
  return {
    id: importedAgreementId(record.reference),
    parties: {
      commissioner: { sub: commissioner.sub, name: commissioner.name, email: commissioner.email },
      institution: { name: institution.name, email: institution.email },
      enterprise: { name: enterprise.name, email: enterprise.email },
    },
    terms: record.terms,
    termsHash: hashTerms(record.terms),
    signatures: [],
    imported: mark,
    state: 'active',
    version: 1,
    auditPages: 0,
    recentAudit: [
      {
        at: mark.at,
        actor: mark.by,
        action: 'import',
        from: null,
        to: 'active',
        reason: auditReason(mark),
        eventId: `${mark.importId}:import`,
      },
    ],
    createdAt: mark.at,
    updatedAt: mark.at,
  };
}

async function agreementOf(reference: string): Promise<Agreement> {
  const agreement = await agreementTable.get(importedAgreementId(reference));
  if (!agreement)
    throw new Error(`The imported agreement ${reference} is missing: agreements are imported before reports`);
  return agreement;
}

/** A period of an imported agreement as a report record in `state`, its audit trail the import. */
function importedReport(
  agreement: Agreement,
  period: ReportPeriod,
  mark: ImportMark,
  policy: ReminderPolicy,
  outcome: { state: 'accepted'; version: StoredReportVersion } | { state: 'unreported' },
): Report {
  return {
    ...reportOfPeriod(agreement, period, policy),
    versions:
      outcome.state === 'accepted'
        ? [
            {
              number: 1,
              versionId: outcome.version.id,
              counts: outcome.version.counts,
              submittedAt: outcome.version.submittedAt,
              by: outcome.version.by,
            },
          ]
        : [],
    imported: mark,
    state: outcome.state,
    version: 1,
    auditPages: 0,
    recentAudit: [
      {
        at: mark.at,
        actor: mark.by,
        action: outcome.state === 'accepted' ? 'import_accepted' : 'import_unreported',
        from: null,
        to: outcome.state,
        reason: auditReason(mark),
        eventId: `${mark.importId}:import`,
      },
    ],
    createdAt: mark.at,
    updatedAt: mark.at,
  };
}

async function writeAcceptedReport(
  record: ImportedReport,
  mark: ImportMark,
  context: ImportContext,
): Promise<WriteOutcome> {
  const agreement = await agreementOf(record.agreementReference);
  const { termStart, termEnd, cadence } = agreement.terms;
  const period = reportPeriods(termStart, termEnd, cadence).find((p) => p.start === record.periodStart);
  // The check found the period; an agreement imported earlier under the same reference with other terms has none.
  if (!period)
    throw new Error(`Agreement ${record.agreementReference} has no period starting ${record.periodStart}`);
  const reportId = reportIdFor(agreement.id, period.index);
  if (await reportTable.get(reportId)) return 'present';
  // The version is written first, as a submission's is: the report names it once it exists.
  const version: StoredReportVersion = {
    id: reportVersionIdFor(reportId, mark.importId),
    reportId,
    counts: record.counts,
    narrative: record.narrative,
    evidence: record.evidence,
    files: [],
    submittedAt: mark.at,
    by: mark.by,
    version: 1,
  };
  await reportVersionTable.create(version);
  const created = await reportTable.create(
    importedReport(agreement, period, mark, context.policy, { state: 'accepted', version }),
  );
  return created ? 'created' : 'present';
}

/**
 * The periods of an imported agreement the reports sheet did not bring: one that ended before
 * the import's day arrives unreported (no email goes out about the past); the others are
 * written and opened as any active agreement's are, the current one at once and later ones by
 * their schedules, and the commissioner is invited to sign in. Counts the periods it created.
 */
export async function writeOtherPeriods(
  row: ImportedRow,
  context: ImportContext,
): Promise<WriteCounts & { invited: boolean }> {
  if (row.sheet !== 'agreements') return { created: 0, present: 0, invited: false };
  const agreement = await agreementOf(row.record.reference);
  const { termStart, termEnd, cadence } = agreement.terms;
  const periods = reportPeriods(termStart, termEnd, cadence);
  const mark = markOf(context, row, row.record.reference);
  let created = 0;
  const toCome: ReportPeriod[] = [];
  for (const period of periods) {
    if (period.end >= context.today) {
      toCome.push(period);
    } else if (
      await reportTable.create(
        importedReport(agreement, period, mark, context.policy, { state: 'unreported' }),
      )
    ) {
      created += 1;
    }
  }
  const newToCome: ReportPeriod[] = [];
  for (const period of toCome) {
    if (!(await reportTable.get(reportIdFor(agreement.id, period.index)))) newToCome.push(period);
  }
  // Written only if absent, each opened or scheduled once however often this runs.
  await scheduleReports(agreement, toCome, context.policy);
  created += newToCome.length;
  const invited =
    toCome.length > 0 && (await inviteCommissioner(agreement.parties.commissioner.email, context));
  return { created, present: periods.length - created, invited };
}

/**
 * A commissioner whose agreement runs on is invited to sign in, as the bureau invites anyone
 * (a membership, and the directory's or the system's invitation email, once): they report its
 * periods from now on. One who can sign in already (a member, or invited before) is not.
 */
async function inviteCommissioner(email: string, context: ImportContext): Promise<boolean> {
  const bureau: Caller = { sub: context.by.sub, email: context.by.email, roles: ['admin'] };
  try {
    const { replayed } = await invitePerson(
      bureau,
      { email, roles: ['commissioner'] },
      `import:${context.importId}:${email}`,
    );
    return !replayed;
  } catch (error) {
    if (error instanceof ConflictError && error.refusal?.code === 'alreadyMember') return false;
    throw error;
  }
}
