import { agreementIndexes } from '#shared/agreement/agreementIndexes.ts';
import { agreementTable } from '#shared/agreement/agreementTable.ts';
import type { Agreement, AgreementTerms } from '#shared/agreement/model.ts';
import type { DraftAgreement } from '#shared/agreement/schema.ts';
import { agreementStates } from '#shared/agreement/states.ts';
import { hashTerms } from '#shared/agreement/termsHash.ts';
import { type AgreementPartyView, agreementPartyView } from '#shared/agreement/views.ts';
import { chinaDate } from '#shared/chinaTime.ts';
import { now } from '#shared/clock.ts';
import { dispatchTable } from '#shared/dispatch/dispatchTable.ts';
import {
  bureauOnly,
  ConflictError,
  ForbiddenError,
  noSuchRecord,
  notYours,
  ValidationError,
} from '#shared/errors.ts';
import { type Caller, hasRole, organizationKey } from '#shared/identity.ts';
import type { OutcomeCounts } from '#shared/outcomes.ts';
import {
  bureauSources,
  inState,
  type ListFilters,
  type ListPage,
  type ListSource,
  type PageRequest,
  sourceOf,
  yearPrefix,
} from '#shared/records/pagedList.ts';
import type { WithAuditTrail } from '#shared/records/stagedTable.ts';
import { createAndStartWorkflow } from '#shared/records/startWorkflow.ts';
import { acceptedTotals, type PeriodStatus, periodStatus } from '#shared/report/progress.ts';
import { listReportsOfAgreement } from '#shared/report/reportTable.ts';
import type { ReportState } from '#shared/report/states.ts';

/** The bureau drafts the agreement of a dispatch (one per dispatch); the parties are asked to sign. */
export async function draftAgreement(
  caller: Caller,
  draft: DraftAgreement,
): Promise<WithAuditTrail<Agreement>> {
  if (!hasRole(caller, 'admin')) throw bureauOnly('drafts agreements');
  const dispatch = await dispatchTable.get(draft.dispatchId);
  if (!dispatch)
    throw new ValidationError([
      { field: 'dispatchId', reason: 'is not a dispatch', code: 'unknownDispatch' },
    ]);
  if (dispatch.state !== 'dispatched') {
    throw new ConflictError(
      `The dispatch is ${dispatch.state}; an agreement is drafted once the commissioner is dispatched`,
      { code: 'notInThisState', params: { state: dispatch.state } },
    );
  }
  // Today in China, where the programme runs: a term cannot start in the past.
  const today = chinaDate(now());
  if (draft.termStart < today) {
    throw new ValidationError([
      {
        field: 'termStart',
        reason: `must not be before today (${today})`,
        code: 'beforeToday',
        params: { today },
      },
    ]);
  }
  const terms: AgreementTerms = {
    termStart: draft.termStart,
    termEnd: draft.termEnd,
    goals: draft.goals,
    cadence: draft.cadence,
  };
  const at = now().toISOString();
  const actor = { sub: caller.sub, email: caller.email, role: 'admin' as const };
  const agreement: Agreement = {
    id: dispatch.id,
    dispatchId: dispatch.id,
    demandId: dispatch.demandId,
    state: 'awaiting_signatures',
    version: 1,
    parties: {
      commissioner: {
        sub: dispatch.commissioner.id,
        name: dispatch.commissioner.name,
        email: dispatch.commissioner.email,
      },
      institution: {
        name: dispatch.commissioner.institution,
        email: dispatch.commissioner.researchOfficeEmail,
      },
      enterprise: { name: dispatch.enterprise.name, email: dispatch.enterprise.contactEmail },
    },
    terms,
    termsHash: hashTerms(terms),
    signatures: [],
    auditPages: 0,
    recentAudit: [
      { at, actor, action: 'draft', from: null, to: 'awaiting_signatures', eventId: `${dispatch.id}:draft` },
    ],
    createdAt: at,
    updatedAt: at,
  };
  if (
    !(await createAndStartWorkflow(agreementTable, agreement, 'AGREEMENT_WORKFLOW_ARN', {
      agreementId: agreement.id,
    }))
  ) {
    throw new ConflictError('This dispatch has an agreement already', { code: 'stepTaken' });
  }
  return agreementTable.withAuditTrail((await agreementTable.get(agreement.id)) ?? agreement);
}

