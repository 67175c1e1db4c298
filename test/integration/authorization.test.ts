import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  type ApiResponse,
  addDays,
  applicationForm,
  days,
  demandForm,
  outcomeCounts,
} from '#test/support/apiClient.ts';
import { eventually } from '#test/support/eventually.ts';
import { Lifecycle } from '#test/support/lifecycle.ts';
import { programmeWorkbook } from '#test/support/programmeWorkbook.ts';
import { mintToken } from '#test/support/providerTokens.ts';
import { freshDataDir, type RuntimeProcess, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/*
 * Who may call what. One world is seeded through the API (an application, demands, dispatches,
 * two active agreements with open report periods, assessed years, a published commendation
 * round), owned by "user A" of each role. Then every operation of GET /openapi.json is called
 * by every kind of caller, and each answer must be the one the matrix below names:
 *
 *   anon   no token
 *   admin  the bureau (admins are one office: there is no "other admin")
 *   panel  a member of the commendation round's panel         panel2  a panel user not on it
 *   comm   commissioner A, who owns the records               comm2   another commissioner
 *   inst   the research office of A's institution             inst2   another institution's office
 *   ent    enterprise A, who posted the demands              ent2    another enterprise
 *
 * A refused call to a mutating route must change nothing; a permitted one acts on a record
 * seeded for it, after every refused caller has tried. The rows run top to bottom, so the
 * commendation rows take a new round through its life: opened, nominated, panel named,
 * scoring started, scored.
 */

const callers = [
  'anon',
  'admin',
  'panel',
  'panel2',
  'comm',
  'comm2',
  'inst',
  'inst2',
  'ent',
  'ent2',
] as const;
type Caller = (typeof callers)[number];
type SignedIn = Exclude<Caller, 'anon'>;

const callerNames: Record<Caller, string> = {
  anon: 'anonymous',
  admin: 'the bureau',
  panel: 'a panel member of the round',
  panel2: 'a panel user not on the round',
  comm: 'commissioner A',
  comm2: 'another commissioner',
  inst: "A's research office",
  inst2: "another institution's research office",
  ent: 'enterprise A',
  ent2: 'another enterprise',
};

// Expected status of each operation for each caller; after `#`, a note. One cell fails today:
// GET /tasks/{id} for panel2 answers 200, as a round's scoring task is assigned to every panel
// user (shared/commendation/commendationTasks.ts), not to the members of the round's panel.
const matrixText = `
  method path                                 anon  admin  panel  panel2  comm  comm2  inst  inst2  ent  ent2
  GET /health                                 200   200    200    200     200   200    200   200    200  200
  GET /openapi.json                           200   200    200    200     200   200    200   200    200  200
  POST /applications                          401   403    403    403     201   201    403   403    403  403
  GET /applications                           401   200    403    403     200   200    200   200    403  403
  GET /applications/{id}                      401   200    403    403     200   403    200   403    403  403
  PUT /applications/{id}                      401   403    403    403     202   403    403   403    403  403
  GET /tasks                                  401   200    200    200     200   200    200   200    200  200
  GET /tasks/{id}                             401   200    200    403     200   403    200   403    200  403   # each reads user A's task of its own role
  POST /tasks/{id}/complete                   401   200    403    403     403   403    200   403    403  403   # the bureau: a demand to verify; others: A's endorsement
  POST /demands                               401   403    403    403     403   403    403   403    201  201
  GET /demands                                401   200    403    403     403   403    403   403    200  200
  GET /demands/{id}                           401   200    403    403     403   403    403   403    200  403
  PUT /demands/{id}                           401   403    403    403     403   403    403   403    202  403   # the bureau reads it, but only the enterprise revises
  GET /demands/{id}/candidates                401   200    403    403     403   403    403   403    403  403
  POST /dispatches                            401   201    403    403     403   403    403   403    403  403
  GET /dispatches                             401   200    200    200     200   200    200   200    200  200
  GET /dispatches/{id}                        401   200    403    403     200   403    403   403    200  403   # a research office is no party to a dispatch
  GET /dispatches/{id}/objections             401   200    403    403     403   403    403   403    403  403   # objectors read their own in the dispatch
  POST /dispatches/{id}/objections            401   201    201    201     201   201    201   201    201  201   # under public notice: anyone may object
  POST /agreements                            401   201    403    403     403   403    403   403    403  403
  GET /agreements                             401   200    200    200     200   200    200   200    200  200
  GET /agreements/{id}                        401   200    403    403     200   403    200   403    200  403
  POST /agreements/{id}/cadence               401   200    403    403     403   403    403   403    403  403
  GET /reports                                401   200    403    403     200   403    200   403    200  403
  GET /reports/{id}                           401   200    403    403     200   403    200   403    200  403
  POST /files                                 401   403    403    403     201   403    403   403    403  403   # to A's open report: only its commissioner adds files
  POST /files/{id}/check                      401   403    403    403     200   403    403   403    403  403   # only its uploader
  GET /files/{id}                             401   200    403    403     200   403    200   403    200  403   # a file of A's accepted report: whoever reads the report
  GET /files                                  401   200    403    403     200   403    200   403    200  403
  POST /reports/{id}/versions                 401   403    403    403     202   403    403   403    403  403   # only the agreement's commissioner
  POST /reports/{id}/waiver                   401   200    403    403     403   403    403   403    403  403   # a period of A's agreement not yet open
  GET /reports/{id}/compare                   401   200    403    403     200   403    200   403    200  403
  GET /stats                                  401   200    200    200     200   200    200   200    200  200
  GET /stats.csv                              401   200    200    200     200   200    200   200    200  200
  GET /stats.xlsx                             401   200    200    200     200   200    200   200    200  200
  POST /assessments                           401   202    403    403     403   403    403   403    403  403
  GET /assessments/openings/{year}            401   200    403    403     403   403    403   403    403  403
  GET /assessments                            401   200    200    200     200   200    200   200    200  200
  GET /assessments/{id}                       401   200    403    403     200   403    200   403    200  403
  POST /assessments/{id}/rating               401   403    403    403     403   403    403   403    202  403
  GET /rubric                                 401   200    200    200     200   200    200   200    200  200
  PUT /rubric                                 401   200    403    403     403   403    403   403    403  403
  POST /commendation-rounds                   401   201    403    403     403   403    403   403    403  403   # opens the next year: the round of the rows below
  GET /commendation-rounds                    401   200    200    200     200   200    200   200    200  200
  GET /commendation-rounds/{id}               401   200    200    403     403   403    403   403    403  403   # the published round
  POST /commendation-rounds/{id}/nominations  401   200    403    403     403   403    403   403    403  403
  POST /commendation-rounds/{id}/panel        401   200    403    403     403   403    403   403    403  403
  POST /commendation-rounds/{id}/scoring      401   202    403    403     403   403    403   403    403  403
  POST /commendation-rounds/{id}/scores       401   403    200    403     403   403    403   403    403  403   # only a panel member of the round
  GET /commendations/{id}                     200   200    200    200     200   200    200   200    200  200   # public once published
  GET /me                                     401   200    200    200     200   200    200   200    200  200
  PUT /me/language                            401   200    200    200     200   200    200   200    200  200   # one's own email's language
  GET /people                                 401   200    403    403     403   403    403   403    403  403
  POST /people                                401   201    403    403     403   403    403   403    403  403
  GET /people/{sub}                           401   200    403    403     403   403    403   403    403  403   # enterprise A's own membership
  PUT /people/{sub}                           401   200    403    403     403   403    403   403    403  403
  POST /people/{sub}/disable                  401   200    403    403     403   403    403   403    403  403
  POST /people/{sub}/enable                   401   200    403    403     403   403    403   403    403  403   # the member the row above disabled
  GET /imports/template.xlsx                  401   200    403    403     403   403    403   403    403  403
  POST /imports                               401   201    403    403     403   403    403   403    403  403
  POST /imports/{id}/check                    401   202    403    403     403   403    403   403    403  403
  GET /imports/{id}                           401   200    403    403     403   403    403   403    403  403
  GET /imports/{id}/problems                  401   200    403    403     403   403    403   403    403  403
  POST /imports/{id}/confirm                  401   202    403    403     403   403    403   403    403  403
  GET /imports                                401   200    403    403     403   403    403   403    403  403
`;

interface MatrixRow {
  readonly operation: string;
  readonly method: string;
  readonly statuses: Readonly<Record<Caller, number>>;
}

function parseMatrix(text: string): MatrixRow[] {
  const [header, ...lines] = text
    .trim()
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim().split(/\s+/));
  if (header?.slice(2).join(' ') !== callers.join(' ')) throw new Error(`Matrix header ${header}`);
  return lines.map(([method = '', path = '', ...cells]) => {
    if (cells.length !== callers.length || !cells.every((cell) => /^[1-5]\d\d$/.test(cell))) {
      throw new Error(`${method} ${path}: ${cells.join(' ')} is not one status per caller`);
    }
    return {
      operation: `${method} ${path}`,
      method,
      statuses: Object.fromEntries(callers.map((caller, i) => [caller, Number(cells[i])])) as Record<
        Caller,
        number
      >,
    };
  });
}

