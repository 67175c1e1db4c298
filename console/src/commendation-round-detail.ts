import { panelScoreRange } from '#shared/limits.ts';
import { ApiError, api } from './api.ts';
import { type Child, h, replaceContent } from './dom.ts';
import { formatDateTime, formatNumber } from './format.ts';
import {
  clearErrors,
  errorSlot,
  field,
  fieldErrorText,
  fieldGroup,
  formErrorSlot,
  showFieldError,
  showSubmitError,
} from './forms.ts';
import { auditTable } from './history.ts';
import { labelOf, t } from './i18n.ts';
import { assessmentRoute, commendationRoundsRoute, publishedCommendationsRoute } from './links.ts';
import {
  type AssessmentSummary,
  type CommendationRound,
  type Conflict,
  conflictOf,
  excludedFromEveryNominee,
  expectedScores,
  type Nominee,
  nomineesWithTies,
  type PanelMember,
  type Task,
} from './model.ts';
import type { PageContext } from './page.ts';
import type { Session } from './session.ts';
import { recordDecisions } from './tasks.ts';
import {
  errorNotice,
  flash,
  link,
  loadingNotice,
  notice,
  refreshButton,
  refusalWithRefresh,
  stateBadge,
  untilRecorded,
} from './ui.ts';

/**
 * A year's commendation round. The bureau nominates, names the panel, starts the scoring, follows the score
 * sheet, and approves the ranked list; a panel member scores each nominee they have no conflict with.
 */
export async function renderCommendationRoundDetail({
  root,
  params,
  session,
  reload,
}: PageContext): Promise<void> {
  const id = params[0] ?? '';
  const back = h('p', { class: 'breadcrumb' }, link(commendationRoundsRoute, t('commendation.back')));
  root.append(loadingNotice());
  let round: CommendationRound;
  try {
    ({ round } = await api.getCommendationRound(id));
  } catch (error) {
    replaceContent(root, back, errorNotice(error));
    return;
  }
  const admin = session.role === 'admin';
  replaceContent(
    root,
    back,
    h(
      'div',
      { class: 'page-heading' },
      h('h1', {}, t('commendation.title', { year: round.year })),
      stateBadge(round.state),
      h('div', { class: 'actions' }, refreshButton(reload)),
    ),
    summary(round),
    round.failure
      ? notice(
          'error',
          t('commendation.failure', {
            state: labelOf('state', round.failure.state),
            error: round.failure.error,
            cause: round.failure.cause,
          }),
        )
      : null,
    stateNotice(round, session),
    recordDecisions({
      subject: { type: 'commendation', id: round.id },
      heading: t('commendation.decisions'),
      testIdPrefix: 'commendation',
      reload,
      // The approval records `in_notice` a step before the notice window: wait for both.
      decided: () =>
        api
          .getCommendationRound(round.id)
          .then(
            ({ round: read }) =>
              read.state !== round.state && (read.state !== 'in_notice' || read.notice !== undefined),
          ),
      guidance: (task) => decisionGuidance(task, round),
    }),
    ...(admin ? bureauSections(round, reload) : panelSections(round, session, reload)),
  );
}

function summary(round: CommendationRound): HTMLElement {
  return h(
    'dl',
    { class: 'summary' },
    h('dt', {}, t('commendation.year')),
    h('dd', {}, round.year),
    h('dt', {}, t('commendation.limit')),
    h('dd', { 'data-testid': 'round-limit' }, t('commendation.limitValue', { limit: round.limit })),
    h('dt', {}, t('commendation.openedAt')),
    h('dd', {}, formatDateTime(round.createdAt)),
    h('dt', {}, t('commendation.updatedAt')),
    h('dd', {}, formatDateTime(round.updatedAt)),
    ...(round.notice
      ? [
          h('dt', {}, t('commendation.noticeWindow')),
          h(
            'dd',
            { 'data-testid': 'notice-window' },
            t('dateRange', {
              start: formatDateTime(round.notice.opensAt),
              end: formatDateTime(round.notice.closesAt),
            }),
          ),
        ]
      : []),
    ...(round.publishedAt
      ? [
          h('dt', {}, t('commendation.publishedAt')),
          h('dd', { 'data-testid': 'published-at' }, formatDateTime(round.publishedAt)),
        ]
      : []),
  );
}

