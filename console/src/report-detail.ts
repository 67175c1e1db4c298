import { maxOutcomeCount, reportNarrativeLength, waiverReasonLength } from '#shared/limits.ts';
import { ApiError, api } from './api.ts';
import { h, replaceContent } from './dom.ts';
import { fileList, fileUploader } from './evidence-files.ts';
import { formatDate, formatDateRange, formatDateTime } from './format.ts';
import { clearErrors, countedTextarea, field, fieldGroup, formErrorSlot, showSubmitError } from './forms.ts';
import { auditTable } from './history.ts';
import { labelOf, type MessageKey, t } from './i18n.ts';
import { agreementRoute } from './links.ts';
import {
  awaitingSubmission,
  type Evidence,
  isOneOf,
  type OutcomeCounts,
  outcomeCategories,
  type Report,
  type ReportVersion,
  type VersionComparison,
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
  refusalWithRefresh,
  untilRecorded,
} from './ui.ts';

export async function renderReportDetail({ root, params, session, reload }: PageContext): Promise<void> {
  const id = params[0] ?? '';
  root.append(loadingNotice());
  let report: Report;
  try {
    ({ report } = await api.getReport(id));
  } catch (error) {
    replaceContent(
      root,
      h('p', { class: 'breadcrumb' }, link('/agreements', t('report.backToAgreements'))),
      errorNotice(error),
    );
    return;
  }
  const { commissioner, institution, enterprise } = report;
  const awaitsReport = isOneOf(awaitingSubmission, report.state);
  replaceContent(
    root,
    h('p', { class: 'breadcrumb' }, link(agreementRoute(report.agreementId), t('report.back'))),
    h(
      'div',
      { class: 'page-heading' },
      h(
        'h1',
        {},
        t('report.title', {
          index: report.index,
          commissioner: commissioner.name,
          enterprise: enterprise.name,
        }),
      ),
      periodStatusBadge(report, 'state'),
      h('div', { class: 'actions' }, refreshButton(reload)),
    ),
    summary(report),
    report.failure
      ? notice(
          'error',
          t('report.failure', {
            state: labelOf('state', report.failure.state),
            error: report.failure.error,
            cause: report.failure.cause,
          }),
        )
      : null,
    statusNotice(report, session),
    // The enterprise's confirmation, the bureau's review or waiver; the commissioner's submission is the form below.
    recordDecisions({
      subject: { type: 'report', id: report.id },
      heading: t('report.decisions'),
      testIdPrefix: 'report',
      reload,
      decided: () => api.getReport(report.id).then((read) => read.report.state !== report.state),
    }),
    session.role === 'commissioner' && awaitsReport ? submissionForm(report, reload) : null,
    session.role === 'admin' && report.state === 'scheduled' ? waiverForm(report, reload) : null,
    h(
      'section',
      {},
      h('h2', {}, t('report.parties')),
      h(
        'dl',
        { class: 'details', 'data-testid': 'report-parties' },
        h('dt', {}, t('agreement.party.commissioner')),
        h('dd', {}, commissioner.name, h('div', { class: 'muted' }, commissioner.email)),
        h('dt', {}, t('agreement.party.institution')),
        h('dd', {}, institution.name, h('div', { class: 'muted' }, institution.email)),
        h('dt', {}, t('agreement.party.enterprise')),
        h('dd', {}, enterprise.name, h('div', { class: 'muted' }, enterprise.email)),
      ),
    ),
    h('section', {}, h('h2', {}, t('report.versions')), versionsList(report.versions)),
    report.versions.length >= 2
      ? h('section', {}, h('h2', {}, t('report.comparison')), comparisonControls(report))
      : null,
    // Only the bureau's answer carries the audit trail.
    report.audit
      ? h('section', {}, h('h2', {}, t('report.audit')), auditTable(report.audit, 'reportAction'))
      : null,
  );
}

/** The bureau waives a period before it opens; once open, its task takes the waiver instead. */
function waiverForm(report: Report, reload: () => void): HTMLFormElement {
  const { textarea: reason, counter } = countedTextarea({
    minLength: waiverReasonLength.min,
    maxLength: waiverReasonLength.max,
  });
  reason.rows = 3;
  const submitButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'waive-period' },
    t('report.waive'),
  );
  const form = h(
    'form',
    { class: 'stacked panel', 'data-testid': 'waiver-form' },
    h('h2', {}, t('report.waiveHeading')),
    h('p', { class: 'muted' }, t('report.waiveIntro', { start: formatDate(report.start) })),
    field({
      name: 'reason',
      id: 'waiver-reason',
      label: t('report.waiveReason'),
      control: reason,
      hint: counter,
    }),
    formErrorSlot(),
    h('div', { class: 'form-actions' }, submitButton),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    submitButton.disabled = true;
    try {
      await api.waivePeriod(report.id, reason.value.trim());
      flash('success', t('report.waived', { index: report.index }));
      reload();
    } catch (error) {
      showSubmitError(form, error);
      submitButton.disabled = false;
    }
  });
  return form;
}

