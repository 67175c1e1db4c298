import { demandRoutes } from '#shared/api/routes/demand.ts';
import {
  candidatesForDemand,
  getDemandForCaller,
  listDemandsForCaller,
  postDemand,
  resubmitDemand,
} from '#shared/demand/demandService.ts';
import { demandStates } from '#shared/demand/states.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';
import { stageApi } from '#shared/http/stageApi.ts';

export const handler = stageApi(demandRoutes, {
  postDemand: async ({ caller, body, event, reply }) => {
    const { demand, replayed } = await postDemand(caller, body, event.headers['idempotency-key']);
    return reply(replayed ? 200 : 201, { demand }, { location: `/demands/${demand.id}` });
  },
  listDemands: async ({ caller, event }) => {
    const { page, filters } = listRequestOf(event, { states: demandStates, year: true, organization: true });
    return listDemandsForCaller(caller, filters, page);
  },
  getDemand: async ({ caller, path }) => ({ demand: await getDemandForCaller(caller, path.id) }),
  resubmitDemand: async ({ caller, path, body }) => ({ demand: await resubmitDemand(caller, path.id, body) }),
  listCandidates: async ({ caller, path, event }) =>
    candidatesForDemand(caller, path.id, listRequestOf(event, {}).page),
});
