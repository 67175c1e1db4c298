import { organizationFilterLength } from '#shared/limits.ts';
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

/** The filters a list's route takes that this reader may use: a year (YYYY), an organisation (the bureau's). */
export interface ListFilterChoice {
  readonly year?: boolean;
  readonly organization?: boolean;
}

/** The filters kept in the route's `?…`, so that a reload or a shared link shows the same page. */
function filtersInHash(): URLSearchParams {
  const hash = location.hash;
  const at = hash.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : hash.slice(at + 1));
}

function keepFiltersInHash(query: ListQuery): void {
  const route = location.hash.replace(/^#/, '').replace(/\?.*$/, '');
  const parameters = new URLSearchParams();
  for (const key of ['state', 'year', 'organization'] as const) {
    const value = query[key];
    if (value !== undefined) parameters.set(key, value);
  }
  const text = parameters.toString();
  // Replaced, not assigned: assigning would fire hashchange and render the whole page again.
  history.replaceState(history.state, '', `#${route}${text === '' ? '' : `?${text}`}`);
}

/**
 * A filtered list: a choice of state ("all" first), and where the route takes them and the reader
 * may use them a year and an organisation, all kept in the route's `?…`; the list is read again
 * from its first page whenever they change, and "more" goes on with the same filters. A filter
 * the server would refuse is named beside it and not sent. `empty` is shown when there is nothing at all.
 */
export function filteredList<Item>(options: {
  readonly name: string;
  readonly states: readonly string[];
  readonly filters?: ListFilterChoice;
  readonly read: (query: ListQuery) => Promise<Page<Item>>;
  readonly row: (item: Item) => HTMLElement;
  readonly table: (body: HTMLElement) => HTMLElement;
  readonly empty: string;
}): HTMLElement {
  const list = h('div', {}, loadingNotice());
  const kept = filtersInHash();
  const select = h(
    'select',
    { 'data-testid': `${options.name}-state-filter`, 'aria-label': t('list.stateFilter') },
    h('option', { value: '' }, t('list.allStates')),
    ...options.states.map((state) => h('option', { value: state }, labelOf('state', state))),
  ) as HTMLSelectElement;
  const keptState = kept.get('state');
  if (keptState !== null && options.states.includes(keptState)) select.value = keptState;
  const year = options.filters?.year
    ? (h('input', {
        type: 'text',
        inputmode: 'numeric',
        maxlength: 4,
        size: 6,
        placeholder: t('list.yearPlaceholder'),
        autocomplete: 'off',
        'data-testid': `${options.name}-year-filter`,
        'aria-label': t('list.yearFilter'),
        value: kept.get('year') ?? '',
      }) as HTMLInputElement)
    : undefined;
  const organization = options.filters?.organization
    ? (h('input', {
        type: 'text',
        maxlength: organizationFilterLength.max,
        autocomplete: 'off',
        'data-testid': `${options.name}-organization-filter`,
        'aria-label': t('list.organizationFilter'),
        value: kept.get('organization') ?? '',
      }) as HTMLInputElement)
    : undefined;
  const problem = h('span', {
    class: 'field-error',
    role: 'alert',
    'data-testid': `${options.name}-filter-error`,
  });
  const chosen = (): ListQuery | undefined => {
    const query: ListQuery = {};
    if (select.value !== '') query.state = select.value;
    const yearText = year?.value.trim() ?? '';
    if (yearText !== '') {
      if (!/^\d{4}$/.test(yearText)) {
        problem.textContent = t('list.yearInvalid');
        return undefined;
      }
      query.year = yearText;
    }
    const organizationText = organization?.value.trim() ?? '';
    if (organizationText !== '') query.organization = organizationText;
    problem.textContent = '';
    return query;
  };
  const show = async (filters: ListQuery) => {
    const byStateOnly = filters.state !== undefined && filters.year === undefined && !filters.organization;
    const filtered = Object.keys(filters).length > 0;
    replaceContent(list, loadingNotice());
    try {
      const first = await options.read(filters);
      replaceContent(
        list,
        first.items.length === 0 && first.nextCursor === undefined
          ? h(
              'p',
              { class: 'empty' },
              byStateOnly ? t('list.noneInState') : filtered ? t('list.noneMatching') : options.empty,
            )
          : pagedRows({
              name: options.name,
              first,
              next: (cursor) => options.read({ ...filters, cursor }),
              row: options.row,
              table: options.table,
            }),
      );
    } catch (error) {
      replaceContent(list, errorNotice(error));
    }
  };
  const apply = () => {
    const filters = chosen();
    if (filters === undefined) return;
    keepFiltersInHash(filters);
    void show(filters);
  };
  const form = h(
    'form',
    { class: 'inline-controls', 'data-testid': `${options.name}-filters` },
    h('label', {}, t('list.stateFilter'), ' ', select),
    year ? h('label', {}, t('list.yearFilter'), ' ', year) : null,
    organization ? h('label', {}, t('list.organizationFilter'), ' ', organization) : null,
    year || organization
      ? h(
          'button',
          { type: 'submit', 'data-testid': `${options.name}-apply-filters` },
          t('list.applyFilters'),
        )
      : null,
    problem,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  select.addEventListener('change', apply);
  const initial = chosen();
  if (initial === undefined) replaceContent(list);
  else void show(initial);
  return h('div', {}, form, list);
}
