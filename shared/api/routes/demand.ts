import { pageQuery, pageRefusals, type RouteSpec, signedIn } from '#shared/api/routeSpec.ts';
import { demandStates } from '#shared/demand/states.ts';
import { maxRevisions } from '#shared/records/revisions.ts';

export const demandRoutes = [
  {
    method: 'POST',
    path: '/demands',
    handler: 'postDemand',
    response: 'DemandResponse',
    summary: 'An enterprise posts a technical demand; starts its verification',
    access: 'signed-in',
    requestBody: async () => (await import('#shared/demand/schema.ts')).demandFormSchema,
    idempotencyKey: true,
    responses: {
      201: 'Posted',
      200: 'A replay of an earlier request with the same Idempotency-Key',
      400: 'Invalid fields (a credit code with a wrong check character, say)',
      ...signedIn,
      409: 'The Idempotency-Key was used for a different demand',
    },
  },
  {
    method: 'GET',
    path: '/demands',
    handler: 'listDemands',
    response: 'DemandSummary',
    summary:
      "A page of the enterprise's demands, newest first (the bureau: all, by last change; filtered, by posting)",
    access: 'signed-in',
    paged: true,
    query: pageQuery({
      state: demandStates,
      year: 'Only those posted in this year (YYYY)',
      organization: "Only this enterprise's (the bureau; an enterprise may name itself)",
    }),
    responses: { 200: 'A page of demand summaries', ...pageRefusals, ...signedIn },
  },
  {
    method: 'GET',
    path: '/demands/{id}',
    handler: 'getDemand',
    response: 'DemandResponse',
    summary: 'A demand with every revision; its audit trail for the bureau',
    access: 'signed-in',
    responses: { 200: 'The demand', ...signedIn, 404: 'No such demand' },
  },
  {
    method: 'PUT',
    path: '/demands/{id}',
    handler: 'resubmitDemand',
    response: 'DemandResponse',
    status: 202,
    summary: 'Resubmit a returned demand (a new revision; earlier ones are kept)',
    access: 'signed-in',
    requestBody: async () => (await import('#shared/demand/schema.ts')).resubmitDemandSchema,
    responses: {
      202: 'Resubmitted; the workflow records the new revision a moment later',
      400: 'Invalid fields',
      ...signedIn,
      404: 'No such demand',
      409: `Not returned, edited from a stale revision, or at the limit of ${maxRevisions} revisions`,
    },
  },
  {
    method: 'GET',
    path: '/demands/{id}/candidates',
    handler: 'listCandidates',
    response: 'Candidate',
    summary:
      'A page of the pool ranked for a verified demand, best first, each score explained (the bureau). The ranking is computed whole on each read; a cursor goes on after the last candidate it gave and is refused on another demand',
    access: 'signed-in',
    paged: true,
    query: pageQuery(),
    responses: {
      200: 'A page of ranked candidates',
      ...pageRefusals,
      ...signedIn,
      404: 'No such demand',
      409: 'The demand is not verified',
    },
  },
] as const satisfies readonly RouteSpec[];
