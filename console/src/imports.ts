import { importWorkbookLimits } from '#shared/limits.ts';
import {
  type ImportPhase,
  type ImportView,
  importPhases,
  problemsPerPage,
} from '#shared/programmeImport/model.ts';
import type { CellProblem } from '#shared/programmeImport/workbookCheck.ts';
import { importSheets } from '#shared/programmeImport/workbookLayout.ts';
import { xlsxContentType } from '#shared/spreadsheet/xlsxMediaType.ts';
import { ApiError, api, uploadToStorage } from './api.ts';
import { h, replaceContent } from './dom.ts';
import { formatDateTime, formatNumber } from './format.ts';
import { fieldErrorText } from './forms.ts';
import { labelOf, t } from './i18n.ts';
import { statisticsRoute } from './links.ts';
import type { PageContext } from './page.ts';
import {
  downloadButton,
  errorNotice,
  link,
  loadingNotice,
  notice,
  pageHeading,
  refreshButton,
} from './ui.ts';

/** An import under way is read again about once a second, for ten minutes at most. */
const followEveryMs = 1000;
const followAtMostMs = 10 * 60 * 1000;

/** What the picker offers: the workbook by extension and by media type, as pickers read either. */
const accept = `.xlsx,${xlsxContentType}`;

const megabytes = importWorkbookLimits.maxBytes / (1024 * 1024);

/** The import page, or (with an id) the same page showing that import. */
export function importRoute(id?: string): string {
  return id === undefined ? '/imports' : `/imports/${encodeURIComponent(id)}`;
}

/**
 * The bureau brings in a programme that was running before this system: the workbook to fill in,
 * its upload and check, then the problems found or the rows that passed, the confirmation and what
 * was written. `#/imports/<id>` shows that import; the earlier imports are listed below.
 */
export async function renderImports({ root, params, reload }: PageContext): Promise<void> {
  const shownId = params[0];
  const downloadError = h('div', { 'data-testid': 'download-error' });
  const result = h('div', { 'data-testid': 'import-result' });
  const list = h('div', {}, loadingNotice());
  const refreshList = () => void showImportList(list, shownId);
  root.append(
    pageHeading(t('imports.heading'), refreshButton(reload)),
    h('p', { class: 'lead' }, t('imports.intro')),
    h(
      'ol',
      {},
      h('li', {}, t('imports.sheets')),
      h('li', {}, t('imports.references')),
      h('li', {}, t('imports.periods')),
    ),
    h(
      'p',
      {},
      downloadButton({
        label: t('imports.downloadTemplate'),
        testId: 'download-import-template',
        fileName: 'programme-import-template.xlsx',
        fetchFile: api.downloadImportTemplate,
        errorSlot: downloadError,
      }),
    ),
    downloadError,
    uploadPanel(),
    result,
    h('section', { 'data-testid': 'import-list' }, h('h2', {}, t('imports.listHeading')), list),
  );
  refreshList();
  if (shownId === undefined) return;
  replaceContent(result, loadingNotice());
  try {
    const { import: shown } = await api.getImport(shownId);
    showImport(result, shown, refreshList);
  } catch (error) {
    replaceContent(result, errorNotice(error));
  }
}

/**
 * Picks the workbook and uploads it: the import recorded, the file posted straight to storage
 * with the form the API answers, the check asked for; then the page shows that import.
 */
function uploadPanel(): HTMLElement {
  const status = h('div', { 'data-testid': 'import-upload-status' });
  const input = h('input', { type: 'file', id: 'import-file', accept, 'data-testid': 'import-file' });
  const button = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'import-upload' },
    t('imports.upload'),
  );
  const upload = async (): Promise<void> => {
    const file = input.files?.[0];
    if (file === undefined) {
      replaceContent(status, notice('error', t('imports.noFile')));
      return;
    }
    if (file.size > importWorkbookLimits.maxBytes) {
      replaceContent(status, notice('error', t('imports.tooLarge', { name: file.name, megabytes })));
      return;
    }
    button.disabled = true;
    input.disabled = true;
    replaceContent(status, notice('info', t('imports.uploading', { name: file.name })));
    try {
      const started = await api.startImport({ name: file.name, size: file.size });
      await uploadToStorage(started.upload, file);
      const { import: checking } = await api.checkImport(started.import.id);
      // The reader may have gone on to another page meanwhile: only this page moves on to the import.
      if (button.isConnected) location.hash = `#${importRoute(checking.id)}`;
    } catch (error) {
      replaceContent(status, errorNotice(error), ...fieldProblems(error));
      button.disabled = false;
      input.disabled = false;
    }
  };
  button.addEventListener('click', () => void upload());
  return h(
    'section',
    { class: 'panel', 'data-testid': 'import-upload-panel' },
    h('h2', {}, t('imports.uploadHeading')),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'import-file' }, t('imports.chooseFile')),
      input,
      h('div', { class: 'hint' }, t('imports.uploadHint', { megabytes })),
    ),
    h('div', { class: 'form-actions' }, button),
    status,
  );
}

