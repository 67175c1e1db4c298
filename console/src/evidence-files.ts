import type { AttachedFile, FileOwner } from '#shared/evidenceFiles/model.ts';
import {
  type EvidenceFileType,
  evidenceFileLimits,
  evidenceFileTypeNames,
  evidenceFileTypes,
} from '#shared/limits.ts';
import { ApiError, api, uploadToStorage } from './api.ts';
import { h, replaceContent } from './dom.ts';
import { formatFileSize } from './format.ts';
import { fieldErrorText } from './forms.ts';
import { t } from './i18n.ts';
import { describeError } from './ui.ts';

/** What the picker offers: the types by extension and by media type, as phones' pickers read either. */
const accept = [...evidenceFileTypes, '.pdf', '.jpg', '.jpeg', '.png'].join(',');

const isEvidenceType = (type: string): type is EvidenceFileType =>
  (evidenceFileTypes as readonly string[]).includes(type);

/** Downloads a file through a short-lived link; storage sends it as an attachment. */
async function download(file: AttachedFile, button: HTMLButtonElement, status: HTMLElement): Promise<void> {
  button.disabled = true;
  replaceContent(status);
  try {
    const { download: link } = await api.getFileDownload(file.id);
    location.assign(link.url);
  } catch (error) {
    status.append(describeError(error));
  } finally {
    button.disabled = false;
  }
}

function fileDescription(file: AttachedFile): HTMLElement {
  return h(
    'span',
    { class: 'file-description' },
    h('span', { class: 'file-name', 'data-testid': 'file-name' }, file.name),
    h('span', { class: 'muted' }, ` ${formatFileSize(file.size)} · ${evidenceFileTypeNames[file.type]}`),
  );
}

/** A record's or a version's files: name, size and type, each with a button that downloads it. */
export function fileList(files: readonly AttachedFile[]): HTMLElement {
  if (files.length === 0) return h('p', { class: 'muted', 'data-testid': 'no-files' }, t('files.none'));
  return h(
    'ul',
    { class: 'file-list', 'data-testid': 'files' },
    ...files.map((file) => {
      const status = h('span', { class: 'field-error', role: 'alert' });
      const button = h(
        'button',
        { type: 'button', class: 'link', 'data-testid': 'download-file' },
        t('files.download'),
      );
      button.addEventListener('click', () => void download(file, button, status));
      return h(
        'li',
        { 'data-testid': 'file', 'data-file-id': file.id },
        fileDescription(file),
        button,
        status,
      );
    }),
  );
}

export interface FileUploader {
  readonly element: HTMLElement;
  /** The accepted files, in order: what the form sends. */
  files(): AttachedFile[];
  /** Whether an upload is still under way (the form waits for it). */
  busy(): boolean;
}

/**
 * Picks files and uploads each straight to storage, then has it checked by content; an accepted
 * file joins the list (a form sends its ids), a refused one says why. `initial` are files the
 * record's last version carried, kept unless removed; `onAccepted` is told of each new file.
 */
export function fileUploader(options: {
  readonly owner: FileOwner;
  readonly id: string;
  readonly initial?: readonly AttachedFile[];
  readonly onAccepted?: (file: AttachedFile) => void;
}): FileUploader {
  const accepted: AttachedFile[] = [...(options.initial ?? [])];
  let uploading = 0;
  const list = h('ul', { class: 'file-list', 'data-testid': 'uploaded-files' });
  const input = h('input', {
    type: 'file',
    id: options.id,
    accept,
    multiple: true,
    'aria-label': t('files.choose'),
    'data-testid': 'file-input',
  });

  const acceptedRow = (file: AttachedFile): HTMLElement => {
    const remove = h('button', { type: 'button', class: 'link' }, t('files.remove'));
    const row = h(
      'li',
      { 'data-testid': 'uploaded-file', 'data-state': 'accepted' },
      fileDescription(file),
      remove,
    );
    remove.addEventListener('click', () => {
      accepted.splice(accepted.indexOf(file), 1);
      row.remove();
    });
    return row;
  };
  for (const file of accepted) list.append(acceptedRow(file));

  const upload = async (chosen: File): Promise<void> => {
    const status = h('span', { class: 'muted' }, t('files.uploading'));
    const row = h(
      'li',
      { 'data-testid': 'uploaded-file', 'data-state': 'uploading' },
      h('span', { class: 'file-name' }, chosen.name),
      ' ',
      status,
    );
    list.append(row);
    const refuse = (text: string) => {
      row.dataset.state = 'refused';
      replaceContent(status, text);
      status.className = 'field-error';
      const dismiss = h('button', { type: 'button', class: 'link' }, t('files.dismiss'));
      dismiss.addEventListener('click', () => row.remove());
      row.append(' ', dismiss);
    };
    if (!isEvidenceType(chosen.type)) return refuse(t('files.wrongType', { name: chosen.name }));
    if (chosen.size > evidenceFileLimits.maxBytes) return refuse(t('files.tooLarge', { name: chosen.name }));
    if (accepted.length + uploading >= evidenceFileLimits.perRecord) {
      return refuse(t('files.tooMany', { max: evidenceFileLimits.perRecord }));
    }
    uploading += 1;
    try {
      const started = await api.requestFileUpload({
        owner: options.owner,
        name: chosen.name,
        size: chosen.size,
        type: chosen.type,
      });
      await uploadToStorage(started.upload, chosen);
      const { file } = await api.checkFileUpload(started.file.id);
      accepted.push(file);
      row.replaceWith(acceptedRow(file));
      options.onAccepted?.(file);
    } catch (error) {
      const problem = error instanceof ApiError ? error.fields[0] : undefined;
      refuse(problem ? fieldErrorText(problem) : describeError(error));
    } finally {
      uploading -= 1;
    }
  };

  input.addEventListener('change', () => {
    const chosen = [...(input.files ?? [])];
    input.value = '';
    for (const file of chosen) void upload(file);
  });

  return {
    element: h(
      'div',
      { class: 'file-uploader', 'data-testid': 'file-uploader' },
      list,
      h(
        'p',
        { class: 'hint' },
        t('files.hint', {
          max: evidenceFileLimits.perRecord,
          megabytes: evidenceFileLimits.maxBytes / (1024 * 1024),
        }),
      ),
      input,
    ),
    files: () => [...accepted],
    busy: () => uploading > 0,
  };
}

/**
 * A record's files section (an application's CV or endorsement letter, an agreement's signed
 * copy): the list, read on its own, and where `canUpload`, an uploader that adds to it at once.
 */
export function recordFilesSection(owner: FileOwner, canUpload: boolean): HTMLElement {
  const listSlot = h('div', {}, h('p', { class: 'muted' }, t('common.loading')));
  const show = async () => {
    try {
      const { files } = await api.listFiles(owner);
      // The bureau is also told of uploads under way or refused; the page lists what is kept.
      replaceContent(listSlot, fileList(files.filter((file) => file.state === 'accepted')));
    } catch (error) {
      replaceContent(listSlot, h('p', { class: 'field-error' }, describeError(error)));
    }
  };
  void show();
  return h(
    'section',
    { 'data-testid': 'record-files' },
    h('h2', {}, t('files.heading')),
    listSlot,
    canUpload
      ? fileUploader({ owner, id: `${owner.kind}-files`, onAccepted: () => void show() }).element
      : null,
  );
}
