import middy from '@middy/core';
import {
  type ApiEvent,
  type ApiResult,
  callerOf,
  json,
  jsonApi,
  jsonBody,
  pathParameter,
} from '#shared/http/jsonApi.ts';
import { submitReport } from '#shared/report/reportService.ts';
import { reportSubmissionSchema } from '#shared/report/schema.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const caller = callerOf(event);
    const id = pathParameter(event, 'id');
    const submission = parseInput(reportSubmissionSchema, jsonBody(event));
    // 202: the workflow records the version after this answers; `report` is as it was read.
    return json(202, await submitReport(caller, id, submission));
  });
