import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application, ApplicationSummary } from '#shared/application/model.ts';
import { applicationFormSchema } from '#shared/application/schema.ts';
import type { ApplicationState } from '#shared/application/states.ts';
import { firstRevision } from '#shared/records/revisions.ts';
import { ApiClient, applicationForm, demandForm } from '#test/support/apiClient.ts';
import { eventually } from '#test/support/eventually.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/*
 * Lists read a page at a time. 1,250 applications (more than the table held when lists stopped
 * at 200) are written straight into the runtime's DynamoDB through the application store itself
 * (so the items are what it writes), then read back through `GET /applications` page by page:
 * every one once, in order; with each filter, the right ones; a cursor of one query refused on another.
 * Needs the embedded runtime's DynamoDB endpoint, so it is not a deployable test.
 */

const seeded = 1_250;
const institutions = ['规模大学甲', '规模大学乙', '规模学院丙'] as const;
const states: readonly ApplicationState[] = ['awaiting_endorsement', 'under_review', 'approved', 'rejected'];

let runtime: RuntimeProcess;
let api: ApiClient;
let bureau: string;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

async function tableNamed(part: string): Promise<string> {
  const { TableNames = [] } = await new DynamoDBClient({
    endpoint: runtime.endpoints.dynamodb,
    region: 'us-east-1',
    credentials,
  }).send(new ListTablesCommand({}));
  const name = TableNames.find((table) => table.includes(part));
  if (!name) throw new Error(`No ${part} among ${TableNames.join(', ')}`);
  return name;
}

/** The i-th seeded application: created over 2025 and 2026, each changed at its own moment. */
function seededApplication(index: number): Application {
  const form = applicationFormSchema.parse(
    applicationForm({
      name: `规模申请人${index}`,
      homeInstitution: institutions[index % institutions.length],
    }),
  );
  const createdAt = new Date(Date.UTC(2025, 0, 1) + index * 3_600_000 * 13).toISOString();
  const updatedAt = new Date(Date.UTC(2027, 0, 1) + ((index * 7919) % seeded) * 60_000).toISOString();
  const state = states[index % states.length] as ApplicationState;
  const id = `scale-application-${String(index).padStart(5, '0')}`;
  return {
    id,
    state,
    revision: 1,
    version: 1,
    applicant: { sub: `scale-applicant-${index}`, email: `applicant-${index}@example.edu.cn` },
    form,
    revisions: [firstRevision(id, createdAt)],
    auditPages: 0,
    recentAudit: [],
    createdAt,
    updatedAt,
  };
}

const all = Array.from({ length: seeded }, (_, index) => seededApplication(index));

/** Every page of `path` (with its query) as `token`: the pages' items in order, and how many pages. */
async function everyPage(token: string, path: string) {
  const items: ApplicationSummary[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const { status, body } = await api.request(
      'GET',
      cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path,
      { token },
    );
    expect(status, JSON.stringify(body)).toBe(200);
    items.push(...body.items);
    cursor = body.nextCursor;
    pages += 1;
    expect(pages).toBeLessThan(200);
  } while (cursor);
  return { items, pages };
}

const ids = (applications: readonly { id: string }[]) => applications.map((each) => each.id);
const newestFirst = (key: 'createdAt' | 'updatedAt') => (a: Application, b: Application) =>
  b[key].localeCompare(a[key]) || b.id.localeCompare(a.id);

