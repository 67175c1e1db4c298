import { commendationRoutes } from '#shared/api/routes/commendation.ts';
import {
  assignPanel,
  getRoundForCaller,
  listRoundsForCaller,
  nominate,
  openRound,
  publishedList,
  startScoring,
  submitPanelScore,
} from '#shared/commendation/commendationService.ts';
import { roundStates } from '#shared/commendation/states.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';
import { stageApi } from '#shared/http/stageApi.ts';

export const handler = stageApi(commendationRoutes, {
  openCommendationRound: async ({ caller, body }) => ({ round: await openRound(caller, body) }),
  listCommendationRounds: async ({ caller, event }) => {
    const { page, filters } = listRequestOf(event, { states: roundStates, year: true });
    return listRoundsForCaller(caller, filters, page);
  },
  getCommendationRound: async ({ caller, path }) => ({ round: await getRoundForCaller(caller, path.id) }),
  nominateForCommendation: async ({ caller, path, body }) => ({
    round: await nominate(caller, path.id, body),
  }),
  assignCommendationPanel: async ({ caller, path, body }) => ({
    round: await assignPanel(caller, path.id, body),
  }),
  startCommendationScoring: async ({ caller, path }) => ({ round: await startScoring(caller, path.id) }),
  scoreCommendationNominee: async ({ caller, path, body }) => ({
    round: await submitPanelScore(caller, path.id, body),
  }),
  // Public: the published list of a round, for the public page.
  getPublishedCommendations: async ({ path }) => publishedList(path.id),
});
