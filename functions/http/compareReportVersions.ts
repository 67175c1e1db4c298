import middy from '@middy/core';
import { ValidationError } from '#shared/errors.ts';
import {
  type ApiEvent,
  type ApiResult,
  callerOf,
  json,
  jsonApi,
  pathParameter,
} from '#shared/http/jsonApi.ts';
import { compareReportVersions } from '#shared/report/reportService.ts';

/** A version number from the query string, or a 400 naming the parameter. */
function versionNumber(event: ApiEvent, name: 'from' | 'to'): number {
  const value = Number(event.queryStringParameters?.[name]);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ValidationError([{ field: name, reason: 'must be a version number (1, 2, ...)' }]);
  }
  return value;
}

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const comparison = await compareReportVersions(
      caller,
      pathParameter(event, 'id'),
      versionNumber(event, 'from'),
      versionNumber(event, 'to'),
    );
    return json(200, { comparison });
  });
