import { objectionReasonLength } from '#shared/limits.ts';
import { agreementSection } from './agreement-draft.ts';
import { ApiError, api } from './api.ts';
import { h, replaceContent } from './dom.ts';
import { formatDateTime } from './format.ts';
import { clearErrors, field, formErrorSlot, showSubmitError } from './forms.ts';
import { auditTable } from './history.ts';
import { labelOf, t } from './i18n.ts';
import { demandRoute } from './links.ts';
import type { Acceptance, AnyView, Dispatch, Objection } from './model.ts';
import type { PageContext } from './page.ts';
import { pagedRows } from './paged-list.ts';
import type { Session } from './session.ts';
import { errorNotice, flash, link, loadingNotice, notice, refreshButton, stateBadge } from './ui.ts';

export async function renderDispatchDetail({ root, params, session, reload }: PageContext): Promise<void> {
  const id = params[0] ?? '';
  const back = backLink(session);
  root.append(loadingNotice());
  let dispatch: Dispatch;
  try {
    ({ dispatch } = await api.getDispatch(id));
  } catch (error) {
    replaceContent(root, back, errorNotice(error));
    return;
  }
  // The public notice and a party's view leave out contact details: shown where present.
  const commissioner: AnyView<Dispatch['commissioner']> = dispatch.commissioner;
  const enterprise: AnyView<Dispatch['enterprise']> = dispatch.enterprise;
  replaceContent(
    root,
    h('p', { class: 'breadcrumb' }, back),
    h(
      'div',
      { class: 'page-heading' },
      h('h1', {}, t('dispatch.title', { commissioner: commissioner.name, enterprise: enterprise.name })),
      stateBadge(dispatch.state),
      h('div', { class: 'actions' }, refreshButton(reload)),
    ),
    summary(dispatch, session),
    dispatch.failure
      ? notice(
          'error',
          t('dispatch.failure', {
            state: labelOf('state', dispatch.failure.state),
            error: dispatch.failure.error,
            cause: dispatch.failure.cause,
          }),
        )
      : null,
    dispatch.state === 'in_notice' && dispatch.notice
      ? notice('info', t('dispatch.inNotice', { closesAt: formatDateTime(dispatch.notice.closesAt) }))
      : null,
    h(
      'section',
      {},
      h('h2', {}, t('dispatch.parties')),
      h(
        'dl',
        { class: 'details', 'data-testid': 'parties' },
        h('dt', {}, t('dispatch.commissioner')),
        h('dd', {}, commissioner.name, h('div', { class: 'muted' }, commissioner.email)),
        h('dt', {}, t('dispatch.institution')),
        h('dd', {}, commissioner.institution),
        h('dt', {}, t('dispatch.enterprise')),
        h('dd', {}, enterprise.name),
        // The demand's details are for its parties and the bureau; the public notice names the enterprise only.
        ...(enterprise.problem === undefined
          ? []
          : [
              h('dt', {}, t('dispatch.creditCode')),
              h('dd', { class: 'code' }, enterprise.creditCode),
              h('dt', {}, t('dispatch.location')),
              h('dd', {}, enterprise.location),
              h('dt', {}, t('dispatch.problem')),
              h('dd', { class: 'prose', 'data-testid': 'problem' }, enterprise.problem),
            ]),
      ),
    ),
    agreementSection(dispatch, session, reload),
    dispatch.acceptances
      ? h('section', {}, h('h2', {}, t('dispatch.answers')), answersTable(dispatch.acceptances))
      : null,
    h('section', {}, h('h2', {}, t('dispatch.notice')), noticeWindow(dispatch)),
    h(
      'section',
      {},
      h('h2', {}, t('dispatch.objections')),
      objectionsTable(dispatch),
      dispatch.state === 'in_notice'
        ? objectionForm(dispatch, ownObjection(dispatch, session), reload)
        : null,
    ),
    // Only the bureau's answer carries the audit trail.
    dispatch.audit
      ? h('section', {}, h('h2', {}, t('dispatch.audit')), auditTable(dispatch.audit, 'dispatchAction'))
      : null,
  );
}

/** Institutions and panel members reach dispatches only through the public notice. */
function backLink(session: Session): HTMLElement {
  return session.role === 'institution' || session.role === 'panel'
    ? link('/notices', t('dispatch.backToNotices'))
    : link('/dispatches', t('dispatch.back'));
}

function summary(dispatch: Dispatch, session: Session): HTMLElement | null {
  // The public notice has no record dates; a party's and the bureau's answers do.
  if (dispatch.createdAt === undefined || dispatch.updatedAt === undefined) return null;
  // The demand itself is the enterprise's and the bureau's to see.
  const seesDemand =
    dispatch.demandId !== undefined && (session.role === 'admin' || session.role === 'enterprise');
  return h(
    'dl',
    { class: 'summary' },
    h('dt', {}, t('dispatch.proposedAt')),
    h('dd', {}, formatDateTime(dispatch.createdAt)),
    h('dt', {}, t('dispatch.updatedAt')),
    h('dd', {}, formatDateTime(dispatch.updatedAt)),
    ...(seesDemand
      ? [
          h('dt', {}, t('dispatch.demand')),
          h('dd', {}, link(demandRoute(dispatch.demandId ?? ''), t('dispatch.openDemand'))),
        ]
      : []),
  );
}

