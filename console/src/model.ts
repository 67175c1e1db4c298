/** The API's shapes as the console reads them (see the API contract in the design). */

import type { AgreementTerms, SigningParty } from '#shared/agreement/model.ts';
import { signingParties } from '#shared/agreement/model.ts';
import type { Cadence } from '#shared/agreement/periods.ts';
import { cadences } from '#shared/agreement/periods.ts';
import type {
  AgreementResponse,
  ApplicationResponse,
  AssessmentResponse,
  DemandResponse,
  Me,
  ReportResponse,
} from '#shared/api/responseTypes.ts';
import type { ApplicationSummary } from '#shared/application/model.ts';
import { industries, titles } from '#shared/application/vocabulary.ts';
import type { AssessmentSummary } from '#shared/assessment/assessmentService.ts';
import type { Rubric } from '#shared/assessment/rubric.ts';
import type { Rating as RatingForm } from '#shared/assessment/schema.ts';
import type { AssessmentOpening } from '#shared/assessment/yearOpening.ts';
import {
  type Conflict,
  conflictOf,
  expectedScores,
  type PanelMember,
} from '#shared/commendation/conflicts.ts';
import type { Nominee, PanelScore } from '#shared/commendation/model.ts';
import type { RankedNominee } from '#shared/commendation/ranking.ts';
import type { PublishedCommendations } from '#shared/commendation/views.ts';
import type { Candidate } from '#shared/demand/demandService.ts';
import type { DemandSummary } from '#shared/demand/model.ts';
import type { DemandForm } from '#shared/demand/schema.ts';
import type { Criterion, ScoreComponent } from '#shared/dispatch/ranking.ts';
import type { FieldProblem as FieldError } from '#shared/errors.ts';
import { roles } from '#shared/identity.ts';
import type { Person, MembershipState as PersonState } from '#shared/membership/model.ts';
import type { OutcomeCategory, OutcomeCounts } from '#shared/outcomes.ts';
import { outcomeCategories } from '#shared/outcomes.ts';
import type { ListPage as Page } from '#shared/records/pagedList.ts';
import type { Revision as SharedRevision } from '#shared/records/revisions.ts';
import type { WorkflowFailure as StateFailure } from '#shared/records/stagedRecord.ts';
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
  ApplicationSummary,
  AssessmentOpening,
  AssessmentSummary,
  Cadence,
  Candidate,
  Conflict,
  Criterion,
  DemandForm,
  DemandSummary,
  Evidence,
  FieldError,
  Me,
  Nominee,
  OutcomeCategory,
  OutcomeCounts,
  Page,
  PanelMember,
  PanelScore,
  Person,
  PersonState,
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

