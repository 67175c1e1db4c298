import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportExecutionName } from '#shared/report/reportWorkflow.ts';
import { ApiClient, addDays } from '#test/support/apiClient.ts';
import { Lifecycle } from '#test/support/lifecycle.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

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

const goals = {
  industryImprovementReports: 1,
  technicalProblemsSolved: 3,
  technicalTrainings: 2,
  patentsApplied: 2,
  patentsGranted: 0,
  scienceTechProjects: 1,
  enterpriseTechCentres: 0,
  highTechEnterprises: 0,
  postdoctoralWorkstations: 0,
};

/** Today on the system's clock, as a date. */
async function today(): Promise<string> {
  return ((await api.request('GET', '/local/clock')).body.now as string).slice(0, 10);
}

async function draft(dispatchId: string, overrides: Record<string, unknown> = {}) {
  const start = addDays(await today(), 10);
  return api.request('POST', '/agreements', {
    token: admin,
    body: {
      dispatchId,
      termStart: start,
      termEnd: addDays(start, 364),
      goals,
      cadence: 'quarterly',
      ...overrides,
    },
  });
}

/** The agreement once the workflow has recorded what `accept` looks for. */
// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answers
const agreementUntil = async (id: string, accept: (agreement: any) => boolean) =>
  (await api.readUntil(admin, `/agreements/${encodeURIComponent(id)}`, (body) => accept(body.agreement)))
    .agreement;

type Parties = Awaited<ReturnType<Lifecycle['dispatched']>>;
const signers = (parties: Parties) => ({
  commissioner: { token: parties.commissioner.token, kind: 'sign-agreement-commissioner' },
  institution: { token: parties.commissioner.office, kind: 'sign-agreement-institution' },
  enterprise: { token: parties.demand.token, kind: 'sign-agreement-enterprise' },
});