const matrix = parseMatrix(matrixText);
const signedInRows = matrix.filter((row) => row.statuses.anon === 401);
const permitted = (status: number) => status < 300;

/** Refused callers first, so each record is still as seeded when they try; then those who may act. */
function runOrder(row: MatrixRow) {
  const cases = callers.map((caller) => ({
    caller,
    label: `${caller} (${callerNames[caller]})`,
    status: row.statuses[caller],
  }));
  return [...cases.filter((c) => !permitted(c.status)), ...cases.filter((c) => permitted(c.status))];
}

// ---------------------------------------------------------------------------------------------
// The runtime, the callers and the seeded world

let runtime: RuntimeProcess;
let api: RecordingApiClient;
let lifecycle: Lifecycle;
const tokens = {} as Record<SignedIn, string>;

const organizations = {
  panel: '省科技咨询中心',
  panel2: '另一评审机构',
  inst2: '另一所大学',
  ent: '矩阵测试企业有限公司',
  ent2: '另一家企业有限公司',
};
const panelEmail = 'panel.member@example.org';
const entEmail = 'boss@matrix-enterprise.example.com';
/** The member the People rows change, disable and enable. */
const memberEmail = 'matrix.member@example.org';
/** The subjects the identity provider gave the enterprise user and the member. */
const subs = { ent: '', member: '' };

interface World {
  commissioner: { sub: string; email: string; name: string; institution: string; officeEmail: string };
  /** A's application, approved: A is in the commissioner pool. */
  applicationId: string;
  /** A's second application, returned for more information. */
  returnedApplicationId: string;
  /** Open tasks of user A of each role, and the bureau's. */
  endorseTaskId: string;
  submitTaskId: string;
  rateTaskId: string;
  verifyTaskId: string;
  /** The scoring task of the published round: the panel's. */
  panelTaskId: string;
  demandId: string;
  returnedDemandId: string;
  verifiedDemandId: string;
  dispatchId: string;
  noticeDispatchId: string;
  undraftedDispatchId: string;
  newTerm: { termStart: string; termEnd: string };
  agreementId: string;
  acceptedReportId: string;
  openReportId: string;
  /** An accepted file of the accepted report's version. */
  acceptedFileId: string;
  /** A file posted to the open report's storage, not yet checked. */
  uploadedFileId: string;
  /** An import workbook posted to storage, not yet checked. */
  uploadedImportId: string;
  /** An import whose file the check refused (not a workbook). */
  refusedImportId: string;
  /** An import checked and waiting for the bureau's confirmation: one institution. */
  checkedImportId: string;
  year1: string;
  year2: string;
  year3: string;
  assessmentId: string;
  ratingAssessmentId: string;
  nomineeId: string;
  publishedRoundId: string;
  newRoundId: string;
}
const w = {} as World;

/** Every task route's answer seen in the run, seeding included: none may carry a task token. */
const taskResponses: { route: string; status: number; text: string }[] = [];

function recordTaskResponse(method: string, path: string, status: number, text: string): void {
  const pathname = path.split('?')[0] ?? '';
  const route =
    method === 'GET' && pathname === '/tasks'
      ? 'GET /tasks'
      : method === 'GET' && /^\/tasks\/[^/]+$/.test(pathname)
        ? 'GET /tasks/{id}'
        : method === 'POST' && /^\/tasks\/[^/]+\/complete$/.test(pathname)
          ? 'POST /tasks/{id}/complete'
          : undefined;
  if (route) taskResponses.push({ route, status, text });
}

class RecordingApiClient extends ApiClient {
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answers
  override async request<Body = any>(
    method: string,
    path: string,
    options: Parameters<ApiClient['request']>[2] = {},
  ): Promise<ApiResponse<Body>> {
    const response = await super.request<Body>(method, path, options);
    recordTaskResponse(method, path, response.status, JSON.stringify(response.body));
    return response;
  }
}

interface Sent {
  readonly status: number;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answers
  readonly body: any;
}

/** One HTTP call as a browser would make it; JSON bodies are parsed, anything else (CSV) kept as text. */
async function send(method: string, path: string, token?: string, body?: unknown): Promise<Sent> {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  recordTaskResponse(method, path, response.status, text);
  const isJson = response.headers.get('content-type')?.includes('application/json') && text !== '';
  return { status: response.status, text, body: isJson ? JSON.parse(text) : text };
}

const enc = encodeURIComponent;

