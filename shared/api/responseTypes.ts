/**
 * What each route answers, by name: the single source of the API's response shapes. A route names
 * one of these (`response` in its declaration); `tsc` checks its handler's answer against it, the
 * OpenAPI document describes it with the JSON Schema generated from it (`npm run api:schemas`),
 * the tests check every real answer against that schema, and the console reads these same types.
 */

import type { AgreementWithProgress } from '#shared/agreement/agreementService.ts';
import type { Agreement } from '#shared/agreement/model.ts';
import type { AgreementPartyView } from '#shared/agreement/views.ts';
import type { ApplicationSummary, ApplicationView } from '#shared/application/model.ts';
import type { ApplicationPartyView } from '#shared/application/views.ts';
import type { AssessmentSummary } from '#shared/assessment/assessmentService.ts';
import type { Assessment } from '#shared/assessment/model.ts';
import type { Rubric } from '#shared/assessment/rubric.ts';
import type { AssessmentPartyView } from '#shared/assessment/views.ts';
import type { AssessmentOpening } from '#shared/assessment/yearOpening.ts';
import type { UploadForm } from '#shared/aws/presignedUpload.ts';
import type { RoundView } from '#shared/commendation/commendationService.ts';
import type { CommendationRound } from '#shared/commendation/model.ts';
import type { PublishedCommendations, RoundForPanel, RoundPanelView } from '#shared/commendation/views.ts';
import type { Candidate } from '#shared/demand/demandService.ts';
import type { DemandSummary, DemandView } from '#shared/demand/model.ts';
import type { DemandPartyView } from '#shared/demand/views.ts';
import type { DispatchAnswer, DispatchListItem } from '#shared/dispatch/dispatchService.ts';
import type { Objection } from '#shared/dispatch/model.ts';
import type { EmailLanguage } from '#shared/email/catalogue.ts';
import type { FileView } from '#shared/evidenceFiles/fileService.ts';
import type { Caller } from '#shared/identity.ts';
import type { Person, PersonWithAudit } from '#shared/membership/model.ts';
import type { ImportView } from '#shared/programmeImport/model.ts';
import type { CellProblem } from '#shared/programmeImport/workbookCheck.ts';
import type { WithAuditTrail } from '#shared/records/stagedTable.ts';
import type { ReportPartyDetail, ReportSummaryView, ReportView } from '#shared/report/reportService.ts';
import type { VersionComparison } from '#shared/report/versionComparison.ts';
import type { ProgrammeStatistics } from '#shared/stats/statistics.ts';
import type { TaskView } from '#shared/tasks/model.ts';

export interface Health {
  readonly status: 'ok';
}

/** The OpenAPI 3 document itself (its parts are OpenAPI's, not this API's); a type, so it reads as a plain record. */
export type OpenApiDocument = {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string };
  readonly components: Readonly<Record<string, unknown>>;
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
  readonly paths: Readonly<Record<string, unknown>>;
};

/** Who the caller is and what the bureau lets them do (only an active member gets an answer). */
export type Me = Caller & {
  readonly state: 'active';
  /** The language the person chose for their email (`PUT /me/language`); both until they do. */
  readonly emailLanguage?: EmailLanguage;
  /** The person's role needs a second factor that this sign-in did not have. */
  readonly secondFactorRequired?: boolean;
};

export interface ApplicationResponse {
  readonly application: ApplicationView | ApplicationPartyView;
}

export interface TaskResponse {
  readonly task: TaskView;
}

export interface DemandResponse {
  readonly demand: DemandView | DemandPartyView;
}

export interface DispatchResponse {
  readonly dispatch: DispatchAnswer;
}

/** A drafted or changed agreement, as the bureau sees it. */
export interface AgreementChanged {
  readonly agreement: WithAuditTrail<Agreement>;
}

/** An agreement with its report periods and what accepted reports add up to. */
export interface AgreementResponse {
  readonly agreement: AgreementWithProgress;
}

export type AgreementListItem = Agreement | AgreementPartyView;

export interface ReportResponse {
  readonly report: ReportView | ReportPartyDetail;
}

/** A submitted version: the report as it was read (the workflow records the version a moment later). */
export interface ReportSubmitted extends ReportResponse {
  readonly versionId: string;
}

