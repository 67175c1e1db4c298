import { agreementStatesTakingFiles } from '#shared/evidenceFiles/statesTakingFiles.ts';
import { cadenceChangeReasonLength } from '#shared/limits.ts';
import { api } from './api.ts';
import { type Child, h, replaceContent } from './dom.ts';
import { recordFilesSection } from './evidence-files.ts';
import { formatDate, formatDateRange, formatDateTime } from './format.ts';
import {
  clearErrors,
  countedTextarea,
  field,
  formErrorSlot,
  showFieldError,
  showSubmitError,
} from './forms.ts';
import { auditTable } from './history.ts';
import { labelOf, t } from './i18n.ts';
import { demandRoute, dispatchRoute, reportRoute } from './links.ts';
import {
  type Agreement,
  cadences,
  currentCadence,
  isOneOf,
  outcomeCategories,
  type ReportPeriod,
  type Signature,
  type SignatureParty,
  signatureParties,
  signingParties,
} from './model.ts';
import type { PageContext } from './page.ts';
import type { Session } from './session.ts';
import { onBehalfNote, recordDecisions } from './tasks.ts';
import {
  errorNotice,
  flash,
  link,
  loadingNotice,
  notice,
  periodStatusBadge,
  refreshButton,
  stateBadge,
} from './ui.ts';

/** Enough of a SHA-256 hash to tell two apart at a glance; the whole of it is in the tooltip. */
const shortHashLength = 12;

export async function renderAgreementDetail({ root, params, session, reload }: PageContext): Promise<void> {
  const id = params[0] ?? '';
  const back = link('/agreements', t('agreement.back'));
  root.append(loadingNotice());
  let agreement: Agreement;
  try {
    ({ agreement } = await api.getAgreement(id));
  } catch (error) {
    replaceContent(root, back, errorNotice(error));
    return;
  }
  const { commissioner, institution, enterprise } = agreement.parties;
  replaceContent(
    root,
    h('p', { class: 'breadcrumb' }, back),
    h(
      'div',
      { class: 'page-heading' },
      h('h1', {}, t('agreement.title', { commissioner: commissioner.name, enterprise: enterprise.name })),
      stateBadge(agreement.state),
      h('div', { class: 'actions' }, refreshButton(reload)),
    ),
    summary(agreement, session),
    agreement.failure
      ? notice(
          'error',
          t('agreement.failure', {
            state: labelOf('state', agreement.failure.state),
            error: agreement.failure.error,
            cause: agreement.failure.cause,
          }),
        )
      : null,
    stateNotice(agreement, session),
    // The bureau's countersignature, and each party's open signature, which it may record only on their behalf.
    session.role === 'admin'
      ? recordDecisions({
          subject: { type: 'agreement', id: agreement.id },
          heading: t('agreement.openSteps'),
          testIdPrefix: 'agreement',
          reload,
          decided: () =>
            api
              .getAgreement(agreement.id)
              .then(
                (read) =>
                  read.agreement.state !== agreement.state ||
                  read.agreement.signatures.length !== agreement.signatures.length,
              ),
        })
      : null,
    h(
      'section',
      {},
      h('h2', {}, t('agreement.parties')),
      h(
        'dl',
        { class: 'details', 'data-testid': 'agreement-parties' },
        h('dt', {}, t('agreement.party.commissioner')),
        h('dd', {}, commissioner.name, h('div', { class: 'muted' }, commissioner.email)),
        h('dt', {}, t('agreement.party.institution')),
        h('dd', {}, institution.name, h('div', { class: 'muted' }, institution.email)),
        h('dt', {}, t('agreement.party.enterprise')),
        h('dd', {}, enterprise.name, h('div', { class: 'muted' }, enterprise.email)),
      ),
    ),
    h('section', {}, h('h2', {}, t('agreement.terms')), termsDetails(agreement), goalsTable(agreement)),
    h('section', {}, h('h2', {}, t('agreement.signatures')), signaturesTable(agreement)),
    recordFilesSection(
      { kind: 'agreement', id: agreement.id },
      agreementStatesTakingFiles.includes(agreement.state),
    ),
    ...(agreement.state === 'active' || (agreement.reportPeriods ?? []).length > 0
      ? [
          h(
            'section',
            {},
            h('h2', {}, t('agreement.progress')),
            h('p', { class: 'lead' }, t('agreement.progressIntro')),
            progressTable(agreement),
          ),
          h('section', {}, h('h2', {}, t('agreement.reportPeriods')), periodsTable(agreement)),
          cadenceSection(agreement, session, reload),
        ]
      : []),
    // Only the bureau's answer carries the audit trail.
    agreement.audit
      ? h('section', {}, h('h2', {}, t('agreement.audit')), auditTable(agreement.audit, 'agreementAction'))
      : null,
  );
}

