import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { type ExecutionListItem, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import {
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  DynamoDBDocumentClient,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, outcomeCounts } from '#test/support/apiClient.ts';
import { eventually } from '#test/support/eventually.ts';
import { executionHistory } from '#test/support/executionHistory.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/*
 * A programme of 10,000 agreements in force in one year, seeded straight into the runtime's
 * DynamoDB: the bureau opens the year through HTTP, the opening workflow pages through them,
 * and exactly one assessment (and one assessment workflow) per agreement is opened, in a
 * run whose history stays far under Step Functions' 25,000 events.
 */

const inForce = 10_000;
/** Agreements the year must not open: ended the year before, or never signed. */
const notInForce = 300;
const year = '2031';

let runtime: RuntimeProcess;
let api: ApiClient;
let admin: string;
let dynamo: DynamoDBDocumentClient;
let sfn: SFNClient;
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

/** An agreement as the agreement table holds it, with the attributes its indexes key on. */
function agreementItem(index: number, terms: { termStart: string; termEnd: string }, state: string) {
  const id = `scale-${String(index).padStart(5, '0')}`;
  const at = '2030-12-01T08:00:00.000Z';
  const enterprise = { name: `规模企业${index}`, email: `enterprise-${index}@example.com` };
  const institution = { name: `规模院所${index % 50}`, email: `office-${index % 50}@example.edu.cn` };
  const commissioner = {
    sub: `commissioner-${index}`,
    name: `特派员${index}`,
    email: `c-${index}@example.com`,
  };
  return {
    id,
    state,
    version: 1,
    auditPages: 0,
    recentAudit: [],
    createdAt: at,
    updatedAt: at,
    dispatchId: `dispatch-${id}`,
    demandId: `demand-${id}`,
    parties: { commissioner, institution, enterprise },
    terms: { ...terms, goals: outcomeCounts({ technicalProblemsSolved: 2 }), cadence: 'yearly' },
    termsHash: `hash-${id}`,
    signatures: [],
    entity: 'agreement',
    commissionerId: commissioner.sub,
    enterpriseKey: enterprise.name,
    institutionKey: institution.name,
  };
}

async function seedAgreements(): Promise<void> {
  const table = await tableNamed('AgreementTable');
  const items = [
    ...Array.from({ length: inForce }, (_, index) =>
      agreementItem(index, { termStart: `${year}-03-01`, termEnd: `${Number(year) + 1}-02-28` }, 'active'),
    ),
    ...Array.from({ length: notInForce }, (_, index) =>
      index % 2 === 0
        ? agreementItem(inForce + index, { termStart: '2029-01-01', termEnd: '2030-12-31' }, 'active')
        : agreementItem(inForce + index, { termStart: `${year}-01-01`, termEnd: `${year}-12-31` }, 'drafted'),
    ),
  ];
  const batches: (typeof items)[] = [];
  for (let from = 0; from < items.length; from += 25) batches.push(items.slice(from, from + 25));
  const writeBatch = async (batch: typeof items) => {
    let pending: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
    while (pending && pending.length > 0) {
      const written: BatchWriteCommandOutput = await dynamo.send(
        new BatchWriteCommand({ RequestItems: { [table]: pending } }),
      );
      pending = written.UnprocessedItems?.[table];
    }
  };
  for (let from = 0; from < batches.length; from += 8) {
    await Promise.all(batches.slice(from, from + 8).map(writeBatch));
  }
}

async function executionsOf(machinePart: string): Promise<ExecutionListItem[]> {
  const found: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListExecutionsCommand({ nextToken }));
    found.push(...(page.executions ?? []).filter((one) => one.stateMachineArn?.includes(machinePart)));
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

beforeAll(async () => {
  runtime = await startRuntimeProcess(await freshDataDir());
  api = new ApiClient(runtime.url);
  admin = await api.signIn('admin@kjj.example.gov.cn', 'admin');
  dynamo = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, region: 'us-east-1', credentials }),
  );
  sfn = new SFNClient({ endpoint: runtime.endpoints.stepFunctions, region: 'us-east-1', credentials });
}, 300_000);

afterAll(async () => {
  await runtime?.stop();
});

