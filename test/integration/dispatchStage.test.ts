import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '#shared/application/model.ts';
import { applicationFormSchema } from '#shared/application/schema.ts';
import { maxRevisions } from '#shared/records/revisions.ts';
import { ApiClient, applicationForm, days } from '#test/support/apiClient.ts';
import { Lifecycle } from '#test/support/lifecycle.ts';
import { maximalDemandForm, textOf } from '#test/support/maximalForms.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/*
 * Demands and dispatch where they need the embedded runtime; the rest runs in
 * `demand.deployable.test.ts` and `dispatch.deployable.test.ts`, against a deployed stack too.
 * These stay because they advance the clock (the notice period, acceptance deadlines, retry
 * back-off), read the email outbox, inject faults, or need people the fixed test users are not:
 * more than one commissioner, objectors of their own, an enterprise whose name is 100 characters.
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

const complete = (token: string, taskId: string, decision: string, reason?: string) =>
  lifecycle.complete(token, taskId, decision, reason);
const poolCommissioner = (fields: string[], areas: string[]) => lifecycle.poolCommissioner(fields, areas);
const verifiedDemand = () => lifecycle.verifiedDemand();
const propose = (demandId: string, commissionerId: string) => lifecycle.propose(demandId, commissionerId);

const dispatchOf = async (id: string) =>
  (await api.request('GET', `/dispatches/${encodeURIComponent(id)}`, { token: admin })).body.dispatch;
/** The dispatch once the workflow has recorded `state`. */
const dispatchIn = async (id: string, state: string) =>
  (
    await api.readUntil(
      admin,
      `/dispatches/${encodeURIComponent(id)}`,
      (body) => body.dispatch.state === state,
    )
  ).dispatch;
/** Every page of a demand's ranked candidates, `limit` a page, and how many pages there were. */
async function rankedPages(demandId: string, limit?: number) {
  const items: {
    commissionerId: string;
    score: number;
    components: { criterion: string; points: number; maxPoints: number }[];
  }[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({
      ...(limit === undefined ? {} : { limit: String(limit) }),
      ...(cursor ? { cursor } : {}),
    });
    const { status, body } = await api.request('GET', `/demands/${demandId}/candidates?${query}`, {
      token: admin,
    });
    expect(status, JSON.stringify(body)).toBe(200);
    items.push(...body.items);
    cursor = body.nextCursor;
    pages += 1;
  } while (cursor);
  return { items, pages };
}
const demandOf = async (id: string) =>
  (await api.request('GET', `/demands/${id}`, { token: admin })).body.demand;
const demandIn = async (id: string, state: string) =>
  (await api.readUntil(admin, `/demands/${id}`, (body) => body.demand.state === state)).demand;
describe('enterprise demands', () => {
  it(`takes a maximal Chinese demand revised up to ${maxRevisions} revisions, reads each back, and refuses one more with 409`, async () => {
    const organization = textOf(100, '反复修改的企业', '企');
    const token = await api.signIn('revised-often@example.com', 'enterprise', organization);
    // Each revision about 8.5 KB in UTF-8: all of them inline would pass DynamoDB's 400 KB.
    const forms = Array.from({ length: maxRevisions }, (_, index) =>
      maximalDemandForm(`第${index + 1}版：`, organization),
    );
    const posted = await api.request('POST', '/demands', { token, body: forms[0] });
    expect(posted.status).toBe(201);
    const id = posted.body.demand.id as string;

    const returnIt = async (round: number) => {
      expect((await complete(admin, `verify-demand.${id}`, 'return', `第${round}次退回`)).status).toBe(200);
      await api.waitForTask(admin, `revise-demand.${id}`);
    };
    for (let revision = 2; revision <= maxRevisions; revision += 1) {
      await returnIt(revision - 1);
      const put = await api.request('PUT', `/demands/${id}`, {
        token,
        body: { form: forms[revision - 1], baseRevision: revision - 1 },
      });
      expect(put.status, JSON.stringify(put.body)).toBe(202);
    }

    const read = (
      await api.readUntil(token, `/demands/${id}`, (body) => body.demand.revision === maxRevisions)
    ).demand;
    expect(read).toMatchObject({ state: 'awaiting_verification', revision: maxRevisions });
    expect(read.form).toEqual(forms.at(-1));
    expect(read.revisions.map((r: { revision: number }) => r.revision)).toEqual(
      forms.map((_, index) => index + 1),
    );
    expect(read.revisions.map((r: { form: unknown }) => r.form)).toEqual(forms);

    await returnIt(maxRevisions);
    const beyond = await api.request('PUT', `/demands/${id}`, {
      token,
      body: { form: forms[0], baseRevision: maxRevisions },
    });
    expect(beyond.status).toBe(409);
    expect(beyond.body.message).toBe(
      `The demand has reached the limit of ${maxRevisions} revisions; it cannot be resubmitted again`,
    );
    expect(beyond.body).toMatchObject({ code: 'revisionLimit', params: { max: maxRevisions } });
  }, 480_000);
});

