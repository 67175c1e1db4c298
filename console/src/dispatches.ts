import { dispatchStates } from '#shared/dispatch/states.ts';
import { api } from './api.ts';
import { h, replaceContent } from './dom.ts';
import { formatDateTime } from './format.ts';
import { t } from './i18n.ts';
import { dispatchRoute } from './links.ts';
import type { Dispatch } from './model.ts';
import type { PageContext } from './page.ts';
import { filteredList, pagedRows } from './paged-list.ts';
import { errorNotice, link, loadingNotice, pageHeading, refreshButton, stateBadge } from './ui.ts';

/** A commissioner's or an enterprise's own dispatches; for the bureau every one; newest first, a page at a time. */
export function renderDispatches({ root, session, reload }: PageContext): void {
  const content = h('div', {}, loadingNotice());
  root.append(
    pageHeading(
      t(session.role === 'admin' ? 'dispatches.heading' : 'dispatches.myHeading'),
      refreshButton(reload),
    ),
    h('p', { class: 'lead' }, t('dispatches.intro')),
    content,
  );
  replaceContent(
    content,
    filteredList({
      name: 'dispatches',
      states: dispatchStates,
      filters: { organization: session.role === 'admin' },
      read: api.listDispatches,
      empty: t('dispatches.empty'),
      table: (body) =>
        h(
          'table',
          { 'data-testid': 'dispatches' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('dispatch.commissioner')),
              h('th', {}, t('dispatch.institution')),
              h('th', {}, t('dispatch.enterprise')),
              h('th', {}, t('dispatch.location')),
              h('th', {}, t('dispatches.state')),
              h('th', {}, t('dispatches.updatedAt')),
            ),
          ),
          body,
        ),
      row: (dispatch) =>
        h(
          'tr',
          { 'data-testid': 'dispatch' },
          h('td', {}, link(dispatchRoute(dispatch.id), dispatch.commissioner.name)),
          h('td', {}, dispatch.commissioner.institution),
          h('td', {}, dispatch.enterprise.name),
          h('td', {}, dispatch.enterprise.location),
          h('td', {}, stateBadge(dispatch.state)),
          h('td', { class: 'nowrap' }, dispatch.updatedAt ? formatDateTime(dispatch.updatedAt) : ''),
        ),
    }),
  );
}

/** The public notice: every dispatch whose notice window is open, for anyone signed in to object to. */
export async function renderNotices({ root, reload }: PageContext): Promise<void> {
  const content = h('div', {}, loadingNotice());
  root.append(
    pageHeading(t('notices.heading'), refreshButton(reload)),
    h('p', { class: 'lead' }, t('notices.intro')),
    content,
  );
  try {
    const read = (cursor?: string) =>
      api.listDispatches({ state: 'in_notice', ...(cursor === undefined ? {} : { cursor }) });
    const first = await read();
    replaceContent(
      content,
      first.items.length === 0 && first.nextCursor === undefined
        ? h('p', { class: 'empty' }, t('notices.empty'))
        : pagedRows({
            name: 'notices',
            first,
            next: read,
            row: noticeRow,
            table: (body) =>
              h(
                'table',
                { 'data-testid': 'notices' },
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    h('th', {}, t('dispatch.commissioner')),
                    h('th', {}, t('dispatch.institution')),
                    h('th', {}, t('dispatch.enterprise')),
                    h('th', {}, t('dispatch.location')),
                    h('th', {}, t('notices.closesAt')),
                    h('th', {}, h('span', { class: 'visually-hidden' }, t('notices.details'))),
                  ),
                ),
                body,
              ),
          }),
    );
  } catch (error) {
    replaceContent(content, errorNotice(error));
  }
}

function noticeRow(dispatch: Dispatch): HTMLElement {
  return h(
    'tr',
    { 'data-testid': 'notice-row', 'data-dispatch-id': dispatch.id },
    h('td', {}, dispatch.commissioner.name),
    h('td', {}, dispatch.commissioner.institution),
    h('td', {}, dispatch.enterprise.name),
    h('td', {}, dispatch.enterprise.location),
    h('td', { class: 'nowrap' }, dispatch.notice ? formatDateTime(dispatch.notice.closesAt) : '—'),
    h('td', {}, link(dispatchRoute(dispatch.id), t('notices.view'))),
  );
}
