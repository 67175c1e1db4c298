import { ApiError, type Refusal } from './api.ts';
import { type Child, h, replaceContent } from './dom.ts';
import { formatDate } from './format.ts';
import { labelOf, t } from './i18n.ts';

export type NoticeKind = 'info' | 'success' | 'error';

export function notice(kind: NoticeKind, ...content: Child[]): HTMLElement {
  return h(
    'div',
    { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': 'notice' },
    ...content,
  );
}

/**
 * What went wrong, in the reader's language, with the server's own words after it for the specifics; a
 * refused form's specifics are its fields' errors, each said in the reader's language beside its field.
 */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const summary = t(`error.${error.code}`);
    if (error.code === 'NetworkError' || error.code === 'ValidationError') return summary;
    // A coded refusal in the reader's words; an uncoded one in the server's.
    return t('error.withDetail', {
      summary,
      detail: error.refusal ? refusalText(error.refusal) : error.message,
    });
  }
  return t('error.unexpected', { detail: String(error) });
}

/** A refusal in the reader's words: the record and the state it names by their labels, a date as dates are shown. */
function refusalText({ code, params }: Refusal): string {
  const labelled = (prefix: string, value: string | number | undefined) =>
    value === undefined ? '' : labelOf(prefix, String(value));
  return t(`refusal.${code}`, {
    ...params,
    record: labelled('record', params.record),
    state: labelled('state', params.state),
    role: labelled('role', params.role),
    start: params.start === undefined ? '' : formatDate(String(params.start)),
  });
}

export function errorNotice(error: unknown): HTMLElement {
  return notice('error', describeError(error));
}

export function loadingNotice(): HTMLElement {
  return h('p', { class: 'muted' }, t('common.loading'));
}

export function stateBadge(state: string): HTMLElement {
  return h(
    'span',
    { class: `badge state-${state}`, 'data-testid': 'state', 'data-state': state },
    labelOf('state', state),
  );
}

/** A grade of the annual assessment, with the grade itself in `data-grade`. */
export function gradeBadge(grade: string): HTMLElement {
  return h(
    'span',
    { class: `badge grade-${grade}`, 'data-testid': 'grade', 'data-grade': grade },
    labelOf('grade', grade),
  );
}

/**
 * A report period's status as shown (its state, or `due` for an open report on or after its due date),
 * with the state itself in `data-state`.
 */
export function periodStatusBadge(
  period: { state: string; status: string },
  testId = 'period-status',
): HTMLElement {
  return h(
    'span',
    {
      class: `badge period-${period.status}`,
      'data-testid': testId,
      'data-state': period.state,
      'data-status': period.status,
    },
    labelOf('periodState', period.status),
  );
}

/** Workflows move records on in the background: a page shows what it loaded until it is refreshed. */
export function refreshButton(reload: () => void): HTMLElement {
  return h('button', { type: 'button', onclick: reload, 'data-testid': 'refresh' }, t('common.refresh'));
}

/** A refusal the reader can only act on by reloading (someone else moved the record): the reason, then a refresh link. */
export function refusalWithRefresh(text: string, reload: () => void): HTMLElement {
  return h(
    'p',
    {},
    text,
    ' ',
    h('button', { type: 'button', class: 'link', onclick: reload }, t('common.refresh')),
  );
}

/**
 * The API takes a step once the waiting workflow has it; the workflow records it a moment later.
 * Reads the record again (briefly, every half second) until `recorded`, so the page reloaded shows
 * the step taken rather than the form again. False when it is not seen in time, or a read fails.
 */
export async function untilRecorded<Read>(
  read: () => Promise<Read>,
  recorded: (read: Read) => boolean,
): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const current = await read().catch(() => undefined);
    if (current === undefined) return false;
    if (recorded(current)) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

export function link(route: string, ...content: Child[]): HTMLAnchorElement {
  return h('a', { href: `#${route}` }, ...content);
}

export function pageHeading(text: string, ...actions: Child[]): HTMLElement {
  return h('div', { class: 'page-heading' }, h('h1', {}, text), h('div', { class: 'actions' }, ...actions));
}

let pendingFlash: { kind: NoticeKind; text: string } | undefined;

/** A notice to show at the top of the next page rendered, e.g. after a redirect or a reload. */
export function flash(kind: NoticeKind, text: string): void {
  pendingFlash = { kind, text };
}

export function takeFlash(): HTMLElement | undefined {
  const shown = pendingFlash;
  pendingFlash = undefined;
  return shown && notice(shown.kind, shown.text);
}

/**
 * A button that downloads a file fetched with the reader's token (a plain link would carry no
 * Authorization header), then saved from a Blob under `fileName`: the server's own name is in a
 * header the console may not read from a response of another origin.
 */
export function downloadButton(options: {
  readonly label: string;
  readonly testId: string;
  readonly fileName: string;
  readonly fetchFile: () => Promise<Blob>;
  readonly errorSlot: HTMLElement;
}): HTMLButtonElement {
  const download = async () => {
    replaceContent(options.errorSlot);
    button.disabled = true;
    try {
      const url = URL.createObjectURL(await options.fetchFile());
      h('a', { href: url, download: options.fileName }).click();
      // The browser reads the Blob after the click returns; it is let go once the download has it.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      replaceContent(options.errorSlot, errorNotice(error));
    } finally {
      button.disabled = false;
    }
  };
  const button = h(
    'button',
    { type: 'button', 'data-testid': options.testId, onclick: () => void download() },
    options.label,
  );
  return button;
}