beforeAll(async () => {
  runtime = await startRuntimeProcess(await freshDataDir());
  api = new ApiClient(runtime.url);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: runtime.endpoints.dynamodb,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    APPLICATION_TABLE: await tableNamed('ApplicationTable'),
  });
  const { applicationTable } = await import('#shared/application/applicationTable.ts');
  for (let at = 0; at < all.length; at += 25) {
    const created = await Promise.all(all.slice(at, at + 25).map((each) => applicationTable.create(each)));
    expect(created.every(Boolean)).toBe(true);
  }
  bureau = await api.signIn('bureau@kjj.example.gov.cn', 'admin');
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('GET /applications, paged', () => {
  it('gives the bureau all 1,250, each once, newest change first, over pages of the largest size', async () => {
    const { items, pages } = await everyPage(bureau, '/applications?limit=200');
    expect(pages).toBe(7);
    expect(ids(items)).toEqual(ids([...all].sort(newestFirst('updatedAt'))));
  });

  it('gives 50 a page when no limit is asked for', async () => {
    const { status, body } = await api.request('GET', '/applications', { token: bureau });
    expect(status).toBe(200);
    expect(body.items).toHaveLength(50);
    expect(typeof body.nextCursor).toBe('string');
  });

  it("filters the bureau's list by state, year, organisation, and organisation with state", async () => {
    const cases: [string, (each: Application) => boolean, 'createdAt' | 'updatedAt'][] = [
      ['state=approved', (each) => each.state === 'approved', 'createdAt'],
      ['year=2025', (each) => each.createdAt.startsWith('2025-'), 'createdAt'],
      [
        'state=rejected&year=2026',
        (each) => each.state === 'rejected' && each.createdAt.startsWith('2026-'),
        'createdAt',
      ],
      [
        `organization=${encodeURIComponent(institutions[1])}`,
        (each) => each.form.homeInstitution === institutions[1],
        'createdAt',
      ],
      [
        `organization=${encodeURIComponent(institutions[2])}&state=under_review&year=2025`,
        (each) =>
          each.form.homeInstitution === institutions[2] &&
          each.state === 'under_review' &&
          each.createdAt.startsWith('2025-'),
        'createdAt',
      ],
    ];
    for (const [query, expected, order] of cases) {
      const { items } = await everyPage(bureau, `/applications?limit=97&${query}`);
      const wanted = all.filter(expected).sort(newestFirst(order));
      expect(wanted.length, query).toBeGreaterThan(0);
      expect(ids(items), query).toEqual(ids(wanted));
    }
  });

  it("gives a research office its institution's only, and refuses it another's", async () => {
    const office = await api.signIn('kjc@scale-a.example.edu.cn', 'institution', institutions[0]);
    const { items } = await everyPage(office, '/applications?limit=200&state=approved');
    expect(ids(items)).toEqual(
      ids(
        all
          .filter((each) => each.form.homeInstitution === institutions[0] && each.state === 'approved')
          .sort(newestFirst('createdAt')),
      ),
    );
    const other = await api.request(
      'GET',
      `/applications?organization=${encodeURIComponent(institutions[1])}`,
      {
        token: office,
      },
    );
    expect(other.status).toBe(403);
    const applicant = await api.signIn('applicant-0@example.edu.cn', 'commissioner');
    expect(
      (
        await api.request('GET', `/applications?organization=${encodeURIComponent(institutions[0])}`, {
          token: applicant,
        })
      ).status,
    ).toBe(403);
  });

  it('refuses a cursor on another filter, another caller or another list, and bad parameters, naming each', async () => {
    const approved = await api.request('GET', '/applications?state=approved&limit=5', { token: bureau });
    const cursor = encodeURIComponent(approved.body.nextCursor);
    const office = await api.signIn('kjc@scale-a.example.edu.cn', 'institution', institutions[0]);
    const foreign = [
      [bureau, `/applications?state=rejected&cursor=${cursor}`],
      [bureau, `/applications?cursor=${cursor}`],
      [bureau, `/applications?state=approved&year=2025&cursor=${cursor}`],
      [office, `/applications?state=approved&cursor=${cursor}`],
    ] as const;
    for (const [token, path] of foreign) {
      const { status, body } = await api.request('GET', path, { token });
      expect(status, path).toBe(400);
      expect(body.fields, path).toEqual([
        { field: 'cursor', reason: expect.any(String), code: 'notACursor' },
      ]);
    }
    const same = await api.request('GET', `/applications?state=approved&limit=5&cursor=${cursor}`, {
      token: bureau,
    });
    expect(same.status).toBe(200);
    expect(ids(same.body.items)).not.toContain(approved.body.items[0].id);

    const bad: [string, string][] = [
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=ten', 'limit'],
      ['state=pending', 'state'],
      ['year=26', 'year'],
      [`organization=${'x'.repeat(201)}`, 'organization'],
      ['cursor=not-a-cursor', 'cursor'],
      ['cursor=', 'cursor'],
    ];
    for (const [query, field] of bad) {
      const { status, body } = await api.request('GET', `/applications?${query}`, { token: bureau });
      expect(status, query).toBe(400);
      expect(
        body.fields.map((each: { field: string }) => each.field),
        query,
      ).toEqual([field]);
    }
  });
});

