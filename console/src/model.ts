/** The API's shapes as the console reads them (see the API contract in the design). */

import type { AgreementTerms, SigningParty } from '#shared/agreement/model.ts';
import { signingParties } from '#shared/agreement/model.ts';
import type { Cadence } from '#shared/agreement/periods.ts';
import { cadences } from '#shared/agreement/periods.ts';
import { industries, titles } from '#shared/application/vocabulary.ts';
import type { Grade, Rubric, ScoreBreakdown } from '#shared/assessment/rubric.ts';
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
import { listDecisions, taskSubjectTypes } from '#shared/tasks/model.ts';

// Types only: the schemas behind them stay out of the console's bundle.
export type {
  AgreementTerms,
  AssessmentOpening,
  Cadence,
  Conflict,
  Criterion,
  DemandForm,
  Evidence,
  FieldError,
  Nominee,
  OutcomeCategory,
  OutcomeCounts,
  Page,
  PanelMember,
  PanelScore,
  Person,
  PersonState,
  ProgrammeStatistics,
  RankedNominee,
  RatingForm,
  ReportSubmission,
  Rubric,
  ScoreComponent,
  SigningParty,
  StatisticsRow,
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

export interface ApplicationSummary {
  id: string;
  state: string;
  revision: number;
  name: string;
  homeInstitution: string;
  createdAt: string;
  updatedAt: string;
}

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

export interface Application {
  id: string;
  state: string;
  revision: number;
  version: number;
  /** The user id is in the applicant's own and the bureau's answers only. */
  applicant: { sub?: string; email: string };
  form: ApplicationForm;
  revisions: Revision[];
  /** The bureau's answer only; everyone else gets `enteredState`. */
  audit?: AuditEntry[];
  /** How the record came to be in its state (the step, when, why), for readers without the audit trail. */
  enteredState?: EnteredState;
  createdAt: string;
  updatedAt: string;
  failure?: WorkflowFailure;
}

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

export interface DemandSummary {
  id: string;
  state: string;
  revision: number;
  enterpriseName: string;
  industry: string;
  location: string;
  createdAt: string;
  updatedAt: string;
}

export interface Demand {
  id: string;
  state: string;
  revision: number;
  version: number;
  /** Who posted it: the poster's own and the bureau's answers only; colleagues get the organisation. */
  poster: { sub?: string; email?: string; organization: string };
  form: DemandForm;
  revisions: Revision<DemandForm>[];
  /** The bureau's answer only; everyone else gets `enteredState`. */
  audit?: AuditEntry[];
  enteredState?: EnteredState;
  /** The dispatch under way or done for it. */
  dispatchId?: string;
  createdAt: string;
  updatedAt: string;
  failure?: WorkflowFailure;
}

export interface Candidate {
  commissionerId: string;
  name: string;
  institution: string;
  score: number;
  activeEnterprises: number;
  components: ScoreComponent[];
}

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

export type TaskSubjectType = (typeof taskSubjectTypes)[number];

export interface Task {
  id: string;
  kind: string;
  /** `type` is one of taskSubjectTypes, or a newer kind of record the server has and this console does not. */
  subject: { type: string; id: string; title: string };
  assignee: { role: string; organization?: string; sub?: string; email?: string };
  openedAt: string;
  deadline: string;
  ageSeconds: number;
  reminders: number;
  escalated: boolean;
  decisions: string[];
  /** Of `decisions`, those the bureau takes only on the assignee's behalf, with a reason. */
  decisionsOnBehalf: string[];
}

/** Reports fall due quarterly unless the bureau chooses otherwise. */
export const defaultCadence: Cadence = 'quarterly';

export interface AgreementDraft extends AgreementTerms {
  dispatchId: string;
}

/** The three parties sign in any order; the bureau countersigns last. */
export const signatureParties = [...signingParties, 'bureau'] as const;
export type SignatureParty = (typeof signatureParties)[number];

export interface Signature {
  party: SignatureParty;
  by: Actor;
  at: string;
  /** The hash of the terms this party signed: always the agreement's own termsHash. */
  termsHash: string;
}

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

export interface Agreement {
  /** Equals the dispatch id, which contains a dot. */
  id: string;
  dispatchId: string;
  demandId: string;
  state: string;
  parties: {
    commissioner: { sub: string; name: string; email: string };
    institution: { name: string; email: string };
    enterprise: { name: string; email: string };
  };
  terms: AgreementTerms;
  termsHash: string;
  signatures: Signature[];
  /** Written once the agreement is active; empty before. */
  reportPeriods?: ReportPeriod[];
  /** What accepted reports add up to, per outcome category, against `terms.goals`. */
  acceptedTotals?: OutcomeCounts;
  cadenceChanges?: CadenceChange[];
  /** The bureau's answer only; everyone else gets `enteredState`. */
  audit?: AuditEntry[];
  enteredState?: EnteredState;
  createdAt: string;
  updatedAt: string;
  failure?: WorkflowFailure;
}

/** The cadence the agreement reports on now: the signed one, or the last change. */
export function currentCadence(agreement: Agreement): Cadence {
  return agreement.cadenceChanges?.at(-1)?.cadence ?? agreement.terms.cadence;
}

/** One submission of a period's report; every version is kept. */
export interface ReportVersion {
  number: number;
  counts: OutcomeCounts;
  narrative: string;
  evidence: Evidence[];
  submittedAt: string;
  by: Actor;
  /** The enterprise's confirmation or dispute of this version. */
  confirmation?: { decision: string; by: Actor; at: string };
}

/** One report period of an active agreement and its report. */
export interface Report {
  /** `<agreementId>.period-<index>`. */
  id: string;
  agreementId: string;
  index: number;
  /** Calendar dates, YYYY-MM-DD; `end` inclusive. */
  start: string;
  end: string;
  due: string;
  overdueAt: string;
  state: string;
  status: string;
  commissioner: { sub: string; name: string; email: string };
  institution: { name: string; email: string };
  enterprise: { name: string; email: string };
  versions: ReportVersion[];
  /** The bureau's answer only; everyone else gets `enteredState`. */
  audit?: AuditEntry[];
  enteredState?: EnteredState;
  createdAt: string;
  updatedAt: string;
  failure?: WorkflowFailure;
}

/** One commissioner's year on one agreement: the enterprise's rating, the score, the bureau's grade. */
export interface Assessment {
  /** `<year>.<agreementId>`, with dots. */
  id: string;
  /** The programme year, YYYY. */
  year: string;
  agreementId: string;
  state: string;
  commissioner: { sub: string; name: string; email: string };
  institution: { name: string; email: string };
  enterprise: { name: string; email: string };
  /** The enterprise's satisfaction, 1 to 5. */
  rating?: { score: number; comment: string; by: Actor; at: string };
  /** The score with every term of its sum, the rubric it was computed by and the reports it counted. */
  score?: ScoreBreakdown & { rubric: Rubric; reports: string[] };
  grade?: { grade: Grade; reason?: string; by: Actor; at: string };
  /** The bureau's answer only; everyone else gets `enteredState`. */
  audit?: AuditEntry[];
  enteredState?: EnteredState;
  createdAt: string;
  updatedAt: string;
  failure?: WorkflowFailure;
}

/** What a year's list shows of an assessment; the rest is read one at a time. */
export interface AssessmentSummary {
  id: string;
  year: string;
  agreementId: string;
  state: string;
  commissioner: { sub: string; name: string };
  institution: { name: string };
  enterprise: { name: string };
  rating?: { score: number };
  score?: { total: number; suggestedGrade: Grade };
  grade?: { grade: Grade };
  updatedAt: string;
}

/** A page of a year's assessments. */
export type AssessmentPage = Page<AssessmentSummary>;

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

/** The published list, for everyone, signed in or not. */
export interface PublishedCommendations {
  year: string;
  publishedAt?: string;
  commended: { rank: number; name: string; institution: string; meanScore?: number }[];
}

export interface OutboxMessage {
  id: string;
  at: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** What GET /me answers: who the reader is and what the bureau lets them do. */
export interface Me {
  readonly sub: string;
  readonly email: string;
  readonly roles: Role[];
  readonly organization?: string;
  readonly state: PersonState;
  /** The person's role needs a second factor that this sign-in did not have. */
  readonly secondFactorRequired?: boolean;
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

export type PersonWithAudit = Person & { readonly audit: PersonAuditEntry[] };