/** How many scores the round waits for in all, and how many are in (the bureau sees every score). */
function scoringProgress(round: CommendationRound): { done: number; expected: number } {
  const expected = expectedScores(round.panel, nomineesWithTies(round));
  const done = expected.filter((pair) =>
    round.scores.some(
      (score) => score.memberEmail === pair.memberEmail && score.nomineeId === pair.nomineeId,
    ),
  ).length;
  return { done, expected: expected.length };
}

/** The nominees a panel member still has to score: neither excluded nor scored. */
function leftToScore(round: CommendationRound): Nominee[] {
  return round.nominees.filter(
    (nominee) =>
      !round.excluded?.some((excluded) => excluded.nomineeId === nominee.id) &&
      !round.scores.some((score) => score.nomineeId === nominee.id),
  );
}

/** Where the round stands and what, if anything, the reader is to do about it. */
function stateNotice(round: CommendationRound, session: Session): HTMLElement | null {
  const admin = session.role === 'admin';
  switch (round.state) {
    case 'nominating':
      return admin
        ? notice('info', t('commendation.notice.nominating', { year: round.year, limit: round.limit }))
        : notice('info', t('commendation.notice.preparing'));
    case 'scoring': {
      if (admin) return notice('info', t('commendation.notice.scoring', scoringProgress(round)));
      const left = leftToScore(round).length;
      return left > 0
        ? notice('info', t('commendation.notice.scoreYours', { count: left }))
        : notice('success', t('commendation.notice.scoredAll'));
    }
    case 'awaiting_approval':
      return notice(
        'info',
        t(admin ? 'commendation.notice.approveYours' : 'commendation.notice.awaitingApproval'),
      );
    case 'in_notice':
      return notice(
        'info',
        t('commendation.notice.inNotice', {
          closesAt: round.notice ? formatDateTime(round.notice.closesAt) : '—',
        }),
      );
    case 'published':
      return notice(
        'success',
        t('commendation.notice.published', {
          publishedAt: round.publishedAt ? formatDateTime(round.publishedAt) : '—',
        }),
        ' ',
        link(publishedCommendationsRoute(round.id), t('commendation.openPublished')),
      );
    case 'rejected':
      return notice(
        'error',
        t('commendation.notice.rejected', {
          reason:
            (round.audit
              ? round.audit.findLast((entry) => entry.to === 'rejected')?.reason
              : round.enteredState?.reason) ?? '—',
        }),
      );
    default:
      return null;
  }
}

/** What the bureau's decision rests on: the ranking below, or how far the scoring has come. */
function decisionGuidance(task: Task, round: CommendationRound): Child {
  if (task.kind === 'approve-commendation') {
    return h('p', { class: 'muted', 'data-testid': 'approval-guidance' }, t('commendation.approvalGuidance'));
  }
  if (task.kind === 'collect-panel-scores') {
    return h(
      'p',
      { class: 'muted', 'data-testid': 'close-guidance' },
      t('commendation.closeGuidance', scoringProgress(round)),
    );
  }
  return null;
}

function bureauSections(round: CommendationRound, reload: () => void): Child[] {
  const nominating = round.state === 'nominating';
  return [
    round.ranking ? rankingSection(round) : null,
    h(
      'section',
      { 'data-testid': 'nominees-section' },
      h('h2', {}, t('commendation.nominees')),
      nominating ? nominationForm(round, reload) : nomineesTable(round.nominees),
    ),
    h(
      'section',
      { 'data-testid': 'panel-section' },
      h('h2', {}, t('commendation.panel')),
      nominating ? panelEditor(round, reload) : panelTable(round.panel),
    ),
    round.nominees.length > 0 && round.panel.length > 0
      ? h(
          'section',
          {},
          h('h2', {}, t(nominating ? 'commendation.conflicts' : 'commendation.scoreSheet')),
          h(
            'p',
            { class: 'muted' },
            t(nominating ? 'commendation.conflictsIntro' : 'commendation.scoreSheetIntro'),
          ),
          scoreSheet(round),
        )
      : null,
    nominating ? startScoringPanel(round, reload) : null,
    // Only the bureau's answer carries the audit trail.
    round.audit
      ? h('section', {}, h('h2', {}, t('commendation.audit')), auditTable(round.audit, 'commendationAction'))
      : null,
  ];
}