function answersTable(acceptances: NonNullable<Dispatch['acceptances']>): HTMLElement {
  const row = (party: 'commissioner' | 'enterprise', acceptance: Acceptance | undefined) =>
    h(
      'tr',
      { 'data-testid': `answer-${party}` },
      h('th', { scope: 'row' }, t(`dispatch.party.${party}`)),
      h(
        'td',
        {},
        acceptance
          ? h(
              'span',
              { class: `badge answer-${acceptance.decision}` },
              labelOf('acceptance', acceptance.decision),
            )
          : h('span', { class: 'muted' }, t('acceptance.pending')),
      ),
      h('td', {}, acceptance?.by.email ?? ''),
      h('td', { class: 'nowrap' }, acceptance ? formatDateTime(acceptance.at) : ''),
      h('td', { class: 'prose' }, acceptance?.reason ?? ''),
    );
  return h(
    'table',
    { 'data-testid': 'answers' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('dispatch.answerParty')),
        h('th', {}, t('dispatch.answer')),
        h('th', {}, t('audit.actor')),
        h('th', {}, t('audit.at')),
        h('th', {}, t('audit.reason')),
      ),
    ),
    h('tbody', {}, row('commissioner', acceptances.commissioner), row('enterprise', acceptances.enterprise)),
  );
}

function noticeWindow(dispatch: Dispatch): HTMLElement {
  if (!dispatch.notice) return h('p', { class: 'muted' }, t('dispatch.noticeNotOpened'));
  return h(
    'dl',
    { class: 'summary', 'data-testid': 'notice-window' },
    h('dt', {}, t('dispatch.noticeOpensAt')),
    h('dd', {}, formatDateTime(dispatch.notice.opensAt)),
    h('dt', {}, t('dispatch.noticeClosesAt')),
    h('dd', {}, formatDateTime(dispatch.notice.closesAt)),
  );
}

/** The objections shown: the bureau's first page, with a "more" button while more follow. */
function objectionsTable(dispatch: Dispatch): HTMLElement {
  if (dispatch.objections.length === 0) return h('p', { class: 'muted' }, t('dispatch.noObjections'));
  const row = (objection: Objection) =>
    h(
      'tr',
      { 'data-testid': 'objection' },
      h('td', { class: 'nowrap' }, formatDateTime(objection.at)),
      h('td', {}, objection.by.email),
      h('td', { class: 'prose' }, objection.reason),
      h(
        'td',
        {},
        ...(objection.ruling
          ? [
              h(
                'span',
                { class: `badge ruling-${objection.ruling.decision}` },
                labelOf('ruling', objection.ruling.decision),
              ),
              h('div', { class: 'muted nowrap' }, formatDateTime(objection.ruling.at)),
              objection.ruling.reason ? h('div', { class: 'prose' }, objection.ruling.reason) : null,
            ]
          : [h('span', { class: 'muted' }, t('ruling.pending'))]),
      ),
    );
  const table = (body: HTMLElement) =>
    h(
      'table',
      { 'data-testid': 'objections' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('audit.at')),
          h('th', {}, t('objection.by')),
          h('th', {}, t('objection.reason')),
          h('th', {}, t('objection.ruling')),
        ),
      ),
      body,
    );
  return pagedRows({
    name: 'objections',
    first: {
      items: [...dispatch.objections],
      ...(dispatch.objectionsCursor === undefined ? {} : { nextCursor: dispatch.objectionsCursor }),
    },
    next: (cursor) => api.listObjections(dispatch.id, cursor),
    row,
    table,
  });
}

/** The caller's standing objection: each person has one per dispatch, which filing again edits. */
function ownObjection(dispatch: Dispatch, session: Session): Objection | undefined {
  return dispatch.objections.find(
    (objection) => objection.by.email.toLowerCase() === session.email.toLowerCase(),
  );
}

/** Anyone signed in may object while the notice is open; the bureau rules on it when the notice closes. */
function objectionForm(dispatch: Dispatch, own: Objection | undefined, reload: () => void): HTMLElement {
  const count = h('span', { class: 'counter' });
  const reason = h('textarea', {
    required: true,
    minlength: objectionReasonLength.min,
    maxlength: objectionReasonLength.max,
    rows: 4,
    oninput: () => updateCount(),
  });
  if (own) reason.value = own.reason;
  const updateCount = () => {
    count.textContent = t('form.characterCount', {
      count: reason.value.length,
      max: objectionReasonLength.max,
    });
  };
  updateCount();
  const errorSlot = formErrorSlot();
  const submitButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'submit-objection' },
    own ? t('objection.update') : t('objection.submit'),
  );
  const form = h(
    'form',
    { class: 'stacked panel', 'data-testid': 'objection-form' },
    h('h3', {}, own ? t('objection.editHeading') : t('objection.heading')),
    h('p', { class: 'muted' }, own ? t('objection.editIntro') : t('objection.intro')),
    field({
      name: 'reason',
      id: 'objection-reason',
      label: t('objection.reason'),
      control: reason,
      hint: h('span', {}, t('objection.reasonHint'), ' ', count),
    }),
    errorSlot,
    h('div', { class: 'form-actions' }, submitButton),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    submitButton.disabled = true;
    try {
      await api.fileObjection(dispatch.id, reason.value.trim());
      flash('success', own ? t('objection.updated') : t('objection.filed'));
      reload();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'Conflict') {
        // A closed notice, or an objection edited as often as it may be: the server says which.
        errorSlot.append(h('p', {}, t('objection.refused', { detail: error.message })));
      } else {
        showSubmitError(form, error);
      }
    } finally {
      submitButton.disabled = false;
    }
  });
  return form;
}
