import {
  openRouteThrottle,
  pageQuery,
  pageRefusals,
  type RouteSpec,
  signedIn,
} from '#shared/api/routeSpec.ts';
import { applicationStates } from '#shared/application/states.ts';
import { maxRevisions } from '#shared/records/revisions.ts';

export const applicationRoutes = [
  {
    method: 'POST',
    path: '/applications',
    throttle: openRouteThrottle,
    handler: 'submitApplication',
    response: 'ApplicationResponse',
    summary: 'Apply to become a commissioner; starts the application workflow',
    access: 'signed-in',
    requestBody: async () => (await import('#shared/application/schema.ts')).applicationFormSchema,
    idempotencyKey: true,
    responses: {
      201: 'Submitted',
      200: 'A replay of an earlier submission with the same Idempotency-Key',
      400: 'Invalid fields',
      ...signedIn,
      409: 'The Idempotency-Key was used for a different application',
    },
  },
  {
    method: 'GET',
    path: '/applications',
    handler: 'listApplications',
    response: 'ApplicationSummary',
    summary:
      "A page of the caller's applications, newest first (an institution's: its experts'; the bureau: all, by last change; filtered, by submission)",
    access: 'signed-in',
    paged: true,
    query: pageQuery({
      state: applicationStates,
      year: 'Only those submitted in this year (YYYY)',
      organization: "Only this institution's (the bureau; a research office may name its own)",
    }),
    responses: { 200: 'A page of application summaries', ...pageRefusals, ...signedIn },
  },
  {
    method: 'GET',
    path: '/applications/{id}',
    handler: 'getApplication',
    response: 'ApplicationResponse',
    summary: 'An application with every revision; its audit trail for the bureau',
    access: 'signed-in',
    responses: { 200: 'The application', ...signedIn, 404: 'No such application' },
  },
  {
    method: 'PUT',
    path: '/applications/{id}',
    handler: 'resubmitApplication',
    response: 'ApplicationResponse',
    status: 202,
    summary: 'Resubmit a returned application (a new revision; earlier ones are kept)',
    access: 'signed-in',
    requestBody: async () => (await import('#shared/application/schema.ts')).resubmitApplicationSchema,
    responses: {
      202: 'Resubmitted; the workflow records the new revision a moment later',
      400: 'Invalid fields',
      ...signedIn,
      404: 'No such application',
      409: `Not returned, edited from a stale revision, or at the limit of ${maxRevisions} revisions`,
    },
  },
] as const satisfies readonly RouteSpec[];
