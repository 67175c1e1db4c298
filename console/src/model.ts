/** The API's shapes as the console reads them (see the API contract in the design). */

import type { OutboxEmail } from '#local/outbox.ts';

import type { AgreementTerms, SigningParty } from '#shared/agreement/model.ts';
import { signingParties } from '#shared/agreement/model.ts';
import type { Cadence } from '#shared/agreement/periods.ts';
import { cadences } from '#shared/agreement/periods.ts';
import type { DraftAgreement } from '#shared/agreement/schema.ts';
import type {
  AgreementResponse,
  ApplicationResponse,
  AssessmentResponse,
  DemandResponse,
  DispatchResponse,
  Me,
  ReportResponse,
  RoundResponse,
} from '#shared/api/responseTypes.ts';
import type { ApplicationSummary } from '#shared/application/model.ts';
import type { ApplicationForm } from '#shared/application/schema.ts';
import { industries, titles } from '#shared/application/vocabulary.ts';
import type { AssessmentSummary } from '#shared/assessment/assessmentService.ts';
import type { Rubric } from '#shared/assessment/rubric.ts';
import type { Rating as RatingForm } from '#shared/assessment/schema.ts';
import type { AssessmentOpening } from '#shared/assessment/yearOpening.ts';
import {
  type Conflict,
  conflictOf,
  excludedFromEveryNominee,
  expectedScores,
  type PanelMember,
} from '#shared/commendation/conflicts.ts';
import type { Nominee as NomineeWithTies, PanelScore } from '#shared/commendation/model.ts';
import type { RankedNominee } from '#shared/commendation/ranking.ts';
import type { PublishedCommendations } from '#shared/commendation/views.ts';
import type { Candidate } from '#shared/demand/demandService.ts';
import type { DemandSummary } from '#shared/demand/model.ts';
import type { DemandForm } from '#shared/demand/schema.ts';
import type { ComponentReason, Criterion, ScoreComponent } from '#shared/dispatch/ranking.ts';
import type { FieldProblem as FieldError } from '#shared/errors.ts';
import { roles } from '#shared/identity.ts';
import type { Person, MembershipState as PersonState, PersonWithAudit } from '#shared/membership/model.ts';
import type { OutcomeCategory, OutcomeCounts } from '#shared/outcomes.ts';
import { outcomeCategories } from '#shared/outcomes.ts';
import type { ListPage as Page } from '#shared/records/pagedList.ts';
import type { EnteredState as SharedEnteredState } from '#shared/records/readViews.ts';
import type { Revision as SharedRevision } from '#shared/records/revisions.ts';
import type {
  ActorRef,
  AuditEntry as SharedAuditEntry,
  WorkflowFailure as StateFailure,
} from '#shared/records/stagedRecord.ts';
import type { Evidence, ReportSubmission } from '#shared/report/schema.ts';
import { awaitingSubmission } from '#shared/report/states.ts';
import type { VersionComparison } from '#shared/report/versionComparison.ts';
import type { ProgrammeStatistics, StatisticsRow } from '#shared/stats/statistics.ts';
import { taskKindRules } from '#shared/tasks/kinds.ts';
import type { TaskView as Task } from '#shared/tasks/model.ts';
import { listDecisions, taskSubjectTypes } from '#shared/tasks/model.ts';

/** The keys of any member of a union. */
type KeysOfUnion<U> = U extends unknown ? keyof U : never;
/** A property's type in whichever members of a union have it. */
type ValueIn<U, K extends PropertyKey> = U extends unknown ? (K extends keyof U ? U[K] : never) : never;
/**
 * A record as any of its readers may get it (the API answers the bureau's view or a party's): what every
 * view has, and what only some have as optional, so a page reads either without narrowing first.
 */
export type AnyView<U> = Pick<U, keyof U> & {
  readonly [K in Exclude<KeysOfUnion<U>, keyof U>]?: ValueIn<U, K>;
};

export type Application = AnyView<ApplicationResponse['application']>;
export type Demand = AnyView<DemandResponse['demand']>;
export type Agreement = AnyView<AgreementResponse['agreement']>;
export type Report = AnyView<ReportResponse['report']>;
export type Assessment = AnyView<AssessmentResponse['assessment']>;

// Types only: the schemas behind them stay out of the console's bundle.
export type {
  AgreementTerms,
  ApplicationForm,
  ApplicationSummary,
  AssessmentOpening,
  AssessmentSummary,
  Cadence,
  Candidate,
  ComponentReason,
  Conflict,
  Criterion,
  DemandForm,
  DemandSummary,
  Evidence,
  FieldError,
  Me,
  OutcomeCategory,
  OutcomeCounts,
  Page,
  PanelMember,
  PanelScore,
  Person,
  PersonState,
  PersonWithAudit,
  ProgrammeStatistics,
  PublishedCommendations,
  RankedNominee,
  RatingForm,
  ReportSubmission,
  Rubric,
  ScoreComponent,
  SigningParty,
  StatisticsRow,
  Task,
  VersionComparison,
};
// The server's own lists (plain constants, no validator) and its conflict-of-interest rule (pure), so the
// console cannot drift from them.
export {
  awaitingSubmission,
  cadences,
  conflictOf,
  excludedFromEveryNominee,
  expectedScores,
  industries,
  outcomeCategories,
  roles,
  signingParties,
  taskSubjectTypes,
  titles,
};
export type Role = (typeof roles)[number];
export type Title = (typeof titles)[number];
export type Industry = (typeof industries)[number];
export const decisions = listDecisions;
export type Decision = (typeof decisions)[number];
/** Why a record's workflow failed, and in which state; the console reads the state as any string. */
export type WorkflowFailure = StateFailure<string>;