export interface ReportComparison {
  readonly comparison: VersionComparison;
}

export interface StatisticsResponse {
  readonly statistics: ProgrammeStatistics;
  /** The year in one paragraph, in each language the console shows. */
  readonly summary: { readonly 'zh-CN': string; readonly en: string };
}

/** A year's assessments are being opened; `location` is where to follow the opening. */
export interface AssessmentsOpened {
  readonly opening: AssessmentOpening;
  readonly location: string;
}

export interface AssessmentOpeningResponse {
  readonly opening: AssessmentOpening;
}

export interface AssessmentResponse {
  readonly assessment: WithAuditTrail<Assessment> | AssessmentPartyView;
}

export interface RubricResponse {
  readonly rubric: Rubric;
  readonly version: number;
}

export interface RoundResponse {
  readonly round: RoundView | RoundPanelView;
}

export type RoundListItem = CommendationRound | RoundForPanel;

export interface PersonResponse {
  readonly person: Person;
}

export interface PersonWithAuditResponse {
  readonly person: PersonWithAudit;
}

/** The language the caller's email comes in from now on. */
export interface EmailLanguageSet {
  readonly language: EmailLanguage;
}

/** An upload started: the file as recorded, and the form that posts it to storage. */
export interface FileUploadStarted {
  readonly file: FileView;
  readonly upload: UploadForm;
}

export interface FileResponse {
  readonly file: FileView;
}

/** An accepted file and a link that downloads it for a few minutes. */
export interface FileDownload {
  readonly file: FileView;
  readonly download: { readonly url: string; readonly expiresAt: string };
}

export interface FileList {
  readonly files: readonly FileView[];
}

/** An import started: the import as recorded, and the form that posts its workbook to storage. */
export interface ImportUploadStarted {
  readonly import: ImportView;
  readonly upload: UploadForm;
}

export interface ImportResponse {
  readonly import: ImportView;
}

/** A page of an import's problems, and how many pages there are. */
export interface ImportProblems {
  readonly problems: readonly CellProblem[];
  readonly page: number;
  readonly pages: number;
}

export interface ImportList {
  readonly imports: readonly ImportView[];
}

/**
 * Every response type by the name a route gives it (a paged route names its items' type). The
 * schema generator starts here, so each is in the generated file under its name.
 */
export interface ResponseTypes {
  Health: Health;
  OpenApiDocument: OpenApiDocument;
  Me: Me;
  ApplicationResponse: ApplicationResponse;
  ApplicationSummary: ApplicationSummary;
  TaskResponse: TaskResponse;
  TaskView: TaskView;
  DemandResponse: DemandResponse;
  DemandSummary: DemandSummary;
  Candidate: Candidate;
  DispatchResponse: DispatchResponse;
  DispatchListItem: DispatchListItem;
  // `Objection` names the request body that files one.
  ObjectionRecord: Objection;
  AgreementChanged: AgreementChanged;
  AgreementResponse: AgreementResponse;
  AgreementListItem: AgreementListItem;
  ReportResponse: ReportResponse;
  ReportSubmitted: ReportSubmitted;
  ReportSummaryView: ReportSummaryView;
  ReportComparison: ReportComparison;
  StatisticsResponse: StatisticsResponse;
  AssessmentsOpened: AssessmentsOpened;
  AssessmentOpeningResponse: AssessmentOpeningResponse;
  AssessmentSummary: AssessmentSummary;
  AssessmentResponse: AssessmentResponse;
  RubricResponse: RubricResponse;
  RoundResponse: RoundResponse;
  RoundListItem: RoundListItem;
  PublishedCommendations: PublishedCommendations;
  PersonResponse: PersonResponse;
  PersonWithAuditResponse: PersonWithAuditResponse;
  Person: Person;
  EmailLanguageSet: EmailLanguageSet;
  FileUploadStarted: FileUploadStarted;
  ImportUploadStarted: ImportUploadStarted;
  ImportResponse: ImportResponse;
  ImportProblems: ImportProblems;
  ImportList: ImportList;
  FileResponse: FileResponse;
  FileDownload: FileDownload;
  FileList: FileList;
}

export type ResponseName = keyof ResponseTypes;
