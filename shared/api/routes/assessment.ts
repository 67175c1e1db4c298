import { type RouteSpec, signedIn } from '#shared/api/routeSpec.ts';
import { assessmentPageSize } from '#shared/assessment/schema.ts';

export const assessmentRoutes = [
  {
    method: 'POST',
    path: '/assessments',
    handler: 'openAssessments',
    response: 'AssessmentsOpened',
    summary:
      "The bureau opens a programme year's assessment: a workflow named by the year pages through the agreements and opens one assessment per agreement in force that year; each enterprise is asked to rate. Asking again while it runs is the same run; after a failure it resumes where it stopped",
    access: 'signed-in',
    requestBody: async () => (await import('#shared/assessment/schema.ts')).openAssessmentsSchema,
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
    response: 'AssessmentOpeningResponse',
    summary: "How far a year's opening has come: pages done, assessments opened so far, finished or failed",
    access: 'signed-in',
    responses: { 200: 'The opening', 400: 'Not a year', ...signedIn, 404: 'The year was not opened' },
  },
  {
    method: 'GET',
    path: '/assessments',
    handler: 'listAssessments',
    response: 'AssessmentSummary',
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
    response: 'AssessmentResponse',
    summary:
      'An assessment: the rating, the score with its breakdown and rubric, the grade; the audit trail for the bureau',
    access: 'signed-in',
    responses: { 200: 'The assessment', ...signedIn, 404: 'No such assessment' },
  },
  {
    method: 'POST',
    path: '/assessments/{id}/rating',
    handler: 'rateCommissioner',
    response: 'AssessmentResponse',
    status: 202,
    summary: 'The enterprise rates its commissioner, 1 to 5, with a comment',
    access: 'signed-in',
    requestBody: async () => (await import('#shared/assessment/schema.ts')).ratingSchema,
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
    response: 'RubricResponse',
    summary: 'The published scoring rubric in force',
    access: 'signed-in',
    responses: { 200: 'The rubric and its version (0: the default)', ...signedIn },
  },
  {
    method: 'PUT',
    path: '/rubric',
    handler: 'putRubric',
    response: 'RubricResponse',
    summary:
      'The bureau sets the scoring rubric; scores already computed keep theirs. An If-Match header naming the version the edit started from refuses a lost update',
    access: 'signed-in',
    requestBody: async () => (await import('#shared/assessment/schema.ts')).rubricSchema,
    responses: {
      200: 'Set',
      400: 'Invalid points or thresholds',
      ...signedIn,
      409: 'Changed meanwhile (If-Match names an older version)',
    },
  },
] as const satisfies readonly RouteSpec[];
