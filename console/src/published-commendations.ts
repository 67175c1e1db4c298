import { ApiError, api } from './api.ts';
import { h, replaceContent } from './dom.ts';
import { formatDateTime, formatNumber } from './format.ts';
import { t } from './i18n.ts';
import type { PublishedCommendations } from './model.ts';
import type { PublicPageContext } from './page.ts';
import { errorNotice, loadingNotice, notice, pageHeading, refreshButton } from './ui.ts';

/**
 * A year's published commendation list, for anyone: the page the emails to the commended link to. It needs no
 * session and reads the public API without a token; before publication there is nothing to show.
 */
export async function renderPublishedCommendations({
  root,
  params,
  reload,
}: PublicPageContext): Promise<void> {
  const id = params[0] ?? '';
  root.append(loadingNotice());
  let list: PublishedCommendations;
  try {
    list = await api.getPublishedCommendations(id);
  } catch (error) {
    replaceContent(
      root,
      pageHeading(t('published.heading'), refreshButton(reload)),
      error instanceof ApiError && error.code === 'NotFound'
        ? notice('info', t('published.notPublished'))
        : errorNotice(error),
    );
    return;
  }
  replaceContent(
    root,
    pageHeading(t('published.title', { year: list.year })),
    h(
      'p',
      { class: 'lead', 'data-testid': 'published-intro' },
      list.publishedAt
        ? t('published.intro', { year: list.year, publishedAt: formatDateTime(list.publishedAt) })
        : t('published.introUndated', { year: list.year }),
    ),
    list.commended.length === 0
      ? h('p', { class: 'empty' }, t('published.empty'))
      : h(
          'table',
          { class: 'score-table', 'data-testid': 'commended' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { class: 'numeric' }, t('commendation.rank')),
              h('th', {}, t('published.name')),
              h('th', {}, t('agreement.party.institution')),
              h('th', { class: 'numeric' }, t('commendation.meanScore')),
            ),
          ),
          h(
            'tbody',
            {},
            ...list.commended.map((commended) =>
              h(
                'tr',
                { 'data-testid': 'commended-row' },
                h('td', { class: 'numeric', 'data-column': 'rank' }, commended.rank),
                h('td', { 'data-column': 'name' }, commended.name),
                h('td', { 'data-column': 'institution' }, commended.institution),
                h(
                  'td',
                  { class: 'numeric', 'data-column': 'meanScore' },
                  commended.meanScore === undefined ? '—' : formatNumber(commended.meanScore),
                ),
              ),
            ),
          ),
        ),
    h('p', { class: 'muted' }, t('published.rankingNote')),
  );
}