function summary(agreement: Agreement, session: Session): HTMLElement {
  // The research office is no party to the dispatch, and only the enterprise and the bureau see the demand.
  const seesDispatch = session.role !== 'institution' && session.role !== 'panel';
  const seesDemand = session.role === 'admin' || session.role === 'enterprise';
  return h(
    'dl',
    { class: 'summary' },
    h('dt', {}, t('agreement.draftedAt')),
    h('dd', {}, formatDateTime(agreement.createdAt)),
    h('dt', {}, t('agreement.updatedAt')),
    h('dd', {}, formatDateTime(agreement.updatedAt)),
    ...(seesDispatch && agreement.dispatchId
      ? [
          h('dt', {}, t('agreement.dispatch')),
          h('dd', {}, link(dispatchRoute(agreement.dispatchId), t('agreement.openDispatch'))),
        ]
      : []),
    ...(seesDemand && agreement.demandId
      ? [
          h('dt', {}, t('agreement.demand')),
          h('dd', {}, link(demandRoute(agreement.demandId), t('agreement.openDemand'))),
        ]
      : []),
    ...(agreement.imported
      ? [
          h('dt', {}, t('agreement.imported')),
          h(
            'dd',
            { 'data-testid': 'imported-from' },
            t('agreement.importedFrom', {
              file: agreement.imported.fileName,
              reference: agreement.imported.row.key,
              at: formatDateTime(agreement.imported.at),
            }),
          ),
        ]
      : []),
  );
}

/** The party the signed-in reader signs for, if any. */
function readerParty(session: Session): SignatureParty | undefined {
  switch (session.role) {
    case 'admin':
      return 'bureau';
    case 'commissioner':
    case 'institution':
    case 'enterprise':
      return session.role;
    case 'panel':
      return undefined;
  }
}

/** Where the agreement stands and what, if anything, the reader is to do about it. */
function stateNotice(agreement: Agreement, session: Session): HTMLElement | null {
  const party = readerParty(session);
  const signed = (candidate: SignatureParty) =>
    agreement.signatures.some((signature) => signature.party === candidate);
  const signedCount = signingParties.filter(signed).length;
  const toTasks = () => link('/tasks', t('agreement.openTasks'));
  switch (agreement.state) {
    case 'awaiting_signatures':
      if (party !== undefined && party !== 'bureau' && !signed(party)) {
        return notice('info', t('agreement.yourSignatureRequested'), ' ', toTasks());
      }
      return notice(
        'info',
        t('agreement.awaitingSignatures', { signed: signedCount, total: signingParties.length }),
      );
    case 'awaiting_countersignature':
      return party === 'bureau'
        ? notice('info', t('agreement.countersignatureRequested'), ' ', toTasks())
        : notice('info', t('agreement.awaitingCountersignature'));
    case 'active':
      return notice(
        'success',
        t('agreement.activeNotice', {
          term: formatDateRange(agreement.terms.termStart, agreement.terms.termEnd),
        }),
      );
    case 'declined': {
      const reason = reasonFor(agreement, 'declined');
      return notice(
        'error',
        reason ? t('agreement.declinedBecause', { reason }) : t('agreement.declinedNotice'),
      );
    }
    case 'lapsed':
      return notice('error', t('agreement.lapsedNotice'));
    case 'terminated': {
      const reason = reasonFor(agreement, 'terminated');
      return notice('error', t('agreement.terminatedNotice', { reason: reason ?? '—' }));
    }
    default:
      return null;
  }
}

