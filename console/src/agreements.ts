import { api } from './api.ts';
import { h, replaceContent } from './dom.ts';
import { formatDateRange, formatDateTime } from './format.ts';
import { labelOf, t } from './i18n.ts';
import { agreementRoute } from './links.ts';
import { type Agreement, currentCadence } from './model.ts';
import type { PageContext } from './page.ts';
import { errorNotice, link, loadingNotice, pageHeading, refreshButton, stateBadge } from './ui.ts';

/** The agreements the reader is a party to (the bureau: every one), most recently changed first. */
export async function renderAgreements({ root, session, reload }: PageContext): Promise<void> {
  const content = h('div', {}, loadingNotice());
  root.append(
    pageHeading(
      t(session.role === 'admin' ? 'agreements.heading' : 'agreements.myHeading'),
      refreshButton(reload),
    ),
    h('p', { class: 'lead' }, t('agreements.intro')),
    content,
  );
  try {
    const { items } = await api.listAgreements();
    const sorted = [...items].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    replaceContent(
      content,
      sorted.length === 0
        ? h('p', { class: 'empty' }, t('agreements.empty'))
        : h(
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
            h('tbody', {}, ...sorted.map(agreementRow)),
          ),
    );
  } catch (error) {
    replaceContent(content, errorNotice(error));
  }
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
