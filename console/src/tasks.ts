import { ApiError, api } from './api.ts';
import { type Child, h, replaceContent } from './dom.ts';
import { formatDateTime, formatDuration, formatList } from './format.ts';
import { clearErrors, field, formErrorSlot, showFieldError, showSubmitError } from './forms.ts';
import { contextualLabelOf, labelOf, type MessageKey, t } from './i18n.ts';
import { subjectRoute } from './links.ts';
import {
  type Actor,
  decisionsRequiringReason,
  isOneOf,
  type Task,
  type TaskSubjectType,
  taskSubjectTypes,
} from './model.ts';
import type { PageContext } from './page.ts';
import { pagedRows } from './paged-list.ts';
import { errorNotice, flash, link, loadingNotice, pageHeading, refreshButton, untilRecorded } from './ui.ts';

/** The link offered by a task that is done on its subject's own page rather than with a decision here. */
const openLabels: Record<string, MessageKey> = {
  'resubmit-application': 'tasks.openToResubmit',
  'revise-demand': 'tasks.openToRevise',
  'rate-commissioner': 'tasks.openToRate',
  'collect-panel-scores': 'tasks.openToScore',
};
/** Partial: a kind of record the server has and this console has no page for yet gets no link. */
const openSubjectLabels: Partial<Record<TaskSubjectType, MessageKey>> = {
  application: 'tasks.openApplication',
  demand: 'tasks.openDemand',
  dispatch: 'tasks.openDispatch',
  agreement: 'tasks.openAgreement',
  report: 'tasks.openReport',
  assessment: 'tasks.openAssessment',
  commendation: 'tasks.openCommendationRound',
};

export async function renderTasks({ root, session, reload }: PageContext): Promise<void> {
  const content = h('div', {}, loadingNotice());
  root.append(
    pageHeading(
      t(session.role === 'admin' || session.role === 'institution' ? 'tasks.heading' : 'tasks.myHeading'),
      refreshButton(reload),
    ),
    h('p', { class: 'lead' }, t(session.role === 'admin' ? 'tasks.introAdmin' : 'tasks.intro')),
    content,
  );
  try {
    const first = await api.listTasks();
    replaceContent(
      content,
      first.items.length === 0 && first.nextCursor === undefined
        ? h('p', { class: 'empty' }, t('tasks.empty'))
        : pagedRows({
            name: 'tasks',
            first,
            next: (cursor) => api.listTasks({ cursor }),
            row: (task) => taskRow(task, reload),
            table: (body) =>
              h(
                'table',
                { 'data-testid': 'tasks' },
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    h('th', {}, t('tasks.kind')),
                    h('th', {}, t('tasks.subject')),
                    h('th', {}, t('tasks.assignee')),
                    h('th', {}, t('tasks.age')),
                    h('th', {}, t('tasks.deadline')),
                    h('th', {}, t('tasks.decision')),
                  ),
                ),
                body,
              ),
          }),
    );
  } catch (error) {
    replaceContent(content, errorNotice(error));
  }
}

function taskRow(task: Task, reload: () => void): HTMLElement {
  const route = subjectRoute(task.subject);
  // The server's "now" is openedAt + age; the browser's clock knows nothing of the runtime's advanced clock.
  const serverNow = Date.parse(task.openedAt) + task.ageSeconds * 1000;
  const overdue = Date.parse(task.deadline) < serverNow;
  const assigneeName = task.assignee.organization ?? task.assignee.email;
  return h(
    'tr',
    { 'data-testid': 'task', 'data-task-kind': task.kind, 'data-task-id': task.id },
    h(
      'td',
      {},
      labelOf('taskKind', task.kind),
      task.escalated
        ? h('span', { class: 'badge warning', 'data-testid': 'escalated' }, t('tasks.escalated'))
        : null,
    ),
    h('td', {}, route === undefined ? task.subject.title : link(route, task.subject.title)),
    h(
      'td',
      {},
      labelOf('role', task.assignee.role),
      assigneeName ? h('div', { class: 'muted' }, assigneeName) : null,
    ),
    h('td', { class: 'nowrap', 'data-testid': 'task-age' }, formatDuration(task.ageSeconds)),
    h(
      'td',
      { class: 'nowrap' },
      formatDateTime(task.deadline),
      overdue ? h('span', { class: 'badge danger' }, t('tasks.overdue')) : null,
      task.reminders > 0
        ? h('div', { class: 'muted' }, t('tasks.reminders', { count: task.reminders }))
        : null,
    ),
    h('td', { class: 'task-actions' }, decisionControls(task, route, reload)),
  );
}

