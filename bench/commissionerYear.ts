import { reportPeriods } from '#shared/agreement/periods.ts';
import { outcomeCategories } from '#shared/outcomes.ts';
import { applicationForm } from '#test/support/apiClient.ts';
import { eventually } from '#test/support/eventually.ts';
import { pollIntervalMs, pollTimeoutMs, type TimedApi, throttledBurstMs } from './timedApi.ts';

/*
 * What the people of one commissioner's year do through the HTTP API, step by step, as the
 * integration tests drive it: the expert applies, the research office endorses, the bureau
 * approves; an enterprise posts a demand, the bureau verifies it, looks at the ranked
 * candidates and proposes the expert; both accept; after the notice the agreement is drafted,
 * signed by the three parties and countersigned; each quarter the commissioner submits, the
 * enterprise confirms and the bureau accepts; at the year's end the enterprise rates and the
 * bureau grades. Each actor opens the record before acting on it, as the console would; a step
 * that kept failing, the bench retries as the bureau (`TimedApi.retryFailedStepsAs`).
 *
 * The clock is one for the whole system, so the bench runs every commissioner through one
 * phase, moves the clock, and goes on to the next phase.
 */

export interface Participant {
  readonly n: number;
  readonly commissionerEmail: string;
  readonly commissionerToken: string;
  readonly officeToken: string;
  readonly enterpriseToken: string;
  readonly dispatchId: string;
  agreementId?: string;
}

export interface ReportPeriodView {
  readonly id: string;
  readonly index: number;
  readonly start: string;
  readonly end: string;
  readonly due: string;
}

const counts = (values: Partial<Record<(typeof outcomeCategories)[number], number>>) =>
  Object.fromEntries(outcomeCategories.map((category) => [category, values[category] ?? 0]));

export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Phase 1: from application to both parties accepting the dispatch. */
export async function applyAndDispatch(api: TimedApi, admin: string, n: number): Promise<Participant> {
  const commissionerEmail = `expert${n}@bench.example.edu.cn`;
  const institution = `基准大学${n}`;
  const officeEmail = `office${n}@bench.example.edu.cn`;
  const enterprise = `基准企业${n}有限公司`;
  const commissionerToken = await api.signIn(commissionerEmail, 'commissioner');
  const officeToken = await api.signIn(officeEmail, 'institution', institution);
  const enterpriseToken = await api.signIn(`boss${n}@bench.example.com`, 'enterprise', enterprise);

  const applied = await api.call('POST', '/applications', {
    token: commissionerToken,
    body: applicationForm({
      name: `专家${n}`,
      email: commissionerEmail,
      homeInstitution: institution,
      researchOfficeEmail: officeEmail,
      technicalFields: ['智能制造', '精密加工'],
      serviceAreas: ['余杭区'],
    }),
    expect: [201],
  });
  const applicationId = applied.body.application.id as string;
  const sub = applied.body.application.applicant.sub as string;
  await api.call('GET', '/applications/{id}', { params: { id: applicationId }, token: officeToken });
  await api.completeTask(officeToken, `endorse-application.${applicationId}`, 'endorse');
  await api.call('GET', '/applications/{id}', { params: { id: applicationId }, token: admin });
  await api.completeTask(admin, `review-application.${applicationId}`, 'approve');
  await api.readUntil(
    '/applications/{id}',
    { id: applicationId },
    admin,
    ({ body }) => body.application.state === 'approved',
  );

  const posted = await api.call('POST', '/demands', {
    token: enterpriseToken,
    body: {
      enterpriseName: enterprise,
      creditCode: '91350100M000100Y43',
      problem: '数控机床加工精度不稳定，需要工艺优化与设备智能化改造方面的技术支持。',
      industry: 'advancedManufacturing',
      technicalFields: ['智能制造', '精密加工'],
      location: '杭州市余杭区',
      contactName: '王经理',
      contactPhone: '13912345678',
      contactEmail: `contact${n}@bench.example.com`,
    },
    expect: [201],
  });
  const demandId = posted.body.demand.id as string;
  await api.call('GET', '/demands/{id}', { params: { id: demandId }, token: admin });
  await api.completeTask(admin, `verify-demand.${demandId}`, 'verify');
  await api.readUntil(
    '/demands/{id}',
    { id: demandId },
    admin,
    ({ body }) => body.demand.state === 'verified',
  );

  await api.call('GET', '/demands/{id}/candidates', { params: { id: demandId }, token: admin });
  // The approval is recorded a moment before the commissioner joins the pool.
  const proposed = await eventually(
    `${sub} in the pool`,
    () =>
      api.call('POST', '/dispatches', {
        token: admin,
        body: { demandId, commissionerId: sub },
        expect: [201, 400],
      }),
    ({ status, body }) =>
      !(status === 400 && JSON.stringify(body).includes('not a commissioner in the pool')),
    pollTimeoutMs,
    pollIntervalMs,
  );
  if (proposed.status !== 201)
    throw new Error(`POST /dispatches answered ${proposed.status}: ${JSON.stringify(proposed.body)}`);
  const dispatchId = proposed.body.dispatch.id as string;
  await api.call('GET', '/dispatches/{id}', { params: { id: dispatchId }, token: commissionerToken });
  await api.completeTask(commissionerToken, `accept-dispatch-commissioner.${dispatchId}`, 'accept');
  await api.call('GET', '/dispatches/{id}', { params: { id: dispatchId }, token: enterpriseToken });
  await api.completeTask(enterpriseToken, `accept-dispatch-enterprise.${dispatchId}`, 'accept');
  await api.readUntil(
    '/dispatches/{id}',
    { id: dispatchId },
    admin,
    ({ body }) => body.dispatch.state === 'in_notice',
  );
  return { n, commissionerEmail, commissionerToken, officeToken, enterpriseToken, dispatchId };
}

