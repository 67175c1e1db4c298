import { ApiError, api } from './api.ts';
import { applicationFormElement } from './application-form.ts';
import { h, replaceContent } from './dom.ts';
import { formatDateTime, formatList } from './format.ts';
import { labelOf, t } from './i18n.ts';
import { type Application, type ApplicationForm, applicationFormFields, type Revision } from './model.ts';
import type { PageContext } from './page.ts';
import { type Session, sessionSubject } from './session.ts';
import { errorNotice, flash, link, loadingNotice, notice, stateBadge } from './ui.ts';

type FormField = (typeof applicationFormFields)[number];

export async function renderApplicationDetail({ root, params, session, reload }: PageContext): Promise<void> {
  const id = params[0] ?? '';
  root.append(loadingNotice());
  let application: Application;
  try {
    ({ application } = await api.getApplication(id));
  } catch (error) {
    replaceContent(root, link('/applications', t('application.back')), errorNotice(error));
    return;
  }
  replaceContent(
    root,
    h('p', { class: 'breadcrumb' }, link('/applications', t('application.back'))),
    h('div', { class: 'page-heading' }, h('h1', {}, application.form.name), stateBadge(application.state)),
    summary(application),
    application.failure
      ? notice(
          'error',
          t('application.failure', {
            state: application.failure.state,
            error: application.failure.error,
            cause: application.failure.cause,
          }),
        )
      : null,
    application.state === 'returned' && isApplicant(application, session)
      ? resubmission(application, reload)
      : null,
    h('section', {}, h('h2', {}, t('application.currentForm')), formDetails(application.form)),
    h('section', {}, h('h2', {}, t('application.audit')), auditTable(application)),
    h('section', {}, h('h2', {}, t('application.revisions')), revisionComparison(application.revisions)),
  );
}

function summary(application: Application): HTMLElement {
  return h(
    'dl',
    { class: 'summary' },
    h('dt', {}, t('application.applicant')),
    h('dd', {}, application.applicant.email),
    h('dt', {}, t('application.revision')),
    h('dd', {}, application.revision),
    h('dt', {}, t('application.createdAt')),
    h('dd', {}, formatDateTime(application.createdAt)),
    h('dt', {}, t('application.updatedAt')),
    h('dd', {}, formatDateTime(application.updatedAt)),
  );
}

function isApplicant(application: Application, session: Session): boolean {
  if (session.role !== 'commissioner') return false;
  const subject = sessionSubject(session);
  if (subject !== undefined) return subject === application.applicant.sub;
  return session.email.toLowerCase() === application.applicant.email.toLowerCase();
}

function resubmission(application: Application, reload: () => void): HTMLElement {
  const returnReason = application.audit.findLast((entry) => entry.to === 'returned')?.reason;
  return h(
    'section',
    { class: 'panel', 'data-testid': 'resubmission' },
    h('h2', {}, t('application.resubmitHeading')),
    notice(
      'info',
      returnReason ? t('application.returnedBecause', { reason: returnReason }) : t('application.returned'),
    ),
    applicationFormElement({
      initial: application.form,
      submitLabel: 'application.resubmit',
      submit: async (form) => {
        try {
          await api.resubmitApplication(application.id, form, application.revision);
          flash('success', t('application.resubmitted'));
          reload();
        } catch (error) {
          if (!(error instanceof ApiError && error.code === 'Conflict')) throw error;
          // Someone changed the application since it was loaded: show them the current version instead.
          flash('error', t('application.conflict'));
          reload();
        }
      },
    }),
  );
}

function fieldText(form: ApplicationForm, name: FormField): string {
  switch (name) {
    case 'title':
      return labelOf('title', form.title);
    case 'technicalFields':
      return formatList(form.technicalFields);
    case 'industries':
      return formatList(form.industries.map((industry) => labelOf('industry', industry)));
    default:
      return form[name];
  }
}

