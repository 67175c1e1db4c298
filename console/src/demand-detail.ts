import { ApiError, api } from './api.ts';
import { demandFormElement } from './demand-form.ts';
import { type Child, h, replaceContent } from './dom.ts';
import { formatDateTime, formatList } from './format.ts';
import { formErrorSlot, showSubmitError } from './forms.ts';
import { auditTable, type FormDescription, formDetails, revisionComparison } from './history.ts';
import { labelOf, t } from './i18n.ts';
import { dispatchRoute } from './links.ts';
import {
  type Candidate,
  type ComponentReason,
  criteria,
  type Demand,
  type DemandForm,
  demandFormFields,
  type Page,
  type ScoreComponent,
} from './model.ts';
import type { PageContext } from './page.ts';
import { pagedRows } from './paged-list.ts';
import type { Session } from './session.ts';
import {
  errorNotice,
  flash,
  link,
  loadingNotice,
  notice,
  refreshButton,
  stateBadge,
  untilRecorded,
} from './ui.ts';

type FormField = (typeof demandFormFields)[number];

export async function renderDemandDetail({ root, params, session, reload }: PageContext): Promise<void> {
  const id = params[0] ?? '';
  root.append(loadingNotice());
  let demand: Demand;
  try {
    ({ demand } = await api.getDemand(id));
  } catch (error) {
    replaceContent(root, link('/demands', t('demand.back')), errorNotice(error));
    return;
  }
  replaceContent(
    root,
    h('p', { class: 'breadcrumb' }, link('/demands', t('demand.back'))),
    h(
      'div',
      { class: 'page-heading' },
      h('h1', {}, demand.form.enterpriseName),
      stateBadge(demand.state),
      h('div', { class: 'actions' }, refreshButton(reload)),
    ),
    summary(demand),
    demand.failure
      ? notice(
          'error',
          t('demand.failure', {
            state: labelOf('state', demand.failure.state),
            error: demand.failure.error,
            cause: demand.failure.cause,
          }),
        )
      : null,
    demand.state === 'returned' && isPoster(session) ? resubmission(demand, session, reload) : null,
    demand.state === 'verified' && session.role === 'admin' ? candidatesSection(demand) : null,
    h('section', {}, h('h2', {}, t('demand.currentForm')), formDetails(demand.form, formDescription)),
    // Only the bureau's answer carries the audit trail.
    demand.audit
      ? h('section', {}, h('h2', {}, t('demand.audit')), auditTable(demand.audit, 'demandAction'))
      : null,
    h(
      'section',
      {},
      h('h2', {}, t('demand.revisions')),
      revisionComparison(demand.revisions, formDescription),
    ),
  );
}

function summary(demand: Demand): HTMLElement {
  return h(
    'dl',
    { class: 'summary' },
    h('dt', {}, t('demand.poster')),
    h('dd', {}, demand.poster.email ?? demand.poster.organization),
    h('dt', {}, t('demand.revision')),
    h('dd', {}, demand.revision),
    h('dt', {}, t('demand.createdAt')),
    h('dd', {}, formatDateTime(demand.createdAt)),
    h('dt', {}, t('demand.updatedAt')),
    h('dd', {}, formatDateTime(demand.updatedAt)),
    ...(demand.dispatchId
      ? [
          h('dt', {}, t('demand.dispatch')),
          h('dd', {}, link(dispatchRoute(demand.dispatchId), t('demand.openDispatch'))),
        ]
      : []),
  );
}

/** Only the enterprise's own accounts see a demand at all, so any enterprise viewer is its poster's colleague. */
function isPoster(session: Session): boolean {
  return session.role === 'enterprise';
}

function resubmission(demand: Demand, session: Session, reload: () => void): HTMLElement {
  const returnReason = demand.audit
    ? demand.audit.findLast((entry) => entry.to === 'returned')?.reason
    : demand.enteredState?.reason;
  return h(
    'section',
    { class: 'panel', 'data-testid': 'resubmission' },
    h('h2', {}, t('demand.resubmitHeading')),
    notice(
      'info',
      returnReason ? t('demand.returnedBecause', { reason: returnReason }) : t('demand.returned'),
    ),
    demandFormElement({
      enterpriseName: session.organization ?? demand.poster.organization,
      initial: demand.form,
      submitLabel: 'demand.resubmit',
      submit: async (form) => {
        try {
          await api.resubmitDemand(demand.id, form, demand.revision);
          // The workflow records the revision a moment after the answer: show it, not the form again.
          await untilRecorded(
            () => api.getDemand(demand.id),
            (read) => read.demand.revision > demand.revision,
          );
          flash('success', t('demand.resubmitted'));
          reload();
        } catch (error) {
          if (!(error instanceof ApiError && error.code === 'Conflict')) throw error;
          // Someone changed the demand since it was loaded: show them the current version instead.
          flash('error', t('demand.conflict'));
          reload();
        }
      },
    }),
  );
}

/** The pool ranked for this demand, each score explained, with a way to propose one of them. */
function candidatesSection(demand: Demand): HTMLElement {
  const content = h('div', {}, loadingNotice());
  const section = h(
    'section',
    { 'data-testid': 'candidates-section' },
    h('h2', {}, t('candidates.heading')),
    h('p', { class: 'lead' }, t('candidates.intro')),
    content,
  );
  void api.listCandidates(demand.id).then(
    (first) =>
      replaceContent(
        content,
        first.items.length === 0
          ? h('p', { class: 'empty' }, t('candidates.empty'))
          : candidatesTable(demand, first),
      ),
    (error: unknown) => replaceContent(content, errorNotice(error)),
  );
  return section;
}

