import type {
  EmailLanguageSet,
  FileDownload,
  FileList,
  FileResponse,
  FileUploadStarted,
  ImportList,
  ImportProblems,
  ImportResponse,
  ImportUploadStarted,
} from '#shared/api/responseTypes.ts';
import type { UploadForm } from '#shared/aws/presignedUpload.ts';
import { type RefusalCode, refusalCodes } from '#shared/errors.ts';
import type { FileOwner } from '#shared/evidenceFiles/model.ts';
import type { FileUploadRequest } from '#shared/evidenceFiles/schema.ts';
import type { ImportUploadRequest } from '#shared/programmeImport/schema.ts';
import { xlsxContentType } from '#shared/spreadsheet/xlsxMediaType.ts';
import { deploymentConfig } from './deployment.ts';
import type { Locale } from './i18n.ts';
import type {
  Agreement,
  AgreementDraft,
  Application,
  ApplicationForm,
  ApplicationSummary,
  Assessment,
  AssessmentOpening,
  AssessmentPage,
  AssessmentSummary,
  Cadence,
  Candidate,
  CommendationRound,
  Demand,
  DemandForm,
  DemandSummary,
  Dispatch,
  FieldError,
  Me,
  Objection,
  OutboxMessage,
  Page,
  PanelMember,
  Person,
  PersonState,
  PersonWithAudit,
  ProgrammeStatistics,
  PublishedCommendations,
  RatingForm,
  Report,
  ReportSubmission,
  Role,
  Rubric,
  Task,
  VersionComparison,
} from './model.ts';
import { clearSession, currentSession, rememberReturnRoute } from './session.ts';

export type ApiErrorCode =
  | 'ValidationError'
  | 'Unauthorized'
  | 'Forbidden'
  | 'SecondFactorRequired'
  | 'NotFound'
  | 'Conflict'
  | 'TooManyRequests'
  | 'NetworkError'
  | 'ServerError';

/** A refusal's reason as the server codes it, for the console to say in the reader's language. */
export interface Refusal {
  readonly code: RefusalCode;
  readonly params: Readonly<Record<string, string | number>>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly fields: readonly FieldError[] = [],
    readonly refusal?: Refusal,
  ) {
    super(message);
  }
}

interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** A public route: sent without the reader's token, so it reads the same signed in or not. */
  anonymous?: boolean;
}

const knownCodes: readonly ApiErrorCode[] = [
  'ValidationError',
  'Unauthorized',
  'Forbidden',
  'SecondFactorRequired',
  'NotFound',
  'Conflict',
  'TooManyRequests',
];

/** Sends a request as the signed-in user; any status that is not OK is thrown as an ApiError. */
async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const session = options.anonymous ? undefined : currentSession();
  if (session) headers.authorization = `Bearer ${session.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(`${deploymentConfig().apiUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
    });
  } catch (cause) {
    throw new ApiError(0, 'NetworkError', String(cause));
  }
  if (response.ok) return response;

  const payload: unknown = await response.json().catch(() => undefined);
  if (response.status === 401 && !options.anonymous) {
    // The token is missing, expired or from an earlier run of the runtime: only signing in again helps.
    clearSession();
    rememberReturnRoute(location.hash.replace(/^#/, ''));
    location.hash = '#/sign-in';
  }
  throw errorFrom(response.status, payload);
}

async function request<Result>(method: string, path: string, options: RequestOptions = {}): Promise<Result> {
  const response = await send(method, path, options);
  return (await response.json().catch(() => undefined)) as Result;
}

/** A download that needs the user's token, so it cannot be a plain link: fetched, then saved from a Blob. */
async function download(path: string, accept: string): Promise<Blob> {
  const response = await send('GET', path, { headers: { accept } });
  return response.blob();
}

/**
 * Posts a file with its presigned form straight to storage, which refuses another size or type;
 * storage answers in its own XML, so a refusal is told by its status alone.
 */
export async function uploadToStorage(upload: UploadForm, file: File): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', file);
  let response: Response;
  try {
    response = await fetch(upload.url, { method: 'POST', body: form });
  } catch (cause) {
    throw new ApiError(0, 'NetworkError', String(cause));
  }
  if (!response.ok) {
    throw new ApiError(
      response.status,
      'ServerError',
      `Storage refused the upload (HTTP ${response.status})`,
    );
  }
}