/** How a party is named: its organisation, else its email, else its role. */
function partyName(party: { role: string; organization?: string; email?: string }): string {
  return party.organization ?? party.email ?? labelOf('role', party.role);
}

/**
 * "Recorded by the bureau on X's behalf: reason" for a step the bureau recorded for a party; null for a
 * step the party took itself. `key` words it for the record (signed, confirmed).
 */
export function onBehalfNote(
  actor: Pick<Actor, 'onBehalfOf' | 'role'> & { readonly email?: string },
  key:
    | 'onBehalf.recorded'
    | 'onBehalf.signed'
    | 'onBehalf.confirmed'
    | 'onBehalf.disputed' = 'onBehalf.recorded',
): HTMLElement | null {
  const party = actor.onBehalfOf;
  if (!party) return null;
  return h(
    'div',
    { class: 'notice notice-info on-behalf', 'data-testid': 'on-behalf' },
    // A party reading the record is not shown the bureau member's email, only their role.
    t(key, {
      party: partyName(party),
      bureau: actor.email ?? labelOf('role', actor.role),
      reason: party.reason,
    }),
  );
}

/** The server's bounds on the bureau's reason for recording a party's step. */
const onBehalfReasonLength = { min: 10, max: 500 };

/**
 * A task's decision buttons (with a reason box where a decision needs one), or the link that does it instead.
 * A party's own step shown to the bureau is folded away under "Record on the party's behalf", which asks why.
 */