/** Phase 2, after the notice: the agreement drafted, signed in any order, countersigned; its periods. */
export async function signAgreement(
  api: TimedApi,
  admin: string,
  participant: Participant,
  termStart: string,
): Promise<ReportPeriodView[]> {
  const termEnd = addDays(termStart, 364);
  const drafted = await api.call('POST', '/agreements', {
    token: admin,
    body: {
      dispatchId: participant.dispatchId,
      termStart,
      termEnd,
      goals: counts({ technicalProblemsSolved: 6, technicalTrainings: 4, patentsApplied: 2 }),
    },
    expect: [201],
  });
  const agreementId = drafted.body.agreement.id as string;
  participant.agreementId = agreementId;
  const signers: [string, string][] = [
    [participant.commissionerToken, 'commissioner'],
    [participant.officeToken, 'institution'],
    [participant.enterpriseToken, 'enterprise'],
  ];
  for (const [token, party] of signers) {
    await api.call('GET', '/agreements/{id}', { params: { id: agreementId }, token });
    await api.completeTask(token, `sign-agreement-${party}.${agreementId}`, 'sign');
  }
  await api.completeTask(admin, `countersign-agreement.${agreementId}`, 'countersign');
  // Its report periods are scheduled once the countersignature is recorded, a moment after it answered.
  const agreement = await api.readUntil(
    '/agreements/{id}',
    { id: agreementId },
    admin,
    ({ body }) =>
      body.agreement.state === 'active' &&
      body.agreement.reportPeriods.length === reportPeriods(termStart, termEnd, 'quarterly').length,
  );
  return agreement.body.agreement.reportPeriods as ReportPeriodView[];
}

/** Phase 3, once per quarter after the period opened: submit, confirm, accept. */
export async function reportQuarter(
  api: TimedApi,
  admin: string,
  participant: Participant,
  index: number,
): Promise<void> {
  const reportId = `${participant.agreementId}.period-${index}`;
  const params = { id: reportId };
  await api.call('GET', '/tasks', { token: participant.commissionerToken });
  // The period opened when the clock moved; its task shows it is open for a report.
  await api.openTask(participant.commissionerToken, `submit-report.${reportId}`);
  await api.call('POST', '/reports/{id}/versions', {
    params,
    token: participant.commissionerToken,
    body: {
      counts: counts({ technicalProblemsSolved: 2, technicalTrainings: 1, patentsApplied: index % 2 }),
      narrative: `第${index}季度：完成数控机床加工精度诊断，优化切削参数；开展一次工艺培训。`,
      evidence: [{ kind: 'training', date: '2027-01-15', topic: '精密加工工艺', attendance: 20 + index }],
    },
    expect: [202],
  });
  await api.call('GET', '/reports/{id}', { params, token: participant.enterpriseToken });
  await api.completeTask(participant.enterpriseToken, `confirm-report.${reportId}`, 'confirm');
  await api.call('GET', '/reports/{id}', { params, token: admin });
  await api.completeTask(admin, `review-report.${reportId}`, 'accept');
}

/** Phase 4, after the bureau opened the year: the enterprise rates, the bureau grades by the score. */
export async function assessYear(
  api: TimedApi,
  admin: string,
  participant: Participant,
  year: string,
): Promise<void> {
  const id = `${year}.${participant.agreementId}`;
  // The bureau's console lists the rating among its tasks once the assessment's workflow waits for it.
  // Opening the year starts every agreement's assessment at once: a burst, like the notices' closing.
  await api.openTask(admin, `rate-commissioner.${id}`, throttledBurstMs);
  await api.call('POST', '/assessments/{id}/rating', {
    params: { id },
    token: participant.enterpriseToken,
    body: { score: 4 + (participant.n % 2), comment: '响应及时，解决问题能力强' },
  });
  await api.call('GET', '/assessments/{id}', { params: { id }, token: admin });
  await api.completeTask(admin, `grade-commissioner.${id}`, participant.n % 3 === 0 ? 'excellent' : 'good');
}
