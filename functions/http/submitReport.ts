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
    return json(202, { report: await submitReport(caller, id, submission) });
  });
