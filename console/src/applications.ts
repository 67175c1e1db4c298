import { applicationStates } from '#shared/application/states.ts';
import { api } from './api.ts';
import { applicationFormElement } from './application-form.ts';
import { h, replaceContent } from './dom.ts';
import { formatDateTime } from './format.ts';
import { t } from './i18n.ts';
import { idempotentSubmission } from './idempotency.ts';
import { applicationRoute } from './links.ts';
import type { PageContext } from './page.ts';
import { filteredList } from './paged-list.ts';
import { flash, link, loadingNotice, pageHeading, stateBadge } from './ui.ts';

/** A commissioner's own applications; for an institution those naming it; for an admin every one. */
export function renderApplications({ root, session }: PageContext): void {
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
  replaceContent(
    content,
    filteredList({
      name: 'applications',
      states: applicationStates,
      // A research office sees its own institution's only, so only the bureau chooses one.
      filters: { year: true, organization: session.role === 'admin' },
      read: api.listApplications,
      empty: t('applications.empty'),
      table: (body) =>
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
          body,
        ),
      row: (item) =>
        h(
          'tr',
          {},
          h('td', {}, link(applicationRoute(item.id), item.name)),
          h('td', {}, item.homeInstitution),
          h('td', {}, stateBadge(item.state)),
          h('td', { class: 'numeric' }, item.revision),
          h('td', {}, formatDateTime(item.updatedAt)),
        ),
    }),
  );
}

export function renderNewApplication({ root }: PageContext): void {
  const submitApplication = idempotentSubmission(api.submitApplication);
  root.append(
    h('h1', {}, t('newApplication.heading')),
    h('p', { class: 'lead' }, t('newApplication.intro')),
    applicationFormElement({
      submitLabel: 'newApplication.submit',
      submit: async (form) => {
        const { application } = await submitApplication(form);
        flash('success', t('newApplication.submitted'));
        location.hash = `#${applicationRoute(application.id)}`;
      },
    }),
  );
}