/** What a list is asked for: a filter by state, and the page after `cursor`. */
export interface ListQuery {
  state?: string;
  year?: string;
  organization?: string;
  cursor?: string;
}

/** `?state=…&year=…&organization=…&cursor=…` with what is set, or nothing. */
export function listQueryString(query: ListQuery = {}, extra: Record<string, string> = {}): string {
  const parameters = new URLSearchParams(extra);
  if (query.state !== undefined) parameters.set('state', query.state);
  if (query.year !== undefined) parameters.set('year', query.year);
  if (query.organization !== undefined) parameters.set('organization', query.organization);
  if (query.cursor !== undefined) parameters.set('cursor', query.cursor);
  const text = parameters.toString();
  return text === '' ? '' : `?${text}`;
}

/** `?year=YYYY`, or nothing for every year. */
function yearQuery(year: string | undefined): string {
  return year === undefined ? '' : `?year=${encodeURIComponent(year)}`;
}

function statisticsQuery(year: string | undefined, lang: Locale): string {
  const parameters = new URLSearchParams({ lang });
  if (year !== undefined) parameters.set('year', year);
  return `?${parameters.toString()}`;
}

function errorFrom(status: number, payload: unknown): ApiError {
  const body = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  // API Gateway's own throttling answer is a bare 429 `{ "message": "Too Many Requests" }`.
  const code =
    knownCodes.find((known) => known === body.error) ?? (status === 429 ? 'TooManyRequests' : 'ServerError');
  const message = typeof body.message === 'string' ? body.message : `HTTP ${status}`;
  const fields = Array.isArray(body.fields) ? body.fields.filter(isFieldError) : [];
  const refusal = refusalCodes.find((known) => known === body.code);
  const params =
    typeof body.params === 'object' && body.params !== null
      ? (body.params as Record<string, string | number>)
      : {};
  return new ApiError(status, code, message, fields, refusal ? { code: refusal, params } : undefined);
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.field === 'string' && typeof candidate.reason === 'string';
}

