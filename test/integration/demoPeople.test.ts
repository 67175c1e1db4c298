import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoPassword, demoPeople } from '#local/demoPeople.ts';
import { ApiClient } from '#test/support/apiClient.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/*
 * `npm start`'s demo people: each signs in at the local OpenID Connect provider with the demo
 * password, as the README says, and has the role (and organisation) the README names.
 */

let runtime: RuntimeProcess;
let api: ApiClient;

beforeAll(async () => {
  runtime = await startRuntimeProcess(await freshDataDir(), { demoPeople: true });
  api = new ApiClient(runtime.url);
});

afterAll(async () => {
  await runtime?.stop();
});

it('signs in each demo person with the demo password, with the rights the bureau would have given', async () => {
  // Act
  const seen = [];
  for (const person of [{ email: ApiClient.seededAdminEmail }, ...demoPeople]) {
    const token = await api.signInAs(person.email, demoPassword());
    seen.push((await api.request('GET', '/me', { token })).body);
  }

  // Assert
  expect(seen).toMatchObject([
    { email: 'admin@bureau.example', roles: ['admin'] },
    { email: 'panel@bureau.example', roles: ['panel'] },
    { email: 'office@university.example', roles: ['institution'], organization: '浙江示范大学' },
    { email: 'contact@enterprise.example', roles: ['enterprise'], organization: '杭州示范智能装备有限公司' },
    // No membership: an applicant, who becomes a commissioner by applying.
    { email: 'expert@university.example', roles: ['commissioner'] },
  ]);
});

it('refuses a demo person a wrong password at the provider', async () => {
  await expect(api.signInAs('panel@bureau.example', 'not the demo password')).rejects.toThrow(
    /stopped with 401/,
  );
});