function panelSections(round: CommendationRound, session: Session, reload: () => void): Child[] {
  return [
    round.ranking ? rankingSection(round) : null,
    h(
      'section',
      { 'data-testid': 'nominees-section' },
      h('h2', {}, t('commendation.nomineesToScore')),
      h('p', { class: 'muted' }, t('commendation.panelIntro', { email: session.email })),
      round.nominees.length === 0
        ? h('p', { class: 'empty' }, t('commendation.noNominees'))
        : h(
            'div',
            { class: 'nominee-cards' },
            ...round.nominees.map((nominee) => nomineeCard(round, nominee, reload)),
          ),
    ),
  ];
}

function conflictLabel(conflict: Conflict): string {
  return labelOf('conflict', conflict);
}

/** The bureau's choice among the year's excellent grades, at most the round's limit of them. */
function nominationForm(round: CommendationRound, reload: () => void): HTMLElement {
  const container = h('div', {}, loadingNotice());
  void api.everyAssessment(round.year).then(
    (items) => replaceContent(container, nominationChoices(round, excellentOf(items), reload)),
    (error: unknown) => replaceContent(container, errorNotice(error)),
  );
  return container;
}

/** The year's assessments graded excellent, the highest score first. */
function excellentOf(assessments: readonly AssessmentSummary[]): AssessmentSummary[] {
  return assessments
    .filter((assessment) => assessment.grade?.grade === 'excellent')
    .sort(
      (a, b) =>
        (b.score?.total ?? 0) - (a.score?.total ?? 0) ||
        a.commissioner.name.localeCompare(b.commissioner.name),
    );
}

function nominationChoices(
  round: CommendationRound,
  candidates: readonly AssessmentSummary[],
  reload: () => void,
): HTMLElement {
  if (candidates.length === 0) {
    return h(
      'div',
      {},
      h('p', { class: 'empty' }, t('commendation.noCandidates', { year: round.year })),
      round.nominees.length > 0 ? nomineesTable(round.nominees) : null,
    );
  }
  const nominated = new Set(round.nominees.map((nominee) => nominee.id));
  const counter = h('span', { 'data-testid': 'nomination-count' });
  const boxes = candidates.map((candidate, index) =>
    h('input', {
      type: 'checkbox',
      id: `candidate-${index}`,
      value: candidate.id,
      checked: nominated.has(candidate.id),
      onchange: () => updateCount(),
    }),
  );
  const updateCount = () => {
    counter.textContent = t('commendation.chosenCount', {
      count: boxes.filter((box) => box.checked).length,
      limit: round.limit,
    });
  };
  updateCount();
  const errors = formErrorSlot();
  const submitButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'save-nominations' },
    t(round.nominees.length > 0 ? 'commendation.saveNominations' : 'commendation.nominate'),
  );
  const form = h(
    'form',
    { class: 'stacked panel', 'data-testid': 'nomination-form' },
    h('p', { class: 'muted' }, t('commendation.nominateIntro', { year: round.year, limit: round.limit })),
    fieldGroup({
      name: 'assessmentIds',
      id: 'nominations',
      legend: t('commendation.candidates', { year: round.year }),
      controls: candidates.map((candidate, index) => {
        const box = boxes[index];
        return h(
          'div',
          { class: 'candidate', 'data-field': `candidate.${index}`, 'data-testid': 'candidate' },
          h(
            'label',
            { class: 'choice', for: `candidate-${index}` },
            box,
            h(
              'span',
              {},
              h('strong', {}, candidate.commissioner.name),
              h(
                'span',
                { class: 'muted' },
                ' · ',
                candidate.institution.name,
                ' · ',
                candidate.enterprise.name,
                candidate.score
                  ? ` · ${t('commendation.assessmentScore', { score: formatNumber(candidate.score.total) })}`
                  : '',
              ),
            ),
          ),
          errorSlot(`candidate.${index}`, `candidate-${index}`),
        );
      }),
    }),
    h('p', { class: 'hint' }, counter),
    errors,
    h('div', { class: 'form-actions' }, submitButton),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const chosen = boxes.filter((box) => box.checked).map((box) => box.value);
    submitButton.disabled = true;
    try {
      await api.nominateForCommendation(round.id, chosen);
      flash('success', t('commendation.nominated', { count: chosen.length }));
      reload();
    } catch (error) {
      showNominationError(form, error, chosen, candidates);
      submitButton.disabled = false;
    }
  });
  return form;
}