/** A refused request's fields (the workbook's name, its size), each in the reader's language, named by what they are. */
function fieldProblems(error: unknown): HTMLElement[] {
  if (!(error instanceof ApiError)) return [];
  return error.fields.map((problem) =>
    h('p', { class: 'field-error' }, `${t('imports.chooseFile')}: ${fieldErrorText(problem)}`),
  );
}

function importStateBadge(state: string, testId?: string): HTMLElement {
  return h(
    'span',
    { class: `badge state-${state}`, 'data-testid': testId, 'data-state': state },
    labelOf('imports.state', state),
  );
}

/**
 * One import as it stands, in `slot`: its file and state, then what its state calls for. While it
 * is being checked, getting ready for the confirmation or imported, it is read again until that
 * changes, then shown again; `onChange` is told (the list of imports shows states too).
 */
function showImport(slot: HTMLElement, view: ImportView, onChange: () => void): void {
  const body = h('div', {});
  replaceContent(
    slot,
    h(
      'section',
      { class: 'panel', 'data-testid': 'import', 'data-import-id': view.id },
      h(
        'h2',
        {},
        h('span', { 'data-testid': 'import-name' }, view.name),
        importStateBadge(view.state, 'import-state'),
      ),
      h('p', { class: 'muted' }, t('imports.uploadedAt', { at: formatDateTime(view.createdAt) })),
      body,
    ),
  );
  const showAgainWhen = (changed: (read: ImportView) => boolean, progress?: (read: ImportView) => void) =>
    void followImport(body, view.id, changed, progress).then((next) => {
      if (next === undefined) return;
      showImport(slot, next, onChange);
      onChange();
    });

  switch (view.state) {
    case 'uploading':
      body.append(notice('info', t('imports.notUploaded')));
      return;
    case 'checking':
      body.append(notice('info', t('imports.checking')));
      showAgainWhen((read) => read.state !== 'checking');
      return;
    case 'refused':
      if (view.unreadable !== undefined) {
        body.append(notice('error', t('imports.refused'), h('br'), t('fieldError.notAWorkbook')));
        return;
      }
      body.append(notice('error', t('imports.refusedProblems')), problemsSection(view));
      return;
    case 'checked':
      body.append(...checkedContent(view, slot, onChange));
      if (!view.confirmable) showAgainWhen((read) => read.state !== 'checked' || read.confirmable);
      return;
    case 'importing': {
      const progress = h('div', {}, importingContent(view));
      body.append(progress);
      showAgainWhen(
        (read) => read.state !== 'importing',
        (read) => replaceContent(progress, importingContent(read)),
      );
      return;
    }
    case 'imported':
      body.append(
        notice('success', t('imports.imported')),
        writtenTable(view),
        h('p', { 'data-testid': 'import-invited' }, t('imports.invited', { count: view.invited ?? 0 })),
        h(
          'p',
          {},
          h(
            'a',
            { href: `#${statisticsRoute()}`, 'data-testid': 'import-stats-link' },
            t('imports.statisticsLink'),
          ),
        ),
      );
      return;
    case 'expired':
      body.append(notice('error', t('imports.expired')));
      return;
    case 'failed':
      body.append(notice('error', t('imports.failed', { error: view.failure?.error ?? '' })));
      if (view.written !== undefined) body.append(writtenTable(view));
      return;
  }
}

