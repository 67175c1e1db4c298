import { agreementTable } from '#shared/agreement/agreementTable.ts';
import { agreementTaskView } from '#shared/agreement/agreementTasks.ts';
import { type Agreement, type SigningParty, signingParties } from '#shared/agreement/model.ts';
import { reportPeriods } from '#shared/agreement/periods.ts';
import {
  type AgreementAction,
  type AgreementActor,
  type AgreementState,
  agreementTransitions,
} from '#shared/agreement/states.ts';
import { requireEnv } from '#shared/config.ts';
import type { EmailTemplate } from '#shared/email/catalogue.ts';
import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { ConflictError, noSuchRecord } from '#shared/errors.ts';
import { recordStep } from '#shared/records/recordStep.ts';
import type { StepInput, StepRules } from '#shared/records/stagedRecord.ts';
import { reminderPolicyFrom } from '#shared/report/reminders.ts';
import { scheduleReports } from '#shared/report/reportPeriods.ts';
import { tellPartyOfActOnBehalf } from '#shared/tasks/actingOnBehalf.ts';

export const agreementStepRules: StepRules<AgreementState, AgreementAction, AgreementActor> = {
  transitions: agreementTransitions,
  noun: 'an agreement',
  actorKind: (actor) =>
    actor.role === 'admin' ||
    actor.role === 'commissioner' ||
    actor.role === 'institution' ||
    actor.role === 'enterprise'
      ? actor.role
      : 'system',
};

async function loadAgreement(id: string) {
  const agreement = await agreementTable.get(id);
  if (!agreement) throw noSuchRecord('agreement', id);
  return agreement;
}

export interface RecordAgreementStepInput extends StepInput<AgreementAction> {
  readonly agreementId: string;
  /** Whose signature a `sign` is. */
  readonly party?: SigningParty;
}

/**
 * Applies one transition of an agreement. A signature is appended with the hash of the
 * terms signed (and, when the bureau recorded it for the party, on whose behalf and why,
 * which the party is told by email); countersigning needs every party's signature first.
 */
export const recordAgreementStep = recordStep<Agreement, RecordAgreementStepInput>({
  table: agreementTable,
  rules: agreementStepRules,
  id: (input) => input.agreementId,
  check: (agreement, input) => {
    if (input.action !== 'countersign') return;
    const missing = signingParties.filter((party) => !agreement.signatures.some((s) => s.party === party));
    if (missing.length > 0) throw new ConflictError(`Not signed yet by: ${missing.join(', ')}`);
  },
  enrich: (next, input, agreement) => {
    const entry = next.recentAudit.at(-1);
    const party =
      input.action === 'sign' ? input.party : input.action === 'countersign' ? 'bureau' : undefined;
    if (!entry || !party) return next;
    return {
      ...next,
      signatures: [
        ...next.signatures,
        { party, by: entry.actor, at: entry.at, termsHash: agreement.termsHash },
      ],
    };
  },
  followUp: async (recorded, input) => {
    // Also on a replayed step: the email may not have gone out before a retry (it is sent once).
    if (!input.party) return;
    await tellPartyOfActOnBehalf({
      outcome: input.outcome,
      subject: agreementTaskView(`sign-agreement-${input.party}`, recorded),
      partyName: recorded.parties[input.party].name,
    });
  },
});

async function tellParties(
  agreement: Agreement,
  template: EmailTemplate,
  eventId: string,
  withBureau: boolean,
) {
  const subject = agreementTaskView('countersign-agreement', agreement);
  const { commissioner, institution, enterprise } = agreement.parties;
  await sendEmailOnce({
    dedupeKey: `${eventId}:${template}`,
    to: [
      commissioner.email,
      institution.email,
      enterprise.email,
      ...(withBureau ? [requireEnv('BUREAU_EMAIL')] : []),
    ],
    template,
    params: { ...subject.emailParams, link: consoleLink(subject.consolePath), deadline: '' },
  });
}

/**
 * The agreement is active: a report record is written for each period; a period whose first
 * day has begun (signing takes days) opens at once, and each later one gets a schedule that
 * opens it on its first day. Running it twice creates nothing twice.
 */
export async function activateAgreement(input: {
  agreementId: string;
  eventId: string;
}): Promise<{ periods: number }> {
  const agreement = await loadAgreement(input.agreementId);
  if (agreement.state !== 'active')
    throw new ConflictError(`The agreement is ${agreement.state}, not active`, {
      code: 'notInThisState',
      params: { state: agreement.state },
    });
  const periods = reportPeriods(agreement.terms.termStart, agreement.terms.termEnd, agreement.terms.cadence);
  await scheduleReports(agreement, periods, reminderPolicyFrom(process.env));
  await tellParties(agreement, 'agreement-active', input.eventId, false);
  return { periods: periods.length };
}

/** Signing ended without an agreement (a decline, or nobody signed in time): everyone is told. */
export async function closeUnsigned(input: {
  agreementId: string;
  eventId: string;
}): Promise<{ done: true }> {
  await tellParties(await loadAgreement(input.agreementId), 'agreement-not-concluded', input.eventId, true);
  return { done: true };
}