describe('dispatch: matching, acceptance, public notice, objections', () => {
  it('ranks the pool with explained scores, and dispatches after both accept and the notice closes', async () => {
    const good = await poolCommissioner(['智能制造', '精密加工'], ['余杭区']);
    const weak = await poolCommissioner(['食品安全'], ['淳安县']);
    const demand = await verifiedDemand();

    const candidates = (await rankedPages(demand.id, 200)).items;
    const ranked = candidates.map((c: { commissionerId: string }) => c.commissionerId);
    expect(ranked.indexOf(good.sub)).toBeLessThan(ranked.indexOf(weak.sub));
    const best = candidates.find((c: { commissionerId: string }) => c.commissionerId === good.sub);
    expect(best?.components.map((c: { criterion: string }) => c.criterion)).toEqual([
      'technicalFields',
      'industry',
      'location',
      'load',
    ]);
    expect(best?.components[0]).toMatchObject({ points: 40, maxPoints: 40 });

    const dispatchId = await propose(demand.id, good.sub);
    await demandIn(demand.id, 'proposed');
    const again = await api.request('POST', '/dispatches', {
      token: admin,
      body: { demandId: demand.id, commissionerId: good.sub },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'alreadyProposed', params: { name: good.name } });

    expect(
      (await complete(demand.token, `accept-dispatch-commissioner.${dispatchId}`, 'accept')).status,
    ).toBe(403);
    expect((await complete(good.token, `accept-dispatch-commissioner.${dispatchId}`, 'accept')).status).toBe(
      200,
    );
    expect((await dispatchOf(dispatchId)).state).toBe('awaiting_acceptance');
    expect((await complete(demand.token, `accept-dispatch-enterprise.${dispatchId}`, 'accept')).status).toBe(
      200,
    );

    await dispatchIn(dispatchId, 'in_notice');
    const stranger = await api.signIn('citizen@example.com', 'commissioner');
    const notices = (await api.request('GET', '/dispatches?state=in_notice', { token: stranger })).body.items;
    expect(notices.map((d: { id: string }) => d.id)).toContain(dispatchId);

    await api.advanceClock(days(6));
    await dispatchIn(dispatchId, 'dispatched');
    await demandIn(demand.id, 'dispatched');
    await api.waitForEmails(
      good.email,
      (e) =>
        e.subject ===
        `选派确定：${good.name}赴${demand.organization} / Dispatched: ${good.name} to ${demand.organization}`,
    );
    const late = await api.request('POST', `/dispatches/${encodeURIComponent(dispatchId)}/objections`, {
      token: stranger,
      body: { reason: '公示期已过，此异议应被拒绝。' },
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('noticeClosed');
  });

  it('sends the demand back to matching when nobody answers before the deadline', async () => {
    const commissioner = await poolCommissioner(['智能制造'], ['余杭区']);
    const demand = await verifiedDemand();
    const dispatchId = await propose(demand.id, commissioner.sub);
    await complete(commissioner.token, `accept-dispatch-commissioner.${dispatchId}`, 'accept');

    await api.advanceClock(days(8));
    await dispatchIn(dispatchId, 'lapsed');
    await demandIn(demand.id, 'verified');
    const late = await lifecycle.attempt(demand.token, `accept-dispatch-enterprise.${dispatchId}`, 'accept');
    expect(late.status).toBe(409);
  });

  it('holds a dispatch with an objection for the bureau: upheld goes back to matching, dismissed dispatches', async () => {
    const first = await poolCommissioner(['智能制造'], ['余杭区']);
    const second = await poolCommissioner(['精密加工'], ['余杭区']);
    const demand = await verifiedDemand();
    const objector = await api.signIn('objector@example.com', 'enterprise', '竞争企业');

    const upheldId = await propose(demand.id, first.sub);
    await complete(first.token, `accept-dispatch-commissioner.${upheldId}`, 'accept');
    await complete(demand.token, `accept-dispatch-enterprise.${upheldId}`, 'accept');
    await dispatchIn(upheldId, 'in_notice');
    const objection = await api.request('POST', `/dispatches/${encodeURIComponent(upheldId)}/objections`, {
      token: objector,
      body: { reason: '该专家与本企业存在未披露的利益关系。' },
    });
    expect(objection.status).toBe(201);
    await api.advanceClock(days(6));
    await dispatchIn(upheldId, 'under_objection');
    const noReason = await complete(admin, `rule-on-objection.${upheldId}`, 'uphold');
    expect(noReason.status).toBe(400);
    expect(
      (await complete(admin, `rule-on-objection.${upheldId}`, 'uphold', '核实存在利益冲突')).status,
    ).toBe(200);
    const upheld = await dispatchIn(upheldId, 'withdrawn');
    expect(upheld.objections[0].ruling).toMatchObject({ decision: 'uphold', reason: '核实存在利益冲突' });
    await demandIn(demand.id, 'verified');

    const dismissedId = await propose(demand.id, second.sub);
    await complete(second.token, `accept-dispatch-commissioner.${dismissedId}`, 'accept');
    await complete(demand.token, `accept-dispatch-enterprise.${dismissedId}`, 'accept');
    await dispatchIn(dismissedId, 'in_notice');
    await api.request('POST', `/dispatches/${encodeURIComponent(dismissedId)}/objections`, {
      token: objector,
      body: { reason: '我们认为该专家的工作量已经过大。' },
    });
    await api.advanceClock(days(6));
    expect(
      (await complete(admin, `rule-on-objection.${dismissedId}`, 'dismiss', '工作量在合理范围内')).status,
    ).toBe(200);
    await dispatchIn(dismissedId, 'dispatched');
    await demandIn(demand.id, 'dispatched');
  });

  it('takes 100 long objections from 50 people, one standing objection each, and the bureau still rules', async () => {
    const commissioner = await poolCommissioner(['智能制造'], ['余杭区']);
    const demand = await verifiedDemand();
    const dispatchId = await propose(demand.id, commissioner.sub);
    await api.waitForTask(commissioner.token, `accept-dispatch-commissioner.${dispatchId}`);
    await complete(commissioner.token, `accept-dispatch-commissioner.${dispatchId}`, 'accept');
    await api.waitForTask(demand.token, `accept-dispatch-enterprise.${dispatchId}`);
    await complete(demand.token, `accept-dispatch-enterprise.${dispatchId}`, 'accept');
    const path = `/dispatches/${encodeURIComponent(dispatchId)}`;
    await api.readUntil(admin, path, (body) => body.dispatch.state === 'in_notice');

    // Near the schema's 2,000 characters, each 3 bytes in UTF-8: the old single item held about 66.
    const text = (person: number, filing: number) =>
      `第${person}位公众第${filing}次异议：`.padEnd(1990, '该专家与企业存在未披露的利益关联请核实');
    const people = await Promise.all(
      Array.from({ length: 50 }, (_, person) => api.signIn(`public${person}@example.com`, 'commissioner')),
    );
    const statuses: number[] = [];
    for (const filing of [1, 2]) {
      for (let batch = 0; batch < people.length; batch += 10) {
        const answers = await Promise.all(
          people.slice(batch, batch + 10).map((token, offset) =>
            api.request('POST', `${path}/objections`, {
              token,
              body: { reason: text(batch + offset, filing) },
            }),
          ),
        );
        statuses.push(...answers.map((answer) => answer.status));
      }
    }
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.slice(0, 50)).toEqual(Array.from({ length: 50 }, () => 201));
    expect(statuses.slice(50)).toEqual(Array.from({ length: 50 }, () => 200));

    const held = (await api.request('GET', path, { token: admin })).body.dispatch;
    expect(held.standingObjections).toBe(50);
    expect(held.objections).toHaveLength(50);
    expect(new Set(held.objections.map((o: { by: { email: string } }) => o.by.email)).size).toBe(50);
    expect(held.objections.every((o: { reason: string }) => o.reason.includes('第2次异议'))).toBe(true);

    await api.advanceClock(days(6));
    await api.readUntil(admin, path, (body) => body.dispatch.state === 'under_objection');
    const ruling = await api.waitForTask(admin, `rule-on-objection.${dispatchId}`);
    // The task carries ids, never what the objectors wrote.
    expect(JSON.stringify(ruling)).not.toContain('异议');
    expect(
      (await complete(admin, `rule-on-objection.${dispatchId}`, 'dismiss', '经核实不存在利益冲突')).status,
    ).toBe(200);
    const ruled = await api.readUntil(admin, path, (body) => body.dispatch.state === 'dispatched');
    expect(ruled.dispatch.standingObjections).toBe(0);
    expect(ruled.dispatch.objections).toHaveLength(50);
    expect(ruled.dispatch.objections[0].ruling).toMatchObject({ decision: 'dismiss' });
    await api.readUntil(admin, `/demands/${demand.id}`, (body) => body.demand.state === 'dispatched');
  }, 300_000);

  it('catches a step that keeps failing into a failed dispatch the bureau retries to completion', async () => {
    const commissioner = await poolCommissioner(['智能制造'], ['余杭区']);
    const demand = await verifiedDemand();
    const dispatchId = await propose(demand.id, commissioner.sub);
    await complete(commissioner.token, `accept-dispatch-commissioner.${dispatchId}`, 'accept');
    await complete(demand.token, `accept-dispatch-enterprise.${dispatchId}`, 'accept');
    await dispatchIn(dispatchId, 'in_notice');
    await api.request('POST', '/local/faults', {
      body: { state: 'Complete the dispatch', times: 4, error: 'Lambda.ServiceException' },
    });

    await api.advanceClock(days(6));
    // The retries back off 2, 4 and 8 seconds on the system's clock.
    for (let i = 0; i < 3; i++) await api.advanceClock(10);
    const failed = await dispatchIn(dispatchId, 'failed');
    expect(failed.failure).toMatchObject({ state: 'dispatched', error: 'Lambda.ServiceException' });
    expect((await demandOf(demand.id)).state).toBe('proposed');

    expect((await complete(admin, `retry-dispatch.${dispatchId}`, 'retry')).status).toBe(200);
    await dispatchIn(dispatchId, 'dispatched');
    await demandIn(demand.id, 'dispatched');
  });

  it('refuses proposing a second commissioner while one is proposed', async () => {
    const commissioner = await poolCommissioner(['智能制造'], ['余杭区']);
    const other = await poolCommissioner(['精密加工'], ['余杭区']);
    const demand = await verifiedDemand();
    await propose(demand.id, commissioner.sub);
    const whileProposed = await api.request('POST', '/dispatches', {
      token: admin,
      body: { demandId: demand.id, commissionerId: other.sub },
    });
    expect(whileProposed.status).toBe(409);
  });
});

/** Points this process's DynamoDB client and table names at the runtime's, to seed records through their own stores. */
async function useRuntimeDynamo(): Promise<void> {
  const { TableNames = [] } = await new DynamoDBClient({
    endpoint: runtime.endpoints.dynamodb,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }).send(new ListTablesCommand({}));
  const named = (part: string) => {
    const table = TableNames.find((name) => name.includes(part));
    if (!table) throw new Error(`No ${part} among ${TableNames.join(', ')}`);
    return table;
  };
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: runtime.endpoints.dynamodb,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    COMMISSIONER_TABLE: named('CommissionerTable'),
    DISPATCH_TABLE: named('DispatchTable'),
  });
}