/**
 * The server names a nominee by its position in what was sent (`assessmentIds.1`): that error goes next to
 * the candidate sent there; the rest (the limit, say) as any form's errors.
 */
function showNominationError(
  form: HTMLElement,
  error: unknown,
  chosen: readonly string[],
  candidates: readonly AssessmentSummary[],
): void {
  if (!(error instanceof ApiError)) {
    showSubmitError(form, error);
    return;
  }
  const placed = error.fields.filter((problem) => {
    const position = /^assessmentIds\.(\d+)$/.exec(problem.field)?.[1];
    if (position === undefined) return false;
    const index = candidates.findIndex((candidate) => candidate.id === chosen[Number(position)]);
    return index >= 0 && showFieldError(form, `candidate.${index}`, fieldErrorText(problem));
  });
  showSubmitError(
    form,
    new ApiError(
      error.status,
      error.code,
      error.message,
      error.fields.filter((fieldError) => !placed.includes(fieldError)),
    ),
  );
}

function nomineesTable(nominees: readonly Nominee[]): HTMLElement {
  if (nominees.length === 0) return h('p', { class: 'empty' }, t('commendation.noNominees'));
  return h(
    'table',
    { 'data-testid': 'nominees' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('commendation.nominee')),
        h('th', {}, t('agreement.party.institution')),
        h('th', {}, t('commendation.servedEnterprise')),
        h('th', { class: 'numeric' }, t('commendation.assessmentScoreColumn')),
      ),
    ),
    h(
      'tbody',
      {},
      ...nominees.map((nominee) =>
        h(
          'tr',
          { 'data-testid': 'nominee', 'data-nominee-id': nominee.id },
          h('td', {}, link(assessmentRoute(nominee.id), nominee.name)),
          h('td', {}, nominee.institution),
          h('td', {}, nominee.enterprise),
          h('td', { class: 'numeric' }, formatNumber(nominee.assessmentScore)),
        ),
      ),
    ),
  );
}