export function decisionControls(
  task: Task,
  route: string | undefined,
  reload: () => void,
  untilDecided?: () => Promise<boolean>,
): HTMLElement | null {
  if (task.decisions.length === 0) {
    if (route === undefined || !isOneOf(taskSubjectTypes, task.subject.type)) return null;
    const label = openLabels[task.kind] ?? openSubjectLabels[task.subject.type];
    return label === undefined ? null : link(route, t(label));
  }
  const party = partyName(task.assignee);
  const onBehalf = (decision: string) => isOneOf(task.decisionsOnBehalf ?? [], decision);
  const decisionLabel = (decision: string) => contextualLabelOf('decision', task.kind, decision);
  const needingReason = task.decisions.filter((decision) => isOneOf(decisionsRequiringReason, decision));
  const reason = h('textarea', { rows: 2, maxlength: 1000 });
  const behalfReason = h('textarea', { rows: 2, maxlength: onBehalfReasonLength.max });
  const buttons = task.decisions.map((decision) =>
    h(
      'button',
      {
        type: 'button',
        class: isOneOf(decisionsRequiringReason, decision) ? 'secondary' : 'primary',
        'data-testid': `decision-${decision}`,
        onclick: () => void decide(decision),
      },
      onBehalf(decision)
        ? t('tasks.onBehalfButton', { decision: decisionLabel(decision) })
        : decisionLabel(decision),
    ),
  );
  const behalfFields = task.decisions.some(onBehalf)
    ? [
        h(
          'p',
          { class: 'hint', 'data-testid': 'on-behalf-intro' },
          t('tasks.onBehalfIntro', { role: labelOf('role', task.assignee.role), party }),
        ),
        field({
          name: 'onBehalfOf.reason',
          id: `task-${task.id}-on-behalf-reason`,
          label: t('tasks.onBehalfReason', { party }),
          control: behalfReason,
          hint: t('tasks.onBehalfReasonHint', onBehalfReasonLength),
        }),
      ]
    : [];
  const form = h(
    'div',
    { class: 'decision-form' },
    ...behalfFields,
    needingReason.length > 0
      ? field({
          name: 'reason',
          id: `task-${task.id}-reason`,
          label: t('tasks.reason'),
          control: reason,
          hint: t('tasks.reasonHint', {
            decisions: formatList(
              needingReason.map((decision) =>
                t('tasks.quotedDecision', { decision: decisionLabel(decision) }),
              ),
            ),
          }),
        })
      : null,
    formErrorSlot(),
    h('div', { class: 'buttons' }, ...buttons),
  );
  // A party's step stays out of the bureau's way until it means to record it for them.
  const controls =
    behalfFields.length > 0
      ? h(
          'details',
          { class: 'on-behalf-step', 'data-testid': 'record-on-behalf' },
          h('summary', {}, t('tasks.recordOnBehalf', { party })),
          form,
        )
      : form;

  const decide = async (decision: string) => {
    clearErrors(form);
    const reasonText = reason.value.trim();
    const behalfText = behalfReason.value.trim();
    if (onBehalf(decision) && behalfText.length < onBehalfReasonLength.min) {
      showFieldError(form, 'onBehalfOf.reason', t('tasks.onBehalfReasonRequired', onBehalfReasonLength));
      behalfReason.focus();
      return;
    }
    if (isOneOf(decisionsRequiringReason, decision) && reasonText === '') {
      showFieldError(form, 'reason', t('tasks.reasonRequired'));
      reason.focus();
      return;
    }
    for (const button of buttons) button.disabled = true;
    try {
      await api.completeTask(
        task.id,
        decision,
        reasonText === '' ? undefined : reasonText,
        onBehalf(decision) ? behalfText : undefined,
      );
      await untilDecided?.();
      flash(
        'success',
        onBehalf(decision)
          ? t('tasks.completedOnBehalf', {
              decision: decisionLabel(decision),
              title: task.subject.title,
              party,
            })
          : t('tasks.completed', { decision: decisionLabel(decision), title: task.subject.title }),
      );
      reload();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'Conflict') {
        flash('info', t('tasks.alreadyHandled', { title: task.subject.title }));
        reload();
        return;
      }
      showSubmitError(form, error);
      for (const button of buttons) button.disabled = false;
    }
  };
  return controls;
}

/**
 * The reader's open steps on one record (a report's confirmation, an assessment's grade), decided on the
 * record's page as on the task list; hidden while there are none. `guidance` adds what the decision rests on.
 */
export function recordDecisions(options: {
  subject: { type: TaskSubjectType; id: string };
  heading: string;
  /** `<prefix>-decisions` names the section, `<prefix>-task` each task in it. */
  testIdPrefix: string;
  reload: () => void;
  /**
   * Whether the workflow has recorded a decision on the record yet (it does so a moment after the task is
   * completed): the page reloads once it has, rather than showing the record as it was.
   */
  decided: () => Promise<boolean>;
  guidance?: (task: Task) => Child;
}): HTMLElement {
  const { subject, reload } = options;
  const content = h('div', {});
  const section = h(
    'section',
    { 'data-testid': `${options.testIdPrefix}-decisions`, hidden: true },
    h('h2', {}, options.heading),
    content,
  );
  // The reader's open tasks on one record are few; the largest page finds them as the list did before paging.
  void api.listTasks({}, 200).then(
    ({ items }) => {
      const open = items.filter(
        (task) =>
          task.subject.type === subject.type && task.subject.id === subject.id && task.decisions.length > 0,
      );
      if (open.length === 0) return;
      replaceContent(
        content,
        ...open.map((task) =>
          h(
            'div',
            { class: 'panel', 'data-testid': `${options.testIdPrefix}-task`, 'data-task-kind': task.kind },
            h('h3', {}, labelOf('taskKind', task.kind)),
            options.guidance?.(task),
            decisionControls(task, undefined, reload, () =>
              untilRecorded(options.decided, (decided) => decided),
            ),
          ),
        ),
      );
      section.hidden = false;
    },
    (error: unknown) => {
      replaceContent(content, errorNotice(error));
      section.hidden = false;
    },
  );
  return section;
}
