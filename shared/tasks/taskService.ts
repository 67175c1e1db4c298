import { randomUUID } from 'node:crypto';
import { SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { stepFunctions } from '#shared/aws/stepFunctions.ts';
import { now } from '#shared/clock.ts';
import { ConflictError, ForbiddenError, noSuchRecord, notYours, ValidationError } from '#shared/errors.ts';
import { type Caller, hasRole } from '#shared/identity.ts';
import type { ListPage, PageRequest } from '#shared/records/pagedList.ts';
import { withShownBy } from '#shared/records/readViews.ts';
import { completionActor, isAssignee, isPartyStep } from '#shared/tasks/actingOnBehalf.ts';
import { taskKindRules } from '#shared/tasks/kinds.ts';
import type { Assignee, Decision, TaskOutcome, TaskRecord, TaskView } from '#shared/tasks/model.ts';
import {
  assigneeKey,
  getTask,
  openTasks,
  openTasksFor,
  openTasksPage,
  putTaskIfUnchanged,
} from '#shared/tasks/taskTable.ts';

/** The decisions `caller` may take on a task of `kind`. */
function decisionsFor(caller: Caller, kind: TaskRecord['kind']): readonly Decision[] {
  const rules = taskKindRules[kind];
  return hasRole(caller, 'admin')
    ? rules.decisions
    : rules.decisions.filter((decision) => !rules.bureauOnly?.includes(decision));
}

export function viewTask(caller: Caller, task: TaskRecord): TaskView {
  const { token: _token, version: _version, nudges: _nudges, assignee, completion, ...visible } = task;
  const ageSeconds = Math.max(0, Math.floor((now().getTime() - Date.parse(task.openedAt)) / 1000));
  const bureau = hasRole(caller, 'admin');
  const decisions = decisionsFor(caller, task.kind);
  const decisionsOnBehalf =
    bureau && !isAssignee(caller, task.assignee)
      ? decisions.filter((decision) => isPartyStep(task.kind, task.assignee, decision))
      : [];
  return {
    ...visible,
    assignee: bureau ? assignee : shownAssignee(caller, assignee),
    ...(completion ? { completion: bureau ? completion : withShownBy(completion, caller) } : {}),
    ageSeconds,
    decisions,
    decisionsOnBehalf,
  };
}

/**
 * Whom a task waits for, as an assignee sees it: the role and organisation, and the named user
 * only when that is the reader. A round's panel list (everyone's emails) is the bureau's.
 */
function shownAssignee(caller: Caller, assignee: Assignee): Assignee {
  const { role, organization, sub, email } = assignee;
  return {
    role,
    ...(organization ? { organization } : {}),
    ...(sub === caller.sub ? { sub, ...(email ? { email } : {}) } : {}),
  };
}

/** The caller's open tasks, oldest first, a page at a time; the bureau sees every open task. */
export async function listTasksForCaller(caller: Caller, page: PageRequest): Promise<ListPage<TaskView>> {
  let found: ListPage<TaskRecord>;
  if (hasRole(caller, 'admin')) {
    found = await openTasksPage([openTasks], page);
  } else {
    const keys = new Set<string>([assigneeKey({ role: 'commissioner', sub: caller.sub })]);
    for (const role of caller.roles) {
      // A role's tasks (a round's panel) and, for a caller who acts for one, their organisation's.
      keys.add(assigneeKey({ role }));
      if (caller.organization) keys.add(assigneeKey({ role, organization: caller.organization }));
    }
    found = await openTasksPage([...keys].map(openTasksFor), page, (task) =>
      isAssignee(caller, task.assignee),
    );
  }
  return { ...found, items: found.items.map((task) => viewTask(caller, task)) };
}

export async function getTaskForCaller(caller: Caller, id: string): Promise<TaskView> {
  const task = await getTask(id);
  if (!task) throw noSuchRecord('task', id);
  if (!hasRole(caller, 'admin') && !isAssignee(caller, task.assignee)) {
    throw notYours('task', 'task', 'This task is not yours');
  }
  return viewTask(caller, task);
}

/**
 * Completes a human step: checks the caller may (the bureau completes a party's step only
 * on their behalf, with a reason), claims the task with a conditional write (of concurrent
 * completions exactly one wins; the rest get 409), then hands the outcome to the waiting
 * workflow. If the workflow no longer waits on that token (its deadline passed a moment ago)
 * the claim is released and the caller told to reload.
 */
export async function completeTask(
  caller: Caller,
  id: string,
  decision: Decision,
  reason: string | undefined,
  payload?: unknown,
  onBehalfOf?: { readonly reason: string },
): Promise<TaskView> {
  const task = await getTask(id);
  if (!task) throw noSuchRecord('task', id);
  if (!hasRole(caller, 'admin') && !isAssignee(caller, task.assignee)) {
    throw notYours('task', 'task', 'This task is not yours');
  }
  if (task.status !== 'open') {
    throw task.status === 'cancelled'
      ? new ConflictError('This task was withdrawn', { code: 'taskWithdrawn' })
      : new ConflictError('This task was already completed', { code: 'taskCompleted' });
  }
  const rules = taskKindRules[task.kind];
  if (rules.bureauOnly?.includes(decision) && !hasRole(caller, 'admin')) {
    throw new ForbiddenError(`Only the bureau may ${decision} this`, { code: 'bureauOnly' });
  }
  if (payload === undefined ? !rules.decisions.includes(decision) : decision !== rules.formDecision) {
    throw new ValidationError([
      {
        field: 'decision',
        ...(rules.decisions.length > 0
          ? {
              reason: `must be one of ${rules.decisions.join(', ')} for this task`,
              code: 'notOneOf',
              params: { values: rules.decisions.join(', ') },
            }
          : { reason: 'this task is completed through its own form, not the task list', code: 'formOnly' }),
      },
    ]);
  }
  if (rules.reasonRequired.includes(decision) && !reason) {
    throw new ValidationError([
      { field: 'reason', reason: `is required to ${decision}`, code: 'reasonRequired', params: { decision } },
    ]);
  }
  const by = completionActor(caller, task, decision, onBehalfOf);
  const completion = {
    id: randomUUID(),
    decision,
    by,
    at: now().toISOString(),
    ...(reason ? { reason } : {}),
  };
  const claimed: TaskRecord = { ...task, status: 'completed', completion, version: task.version + 1 };
  await putTaskIfUnchanged(claimed);

  const outcome: TaskOutcome = {
    decision,
    reason: reason ?? '',
    actor: by,
    completionId: completion.id,
    ...(payload === undefined ? {} : { payload }),
  };
  try {
    await stepFunctions().send(
      new SendTaskSuccessCommand({ taskToken: task.token, output: JSON.stringify(outcome) }),
    );
  } catch (error) {
    if (error instanceof TaskTimedOut || error instanceof TaskDoesNotExist) {
      const { completion: _dropped, ...reopened } = claimed;
      // A conflict here means the workflow already reissued the task: nothing to undo.
      await putTaskIfUnchanged({ ...reopened, status: 'open', version: claimed.version + 1 }).catch(
        (undo) => {
          if (!(undo instanceof ConflictError)) throw undo;
        },
      );
      throw new ConflictError('The deadline of this task passed and it was reissued; reload and try again', {
        code: 'taskReissued',
      });
    }
    throw error;
  }
  return viewTask(caller, claimed);
}

export interface OpenTaskRequest {
  readonly id: string;
  readonly kind: TaskRecord['kind'];
  readonly subject: TaskRecord['subject'];
  readonly assignee: Assignee;
  readonly token: string;
  readonly timeoutSeconds: number;
}

/**
 * Records that the workflow now waits on a human, with the token to resume it. A task
 * still open (its earlier token timed out and a reminder went out) keeps its opening
 * time; a completed one opens a new round. Replaying the same token changes nothing.
 */
export async function openTaskRound(
  request: OpenTaskRequest,
): Promise<{ task: TaskRecord; newRound: boolean }> {
  const existing = await getTask(request.id);
  if (existing?.token === request.token) return { task: existing, newRound: false };
  const at = now();
  const deadline = new Date(at.getTime() + request.timeoutSeconds * 1000).toISOString();
  const reissue = existing?.status === 'open';
  const task: TaskRecord = {
    id: request.id,
    kind: request.kind,
    subject: request.subject,
    assignee: request.assignee,
    status: 'open',
    openedAt: reissue ? existing.openedAt : at.toISOString(),
    deadline,
    token: request.token,
    round: reissue ? existing.round : (existing?.round ?? 0) + 1,
    reminders: reissue ? existing.reminders : 0,
    escalated: reissue ? existing.escalated : false,
    version: (existing?.version ?? 0) + 1,
  };
  await putTaskIfUnchanged(task);
  return { task, newRound: !reissue };
}

/** Notes a reminder or an escalation on the open task; the same event twice counts once. */
export async function markTaskNudged(
  id: string,
  level: 'reminder' | 'escalation',
  eventId: string,
): Promise<TaskRecord | undefined> {
  const task = await getTask(id);
  if (task?.status !== 'open') return undefined;
  if (task.nudges?.includes(eventId)) return task;
  const next: TaskRecord = {
    ...task,
    reminders: level === 'reminder' ? task.reminders + 1 : task.reminders,
    escalated: task.escalated || level === 'escalation',
    nudges: [...(task.nudges ?? []), eventId],
    version: task.version + 1,
  };
  await putTaskIfUnchanged(next);
  return next;
}

/** The workflow stopped waiting for this task (another branch ended the step): take it off every list. */
export async function cancelOpenTask(id: string): Promise<void> {
  const task = await getTask(id);
  if (task?.status !== 'open') return;
  await putTaskIfUnchanged({ ...task, status: 'cancelled', version: task.version + 1 });
}
