import {
  draftAgreement,
  getAgreementForCaller,
  listAgreementsForCaller,
} from '#shared/agreement/agreementService.ts';
import { agreementStates } from '#shared/agreement/states.ts';
import { agreementRoutes } from '#shared/api/routes/agreement.ts';
import { listRequestOf } from '#shared/http/listRequest.ts';
import { stageApi } from '#shared/http/stageApi.ts';
import { changeCadence } from '#shared/report/cadenceChange.ts';

export const handler = stageApi(agreementRoutes, {
  draftAgreement: async ({ caller, body, reply }) => {
    const agreement = await draftAgreement(caller, body);
    return reply(201, { agreement }, { location: `/agreements/${encodeURIComponent(agreement.id)}` });
  },
  listAgreements: async ({ caller, event }) => {
    const { page, filters } = listRequestOf(event, {
      states: agreementStates,
      year: true,
      organization: true,
    });
    return listAgreementsForCaller(caller, filters, page);
  },
  getAgreement: async ({ caller, path }) => ({ agreement: await getAgreementForCaller(caller, path.id) }),
  changeCadence: async ({ caller, path, body }) => ({
    agreement: await changeCadence(caller, path.id, body),
  }),
});