function summary(report: Report): HTMLElement {
  return h(
    'dl',
    { class: 'summary' },
    h('dt', {}, t('report.period')),
    h('dd', { 'data-testid': 'report-period' }, formatDateRange(report.start, report.end)),
    h('dt', {}, t('report.due')),
    h('dd', { 'data-testid': 'report-due' }, formatDate(report.due)),
    h('dt', {}, t('report.overdueAt')),
    h('dd', {}, formatDateTime(report.overdueAt)),
    h('dt', {}, t('report.updatedAt')),
    h('dd', {}, formatDateTime(report.updatedAt)),
  );
}

/** The last move into `state`: what it was and why (a party sees only the move into the current state). */
function lastMoveInto(report: Report, state: string): { action: string; reason?: string } | undefined {
  if (report.audit) return report.audit.findLast((entry) => entry.to === state);
  return report.state === state ? report.enteredState : undefined;
}

/** Where the report stands and what, if anything, the reader is to do about it. */
function statusNotice(report: Report, session: Session): HTMLElement | null {
  const yours = session.role === 'commissioner';
  const dates = {
    start: formatDate(report.start),
    due: formatDate(report.due),
    overdueAt: formatDateTime(report.overdueAt),
  };
  switch (report.status) {
    case 'scheduled':
      return notice('info', t('report.notice.scheduled', dates));
    case 'open':
      return notice('info', t(yours ? 'report.notice.openYours' : 'report.notice.open', dates));
    case 'due':
      return notice('info', t(yours ? 'report.notice.dueYours' : 'report.notice.due', dates));
    case 'overdue':
      return notice('error', t(yours ? 'report.notice.overdueYours' : 'report.notice.overdue', dates));
    case 'submitted':
      return notice('info', t('report.notice.submitted'));
    case 'confirmed':
      return notice('info', t('report.notice.confirmed'));
    case 'revising': {
      const sentBack = lastMoveInto(report, 'revising');
      const text = t(sentBack?.action === 'dispute' ? 'report.notice.disputed' : 'report.notice.returned', {
        reason: sentBack?.reason ?? '—',
      });
      return notice('error', text, yours ? ` ${t('report.notice.reviseBelow')}` : '');
    }
    case 'accepted':
      return notice('success', t('report.notice.accepted'));
    case 'waived':
      return notice(
        'info',
        t('report.notice.waived', { reason: lastMoveInto(report, 'waived')?.reason ?? '—' }),
      );
    case 'unreported':
      return notice('error', t('report.notice.unreported'));
    case 'closed':
      return notice(
        'info',
        t('report.notice.closed', { reason: lastMoveInto(report, 'closed')?.reason ?? '—' }),
      );
    default:
      return null;
  }
}

function versionsList(versions: readonly ReportVersion[]): HTMLElement {
  if (versions.length === 0) return h('p', { class: 'empty' }, t('report.noVersions'));
  const latest = versions.at(-1)?.number;
  return h(
    'div',
    { 'data-testid': 'versions' },
    ...[...versions].reverse().map((version) =>
      h(
        'details',
        {
          class: 'version',
          'data-testid': 'version',
          'data-version': version.number,
          open: version.number === latest,
        },
        h(
          'summary',
          {},
          t('report.versionLabel', { number: version.number, at: formatDateTime(version.submittedAt) }),
          h('span', { class: 'muted' }, ` · ${version.by.email}`),
        ),
        version.confirmation ? confirmationNote(version.confirmation) : null,
        countsTable(version.counts),
        h('h4', {}, t('report.narrative')),
        h('p', { class: 'prose', 'data-testid': 'narrative' }, version.narrative),
        h('h4', {}, t('report.evidence')),
        evidenceList(version.evidence),
        h('h4', {}, t('files.label')),
        fileList(version.files ?? []),
      ),
    ),
  );
}