/** The first page of the ranking, and a "more" button for the pages after it. */
function candidatesTable(demand: Demand, first: Page<Candidate>): HTMLElement {
  const errorSlot = formErrorSlot();
  const buttons: HTMLButtonElement[] = [];
  const propose = async (candidate: Candidate) => {
    replaceContent(errorSlot);
    for (const button of buttons) button.disabled = true;
    try {
      const { dispatch } = await api.proposeDispatch(demand.id, candidate.commissionerId);
      flash('success', t('candidates.proposed', { name: candidate.name }));
      location.hash = `#${dispatchRoute(dispatch.id)}`;
    } catch (error) {
      // A 409 (the demand moved on, or this commissioner was proposed before) carries the server's reason.
      if (error instanceof ApiError && error.code === 'Conflict') {
        errorSlot.append(h('p', {}, t('candidates.conflict', { detail: error.message })));
      } else {
        showSubmitError(container, error);
      }
      for (const button of buttons) button.disabled = false;
    }
  };
  // Pages come in ranking order and their rows are added in turn, so the rows so far give the rank.
  let ranked = 0;
  const row = (candidate: Candidate) => {
    ranked += 1;
    const button = h(
      'button',
      {
        type: 'button',
        class: ranked === 1 ? 'primary' : null,
        'data-testid': 'propose',
        onclick: () => void propose(candidate),
      },
      t('candidates.propose'),
    );
    buttons.push(button);
    return h(
      'tr',
      { 'data-testid': 'candidate', 'data-commissioner-id': candidate.commissionerId },
      h('td', { class: 'numeric' }, ranked),
      h('td', {}, candidate.name),
      h('td', {}, candidate.institution),
      h(
        'td',
        { class: 'numeric score', 'data-testid': 'score' },
        h('strong', {}, candidate.score),
        h('div', { class: 'muted' }, t('candidates.ofMax', { max: maxScore(candidate) })),
      ),
      ...criteria.map((criterion) => componentCell(candidate, criterion)),
      h('td', {}, button),
    );
  };
  const table = (body: HTMLElement) =>
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'candidates', 'data-testid': 'candidates' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { class: 'numeric' }, t('candidates.rank')),
            h('th', {}, t('candidates.name')),
            h('th', {}, t('candidates.institution')),
            h('th', { class: 'numeric' }, t('candidates.score')),
            ...criteria.map((criterion) => h('th', {}, t(`criterion.${criterion}`))),
            h('th', {}, h('span', { class: 'visually-hidden' }, t('candidates.action'))),
          ),
        ),
        body,
      ),
    );
  const container = h(
    'div',
    {},
    errorSlot,
    pagedRows({
      name: 'candidates',
      first,
      next: (cursor) => api.listCandidates(demand.id, cursor),
      row,
      table,
    }),
  );
  return container;
}

function maxScore(candidate: Candidate): number {
  return candidate.components.reduce((total, component) => total + component.maxPoints, 0);
}

/** One criterion's points out of its maximum, what matched, and why, in the reader's language. */
function componentCell(candidate: Candidate, criterion: ScoreComponent['criterion']): HTMLElement {
  const component = candidate.components.find(
    (candidateComponent) => candidateComponent.criterion === criterion,
  );
  if (!component) return h('td', { class: 'muted' }, '—');
  const matched: Child =
    criterion === 'load'
      ? t('candidates.activeEnterprises', { count: candidate.activeEnterprises })
      : component.matched.length === 0
        ? t('candidates.noMatch')
        : formatList(
            criterion === 'industry'
              ? component.matched.map((industry) => labelOf('industry', industry))
              : component.matched,
          );
  const reason = reasonText(component.reason);
  return h(
    'td',
    { 'data-criterion': criterion, title: reason },
    h(
      'div',
      { class: 'points' },
      t('candidates.points', { points: component.points, max: component.maxPoints }),
    ),
    h('div', { 'data-testid': 'matched' }, matched),
    h('div', { class: 'explanation muted', 'data-testid': 'explanation' }, reason),
  );
}

/** The server's reason code said in the reader's language, an industry by its name rather than its id. */
function reasonText(reason: ComponentReason): string {
  switch (reason.code) {
    case 'noTechnicalFieldsNamed':
      return t('candidates.reason.noTechnicalFieldsNamed');
    case 'technicalFieldsMatch':
      return t('candidates.reason.technicalFieldsMatch', { matched: reason.matched, wanted: reason.wanted });
    case 'industryMatches':
    case 'noIndustryMatch':
      return t(`candidates.reason.${reason.code}`, { industry: labelOf('industry', reason.industry) });
    case 'serviceAreaMatches':
    case 'noServiceAreaMatch':
      return t(`candidates.reason.${reason.code}`, { location: reason.location });
    case 'load':
      return t('candidates.reason.load', {
        activeEnterprises: reason.activeEnterprises,
        fullLoadAt: reason.fullLoadAt,
      });
  }
}

function fieldText(form: DemandForm, name: FormField): string {
  switch (name) {
    case 'industry':
      return labelOf('industry', form.industry);
    case 'technicalFields':
      return formatList(form.technicalFields);
    default:
      return form[name];
  }
}

const formDescription: FormDescription<DemandForm, FormField> = {
  fields: demandFormFields,
  label: (name) => t(`demandForm.${name}`),
  text: fieldText,
  prose: ['problem'],
};