/**
 * Reads the import about once a second while `into` is on the page, until `changed` says it has;
 * `progress` is shown each read before that. Undefined when the reader left, a read failed or ten
 * minutes passed (each said in `into`).
 */
async function followImport(
  into: HTMLElement,
  id: string,
  changed: (read: ImportView) => boolean,
  progress?: (read: ImportView) => void,
): Promise<ImportView | undefined> {
  const until = Date.now() + followAtMostMs;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, followEveryMs));
    if (!into.isConnected) return undefined;
    let read: ImportView;
    try {
      read = (await api.getImport(id)).import;
    } catch (error) {
      if (into.isConnected) into.append(errorNotice(error));
      return undefined;
    }
    if (!into.isConnected) return undefined;
    if (changed(read)) return read;
    progress?.(read);
  }
  if (into.isConnected) into.append(notice('info', t('imports.stillWorking')));
  return undefined;
}

/** The rows that passed per sheet, and the button that confirms the import (once its workflow waits for it). */
function checkedContent(view: ImportView, slot: HTMLElement, onChange: () => void): HTMLElement[] {
  const errorSlot = h('div', {});
  const button = h(
    'button',
    {
      type: 'button',
      class: 'primary',
      'data-testid': 'import-confirm',
      disabled: !view.confirmable,
    },
    t('imports.confirm'),
  );
  button.addEventListener('click', async () => {
    replaceContent(errorSlot);
    button.disabled = true;
    try {
      const { import: confirmed } = await api.confirmImport(view.id);
      if (!slot.isConnected) return;
      showImport(slot, confirmed, onChange);
      onChange();
    } catch (error) {
      replaceContent(errorSlot, errorNotice(error));
      button.disabled = false;
    }
  });
  return [
    notice('info', t('imports.checked')),
    h(
      'table',
      { 'data-testid': 'import-rows' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('imports.column.sheet')),
          h('th', { class: 'numeric' }, t('imports.column.rowsPassed')),
        ),
      ),
      h(
        'tbody',
        {},
        ...importSheets.map((sheet) =>
          h(
            'tr',
            { 'data-key': sheet },
            h('th', { scope: 'row' }, labelOf('imports.sheet', sheet)),
            h('td', { class: 'numeric', 'data-column': 'rows' }, formatNumber(view.rows?.[sheet] ?? 0)),
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'inline-controls' },
      button,
      view.confirmable ? null : h('span', { class: 'muted' }, t('imports.preparing')),
    ),
    errorSlot,
  ];
}

/** Importing: the phase it is writing, and what it wrote so far. */
function importingContent(view: ImportView): HTMLElement {
  const phase = view.cursor?.phase;
  return h(
    'div',
    {},
    notice(
      'info',
      phase === undefined
        ? t('imports.importing')
        : t('imports.importingPhase', { phase: phaseLabel(phase) }),
    ),
    view.written === undefined ? null : writtenTable(view),
  );
}

function phaseLabel(phase: ImportPhase): string {
  return phase === 'periods' ? t('imports.phase.periods') : labelOf('imports.sheet', phase);
}

/** What the import wrote of each kind: created now, or already there from an earlier import. */
function writtenTable(view: ImportView): HTMLElement {
  // A phase not reached yet has no counts; once imported, one without rows wrote none.
  const none = view.state === 'imported' ? formatNumber(0) : '—';
  return h(
    'table',
    { 'data-testid': 'import-written' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('imports.column.records')),
        h('th', { class: 'numeric' }, t('imports.column.created')),
        h('th', { class: 'numeric' }, t('imports.column.present')),
      ),
    ),
    h(
      'tbody',
      {},
      ...importPhases.map((phase) => {
        const counts = view.written?.[phase];
        return h(
          'tr',
          { 'data-key': phase },
          h('th', { scope: 'row' }, phaseLabel(phase)),
          h(
            'td',
            { class: 'numeric', 'data-column': 'created' },
            counts ? formatNumber(counts.created) : none,
          ),
          h(
            'td',
            { class: 'numeric', 'data-column': 'present' },
            counts ? formatNumber(counts.present) : none,
          ),
        );
      }),
    ),
  );
}

