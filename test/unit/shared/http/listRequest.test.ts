import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/errors.ts';
import type { ApiEvent } from '#shared/http/jsonApi.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';

const eventWith = (query: Record<string, string>) =>
  ({ queryStringParameters: query }) as unknown as ApiEvent;
const every = { states: ['open', 'closed'], year: true, organization: true };

function fieldsOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  throw new Error('no ValidationError');
}

describe('listRequestOf', () => {
  it('gives 50 a page and no filter when nothing is asked', () => {
    expect(listRequestOf(eventWith({}), every)).toEqual({ page: { limit: 50 }, filters: {} });
  });

  it('takes the page and each filter the list has, the organisation trimmed', () => {
    const query = { limit: '200', cursor: 'abc', state: 'closed', year: '2026', organization: ' 甲大学 ' };
    expect(listRequestOf(eventWith(query), every)).toEqual({
      page: { limit: 200, cursor: 'abc' },
      filters: { state: 'closed', year: '2026', organization: '甲大学' },
    });
  });

  it('names every bad parameter at once, with why', () => {
    const query = { limit: '201', cursor: '', state: 'ajar', year: '26', organization: ' ' };
    expect(fieldsOf(() => listRequestOf(eventWith(query), every))).toEqual([
      {
        field: 'limit',
        reason: 'must be a whole number from 1 to 200',
        code: 'outOfRange',
        params: { minimum: 1, maximum: 200 },
      },
      { field: 'cursor', reason: 'is not a cursor this list gave', code: 'notACursor' },
      {
        field: 'state',
        reason: 'must be one of open, closed',
        code: 'notOneOf',
        params: { values: 'open, closed' },
      },
      { field: 'year', reason: 'must be a year, written YYYY', code: 'yearFormat' },
      {
        field: 'organization',
        reason: "must be an organisation's name, 1 to 200 characters",
        code: 'lengthOutOfRange',
        params: { minimum: 1, maximum: 200 },
      },
    ]);
  });

  it('refuses a filter the list does not have', () => {
    expect(
      fieldsOf(() => listRequestOf(eventWith({ state: 'open', year: '2026', organization: 'x' }), {})),
    ).toEqual([
      { field: 'state', reason: 'this list has no state filter', code: 'noSuchFilter' },
      { field: 'year', reason: 'this list has no year filter', code: 'noSuchFilter' },
      { field: 'organization', reason: 'this list has no organization filter', code: 'noSuchFilter' },
    ]);
  });
});