/**
 * What the bureau reads at `paths`, without the fields that move with the clock. A record not
 * there yet (the round the matrix opens, before it does) reads as its 404.
 */
async function read(...paths: string[]): Promise<unknown> {
  const seen: unknown[] = [];
  for (const path of paths) {
    const response = await send('GET', path, tokens.admin);
    expect([200, 404], `GET ${path}: ${response.text}`).toContain(response.status);
    seen.push({
      status: response.status,
      body: JSON.parse(
        JSON.stringify(response.body, (key, value) => (key === 'ageSeconds' ? undefined : value)),
      ),
    });
  }
  return seen;
}

function must(response: ApiResponse | Sent, status: number, what: string) {
  expect(response.status, `${what}: ${JSON.stringify(response.body)}`).toBe(status);
  return response.body;
}

const stateOf = async (path: string, field: string) =>
  (await api.request('GET', path, { token: tokens.admin })).body[field]?.state as string | undefined;

async function openTask(id: string): Promise<void> {
  await eventually(
    `task ${id} to open`,
    async () => (await api.request('GET', `/tasks/${enc(id)}`, { token: tokens.admin })).body.task?.status,
    (status) => status === 'open',
  );
}

async function act(token: string, taskId: string, decision: string, reason?: string): Promise<void> {
  await openTask(taskId);
  must(await lifecycle.complete(token, taskId, decision, reason), 200, `${decision} ${taskId}`);
}

const goals = outcomeCounts({ technicalProblemsSolved: 4, technicalTrainings: 4, patentsApplied: 2 });
const submission = {
  counts: outcomeCounts({ technicalProblemsSolved: 2, technicalTrainings: 1 }),
  narrative: '完成数控机床加工精度诊断，为车间技术人员开展一次工艺培训。',
  evidence: [],
};

/** A training sign-in sheet, scanned: a PDF as its first bytes say. */
const pdf = {
  name: '培训签到表.pdf',
  type: 'application/pdf',
  bytes: new TextEncoder().encode('%PDF-1.4\n% sign-in sheet\n%%EOF\n'),
};

const enterpriseDemand = (enterpriseName: string) =>
  demandForm(enterpriseName, { contactEmail: 'contact@matrix-enterprise.example.com' });

const applicationOfA = (statement = '可为企业提供数控装备智能化改造、工艺优化与技术培训服务。') =>
  applicationForm({
    name: w.commissioner.name,
    email: w.commissioner.email,
    homeInstitution: w.commissioner.institution,
    researchOfficeEmail: w.commissioner.officeEmail,
    statement,
  });

async function applicationByA(): Promise<string> {
  const submitted = await api.request('POST', '/applications', {
    token: tokens.comm,
    body: applicationOfA(),
  });
  return must(submitted, 201, 'apply').application.id;
}

async function demandByA(): Promise<string> {
  const posted = await api.request('POST', '/demands', {
    token: tokens.ent,
    body: enterpriseDemand(organizations.ent),
  });
  return must(posted, 201, 'post a demand').demand.id;
}

async function verifiedDemandByA(): Promise<string> {
  const id = await demandByA();
  await act(tokens.admin, `verify-demand.${id}`, 'verify');
  await eventually(
    `demand ${id} verified`,
    () => stateOf(`/demands/${enc(id)}`, 'demand'),
    (state) => state === 'verified',
  );
  return id;
}

/** Commissioner A proposed for the demand, and accepted by both: the public notice opens. */
async function acceptedDispatch(demandId: string): Promise<string> {
  const id = await lifecycle.propose(demandId, w.commissioner.sub);
  await act(tokens.comm, `accept-dispatch-commissioner.${id}`, 'accept');
  await act(tokens.ent, `accept-dispatch-enterprise.${id}`, 'accept');
  await eventually(
    `dispatch ${id} in notice`,
    () => stateOf(`/dispatches/${enc(id)}`, 'dispatch'),
    (state) => ['in_notice', 'dispatched'].includes(state ?? ''),
  );
  return id;
}

async function activeAgreement(dispatchId: string, term: { termStart: string; termEnd: string }) {
  const drafted = await api.request('POST', '/agreements', {
    token: tokens.admin,
    body: { dispatchId, ...term, goals },
  });
  const id = must(drafted, 201, 'draft an agreement').agreement.id as string;
  await act(tokens.comm, `sign-agreement-commissioner.${id}`, 'sign');
  await act(tokens.inst, `sign-agreement-institution.${id}`, 'sign');
  await act(tokens.ent, `sign-agreement-enterprise.${id}`, 'sign');
  await act(tokens.admin, `countersign-agreement.${id}`, 'countersign');
  await eventually(
    `agreement ${id} active`,
    () => stateOf(`/agreements/${enc(id)}`, 'agreement'),
    (state) => state === 'active',
  );
  return id;
}

async function openYear(year: string): Promise<void> {
  must(
    await api.request('POST', '/assessments', { token: tokens.admin, body: { year } }),
    202,
    `open ${year}`,
  );
  await eventually(
    `the ${year} assessments opened`,
    () => stateOf(`/assessments/openings/${year}`, 'opening'),
    (state) => state === 'opened',
  );
}

/** Enterprise A rates, the system scores, the bureau grades the year excellent. */
async function gradedExcellent(assessmentId: string): Promise<void> {
  await openTask(`rate-commissioner.${assessmentId}`);
  const rated = await api.request('POST', `/assessments/${enc(assessmentId)}/rating`, {
    token: tokens.ent,
    body: { score: 5, comment: '响应及时' },
  });
  must(rated, 202, `rate ${assessmentId}`);
  await act(tokens.admin, `grade-commissioner.${assessmentId}`, 'excellent');
  await eventually(
    `assessment ${assessmentId} graded`,
    () => stateOf(`/assessments/${enc(assessmentId)}`, 'assessment'),
    (state) => state === 'graded',
  );
}

