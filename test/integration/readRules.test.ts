import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  addDays,
  applicationForm,
  days,
  demandForm,
  outcomeCounts,
} from '#test/support/apiClient.ts';
import { Lifecycle } from '#test/support/lifecycle.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/*
 * What each role reads (least data for the role): records are seeded through the API as the
 * people involved would, then each read route is called by each kind of reader and the answer's
 * fields are checked, present or absent. The authorization matrix says who may call a route;
 * this says what they get.
 */

let runtime: RuntimeProcess;
let api: ApiClient;
let admin: string;
let lifecycle: Lifecycle;

beforeAll(async () => {
  runtime = await startRuntimeProcess(await freshDataDir());
  api = new ApiClient(runtime.url);
  admin = await api.signIn('admin@kjj.example.gov.cn', 'admin');
  lifecycle = new Lifecycle(api, admin);
});

afterAll(async () => {
  await runtime?.stop();
});

/** Any email address, anywhere in a JSON text. */
const anyEmail = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const emailsIn = (body: unknown) => [...new Set(JSON.stringify(body).match(anyEmail) ?? [])].sort();

// The dispatch the first block takes through its notice; the agreement block drafts its agreement.
let dispatchId: string;
let commissioner: Awaited<ReturnType<Lifecycle['poolCommissioner']>>;
let demand: Awaited<ReturnType<Lifecycle['verifiedDemand']>>;
let stranger: string;

