import {
  openRouteThrottle,
  pageQuery,
  pageRefusals,
  type RouteSpec,
  signedIn,
} from '#shared/api/routeSpec.ts';
import { dispatchStates } from '#shared/dispatch/states.ts';

export const dispatchRoutes = [
  {
    method: 'POST',
    path: '/dispatches',
    handler: 'proposeDispatch',
    response: 'DispatchResponse',
    summary: 'The bureau proposes a commissioner for a verified demand; both parties are asked to accept',
    access: 'signed-in',
    requestBody: async () => (await import('#shared/dispatch/schema.ts')).proposeDispatchSchema,
    responses: {
      201: 'Proposed',
      400: 'Invalid fields, or not a pool commissioner',
      ...signedIn,
      404: 'No such demand',
      409: 'The demand is not verified, or this commissioner was proposed for it before',
    },
  },
  {
    method: 'GET',
    path: '/dispatches',
    handler: 'listDispatches',
    response: 'DispatchListItem',
    summary:
      "A page of dispatches, newest first: the caller's own, or those under public notice (`state=in_notice`), which everyone signed in sees",
    access: 'signed-in',
    paged: true,
    query: pageQuery({
      state: dispatchStates,
      organization: "Only this enterprise's (the bureau; an enterprise may name itself)",
    }),
    responses: { 200: 'A page of dispatches', ...pageRefusals, ...signedIn },
  },
  {
    method: 'GET',
    path: '/dispatches/{id}',
    handler: 'getDispatch',
    response: 'DispatchResponse',
    summary:
      'A dispatch as the caller may read it: the public notice for anyone signed in, the parties’ view for them, every objection and the audit trail for the bureau',
    access: 'signed-in',
    responses: { 200: 'The dispatch', ...signedIn, 404: 'No such dispatch' },
  },
  {
    method: 'GET',
    path: '/dispatches/{id}/objections',
    handler: 'listObjections',
    response: 'ObjectionRecord',
    summary:
      "A page of a dispatch's objections with their objectors, oldest first (the bureau; an objector reads their own in the dispatch)",
    access: 'signed-in',
    paged: true,
    query: pageQuery(),
    responses: {
      200: 'A page of objections',
      ...pageRefusals,
      ...signedIn,
      404: 'No such dispatch',
    },
  },
  {
    method: 'POST',
    path: '/dispatches/{id}/objections',
    throttle: openRouteThrottle,
    handler: 'fileObjection',
    response: 'DispatchResponse',
    summary: 'Object to a dispatch under public notice, with a reason',
    access: 'signed-in',
    requestBody: async () => (await import('#shared/dispatch/schema.ts')).objectionSchema,
    responses: {
      201: 'Filed; the bureau rules on it when the notice closes',
      200: "Your standing objection's reason, changed",
      400: 'No reason given',
      ...signedIn,
      404: 'No such dispatch',
      409: 'The dispatch is not under public notice',
    },
  },
] as const satisfies readonly RouteSpec[];