describe('the cooperation agreement', () => {
  it('refuses a draft with bad dates, goals or cadence, naming each field', async () => {
    const { dispatchId } = await lifecycle.dispatched();
    const cases: [Record<string, unknown>, string][] = [
      [{ termStart: '2027-02-30' }, 'termStart'],
      [{ termStart: '2028-01-01', termEnd: '2027-12-31' }, 'termEnd'],
      [{ goals: { ...goals, patentsApplied: -1 } }, 'goals.patentsApplied'],
      [{ goals: { ...goals, technicalTrainings: 1.5 } }, 'goals.technicalTrainings'],
      [{ cadence: 'weekly' }, 'cadence'],
      [{ termStart: '2020-01-01', termEnd: '2020-12-31' }, 'termStart'],
    ];
    for (const [override, field] of cases) {
      const response = await draft(dispatchId, override);
      expect(response.status, field).toBe(400);
      expect(response.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const { status } = await api.request('GET', `/agreements/${encodeURIComponent(dispatchId)}`, {
      token: admin,
    });
    expect(status).toBe(404);
  });

  it.each([
    [['commissioner', 'institution', 'enterprise']],
    [['commissioner', 'enterprise', 'institution']],
    [['institution', 'commissioner', 'enterprise']],
    [['institution', 'enterprise', 'commissioner']],
    [['enterprise', 'commissioner', 'institution']],
    [['enterprise', 'institution', 'commissioner']],
  ] as const)(
    'is signed in the order %j, countersigned, and activates with its report periods',
    async (order) => {
      const parties = await lifecycle.dispatched();
      const drafted = await draft(parties.dispatchId);
      expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
      const id = drafted.body.agreement.id as string;
      expect((await draft(parties.dispatchId)).status).toBe(409);

      const bySigner = signers(parties);
      for (const party of order) {
        const { token, kind } = bySigner[party];
        expect((await lifecycle.complete(token, `${kind}.${id}`, 'sign')).status).toBe(200);
        expect((await lifecycle.attempt(token, `${kind}.${id}`, 'sign')).status).toBe(409);
        await agreementUntil(id, (agreement) =>
          agreement.signatures.some((s: { party: string }) => s.party === party),
        );
      }
      const signed = await agreementUntil(id, (agreement) => agreement.state === 'awaiting_countersignature');
      expect(signed.signatures.map((s: { party: string }) => s.party)).toEqual([...order]);
      expect(new Set(signed.signatures.map((s: { termsHash: string }) => s.termsHash))).toEqual(
        new Set([signed.termsHash]),
      );

      expect((await lifecycle.complete(admin, `countersign-agreement.${id}`, 'countersign')).status).toBe(
        200,
      );
      // Activation writes the term's periods a step after the state.
      const active = await agreementUntil(
        id,
        (agreement) => agreement.state === 'active' && agreement.reportPeriods.length === 4,
      );
      expect(active.reportPeriods.map((p: { state: string }) => p.state)).toEqual([
        'scheduled',
        'scheduled',
        'scheduled',
        'scheduled',
      ]);
      expect(active.signatures.at(-1)).toMatchObject({ party: 'bureau', by: { role: 'admin' } });
      await api.waitForEmails(parties.commissioner.email, (e) => e.subject.startsWith('合作协议生效'));
    },
  );

  it("refuses signing someone else's part, and opens the first report period on its start date", async () => {
    const parties = await lifecycle.dispatched();
    const id = (await draft(parties.dispatchId)).body.agreement.id as string;
    const bySigner = signers(parties);
    const wrong = await lifecycle.complete(parties.demand.token, `sign-agreement-commissioner.${id}`, 'sign');
    expect(wrong.status).toBe(403);
    for (const { token, kind } of Object.values(bySigner)) {
      await lifecycle.complete(token, `${kind}.${id}`, 'sign');
    }
    await lifecycle.complete(admin, `countersign-agreement.${id}`, 'countersign');
    await agreementUntil(id, (agreement) => agreement.state === 'active');

    await api.advanceClock(11 * 24 * 3600);
    const opened = await agreementUntil(id, (agreement) => agreement.reportPeriods[0]?.state !== 'scheduled');
    expect(opened.reportPeriods.map((p: { state: string }) => p.state)).toEqual([
      'open',
      'scheduled',
      'scheduled',
      'scheduled',
    ]);
  });

  it('signed after its term began, opens the first period at once and schedules only the periods to come', async () => {
    const parties = await lifecycle.dispatched();
    const termStart = addDays(await api.clockDay(), 1);
    const drafted = await draft(parties.dispatchId, { termStart, termEnd: addDays(termStart, 364) });
    const id = drafted.body.agreement.id as string;
    // The term begins while the parties are still signing.
    await api.advanceTo(addDays(termStart, 3), '10:00');
    for (const { token, kind } of Object.values(signers(parties))) {
      await api.waitForTask(token, `${kind}.${id}`);
      expect((await lifecycle.complete(token, `${kind}.${id}`, 'sign')).status).toBe(200);
    }
    await api.waitForTask(admin, `countersign-agreement.${id}`);
    expect((await lifecycle.complete(admin, `countersign-agreement.${id}`, 'countersign')).status).toBe(200);

    const { agreement } = await api.readUntil(
      admin,
      `/agreements/${encodeURIComponent(id)}`,
      // Activation writes the periods one after another, the first open at once.
      (body) =>
        body.agreement.reportPeriods.length === 4 && body.agreement.reportPeriods[0]?.state === 'open',
    );
    const periods = agreement.reportPeriods as { id: string; start: string; state: string }[];
    expect(periods.map((p) => p.state)).toEqual(['open', 'scheduled', 'scheduled', 'scheduled']);
    expect(periods[0]?.start).toBe(termStart);
    await api.waitForTask(parties.commissioner.token, `submit-report.${periods[0]?.id}`);

    // A schedule only for each period still to come: none for the first, whose moment has passed.
    const schedules = (await api.request('GET', '/local/schedules')).body.items as {
      name: string;
      input: string;
    }[];
    const ours = schedules
      .map((schedule) => ({
        name: schedule.name,
        opening: JSON.parse(schedule.input) as { reportId: string },
      }))
      .filter(({ opening }) => opening.reportId?.startsWith(`${id}.`));
    expect(ours.map(({ opening }) => opening)).toEqual(
      periods.slice(1).map((period) => ({ reportId: period.id, start: period.start })),
    );

    // Opening a period twice (at once, then by a schedule left over) starts its execution once.
    const second = ours[0];
    for (let run = 0; run < 2; run += 1) {
      const ran = await api.request('POST', '/local/schedules/run', { body: { name: second?.name } });
      expect(ran.status).toBe(200);
    }
    const executions = (await api.request('GET', '/local/executions')).body.items as { name: string }[];
    for (const period of periods.slice(0, 2)) {
      const name = reportExecutionName(period.id);
      expect(executions.filter((execution) => execution.name === name)).toHaveLength(1);
    }
  });

  it('ends unsigned when a party declines, telling everyone why', async () => {
    const parties = await lifecycle.dispatched();
    const id = (await draft(parties.dispatchId)).body.agreement.id as string;
    const declined = await lifecycle.complete(
      parties.commissioner.office,
      `sign-agreement-institution.${id}`,
      'decline',
      '合作期与本校教学安排冲突',
    );
    expect(declined.status).toBe(200);
    await agreementUntil(id, (agreement) => agreement.state === 'declined');
    await api.waitForEmails(parties.demand.contactEmail, (e) => e.text.includes('合作期与本校教学安排冲突'));
  });

  it('cannot be drafted before the commissioner is dispatched, or by anyone but the bureau', async () => {
    const commissioner = await lifecycle.poolCommissioner(['智能制造'], ['余杭区']);
    const demand = await lifecycle.verifiedDemand();
    const dispatchId = await lifecycle.propose(demand.id, commissioner.sub);
    expect((await draft(dispatchId)).status).toBe(409);
    const asEnterprise = await api.request('POST', '/agreements', {
      token: demand.token,
      body: { dispatchId, termStart: '2027-01-01', termEnd: '2027-12-31', goals, cadence: 'quarterly' },
    });
    expect(asEnterprise.status).toBe(403);
  });
});
