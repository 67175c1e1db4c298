import { ApiError, api } from './api.ts';
import { applicationFormElement } from './application-form.ts';
import { h, replaceContent } from './dom.ts';
import { formatDateTime } from './format.ts';
import { t } from './i18n.ts';
import type { PageContext } from './page.ts';
import { errorNotice, flash, link, loadingNotice, pageHeading, stateBadge } from './ui.ts';

/** A commissioner's own applications; for an institution those naming it; for an admin every one. */
export async function renderApplications({ root, session }: PageContext): Promise<void> {
  const isCommissioner = session.role === 'commissioner';
  const content = h('div', {}, loadingNotice());
  root.append(
    pageHeading(
      t(isCommissioner ? 'applications.myHeading' : 'applications.heading'),
      isCommissioner
        ? h('a', { class: 'button primary', href: '#/applications/new' }, t('nav.newApplication'))
        : null,
    ),
    content,
  );
  try {
    const { items } = await api.listApplications();
    if (items.length === 0) {
      replaceContent(content, h('p', { class: 'empty' }, t('applications.empty')));
      return;
    }
    replaceContent(
      content,
      h(
        'table',
        { 'data-testid': 'applications' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, t('applications.name')),
            h('th', {}, t('applications.homeInstitution')),
            h('th', {}, t('applications.state')),
            h('th', { class: 'numeric' }, t('applications.revision')),
            h('th', {}, t('applications.updatedAt')),
          ),
        ),
        h(
          'tbody',
          {},
          ...items.map((item) =>
            h(
              'tr',
              {},
              h('td', {}, link(`/applications/${encodeURIComponent(item.id)}`, item.name)),
              h('td', {}, item.homeInstitution),
              h('td', {}, stateBadge(item.state)),
              h('td', { class: 'numeric' }, item.revision),
              h('td', {}, formatDateTime(item.updatedAt)),
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    replaceContent(content, errorNotice(error));
  }
}

export function renderNewApplication({ root }: PageContext): void {
  // One key per form fill, so a double click or a retried request cannot file the application twice.
  let idempotencyKey = newIdempotencyKey();
  root.append(
    h('h1', {}, t('newApplication.heading')),
    h('p', { class: 'lead' }, t('newApplication.intro')),
    applicationFormElement({
      submitLabel: 'newApplication.submit',
      submit: async (form) => {
        try {
          const { application } = await api.submitApplication(form, idempotencyKey);
          flash('success', t('newApplication.submitted'));
          location.hash = `#/applications/${encodeURIComponent(application.id)}`;
        } catch (error) {
          // A 4xx answer means nothing was filed; the corrected form is a new request and needs its own key.
          if (error instanceof ApiError && error.status >= 400 && error.status < 500)
            idempotencyKey = newIdempotencyKey();
          throw error;
        }
      },
    }),
  );
}

/** A v4 UUID; crypto.randomUUID exists only in secure contexts, which a console on a LAN address is not. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
