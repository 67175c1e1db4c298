import { demandStates } from '#shared/demand/states.ts';
import { api } from './api.ts';
import { demandFormElement } from './demand-form.ts';
import { h, replaceContent } from './dom.ts';
import { formatDateTime } from './format.ts';
import { labelOf, t } from './i18n.ts';
import { idempotentSubmission } from './idempotency.ts';
import { demandRoute } from './links.ts';
import type { PageContext } from './page.ts';
import { filteredList } from './paged-list.ts';
import { flash, link, loadingNotice, notice, pageHeading, stateBadge } from './ui.ts';

/** An enterprise's own demands; for the bureau every one; newest first, a page at a time. */
export function renderDemands({ root, session }: PageContext): void {
  const isEnterprise = session.role === 'enterprise';
  const content = h('div', {}, loadingNotice());
  root.append(
    pageHeading(
      t(isEnterprise ? 'demands.myHeading' : 'demands.heading'),
      isEnterprise ? h('a', { class: 'button primary', href: '#/demands/new' }, t('nav.newDemand')) : null,
    ),
    content,
  );
  replaceContent(
    content,
    filteredList({
      name: 'demands',
      states: demandStates,
      filters: { year: true, organization: session.role === 'admin' },
      read: api.listDemands,
      empty: t('demands.empty'),
      table: (body) =>
        h(
          'table',
          { 'data-testid': 'demands' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('demands.enterprise')),
              h('th', {}, t('demands.industry')),
              h('th', {}, t('demands.location')),
              h('th', {}, t('demands.state')),
              h('th', { class: 'numeric' }, t('demands.revision')),
              h('th', {}, t('demands.updatedAt')),
            ),
          ),
          body,
        ),
      row: (item) =>
        h(
          'tr',
          { 'data-testid': 'demand' },
          h('td', {}, link(demandRoute(item.id), item.enterpriseName)),
          h('td', {}, labelOf('industry', item.industry)),
          h('td', {}, item.location),
          h('td', {}, stateBadge(item.state)),
          h('td', { class: 'numeric' }, item.revision),
          h('td', {}, formatDateTime(item.updatedAt)),
        ),
    }),
  );
}

export function renderNewDemand({ root, session }: PageContext): void {
  root.append(h('h1', {}, t('newDemand.heading')));
  // The server takes demands from enterprise accounts only, posted under their own name.
  if (session.role !== 'enterprise' || !session.organization) {
    root.append(notice('info', t('newDemand.enterpriseOnly')));
    return;
  }
  const postDemand = idempotentSubmission(api.postDemand);
  root.append(
    h('p', { class: 'lead' }, t('newDemand.intro')),
    demandFormElement({
      enterpriseName: session.organization,
      submitLabel: 'newDemand.submit',
      submit: async (form) => {
        const { demand } = await postDemand(form);
        flash('success', t('newDemand.submitted'));
        location.hash = `#${demandRoute(demand.id)}`;
      },
    }),
  );
}