/** The enterprise's answer to a version, and whether the bureau recorded it on the enterprise's behalf. */
function confirmationNote(confirmation: NonNullable<ReportVersion['confirmation']>): HTMLElement {
  const disputed = confirmation.decision === 'dispute';
  return h(
    'div',
    { class: 'version-confirmation', 'data-testid': 'version-confirmation' },
    h(
      'p',
      { class: 'muted' },
      t(disputed ? 'report.disputedBy' : 'report.confirmedBy', {
        who: confirmation.by.email,
        at: formatDateTime(confirmation.at),
      }),
    ),
    onBehalfNote(confirmation.by, disputed ? 'onBehalf.disputed' : 'onBehalf.confirmed'),
  );
}

function countsTable(counts: OutcomeCounts): HTMLElement {
  return h(
    'table',
    { class: 'goals-table', 'data-testid': 'version-counts' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, t('agreement.category')), h('th', { class: 'numeric' }, t('report.count'))),
    ),
    h(
      'tbody',
      {},
      ...outcomeCategories.map((category) =>
        h(
          'tr',
          { 'data-count': category },
          h('th', { scope: 'row' }, t(`outcome.${category}`)),
          h('td', { class: 'numeric' }, counts[category] ?? 0),
        ),
      ),
    ),
  );
}

function evidenceText(evidence: Evidence): string {
  if (evidence.kind === 'training') {
    return t('report.trainingEvidence', {
      date: formatDate(evidence.date),
      topic: evidence.topic,
      attendance: evidence.attendance,
    });
  }
  const reference = t('report.referenceEvidence', {
    kind: t(`evidenceKind.${evidence.kind}`),
    number: evidence.number,
  });
  return evidence.title ? `${reference} · ${evidence.title}` : reference;
}

function evidenceList(evidence: readonly Evidence[]): HTMLElement {
  if (evidence.length === 0) return h('p', { class: 'muted' }, t('report.noEvidence'));
  return h(
    'ul',
    { class: 'evidence', 'data-testid': 'evidence' },
    ...evidence.map((entry) => h('li', {}, evidenceText(entry))),
  );
}

/** Any two versions side by side, as the server compares them. */
function comparisonControls(report: Report): HTMLElement {
  const versionSelect = (selected: number | undefined, label: string) =>
    h(
      'select',
      { 'aria-label': label, value: selected, onchange: () => void compare() },
      ...report.versions.map((version) =>
        h('option', { value: version.number }, t('report.versionNumber', { number: version.number })),
      ),
    );
  const from = versionSelect(report.versions.at(-2)?.number, t('report.compareFrom'));
  const to = versionSelect(report.versions.at(-1)?.number, t('report.compareTo'));
  const result = h('div', { 'aria-live': 'polite', 'data-testid': 'version-comparison' });
  // Only the answer to the latest choice is shown, however the responses arrive.
  let latestRequest = 0;
  const compare = async () => {
    const request = ++latestRequest;
    replaceContent(result, loadingNotice());
    const shown = await api.compareReportVersions(report.id, Number(from.value), Number(to.value)).then(
      ({ comparison }) => comparisonView(comparison),
      (error: unknown) => errorNotice(error),
    );
    if (request === latestRequest) replaceContent(result, shown);
  };
  void compare();
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'inline-controls' },
      t('revisions.compare'),
      ' ',
      from,
      ' ',
      t('revisions.with'),
      ' ',
      to,
    ),
    result,
  );
}

function comparisonView(comparison: VersionComparison): HTMLElement {
  const { counts, narrativeChanged, evidenceAdded, evidenceRemoved } = comparison;
  if (
    counts.length === 0 &&
    !narrativeChanged &&
    evidenceAdded.length === 0 &&
    evidenceRemoved.length === 0
  ) {
    return h('p', { class: 'muted' }, t('report.noDifferences'));
  }
  const evidenceChanges = (key: MessageKey, entries: readonly Evidence[], testId: string) =>
    entries.length === 0
      ? null
      : h(
          'div',
          {},
          h('h4', {}, t(key)),
          h('ul', { 'data-testid': testId }, ...entries.map((entry) => h('li', {}, evidenceText(entry)))),
        );
  return h(
    'div',
    {},
    counts.length === 0
      ? h('p', { class: 'muted' }, t('report.countsUnchanged'))
      : h(
          'table',
          { class: 'comparison goals-table', 'data-testid': 'count-changes' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('agreement.category')),
              h('th', { class: 'numeric' }, t('report.versionNumber', { number: comparison.from })),
              h('th', { class: 'numeric' }, t('report.versionNumber', { number: comparison.to })),
            ),
          ),
          h(
            'tbody',
            {},
            ...counts.map((change) =>
              h(
                'tr',
                { class: 'changed', 'data-category': change.category },
                h('th', { scope: 'row' }, t(`outcome.${change.category}`)),
                h('td', { class: 'numeric' }, change.from),
                h('td', { class: 'numeric' }, change.to),
              ),
            ),
          ),
        ),
    h(
      'p',
      { 'data-testid': 'narrative-change' },
      t(narrativeChanged ? 'report.narrativeChanged' : 'report.narrativeUnchanged'),
    ),
    evidenceChanges('report.evidenceAdded', evidenceAdded, 'evidence-added'),
    evidenceChanges('report.evidenceRemoved', evidenceRemoved, 'evidence-removed'),
  );
}

