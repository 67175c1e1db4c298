import { assessmentRoutes } from '#shared/api/routes/assessment.ts';
import {
  getAssessmentForCaller,
  listAssessmentsForCaller,
  rateCommissioner,
} from '#shared/assessment/assessmentService.ts';
import { baseVersionFrom, currentRubric, setRubric } from '#shared/assessment/rubricService.ts';
import { assessmentPageSize, openAssessmentsSchema } from '#shared/assessment/schema.ts';
import { getAssessmentOpening, openAssessmentYear } from '#shared/assessment/yearOpening.ts';
import { ValidationError } from '#shared/errors.ts';
import { parseLimit } from '#shared/http/pageCursor.ts';
import { stageApi } from '#shared/http/stageApi.ts';
import { parseInput } from '#shared/validation.ts';

export const handler = stageApi(assessmentRoutes, {
  openAssessments: async ({ caller, body, reply }) => {
    const opening = await openAssessmentYear(caller, body.year);
    const location = `/assessments/openings/${body.year}`;
    return reply(202, { opening, location }, { location });
  },
  getAssessmentOpening: async ({ caller, path }) => {
    const { year } = parseInput(openAssessmentsSchema, { year: path.year });
    return { opening: await getAssessmentOpening(caller, year) };
  },
  listAssessments: async ({ caller, event }) => {
    const { year, limit, cursor } = event.queryStringParameters ?? {};
    if (!year || !/^\d{4}$/.test(year)) {
      throw new ValidationError([{ field: 'year', reason: 'is required, written YYYY', code: 'yearFormat' }]);
    }
    const page = {
      limit: parseLimit(limit, assessmentPageSize),
      ...(cursor === undefined ? {} : { cursor }),
    };
    return listAssessmentsForCaller(caller, year, page);
  },
  getAssessment: async ({ caller, path }) => ({ assessment: await getAssessmentForCaller(caller, path.id) }),
  rateCommissioner: async ({ caller, path, body }) => ({
    assessment: await rateCommissioner(caller, path.id, body),
  }),
  getRubric: async () => currentRubric(),
  putRubric: async ({ caller, body, event }) =>
    setRubric(caller, body, baseVersionFrom(event.headers['if-match'])),
});
