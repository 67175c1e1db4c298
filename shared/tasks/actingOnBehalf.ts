import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { bureauOnly, ForbiddenError, notYours, ValidationError } from '#shared/errors.ts';
import { type Caller, hasRole, organizationKey } from '#shared/identity.ts';
import type { ActorRef, OnBehalfOf, StepOutcome } from '#shared/records/stagedRecord.ts';
import { taskKindRules } from '#shared/tasks/kinds.ts';
import type { Assignee, Decision, TaskKind } from '#shared/tasks/model.ts';
import type { TaskSubjectView } from '#shared/tasks/taskSubjects.ts';

/*
 * A party's step (a signature, a confirmation, an acceptance, an endorsement) is that party's
 * act. The bureau may record one only explicitly on the party's behalf, with a reason (a paper
 * signature it received, say): the record, its audit trail and an email to the party say so.
 */

export function isAssignee(caller: Caller, assignee: Assignee): boolean {
  if (!hasRole(caller, assignee.role)) return false;
  if (assignee.sub) return assignee.sub === caller.sub;
  if (assignee.members) return assignee.members.includes(caller.email.toLowerCase());
  if (assignee.organization) {
    return (
      caller.organization !== undefined &&
      organizationKey(caller.organization) === organizationKey(assignee.organization)
    );
  }
  return true;
}

/** Whether `decision` on a task of `kind` assigned to `assignee` is a party's own act rather than the bureau's. */
export function isPartyStep(kind: TaskKind, assignee: Assignee, decision: Decision): boolean {
  return assignee.role !== 'admin' && !taskKindRules[kind].bureauOnly?.includes(decision);
}

/**
 * Who completes the task, as the record will say: its assignee; the bureau on its own step
 * (or a decision only it takes, such as waiving a report); or the bureau on the party's behalf,
 * which it must ask for with a reason. Everyone else is refused.
 */
export function completionActor(
  caller: Caller,
  task: { readonly kind: TaskKind; readonly assignee: Assignee },
  decision: Decision,
  onBehalf: { readonly reason: string } | undefined,
): ActorRef {
  const { sub, email } = caller;
  if (onBehalf && !hasRole(caller, 'admin')) {
    throw bureauOnly("records a step on a party's behalf");
  }
  if (isAssignee(caller, task.assignee) && !onBehalf) return { sub, email, role: task.assignee.role };
  if (!hasRole(caller, 'admin')) throw notYours('task', 'task', 'This task is not yours');
  const partyStep = isPartyStep(task.kind, task.assignee, decision);
  if (!partyStep) {
    if (onBehalf) {
      throw new ValidationError([
        {
          field: 'onBehalfOf',
          reason: "is only for a party's own step; this one is the bureau's",
          code: 'onBehalfNotAllowed',
        },
      ]);
    }
    return { sub, email, role: 'admin' };
  }
  if (!onBehalf) {
    throw new ForbiddenError(
      `This step is the ${task.assignee.role}'s own: the bureau may record it only on their behalf, with a reason (onBehalfOf.reason)`,
      { code: 'onBehalfRequired', params: { role: task.assignee.role } },
    );
  }
  const { members: _members, ...party } = task.assignee;
  const onBehalfOf: OnBehalfOf = { ...party, reason: onBehalf.reason };
  return { sub, email, role: 'admin', onBehalfOf };
}

/** How each party decision is named in the email that tells the party of it. */
type ActName = { readonly zh: string; readonly en: string };
/** Keyed by any string since a record step reads the decision as one; each key is checked as a decision. */
const actNames: Partial<Record<string, ActName>> = {
  sign: { zh: '签署', en: 'signature' },
  decline: { zh: '拒绝', en: 'refusal' },
  confirm: { zh: '确认', en: 'confirmation' },
  dispute: { zh: '异议', en: 'dispute' },
  accept: { zh: '接受', en: 'acceptance' },
  endorse: { zh: '推荐', en: 'endorsement' },
} satisfies Partial<Record<Decision, ActName>>;

/**
 * Tells the party that the bureau recorded their step for them, and why; once per completion.
 * Nothing to tell when the party acted themselves.
 */
export async function tellPartyOfActOnBehalf(input: {
  readonly outcome: StepOutcome | undefined;
  readonly subject: TaskSubjectView;
  /** How the email addresses the party: the commissioner's name, the institution or enterprise. */
  readonly partyName: string;
}): Promise<void> {
  const onBehalfOf = input.outcome?.actor.onBehalfOf;
  const to = onBehalfOf?.email ?? input.subject.assignee.email;
  if (!input.outcome || !onBehalfOf || !to) return;
  const act = actNames[input.outcome.decision] ?? { zh: input.outcome.decision, en: input.outcome.decision };
  await sendEmailOnce({
    dedupeKey: `${input.outcome.completionId}:recorded-on-behalf`,
    to: [to],
    template: 'recorded-on-behalf',
    params: {
      party: input.partyName,
      title: input.subject.title,
      actZh: act.zh,
      actEn: act.en,
      onBehalfReason: onBehalfOf.reason,
      link: consoleLink(input.subject.consolePath),
    },
  });
}
