import { agreementStates } from '#shared/agreement/states.ts';
import { api } from './api.ts';
import { h, replaceContent } from './dom.ts';
import { formatDateRange, formatDateTime } from './format.ts';
import { labelOf, t } from './i18n.ts';
import { agreementRoute } from './links.ts';
import { type Agreement, currentCadence } from './model.ts';
import type { PageContext } from './page.ts';
import { filteredList } from './paged-list.ts';
import { link, loadingNotice, pageHeading, refreshButton, stateBadge } from './ui.ts';

/** The agreements the reader is a party to (the bureau: every one), newest first, a page at a time. */
export function renderAgreements({ root, session, reload }: PageContext): void {
  const content = h('div', {}, loadingNotice());
  root.append(
    pageHeading(
      t(session.role === 'admin' ? 'agreements.heading' : 'agreements.myHeading'),
      refreshButton(reload),
    ),
    h('p', { class: 'lead' }, t('agreements.intro')),
    content,
  );
  replaceContent(
    content,
    filteredList({
      name: 'agreements',
      states: agreementStates,
      filters: { year: true, organization: session.role === 'admin' },
      read: (query) => api.listAgreements(query),
      empty: t('agreements.empty'),
      row: agreementRow,
      table: (body) =>
        h(
          'table',
          { 'data-testid': 'agreements' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('agreement.party.commissioner')),
              h('th', {}, t('agreement.party.institution')),
              h('th', {}, t('agreement.party.enterprise')),
              h('th', {}, t('agreement.term')),
              h('th', {}, t('agreement.cadence')),
              h('th', {}, t('agreements.state')),
              h('th', {}, t('agreements.updatedAt')),
            ),
          ),
          body,
        ),
    }),
  );
}

function agreementRow(agreement: Agreement): HTMLElement {
  const { commissioner, institution, enterprise } = agreement.parties;
  return h(
    'tr',
    { 'data-testid': 'agreement', 'data-agreement-id': agreement.id },
    h('td', {}, link(agreementRoute(agreement.id), commissioner.name)),
    h('td', {}, institution.name),
    h('td', {}, enterprise.name),
    h('td', { class: 'nowrap' }, formatDateRange(agreement.terms.termStart, agreement.terms.termEnd)),
    h('td', {}, labelOf('cadence', currentCadence(agreement))),
    h('td', {}, stateBadge(agreement.state)),
    h('td', { class: 'nowrap' }, formatDateTime(agreement.updatedAt)),
  );
}
