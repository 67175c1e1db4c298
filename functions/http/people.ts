import { peopleRoutes } from '#shared/api/routes/people.ts';
import { emailLanguageOf, setEmailLanguage } from '#shared/email/recipientLanguage.ts';
import { lacksSecondFactor } from '#shared/http/jsonApi.ts';
import { parseLimit } from '#shared/http/pageCursor.ts';
import { stageApi } from '#shared/http/stageApi.ts';
import {
  adminActor,
  changePerson,
  getPerson,
  invitePerson,
  listPeople,
  setPersonState,
} from '#shared/membership/membershipService.ts';
import { peopleFilterSchema, peoplePageSize } from '#shared/membership/schema.ts';
import { importTemplate } from '#shared/programmeImport/importTemplate.ts';
import { parseInput } from '#shared/validation.ts';

// The People routes check the admin role before reading the body: another caller learns nothing of it.
export const handler = stageApi(peopleRoutes, {
  /**
   * Who the caller is and what they may do, as the membership says: the console shows what follows
   * from it. A disabled member never gets here (the middleware answers 403), so the state is active.
   * A bureau or panel member signed in without a second factor learns that they need one.
   */
  getMe: async ({ caller, event }) => {
    const emailLanguage = await emailLanguageOf(caller.email);
    return {
      ...caller,
      state: 'active' as const,
      ...(emailLanguage ? { emailLanguage } : {}),
      ...(lacksSecondFactor(event) ? { secondFactorRequired: true } : {}),
    };
  },
  setEmailLanguage: async ({ caller, body }) => {
    await setEmailLanguage(caller.email, body.language);
    return { language: body.language };
  },
  listPeople: async ({ caller, event }) => {
    adminActor(caller);
    const { limit, cursor, ...filters } = event.queryStringParameters ?? {};
    const filter = parseInput(peopleFilterSchema, filters);
    const page = { limit: parseLimit(limit, peoplePageSize), ...(cursor === undefined ? {} : { cursor }) };
    return listPeople(caller, filter, page);
  },
  invitePeopleMember: async ({ caller, body, event, reply }) => {
    adminActor(caller);
    const { person, replayed } = await invitePerson(caller, body, event.headers['idempotency-key']);
    return reply(replayed ? 200 : 201, { person }, { location: `/people/${person.sub}` });
  },
  getPeopleMember: async ({ caller, path }) => ({ person: await getPerson(caller, path.sub) }),
  changePeopleMember: async ({ caller, path, body }) => {
    adminActor(caller);
    return { person: await changePerson(caller, path.sub, body) };
  },
  disablePeopleMember: async ({ caller, path, body }) => {
    adminActor(caller);
    return { person: await setPersonState(caller, path.sub, 'disabled', body.reason) };
  },
  enablePeopleMember: async ({ caller, path, body }) => {
    adminActor(caller);
    return { person: await setPersonState(caller, path.sub, 'active', body.reason) };
  },
  getImportTemplate: async ({ caller, reply }) => {
    adminActor(caller);
    return reply(200, importTemplate(), {
      'content-disposition': 'attachment; filename="programme-import-template.xlsx"',
    });
  },
});