type EvidenceKind = Evidence['kind'];

/**
 * The fields each kind of evidence is entered with, in form order. Checked against the server's evidence
 * type: a kind added there, or a field renamed, fails to compile here until the form has it.
 */
const evidenceFields = {
  patentApplication: ['number', 'title'],
  project: ['number', 'title'],
  certificate: ['number', 'title'],
  training: ['date', 'topic', 'attendance'],
} as const satisfies {
  [Kind in EvidenceKind]: readonly Exclude<keyof Extract<Evidence, { kind: Kind }>, 'kind'>[];
};
const evidenceKinds = Object.keys(evidenceFields) as EvidenceKind[];
type EvidenceField = (typeof evidenceFields)[EvidenceKind][number];

/** An evidence entry as typed so far: every value as text, kept when the kind changes. */
interface EvidenceDraft {
  kind: EvidenceKind;
  values: Partial<Record<EvidenceField, string>>;
}

function draftOf(evidence: Evidence): EvidenceDraft {
  const { kind, ...fields } = evidence;
  return {
    kind,
    values: Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, String(value)])),
  };
}

/** The entry as the API takes it; what is missing or malformed the server names field by field. */
function evidenceOf(draft: EvidenceDraft): Evidence {
  const text = (name: EvidenceField) => (draft.values[name] ?? '').trim();
  if (draft.kind === 'training') {
    return {
      kind: 'training',
      date: text('date'),
      topic: text('topic'),
      attendance: Number(text('attendance')),
    };
  }
  const title = text('title');
  return { kind: draft.kind, number: text('number'), ...(title === '' ? {} : { title }) };
}

function evidenceFieldLabel(kind: EvidenceKind, name: EvidenceField): string {
  return name === 'number' ? labelOf('evidenceNumber', kind) : t(`evidenceField.${name}`);
}

/** Entries added and removed in place; each re-render numbers them afresh, as the server's error paths do. */
function evidenceEditor(initial: readonly Evidence[]): { element: HTMLElement; entries: () => Evidence[] } {
  const drafts = initial.map(draftOf);
  const list = h('div', { class: 'evidence-entries' });

  const entry = (draft: EvidenceDraft, index: number): HTMLElement => {
    const kind = h(
      'select',
      {
        value: draft.kind,
        onchange: () => {
          const chosen = evidenceKinds.find((candidate) => candidate === kind.value);
          if (chosen) draft.kind = chosen;
          render();
          list.querySelector<HTMLElement>(`#evidence-${index}-kind`)?.focus();
        },
      },
      ...evidenceKinds.map((value) => h('option', { value }, t(`evidenceKind.${value}`))),
    );
    const inputs = evidenceFields[draft.kind].map((name) => {
      const input = h('input', {
        type: name === 'date' ? 'date' : name === 'attendance' ? 'number' : 'text',
        class: name === 'number' ? 'code' : null,
        min: name === 'attendance' ? 1 : null,
        step: name === 'attendance' ? 1 : null,
        required: name !== 'title',
        value: draft.values[name] ?? '',
        oninput: () => {
          draft.values[name] = input.value;
        },
      });
      return field({
        name: `evidence.${index}.${name}`,
        id: `evidence-${index}-${name}`,
        label: evidenceFieldLabel(draft.kind, name),
        control: input,
        hint: name === 'number' ? labelOf('evidenceNumberHint', draft.kind) : undefined,
      });
    });
    return h(
      'fieldset',
      { class: 'evidence-entry', 'data-testid': 'evidence-entry' },
      h('legend', {}, t('report.evidenceEntry', { position: index + 1 })),
      field({
        name: `evidence.${index}.kind`,
        id: `evidence-${index}-kind`,
        label: t('report.evidenceKind'),
        control: kind,
      }),
      ...inputs,
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          onclick: () => {
            drafts.splice(index, 1);
            render();
            addButton.focus();
          },
        },
        t('report.removeEvidence', { position: index + 1 }),
      ),
    );
  };
  const render = () =>
    replaceContent(
      list,
      ...(drafts.length === 0 ? [h('p', { class: 'muted' }, t('report.noEvidence'))] : drafts.map(entry)),
    );
  const addButton = h(
    'button',
    {
      type: 'button',
      'data-testid': 'add-evidence',
      onclick: () => {
        drafts.push({ kind: 'patentApplication', values: {} });
        render();
        list.querySelector<HTMLElement>(`#evidence-${drafts.length - 1}-kind`)?.focus();
      },
    },
    t('report.addEvidence'),
  );
  render();
  return {
    element: h(
      'div',
      { class: 'evidence-editor' },
      fieldGroup({
        name: 'evidence',
        id: 'report-evidence',
        legend: t('report.evidence'),
        controls: [h('p', { class: 'hint' }, t('report.evidenceHint')), list, h('div', {}, addButton)],
      }),
    ),
    entries: () => drafts.map(evidenceOf),
  };
}