async function seedWorld(): Promise<void> {
  tokens.admin = await api.signIn('admin@kjj.example.gov.cn', 'admin');
  lifecycle = new Lifecycle(api, tokens.admin);
  const a = await lifecycle.poolCommissioner(['智能制造'], ['余杭区']);
  w.commissioner = {
    sub: a.sub,
    email: a.email,
    name: a.name,
    institution: a.institution,
    officeEmail: a.officeEmail,
  };
  tokens.comm = a.token;
  tokens.inst = a.office;
  tokens.ent = await api.signIn(entEmail, 'enterprise', organizations.ent);
  tokens.panel = await api.signIn(panelEmail, 'panel', organizations.panel);
  tokens.panel2 = await api.signIn('other.panel@example.org', 'panel', organizations.panel2);
  tokens.comm2 = await api.signIn('other.expert@example.edu.cn', 'commissioner');
  tokens.inst2 = await api.signIn(
    'office@other-university.example.edu.cn',
    'institution',
    organizations.inst2,
  );
  tokens.ent2 = await api.signIn('boss@other-enterprise.example.com', 'enterprise', organizations.ent2);
  await api.signIn(memberEmail, 'panel');
  subs.ent = (await api.subOf(entEmail)) ?? '';
  subs.member = (await api.subOf(memberEmail)) ?? '';
  const own = await api.request('GET', '/applications', { token: tokens.comm });
  w.applicationId = must(own, 200, "A's applications").items[0].id;

  // Three dispatches of A to enterprise A: two become agreements, one is left to draft.
  const dispatchIds: string[] = [];
  for (let i = 0; i < 3; i += 1) dispatchIds.push(await acceptedDispatch(await verifiedDemandByA()));
  await api.advanceClock(days(6));
  for (const id of dispatchIds) {
    await eventually(
      `dispatch ${id} dispatched`,
      () => stateOf(`/dispatches/${enc(id)}`, 'dispatch'),
      (state) => state === 'dispatched',
    );
  }
  const [first = '', second = '', third = ''] = dispatchIds;
  w.dispatchId = first;
  w.demandId = first.split('.')[0] ?? '';
  w.undraftedDispatchId = third;

  const termStart = addDays(await api.clockDay(), 10);
  const term = { termStart, termEnd: addDays(termStart, 3 * 365) };
  w.agreementId = await activeAgreement(first, term);
  const otherAgreementId = await activeAgreement(second, term);
  await api.advanceTo(termStart, '08:00');

  // Period 1 of the first agreement is reported and accepted; that of the second stays open.
  w.acceptedReportId = `${w.agreementId}.period-1`;
  w.openReportId = `${otherAgreementId}.period-1`;
  w.submitTaskId = `submit-report.${w.openReportId}`;
  await openTask(`submit-report.${w.acceptedReportId}`);
  const accepted = await api.uploadFile(tokens.comm, { kind: 'report', id: w.acceptedReportId }, pdf);
  must(accepted.checked as ApiResponse, 200, "check the accepted report's file");
  w.acceptedFileId = accepted.id;
  const submitted = await api.request('POST', `/reports/${enc(w.acceptedReportId)}/versions`, {
    token: tokens.comm,
    body: { ...submission, files: [w.acceptedFileId] },
  });
  must(submitted, 202, 'submit the first report');
  await act(tokens.ent, `confirm-report.${w.acceptedReportId}`, 'confirm');
  await act(tokens.admin, `review-report.${w.acceptedReportId}`, 'accept');
  await openTask(w.submitTaskId);
  const uploaded = await api.uploadFile(tokens.comm, { kind: 'report', id: w.openReportId }, pdf, false);
  expect(uploaded.stored).toBe(204);
  w.uploadedFileId = uploaded.id;
  w.uploadedImportId = await api.uploadImport(tokens.admin, Buffer.from('not yet checked'));
  const refusedImport = await api.checkedImport(tokens.admin, Buffer.from('%PDF-1.7 not a workbook'));
  expect(refusedImport.state).toBe('refused');
  w.refusedImportId = String(refusedImport.id);

  // Year 1 assessed, and its commendation round taken to publication.
  w.year1 = termStart.slice(0, 4);
  w.year2 = String(Number(w.year1) + 1);
  w.year3 = String(Number(w.year1) + 2);
  w.assessmentId = `${w.year1}.${w.agreementId}`;
  await openYear(w.year1);
  await gradedExcellent(w.assessmentId);
  const opened = await api.request('POST', '/commendation-rounds', {
    token: tokens.admin,
    body: { year: w.year1, limit: 1 },
  });
  w.publishedRoundId = must(opened, 201, 'open the first round').round.id;
  w.panelTaskId = `collect-panel-scores.${w.publishedRoundId}`;
  const round = `/commendation-rounds/${enc(w.publishedRoundId)}`;
  const asAdmin = (path: string, body?: unknown) => api.request('POST', path, { token: tokens.admin, body });
  must(await asAdmin(`${round}/nominations`, { assessmentIds: [w.assessmentId] }), 200, 'nominate');
  must(
    await asAdmin(`${round}/panel`, { members: [{ email: panelEmail, organization: organizations.panel }] }),
    200,
    'name the panel',
  );
  must(await asAdmin(`${round}/scoring`), 202, 'start scoring');
  await openTask(w.panelTaskId);
  const scored = await api.request('POST', `${round}/scores`, {
    token: tokens.panel,
    body: { nomineeId: w.assessmentId, score: 90 },
  });
  must(scored, 200, 'score');
  await act(tokens.admin, `approve-commendation.${w.publishedRoundId}`, 'approve');
  await api.advanceClock(days(7) + 60);
  await eventually(
    'the round published',
    () => stateOf(round, 'round'),
    (state) => state === 'published',
  );

  // The clock stays where it is from here on: what follows waits on people, not on deadlines.
  await openYear(w.year2);
  w.nomineeId = `${w.year2}.${w.agreementId}`;
  await gradedExcellent(w.nomineeId);
  w.ratingAssessmentId = `${w.year2}.${otherAgreementId}`;
  w.rateTaskId = `rate-commissioner.${w.ratingAssessmentId}`;
  await openTask(w.rateTaskId);
  w.newRoundId = `commendation-${w.year2}`;

  w.endorseTaskId = `endorse-application.${await applicationByA()}`;
  await openTask(w.endorseTaskId);
  w.verifyTaskId = `verify-demand.${await demandByA()}`;
  await openTask(w.verifyTaskId);

  w.returnedApplicationId = await applicationByA();
  await act(tokens.inst, `endorse-application.${w.returnedApplicationId}`, 'endorse');
  await act(tokens.admin, `review-application.${w.returnedApplicationId}`, 'return', '请补充服务企业案例');
  await openTask(`resubmit-application.${w.returnedApplicationId}`);

  w.returnedDemandId = await demandByA();
  await act(tokens.admin, `verify-demand.${w.returnedDemandId}`, 'return', '请写明现有设备型号');
  await openTask(`revise-demand.${w.returnedDemandId}`);

  w.verifiedDemandId = await verifiedDemandByA();
  w.noticeDispatchId = await acceptedDispatch(await verifiedDemandByA());
  expect(await stateOf(`/dispatches/${enc(w.noticeDispatchId)}`, 'dispatch')).toBe('in_notice');

  const today = await api.clockDay();
  w.newTerm = { termStart: addDays(today, 10), termEnd: addDays(today, 374) };
}