function formDetails(form: ApplicationForm): HTMLElement {
  return h(
    'dl',
    { class: 'details', 'data-testid': 'current-form' },
    ...applicationFormFields.flatMap((name) => [
      h('dt', {}, t(`form.${name}`)),
      h('dd', { class: name === 'statement' ? 'prose' : null }, fieldText(form, name)),
    ]),
  );
}

function auditTable(application: Application): HTMLElement {
  return h(
    'table',
    { 'data-testid': 'audit' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('audit.at')),
        h('th', {}, t('audit.actor')),
        h('th', {}, t('audit.action')),
        h('th', {}, t('audit.transition')),
        h('th', {}, t('audit.reason')),
      ),
    ),
    h(
      'tbody',
      {},
      ...application.audit.map((entry) =>
        h(
          'tr',
          {},
          h('td', { class: 'nowrap' }, formatDateTime(entry.at)),
          h('td', {}, entry.actor.email, h('div', { class: 'muted' }, labelOf('role', entry.actor.role))),
          h('td', {}, labelOf('action', entry.action)),
          h(
            'td',
            {},
            entry.from === null ? t('audit.created') : labelOf('state', entry.from),
            ' → ',
            labelOf('state', entry.to),
          ),
          h('td', { class: 'prose' }, entry.reason ?? ''),
        ),
      ),
    ),
  );
}

/** Every version the applicant submitted, with any two of them compared field by field. */
function revisionComparison(revisions: readonly Revision[]): HTMLElement {
  const first = revisions[0];
  if (first === undefined) return h('p', { class: 'empty' }, t('application.noRevisions'));
  if (revisions.length === 1) {
    return h('p', { class: 'muted' }, t('revisions.onlyOne', { label: revisionLabel(first) }));
  }
  const revisionSelect = (selected: Revision | undefined) =>
    h(
      'select',
      { value: selected?.revision, onchange: () => showComparison() },
      ...revisions.map((revision) => h('option', { value: revision.revision }, revisionLabel(revision))),
    );
  const older = revisionSelect(revisions.at(-2));
  const newer = revisionSelect(revisions.at(-1));
  older.setAttribute('aria-label', t('revisions.older'));
  newer.setAttribute('aria-label', t('revisions.newer'));
  const comparison = h('div', {});
  const showComparison = () => {
    const left = revisions.find((revision) => String(revision.revision) === older.value);
    const right = revisions.find((revision) => String(revision.revision) === newer.value);
    if (left && right) replaceContent(comparison, comparisonTable(left, right));
  };
  showComparison();
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'inline-controls' },
      t('revisions.compare'),
      ' ',
      older,
      ' ',
      t('revisions.with'),
      ' ',
      newer,
    ),
    comparison,
  );
}

function comparisonTable(left: Revision, right: Revision): HTMLElement {
  const changedCount = applicationFormFields.filter(
    (name) => fieldText(left.form, name) !== fieldText(right.form, name),
  ).length;
  return h(
    'div',
    {},
    h('p', { class: 'muted' }, t('revisions.changedCount', { count: changedCount })),
    h(
      'table',
      { class: 'comparison', 'data-testid': 'revision-comparison' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('revisions.field')),
          h('th', {}, revisionLabel(left)),
          h('th', {}, revisionLabel(right)),
        ),
      ),
      h(
        'tbody',
        {},
        ...applicationFormFields.map((name) => {
          const before = fieldText(left.form, name);
          const after = fieldText(right.form, name);
          return h(
            'tr',
            { class: before === after ? null : 'changed' },
            h('th', { scope: 'row' }, t(`form.${name}`)),
            h('td', { class: 'prose' }, before),
            h('td', { class: 'prose' }, after),
          );
        }),
      ),
    ),
  );
}

function revisionLabel(revision: Revision): string {
  return t('revisions.label', { revision: revision.revision, at: formatDateTime(revision.submittedAt) });
}