describe(`opening a year of ${inForce} agreements`, () => {
  it('opens exactly one assessment per agreement in force, in one run far under the history limit', async () => {
    const seeding = Date.now();
    await seedAgreements();
    const seeded = Date.now();

    const opened = await api.request('POST', '/assessments', { token: admin, body: { year } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(202);
    // A repeated request while it runs is the same run.
    const again = await api.request('POST', '/assessments', { token: admin, body: { year } });
    expect([again.status, again.body.opening?.attempt]).toEqual([202, 1]);
    const { body } = await eventually(
      `the ${year} opening`,
      () => api.request('GET', `/assessments/openings/${year}`, { token: admin }),
      (response) => response.body.opening?.state !== 'opening',
      900_000,
    );
    const finished = Date.now();
    expect(body.opening).toMatchObject({ state: 'opened', attempt: 1, opened: inForce });
    expect(body.opening.pagesDone).toBeGreaterThanOrEqual((inForce + notInForce) / 100);

    const assessments: {
      id: string;
      agreementId: string;
      version: number;
      recentAudit: { action: string }[];
    }[] = [];
    for await (const page of paginateQuery(
      { client: dynamo },
      {
        TableName: await tableNamed('AssessmentTable'),
        IndexName: 'byYear',
        KeyConditionExpression: '#year = :year',
        ExpressionAttributeNames: { '#year': 'year' },
        ExpressionAttributeValues: { ':year': year },
      },
    )) {
      assessments.push(...((page.Items ?? []) as typeof assessments));
    }
    expect(assessments).toHaveLength(inForce);
    expect(new Set(assessments.map((one) => one.agreementId)).size).toBe(inForce);
    expect(
      assessments.every(
        (one) => one.agreementId.startsWith('scale-') && Number(one.agreementId.slice(6)) < inForce,
      ),
    ).toBe(true);
    expect(
      assessments.filter((one) => one.recentAudit.filter((entry) => entry.action === 'open').length !== 1),
    ).toEqual([]);

    // The year's workflows all start at once. On this two-core machine, shared with the rest of
    // the suite, a read in the middle of that burst can run past its function's 10 s timeout (on
    // AWS each function has its own capacity), so the bureau reads once every workflow waits for
    // a person: the enterprise's rating, or the bureau's retry of a step that timed out in the
    // burst (a timeout is not retried; in two idle runs 0.9% and 1.4% of the openings did).
    const waiting = await eventually(
      `all ${inForce} assessments waiting for a person`,
      async () => {
        const { items } = (await api.request('GET', '/local/executions')).body as {
          items: {
            stateMachineArn: string;
            currentStates: { stateName: string; waitingFor: { kind: string } }[];
          }[];
        };
        return items
          .filter((run) => run.stateMachineArn.includes(':AssessmentWorkflow'))
          .flatMap((run) => run.currentStates)
          .filter((state) => state.waitingFor.kind === 'taskToken')
          .map((state) => state.stateName);
      },
      (states) => states.length === inForce,
      600_000,
      5_000,
    );
    const rating = 'Ask the enterprise to rate the commissioner';
    const retry = 'Ask the bureau to retry the failed step';
    expect(waiting.filter((state) => state !== rating && state !== retry)).toEqual([]);
    const toRetry = waiting.filter((state) => state === retry).length;

    // The bureau reads the year through the API a page at a time: every assessment once.
    const listed: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await api.request(
        'GET',
        `/assessments?year=${year}&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        { token: admin },
      );
      if (page.status !== 200) {
        const logged = runtime.loggedErrors().slice(-5).join('\n');
        throw new Error(
          `A page answered ${page.status} ${JSON.stringify(page.body)}; the runtime logged:\n${logged}`,
        );
      }
      expect(page.body.items.length).toBeLessThanOrEqual(500);
      listed.push(...page.body.items.map((one: { id: string }) => one.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages <= inForce / 500 + 1);
    expect([listed.length, new Set(listed).size, pages]).toEqual([inForce, inForce, inForce / 500]);

    const assessmentRuns = await executionsOf(':AssessmentWorkflow');
    expect(assessmentRuns).toHaveLength(inForce);
    expect(new Set(assessmentRuns.map((run) => run.name)).size).toBe(inForce);

    const [openingRun, ...others] = await executionsOf(':AssessmentOpeningWorkflow');
    expect(others).toEqual([]);
    expect([openingRun?.name, openingRun?.status]).toEqual([year, 'SUCCEEDED']);
    const events = await executionHistory(sfn, openingRun?.executionArn ?? '');
    // About seven events a page: a task's five and the Choice's two.
    expect(events.length).toBeLessThan(10 * body.opening.pagesDone);
    expect(events.length).toBeLessThan(25_000);

    const refused = await api.request('POST', '/assessments', { token: admin, body: { year } });
    expect(refused.status).toBe(409);
    console.log(
      `${inForce} agreements: seeded in ${seeded - seeding} ms, opened in ${finished - seeded} ms, ` +
        `${body.opening.pagesDone} pages, ${events.length} history events, ` +
        `${toRetry} assessments waiting for the bureau to retry a failed step`,
    );
  }, 1_000_000);
});