/** The panel as rows of email and organisation; each re-render numbers them afresh, as the server's error paths do. */
function panelEditor(round: CommendationRound, reload: () => void): HTMLFormElement {
  const drafts: { email: string; organization: string }[] =
    round.panel.length > 0 ? round.panel.map((member) => ({ ...member })) : [{ email: '', organization: '' }];
  const rows = h('div', { class: 'panel-members' });

  const row = (draft: { email: string; organization: string }, index: number): HTMLElement => {
    const email = h('input', {
      type: 'email',
      required: true,
      autocomplete: 'off',
      value: draft.email,
      oninput: () => {
        draft.email = email.value;
      },
    });
    const organization = h('input', {
      type: 'text',
      required: true,
      value: draft.organization,
      oninput: () => {
        draft.organization = organization.value;
      },
    });
    return h(
      'fieldset',
      { class: 'panel-member', 'data-testid': 'panel-member' },
      h('legend', {}, t('commendation.member', { position: index + 1 })),
      h(
        'div',
        { class: 'term-dates' },
        field({
          name: `members.${index}.email`,
          id: `member-${index}-email`,
          label: t('commendation.memberEmail'),
          control: email,
        }),
        field({
          name: `members.${index}.organization`,
          id: `member-${index}-organization`,
          label: t('commendation.memberOrganization'),
          control: organization,
        }),
      ),
      drafts.length > 1
        ? h(
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
            t('commendation.removeMember', { position: index + 1 }),
          )
        : null,
    );
  };
  const render = () => replaceContent(rows, ...drafts.map(row));
  const addButton = h(
    'button',
    {
      type: 'button',
      'data-testid': 'add-member',
      onclick: () => {
        drafts.push({ email: '', organization: '' });
        render();
        rows.querySelector<HTMLElement>(`#member-${drafts.length - 1}-email`)?.focus();
      },
    },
    t('commendation.addMember'),
  );
  render();
  const submitButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'save-panel' },
    t('commendation.savePanel'),
  );
  const warning = h('div', { 'data-testid': 'excluded-warning' });
  const form = h(
    'form',
    { class: 'stacked panel', 'data-testid': 'panel-form' },
    h('p', { class: 'muted' }, t('commendation.panelEditorIntro')),
    fieldGroup({
      name: 'members',
      id: 'panel-members',
      legend: t('commendation.panelMembers'),
      controls: [rows, h('div', {}, addButton)],
    }),
    warning,
    formErrorSlot(),
    h('div', { class: 'form-actions' }, submitButton),
  );

  // The panel the bureau was warned about: saving that same panel again is its answer; an edit asks afresh.
  let warnedAbout: string | undefined;
  form.addEventListener('input', () => {
    if (warnedAbout === undefined) return;
    warnedAbout = undefined;
    replaceContent(warning);
    submitButton.textContent = t('commendation.savePanel');
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const members = drafts.map((member) => ({
      email: member.email.trim(),
      organization: member.organization.trim(),
    }));
    const excluded = excludedFromEveryNominee(members, nomineesWithTies(round));
    const asked = JSON.stringify(members);
    if (excluded.length > 0 && warnedAbout !== asked) {
      warnedAbout = asked;
      replaceContent(warning, excludedWarning(round, excluded));
      submitButton.textContent = t('commendation.savePanelAnyway');
      return;
    }
    replaceContent(warning);
    submitButton.disabled = true;
    try {
      await api.assignCommendationPanel(round.id, members);
      flash('success', t('commendation.panelSaved', { count: members.length }));
      reload();
    } catch (error) {
      showSubmitError(form, error);
      submitButton.disabled = false;
    }
  });
  return form;
}

/** Who could score nobody, and why for each nominee: likely a wrong organisation, so asked before saving. */
function excludedWarning(
  round: CommendationRound,
  excluded: readonly {
    readonly member: PanelMember;
    readonly conflicts: readonly { readonly nomineeId: string; readonly conflict: Conflict }[];
  }[],
): HTMLElement {
  const names = new Map(round.nominees.map((nominee) => [nominee.id, nominee.name]));
  return notice(
    'error',
    h('p', {}, t('commendation.excludedWarning', { count: excluded.length })),
    h(
      'ul',
      {},
      ...excluded.map(({ member, conflicts }) =>
        h(
          'li',
          { 'data-testid': 'excluded-member' },
          t('commendation.excludedMember', {
            email: member.email,
            organization: member.organization,
            conflicts: conflicts
              .map(({ nomineeId, conflict }) =>
                t('commendation.excludedFrom', {
                  name: names.get(nomineeId) ?? nomineeId,
                  conflict: conflictLabel(conflict),
                }),
              )
              .join(t('list.separator')),
          }),
        ),
      ),
    ),
    h('p', {}, t('commendation.excludedWarningAction')),
  );
}

function panelTable(panel: readonly PanelMember[]): HTMLElement {
  if (panel.length === 0) return h('p', { class: 'empty' }, t('commendation.noPanel'));
  return h(
    'table',
    { 'data-testid': 'panel' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('commendation.memberEmail')),
        h('th', {}, t('commendation.memberOrganization')),
      ),
    ),
    h(
      'tbody',
      {},
      ...panel.map((member) =>
        h('tr', { 'data-member': member.email }, h('td', {}, member.email), h('td', {}, member.organization)),
      ),
    ),
  );
}