describe('ranked candidates, paged', () => {
  const seeded = 60;

  /**
   * Commissioners written straight into the runtime's pool through the pool's own write (what an
   * approval writes), as 60 applications taken through endorsement and approval would take minutes.
   */
  async function seedPool(): Promise<string[]> {
    await useRuntimeDynamo();
    const { joinCommissionerPool } = await import('#shared/commissioner/commissionerPool.ts');
    const fields = [['智能制造', '精密加工'], ['智能制造'], ['食品安全'], ['新材料', '精密加工']];
    const areas = [['余杭区'], ['淳安县'], ['西湖区', '余杭区']];
    const subs = Array.from({ length: seeded }, (_, index) => `seeded-commissioner-${index}`);
    await Promise.all(
      subs.map((sub, index) =>
        joinCommissionerPool({
          id: `seeded-application-${index}`,
          applicant: { sub, email: `seeded${index}@example.edu.cn` },
          form: applicationFormSchema.parse(
            applicationForm({
              name: `规模专家${index}`,
              email: `seeded${index}@example.edu.cn`,
              technicalFields: fields[index % fields.length],
              serviceAreas: areas[index % areas.length],
            }),
          ),
        } as Application),
      ),
    );
    return subs;
  }

  it('pages the ranking best first with a cursor, the same whatever the page size, and refuses a cursor of another demand', async () => {
    const subs = await seedPool();
    const demand = await verifiedDemand();
    const other = await verifiedDemand();

    const first = await api.request('GET', `/demands/${demand.id}/candidates`, { token: admin });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(50);
    expect(typeof first.body.nextCursor).toBe('string');

    const byDefault = await rankedPages(demand.id);
    const bySeven = await rankedPages(demand.id, 7);
    const whole = await rankedPages(demand.id, 200);
    expect(byDefault.pages).toBeGreaterThan(1);
    expect(bySeven.pages).toBeGreaterThan(byDefault.pages);
    const ids = (items: readonly { commissionerId: string }[]) => items.map((c) => c.commissionerId);
    expect(ids(byDefault.items)).toEqual(ids(whole.items));
    expect(ids(bySeven.items)).toEqual(ids(whole.items));
    expect(new Set(ids(whole.items)).size).toBe(whole.items.length);
    expect(ids(whole.items)).toEqual(expect.arrayContaining(subs));
    const scores = whole.items.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const foreign = await api.request(
      'GET',
      `/demands/${other.id}/candidates?cursor=${encodeURIComponent(first.body.nextCursor)}`,
      { token: admin },
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.fields).toEqual([
      {
        field: 'cursor',
        reason: 'belongs to another demand or an earlier form of it; start again without it',
        code: 'notACursor',
      },
    ]);
    const tampered = Buffer.from(
      JSON.stringify({
        q: 'made-up',
        after: { score: 100, activeEnterprises: 0, name: '某', commissionerId: 'x' },
      }),
    ).toString('base64url');
    for (const cursor of [tampered, 'not-a-cursor', `${first.body.nextCursor}!`]) {
      const refused = await api.request(
        'GET',
        `/demands/${demand.id}/candidates?cursor=${encodeURIComponent(cursor)}`,
        { token: admin },
      );
      expect(refused.status, cursor).toBe(400);
      expect(refused.body.fields.map((f: { field: string }) => f.field)).toEqual(['cursor']);
    }
    const tooMany = await api.request('GET', `/demands/${demand.id}/candidates?limit=201`, { token: admin });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.fields.map((f: { field: string }) => f.field)).toEqual(['limit']);
  }, 120_000);
});

