import { isAgreementParty } from '#shared/agreement/agreementService.ts';
import { agreementTable } from '#shared/agreement/agreementTable.ts';
import type { Agreement } from '#shared/agreement/model.ts';
import { applicationTable } from '#shared/application/applicationTable.ts';
import { applicationReaderOf } from '#shared/application/views.ts';
import { ConflictError, ForbiddenError, noSuchRecord, notYours } from '#shared/errors.ts';
import type { FileOwner } from '#shared/evidenceFiles/model.ts';
import {
  agreementStatesTakingFiles,
  applicationStatesTakingFiles,
} from '#shared/evidenceFiles/statesTakingFiles.ts';
import { type Caller, hasRole, organizationKey, type Role } from '#shared/identity.ts';
import { reportTable } from '#shared/report/reportTable.ts';
import { awaitingSubmission } from '#shared/report/states.ts';

/** Whether a caller who may read a record's files may also add one now: in which role, or why not. */
export type UploadAccess =
  | { readonly allowed: true; readonly role: Role }
  | { readonly allowed: false; readonly refusal: () => Error };

const notInThisState = (kind: FileOwner['kind'], state: string, when: string): UploadAccess => ({
  allowed: false,
  refusal: () =>
    new ConflictError(`The ${kind} is ${state}; files are added to it only ${when}`, {
      code: 'notInThisState',
      params: { state },
    }),
});

/**
 * Who may read and add a record's files. Whoever may read the record reads its files (404 or
 * 403 otherwise, as the record's own route answers). Uploads are its authors' while it takes
 * them: a report's commissioner while the period awaits the report; an application's applicant,
 * research office or the bureau (a paper copy) while it is open; an agreement's parties until it ends.
 */
export async function fileAccess(caller: Caller, owner: FileOwner): Promise<UploadAccess> {
  switch (owner.kind) {
    case 'report': {
      const report = await reportTable.get(owner.id);
      if (!report) throw noSuchRecord('report', owner.id);
      const { commissioner, institution, enterprise } = report;
      if (!isAgreementParty(caller, { commissioner, institution, enterprise })) throw notYours('report');
      if (commissioner.sub !== caller.sub) {
        return {
          allowed: false,
          refusal: () =>
            new ForbiddenError("Only the agreement's commissioner adds files to its reports", {
              code: 'partyOnly',
              params: { role: 'commissioner' },
            }),
        };
      }
      return awaitingSubmission.includes(report.state)
        ? { allowed: true, role: 'commissioner' }
        : notInThisState('report', report.state, 'while it awaits its report');
    }
    case 'application': {
      const application = await applicationTable.get(owner.id);
      if (!application) throw noSuchRecord('application', owner.id);
      const reader = applicationReaderOf(caller, application);
      if (!reader) throw notYours('application');
      const role = reader === 'bureau' ? 'admin' : reader === 'applicant' ? 'commissioner' : 'institution';
      return applicationStatesTakingFiles.includes(application.state)
        ? { allowed: true, role }
        : notInThisState('application', application.state, 'while it is open');
    }
    case 'agreement': {
      const agreement = await agreementTable.get(owner.id);
      if (!agreement) throw noSuchRecord('agreement', owner.id);
      if (!isAgreementParty(caller, agreement.parties)) throw notYours('agreement');
      return agreementStatesTakingFiles.includes(agreement.state)
        ? { allowed: true, role: agreementRole(caller, agreement.parties) }
        : notInThisState('agreement', agreement.state, 'until it ends');
    }
  }
}

/** The role a party to an agreement acts in: the bureau, the commissioner, or their organisation. */
function agreementRole(caller: Caller, parties: Agreement['parties']): Role {
  if (hasRole(caller, 'admin')) return 'admin';
  if (hasRole(caller, 'commissioner') && caller.sub === parties.commissioner.sub) return 'commissioner';
  const ofInstitution =
    caller.organization !== undefined &&
    organizationKey(caller.organization) === organizationKey(parties.institution.name);
  return hasRole(caller, 'institution') && ofInstitution ? 'institution' : 'enterprise';
}