function shortHash(hash: string): HTMLElement {
  return h(
    'code',
    { class: 'code hash', title: hash, 'data-testid': 'terms-hash' },
    hash.length > shortHashLength ? `${hash.slice(0, shortHashLength)}…` : hash,
  );
}

function termsDetails(agreement: Agreement): HTMLElement {
  const { terms } = agreement;
  return h(
    'dl',
    { class: 'details', 'data-testid': 'agreement-terms' },
    h('dt', {}, t('agreement.term')),
    h('dd', { 'data-testid': 'term' }, formatDateRange(terms.termStart, terms.termEnd)),
    h('dt', {}, t('agreement.cadence')),
    h('dd', { 'data-testid': 'cadence' }, labelOf('cadence', terms.cadence)),
    h('dt', {}, t('agreement.termsHash')),
    h('dd', {}, shortHash(agreement.termsHash), h('div', { class: 'hint' }, t('agreement.termsHashHint'))),
  );
}

function goalsTable(agreement: Agreement): HTMLElement {
  return h(
    'table',
    { class: 'goals-table', 'data-testid': 'goals' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, t('agreement.category')), h('th', { class: 'numeric' }, t('agreement.goal'))),
    ),
    h(
      'tbody',
      {},
      ...outcomeCategories.map((category) =>
        h(
          'tr',
          { 'data-goal': category },
          h('th', { scope: 'row' }, t(`outcome.${category}`)),
          h('td', { class: 'numeric' }, agreement.terms.goals[category] ?? '—'),
        ),
      ),
    ),
  );
}

/** Each party in signing order, with who signed, when, and whether they signed exactly these terms. */
function signaturesTable(agreement: Agreement): HTMLElement {
  const row = (party: SignatureParty): HTMLElement => {
    const signature = agreement.signatures.find((candidate) => candidate.party === party);
    if (!signature) {
      return h(
        'tr',
        { 'data-testid': 'signature-pending', 'data-party': party },
        h('th', { scope: 'row' }, t(`agreement.party.${party}`)),
        h('td', { class: 'muted', colspan: 3 }, t('agreement.notSigned')),
      );
    }
    return h(
      'tr',
      { 'data-testid': 'signature', 'data-party': party },
      h('th', { scope: 'row' }, t(`agreement.party.${party}`)),
      h(
        'td',
        {},
        signature.by.email,
        h('div', { class: 'muted' }, labelOf('role', signature.by.role)),
        onBehalfNote(signature.by, 'onBehalf.signed'),
      ),
      h('td', { class: 'nowrap' }, formatDateTime(signature.at)),
      hashCell(agreement, signature),
    );
  };
  // A signature by a party this console does not know yet is shown all the same, after the known ones.
  const others = agreement.signatures.filter(
    (signature) => !(signatureParties as readonly string[]).includes(signature.party),
  );
  return h(
    'table',
    { 'data-testid': 'signatures' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('agreement.signatureParty')),
        h('th', {}, t('agreement.signedBy')),
        h('th', {}, t('agreement.signedAt')),
        h('th', {}, t('agreement.signedTerms')),
      ),
    ),
    h(
      'tbody',
      {},
      ...signatureParties.map(row),
      ...others.map((signature) =>
        h(
          'tr',
          { 'data-testid': 'signature', 'data-party': signature.party },
          h('th', { scope: 'row' }, signature.party),
          h('td', {}, signature.by.email),
          h('td', { class: 'nowrap' }, formatDateTime(signature.at)),
          hashCell(agreement, signature),
        ),
      ),
    ),
  );
}