/** The problems the check found, a page at a time, each where it is and what is wrong, as forms say it. */
function problemsSection(view: ImportView): HTMLElement {
  const count = view.problemCount ?? 0;
  // The server lists the first problems only, in pages; the count is of all it found.
  const listed = Math.min(count, (view.problemPages ?? 0) * problemsPerPage);
  const rows = h('tbody', {});
  const position = h('span', { class: 'muted', 'data-testid': 'import-problems-page' });
  const previous = h('button', { type: 'button', hidden: true }, t('imports.previousPage'));
  const next = h(
    'button',
    { type: 'button', hidden: true, 'data-testid': 'import-problems-next' },
    t('imports.nextPage'),
  );
  const errorSlot = h('div', {});
  let shownPage = 0;
  const show = async (page: number) => {
    previous.disabled = true;
    next.disabled = true;
    replaceContent(errorSlot);
    try {
      const found = await api.listImportProblems(view.id, page);
      shownPage = found.page;
      replaceContent(rows, ...found.problems.map(problemRow));
      position.textContent = found.pages > 1 ? t('imports.page', { page: page + 1, pages: found.pages }) : '';
      previous.hidden = page === 0;
      next.hidden = page + 1 >= found.pages;
    } catch (error) {
      replaceContent(errorSlot, errorNotice(error));
    }
    previous.disabled = false;
    next.disabled = false;
  };
  previous.addEventListener('click', () => void show(shownPage - 1));
  next.addEventListener('click', () => void show(shownPage + 1));
  void show(0);
  return h(
    'div',
    { 'data-testid': 'import-problems' },
    h(
      'h3',
      { 'data-testid': 'import-problem-count' },
      t('imports.problemCount', { count: formatNumber(count) }),
    ),
    listed < count
      ? h('p', { class: 'muted' }, t('imports.problemsListed', { listed: formatNumber(listed) }))
      : null,
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('imports.column.sheet')),
          h('th', { class: 'numeric' }, t('imports.column.row')),
          h('th', {}, t('imports.column.column')),
          h('th', {}, t('imports.column.problem')),
        ),
      ),
      rows,
    ),
    h('div', { class: 'inline-controls' }, previous, position, next),
    errorSlot,
  );
}

/** Where the problem is (a problem of the sheet as a whole names no column) and what it is. */
function problemRow(problem: CellProblem): HTMLElement {
  const column =
    problem.column === undefined ? '—' : [problem.column, problem.header].filter(Boolean).join(' ');
  return h(
    'tr',
    {
      'data-testid': 'import-problem',
      'data-sheet': problem.sheet,
      'data-row': problem.row,
      'data-code': problem.code,
    },
    h('td', { 'data-column': 'sheet' }, labelOf('imports.sheet', problem.sheet)),
    h('td', { class: 'numeric', 'data-column': 'row' }, String(problem.row)),
    h('td', { 'data-column': 'column' }, column),
    h('td', { 'data-column': 'problem' }, fieldErrorText({ ...problem, field: problem.column ?? '' })),
  );
}

/** The earlier imports, newest first, each opening its page; the one shown is marked. */
async function showImportList(slot: HTMLElement, shownId: string | undefined): Promise<void> {
  try {
    const { imports } = await api.listImports();
    if (!slot.isConnected) return;
    if (imports.length === 0) {
      replaceContent(slot, h('p', { class: 'empty' }, t('imports.listEmpty')));
      return;
    }
    replaceContent(
      slot,
      h(
        'table',
        { 'data-testid': 'imports' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, t('imports.column.file')),
            h('th', {}, t('imports.column.state')),
            h('th', {}, t('imports.column.uploaded')),
          ),
        ),
        h(
          'tbody',
          {},
          ...imports.map((entry) =>
            h(
              'tr',
              {
                'data-testid': 'import-list-item',
                'data-import-id': entry.id,
                'data-state': entry.state,
                class: entry.id === shownId ? 'selected' : null,
              },
              h('td', { 'data-column': 'name' }, link(importRoute(entry.id), entry.name)),
              h('td', { 'data-column': 'state' }, importStateBadge(entry.state)),
              h('td', { 'data-column': 'createdAt' }, formatDateTime(entry.createdAt)),
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    if (slot.isConnected) replaceContent(slot, errorNotice(error));
  }
}
