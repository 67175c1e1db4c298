import { agreementStates } from '#shared/agreement/states.ts';
import { pageQuery, pageRefusals, type RouteSpec, signedIn } from '#shared/api/routeSpec.ts';

export const agreementRoutes = [
  {
    method: 'POST',
    path: '/agreements',
    handler: 'draftAgreement',
    response: 'AgreementChanged',
    summary: 'The bureau drafts the agreement of a dispatch; the three parties are asked to sign',
    access: 'signed-in',
    requestBody: async () => (await import('#shared/agreement/schema.ts')).draftAgreementSchema,
    responses: {
      201: 'Drafted',
      400: 'Invalid fields (dates, goals, cadence)',
      ...signedIn,
      409: 'The dispatch is not dispatched, or has an agreement already',
    },
  },
  {
    method: 'GET',
    path: '/agreements',
    handler: 'listAgreements',
    response: 'AgreementListItem',
    summary:
      "A page of the caller's agreements, newest first (the bureau: all, by last change; filtered, by drafting)",
    access: 'signed-in',
    paged: true,
    query: pageQuery({
      state: agreementStates,
      year: 'Only those drafted in this year (YYYY)',
      organization: 'Only those of this institution or enterprise (the bureau; a party may name its own)',
    }),
    responses: { 200: 'A page of agreements', ...pageRefusals, ...signedIn },
  },
  {
    method: 'GET',
    path: '/agreements/{id}',
    handler: 'getAgreement',
    response: 'AgreementResponse',
    summary:
      'An agreement: terms, signatures (who, when, the terms hash), report periods with their status once active, and accepted totals against the goals',
    access: 'signed-in',
    responses: { 200: 'The agreement', ...signedIn, 404: 'No such agreement' },
  },
  {
    method: 'POST',
    path: '/agreements/{id}/cadence',
    handler: 'changeCadence',
    response: 'AgreementChanged',
    summary: "The bureau changes an active agreement's reporting cadence, from the next period on",
    access: 'signed-in',
    requestBody: async () => (await import('#shared/report/schema.ts')).changeCadenceSchema,
    responses: {
      200: 'Changed; the periods not yet open are replaced',
      400: 'Unknown cadence, the same cadence, or no reason',
      ...signedIn,
      404: 'No such agreement',
      409: 'The agreement is not active, its term has ended, or its cadence changed 12 times already',
    },
  },
] as const satisfies readonly RouteSpec[];
