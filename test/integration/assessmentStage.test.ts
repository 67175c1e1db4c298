import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Rubric, scoreCommissioner } from '#shared/assessment/rubric.ts';
import type { OutcomeCounts } from '#shared/outcomes.ts';
import { reportExecutionName } from '#shared/report/reportWorkflow.ts';
import { ApiClient, addDays, outcomeCounts } from '#test/support/apiClient.ts';
import { eventually } from '#test/support/eventually.ts';
import { Lifecycle } from '#test/support/lifecycle.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/*
 * A programme year for three commissioners on the embedded runtime: each has an active
 * agreement and an accepted report; the year is assessed (rated, scored by the bureau's
 * rubric, graded; incompetent ends an agreement), then a commendation round nominates,
 * the panel scores with conflicts excluded, the bureau approves, and the list is published.
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

const rubric: Rubric = {
  pointsPerOutcome: outcomeCounts({ technicalProblemsSolved: 10, technicalTrainings: 5, patentsApplied: 8 }),
  goalPoints: 40,
  pointsPerRatingStar: 4,
  gradeThresholds: { excellent: 80, good: 60, competent: 40 },
};

interface Served {
  parties: Awaited<ReturnType<Lifecycle['dispatched']>>;
  agreementId: string;
  goals: OutcomeCounts;
  accepted: OutcomeCounts;
  assessmentId: string;
}

