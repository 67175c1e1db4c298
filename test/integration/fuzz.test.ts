import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedRuntime, startEmbeddedRuntime } from '#local/runtime.ts';
import { openRouteThrottle } from '#shared/api/routeSpec.ts';
import { routes } from '#shared/api/routes.ts';
import { outcomeCategories } from '#shared/outcomes.ts';
import { ApiClient, applicationForm } from '#test/support/apiClient.ts';

/*
 * Every write route with at least 300 generated bodies each: wrong types, missing and
 * extra fields, very long strings, odd unicode, `__proto__` and `constructor` keys, and
 * text that is not JSON. The API must never answer 5xx, and a rejected request must leave
 * every table exactly as it was. The runtime runs in this process so the test can read its
 * tables directly.
 */

const bodiesPerRoute = 300;

let runtime: EmbeddedRuntime;
let api: ApiClient;
let tables: DynamoDBDocumentClient;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  runtime = await startEmbeddedRuntime({ port: 0 });
  api = new ApiClient(runtime.url);
  tables = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, region: process.env.AWS_REGION }),
  );
  tokens.admin = await api.signIn('admin@kjj.example.gov.cn', 'admin');
  tokens.commissioner = await api.signIn('expert@example.edu.cn', 'commissioner');
  tokens.enterprise = await api.signIn('boss@example.com', 'enterprise', '测试企业有限公司');
  tokens.panel = await api.signIn('panel@example.org', 'panel', '省科技咨询中心');
});

afterAll(async () => {
  await runtime?.close();
});

/** Every item of every table, as one comparable text. */
async function snapshot(): Promise<string> {
  const { TableNames = [] } = await tables.send(new ListTablesCommand({}));
  const contents: Record<string, unknown[]> = {};
  for (const name of TableNames.sort()) {
    const { Items = [] } = await tables.send(new ScanCommand({ TableName: name }));
    contents[name] = Items.map((item) => JSON.stringify(item)).sort();
  }
  return JSON.stringify(contents);
}

const counts = Object.fromEntries(outcomeCategories.map((category) => [category, 1]));

/** A valid body for each write route, and who sends it: the generated bodies are mutations of it. */
const validBodies: Record<string, { readonly as: string; readonly body: unknown }> = {
  'POST /applications': { as: 'commissioner', body: applicationForm() },
  'PUT /applications/{id}': { as: 'commissioner', body: { form: applicationForm(), baseRevision: 1 } },
  'POST /tasks/{id}/complete': { as: 'admin', body: { decision: 'approve', reason: '材料齐全' } },
  'POST /demands': {
    as: 'enterprise',
    body: {
      enterpriseName: '测试企业有限公司',
      creditCode: '91350100M000100Y43',
      problem: '数控机床加工精度不稳定，需要工艺优化与设备智能化改造方面的技术支持。',
      industry: 'advancedManufacturing',
      technicalFields: ['智能制造'],
      location: '杭州市余杭区',
      contactName: '王经理',
      contactPhone: '13912345678',
      contactEmail: 'contact@example.com',
    },
  },
  'PUT /demands/{id}': { as: 'enterprise', body: { problem: '需要工艺优化。' } },
  'POST /dispatches': {
    as: 'admin',
    body: { demandId: 'no-such-demand', commissionerId: 'no-such-commissioner' },
  },
  'POST /dispatches/{id}/objections': { as: 'commissioner', body: { reason: '该专家与企业存在利益关联' } },
  'POST /agreements': {
    as: 'admin',
    body: { dispatchId: 'no-such-dispatch', termStart: '2030-01-01', termEnd: '2030-12-31', goals: counts },
  },
  'POST /agreements/{id}/cadence': { as: 'admin', body: { cadence: 'monthly', reason: '按月跟踪' } },
  'POST /reports/{id}/waiver': { as: 'admin', body: { reason: '企业停产检修' } },
  'PUT /me/language': { as: 'enterprise', body: { language: 'en' } },
  'POST /imports': { as: 'admin', body: { name: '莲都区特派员.xlsx', size: 20480 } },
  'POST /files': {
    as: 'commissioner',
    body: {
      owner: { kind: 'report', id: 'no-such-report' },
      name: '专利受理通知书.pdf',
      size: 1024,
      type: 'application/pdf',
    },
  },
  'POST /reports/{id}/versions': {
    as: 'commissioner',
    body: {
      counts,
      narrative: '本期工作情况。',
      evidence: [{ kind: 'patentApplication', number: '200410018477.9' }],
    },
  },
  'POST /assessments': { as: 'admin', body: { year: '2099' } },
  'POST /assessments/{id}/rating': { as: 'enterprise', body: { score: 5, comment: '满意' } },
  'PUT /rubric': {
    as: 'admin',
    body: {
      pointsPerOutcome: counts,
      goalPoints: 40,
      pointsPerRatingStar: 4,
      gradeThresholds: { excellent: 80, good: 60, competent: 40 },
    },
  },
  'POST /commendation-rounds': { as: 'admin', body: { year: '2099', limit: 3 } },
  'POST /commendation-rounds/{id}/nominations': { as: 'admin', body: { assessmentIds: ['2099.none'] } },
  'POST /commendation-rounds/{id}/panel': {
    as: 'admin',
    body: { members: [{ email: 'p@example.org', organization: '省科技咨询中心' }] },
  },
  'POST /commendation-rounds/{id}/scores': { as: 'panel', body: { nomineeId: '2099.none', score: 80 } },
  'POST /people': {
    as: 'admin',
    body: { email: 'fuzz.invitee@example.com', roles: ['enterprise'], organization: '模糊测试企业有限公司' },
  },
  'PUT /people/{sub}': { as: 'admin', body: { roles: ['panel'], version: 1 } },
  'POST /people/{sub}/disable': { as: 'admin', body: { reason: '已离职' } },
  'POST /people/{sub}/enable': { as: 'admin', body: { reason: '重新入职' } },
};