describe('a dispatch under public notice', () => {
  let path: string;
  let objectorA: string;
  let objectorB: string;

  beforeAll(async () => {
    commissioner = await lifecycle.poolCommissioner(['智能制造'], ['余杭区']);
    demand = await lifecycle.verifiedDemand();
    dispatchId = await lifecycle.propose(demand.id, commissioner.sub);
    path = `/dispatches/${encodeURIComponent(dispatchId)}`;
    await lifecycle.complete(commissioner.token, `accept-dispatch-commissioner.${dispatchId}`, 'accept');
    await lifecycle.complete(demand.token, `accept-dispatch-enterprise.${dispatchId}`, 'accept');
    await api.readUntil(admin, path, (body) => body.dispatch.state === 'in_notice');
    stranger = await api.signIn('passer-by@example.com', 'commissioner');
    objectorA = await api.signIn('objector-a@example.com', 'institution', '另一所大学');
    objectorB = await api.signIn('objector-b@example.com', 'enterprise', '竞争企业');
    for (const [token, reason] of [
      [objectorA, '甲：该专家已服务多家企业，精力不足。'],
      [objectorB, '乙：该专家与企业存在未披露的关联。'],
    ] as const) {
      const filed = await api.request('POST', `${path}/objections`, { token, body: { reason } });
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    }
  }, 240_000);

  it('shows a signed-in stranger what a notice board would, and no email address anywhere', async () => {
    const { status, body } = await api.request('GET', path, { token: stranger });
    expect(status).toBe(200);
    expect(emailsIn(body)).toEqual([]);
    expect(body.dispatch).toEqual({
      id: dispatchId,
      state: 'in_notice',
      commissioner: { name: commissioner.name, institution: commissioner.institution },
      enterprise: { name: demand.organization, location: expect.any(String) },
      notice: { opensAt: expect.any(String), closesAt: expect.any(String) },
      howToObject: { method: 'POST', path: `${path}/objections`, until: body.dispatch.notice.closesAt },
      objections: [],
    });

    const notices = await api.request('GET', '/dispatches?state=in_notice', { token: stranger });
    expect(notices.status).toBe(200);
    expect(notices.body.items.map((item: { id: string }) => item.id)).toContain(dispatchId);
    expect(emailsIn(notices.body)).toEqual([]);
    expect(JSON.stringify(notices.body)).not.toMatch(/audit|acceptances|contactEmail|problem/);
  });

  it('shows each objector their own objection only, in the answer to filing it too', async () => {
    for (const [token, email, mark] of [
      [objectorA, 'objector-a@example.com', '甲'],
      [objectorB, 'objector-b@example.com', '乙'],
    ] as const) {
      const { body } = await api.request('GET', path, { token });
      expect(body.dispatch.objections).toHaveLength(1);
      expect(body.dispatch.objections[0]).toMatchObject({
        by: { email },
        reason: expect.stringContaining(mark),
      });
      expect(emailsIn(body)).toEqual([email]);
      expect(body.dispatch).not.toHaveProperty('audit');
    }
    const edited = await api.request('POST', `${path}/objections`, {
      token: objectorA,
      body: { reason: '甲（修改）：该专家已服务多家企业，精力不足。' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.dispatch.objections).toEqual([
      expect.objectContaining({ reason: '甲（修改）：该专家已服务多家企业，精力不足。' }),
    ]);
    expect(emailsIn(edited.body)).toEqual(['objector-a@example.com']);
    expect(edited.body.dispatch).not.toHaveProperty('audit');
  });

  it('shows the parties their own contacts and the other party by name, without the audit trail', async () => {
    const asCommissioner = (await api.request('GET', path, { token: commissioner.token })).body.dispatch;
    expect(asCommissioner).not.toHaveProperty('audit');
    expect(asCommissioner).not.toHaveProperty('proposedBy');
    expect(asCommissioner.objections).toEqual([]);
    expect(asCommissioner.standingObjections).toBe(2);
    expect(asCommissioner.commissioner).toMatchObject({ email: commissioner.email });
    expect(asCommissioner.enterprise).not.toHaveProperty('contactEmail');
    expect(emailsIn(asCommissioner)).toEqual([commissioner.email, commissioner.officeEmail].sort());

    const asEnterprise = (await api.request('GET', path, { token: demand.token })).body.dispatch;
    expect(asEnterprise).not.toHaveProperty('audit');
    expect(asEnterprise.enterprise).toMatchObject({ contactEmail: demand.contactEmail });
    expect(asEnterprise.commissioner).toEqual({
      name: commissioner.name,
      institution: commissioner.institution,
    });
    // The enterprise user's own acceptance carries their own email; nobody else's is there.
    const enterpriseUser = asEnterprise.acceptances.enterprise.by.email;
    expect(emailsIn(asEnterprise)).toEqual([demand.contactEmail, enterpriseUser].sort());
    expect(asEnterprise.acceptances.commissioner.by).toEqual({ role: 'commissioner' });
  });

  it('shows the bureau every objection with its objector, the contacts and the audit trail', async () => {
    const { dispatch } = (await api.request('GET', path, { token: admin })).body;
    expect(dispatch.audit.map((entry: { to: string }) => entry.to)).toContain('in_notice');
    expect(
      dispatch.objections.map((objection: { by: { email: string } }) => objection.by.email).sort(),
    ).toEqual(['objector-a@example.com', 'objector-b@example.com']);
    expect(dispatch.commissioner.email).toBe(commissioner.email);
    expect(dispatch.enterprise.contactEmail).toBe(demand.contactEmail);
  });

  it('closes to strangers once the notice is over; the parties still read it', async () => {
    await api.advanceClock(days(6));
    await api.readUntil(admin, path, (body) => body.dispatch.state === 'under_objection');
    const underObjection = await api.request('GET', path, { token: stranger });
    expect(underObjection.status).toBe(200);
    expect(underObjection.body.dispatch).not.toHaveProperty('howToObject');
    expect(emailsIn(underObjection.body)).toEqual([]);
    await lifecycle.complete(admin, `rule-on-objection.${dispatchId}`, 'dismiss', '经核实不存在利益冲突');
    await api.readUntil(admin, path, (body) => body.dispatch.state === 'dispatched');
    expect((await api.request('GET', path, { token: stranger })).status).toBe(403);
    const ruled = (await api.request('GET', path, { token: commissioner.token })).body.dispatch;
    expect(ruled.ruling).toMatchObject({ decision: 'dismiss', by: { role: 'admin' } });
    expect(ruled.ruling.by).not.toHaveProperty('email');
  });
});

describe('an application and a demand', () => {
  it('shows the applicant and the research office the record and why it was returned; the trail to the bureau only', async () => {
    const applicant = await api.signIn('returned-expert@example.edu.cn', 'commissioner');
    const office = await api.signIn('kjc@returned.example.edu.cn', 'institution', '退回大学');
    const submitted = await api.request('POST', '/applications', {
      token: applicant,
      body: applicationForm({
        email: 'returned-expert@example.edu.cn',
        homeInstitution: '退回大学',
        researchOfficeEmail: 'kjc@returned.example.edu.cn',
      }),
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.application).not.toHaveProperty('audit');
    const id = submitted.body.application.id as string;
    await lifecycle.complete(office, `endorse-application.${id}`, 'endorse');
    await lifecycle.complete(admin, `review-application.${id}`, 'return', '请补充近三年的服务成果');
    const path = `/applications/${id}`;

    const own = (await api.readUntil(applicant, path, (body) => body.application.state === 'returned'))
      .application;
    expect(own).not.toHaveProperty('audit');
    expect(own.enteredState).toMatchObject({ action: 'return', reason: '请补充近三年的服务成果' });
    expect(own.applicant.sub).toEqual(expect.any(String));
    expect(emailsIn(own)).toEqual(['kjc@returned.example.edu.cn', 'returned-expert@example.edu.cn']);

    const asOffice = (await api.request('GET', path, { token: office })).body.application;
    expect(asOffice).not.toHaveProperty('audit');
    expect(asOffice.applicant).toEqual({ email: 'returned-expert@example.edu.cn' });
    expect(JSON.stringify(asOffice)).not.toContain('admin@kjj.example.gov.cn');

    const asBureau = (await api.request('GET', path, { token: admin })).body.application;
    expect(asBureau.audit.map((entry: { actor: { email: string } }) => entry.actor.email)).toEqual([
      'returned-expert@example.edu.cn',
      'kjc@returned.example.edu.cn',
      'admin@kjj.example.gov.cn',
    ]);
  });

  it('shows an enterprise colleague the demand but not who posted it, and no audit trail', async () => {
    const poster = await api.signIn('poster@colleagues.example.com', 'enterprise', '同事企业有限公司');
    const colleague = await api.signIn('colleague@colleagues.example.com', 'enterprise', '同事企业有限公司');
    const posted = await api.request('POST', '/demands', {
      token: poster,
      body: demandForm('同事企业有限公司', { contactEmail: 'contact@colleagues.example.com' }),
    });
    expect(posted.status).toBe(201);
    expect(posted.body.demand).not.toHaveProperty('audit');
    expect(posted.body.demand.poster.email).toBe('poster@colleagues.example.com');
    const path = `/demands/${posted.body.demand.id}`;
    const asColleague = (await api.request('GET', path, { token: colleague })).body.demand;
    expect(asColleague.poster).toEqual({ organization: '同事企业有限公司' });
    expect(asColleague).not.toHaveProperty('audit');
    expect(emailsIn(asColleague)).toEqual(['contact@colleagues.example.com']);
    const asBureau = (await api.request('GET', path, { token: admin })).body.demand;
    expect(asBureau.poster.email).toBe('poster@colleagues.example.com');
    expect(asBureau.audit).toHaveLength(1);
  });
});

describe('an agreement and its tasks', () => {
  it('shows the parties each other’s contacts and who signed by role; the trail and signers’ emails to the bureau', async () => {
    const termStart = addDays(await api.clockDay(), 10);
    const drafted = await api.request('POST', '/agreements', {
      token: admin,
      body: {
        dispatchId,
        termStart,
        termEnd: addDays(termStart, 364),
        cadence: 'quarterly',
        goals: outcomeCounts({ technicalProblemsSolved: 3 }),
      },
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const id = drafted.body.agreement.id as string;
    const path = `/agreements/${encodeURIComponent(id)}`;
    await lifecycle.complete(commissioner.token, `sign-agreement-commissioner.${id}`, 'sign');
    await api.readUntil(admin, path, (body) => body.agreement.signatures.length === 1);

    const parties = [commissioner.email, commissioner.officeEmail, demand.contactEmail].sort();
    const asEnterprise = (await api.request('GET', path, { token: demand.token })).body.agreement;
    expect(asEnterprise).not.toHaveProperty('audit');
    expect(asEnterprise.signatures).toEqual([
      expect.objectContaining({ party: 'commissioner', by: { role: 'commissioner' } }),
    ]);
    // The parties cooperate over the term: each one's contact email is on the agreement.
    expect(emailsIn(asEnterprise)).toEqual(parties);
    const listed = (await api.request('GET', '/agreements', { token: demand.token })).body.items;
    expect(listed.map((item: { id: string }) => item.id)).toContain(id);
    expect(JSON.stringify(listed)).not.toMatch(/recentAudit|"audit"/);
    expect(emailsIn(listed)).toEqual(parties);

    const asCommissioner = (await api.request('GET', path, { token: commissioner.token })).body.agreement;
    expect(asCommissioner.signatures[0].by).toMatchObject({ email: commissioner.email });

    const asBureau = (await api.request('GET', path, { token: admin })).body.agreement;
    expect(asBureau.audit.length).toBeGreaterThanOrEqual(2);
    expect(asBureau.signatures[0].by.email).toBe(commissioner.email);

    // The enterprise's own task names whom it waits for without anyone's email.
    const task = await api.waitForTask(demand.token, `sign-agreement-enterprise.${id}`);
    expect(emailsIn(task)).toEqual([]);
    expect(task.assignee).toMatchObject({ role: 'enterprise' });
  });
});
