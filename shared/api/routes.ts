import type * as z from 'zod';
import { draftAgreementSchema } from '#shared/agreement/schema.ts';
import { agreementStates } from '#shared/agreement/states.ts';
import { applicationFormSchema, resubmitApplicationSchema } from '#shared/application/schema.ts';
import { applicationStates } from '#shared/application/states.ts';
import { assessmentPageSize } from '#shared/assessment/assessmentService.ts';
import { openAssessmentsSchema, ratingSchema, rubricSchema } from '#shared/assessment/schema.ts';
import {
  nominationsSchema,
  openRoundSchema,
  panelSchema,
  panelScoreSchema,
} from '#shared/commendation/schema.ts';
import { roundStates } from '#shared/commendation/states.ts';
import { demandFormSchema, resubmitDemandSchema } from '#shared/demand/schema.ts';
import { demandStates } from '#shared/demand/states.ts';
import { objectionSchema, proposeDispatchSchema } from '#shared/dispatch/schema.ts';
import { dispatchStates } from '#shared/dispatch/states.ts';
import { listPageSize } from '#shared/http/listRequest.ts';
import type { PageSize } from '#shared/http/pageCursor.ts';
import {
  changeMembershipSchema,
  inviteSchema,
  membershipReasonSchema,
  peoplePageSize,
} from '#shared/membership/schema.ts';
import { maxRevisions } from '#shared/records/revisions.ts';
import { changeCadenceSchema, reportSubmissionSchema } from '#shared/report/schema.ts';
import { reportStates } from '#shared/report/states.ts';
import { completeTaskSchema } from '#shared/tasks/schema.ts';

/** The handlers behind the HTTP API; infra grants each exactly what it touches. */
export const httpHandlers = [
  'getHealth',
  'getOpenApi',
  'submitApplication',
  'listApplications',
  'getApplication',
  'resubmitApplication',
  'listTasks',
  'getTask',
  'completeTask',
  'postDemand',
  'listDemands',
  'getDemand',
  'resubmitDemand',
  'listCandidates',
  'proposeDispatch',
  'listDispatches',
  'getDispatch',
  'fileObjection',
  'draftAgreement',
  'listAgreements',
  'getAgreement',
  'changeCadence',
  'listReports',
  'getReport',
  'submitReport',
  'compareReportVersions',
  'getStats',
  'getStatsCsv',
  'openAssessments',
  'getAssessmentOpening',
  'listAssessments',
  'getAssessment',
  'rateCommissioner',
  'getRubric',
  'putRubric',
  'openCommendationRound',
  'listCommendationRounds',
  'getCommendationRound',
  'nominateForCommendation',
  'assignCommendationPanel',
  'startCommendationScoring',
  'scoreCommendationNominee',
  'getPublishedCommendations',
  'getMe',
  'listPeople',
  'invitePeopleMember',
  'getPeopleMember',
  'changePeopleMember',
  'setPeopleMemberState',
] as const;
export type HttpHandler = (typeof httpHandlers)[number];

/** API Gateway's token bucket for a route: requests a second, steadily and in a burst. */
export interface Throttle {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** Every route's own bucket unless it names one: far above what a district programme sends. */
export const stageThrottle: Throttle = { ratePerSecond: 50, burst: 100 };

/**
 * Routes anyone may call (public, or open to every signed-in person, who need not be a
 * member): a flood there reaches no bureau-only code, and each person's own use is also
 * counted per day where the route writes.
 */
export const openRouteThrottle: Throttle = { ratePerSecond: 20, burst: 50 };

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** API Gateway path syntax, e.g. `/applications/{id}`. */
  readonly path: string;
  readonly handler: HttpHandler;
  readonly summary: string;
  /** `public` routes have no authorizer; every other route needs a signed-in user. */
  readonly access: 'public' | 'signed-in';
  readonly requestBody?: z.ZodType;
  /** Status codes this route answers with, and what each means. */
  readonly responses: Readonly<Record<number, string>>;
  readonly idempotencyKey?: boolean;
  /** What a 200 answers with. @default 'application/json' */
  readonly produces?: 'text/csv';
  /** This route's bucket. @default stageThrottle */
  readonly throttle?: Throttle;
  /** Query-string parameters, by name. */
  readonly query?: Readonly<Record<string, { readonly required: boolean; readonly description: string }>>;
  /** A list read a page at a time: a 200 answers `{ items, nextCursor? }`. */
  readonly paged?: true;
}