/** Every task token the local engine holds in its executions on disk. */
async function engineTaskTokens(): Promise<Set<string>> {
  const directory = join(runtime.dataDir, 'engine', 'executions');
  const found = new Set<string>();
  const walk = (value: unknown, key?: string): void => {
    if (typeof value === 'string') {
      if (key === 'taskToken' || looksLikeLocalTaskToken(value)) found.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (value && typeof value === 'object') {
      for (const [name, item] of Object.entries(value)) walk(item, name);
    }
  };
  for (const file of await readdir(directory)) {
    if (file.endsWith('.json')) walk(JSON.parse(await readFile(join(directory, file), 'utf8')));
  }
  return found;
}

/** `local/engine/taskToken.ts`: `<execution ARN, base64url>.<32 random bytes, base64url>`. */
function looksLikeLocalTaskToken(value: string): boolean {
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(value);
  return (
    match !== null &&
    Buffer.from(match[1] ?? '', 'base64url')
      .toString('utf8')
      .startsWith('arn:')
  );
}

/** An AWS Step Functions task token: a long opaque base64 string, starting `AQ`. */
const looksLikeAwsTaskToken = (value: string) => /^AQ[A-Za-z0-9+/=]{100,}$/.test(value);

let tokensAfterSeeding = new Set<string>();

beforeAll(async () => {
  runtime = await startRuntimeProcess(await freshDataDir());
  api = new RecordingApiClient(runtime.url);
  await seedWorld();
  tokensAfterSeeding = await engineTaskTokens();
}, 600_000);

afterAll(async () => {
  await runtime?.stop();
});

// ---------------------------------------------------------------------------------------------
// How each operation is called, and what a refused call must leave unchanged

interface Call {
  readonly path: string;
  readonly body?: unknown;
}

interface RequestSpec {
  /** The call each caller makes: by default the same record for everyone. */
  readonly call: (caller: Caller) => Call;
  /** For mutating routes: what the call could change, read by the bureau. */
  readonly probe?: () => Promise<unknown>;
  /** For lists: records each caller must see, or must not. */
  readonly listed?: () => readonly { id: string; visibleTo: readonly Caller[] }[];
  /** Runs once before the row's callers. */
  readonly prepare?: () => Promise<void>;
}

const parties: readonly Caller[] = ['admin', 'comm', 'inst', 'ent'];
/** Who last set their email's language: its probe reads that caller's own answer. */
let languageCaller: Caller = 'anon';
const same = (path: () => string, body?: () => unknown) => (_caller: Caller) => ({
  path: path(),
  ...(body ? { body: body() } : {}),
});

const taskOfRoleA = (caller: Caller): string =>
  caller === 'panel' || caller === 'panel2'
    ? w.panelTaskId
    : caller === 'comm' || caller === 'comm2'
      ? w.submitTaskId
      : caller === 'ent' || caller === 'ent2'
        ? w.rateTaskId
        : w.endorseTaskId;

const rubric = {
  pointsPerOutcome: outcomeCounts({ technicalProblemsSolved: 10, technicalTrainings: 5, patentsApplied: 8 }),
  goalPoints: 40,
  pointsPerRatingStar: 4,
  gradeThresholds: { excellent: 80, good: 60, competent: 40 },
};

const newRound = () => `/commendation-rounds/${enc(w.newRoundId)}`;

const requests: Record<string, RequestSpec> = {
  'GET /health': { call: same(() => '/health') },
  'GET /openapi.json': { call: same(() => '/openapi.json') },
  'POST /applications': {
    call: same(
      () => '/applications',
      () =>
        applicationForm({
          name: '矩阵专家',
          email: 'matrix.expert@example.edu.cn',
          homeInstitution: '矩阵测试学院',
          researchOfficeEmail: 'office@matrix-college.example.edu.cn',
        }),
    ),
    probe: () => read('/applications'),
  },
  'GET /applications': {
    call: same(() => '/applications'),
    listed: () => [{ id: w.applicationId, visibleTo: ['admin', 'comm', 'inst'] }],
  },
  'GET /applications/{id}': { call: same(() => `/applications/${enc(w.applicationId)}`) },
  'PUT /applications/{id}': {
    call: same(
      () => `/applications/${enc(w.returnedApplicationId)}`,
      () => ({ baseRevision: 1, form: applicationOfA('补充：近三年为12家企业解决数控装备改造难题。') }),
    ),
    probe: () => read(`/applications/${enc(w.returnedApplicationId)}`),
  },
  'GET /tasks': {
    call: same(() => '/tasks'),
    listed: () => [
      { id: w.endorseTaskId, visibleTo: ['admin', 'inst'] },
      { id: w.submitTaskId, visibleTo: ['admin', 'comm'] },
      { id: w.rateTaskId, visibleTo: ['admin', 'ent'] },
    ],
  },
  'GET /tasks/{id}': { call: (caller) => ({ path: `/tasks/${enc(taskOfRoleA(caller))}` }) },
  'POST /tasks/{id}/complete': {
    // The research office endorses its expert's application; the bureau verifies a demand.
    call: (caller) =>
      caller === 'admin'
        ? { path: `/tasks/${enc(w.verifyTaskId)}/complete`, body: { decision: 'verify' } }
        : { path: `/tasks/${enc(w.endorseTaskId)}/complete`, body: { decision: 'endorse' } },
    probe: () => read(`/tasks/${enc(w.endorseTaskId)}`, `/tasks/${enc(w.verifyTaskId)}`),
  },
  'POST /demands': {
    call: (caller) => ({
      path: '/demands',
      body: enterpriseDemand(caller === 'ent2' ? organizations.ent2 : organizations.ent),
    }),
    probe: () => read('/demands'),
  },
  'GET /demands': {
    call: same(() => '/demands'),
    listed: () => [{ id: w.demandId, visibleTo: ['admin', 'ent'] }],
  },
  'GET /demands/{id}': { call: same(() => `/demands/${enc(w.demandId)}`) },
  'PUT /demands/{id}': {
    call: same(
      () => `/demands/${enc(w.returnedDemandId)}`,
      () => ({
        baseRevision: 1,
        form: { ...enterpriseDemand(organizations.ent), location: '杭州市余杭区良渚街道' },
      }),
    ),
    probe: () => read(`/demands/${enc(w.returnedDemandId)}`),
  },
  'GET /demands/{id}/candidates': { call: same(() => `/demands/${enc(w.verifiedDemandId)}/candidates`) },
  'POST /dispatches': {
    call: same(
      () => '/dispatches',
      () => ({ demandId: w.verifiedDemandId, commissionerId: w.commissioner.sub }),
    ),
    probe: () => read('/dispatches', `/demands/${enc(w.verifiedDemandId)}`),
  },
  'GET /dispatches': {
    call: same(() => '/dispatches'),
    listed: () => [{ id: w.dispatchId, visibleTo: ['admin', 'comm', 'ent'] }],
  },
  'GET /dispatches/{id}': { call: same(() => `/dispatches/${enc(w.dispatchId)}`) },
  'GET /dispatches/{id}/objections': { call: same(() => `/dispatches/${enc(w.dispatchId)}/objections`) },
  'POST /dispatches/{id}/objections': {
    call: same(
      () => `/dispatches/${enc(w.noticeDispatchId)}/objections`,
      () => ({ reason: '该专家与企业存在利益关联，请核实后再公示。' }),
    ),
    probe: () => read(`/dispatches/${enc(w.noticeDispatchId)}`),
  },
  'POST /agreements': {
    call: same(
      () => '/agreements',
      () => ({ dispatchId: w.undraftedDispatchId, ...w.newTerm, goals }),
    ),
    probe: () => read('/agreements'),
  },
  'GET /agreements': {
    call: same(() => '/agreements'),
    listed: () => [{ id: w.agreementId, visibleTo: parties }],
  },
  'GET /agreements/{id}': { call: same(() => `/agreements/${enc(w.agreementId)}`) },
  'POST /agreements/{id}/cadence': {
    call: same(
      () => `/agreements/${enc(w.agreementId)}/cadence`,
      () => ({ cadence: 'monthly', reason: '企业进入项目攻关期，需按月跟踪' }),
    ),
    probe: () => read(`/agreements/${enc(w.agreementId)}`),
  },
  'GET /reports': { call: same(() => `/reports?agreementId=${enc(w.agreementId)}`) },
  'GET /reports/{id}': { call: same(() => `/reports/${enc(w.acceptedReportId)}`) },
  'POST /reports/{id}/versions': {
    call: same(
      () => `/reports/${enc(w.openReportId)}/versions`,
      () => submission,
    ),
    probe: () => read(`/reports/${enc(w.openReportId)}`),
  },
  'POST /reports/{id}/waiver': {
    call: same(
      () => `/reports/${enc(`${w.agreementId}.period-2`)}/waiver`,
      () => ({ reason: '企业停产检修，本期无合作活动' }),
    ),
    probe: () => read(`/reports/${enc(`${w.agreementId}.period-2`)}`),
  },
  'GET /reports/{id}/compare': {
    call: same(() => `/reports/${enc(w.acceptedReportId)}/compare?from=1&to=1`),
  },
  'GET /stats': { call: same(() => '/stats') },
  'GET /stats.csv': { call: same(() => '/stats.csv') },
  'GET /stats.xlsx': { call: same(() => '/stats.xlsx') },
  'PUT /me/language': {
    call: (caller) => {
      languageCaller = caller;
      return { path: '/me/language', body: { language: 'en' } };
    },
    // The caller's own: nobody else's choice changes.
    probe: async () => {
      const token = languageCaller === 'anon' ? undefined : tokens[languageCaller];
      const { status, body } = await send('GET', '/me', token);
      return { status, language: (body as { emailLanguage?: string } | undefined)?.emailLanguage };
    },
  },
  'POST /files': {
    call: same(
      () => '/files',
      () => ({
        owner: { kind: 'report', id: w.openReportId },
        name: '专利受理通知书.pdf',
        size: 1024,
        type: 'application/pdf',
      }),
    ),
    probe: () => read(`/files?ownerKind=report&ownerId=${enc(w.openReportId)}`),
  },
  'POST /files/{id}/check': {
    call: same(() => `/files/${enc(w.uploadedFileId)}/check`),
    probe: () => read(`/files?ownerKind=report&ownerId=${enc(w.openReportId)}`),
  },
  'GET /files/{id}': { call: same(() => `/files/${enc(w.acceptedFileId)}`) },
  'GET /files': { call: same(() => `/files?ownerKind=report&ownerId=${enc(w.acceptedReportId)}`) },
  'POST /assessments': {
    call: same(
      () => '/assessments',
      () => ({ year: w.year3 }),
    ),
    probe: () => read(`/assessments?year=${w.year3}`),
  },
  'GET /assessments/openings/{year}': { call: same(() => `/assessments/openings/${w.year1}`) },
  'GET /assessments': {
    call: same(() => `/assessments?year=${w.year1}`),
    listed: () => [{ id: w.assessmentId, visibleTo: parties }],
  },
  'GET /assessments/{id}': { call: same(() => `/assessments/${enc(w.assessmentId)}`) },
  'POST /assessments/{id}/rating': {
    call: same(
      () => `/assessments/${enc(w.ratingAssessmentId)}/rating`,
      () => ({ score: 4, comment: '解决问题能力强' }),
    ),
    probe: () => read(`/assessments/${enc(w.ratingAssessmentId)}`),
  },
  'GET /rubric': { call: same(() => '/rubric') },
  'PUT /rubric': {
    call: same(
      () => '/rubric',
      () => rubric,
    ),
    probe: () => read('/rubric'),
  },
  'POST /commendation-rounds': {
    call: same(
      () => '/commendation-rounds',
      () => ({ year: w.year2, limit: 1 }),
    ),
    probe: () => read('/commendation-rounds'),
  },
  'GET /commendation-rounds': {
    call: same(() => '/commendation-rounds'),
    listed: () => [{ id: w.publishedRoundId, visibleTo: ['admin', 'panel'] }],
  },
  'GET /commendation-rounds/{id}': { call: same(() => `/commendation-rounds/${enc(w.publishedRoundId)}`) },
  'POST /commendation-rounds/{id}/nominations': {
    call: same(
      () => `${newRound()}/nominations`,
      () => ({ assessmentIds: [w.nomineeId] }),
    ),
    probe: () => read(newRound()),
  },
  'POST /commendation-rounds/{id}/panel': {
    call: same(
      () => `${newRound()}/panel`,
      () => ({ members: [{ email: panelEmail, organization: organizations.panel }] }),
    ),
    probe: () => read(newRound()),
  },
  'POST /commendation-rounds/{id}/scoring': {
    call: same(() => `${newRound()}/scoring`),
    probe: () => read(newRound()),
  },
  'POST /commendation-rounds/{id}/scores': {
    call: same(
      () => `${newRound()}/scores`,
      () => ({ nomineeId: w.nomineeId, score: 85 }),
    ),
    probe: () => read(newRound()),
    prepare: () => openTask(`collect-panel-scores.${w.newRoundId}`),
  },
  'GET /commendations/{id}': { call: same(() => `/commendations/${enc(w.publishedRoundId)}`) },
  'GET /me': { call: same(() => '/me') },
  'GET /imports/template.xlsx': { call: same(() => '/imports/template.xlsx') },
  'POST /imports': {
    call: same(
      () => '/imports',
      () => ({ name: 'matrix.xlsx', size: 1024 }),
    ),
    probe: () => read('/imports'),
  },
  'POST /imports/{id}/check': {
    call: same(() => `/imports/${enc(w.uploadedImportId)}/check`),
    probe: () => read(`/imports/${enc(w.uploadedImportId)}`),
  },
  'GET /imports/{id}': { call: same(() => `/imports/${enc(w.refusedImportId)}`) },
  'GET /imports/{id}/problems': { call: same(() => `/imports/${enc(w.refusedImportId)}/problems`) },
  'POST /imports/{id}/confirm': {
    call: same(() => `/imports/${enc(w.checkedImportId)}/confirm`),
    probe: () => read(`/imports/${enc(w.checkedImportId)}`),
    // Checked now: the matrix's clock has moved on by years, past a week's wait for a confirmation.
    prepare: async () => {
      const checked = await api.checkedImport(
        tokens.admin,
        await programmeWorkbook({
          institutions: [{ name: '矩阵测试大学', researchOfficeEmail: 'office@matrix.example' }],
        }),
      );
      w.checkedImportId = String(checked.id);
      await api.readUntil(
        tokens.admin,
        `/imports/${enc(w.checkedImportId)}`,
        (body) => body.import.confirmable,
      );
    },
  },
  'GET /imports': { call: same(() => '/imports') },
  'GET /people': {
    call: same(() => '/people'),
    listed: () => [{ id: subs.ent, visibleTo: ['admin'] }],
  },
  'POST /people': {
    call: same(
      () => '/people',
      () => ({ email: 'matrix.invitee@example.org', roles: ['panel'] }),
    ),
    // Unknown until invited: nobody's subject reads 404 until a permitted invitation.
    probe: async () => read(`/people/${(await api.subOf('matrix.invitee@example.org')) ?? 'nobody'}`),
  },
  'GET /people/{sub}': { call: same(() => `/people/${subs.ent}`) },
  'PUT /people/{sub}': {
    call: same(
      () => `/people/${subs.member}`,
      () => ({ roles: ['panel', 'commissioner'], version: 1 }),
    ),
    probe: () => read(`/people/${subs.member}`),
    prepare: async () => {
      await api.signIn(memberEmail, 'panel');
    },
  },
  'POST /people/{sub}/disable': {
    call: same(
      () => `/people/${subs.member}/disable`,
      () => ({ reason: 'left the panel' }),
    ),
    probe: () => read(`/people/${subs.member}`),
  },
  'POST /people/{sub}/enable': {
    call: same(
      () => `/people/${subs.member}/enable`,
      () => ({ reason: 'back on the panel' }),
    ),
    probe: () => read(`/people/${subs.member}`),
  },
};

const specOf = (row: MatrixRow): RequestSpec => {
  const spec = requests[row.operation];
  if (!spec) throw new Error(`No request for ${row.operation}`);
  return spec;
};

async function expectChangedEventually(probe: () => Promise<unknown>, before: unknown): Promise<void> {
  await eventually(
    'the permitted call to show',
    probe,
    (after) => JSON.stringify(after) !== JSON.stringify(before),
  );
}

// ---------------------------------------------------------------------------------------------

describe('the matrix against GET /openapi.json', () => {
  const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

  async function operations() {
    const response = await send('GET', '/openapi.json');
    expect(response.status).toBe(200);
    const paths = response.body.paths as Record<string, Record<string, { security?: unknown[] }>>;
    return Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => httpMethods.includes(method))
        .map(([method, operation]) => ({
          operation: `${method.toUpperCase()} ${path}`,
          isPublic: Array.isArray(operation.security) && operation.security.length === 0,
        })),
    );
  }

  it('has a row for every operation in the document, and none for an operation it lacks', async () => {
    const documented = (await operations()).map((op) => op.operation);
    const rows = matrix.map((row) => row.operation);
    expect(documented.length).toBeGreaterThan(0);
    expect({
      withoutRow: documented.filter((op) => !rows.includes(op)),
      notInDocument: rows.filter((op) => !documented.includes(op)),
      duplicateRows: rows.filter((op, i) => rows.indexOf(op) !== i),
      withoutRequest: rows.filter((op) => !requests[op]),
      requestWithoutRow: Object.keys(requests).filter((op) => !rows.includes(op)),
      mutatingWithoutProbe: matrix.filter((row) => row.method !== 'GET' && !requests[row.operation]?.probe),
      // A permitted call must be seen to change the probe, so that "unchanged" means something.
      mutatingWithoutPermittedCaller: matrix.filter(
        (row) => row.method !== 'GET' && !callers.some((caller) => permitted(row.statuses[caller])),
      ),
    }).toEqual({
      withoutRow: [],
      notInDocument: [],
      duplicateRows: [],
      withoutRequest: [],
      requestWithoutRow: [],
      mutatingWithoutProbe: [],
      mutatingWithoutPermittedCaller: [],
    });
  });

  it('expects 401 of the anonymous caller on exactly the operations the document secures', async () => {
    for (const { operation, isPublic } of await operations()) {
      const row = matrix.find((candidate) => candidate.operation === operation);
      expect(row?.statuses.anon === 401, operation).toBe(!isPublic);
    }
    expect(matrix.filter((row) => row.statuses.anon !== 401).map((row) => row.operation)).toEqual([
      'GET /health',
      'GET /openapi.json',
      'GET /commendations/{id}',
    ]);
  });
});

