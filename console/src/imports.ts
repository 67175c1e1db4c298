import { api } from './api.ts';
import { h } from './dom.ts';
import { t } from './i18n.ts';
import type { PageContext } from './page.ts';
import { downloadButton, pageHeading } from './ui.ts';

/** The bureau brings in a programme that was running before this system: the workbook to fill in. */
export function renderImports({ root }: PageContext): void {
  const downloadError = h('div', { 'data-testid': 'download-error' });
  root.append(
    pageHeading(t('imports.heading')),
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
  );
}