type QuerySpec = NonNullable<RouteSpec['query']>;

/** The page parameters of a list, and the filters it has (each described for this list). */
function pageQuery(
  filters: { state?: readonly string[]; year?: string; organization?: string } = {},
  size: PageSize = listPageSize,
): QuerySpec {
  return {
    limit: {
      required: false,
      description: `Items a page holds at most: 1 to ${size.maxLimit}, ${size.defaultLimit} when not given`,
    },
    cursor: {
      required: false,
      description: "The previous page's `nextCursor`, with the same filters, to read the page after it",
    },
    ...(filters.state
      ? { state: { required: false, description: `Only those in this state: ${filters.state.join(', ')}` } }
      : {}),
    ...(filters.year ? { year: { required: false, description: filters.year } } : {}),
    ...(filters.organization ? { organization: { required: false, description: filters.organization } } : {}),
  };
}

const pageRefusals = {
  400: 'A limit out of range, a cursor this list did not give for these filters, or a bad filter (each named)',
} as const;

const signedIn = {
  401: 'No valid token',
  403: 'Not allowed for this caller',
  429: 'Too many requests: try again later',
} as const;

/** Every route of the API: the cloud HTTP API, the embedded runtime and the OpenAPI document all come from here. */
export const routes: readonly RouteSpec[] = [
  {
    method: 'GET',
    path: '/health',
    throttle: openRouteThrottle,
    handler: 'getHealth',
    summary: 'Answers 200 when the system is up',
    access: 'public',
    responses: { 200: 'Up', 429: 'Too many requests: try again later' },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    throttle: openRouteThrottle,
    handler: 'getOpenApi',
    summary: 'This document',
    access: 'public',
    responses: { 200: 'The OpenAPI document', 429: 'Too many requests: try again later' },
  },
  {
    method: 'POST',
    path: '/applications',
    throttle: openRouteThrottle,
    handler: 'submitApplication',
    summary: 'Apply to become a commissioner; starts the application workflow',
    access: 'signed-in',
    requestBody: applicationFormSchema,
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
    summary: 'An application with every revision; its audit trail for the bureau',
    access: 'signed-in',
    responses: { 200: 'The application', ...signedIn, 404: 'No such application' },
  },
  {
    method: 'PUT',
    path: '/applications/{id}',
    handler: 'resubmitApplication',
    summary: 'Resubmit a returned application (a new revision; earlier ones are kept)',
    access: 'signed-in',
    requestBody: resubmitApplicationSchema,
    responses: {
      202: 'Resubmitted; the workflow records the new revision a moment later',
      400: 'Invalid fields',
      ...signedIn,
      404: 'No such application',
      409: `Not returned, edited from a stale revision, or at the limit of ${maxRevisions} revisions`,
    },
  },
  {
    method: 'GET',
    path: '/tasks',
    handler: 'listTasks',
    summary: "A page of the caller's pending human tasks, oldest first (the bureau: every open task)",
    access: 'signed-in',
    paged: true,
    query: pageQuery(),
    responses: { 200: 'A page of open tasks with their age and assignee', ...pageRefusals, ...signedIn },
  },
  {
    method: 'GET',
    path: '/tasks/{id}',
    handler: 'getTask',
    summary: 'One task',
    access: 'signed-in',
    responses: { 200: 'The task', ...signedIn, 404: 'No such task' },
  },
  {
    method: 'POST',
    path: '/tasks/{id}/complete',
    handler: 'completeTask',
    summary: 'Complete a human step with a decision and, where required, a reason',
    access: 'signed-in',
    requestBody: completeTaskSchema,
    responses: {
      200: 'Completed; the workflow moves on',
      400: 'Invalid decision or missing reason',
      ...signedIn,
      404: 'No such task',
      409: 'Already completed, or its deadline just passed',
    },
  },
  {
    method: 'POST',
    path: '/demands',
    handler: 'postDemand',
    summary: 'An enterprise posts a technical demand; starts its verification',
    access: 'signed-in',
    requestBody: demandFormSchema,
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
    summary: 'A demand with every revision; its audit trail for the bureau',
    access: 'signed-in',
    responses: { 200: 'The demand', ...signedIn, 404: 'No such demand' },
  },
  {
    method: 'PUT',
    path: '/demands/{id}',
    handler: 'resubmitDemand',
    summary: 'Resubmit a returned demand (a new revision; earlier ones are kept)',
    access: 'signed-in',
    requestBody: resubmitDemandSchema,
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
  {
    method: 'POST',
    path: '/dispatches',
    handler: 'proposeDispatch',
    summary: 'The bureau proposes a commissioner for a verified demand; both parties are asked to accept',
    access: 'signed-in',
    requestBody: proposeDispatchSchema,
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
    summary:
      'A dispatch as the caller may read it: the public notice for anyone signed in, the parties’ view for them, every objection and the audit trail for the bureau',
    access: 'signed-in',
    responses: { 200: 'The dispatch', ...signedIn, 404: 'No such dispatch' },
  },
  {
    method: 'GET',
    path: '/dispatches/{id}/objections',
    // The dispatch's own function, which pages the objections its detail begins: one function fewer in the stack.
    handler: 'getDispatch',
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
    summary: 'Object to a dispatch under public notice, with a reason',
    access: 'signed-in',
    requestBody: objectionSchema,
    responses: {
      201: 'Filed; the bureau rules on it when the notice closes',
      400: 'No reason given',
      ...signedIn,
      404: 'No such dispatch',
      409: 'The dispatch is not under public notice',
    },
  },
  {
    method: 'POST',
    path: '/agreements',
    handler: 'draftAgreement',
    summary: 'The bureau drafts the agreement of a dispatch; the three parties are asked to sign',
    access: 'signed-in',
    requestBody: draftAgreementSchema,
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
    summary:
      'An agreement: terms, signatures (who, when, the terms hash), report periods with their status once active, and accepted totals against the goals',
    access: 'signed-in',
    responses: { 200: 'The agreement', ...signedIn, 404: 'No such agreement' },
  },
  {
    method: 'POST',
    path: '/agreements/{id}/cadence',
    handler: 'changeCadence',
    summary: "The bureau changes an active agreement's reporting cadence, from the next period on",
    access: 'signed-in',
    requestBody: changeCadenceSchema,
    responses: {
      200: 'Changed; the periods not yet open are replaced',
      400: 'Unknown cadence, the same cadence, or no reason',
      ...signedIn,
      404: 'No such agreement',
      409: 'The agreement is not active, its term has ended, or its cadence changed 12 times already',
    },
  },
  {
    method: 'GET',
    path: '/reports',
    handler: 'listReports',
    summary: 'A page of the report periods of an agreement, first period first, each with its status',
    access: 'signed-in',
    paged: true,
    query: {
      agreementId: { required: true, description: 'The agreement whose periods to list' },
      ...pageQuery({ state: reportStates, year: 'Only the periods that begin in this year (YYYY)' }),
    },
    responses: {
      200: 'A page of reports',
      400: `No agreementId; or ${pageRefusals[400].toLowerCase()}`,
      ...signedIn,
      404: 'No such agreement',
    },
  },
  {
    method: 'GET',
    path: '/reports/{id}',
    handler: 'getReport',
    summary: "A period's report: every submitted version; its audit trail for the bureau",
    access: 'signed-in',
    responses: { 200: 'The report', ...signedIn, 404: 'No such report' },
  },
  {
    method: 'POST',
    path: '/reports/{id}/versions',
    handler: 'submitReport',
    summary:
      'The commissioner submits (or revises) the report of an open period; the enterprise is then asked to confirm it',
    access: 'signed-in',
    requestBody: reportSubmissionSchema,
    responses: {
      202: 'Submitted; the workflow keeps it as a new version',
      400: 'Invalid counts, narrative or evidence, each field named',
      ...signedIn,
      404: 'No such report',
      409: 'The period is not open for a submission',
    },
  },
  {
    method: 'GET',
    path: '/reports/{id}/compare',
    handler: 'compareReportVersions',
    summary: 'What changed between two versions of a report',
    access: 'signed-in',
    query: {
      from: { required: true, description: 'The earlier version number (1, 2, ...)' },
      to: { required: true, description: 'The later version number' },
    },
    responses: { 200: 'The changes', 400: 'Not versions of this report', ...signedIn, 404: 'No such report' },
  },
  {
    method: 'GET',
    path: '/stats',
    handler: 'getStats',
    summary:
      'Programme statistics from accepted reports: totals, by year, by institution and by commissioner, with a summary paragraph in Chinese and English',
    access: 'signed-in',
    query: { year: { required: false, description: 'One year (YYYY) instead of all years' } },
    responses: { 200: 'The statistics', 400: 'Not a year', ...signedIn },
  },
  {
    method: 'GET',
    path: '/stats.csv',
    handler: 'getStatsCsv',
    summary: 'The same statistics as one CSV table',
    access: 'signed-in',
    produces: 'text/csv',
    query: { year: { required: false, description: 'One year (YYYY) instead of all years' } },
    responses: { 200: 'The statistics as CSV', 400: 'Not a year', ...signedIn },
  },
  {
    method: 'POST',
    path: '/assessments',
    handler: 'openAssessments',
    summary:
      "The bureau opens a programme year's assessment: a workflow named by the year pages through the agreements and opens one assessment per agreement in force that year; each enterprise is asked to rate. Asking again while it runs is the same run; after a failure it resumes where it stopped",
    access: 'signed-in',
    requestBody: openAssessmentsSchema,
    responses: {
      202: 'The opening runs (or already ran up to this point); follow it at the Location given',
      400: 'Not a year',
      ...signedIn,
      409: "The year's opening finished already: a year is opened once",
    },
  },
  {
    method: 'GET',
    path: '/assessments/openings/{year}',
    handler: 'getAssessmentOpening',
    summary: "How far a year's opening has come: pages done, assessments opened so far, finished or failed",
    access: 'signed-in',
    responses: { 200: 'The opening', 400: 'Not a year', ...signedIn, 404: 'The year was not opened' },
  },
  {
    method: 'GET',
    path: '/assessments',
    handler: 'listAssessments',
    summary:
      "A page of a year's assessments in agreement order, as summaries (`nextCursor` only when more remain): the bureau's all, each party's its own (a party's page may be short, with a cursor to go on)",
    access: 'signed-in',
    paged: true,
    query: {
      year: { required: true, description: 'The programme year (YYYY)' },
      limit: {
        required: false,
        description: `Assessments a page holds at most: 1 to ${assessmentPageSize.maxLimit}, ${assessmentPageSize.defaultLimit} when not given`,
      },
      cursor: { required: false, description: "The previous page's `nextCursor`, to read the page after it" },
    },
    responses: {
      200: 'A page of assessment summaries',
      400: 'No year, a limit out of range, or a cursor not given for this year',
      ...signedIn,
    },
  },
  {
    method: 'GET',
    path: '/assessments/{id}',
    handler: 'getAssessment',
    summary:
      'An assessment: the rating, the score with its breakdown and rubric, the grade; the audit trail for the bureau',
    access: 'signed-in',
    responses: { 200: 'The assessment', ...signedIn, 404: 'No such assessment' },
  },
  {
    method: 'POST',
    path: '/assessments/{id}/rating',
    handler: 'rateCommissioner',
    summary: 'The enterprise rates its commissioner, 1 to 5, with a comment',
    access: 'signed-in',
    requestBody: ratingSchema,
    responses: {
      202: 'Rated; the workflow records the rating and scores the year a moment later',
      400: 'A score outside 1 to 5',
      ...signedIn,
      404: 'No such assessment',
      409: 'The rating is closed',
    },
  },
  {
    method: 'GET',
    path: '/rubric',
    handler: 'getRubric',
    summary: 'The published scoring rubric in force',
    access: 'signed-in',
    responses: { 200: 'The rubric and its version (0: the default)', ...signedIn },
  },
  {
    method: 'PUT',
    path: '/rubric',
    handler: 'putRubric',
    summary:
      'The bureau sets the scoring rubric; scores already computed keep theirs. An If-Match header naming the version the edit started from refuses a lost update',
    access: 'signed-in',
    requestBody: rubricSchema,
    responses: {
      200: 'Set',
      400: 'Invalid points or thresholds',
      ...signedIn,
      409: 'Changed meanwhile (If-Match names an older version)',
    },
  },
  {
    method: 'POST',
    path: '/commendation-rounds',
    handler: 'openCommendationRound',
    summary: "The bureau opens a year's commendation round, with the most nominees it takes",
    access: 'signed-in',
    requestBody: openRoundSchema,
    responses: {
      201: 'Opened',
      400: 'Not a year, or no limit',
      ...signedIn,
      409: 'No assessment was graded that year, or the year has a round already',
    },
  },
  {
    method: 'GET',
    path: '/commendation-rounds',
    handler: 'listCommendationRounds',
    summary: 'A page of commendation rounds, newest first: the bureau all, a panel member those they sit on',
    access: 'signed-in',
    paged: true,
    query: pageQuery({ state: roundStates, year: "Only this programme year's round (YYYY)" }),
    responses: { 200: 'A page of rounds', ...pageRefusals, ...signedIn },
  },
  {
    method: 'GET',
    path: '/commendation-rounds/{id}',
    handler: 'getCommendationRound',
    summary:
      'A round: nominees, panel, scores (a panel member sees only their own, and whom they are excluded from), ranking, notice',
    access: 'signed-in',
    responses: { 200: 'The round', ...signedIn, 404: 'No such round' },
  },
  {
    method: 'POST',
    path: '/commendation-rounds/{id}/nominations',
    handler: 'nominateForCommendation',
    summary: 'The bureau nominates commissioners graded excellent in the year, up to the limit',
    access: 'signed-in',
    requestBody: nominationsSchema,
    responses: {
      200: 'Nominated',
      400: 'Over the limit, or an assessment not graded excellent that year',
      ...signedIn,
      404: 'No such round',
      409: 'Scoring has started',
    },
  },
  {
    method: 'POST',
    path: '/commendation-rounds/{id}/panel',
    handler: 'assignCommendationPanel',
    summary: "The bureau names the round's panel members and the organisation each belongs to",
    access: 'signed-in',
    requestBody: panelSchema,
    responses: {
      200: 'Assigned',
      400: 'Invalid members',
      ...signedIn,
      404: 'No such round',
      409: 'Scoring has started',
    },
  },
  {
    method: 'POST',
    path: '/commendation-rounds/{id}/scoring',
    handler: 'startCommendationScoring',
    summary: 'The bureau starts the panel scoring: the round workflow asks each member to score',
    access: 'signed-in',
    responses: {
      202: 'Started',
      ...signedIn,
      404: 'No such round',
      409: 'No nominees or panel, a nominee nobody may score, or started already',
    },
  },
  {
    method: 'POST',
    path: '/commendation-rounds/{id}/scores',
    handler: 'scoreCommendationNominee',
    summary: 'A panel member scores one nominee (0 to 100), once; never a nominee they have a conflict with',
    access: 'signed-in',
    requestBody: panelScoreSchema,
    responses: {
      200: "Scored; the caller's view of the round",
      400: 'A score out of range, or not a nominee',
      ...signedIn,
      404: 'No such round',
      409: 'Scored already, or the round is not scoring',
    },
  },
  {
    method: 'GET',
    path: '/commendations/{id}',
    throttle: openRouteThrottle,
    handler: 'getPublishedCommendations',
    summary: "A round's published list of commended commissioners, for the public page",
    access: 'public',
    responses: { 200: 'The list', 404: 'Not published', 429: 'Too many requests: try again later' },
  },
  {
    method: 'GET',
    path: '/me',
    handler: 'getMe',
    summary:
      "Who the caller is and what they may do, from their membership (`{ sub, email, roles, organization?, state, secondFactorRequired? }`); a signed-in person with no membership is an applicant (commissioner). A bureau or panel member whose sign-in had no second factor (the token's `amr` has no `mfa`) gets `secondFactorRequired: true` here and 403 `SecondFactorRequired` on every other route",
    access: 'signed-in',
    responses: {
      200: 'The caller',
      401: 'No valid token',
      403: 'Disabled by the bureau, or an applicant whose email is not verified',
    },
  },
  {
    method: 'GET',
    path: '/people',
    handler: 'listPeople',
    summary: 'The bureau: a page of members by email, filtered by role, organisation and state',
    paged: true,
    access: 'signed-in',
    query: {
      role: { required: false, description: 'Only members with this role' },
      organization: { required: false, description: "Only this organisation's members" },
      state: { required: false, description: 'active or disabled' },
      limit: {
        required: false,
        description: `Members a page holds at most: 1 to ${peoplePageSize.maxLimit}, ${peoplePageSize.defaultLimit} when not given`,
      },
      cursor: { required: false, description: "The previous page's `nextCursor`, to read the page after it" },
    },
    responses: {
      200: 'A page of members',
      400: 'A filter, limit or cursor that is not valid',
      ...signedIn,
    },
  },
  {
    method: 'POST',
    path: '/people',
    handler: 'invitePeopleMember',
    summary:
      'The bureau invites a person with their role(s) and, for a research office or an enterprise, its organisation; the invitation email signs them up',
    access: 'signed-in',
    requestBody: inviteSchema,
    idempotencyKey: true,
    responses: {
      201: 'Invited',
      200: 'A replay of an earlier invitation with the same Idempotency-Key',
      400: 'Invalid fields',
      ...signedIn,
      409: 'The address is a member already, or being invited',
    },
  },
  {
    method: 'GET',
    path: '/people/{sub}',
    handler: 'getPeopleMember',
    summary: 'The bureau: one member with their audit trail',
    access: 'signed-in',
    responses: { 200: 'The member', ...signedIn, 404: 'No such member' },
  },
  {
    method: 'PUT',
    path: '/people/{sub}',
    handler: 'changePeopleMember',
    summary: "The bureau changes a member's roles and organisation, from the version it read",
    access: 'signed-in',
    requestBody: changeMembershipSchema,
    responses: {
      200: 'Changed (or unchanged, when nothing differs)',
      400: 'Invalid fields',
      ...signedIn,
      404: 'No such member',
      409: 'A stale version, or an admin removing their own admin role',
    },
  },
  {
    method: 'POST',
    path: '/people/{sub}/disable',
    handler: 'setPeopleMemberState',
    summary: 'The bureau disables a member, with a reason: every request of theirs is refused from then on',
    access: 'signed-in',
    requestBody: membershipReasonSchema,
    responses: {
      200: 'Disabled',
      400: 'No reason',
      ...signedIn,
      404: 'No such member',
      409: 'Disabled already, or an admin disabling themselves',
    },
  },
  {
    method: 'POST',
    path: '/people/{sub}/enable',
    handler: 'setPeopleMemberState',
    summary: 'The bureau enables a disabled member again, with a reason',
    access: 'signed-in',
    requestBody: membershipReasonSchema,
    responses: {
      200: 'Enabled',
      400: 'No reason',
      ...signedIn,
      404: 'No such member',
      409: 'Active already, or an admin enabling themselves',
    },
  },
];