/**
 * Every member against every nominee: the score given, the score awaited, or why the pair is excluded. Before
 * scoring starts it shows who will score whom, so that a nominee nobody may score is seen in time.
 */
function scoreSheet(round: CommendationRound): HTMLElement {
  const nominating = round.state === 'nominating';
  const nominees = nomineesWithTies(round);
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'score-sheet', 'data-testid': 'score-sheet' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('commendation.panelMember')),
          ...nominees.map((nominee) =>
            h(
              'th',
              { class: 'sheet-cell', 'data-nominee-id': nominee.id },
              nominee.name,
              h('div', { class: 'muted' }, nominee.institution),
            ),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...round.panel.map((member) =>
          h(
            'tr',
            { 'data-member': member.email },
            h('th', { scope: 'row' }, member.email, h('div', { class: 'muted' }, member.organization)),
            ...nominees.map((nominee) => {
              const conflict = conflictOf(member, nominee);
              const score = round.scores.find(
                (given) => given.memberEmail === member.email && given.nomineeId === nominee.id,
              );
              return h(
                'td',
                {
                  'data-nominee-id': nominee.id,
                  'data-conflict': conflict ?? null,
                  'data-score': score?.score ?? null,
                  class: conflict ? 'sheet-cell excluded-pair' : 'sheet-cell',
                },
                conflict
                  ? h(
                      'span',
                      { class: 'badge warning', 'data-testid': 'excluded' },
                      t('commendation.excludedBecause', { conflict: conflictLabel(conflict) }),
                    )
                  : score
                    ? formatNumber(score.score)
                    : h(
                        'span',
                        { class: 'muted' },
                        t(nominating ? 'commendation.toScore' : 'commendation.awaited'),
                      ),
              );
            }),
          ),
        ),
      ),
    ),
  );
}

/** Starting is the round's workflow's first step: the page waits (briefly) for it to be recorded. */
function startScoringPanel(round: CommendationRound, reload: () => void): HTMLElement {
  const errors = formErrorSlot();
  const button = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'start-scoring' },
    t('commendation.startScoring'),
  );
  const panel = h(
    'div',
    { class: 'panel', 'data-testid': 'start-scoring-panel' },
    h('h2', {}, t('commendation.startHeading')),
    h('p', { class: 'muted' }, t('commendation.startIntro')),
    errors,
    button,
  );
  button.addEventListener('click', async () => {
    clearErrors(panel);
    button.disabled = true;
    try {
      await api.startCommendationScoring(round.id);
      const started = await untilRecorded(
        () => api.getCommendationRound(round.id),
        (read) => read.round.state !== 'nominating',
      );
      flash(
        started ? 'success' : 'info',
        t(started ? 'commendation.scoringStarted' : 'commendation.scoringStarting'),
      );
      reload();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'Conflict') {
        errors.append(h('p', {}, t('commendation.cannotStart', { detail: error.message })));
      } else {
        showSubmitError(panel, error);
      }
      button.disabled = false;
    }
  });
  return panel;
}