/** The commissioner's report for the period: filled in from the last version when there is one. */
function submissionForm(report: Report, reload: () => void): HTMLFormElement {
  const last = report.versions.at(-1);
  const countInputs = outcomeCategories.map((category) => ({
    category,
    input: h('input', {
      type: 'number',
      required: true,
      min: 0,
      max: maxOutcomeCount,
      step: 1,
      inputmode: 'numeric',
      value: last?.counts[category] ?? 0,
      class: 'goal',
    }),
  }));
  const { textarea: narrative, counter } = countedTextarea({
    minLength: reportNarrativeLength.min,
    maxLength: reportNarrativeLength.max,
    value: last?.narrative,
  });
  const evidence = evidenceEditor(last?.evidence ?? []);
  // A revision carries the last version's files unless they are removed; that version keeps its own.
  const files = fileUploader({
    owner: { kind: 'report', id: report.id },
    id: 'report-files',
    initial: last?.files,
  });
  const errorSlot = formErrorSlot();
  const submitButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'submit-report' },
    t(last ? 'report.resubmit' : 'report.submit'),
  );
  const form = h(
    'form',
    { class: 'stacked panel', 'data-testid': 'report-form' },
    h('h2', {}, t(last ? 'report.reviseHeading' : 'report.submitHeading')),
    h('p', { class: 'muted' }, t('report.formIntro', { due: formatDate(report.due) })),
    h(
      'div',
      { class: 'goals' },
      fieldGroup({
        name: 'counts',
        id: 'report-counts',
        legend: t('report.counts'),
        controls: [
          h('p', { class: 'hint goals-hint' }, t('report.countsHint')),
          ...countInputs.map(({ category, input }) =>
            field({
              name: `counts.${category}`,
              id: `report-count-${category}`,
              label: t(`outcome.${category}`),
              control: input,
            }),
          ),
        ],
      }),
    ),
    field({
      name: 'narrative',
      id: 'report-narrative',
      label: t('report.narrative'),
      control: narrative,
      hint: h('span', {}, t('report.narrativeHint'), ' ', counter),
    }),
    evidence.element,
    fieldGroup({
      name: 'files',
      id: 'report-files-group',
      legend: t('files.label'),
      controls: [files.element],
    }),
    errorSlot,
    h('div', { class: 'form-actions' }, submitButton),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (files.busy()) {
      errorSlot.append(h('p', {}, t('files.wait')));
      return;
    }
    const counts = Object.fromEntries(
      countInputs.map(({ category, input }) => [category, Number(input.value)]),
    ) as OutcomeCounts;
    submitButton.disabled = true;
    try {
      await api.submitReport(report.id, {
        counts,
        narrative: narrative.value.trim(),
        evidence: evidence.entries(),
        files: files.files().map((file) => file.id),
      });
      const recorded = await untilRecorded(
        () => api.getReport(report.id),
        (read) => read.report.versions.length > report.versions.length,
      );
      flash(recorded ? 'success' : 'info', t(recorded ? 'report.submitted' : 'report.submittedRecording'));
      reload();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'Conflict') {
        errorSlot.append(refusalWithRefresh(t('report.conflict', { detail: error.message }), reload));
      } else {
        showSubmitError(form, error);
      }
      submitButton.disabled = false;
    }
  });
  return form;
}