/** The candidates' score columns, in the order the console shows them. */
export const criteria = [
  'technicalFields',
  'industry',
  'location',
  'load',
] as const satisfies readonly Criterion[];

/** Roles that sign in on behalf of an organization, whose name must be given. */
export const rolesWithOrganization: readonly Role[] = ['institution', 'enterprise'];

/** Decisions that must say why on some kind of task, as the server's task rules have them. */
export const decisionsRequiringReason = [
  ...new Set(Object.values(taskKindRules).flatMap((rules) => rules.reasonRequired)),
];

export function isOneOf<Value extends string>(
  values: readonly Value[],
  candidate: string,
): candidate is Value {
  return (values as readonly string[]).includes(candidate);
}

export const applicationFormFields = [
  'name',
  'email',
  'phone',
  'homeInstitution',
  'researchOfficeEmail',
  'title',
  'technicalFields',
  'industries',
  'serviceAreas',
  'statement',
] as const satisfies readonly (keyof ApplicationForm)[];

/** Who took a step, as the bureau's audit trail names them. */
export type Actor = ActorRef;

/** One state change in a record's audit trail (the bureau's reading). */
export type AuditEntry = SharedAuditEntry<string, string>;

/** How a record came to be in its state, as readers other than the bureau (who get the audit trail) see it. */
export type EnteredState = SharedEnteredState<string>;

export type Revision<Form = ApplicationForm> = SharedRevision<Form>;

export const demandFormFields = [
  'enterpriseName',
  'creditCode',
  'problem',
  'industry',
  'technicalFields',
  'location',
  'contactName',
  'contactPhone',
  'contactEmail',
] as const satisfies readonly (keyof DemandForm)[];

/** A party's answer; who gave it as the reader may see them. */
export type Acceptance = NonNullable<NonNullable<Dispatch['acceptances']>['commissioner']>;

/** An objection: every one, with its objector, for the bureau; the reader's own for anyone else. */
export type Objection = Dispatch['objections'][number];

export type TaskSubjectType = (typeof taskSubjectTypes)[number];

/** Reports fall due quarterly unless the bureau chooses otherwise. */
export const defaultCadence: Cadence = 'quarterly';

/** The agreement the bureau drafts from a dispatch, as `POST /agreements` takes it. */
export type AgreementDraft = DraftAgreement;

/** The three parties sign in any order; the bureau countersigns last. */
export const signatureParties = [...signingParties, 'bureau'] as const;
export type SignatureParty = (typeof signatureParties)[number];

/** A party's signature, as the reader may see who signed. */
export type Signature = Agreement['signatures'][number];

/** A report period as listed with its agreement. */
export type ReportPeriod = Agreement['reportPeriods'][number];

/** The bureau changed how often the agreement reports, from period `fromPeriod` (starting `from`) on. */
export type CadenceChange = NonNullable<Agreement['cadenceChanges']>[number];

/** The cadence the agreement reports on now: the signed one, or the last change. */
export function currentCadence(agreement: Agreement): Cadence {
  return agreement.cadenceChanges?.at(-1)?.cadence ?? agreement.terms.cadence;
}

/** One submission of a period's report; every version is kept. */
export type ReportVersion = Report['versions'][number];

/** A page of a year's assessments. */
export type AssessmentPage = Page<AssessmentSummary>;

/** An email the embedded runtime's outbox kept (`GET /local/outbox`). */
export type OutboxMessage = OutboxEmail;

/** One change to a person's rights, as the bureau reads it. */
export type PersonAuditEntry = PersonWithAudit['audit'][number];

/**
 * A dispatch as its reader may see it: the bureau everything; a party without the audit trail
 * or the other party's email; anyone else as the public notice shows it (names, dates, how to object).
 */
export type Dispatch = AnyView<DispatchResponse['dispatch']>;

/** A year's commendation round, as the caller may see it (a panel member: their own scores only). */
export type CommendationRound = AnyView<RoundResponse['round']>;

/** A nominee as the round's reader sees them: a panel member without the nominee's emails. */
export type Nominee = CommendationRound['nominees'][number];

/**
 * The nominees whose ties (email, institution, enterprise) conflicts are judged on: every one in the
 * bureau's view; none in a panel member's, whose exclusions the server judged (`excluded`).
 */
export function nomineesWithTies(round: CommendationRound): NomineeWithTies[] {
  const nominees: readonly Nominee[] = round.nominees;
  return nominees.filter((nominee): nominee is NomineeWithTies => 'email' in nominee);
}