export const api = {
  /** The signed-in person's rights, as the bureau's membership records say; `token` is the new session's. */
  me: (token: string) =>
    request<Me>('GET', '/me', { headers: { authorization: `Bearer ${token}` }, anonymous: true }),

  listPeople: (query: { role?: Role; organization?: string; state?: PersonState; cursor?: string }) => {
    const params = new URLSearchParams(
      Object.entries(query).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
      ),
    );
    const text = params.toString();
    return request<{ items: Person[]; nextCursor?: string }>('GET', `/people${text ? `?${text}` : ''}`);
  },

  getPerson: (sub: string) =>
    request<{ person: PersonWithAudit }>('GET', `/people/${encodeURIComponent(sub)}`),

  invitePerson: (
    invitation: { email: string; roles: Role[]; organization?: string },
    idempotencyKey: string,
  ) =>
    request<{ person: Person }>('POST', '/people', {
      body: invitation,
      headers: { 'idempotency-key': idempotencyKey },
    }),

  changePerson: (
    sub: string,
    change: { roles: Role[]; organization?: string; version: number; reason?: string },
  ) => request<{ person: Person }>('PUT', `/people/${encodeURIComponent(sub)}`, { body: change }),

  setPersonState: (sub: string, action: 'disable' | 'enable', reason: string) =>
    request<{ person: Person }>('POST', `/people/${encodeURIComponent(sub)}/${action}`, { body: { reason } }),

  /** A page of the caller's applications, newest first, in one state if asked. */
  listApplications: (query?: ListQuery) =>
    request<Page<ApplicationSummary>>('GET', `/applications${listQueryString(query)}`),

  getApplication: (id: string) =>
    request<{ application: Application }>('GET', `/applications/${encodeURIComponent(id)}`),

  submitApplication: (form: ApplicationForm, idempotencyKey: string) =>
    request<{ application: Application }>('POST', '/applications', {
      body: form,
      headers: { 'idempotency-key': idempotencyKey },
    }),

  resubmitApplication: (id: string, form: ApplicationForm, baseRevision: number) =>
    request<{ application: Application }>('PUT', `/applications/${encodeURIComponent(id)}`, {
      body: { form, baseRevision },
    }),

  /** A page of the caller's demands, newest first, in one state if asked. */
  listDemands: (query?: ListQuery) =>
    request<Page<DemandSummary>>('GET', `/demands${listQueryString(query)}`),

  getDemand: (id: string) => request<{ demand: Demand }>('GET', `/demands/${encodeURIComponent(id)}`),

  postDemand: (form: DemandForm, idempotencyKey: string) =>
    request<{ demand: Demand }>('POST', '/demands', {
      body: form,
      headers: { 'idempotency-key': idempotencyKey },
    }),

  resubmitDemand: (id: string, form: DemandForm, baseRevision: number) =>
    request<{ demand: Demand }>('PUT', `/demands/${encodeURIComponent(id)}`, {
      body: { form, baseRevision },
    }),

  /** A page of the pool ranked for the demand, best first; `cursor` reads the page after it. */
  listCandidates: (demandId: string, cursor?: string) =>
    request<Page<Candidate>>(
      'GET',
      `/demands/${encodeURIComponent(demandId)}/candidates${listQueryString(cursor === undefined ? undefined : { cursor })}`,
    ),

  proposeDispatch: (demandId: string, commissionerId: string) =>
    request<{ dispatch: Dispatch }>('POST', '/dispatches', { body: { demandId, commissionerId } }),

  /** A page of the caller's dispatches (the bureau: all), or in a state, e.g. `in_notice` for the public notice. */
  listDispatches: (query?: ListQuery) =>
    request<Page<Dispatch>>('GET', `/dispatches${listQueryString(query)}`),

  /** Dispatch ids contain a dot (demand id.commissioner id); encoded all the same. */
  getDispatch: (id: string) =>
    request<{ dispatch: Dispatch }>('GET', `/dispatches/${encodeURIComponent(id)}`),

  /** The bureau's next page of a dispatch's objections, after `cursor`. */
  listObjections: (dispatchId: string, cursor: string) =>
    request<Page<Objection>>(
      'GET',
      `/dispatches/${encodeURIComponent(dispatchId)}/objections${listQueryString({ cursor })}`,
    ),

  fileObjection: (dispatchId: string, reason: string) =>
    request<{ dispatch: Dispatch }>('POST', `/dispatches/${encodeURIComponent(dispatchId)}/objections`, {
      body: { reason },
    }),

  /** The bureau drafts the agreement of a dispatch; there is one per dispatch, so a repeat is a 409. */
  draftAgreement: (draft: AgreementDraft) =>
    request<{ agreement: Agreement }>('POST', '/agreements', { body: draft }),

  /** A page of the caller's agreements (the bureau: all), newest first, in one state if asked. */
  listAgreements: (query?: ListQuery, limit?: number) =>
    request<Page<Agreement>>(
      'GET',
      `/agreements${listQueryString(query, limit === undefined ? {} : { limit: String(limit) })}`,
    ),

  /** Agreement ids are dispatch ids, which contain a dot; encoded all the same. */
  getAgreement: (id: string) =>
    request<{ agreement: Agreement }>('GET', `/agreements/${encodeURIComponent(id)}`),

  /** The bureau changes an active agreement's reporting cadence, from the next period on. */
  changeCadence: (agreementId: string, cadence: Cadence, reason: string) =>
    request<{ agreement: Agreement }>('POST', `/agreements/${encodeURIComponent(agreementId)}/cadence`, {
      body: { cadence, reason },
    }),

  /** Report ids are `<agreementId>.period-<index>`, with dots; encoded all the same. */
  getReport: (id: string) => request<{ report: Report }>('GET', `/reports/${encodeURIComponent(id)}`),

  /** The bureau waives a period before it opens, with why. */
  waivePeriod: (id: string, reason: string) =>
    request<{ report: Report }>('POST', `/reports/${encodeURIComponent(id)}/waiver`, { body: { reason } }),

  /** Accepted (202) once the waiting step has the submission; the workflow then keeps it as a new version. */
  submitReport: (id: string, submission: ReportSubmission) =>
    request<{ report: Report }>('POST', `/reports/${encodeURIComponent(id)}/versions`, { body: submission }),

  /** The language the signed-in person's email comes in from now on. */
  setEmailLanguage: (language: Locale) =>
    request<EmailLanguageSet>('PUT', '/me/language', { body: { language } }),

  /** Records a file about to be uploaded to a record; the answer's form posts it to storage. */
  requestFileUpload: (upload: FileUploadRequest) =>
    request<FileUploadStarted>('POST', '/files', { body: upload }),

  /** Has the uploaded file checked by its content: accepted, or refused as a 400 on `file`. */
  checkFileUpload: (id: string) => request<FileResponse>('POST', `/files/${encodeURIComponent(id)}/check`),

  /** A link that downloads an accepted file for a few minutes. */
  getFileDownload: (id: string) => request<FileDownload>('GET', `/files/${encodeURIComponent(id)}`),

  listFiles: (owner: FileOwner) =>
    request<FileList>('GET', `/files?ownerKind=${owner.kind}&ownerId=${encodeURIComponent(owner.id)}`),

  compareReportVersions: (id: string, from: number, to: number) =>
    request<{ comparison: VersionComparison }>(
      'GET',
      `/reports/${encodeURIComponent(id)}/compare?from=${from}&to=${to}`,
    ),

  /** A page of the caller's open tasks, oldest first. */
  listTasks: (query?: ListQuery, limit?: number) =>
    request<Page<Task>>(
      'GET',
      `/tasks${listQueryString(query, limit === undefined ? {} : { limit: String(limit) })}`,
    ),

  /** `onBehalfReason`: the bureau records a party's own step for them, saying why. */
  completeTask: (id: string, decision: string, reason: string | undefined, onBehalfReason?: string) =>
    request<{ task: Task }>('POST', `/tasks/${encodeURIComponent(id)}/complete`, {
      body: {
        decision,
        ...(reason === undefined ? {} : { reason }),
        ...(onBehalfReason === undefined ? {} : { onBehalfOf: { reason: onBehalfReason } }),
      },
    }),

  /** The programme's statistics from accepted reports, for every year or one, with the summary in each language. */
  getStatistics: (year?: string) =>
    request<{ statistics: ProgrammeStatistics; summary: Record<Locale, string> }>(
      'GET',
      `/stats${yearQuery(year)}`,
    ),

  /** The same statistics as one CSV table (with a byte-order mark, for spreadsheet programs), its header in `lang`. */
  downloadStatisticsCsv: (year: string | undefined, lang: Locale) =>
    download(`/stats.csv${statisticsQuery(year, lang)}`, 'text/csv'),

  /** The statistics as an Excel workbook, one sheet per table, in `lang`. */
  downloadStatisticsWorkbook: (year: string | undefined, lang: Locale) =>
    download(`/stats.xlsx${statisticsQuery(year, lang)}`, xlsxContentType),

  /** The bureau's workbook to bring in a programme already running: instructions, then a sheet per kind of record. */
  downloadImportTemplate: () => download('/imports/template.xlsx', xlsxContentType),

  /** The bureau starts an import: the import as recorded, and the form that posts its workbook (this size) to storage. */
  startImport: (workbook: ImportUploadRequest) =>
    request<ImportUploadStarted>('POST', '/imports', { body: workbook }),

  /** Has the uploaded workbook checked by a workflow (202); follow it with getImport. */
  checkImport: (id: string) => request<ImportResponse>('POST', `/imports/${encodeURIComponent(id)}/check`),

  getImport: (id: string) => request<ImportResponse>('GET', `/imports/${encodeURIComponent(id)}`),

  /** A page (from 0) of the problems the check found. */
  listImportProblems: (id: string, page: number) =>
    request<ImportProblems>('GET', `/imports/${encodeURIComponent(id)}/problems?page=${page}`),

  /** The bureau confirms a checked import (202): its workflow writes it; follow it with getImport. */
  confirmImport: (id: string) =>
    request<ImportResponse>('POST', `/imports/${encodeURIComponent(id)}/confirm`),

  /** The bureau's imports, newest first. */
  listImports: () => request<ImportList>('GET', '/imports'),

  /** The bureau opens a year's assessments, one per agreement in force, as a workflow; a 409 once it finished. */
  openAssessments: (year: string) =>
    request<{ opening: AssessmentOpening; location: string }>('POST', '/assessments', { body: { year } }),

  /** How far a year's opening has come; a 404 before it was opened. */
  getAssessmentOpening: (year: string) =>
    request<{ opening: AssessmentOpening }>('GET', `/assessments/openings/${encodeURIComponent(year)}`),

  /** A page of a year's assessments, as summaries: the bureau's all, each party's its own; `cursor` reads the next. */
  listAssessments: (year: string, cursor?: string, limit?: number) =>
    request<AssessmentPage>(
      'GET',
      `/assessments?${new URLSearchParams({
        year,
        ...(cursor === undefined ? {} : { cursor }),
        ...(limit === undefined ? {} : { limit: String(limit) }),
      })}`,
    ),

  /** Every page of a year's assessments, for a choice that must see them all. */
  async everyAssessment(year: string): Promise<AssessmentSummary[]> {
    const all: AssessmentSummary[] = [];
    let cursor: string | undefined;
    do {
      const page: AssessmentPage = await api.listAssessments(year, cursor, 500);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  },

  /** Assessment ids are `<year>.<agreementId>`, with dots; encoded all the same. */
  getAssessment: (id: string) =>
    request<{ assessment: Assessment }>('GET', `/assessments/${encodeURIComponent(id)}`),

  /** The enterprise rates its commissioner; the workflow then scores the year. */
  rateCommissioner: (id: string, rating: RatingForm) =>
    request<{ assessment: Assessment }>('POST', `/assessments/${encodeURIComponent(id)}/rating`, {
      body: rating,
    }),

  /** The published rubric in force; version 0 is the default, never changed. */
  getRubric: () => request<{ rubric: Rubric; version: number }>('GET', '/rubric'),

  /** `baseVersion` is the version the edit started from: a change made meanwhile is a 409, not overwritten. */
  setRubric: (rubric: Rubric, baseVersion: number) =>
    request<{ rubric: Rubric; version: number }>('PUT', '/rubric', {
      body: rubric,
      headers: { 'if-match': String(baseVersion) },
    }),

  /** The bureau opens a year's round; a 409 when no assessment of the year was graded or it has a round. */
  openCommendationRound: (year: string, limit: number) =>
    request<{ round: CommendationRound }>('POST', '/commendation-rounds', { body: { year, limit } }),

  /** The bureau's all rounds; a panel member's those they sit on. */
  /** A page of the commendation rounds, newest first, in one state if asked. */
  listCommendationRounds: (query?: ListQuery) =>
    request<Page<CommendationRound>>('GET', `/commendation-rounds${listQueryString(query)}`),

  getCommendationRound: (id: string) =>
    request<{ round: CommendationRound }>('GET', `/commendation-rounds/${encodeURIComponent(id)}`),

  /** Assessments of the round's year graded excellent, at most the round's limit of them. */
  nominateForCommendation: (id: string, assessmentIds: string[]) =>
    request<{ round: CommendationRound }>(
      'POST',
      `/commendation-rounds/${encodeURIComponent(id)}/nominations`,
      { body: { assessmentIds } },
    ),

  assignCommendationPanel: (id: string, members: PanelMember[]) =>
    request<{ round: CommendationRound }>('POST', `/commendation-rounds/${encodeURIComponent(id)}/panel`, {
      body: { members },
    }),

  /** Accepted (202): the round's workflow records the start and asks the panel a moment later. */
  startCommendationScoring: (id: string) =>
    request<{ round: CommendationRound }>('POST', `/commendation-rounds/${encodeURIComponent(id)}/scoring`),

  /** A panel member's score of one nominee, 0 to 100, once; answers with the member's view of the round. */
  scoreCommendationNominee: (id: string, nomineeId: string, score: number) =>
    request<{ round: CommendationRound }>('POST', `/commendation-rounds/${encodeURIComponent(id)}/scores`, {
      body: { nomineeId, score },
    }),

  /** Public: the published list; a 404 until it is published. */
  getPublishedCommendations: (id: string) =>
    request<PublishedCommendations>('GET', `/commendations/${encodeURIComponent(id)}`, { anonymous: true }),

  listOutbox: () => request<{ items: OutboxMessage[] }>('GET', '/local/outbox'),

  getClock: () => request<{ now: string; offsetMs: number }>('GET', '/local/clock'),

  advanceClock: (advanceSeconds: number) =>
    request<{ now: string }>('POST', '/local/clock', { body: { advanceSeconds } }),
};