export interface ApplicationForm {
  name: string;
  email: string;
  phone: string;
  homeInstitution: string;
  /** The research office of the home institution, which is asked for the endorsement. */
  researchOfficeEmail: string;
  title: Title;
  technicalFields: string[];
  industries: Industry[];
  statement: string;
  /** Districts or towns the expert is willing to serve; absent from applications filed before it existed. */
  serviceAreas?: string[];
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

export interface Actor {
  sub: string;
  email: string;
  role: string;
  /** Set when the bureau recorded a party's own step for them: the party, and the bureau's reason. */
  onBehalfOf?: { role: string; organization?: string; email?: string; reason: string };
}

export interface AuditEntry {
  at: string;
  actor: Actor;
  action: string;
  from: string | null;
  to: string;
  reason?: string;
}

/** How a record came to be in its state, as readers other than the bureau (who get the audit trail) see it. */
export interface EnteredState {
  action: string;
  at: string;
  reason?: string;
}

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

export interface Acceptance {
  decision: 'accept' | 'decline';
  by: Actor;
  at: string;
  reason?: string;
}

export interface Objection {
  id: string;
  by: { email: string };
  at: string;
  reason: string;
  ruling?: { decision: 'uphold' | 'dismiss'; at: string; reason?: string };
}

export type TaskSubjectType = (typeof taskSubjectTypes)[number];

/** Reports fall due quarterly unless the bureau chooses otherwise. */
export const defaultCadence: Cadence = 'quarterly';

export interface AgreementDraft extends AgreementTerms {
  dispatchId: string;
}

/** The three parties sign in any order; the bureau countersigns last. */
export const signatureParties = [...signingParties, 'bureau'] as const;
export type SignatureParty = (typeof signatureParties)[number];

/** A party's signature, as the reader may see who signed. */
export type Signature = Agreement['signatures'][number];

/** A report period as listed with its agreement. */
export interface ReportPeriod {
  /** The report's id: `<agreementId>.period-<index>`. */
  id: string;
  index: number;
  /** Calendar dates, YYYY-MM-DD; `end` inclusive. */
  start: string;
  end: string;
  due: string;
  /** The instant an unsubmitted report falls overdue. */
  overdueAt: string;
  state: string;
  /** The state as shown: `due` for an open report on or after its due date. */
  status: string;
  /** How many versions have been submitted. */
  versions: number;
}

/** The bureau changed how often the agreement reports, from period `fromPeriod` (starting `from`) on. */
export interface CadenceChange {
  cadence: Cadence;
  fromPeriod: number;
  from: string;
  reason: string;
  by: Actor;
  at: string;
}

/** The cadence the agreement reports on now: the signed one, or the last change. */
export function currentCadence(agreement: Agreement): Cadence {
  return agreement.cadenceChanges?.at(-1)?.cadence ?? agreement.terms.cadence;
}

/** One submission of a period's report; every version is kept. */
export type ReportVersion = Report['versions'][number];

/** A page of a year's assessments. */
export type AssessmentPage = Page<AssessmentSummary>;

export interface OutboxMessage {
  id: string;
  at: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface PersonAuditEntry {
  readonly at: string;
  readonly actor: { readonly email: string };
  readonly action: 'invite' | 'change' | 'disable' | 'enable';
  readonly reason?: string;
  readonly changes?: {
    readonly roles?: { readonly from: Role[]; readonly to: Role[] };
    readonly organization?: { readonly from: string | null; readonly to: string | null };
  };
}

/**
 * A dispatch as its reader may see it: the bureau everything; a party without the audit trail
 * or the other party's email; anyone else as the public notice shows it (names, dates, how to object).
 * Objections: every one for the bureau, the reader's own for anyone else.
 */
export interface Dispatch {
  id: string;
  demandId?: string;
  state: string;
  commissioner: { id?: string; name: string; email?: string; institution: string };
  enterprise: { name: string; creditCode?: string; location?: string; problem?: string };
  acceptances?: { commissioner?: Acceptance; enterprise?: Acceptance };
  notice?: { opensAt: string; closesAt: string };
  objections: Objection[];
  /** The bureau's: more objections follow, read with this cursor. */
  objectionsCursor?: string;
  audit?: AuditEntry[];
  createdAt?: string;
  updatedAt?: string;
  failure?: WorkflowFailure;
}

/** A year's commendation round, as the caller may see it (a panel member: their own scores only). */
export interface CommendationRound {
  /** `commendation-<year>`. */
  id: string;
  year: string;
  state: string;
  /** At most this many nominees. */
  limit: number;
  nominees: Nominee[];
  panel: PanelMember[];
  scores: PanelScore[];
  /** For a panel member: the nominees they may not score, and why. */
  excluded?: { nomineeId: string; conflict: Conflict }[];
  ranking?: RankedNominee[];
  notice?: { opensAt: string; closesAt: string };
  approvedBy?: Actor;
  publishedAt?: string;
  /** The bureau's answer only; everyone else gets `enteredState`. */
  audit?: AuditEntry[];
  enteredState?: EnteredState;
  createdAt: string;
  updatedAt: string;
  failure?: WorkflowFailure;
}

export type PersonWithAudit = Person & { readonly audit: PersonAuditEntry[] };