describe('bad tokens', () => {
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const payloadOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  /** The bureau's own claims, signed by the runtime's provider key (or a foreign one), valid from `iat` to `exp`. */
  async function signAsAdmin(key: 'provider' | 'foreign', iat: number, exp: number): Promise<string> {
    const { iat: _iat, exp: _exp, iss: _iss, aud: _aud, ...claims } = payloadOf(tokens.admin);
    return mintToken({
      dataDir: runtime.dataDir,
      issuer: (await api.consoleConfig()).signIn.issuer,
      claims,
      issuedAt: iat,
      expiresAt: exp,
      foreignKey: key === 'foreign',
    });
  }

  const badTokens: { name: string; make: () => Promise<string> }[] = [
    {
      name: "a tampered token (another commissioner's, its groups changed to admin, signature kept)",
      make: async () => {
        const [header, , signature] = tokens.comm2.split('.');
        return `${header}.${base64url({ ...payloadOf(tokens.comm2), 'cognito:groups': ['admin'] })}.${signature}`;
      },
    },
    {
      name: "an expired token (signed with the provider's key, expired an hour ago)",
      make: async () => signAsAdmin('provider', nowSeconds() - 7200, nowSeconds() - 3600),
    },
    {
      name: 'a token signed with the wrong key',
      make: async () => signAsAdmin('foreign', nowSeconds(), nowSeconds() + 3600),
    },
    {
      name: 'an unsigned token (alg none)',
      make: async () => {
        const { iat: _iat, exp: _exp, ...claims } = payloadOf(tokens.admin);
        const payload = { ...claims, iat: nowSeconds(), exp: nowSeconds() + 3600 };
        return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
      },
    },
  ];

  it('accepts what the bad tokens are made from, so each fails for the one reason it names', async () => {
    expect((await send('GET', '/tasks', tokens.comm2)).status).toBe(200);
    const forged = await signAsAdmin('provider', nowSeconds(), nowSeconds() + 3600);
    const asBureau = await send('GET', '/applications', forged);
    expect(asBureau.status).toBe(200);
    expect(asBureau.text).toContain(w.applicationId);
  });

  describe.each(signedInRows.map((row) => [row.operation, row] as const))('%s', (_operation, row) => {
    const spec = specOf(row);
    it.each(badTokens.map((bad) => [bad.name, bad.make] as const))(
      'answers 401 to %s, and changes nothing',
      async (_name, make) => {
        const { path, body } = spec.call('admin');
        const before = await spec.probe?.();
        const response = await send(row.method, path, await make(), body);
        expect(response.status, response.text).toBe(401);
        if (spec.probe) expect(await spec.probe()).toEqual(before);
      },
    );
  });
});

