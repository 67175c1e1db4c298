import { dispatchRoutes } from '#shared/api/routes/dispatch.ts';
import {
  fileObjection,
  getDispatchForCaller,
  listDispatchesForCaller,
  objectionsForBureau,
  proposeDispatch,
} from '#shared/dispatch/dispatchService.ts';
import { dispatchStates } from '#shared/dispatch/states.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';
import { stageApi } from '#shared/http/stageApi.ts';

export const handler = stageApi(dispatchRoutes, {
  proposeDispatch: async ({ caller, body, reply }) => {
    const dispatch = await proposeDispatch(caller, body);
    return reply(201, { dispatch }, { location: `/dispatches/${encodeURIComponent(dispatch.id)}` });
  },
  listDispatches: async ({ caller, event }) => {
    const { page, filters } = listRequestOf(event, { states: dispatchStates, organization: true });
    return listDispatchesForCaller(caller, filters, page);
  },
  getDispatch: async ({ caller, path }) => ({ dispatch: await getDispatchForCaller(caller, path.id) }),
  listObjections: async ({ caller, path, event }) =>
    objectionsForBureau(caller, path.id, listRequestOf(event, {}).page),
  fileObjection: async ({ caller, path, body, reply }) => {
    const { dispatch, created } = await fileObjection(caller, path.id, body.reason);
    // 201 for a first objection; 200 when it edits the caller's standing one.
    return reply(created ? 201 : 200, { dispatch });
  },
});