function hashCell(agreement: Agreement, signature: Signature): HTMLElement {
  const matches = signature.termsHash === agreement.termsHash;
  const content: Child[] = matches
    ? [
        h('span', { class: 'hash-ok', 'aria-hidden': 'true' }, '✓'),
        ' ',
        h('span', { class: 'muted' }, t('agreement.hashMatches')),
      ]
    : [
        h('span', { class: 'hash-mismatch', 'aria-hidden': 'true' }, '✗'),
        ' ',
        h('span', { class: 'hash-mismatch' }, t('agreement.hashMismatch')),
        ' ',
        shortHash(signature.termsHash),
      ];
  return h(
    'td',
    { 'data-testid': 'signature-hash', 'data-matches': String(matches), title: signature.termsHash },
    ...content,
  );
}

function periodsTable(agreement: Agreement): HTMLElement {
  const periods: readonly ReportPeriod[] = agreement.reportPeriods ?? [];
  if (periods.length === 0) {
    return h(
      'p',
      { class: 'muted' },
      currentCadence(agreement) === 'none' ? t('agreement.noReports') : t('agreement.periodsPending'),
    );
  }
  return h(
    'table',
    { 'data-testid': 'report-periods' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { class: 'numeric' }, t('agreement.periodIndex')),
        h('th', {}, t('agreement.period')),
        h('th', {}, t('agreement.periodDue')),
        h('th', {}, t('agreement.periodState')),
        h('th', { class: 'numeric' }, t('agreement.periodVersions')),
        h('th', {}, h('span', { class: 'visually-hidden' }, t('agreement.periodReport'))),
      ),
    ),
    h(
      'tbody',
      {},
      ...periods.map((period) =>
        h(
          'tr',
          {
            'data-testid': 'report-period',
            'data-period-state': period.state,
            'data-period-status': period.status,
          },
          h('td', { class: 'numeric' }, period.index),
          h('td', { class: 'nowrap' }, formatDateRange(period.start, period.end)),
          h('td', { class: 'nowrap' }, formatDate(period.due)),
          h('td', {}, periodStatusBadge(period)),
          h('td', { class: 'numeric', 'data-testid': 'period-versions' }, period.versions),
          h('td', {}, link(reportRoute(period.id), t('agreement.openPeriodReport', { index: period.index }))),
        ),
      ),
    ),
  );
}

/** Accepted outcomes against the goals: only accepted reports count, each by its last version. */
function progressTable(agreement: Agreement): HTMLElement {
  const { goals } = agreement.terms;
  return h(
    'table',
    { class: 'goals-table', 'data-testid': 'progress' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('agreement.category')),
        h('th', { class: 'numeric' }, t('agreement.acceptedOfGoal')),
        h('th', {}, h('span', { class: 'visually-hidden' }, t('agreement.progressBar'))),
      ),
    ),
    h(
      'tbody',
      {},
      ...outcomeCategories.map((category) => {
        const accepted = agreement.acceptedTotals?.[category] ?? 0;
        const goal = goals[category] ?? 0;
        const label = t(`outcome.${category}`);
        return h(
          'tr',
          { 'data-progress': category, class: goal > 0 && accepted >= goal ? 'goal-met' : null },
          h('th', { scope: 'row' }, label),
          h(
            'td',
            { class: 'numeric nowrap', 'data-testid': 'progress-count' },
            t('agreement.progressCount', { accepted, goal }),
          ),
          h(
            'td',
            {},
            goal > 0
              ? // A goal exceeded shows as a full bar; the count beside it says by how much.
                h('progress', { max: goal, value: Math.min(accepted, goal), 'aria-label': label })
              : h('span', { class: 'muted' }, t('agreement.noGoal')),
          ),
        );
      }),
    ),
  );
}