describe('a programme year', () => {
  const served: Served[] = [];
  let year: string;
  const assessment = async (id: string) =>
    (await api.request('GET', `/assessments/${encodeURIComponent(id)}`, { token: admin })).body.assessment;
  /** The assessment once the workflow has recorded what `accept` looks for. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answers
  const assessmentUntil = async (id: string, accept: (assessment: any) => boolean) =>
    (await api.readUntil(admin, `/assessments/${encodeURIComponent(id)}`, (body) => accept(body.assessment)))
      .assessment;

  beforeAll(async () => {
    const termStart = addDays(await api.clockDay(), 20);
    const outcomes = [
      outcomeCounts({ technicalProblemsSolved: 4, technicalTrainings: 2, patentsApplied: 2 }),
      outcomeCounts({ technicalProblemsSolved: 3, technicalTrainings: 3, patentsApplied: 1 }),
      outcomeCounts({ technicalTrainings: 1 }),
    ];
    for (const accepted of outcomes) {
      const parties = await lifecycle.dispatched();
      const goals = outcomeCounts({ technicalProblemsSolved: 4, technicalTrainings: 4, patentsApplied: 2 });
      const drafted = await api.request('POST', '/agreements', {
        token: admin,
        body: { dispatchId: parties.dispatchId, termStart, termEnd: addDays(termStart, 729), goals },
      });
      expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
      const agreementId = drafted.body.agreement.id as string;
      await lifecycle.complete(
        parties.commissioner.token,
        `sign-agreement-commissioner.${agreementId}`,
        'sign',
      );
      await lifecycle.complete(
        parties.commissioner.office,
        `sign-agreement-institution.${agreementId}`,
        'sign',
      );
      await lifecycle.complete(parties.demand.token, `sign-agreement-enterprise.${agreementId}`, 'sign');
      await lifecycle.complete(admin, `countersign-agreement.${agreementId}`, 'countersign');
      served.push({ parties, agreementId, goals, accepted, assessmentId: '' });
    }
    await api.advanceTo(termStart, '08:00');
    for (const one of served) {
      const reportId = `${one.agreementId}.period-1`;
      const submitted = await api.request('POST', `/reports/${encodeURIComponent(reportId)}/versions`, {
        token: one.parties.commissioner.token,
        body: { counts: one.accepted, narrative: '本期工作情况。', evidence: [] },
      });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
      await lifecycle.complete(one.parties.demand.token, `confirm-report.${reportId}`, 'confirm');
      expect((await lifecycle.complete(admin, `review-report.${reportId}`, 'accept')).status).toBe(200);
    }
    const firstReport = (
      await api.request('GET', `/reports/${encodeURIComponent(`${served[0]?.agreementId}.period-1`)}`, {
        token: admin,
      })
    ).body.report;
    year = (firstReport.end as string).slice(0, 4);
  });

  it('publishes a rubric the bureau alone may change', async () => {
    expect(
      (await api.request('GET', '/rubric', { token: served[0]?.parties.commissioner.token })).status,
    ).toBe(200);
    const asCommissioner = await api.request('PUT', '/rubric', {
      token: served[0]?.parties.commissioner.token,
      body: rubric,
    });
    expect(asCommissioner.status).toBe(403);
    const inverted = await api.request('PUT', '/rubric', {
      token: admin,
      body: { ...rubric, gradeThresholds: { excellent: 50, good: 60, competent: 40 } },
    });
    expect([inverted.status, inverted.body.fields?.[0]?.field]).toEqual([400, 'gradeThresholds']);
    const set = await api.request('PUT', '/rubric', { token: admin, body: rubric });
    expect(set.status).toBe(200);
    expect((await api.request('GET', '/rubric', { token: admin })).body).toEqual({ rubric, version: 1 });
  });

  it("opens the year's assessments, one per agreement in force, only for the bureau", async () => {
    expect((await api.request('POST', '/assessments', { token: admin, body: { year: '27' } })).status).toBe(
      400,
    );
    expect(
      (await api.request('POST', '/assessments', { token: served[0]?.parties.demand.token, body: { year } }))
        .status,
    ).toBe(403);
    const progress = `/assessments/openings/${year}`;
    expect((await api.request('GET', progress, { token: admin })).status).toBe(404);
    // A page that keeps failing stops the opening with the reason; opening again resumes it.
    const page = 'Open the assessments of a page of agreements';
    const fault = { state: page, times: 4, error: 'Lambda.ServiceException' };
    expect((await api.request('POST', '/local/faults', { body: fault })).status).toBe(200);
    const opened = await api.request('POST', '/assessments', { token: admin, body: { year } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(202);
    expect(opened.body.location).toBe(progress);
    const failed = await eventually(
      `the ${year} opening stopped`,
      async () => {
        // The retries back off 2, 4 and 8 seconds on the system's clock.
        await api.advanceClock(10);
        return (await api.request('GET', progress, { token: admin })).body.opening;
      },
      (opening) => opening?.state === 'failed',
    );
    expect(failed).toMatchObject({ attempt: 1, pagesDone: 0, failure: { error: 'Lambda.ServiceException' } });
    const resumed = await api.request('POST', '/assessments', { token: admin, body: { year } });
    expect([resumed.status, resumed.body.opening?.attempt]).toEqual([202, 2]);
    // A second request while it runs (or after it ran) is never a second run.
    const again = await api.request('POST', '/assessments', { token: admin, body: { year } });
    expect([202, 409]).toContain(again.status);
    expect((await api.request('GET', progress, { token: served[0]?.parties.demand.token })).status).toBe(403);
    expect((await api.request('GET', '/assessments/openings/27', { token: admin })).status).toBe(400);
    const done = await api.readUntil(admin, progress, (body) => body.opening.state === 'opened');
    expect(done.opening).toMatchObject({ year, attempt: 2, pagesDone: 1, opened: 3 });
    const listed = await api.request('GET', `/assessments?year=${year}`, { token: admin });
    expect([listed.body.items.length, listed.body.nextCursor]).toEqual([3, undefined]);
    // A page at a time: each cursor reads on, the last page has none, nothing twice.
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.request(
        'GET',
        `/assessments?year=${year}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        { token: admin },
      );
      expect(page.body.items).toHaveLength(1);
      paged.push(page.body.items[0].id);
      cursor = page.body.nextCursor;
    } while (cursor && paged.length < 10);
    expect(paged).toEqual(listed.body.items.map((one: { id: string }) => one.id));
    const firstPage = await api.request('GET', `/assessments?year=${year}&limit=2`, { token: admin });
    const refusals = {
      limit: `/assessments?year=${year}&limit=0`,
      cursor: `/assessments?year=${Number(year) + 1}&cursor=${firstPage.body.nextCursor}`,
    };
    for (const [field, path] of Object.entries(refusals)) {
      const refused = await api.request('GET', path, { token: admin });
      expect([refused.status, refused.body.fields?.[0]?.field]).toEqual([400, field]);
    }
    for (const one of served) {
      one.assessmentId = `${year}.${one.agreementId}`;
      expect((await assessment(one.assessmentId)).state).toBe('awaiting_rating');
    }
    const finished = await api.request('POST', '/assessments', { token: admin, body: { year } });
    expect([finished.status, finished.body.message]).toEqual([
      409,
      expect.stringContaining('a year is opened once'),
    ]);
  });

  it('opens a year with no agreement in force as an empty opening', async () => {
    expect((await api.request('POST', '/assessments', { token: admin, body: { year: '2099' } })).status).toBe(
      202,
    );
    const done = await api.readUntil(
      admin,
      '/assessments/openings/2099',
      (body) => body.opening.state === 'opened',
    );
    expect(done.opening).toMatchObject({ pagesDone: 1, opened: 0 });
  });

  it('takes each enterprise’s rating of its own commissioner only, 1 to 5', async () => {
    const [first, second] = served as [Served, Served, Served];
    for (const one of [first, second]) await api.waitForTask(admin, `rate-commissioner.${one.assessmentId}`);
    const rate = (one: Served, token: string | undefined, body: unknown) =>
      api.request('POST', `/assessments/${encodeURIComponent(one.assessmentId)}/rating`, { token, body });
    expect((await rate(first, second.parties.demand.token, { score: 5 })).status).toBe(403);
    const outOfRange = await rate(first, first.parties.demand.token, { score: 6 });
    expect([outOfRange.status, outOfRange.body.fields?.[0]?.field]).toEqual([400, 'score']);
    expect((await rate(first, first.parties.demand.token, { score: 4.5 })).status).toBe(400);
    expect((await assessment(first.assessmentId)).state).toBe('awaiting_rating');

    expect(
      (await rate(first, first.parties.demand.token, { score: 5, comment: '响应及时，解决问题能力强' }))
        .status,
    ).toBe(202);
    expect((await rate(second, second.parties.demand.token, { score: 3 })).status).toBe(202);
    expect((await rate(first, first.parties.demand.token, { score: 1 })).status).toBe(409);
  });

  it('scores each commissioner by the rubric, with the rating or without it once the rating lapses', async () => {
    const [first, , third] = served as [Served, Served, Served];
    const scored = await assessmentUntil(first.assessmentId, (one) => one.state === 'scored');
    const expected = scoreCommissioner(rubric, first.accepted, first.goals, 5);
    expect(scored.score).toMatchObject({ ...expected, rubric });
    expect(scored.score.total).toBe(expected.total);

    expect((await assessment(third.assessmentId)).state).toBe('awaiting_rating');
    // Past the deadline, a reminder and the second deadline: each wait starts when the last one ended.
    await api.advanceClock(15 * 24 * 3600);
    await api.advanceClock(15 * 24 * 3600);
    const lapsed = await assessmentUntil(third.assessmentId, (one) => one.state === 'scored');
    expect(lapsed.audit.map((entry: { action: string }) => entry.action)).toContain('lapse_rating');
    expect(lapsed.score.total).toBe(scoreCommissioner(rubric, third.accepted, third.goals, undefined).total);
  });

  it('lets the bureau grade each once; incompetent needs a reason and ends the agreement early', async () => {
    const [first, second, third] = served as [Served, Served, Served];
    expect(
      (await lifecycle.attempt(admin, 'grade-commissioner.2027.no-such-agreement', 'excellent')).status,
    ).toBe(404);
    expect(
      (
        await lifecycle.complete(
          first.parties.demand.token,
          `grade-commissioner.${first.assessmentId}`,
          'excellent',
        )
      ).status,
    ).toBe(403);
    expect(
      (await lifecycle.complete(admin, `grade-commissioner.${first.assessmentId}`, 'excellent')).status,
    ).toBe(200);
    expect((await lifecycle.attempt(admin, `grade-commissioner.${first.assessmentId}`, 'good')).status).toBe(
      409,
    );
    expect(
      (await lifecycle.complete(admin, `grade-commissioner.${second.assessmentId}`, 'excellent')).status,
    ).toBe(200);
    expect(
      (await lifecycle.complete(admin, `grade-commissioner.${third.assessmentId}`, 'incompetent')).status,
    ).toBe(400);
    // The third agreement's next period opens, so the early end has a period waiting for a report.
    const secondPeriod = `${third.agreementId}.period-2`;
    const { report: nextPeriod } = (
      await api.request('GET', `/reports/${encodeURIComponent(secondPeriod)}`, { token: admin })
    ).body;
    await api.advanceTo(nextPeriod.start, '08:00');
    await api.waitForTask(third.parties.commissioner.token, `submit-report.${secondPeriod}`);
    const waiting = (
      await api.request('GET', `/agreements/${encodeURIComponent(third.agreementId)}`, { token: admin })
    ).body.agreement.reportPeriods
      .filter((period: { state: string }) => ['open', 'revising', 'overdue'].includes(period.state))
      .map((period: { id: string }) => period.id);
    expect(waiting).toEqual([secondPeriod]);
    expect(
      (
        await lifecycle.complete(
          admin,
          `grade-commissioner.${third.assessmentId}`,
          'incompetent',
          '全年仅开展一次培训',
        )
      ).status,
    ).toBe(200);

    expect((await assessmentUntil(first.assessmentId, (one) => one.grade !== undefined)).grade).toMatchObject(
      { grade: 'excellent' },
    );
    await assessmentUntil(second.assessmentId, (one) => one.grade !== undefined);
    const ended = (
      await api.readUntil(
        admin,
        `/agreements/${encodeURIComponent(third.agreementId)}`,
        (body) =>
          body.agreement.state === 'terminated' &&
          !body.agreement.reportPeriods.some((period: { state: string }) => period.state === 'scheduled'),
      )
    ).agreement;
    expect(ended.audit.at(-1)).toMatchObject({
      action: 'terminate',
      reason: expect.stringContaining('全年仅开展一次培训'),
    });
    expect(ended.reportPeriods.map((period: { state: string }) => period.state)).not.toContain('scheduled');
    // The periods that waited for a report close with the reason, their executions stopped and tasks gone.
    for (const id of waiting) {
      const closed = (
        await api.readUntil(
          admin,
          `/reports/${encodeURIComponent(id)}`,
          (body) => body.report.state === 'closed',
        )
      ).report;
      expect(closed.audit.at(-1)).toMatchObject({
        action: 'close_early',
        actor: { role: 'system' },
        reason: 'The agreement ended early: 全年仅开展一次培训',
      });
      const executions = (await api.request('GET', '/local/executions')).body.items as {
        name: string;
        status: string;
      }[];
      const ofPeriod = executions.filter((execution) => execution.name.startsWith(reportExecutionName(id)));
      expect(ofPeriod.map((execution) => execution.status)).toEqual(['ABORTED']);
    }
    const tasks = (await api.request('GET', '/tasks', { token: third.parties.commissioner.token })).body
      .items;
    expect(tasks.map((task: { id: string }) => task.id)).toEqual(
      expect.not.arrayContaining(waiting.map((id: string) => `submit-report.${id}`)),
    );
    const told = await api.waitForEmails(third.parties.demand.contactEmail, (email) =>
      email.subject.startsWith('合作协议提前终止'),
    );
    expect(told).toHaveLength(1);
  });

  describe('the commendation round', () => {
    let roundId: string;
    let panel: { token: string; email: string; organization: string }[];
    const round = async (token = admin) =>
      (await api.request('GET', `/commendation-rounds/${encodeURIComponent(roundId)}`, { token })).body.round;
    /** The round (as the bureau sees it) once the workflow has recorded a state `accept` takes. */
    const roundUntil = async (accept: (state: string) => boolean) =>
      (
        await api.readUntil(admin, `/commendation-rounds/${encodeURIComponent(roundId)}`, (body) =>
          accept(body.round.state),
        )
      ).round;
    const score = (token: string, nomineeId: string, value: number) =>
      api.request('POST', `/commendation-rounds/${encodeURIComponent(roundId)}/scores`, {
        token,
        body: { nomineeId, score: value },
      });

    it('opens only for a year with graded assessments, once, and nominates excellent grades up to the limit', async () => {
      const [first, second, third] = served as [Served, Served, Served];
      const nothingGraded = await api.request('POST', '/commendation-rounds', {
        token: admin,
        body: { year: '2031', limit: 2 },
      });
      expect(nothingGraded.status).toBe(409);
      expect(nothingGraded.body).toMatchObject({ code: 'nothingGradedInYear', params: { year: '2031' } });
      const opened = await api.request('POST', '/commendation-rounds', {
        token: admin,
        body: { year, limit: 2 },
      });
      expect(opened.status, JSON.stringify(opened.body)).toBe(201);
      roundId = opened.body.round.id;
      const twice = await api.request('POST', '/commendation-rounds', {
        token: admin,
        body: { year, limit: 2 },
      });
      expect(twice.status).toBe(409);
      expect(twice.body).toMatchObject({ code: 'roundExists', params: { year } });

      const nominate = (assessmentIds: string[]) =>
        api.request('POST', `/commendation-rounds/${encodeURIComponent(roundId)}/nominations`, {
          token: admin,
          body: { assessmentIds },
        });
      const tooMany = await nominate([first.assessmentId, second.assessmentId, third.assessmentId]);
      expect([tooMany.status, tooMany.body.fields?.[0]?.field]).toEqual([400, 'assessmentIds']);
      const notExcellent = await nominate([first.assessmentId, third.assessmentId]);
      expect(notExcellent.body.fields).toEqual([
        {
          field: 'assessmentIds.1',
          reason: 'is graded incompetent, not excellent',
          code: 'notExcellent',
          params: { grade: 'incompetent' },
        },
      ]);
      expect((await nominate([first.assessmentId, second.assessmentId])).status).toBe(200);
    });

    it('excludes a panel member from nominees of their own institution or the enterprise they are from', async () => {
      const [first, second] = served as [Served, Served, Served];
      panel = [
        { email: 'colleague@example.edu.cn', organization: first.parties.commissioner.institution },
        { email: 'manager@example.com', organization: second.parties.demand.organization },
        { email: 'independent@example.org', organization: '省科技咨询中心' },
      ].map((member) => ({ ...member, token: '' }));
      for (const member of panel) member.token = await api.signIn(member.email, 'panel', member.organization);
      const assigned = await api.request(
        'POST',
        `/commendation-rounds/${encodeURIComponent(roundId)}/panel`,
        {
          token: admin,
          body: { members: panel.map(({ email, organization }) => ({ email, organization })) },
        },
      );
      expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
      // Two quick starts, before the workflow records the round as scoring: exactly one wins.
      const start = () =>
        api.request('POST', `/commendation-rounds/${encodeURIComponent(roundId)}/scoring`, { token: admin });
      const starts = await Promise.all([start(), start()]);
      expect(starts.map((started) => started.status).sort(), JSON.stringify(starts)).toEqual([202, 409]);
      // The workflow records the scoring a moment after the answer; the console shows it, then refuses a second start.
      await roundUntil((state) => state === 'scoring');
      expect(
        (
          await api.request('POST', `/commendation-rounds/${encodeURIComponent(roundId)}/scoring`, {
            token: admin,
          })
        ).status,
      ).toBe(409);

      const [colleague, manager] = panel as [(typeof panel)[0], (typeof panel)[0]];
      expect((await round(colleague.token)).excluded).toEqual([
        { nomineeId: first.assessmentId, conflict: 'own-institution' },
      ]);
      expect((await score(colleague.token, first.assessmentId, 95)).status).toBe(403);
      expect((await score(manager.token, second.assessmentId, 95)).status).toBe(403);
      const invited = await api.waitForEmails(colleague.email, (email) =>
        email.subject.includes('表彰候选人评分'),
      );
      expect(invited).toHaveLength(1);
    });

    it('takes each allowed score once, then ranks by mean score with ties sharing a rank', async () => {
      const [first, second] = served as [Served, Served, Served];
      const [colleague, manager, independent] = panel as [
        (typeof panel)[0],
        (typeof panel)[0],
        (typeof panel)[0],
      ];
      const outsider = await api.signIn('outsider@example.org', 'panel', '某协会');
      expect((await score(outsider, first.assessmentId, 80)).status).toBe(403);
      expect((await score(independent.token, first.assessmentId, 101)).status).toBe(400);

      expect((await score(colleague.token, second.assessmentId, 80)).status).toBe(200);
      expect((await score(colleague.token, second.assessmentId, 60)).status).toBe(409);
      expect((await score(manager.token, first.assessmentId, 90)).status).toBe(200);
      expect((await score(independent.token, first.assessmentId, 70)).status).toBe(200);

      // Past the deadline: the bureau is told, and the one member with a nominee left is reminded.
      await api.advanceTo(addDays(await api.clockDay(), 15), '10:00');
      const reminded = await api.waitForEmails(independent.email, (email) =>
        email.subject.startsWith('提醒：'),
      );
      expect(reminded).toHaveLength(1);
      expect(reminded[0]?.text).toContain('您还有1名候选人未评分');
      for (const finished of [colleague, manager]) {
        expect(
          (await api.outboxTo(finished.email)).filter((email) => email.subject.startsWith('提醒：')),
        ).toEqual([]);
      }

      const own = (await score(independent.token, second.assessmentId, 80)).body.round;
      expect(own.scores.map((s: { memberEmail: string }) => s.memberEmail)).toEqual([
        'independent@example.org',
        'independent@example.org',
      ]);

      const ranked = await roundUntil((state) => state === 'awaiting_approval');
      expect(ranked.ranking).toEqual([
        { nomineeId: first.assessmentId, rank: 1, meanScore: 80, scoreCount: 2 },
        { nomineeId: second.assessmentId, rank: 1, meanScore: 80, scoreCount: 2 },
      ]);
    });

    it('publishes the approved list after the public notice, and tells the commended and their institutions', async () => {
      const [first, second] = served as [Served, Served, Served];
      expect((await lifecycle.complete(admin, `approve-commendation.${roundId}`, 'approve')).status).toBe(
        200,
      );
      await roundUntil((state) => state === 'in_notice');
      expect((await api.request('GET', `/commendations/${encodeURIComponent(roundId)}`)).status).toBe(404);

      await api.advanceClock(7 * 24 * 3600 + 60);
      await roundUntil((state) => state === 'published');
      const published = await api.request('GET', `/commendations/${encodeURIComponent(roundId)}`);
      expect(published.status).toBe(200);
      expect(published.body.commended).toEqual([
        {
          rank: 1,
          name: first.parties.commissioner.name,
          institution: first.parties.commissioner.institution,
          meanScore: 80,
        },
        {
          rank: 1,
          name: second.parties.commissioner.name,
          institution: second.parties.commissioner.institution,
          meanScore: 80,
        },
      ]);
      for (const one of [first, second]) {
        const congratulated = await api.waitForEmails(one.parties.commissioner.email, (email) =>
          email.subject.startsWith('祝贺'),
        );
        expect(congratulated).toHaveLength(1);
        expect(congratulated[0]?.to).toContain(one.parties.commissioner.officeEmail);
      }
    });
  });
});