const writeRoutes = routes.filter((route) => route.method !== 'GET' && route.requestBody);

const oddText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '\uFEFF',
    '\u202E反向',
    '𠜎𠜱𠝹',
    'e\u0301',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
  ),
  fc.nat({ max: 200_000 }).map((length) => '长'.repeat(length)),
);
const dangerousKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty');
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3, key: fc.oneof(fc.string({ maxLength: 10 }), dangerousKey) }),
  oddText,
  fc.double(),
  fc.constantFrom(-1, 0.5, Number.MAX_SAFE_INTEGER, 1e308, true, null, [], {}),
);

type Path = (string | number)[];

function pathsOf(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [at];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value);
  return [at, ...entries.flatMap(([key, child]) => pathsOf(child, [...at, key]))];
}

/** The JSON text of `base` with the value at `path` replaced (or removed when `replacement` is `remove`). */
function mutated(base: unknown, path: Path, replacement: unknown): string {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string | number, unknown>;
  if (path.length === 0) return JSON.stringify(replacement === remove ? undefined : replacement) ?? '';
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (replacement === remove) delete parent[last];
  else parent[last] = replacement;
  return JSON.stringify(copy);
}
const remove = Symbol('remove');

/** A body: a mutation of the valid one, an extra (possibly dangerous) key, raw `__proto__` JSON, or not JSON at all. */
function bodies(base: unknown): fc.Arbitrary<string> {
  const paths = pathsOf(base);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...paths), anyValue).map(([path, value]) => mutated(base, path, value)),
    fc.constantFrom(...paths.filter((path) => path.length > 0)).map((path) => mutated(base, path, remove)),
    fc.tuple(fc.oneof(dangerousKey, fc.string({ maxLength: 12 })), anyValue).map(([key, value]) => {
      // Written by hand so `__proto__` is an own key of the JSON object, as an attacker would send it.
      const text = JSON.stringify(base);
      return text.startsWith('{')
        ? `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'},${text.slice(1)}`
        : text;
    }),
    fc.constantFrom(
      '{"__proto__":{"isAdmin":true,"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '',
      'null',
      '[]',
      '{',
      'not json',
      '"just a string"',
    ),
    fc.string({ maxLength: 200 }),
  );
}

describe.each(writeRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
  '%s',
  (name, route) => {
    it(`answers ${bodiesPerRoute} generated bodies without a 5xx, changing nothing when it refuses`, async () => {
      const valid = validBodies[name];
      if (!valid) throw new Error(`No valid body for ${name}: add one to the fuzz test`);
      const path = route.path.replace(/\{(\w+)\}/g, 'no-such-record');
      let baseline = await snapshot();
      await fc.assert(
        fc.asyncProperty(bodies(valid.body), async (body) => {
          const response = await fetch(`${runtime.url}${path}`, {
            method: route.method,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[valid.as]}` },
            body,
          });
          await response.text();
          expect(response.status, body.slice(0, 300)).toBeLessThan(500);
          // An accepted write starts or advances a workflow that records its steps after the answer
          // (as on AWS): let the engine finish them, so the next baseline holds what they wrote.
          await runtime.engine.idle();
          const after = await snapshot();
          if (response.status >= 400)
            expect(after, `${response.status} for ${body.slice(0, 300)}`).toBe(baseline);
          baseline = after;
        }),
        { numRuns: bodiesPerRoute },
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  },
);

describe('a flood', () => {
  it("of GET /health is answered with API Gateway's 429 once the route's bucket is empty", async () => {
    const { burst } = openRouteThrottle;
    const answers = await Promise.all(
      Array.from({ length: burst * 2 }, async () => {
        const response = await fetch(`${runtime.url}/health`);
        return { status: response.status, body: await response.json() };
      }),
    );
    const refused = answers.filter((answer) => answer.status === 429);
    // A burst's worth passes (and the few tokens that refill while the flood lasts); the rest waits.
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(burst);
    expect(refused.length).toBeGreaterThanOrEqual(burst / 2);
    for (const answer of refused) expect(answer.body).toEqual({ message: 'Too Many Requests' });
    expect(refused.length + answers.filter((answer) => answer.status === 200).length).toBe(burst * 2);
  });
});
