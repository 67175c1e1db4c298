import { type FieldProblem, ValidationError } from '#shared/errors.ts';
import type { ApiEvent } from '#shared/http/jsonApi.ts';
import { type PageSize, parseLimit } from '#shared/http/pageCursor.ts';
import { organizationFilterLength } from '#shared/limits.ts';
import type { ListFilters, PageRequest } from '#shared/records/pagedList.ts';

/** A page size that suits the console's lists: a screenful, and at most what one response should carry. */
export const listPageSize: PageSize = { defaultLimit: 50, maxLimit: 200 };

/**
 * The page asked for (`limit`, `cursor`) and the list's filters, each checked: a 400 names the
 * parameter and why. A state is checked against `states` when the list has that filter.
 */
export function listRequestOf(
  event: ApiEvent,
  filters: { readonly states?: readonly string[]; readonly year?: boolean; readonly organization?: boolean },
  size: PageSize = listPageSize,
): { page: PageRequest; filters: ListFilters } {
  const { limit, cursor, state, year, organization } = event.queryStringParameters ?? {};
  const problems: FieldProblem[] = [];
  let pageLimit = size.defaultLimit;
  try {
    pageLimit = parseLimit(limit, size);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...error.fields);
  }
  if (cursor === '')
    problems.push({ field: 'cursor', reason: 'is not a cursor this list gave', code: 'notACursor' });
  const chosen: { state?: string; year?: string; organization?: string } = {};
  if (state !== undefined) {
    if (!filters.states)
      problems.push({ field: 'state', reason: 'this list has no state filter', code: 'noSuchFilter' });
    else if (!filters.states.includes(state)) {
      problems.push({
        field: 'state',
        reason: `must be one of ${filters.states.join(', ')}`,
        code: 'notOneOf',
        params: { values: filters.states.join(', ') },
      });
    } else chosen.state = state;
  }
  if (year !== undefined) {
    if (!filters.year)
      problems.push({ field: 'year', reason: 'this list has no year filter', code: 'noSuchFilter' });
    else if (!/^\d{4}$/.test(year))
      problems.push({ field: 'year', reason: 'must be a year, written YYYY', code: 'yearFormat' });
    else chosen.year = year;
  }
  if (organization !== undefined) {
    const trimmed = organization.trim();
    if (!filters.organization) {
      problems.push({
        field: 'organization',
        reason: 'this list has no organization filter',
        code: 'noSuchFilter',
      });
    } else if (
      trimmed.length < organizationFilterLength.min ||
      trimmed.length > organizationFilterLength.max
    ) {
      problems.push({
        field: 'organization',
        reason: `must be an organisation's name, ${organizationFilterLength.min} to ${organizationFilterLength.max} characters`,
        code: 'lengthOutOfRange',
        params: { minimum: organizationFilterLength.min, maximum: organizationFilterLength.max },
      });
    } else chosen.organization = trimmed;
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return { page: { limit: pageLimit, ...(cursor ? { cursor } : {}) }, filters: chosen };
}