describe("a dispatch's objections, paged", () => {
  it('gives the bureau the first page in the dispatch and the rest through GET /dispatches/{id}/objections', async () => {
    const commissioner = await poolCommissioner(['智能制造'], ['余杭区']);
    const [first, second] = [await verifiedDemand(), await verifiedDemand()];
    const dispatchId = await propose(first.id, commissioner.sub);
    const otherId = await propose(second.id, commissioner.sub);

    // 60 objections, more than the dispatch's first page, written through the objections' own store.
    await useRuntimeDynamo();
    const { objectionTable } = await import('#shared/dispatch/dispatchTable.ts');
    const { filedObjection } = await import('#shared/dispatch/objections.ts');
    const seeded = Array.from({ length: 60 }, (_, index) =>
      filedObjection(undefined, {
        dispatchId,
        by: { sub: `seeded-objector-${index}`, email: `objector${index}@example.com` },
        reason: `第${index}条异议`,
        at: new Date(Date.UTC(2026, 5, 1) + index * 60_000).toISOString(),
      }),
    );
    for (const objection of seeded) expect(await objectionTable.create(objection)).toBeTruthy();

    const path = `/dispatches/${encodeURIComponent(dispatchId)}`;
    const held = (await api.request('GET', path, { token: admin })).body.dispatch;
    expect(held.objections.map((o: { id: string }) => o.id)).toEqual(seeded.slice(0, 50).map((o) => o.id));
    expect(typeof held.objectionsCursor).toBe('string');
    const rest = await api.request(
      'GET',
      `${path}/objections?cursor=${encodeURIComponent(held.objectionsCursor)}`,
      {
        token: admin,
      },
    );
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect(rest.body.items.map((o: { id: string }) => o.id)).toEqual(seeded.slice(50).map((o) => o.id));
    expect(rest.body.items[0].by).toEqual({ sub: 'seeded-objector-50', email: 'objector50@example.com' });
    expect(rest.body.nextCursor).toBeUndefined();

    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '7', ...(cursor ? { cursor } : {}) });
      const page = await api.request('GET', `${path}/objections?${query}`, { token: admin });
      expect(page.status).toBe(200);
      ids.push(...page.body.items.map((o: { id: string }) => o.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids).toEqual(seeded.map((o) => o.id));

    const foreign = await api.request(
      'GET',
      `/dispatches/${encodeURIComponent(otherId)}/objections?cursor=${encodeURIComponent(held.objectionsCursor)}`,
      { token: admin },
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.fields.map((f: { field: string }) => f.field)).toEqual(['cursor']);
    expect((await api.request('GET', `${path}/objections`, { token: commissioner.token })).status).toBe(403);
    expect(
      (await api.request('GET', '/dispatches/no-such-dispatch/objections', { token: admin })).status,
    ).toBe(404);
  }, 120_000);
});
