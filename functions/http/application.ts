import { applicationRoutes } from '#shared/api/routes/application.ts';
import {
  getApplicationForCaller,
  listApplicationsForCaller,
  resubmitApplication,
  submitApplication,
} from '#shared/application/applicationService.ts';
import { applicationStates } from '#shared/application/states.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';
import { stageApi } from '#shared/http/stageApi.ts';

export const handler = stageApi(applicationRoutes, {
  submitApplication: async ({ caller, body, event, reply }) => {
    const { application, replayed } = await submitApplication(caller, body, event.headers['idempotency-key']);
    return reply(replayed ? 200 : 201, { application }, { location: `/applications/${application.id}` });
  },
  listApplications: async ({ caller, event }) => {
    const { page, filters } = listRequestOf(event, {
      states: applicationStates,
      year: true,
      organization: true,
    });
    return listApplicationsForCaller(caller, filters, page);
  },
  getApplication: async ({ caller, path }) => ({
    application: await getApplicationForCaller(caller, path.id),
  }),
  resubmitApplication: async ({ caller, path, body }) => ({
    application: await resubmitApplication(caller, path.id, body),
  }),
});
