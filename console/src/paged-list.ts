import type { ListQuery } from './api.ts';
import { h, replaceContent } from './dom.ts';
import { labelOf, t } from './i18n.ts';
import type { Page } from './model.ts';
import { errorNotice, loadingNotice } from './ui.ts';

/**
 * A list read a page at a time: the first page's rows, and a "more" button that reads the next
 * page and adds its rows, until the server gives no `nextCursor`.
 */
export function pagedRows<Item>(options: {
  readonly name: string;
  readonly first: Page<Item>;
  readonly next: (cursor: string) => Promise<Page<Item>>;
  readonly row: (item: Item) => HTMLElement;
  /** The table around the rows' body. */
  readonly table: (body: HTMLElement) => HTMLElement;
}): HTMLElement {
  const body = h('tbody', {}, ...options.first.items.map(options.row));
  const shown = h('span', { class: 'muted', 'data-testid': `${options.name}-shown` });
  const errorSlot = h('div', {});
  const more = h('button', { type: 'button', 'data-testid': `more-${options.name}` }, t('list.more'));
  let cursor = options.first.nextCursor;
  const update = () => {
    shown.textContent = t('list.shown', { count: body.childElementCount });
    more.hidden = cursor === undefined;
  };
  more.addEventListener('click', async () => {
    if (cursor === undefined) return;
    more.disabled = true;
    replaceContent(errorSlot);
    try {
      const page = await options.next(cursor);
      body.append(...page.items.map(options.row));
      cursor = page.nextCursor;
    } catch (error) {
      replaceContent(errorSlot, errorNotice(error));
    }
    more.disabled = false;
    update();
  });
  update();
  return h('div', {}, options.table(body), h('div', { class: 'inline-controls' }, shown, more), errorSlot);
}

/**
 * A filtered list: a choice of state above it ("all" first), and the list, read again from its
 * first page whenever the choice changes. `empty` is shown when there is nothing at all.
 */
export function filteredList<Item>(options: {
  readonly name: string;
  readonly states: readonly string[];
  readonly read: (query: ListQuery) => Promise<Page<Item>>;
  readonly row: (item: Item) => HTMLElement;
  readonly table: (body: HTMLElement) => HTMLElement;
  readonly empty: string;
}): HTMLElement {
  const list = h('div', {}, loadingNotice());
  const select = h(
    'select',
    { 'data-testid': `${options.name}-state-filter`, 'aria-label': t('list.stateFilter') },
    h('option', { value: '' }, t('list.allStates')),
    ...options.states.map((state) => h('option', { value: state }, labelOf('state', state))),
  ) as HTMLSelectElement;
  const show = async () => {
    const state = select.value === '' ? undefined : select.value;
    replaceContent(list, loadingNotice());
    try {
      const first = await options.read(state === undefined ? {} : { state });
      replaceContent(
        list,
        first.items.length === 0 && first.nextCursor === undefined
          ? h('p', { class: 'empty' }, state === undefined ? options.empty : t('list.noneInState'))
          : pagedRows({
              name: options.name,
              first,
              next: (cursor) => options.read({ ...(state === undefined ? {} : { state }), cursor }),
              row: options.row,
              table: options.table,
            }),
      );
    } catch (error) {
      replaceContent(list, errorNotice(error));
    }
  };
  select.addEventListener('change', () => void show());
  void show();
  return h(
    'div',
    {},
    h('div', { class: 'inline-controls' }, h('label', {}, t('list.stateFilter'), ' ', select)),
    list,
  );
}
