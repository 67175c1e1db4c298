import middy from '@middy/core';
import {
  type ApiEvent,
  type ApiResult,
  callerOf,
  json,
  jsonApi,
  lacksSecondFactor,
} from '#shared/http/jsonApi.ts';

/**
 * Who the caller is and what they may do, as the membership says: the console shows what follows
 * from it. A disabled member never gets here (the middleware answers 403), so the state is active.
 * A bureau or panel member signed in without a second factor learns that they need one.
 */
export const handler = middy<ApiEvent, ApiResult>()
  .use(jsonApi())
  .handler(async (event) =>
    json(200, {
      ...callerOf(event),
      state: 'active',
      ...(lacksSecondFactor(event) ? { secondFactorRequired: true } : {}),
    }),
  );