/** How often the agreement reports now, the changes made since signing, and (for the bureau) a change. */
function cadenceSection(agreement: Agreement, session: Session, reload: () => void): HTMLElement {
  const changes = agreement.cadenceChanges ?? [];
  return h(
    'section',
    { 'data-testid': 'cadence-section' },
    h('h2', {}, t('agreement.cadenceHeading')),
    h(
      'p',
      { 'data-testid': 'current-cadence' },
      t('agreement.currentCadence', { cadence: labelOf('cadence', currentCadence(agreement)) }),
    ),
    changes.length === 0
      ? h('p', { class: 'muted' }, t('agreement.noCadenceChanges'))
      : h(
          'table',
          { 'data-testid': 'cadence-changes' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('agreement.cadenceChangeFrom')),
              h('th', {}, t('agreement.cadence')),
              h('th', {}, t('audit.reason')),
              h('th', {}, t('audit.actor')),
              h('th', {}, t('audit.at')),
            ),
          ),
          h(
            'tbody',
            {},
            ...changes.map((change) =>
              h(
                'tr',
                { 'data-testid': 'cadence-change' },
                h(
                  'td',
                  { class: 'nowrap' },
                  t('agreement.fromPeriod', { index: change.fromPeriod, date: formatDate(change.from) }),
                ),
                h('td', {}, labelOf('cadence', change.cadence)),
                h('td', { class: 'prose' }, change.reason),
                h('td', {}, change.by.email),
                h('td', { class: 'nowrap' }, formatDateTime(change.at)),
              ),
            ),
          ),
        ),
    session.role === 'admin' && agreement.state === 'active' ? cadenceForm(agreement, reload) : null,
  );
}

function cadenceForm(agreement: Agreement, reload: () => void): HTMLFormElement {
  const current = currentCadence(agreement);
  // Choosing the current cadence would change nothing, so it is not offered.
  const cadence = h(
    'select',
    { required: true },
    h('option', { value: '' }, t('form.choose')),
    ...cadences
      .filter((value) => value !== current)
      .map((value) => h('option', { value }, labelOf('cadence', value))),
  );
  const { textarea: reason, counter } = countedTextarea({
    minLength: cadenceChangeReasonLength.min,
    maxLength: cadenceChangeReasonLength.max,
  });
  reason.rows = 3;
  const submitButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'change-cadence' },
    t('agreement.changeCadence'),
  );
  const form = h(
    'form',
    { class: 'stacked panel', 'data-testid': 'cadence-form' },
    h('h3', {}, t('agreement.changeCadenceHeading')),
    h('p', { class: 'muted' }, t('agreement.changeCadenceIntro')),
    field({
      name: 'cadence',
      id: 'cadence-change-cadence',
      label: t('agreement.newCadence'),
      control: cadence,
    }),
    field({
      name: 'reason',
      id: 'cadence-change-reason',
      label: t('agreement.cadenceReason'),
      control: reason,
      hint: counter,
    }),
    formErrorSlot(),
    h('div', { class: 'form-actions' }, submitButton),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!isOneOf(cadences, cadence.value)) {
      showFieldError(form, 'cadence', t('agreement.chooseCadence'));
      return;
    }
    submitButton.disabled = true;
    try {
      await api.changeCadence(agreement.id, cadence.value, reason.value.trim());
      flash('success', t('agreement.cadenceChanged', { cadence: labelOf('cadence', cadence.value) }));
      reload();
    } catch (error) {
      showSubmitError(form, error);
      submitButton.disabled = false;
    }
  });
  return form;
}

/** Why the agreement moved into `state`: from the audit trail for the bureau, from how it entered its state for a party. */
function reasonFor(agreement: Agreement, state: string): string | undefined {
  return agreement.audit
    ? agreement.audit.findLast((entry) => entry.to === state)?.reason
    : agreement.enteredState?.reason;
}
