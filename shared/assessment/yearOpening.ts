import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Agreement } from '#shared/agreement/model.ts';
import { assessmentTable } from '#shared/assessment/assessmentTable.ts';
import { type Assessment, assessmentIdFor } from '#shared/assessment/model.ts';
import { dynamo } from '#shared/aws/dynamo.ts';
import { stepFunctions } from '#shared/aws/stepFunctions.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { bureauOnly, ConflictError, NotFoundError } from '#shared/errors.ts';
import { type Caller, hasRole } from '#shared/identity.ts';
import type { ActorRef } from '#shared/records/stagedRecord.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';

/** Where a page of agreements starts: the scan's LastEvaluatedKey, the agreement's id. */
export type PageCursor = Record<string, string>;

/**
 * The opening of a programme year's assessments, run as a workflow over pages of
 * agreements; the bureau follows its progress here. A failed attempt is resumed from
 * its cursor by opening the year again.
 */
export interface AssessmentOpening {
  /** `assessment-opening.<year>`. */
  readonly id: string;
  readonly year: string;
  readonly version: number;
  readonly state: 'opening' | 'opened' | 'failed';
  /** 1 for the first run; one more for each resumption after a failure. */
  readonly attempt: number;
  readonly pagesDone: number;
  /** Assessments open for the agreements paged so far (opened now or before). */
  readonly opened: number;
  /** Where the next page starts; absent before the first page and once every page is done. */
  readonly cursor?: PageCursor;
  readonly failure?: { readonly error: string; readonly cause: string };
  readonly startedBy: ActorRef;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt?: string;
}

/** Kept beside the programme's settings: one item per year, never among the assessments. */
const openingTable = new VersionedTable<AssessmentOpening>('SETTINGS_TABLE', 'assessment opening');

const openingIdFor = (year: string) => `assessment-opening.${year}`;

/** The execution of an attempt: the year itself, so a repeated request is the same run. */
export const openingExecutionName = (year: string, attempt: number) =>
  attempt === 1 ? year : `${year}-attempt-${attempt}`;

/**
 * Agreements read per task: each opens its assessments (a conditional write and a
 * StartExecution each) well inside the function's timeout, and the loop costs about seven
 * history events a page, so 10,000 agreements take some 700 of an execution's 25,000.
 */
export const agreementsPerPage = 100;
/** Concurrent opens within a page. */
const parallelOpens = 10;

/** The workflow's state between pages: ids and a cursor, never the agreements themselves. */
export interface OpeningPage {
  readonly year: string;
  readonly attempt: number;
  readonly pagesDone: number;
  readonly cursor: PageCursor | null;
}

export interface OpeningPageResult extends OpeningPage {
  readonly more: boolean;
}

async function loadOpening(year: string): Promise<AssessmentOpening> {
  const opening = await openingTable.get(openingIdFor(year));
  if (!opening) {
    throw new NotFoundError(`The ${year} assessments have not been opened`, {
      code: 'noSuchRecord',
      params: { record: 'assessmentOpening' },
    });
  }
  return opening;
}