describe('the matrix: each route, each caller', () => {
  describe.each(matrix.map((row) => [row.operation, row] as const))('%s', (_operation, row) => {
    const spec = specOf(row);
    beforeAll(async () => {
      await spec.prepare?.();
    });

    it.each(runOrder(row).map((c) => [c.label, c.status, c.caller] as const))(
      '%s: %i',
      async (_label, status, caller) => {
        const { path, body } = spec.call(caller);
        const before = await spec.probe?.();
        const response = await send(row.method, path, caller === 'anon' ? undefined : tokens[caller], body);
        expect(response.status, `${row.method} ${path}: ${response.text}`).toBe(status);
        if (spec.probe) {
          if (permitted(status)) await expectChangedEventually(spec.probe, before);
          else expect(await spec.probe(), 'a refused call changed something').toEqual(before);
        }
        if (permitted(status) && spec.listed) {
          for (const { id, visibleTo } of spec.listed()) {
            if (visibleTo.includes(caller)) expect(response.text, `${caller} sees ${id}`).toContain(id);
            else expect(response.text, `${caller} must not see ${id}`).not.toContain(id);
          }
        }
      },
    );
  });
});

/*
 * What each caller reads, after the matrix (in which every signed-in caller objected to the
 * dispatch under public notice): the bureau every objection and the audit trail; the parties
 * (comm, ent) their view; anyone else the notice as a notice board shows it. Each of them sees
 * only their own objection, and no one else's email.
 */
