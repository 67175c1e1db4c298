import { describe, expect, it } from 'vitest';
import {
  bureauOnly,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  noSuchRecord,
  notYours,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
} from '#shared/errors.ts';
import { errorResponse } from '#shared/http/errorResponse.ts';
import { nextReportState } from '#shared/report/states.ts';

describe('errorResponse', () => {
  it('maps a ValidationError to 400 with each failing field', () => {
    // Arrange
    const fields = [
      {
        field: 'phone',
        reason: 'must be an 11-digit mainland China mobile number',
        code: 'notMobile' as const,
      },
      { field: 'technicalFields.0', reason: 'must not be empty', code: 'empty' as const },
    ];

    // Act
    const response = errorResponse(new ValidationError(fields));

    // Assert
    expect(response).toEqual({
      statusCode: 400,
      body: { error: 'ValidationError', message: expect.any(String), fields },
    });
  });

  it.each([
    [401, 'Unauthorized', new UnauthorizedError('Sign in first')],
    [403, 'Forbidden', new ForbiddenError('A applicant may not approve an application')],
    [404, 'NotFound', new NotFoundError('No application a-1')],
    [409, 'Conflict', new ConflictError('Already completed')],
    [429, 'TooManyRequests', new TooManyRequestsError('At most 30 a day')],
  ] as const)('maps to %i %s with the error message', (statusCode, error, thrown) => {
    // Act
    const response = errorResponse(thrown);

    // Assert
    expect(response).toEqual({ statusCode, body: { error, message: thrown.message } });
  });

  it.each([
    [404, noSuchRecord('report', 'a.period-9'), { code: 'noSuchRecord', params: { record: 'report' } }],
    [403, notYours('demand'), { code: 'notYours', params: { record: 'demand' } }],
    [403, bureauOnly('drafts agreements'), { code: 'bureauOnly' }],
    [
      409,
      new ConflictError('a report in state accepted does not allow "submit"', {
        code: 'notInThisState',
        params: { state: 'accepted' },
      }),
      { code: 'notInThisState', params: { state: 'accepted' } },
    ],
  ] as const)(
    'gives a coded %i its code and parameters beside the English message',
    (statusCode, thrown, coded) => {
      expect(errorResponse(thrown)).toEqual({
        statusCode,
        body: { error: expect.any(String), message: thrown.message, ...coded },
      });
    },
  );

  it('codes the refusal of a transition the state does not allow, with the state', () => {
    const thrown = (() => {
      try {
        nextReportState('accepted', 'commissioner', 'submit');
      } catch (error) {
        return error;
      }
    })();
    expect(errorResponse(thrown).body).toMatchObject({
      code: 'notInThisState',
      params: { state: 'accepted' },
    });
  });

  it.each([
    ['an Error', new Error('connect ECONNREFUSED 10.0.0.7:8000 table commissioner-prod')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'secret')")],
    [
      'an Error named like a domain error',
      Object.assign(new Error('secret detail'), { name: 'ConflictError' }),
    ],
    ['a thrown string', 'secret detail'],
  ])('maps %s to 500 without its message', (_case, thrown) => {
    // Act
    const response = errorResponse(thrown);

    // Assert
    expect(response.statusCode).toBe(500);
    expect(response.body.error).toBe('InternalError');
    expect(JSON.stringify(response)).not.toMatch(/secret|ECONNREFUSED|commissioner-prod/);
  });
});
