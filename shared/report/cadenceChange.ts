import { agreementTable } from '#shared/agreement/agreementTable.ts';
import { agreementStepRules } from '#shared/agreement/agreementWorkflow.ts';
import { type Agreement, currentCadence } from '#shared/agreement/model.ts';
import { addedByChange, periodsFromChange } from '#shared/agreement/periods.ts';
import { chinaDate } from '#shared/chinaTime.ts';
import { now } from '#shared/clock.ts';
import { bureauOnly, ConflictError, noSuchRecord, ValidationError } from '#shared/errors.ts';
import { type Caller, hasRole } from '#shared/identity.ts';
import { applyStep } from '#shared/records/stagedRecord.ts';
import type { WithAuditTrail } from '#shared/records/stagedTable.ts';
import { reminderPolicyFrom } from '#shared/report/reminders.ts';
import { scheduleReports, withdrawScheduledReports } from '#shared/report/reportPeriods.ts';
import { listReportsOfAgreement } from '#shared/report/reportTable.ts';
import type { ChangeCadence } from '#shared/report/schema.ts';

/**
 * How often a term's cadence may change: each change keeps its reason in the agreement's item and
 * writes a new set of periods, so the count is bounded (a dozen is far more than a term needs).
 */
export const maxCadenceChanges = 12;

/**
 * The bureau changes an active agreement's cadence. Periods already started stay as they
 * are; the periods not yet opened are withdrawn (with their schedules, and with a waiver one of
 * them had) and the term's rest is divided on the new cadence from the day after the last
 * started period. A new period that starts today (a term that had no cadence) opens at once.
 */
export async function changeCadence(
  caller: Caller,
  agreementId: string,
  change: ChangeCadence,
): Promise<WithAuditTrail<Agreement>> {
  if (!hasRole(caller, 'admin')) throw bureauOnly('changes a cadence');
  const agreement = await agreementTable.get(agreementId);
  if (!agreement) throw noSuchRecord('agreement', agreementId);
  if (agreement.state !== 'active') {
    throw new ConflictError(
      `The agreement is ${agreement.state}; only an active agreement's cadence changes`,
      { code: 'notInThisState', params: { state: agreement.state } },
    );
  }
  if ((agreement.cadenceChanges?.length ?? 0) >= maxCadenceChanges) {
    throw new ConflictError(
      `The cadence was changed ${maxCadenceChanges} times already, the most one term allows`,
      { code: 'cadenceChangeLimit', params: { max: maxCadenceChanges } },
    );
  }
  if (change.cadence === currentCadence(agreement)) {
    throw new ValidationError([
      { field: 'cadence', reason: `is the agreement's cadence already`, code: 'sameCadence' },
    ]);
  }
  const today = chinaDate(now());
  if (today >= agreement.terms.termEnd)
    throw new ConflictError('The term has ended; there is no next period', { code: 'termEnded' });
  const reports = await listReportsOfAgreement(agreementId);
  const notStarted = reports.filter((report) => report.start > today);
  // A future period waived before it opened is replaced too: the new cadence divides the term anew.
  const stillScheduled = notStarted.filter(
    (report) => report.state === 'scheduled' || report.state === 'waived',
  );
  if (stillScheduled.length !== notStarted.length)
    throw new ConflictError('A future period is already open; reload', { code: 'changedMeanwhile' });
  const periods = periodsFromChange(reports, today, change.cadence, agreement.terms.termEnd);
  const added = addedByChange(reports, periods, today);

  // The agreement is written first: its version makes a concurrent change a conflict, before anything moves.
  const amended = applyStep(
    agreement,
    {
      action: 'change_cadence',
      actor: { sub: caller.sub, email: caller.email, role: 'admin' },
      reason: change.reason,
      eventId: `${agreementId}:cadence:${agreement.version}`,
    },
    agreementStepRules,
  );
  if (!amended) throw new ConflictError('This change was made already', { code: 'stepTaken' });
  const entry = amended.recentAudit.at(-1);
  const next: Agreement = {
    ...amended,
    cadenceChanges: [
      ...(agreement.cadenceChanges ?? []),
      {
        cadence: change.cadence,
        fromPeriod: added[0]?.index ?? (reports.at(-1)?.index ?? 0) + 1,
        from: added[0]?.start ?? agreement.terms.termEnd,
        reason: change.reason,
        by: entry?.actor ?? { sub: caller.sub, email: caller.email, role: 'admin' },
        at: amended.updatedAt,
      },
    ],
  };
  await agreementTable.replace(next);
  await withdrawScheduledReports(notStarted);
  await scheduleReports(next, added, reminderPolicyFrom(process.env));
  return agreementTable.withAuditTrail(next);
}