describe('what each caller reads of the dispatch under public notice', () => {
  const emailsOf = (text: string) => [...new Set(text.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? [])];
  it.each(callers.filter((caller): caller is SignedIn => caller !== 'anon'))('%s', async (caller) => {
    const { status, body, text } = await send(
      'GET',
      `/dispatches/${enc(w.noticeDispatchId)}`,
      tokens[caller],
    );
    expect(status, text).toBe(200);
    if (caller === 'admin') {
      expect(body.dispatch.audit.length).toBeGreaterThan(0);
      expect(body.dispatch.objections.length).toBeGreaterThan(1);
      return;
    }
    expect(body.dispatch).not.toHaveProperty('audit');
    expect(body.dispatch.objections).toHaveLength(1);
    const own = body.dispatch.objections[0].by.email as string;
    if (caller === 'comm' || caller === 'ent') {
      expect(emailsOf(text)).not.toContain('admin@kjj.example.gov.cn');
    } else {
      expect(emailsOf(text)).toEqual([own]);
    }
  });
});

// A party's step is its own act: the bureau completes one only on the party's behalf, with a reason.
describe("acting on a party's behalf: POST /tasks/{id}/complete with onBehalfOf", () => {
  const onBehalfOf = { reason: '科研处已出具纸质推荐函，扫描件已存档。' };
  const plain = { decision: 'endorse' };
  const onBehalf = { decision: 'endorse', onBehalfOf };
  // Refused callers first, so the endorsement is still open when each tries; then the bureau on its behalf.
  const rows: [SignedIn, string, number, unknown][] = [
    ['admin', 'the bureau, as itself', 403, plain],
    ['inst', 'the research office itself, claiming to act on its own behalf', 403, onBehalf],
    ['inst2', 'another research office, on its behalf', 403, onBehalf],
    ['comm', 'the applicant, on its behalf', 403, onBehalf],
    ['ent', 'an enterprise, on its behalf', 403, onBehalf],
    ['panel', 'a panel member, on its behalf', 403, onBehalf],
    ['admin', 'the bureau, on its behalf with a reason', 200, onBehalf],
  ];
  let taskId = '';
  beforeAll(async () => {
    taskId = `endorse-application.${await applicationByA()}`;
    await openTask(taskId);
  });

  it.each(rows)("A's endorsement completed by %s (%s) answers %i", async (caller, _, status, body) => {
    const before = await read(`/tasks/${enc(taskId)}`);
    const response = await send('POST', `/tasks/${enc(taskId)}/complete`, tokens[caller], body);
    expect(response.status, response.text).toBe(status);
    if (status === 403) expect(await read(`/tasks/${enc(taskId)}`)).toEqual(before);
    else
      expect(response.body.task.completion.by.onBehalfOf).toMatchObject({
        role: 'institution',
        ...onBehalfOf,
      });
  });
});

describe('task tokens', () => {
  it('never leave the server: no task answer of the run names or carries one', async () => {
    const engineTokens = new Set([...tokensAfterSeeding, ...(await engineTaskTokens())]);
    expect(engineTokens.size, 'the engine issued task tokens').toBeGreaterThan(0);
    expect([...engineTokens].every(looksLikeLocalTaskToken), 'the shape test knows a real token').toBe(true);
    const seen = new Set(taskResponses.filter((r) => permitted(r.status)).map((r) => r.route));
    expect([...seen].sort()).toEqual(['GET /tasks', 'GET /tasks/{id}', 'POST /tasks/{id}/complete']);
    expect(taskResponses.some((r) => r.route === 'GET /tasks' && r.text.includes('"kind"'))).toBe(true);

    const problems: string[] = [];
    const walk = (value: unknown, where: string): void => {
      if (typeof value === 'string') {
        if (looksLikeLocalTaskToken(value) || looksLikeAwsTaskToken(value))
          problems.push(`${where}: ${value}`);
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => {
          walk(item, `${where}[${i}]`);
        });
      } else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          if (/^(task)?token$/i.test(key)) problems.push(`${where}.${key}`);
          walk(item, `${where}.${key}`);
        }
      }
    };
    for (const [i, { route, status, text }] of taskResponses.entries()) {
      walk(text === '' ? {} : JSON.parse(text), `#${i} ${route} (${status})`);
      for (const token of engineTokens) {
        const secret = token.split('.').at(-1) ?? token;
        if (text.includes(secret)) problems.push(`#${i} ${route}: the engine's token ${token}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