async function startOpeningRun(opening: AssessmentOpening): Promise<void> {
  const input: OpeningPage = {
    year: opening.year,
    attempt: opening.attempt,
    pagesDone: opening.pagesDone,
    cursor: opening.cursor ?? null,
  };
  try {
    await stepFunctions().send(
      new StartExecutionCommand({
        stateMachineArn: requireEnv('ASSESSMENT_OPENING_WORKFLOW_ARN'),
        name: openingExecutionName(opening.year, opening.attempt),
        input: JSON.stringify(input),
      }),
    );
  } catch (error) {
    // Started by an earlier request (its input named an earlier page): the same run.
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}

/**
 * The bureau opens a programme year's assessments: a workflow pages through the
 * agreements and opens one assessment per agreement in force in the year. Asking again
 * while it runs is the same run; after a failure it resumes where it stopped; a year
 * whose opening finished is not opened again.
 */
export async function openAssessmentYear(caller: Caller, year: string): Promise<AssessmentOpening> {
  if (!hasRole(caller, 'admin')) throw bureauOnly('opens assessments');
  const at = now().toISOString();
  const fresh: AssessmentOpening = {
    id: openingIdFor(year),
    year,
    version: 1,
    state: 'opening',
    attempt: 1,
    pagesDone: 0,
    opened: 0,
    startedBy: { sub: caller.sub, email: caller.email, role: 'admin' },
    startedAt: at,
    updatedAt: at,
  };
  let opening = (await openingTable.create(fresh)) ? fresh : await loadOpening(year);
  if (opening.state === 'opened') {
    throw new ConflictError(
      `The ${year} assessments were opened at ${opening.finishedAt}: ${opening.opened} assessment(s); a year is opened once`,
      { code: 'yearOpenedAlready', params: { year } },
    );
  }
  if (opening.state === 'failed') {
    const { failure: _failure, ...rest } = opening;
    const resumed: AssessmentOpening = {
      ...rest,
      version: opening.version + 1,
      state: 'opening',
      attempt: opening.attempt + 1,
      updatedAt: at,
    };
    try {
      await openingTable.replace(resumed);
      opening = resumed;
    } catch (error) {
      // A concurrent request resumed it first: follow that attempt.
      if (!(error instanceof ConflictError)) throw error;
      opening = await loadOpening(year);
    }
  }
  await startOpeningRun(opening);
  return opening;
}

/** The bureau follows a year's opening. */
export async function getAssessmentOpening(caller: Caller, year: string): Promise<AssessmentOpening> {
  if (!hasRole(caller, 'admin')) throw bureauOnly("follows a year's opening");
  return loadOpening(year);
}

function inForce(year: string) {
  return {
    FilterExpression:
      '#state IN (:active, :terminated) AND #terms.termStart <= :yearEnd AND #terms.termEnd >= :yearStart',
    ExpressionAttributeNames: { '#state': 'state', '#terms': 'terms' },
    ExpressionAttributeValues: {
      ':active': 'active',
      ':terminated': 'terminated',
      ':yearStart': `${year}-01-01`,
      ':yearEnd': `${year}-12-31`,
    },
  };
}

/**
 * One page of the agreement table, filtered to those in force in the year (the filter also
 * leaves out the agreements' audit pages, items of the same table with no state). A scan in
 * key order, read consistently: an agreement activated a moment ago is not missed, and one
 * changed meanwhile keeps its place, so none is read twice or skipped.
 */
async function agreementPage(
  year: string,
  cursor: PageCursor | null,
): Promise<{ agreements: Agreement[]; next: PageCursor | undefined }> {
  const page = await dynamo().send(
    new ScanCommand({
      TableName: requireEnv('AGREEMENT_TABLE'),
      ConsistentRead: true,
      Limit: agreementsPerPage,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      ...inForce(year),
    }),
  );
  return {
    agreements: (page.Items ?? []) as Agreement[],
    next: page.LastEvaluatedKey as PageCursor | undefined,
  };
}

/**
 * Opens one agreement's assessment: created unless it exists, and its workflow started
 * unless it runs or ran already, so a retried page opens nothing twice and a page that
 * stopped between the two steps is completed.
 */
async function openAssessment(
  year: string,
  agreement: Agreement,
  actor: ActorRef,
  at: string,
): Promise<void> {
  const id = assessmentIdFor(year, agreement.id);
  const assessment: Assessment = {
    id,
    year,
    agreementId: agreement.id,
    commissioner: agreement.parties.commissioner,
    institution: agreement.parties.institution,
    enterprise: agreement.parties.enterprise,
    state: 'awaiting_rating',
    version: 1,
    auditPages: 0,
    recentAudit: [{ at, actor, action: 'open', from: null, to: 'awaiting_rating', eventId: `${id}:open` }],
    createdAt: at,
    updatedAt: at,
  };
  await assessmentTable.create(assessment);
  try {
    await stepFunctions().send(
      new StartExecutionCommand({
        stateMachineArn: requireEnv('ASSESSMENT_WORKFLOW_ARN'),
        name: id,
        input: JSON.stringify({ assessmentId: id }),
      }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}

/**
 * Workflow task: opens the assessments of the next page of agreements and records the
 * progress once per page (conditionally on the page count, so a retry after the record
 * was written returns what it recorded instead of counting the page twice).
 */
export async function openAssessmentPage(input: OpeningPage): Promise<OpeningPageResult> {
  const opening = await loadOpening(input.year);
  if (opening.attempt !== input.attempt) {
    throw new ConflictError(`Attempt ${input.attempt} of the ${input.year} opening was superseded`);
  }
  if (opening.pagesDone > input.pagesDone) {
    const cursor = opening.cursor ?? null;
    return { ...input, pagesDone: opening.pagesDone, cursor, more: opening.state === 'opening' };
  }
  const { agreements, next } = await agreementPage(input.year, input.cursor);
  const at = now().toISOString();
  for (let from = 0; from < agreements.length; from += parallelOpens) {
    await Promise.all(
      agreements
        .slice(from, from + parallelOpens)
        .map((agreement) => openAssessment(input.year, agreement, opening.startedBy, at)),
    );
  }
  const { cursor: _previous, ...rest } = opening;
  await openingTable.replace({
    ...rest,
    version: opening.version + 1,
    pagesDone: input.pagesDone + 1,
    opened: opening.opened + agreements.length,
    updatedAt: at,
    ...(next ? { cursor: next } : { state: 'opened', finishedAt: at }),
  });
  return { ...input, pagesDone: input.pagesDone + 1, cursor: next ?? null, more: next !== undefined };
}

/** Workflow task: the opening failed after its retries; the bureau sees why and may resume it. */
export async function recordOpeningFailure(input: {
  year: string;
  attempt: number;
  failure: { Error?: string; Cause?: string };
}): Promise<{ recorded: boolean }> {
  const opening = await loadOpening(input.year);
  if (opening.attempt !== input.attempt || opening.state !== 'opening') return { recorded: false };
  await openingTable.replace({
    ...opening,
    version: opening.version + 1,
    state: 'failed',
    failure: { error: input.failure.Error ?? 'Unknown', cause: input.failure.Cause ?? '' },
    updatedAt: now().toISOString(),
  });
  return { recorded: true };
}