/** The ranked list once scoring closed: by mean panel score, equal means sharing a rank. */
function rankingSection(round: CommendationRound): HTMLElement {
  const byId = new Map(round.nominees.map((nominee) => [nominee.id, nominee]));
  return h(
    'section',
    {},
    h('h2', {}, t('commendation.ranking')),
    h('p', { class: 'muted' }, t('commendation.rankingIntro')),
    h(
      'table',
      { class: 'score-table', 'data-testid': 'ranking' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { class: 'numeric' }, t('commendation.rank')),
          h('th', {}, t('commendation.nominee')),
          h('th', {}, t('agreement.party.institution')),
          h('th', { class: 'numeric' }, t('commendation.meanScore')),
          h('th', { class: 'numeric' }, t('commendation.scoreCount')),
        ),
      ),
      h(
        'tbody',
        {},
        ...(round.ranking ?? []).map((ranked) => {
          const nominee = byId.get(ranked.nomineeId);
          return h(
            'tr',
            { 'data-nominee-id': ranked.nomineeId },
            h('td', { class: 'numeric', 'data-column': 'rank' }, ranked.rank),
            h('td', { 'data-column': 'name' }, nominee?.name ?? ranked.nomineeId),
            h('td', { 'data-column': 'institution' }, nominee?.institution ?? ''),
            h(
              'td',
              { class: 'numeric', 'data-column': 'meanScore' },
              ranked.meanScore === undefined ? '—' : formatNumber(ranked.meanScore),
            ),
            h('td', { class: 'numeric', 'data-column': 'scoreCount' }, ranked.scoreCount),
          );
        }),
      ),
    ),
  );
}

/** One nominee as a panel member sees them: excluded and why, their score given, or the box to give it. */
function nomineeCard(round: CommendationRound, nominee: Nominee, reload: () => void): HTMLElement {
  const excluded = round.excluded?.find((entry) => entry.nomineeId === nominee.id);
  const given = round.scores.find((score) => score.nomineeId === nominee.id);
  const status = excluded ? 'excluded' : given ? 'scored' : round.state === 'scoring' ? 'to-score' : 'closed';
  return h(
    'div',
    {
      class: 'panel nominee-card',
      'data-testid': 'nominee',
      'data-nominee-id': nominee.id,
      'data-status': status,
    },
    h('h3', {}, nominee.name),
    h(
      'dl',
      { class: 'details' },
      h('dt', {}, t('agreement.party.institution')),
      h('dd', {}, nominee.institution),
      h('dt', {}, t('commendation.servedEnterprise')),
      h('dd', {}, nominee.enterprise),
      h('dt', {}, t('commendation.assessmentScoreColumn')),
      h('dd', {}, formatNumber(nominee.assessmentScore)),
    ),
    excluded
      ? h(
          'p',
          { 'data-testid': 'excluded' },
          h('span', { class: 'badge warning' }, t('commendation.excluded')),
          ' ',
          t('commendation.excludedReason', { reason: labelOf('conflictReason', excluded.conflict) }),
        )
      : given
        ? h(
            'p',
            { 'data-testid': 'your-score' },
            t('commendation.yourScoreGiven', {
              score: formatNumber(given.score),
              at: formatDateTime(given.at),
            }),
          )
        : round.state === 'scoring'
          ? scoreForm(round, nominee, reload)
          : h('p', { class: 'muted' }, t('commendation.notScored')),
  );
}

function scoreForm(round: CommendationRound, nominee: Nominee, reload: () => void): HTMLFormElement {
  const input = h('input', {
    type: 'number',
    required: true,
    min: panelScoreRange.min,
    max: panelScoreRange.max,
    step: 1,
    inputmode: 'numeric',
    class: 'score-input',
  });
  const errors = formErrorSlot();
  const submitButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'submit-score' },
    t('commendation.submitScore'),
  );
  const form = h(
    'form',
    { class: 'score-form', 'data-testid': 'score-form' },
    field({
      name: 'score',
      id: `score-${nominee.id}`,
      label: t('commendation.yourScore', { name: nominee.name }),
      control: input,
      hint: t('commendation.scoreHint', { min: panelScoreRange.min, max: panelScoreRange.max }),
    }),
    errors,
    submitButton,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    submitButton.disabled = true;
    try {
      // Not a number goes as null, and the server names the field.
      await api.scoreCommendationNominee(round.id, nominee.id, input.valueAsNumber);
      flash('success', t('commendation.scored', { name: nominee.name, score: input.valueAsNumber }));
      reload();
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'Conflict' || error.code === 'Forbidden')) {
        errors.append(refusalWithRefresh(t('commendation.cannotScore', { detail: error.message }), reload));
      } else {
        showSubmitError(form, error);
      }
      submitButton.disabled = false;
    }
  });
  return form;
}