describe('the other lists, paged', () => {
  const enterprises = ['分页企业甲有限公司', '分页企业乙有限公司'] as const;
  const posted: { id: string; enterprise: string }[] = [];

  beforeAll(async () => {
    for (let index = 0; index < 7; index++) {
      const enterprise = enterprises[index % 2] as string;
      const token = await api.signIn(`owner-${index % 2}@paging.example.com`, 'enterprise', enterprise);
      const { status, body } = await api.request('POST', '/demands', {
        token,
        body: demandForm(enterprise),
        headers: { 'idempotency-key': `paging-demand-${index}` },
      });
      expect(status, JSON.stringify(body)).toBe(201);
      posted.push({ id: body.demand.id, enterprise });
    }
  });

  it("pages the bureau's demands, filters them by enterprise and state, and keeps an enterprise to its own", async () => {
    const { items, pages } = await everyPage(bureau, '/demands?limit=3');
    expect(pages).toBe(3);
    expect(ids(items).sort()).toEqual(ids(posted).sort());
    const ofFirst = await everyPage(
      bureau,
      `/demands?limit=2&organization=${encodeURIComponent(enterprises[0])}`,
    );
    expect(ids(ofFirst.items).sort()).toEqual(
      ids(posted.filter((each) => each.enterprise === enterprises[0])).sort(),
    );
    expect((await everyPage(bureau, '/demands?state=verified')).items).toEqual([]);

    const owner = await api.signIn('owner-1@paging.example.com', 'enterprise', enterprises[1]);
    const own = await everyPage(owner, '/demands?limit=1');
    expect(ids(own.items).sort()).toEqual(
      ids(posted.filter((each) => each.enterprise === enterprises[1])).sort(),
    );
    const other = await api.request('GET', `/demands?organization=${encodeURIComponent(enterprises[0])}`, {
      token: owner,
    });
    expect(other.status).toBe(403);
  });

  it("pages the bureau's open tasks oldest first, each once", async () => {
    const verifyTasks = posted.map((each) => `verify-demand.${each.id}`);
    const { items } = await eventually(
      'a verification task for each demand',
      () => everyPage(bureau, '/tasks?limit=2'),
      (read) => verifyTasks.every((id) => read.items.some((task) => task.id === id)),
    );
    expect(new Set(ids(items)).size).toBe(items.length);
    const opened = (items as unknown as { openedAt: string }[]).map((task) => task.openedAt);
    expect(opened).toEqual([...opened].sort());
  });

  it('refuses a cursor of another list on each list, and filters a list does not have', async () => {
    const demandsPage = await api.request('GET', '/demands?limit=1', { token: bureau });
    const cursor = encodeURIComponent(demandsPage.body.nextCursor);
    for (const path of ['/applications', '/tasks', '/agreements', '/dispatches', '/commendation-rounds']) {
      const { status, body } = await api.request('GET', `${path}?cursor=${cursor}`, { token: bureau });
      expect(status, path).toBe(400);
      expect(body.fields, path).toEqual([
        { field: 'cursor', reason: expect.any(String), code: 'notACursor' },
      ]);
    }
    const refused: [string, string][] = [
      ['/dispatches?year=2026', 'year'],
      ['/tasks?state=open', 'state'],
      ['/agreements?state=signed_maybe', 'state'],
      ['/commendation-rounds?organization=x', 'organization'],
      ['/agreements?limit=500', 'limit'],
    ];
    for (const [path, field] of refused) {
      const { status, body } = await api.request('GET', path, { token: bureau });
      expect(status, path).toBe(400);
      expect(
        body.fields.map((each: { field: string }) => each.field),
        path,
      ).toEqual([field]);
    }
  });
});