/** Whether the caller is the bureau or one of the three parties named. */
export function isAgreementParty(caller: Caller, parties: Agreement['parties']): boolean {
  if (hasRole(caller, 'admin')) return true;
  if (hasRole(caller, 'commissioner') && caller.sub === parties.commissioner.sub) return true;
  const organization = caller.organization ? organizationKey(caller.organization) : undefined;
  if (hasRole(caller, 'institution') && organization === organizationKey(parties.institution.name))
    return true;
  return hasRole(caller, 'enterprise') && organization === organizationKey(parties.enterprise.name);
}

/** A period as listed with its agreement. */
export interface PeriodSummary {
  readonly id: string;
  readonly index: number;
  readonly start: string;
  readonly end: string;
  readonly due: string;
  readonly overdueAt: string;
  readonly state: ReportState;
  readonly status: PeriodStatus;
  readonly versions: number;
}

/** An agreement with its periods' progress: with its audit trail for the bureau, as a party sees it for the parties. */
export type AgreementWithProgress = (WithAuditTrail<Agreement> | AgreementPartyView) & {
  readonly reportPeriods: readonly PeriodSummary[];
  /** Accepted outcomes so far, against `terms.goals`. */
  readonly acceptedTotals: OutcomeCounts;
};

export async function getAgreementForCaller(caller: Caller, id: string): Promise<AgreementWithProgress> {
  const agreement = await agreementTable.get(id);
  if (!agreement) throw noSuchRecord('agreement', id);
  if (!isAgreementParty(caller, agreement.parties)) throw notYours('agreement');
  const reports = agreement.state === 'active' ? await listReportsOfAgreement(id) : [];
  const today = chinaDate(now());
  return {
    ...(hasRole(caller, 'admin')
      ? await agreementTable.withAuditTrail(agreement)
      : agreementPartyView(agreement, caller)),
    reportPeriods: reports.map((report) => ({
      id: report.id,
      index: report.index,
      start: report.start,
      end: report.end,
      due: report.due,
      overdueAt: report.overdueAt,
      state: report.state,
      status: periodStatus(report, today),
      versions: report.versions.length,
    })),
    acceptedTotals: acceptedTotals(reports),
  };
}

/**
 * Each party sees its own agreements (one who is several parties, all of theirs merged); the
 * bureau sees all (in a state, of a year, of an institution or enterprise), a page at a time,
 * newest first. A party's state filter is applied to its own partitions, so such a page may be short.
 */
export async function listAgreementsForCaller(
  caller: Caller,
  filters: ListFilters,
  page: PageRequest,
): Promise<ListPage<Agreement | AgreementPartyView>> {
  const of = (index: string, attribute: string, value: string, prefix: string | undefined) =>
    sourceOf(index, attribute, value, 'createdAt', prefix);
  const ofOrganization = (name: string, prefix: string | undefined) => [
    of(agreementIndexes.byInstitution, 'institutionKey', organizationKey(name), prefix),
    of(agreementIndexes.byEnterprise, 'enterpriseKey', organizationKey(name), prefix),
  ];
  let sources: ListSource[];
  if (hasRole(caller, 'admin')) {
    sources = bureauSources(
      {
        entity: 'agreement',
        byUpdatedAt: agreementIndexes.byUpdatedAt,
        byState: agreementIndexes.byState,
        states: agreementStates,
        organization: ofOrganization,
      },
      filters,
    );
  } else {
    if (
      filters.organization &&
      (!caller.organization || organizationKey(filters.organization) !== organizationKey(caller.organization))
    ) {
      throw new ForbiddenError("A party lists its own organisation's agreements only", {
        code: 'notYours',
        params: { record: 'agreement' },
      });
    }
    const prefix = yearPrefix(filters.year);
    sources = [];
    if (hasRole(caller, 'commissioner')) {
      sources.push(of(agreementIndexes.byCommissioner, 'commissionerId', caller.sub, prefix));
    }
    if (caller.organization && hasRole(caller, 'institution')) {
      sources.push(
        of(agreementIndexes.byInstitution, 'institutionKey', organizationKey(caller.organization), prefix),
      );
    }
    if (caller.organization && hasRole(caller, 'enterprise')) {
      sources.push(
        of(agreementIndexes.byEnterprise, 'enterpriseKey', organizationKey(caller.organization), prefix),
      );
    }
  }
  const found = await agreementTable.listPage(
    { list: 'agreements', sources, order: 'newestFirst' },
    page,
    inState(filters.state),
  );
  // Each party reads its agreements as a party sees them; the bureau reads them whole.
  return hasRole(caller, 'admin')
    ? found
    : { ...found, items: found.items.map((agreement) => agreementPartyView(agreement, caller)) };
}
