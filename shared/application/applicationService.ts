import { applicationIndexes } from '#shared/application/applicationIndexes.ts';
import {
  applicationRevisions,
  applicationTable,
  viewApplication,
} from '#shared/application/applicationTable.ts';
import {
  type Application,
  type ApplicationSummary,
  type ApplicationView,
  summarizeApplication,
} from '#shared/application/model.ts';
import type { ApplicationForm, ResubmitApplication } from '#shared/application/schema.ts';
import { applicationStates, nextApplicationState } from '#shared/application/states.ts';
import { type ApplicationPartyView, applicationReaderOf } from '#shared/application/views.ts';
import { now } from '#shared/clock.ts';
import { ConflictError, ForbiddenError, noSuchRecord, notYours } from '#shared/errors.ts';
import { type Caller, hasRole, organizationKey } from '#shared/identity.ts';
import { countEvent } from '#shared/observability/metrics.ts';
import { type DailyQuota, takeDailyQuota } from '#shared/records/dailyQuota.ts';
import {
  bureauSources,
  inState,
  type ListFilters,
  type ListPage,
  type ListSource,
  type PageRequest,
  sourceOf,
  yearPrefix,
} from '#shared/records/pagedList.ts';
import { assertRevisionAllowed, firstRevision } from '#shared/records/revisions.ts';
import { recordIdFor, submitOnce } from '#shared/records/startWorkflow.ts';
import { taskIdFor } from '#shared/tasks/kinds.ts';
import { completeTask } from '#shared/tasks/taskService.ts';

/** Far more than anyone applies in earnest; each application emails a research office. */
export const applicationsPerDay: DailyQuota = { act: 'submit applications', perDay: 30 };

/**
 * Stores a new application (its form first, in the first revision's item) and starts its review
 * workflow; a replay returns the first result.
 */
export async function submitApplication(
  caller: Caller,
  form: ApplicationForm,
  idempotencyKey?: string,
): Promise<{ application: ApplicationView | ApplicationPartyView; replayed: boolean }> {
  if (!hasRole(caller, 'commissioner')) {
    throw new ForbiddenError('Only a commissioner account can apply', {
      code: 'roleRequired',
      params: { role: 'commissioner' },
    });
  }
  const id = recordIdFor(caller.sub, idempotencyKey);
  // A replay (the same Idempotency-Key, so the same id) uses nothing more.
  await takeDailyQuota(applicationsPerDay, caller.sub, id);
  const at = now().toISOString();
  const eventId = `${id}:submit`;
  await applicationRevisions.storeFirst(id, form);
  const application: Application = {
    id,
    state: nextApplicationState(null, 'applicant', 'submit'),
    revision: 1,
    version: 1,
    applicant: { sub: caller.sub, email: caller.email },
    form,
    revisions: [firstRevision(id, at)],
    auditPages: 0,
    recentAudit: [
      {
        at,
        actor: { sub: caller.sub, email: caller.email, role: 'commissioner' },
        action: 'submit',
        from: null,
        to: 'awaiting_endorsement',
        eventId,
      },
    ],
    createdAt: at,
    updatedAt: at,
  };
  const { record, replayed } = await submitOnce(applicationTable, application, 'APPLICATION_WORKFLOW_ARN', {
    applicationId: id,
  });
  if (!replayed) countEvent('applicationSubmitted');
  return { application: await viewApplication(record, 'applicant'), replayed };
}

/** An application with every revision in full (at most `maxRevisions`, so well within a response). */
export async function getApplicationForCaller(
  caller: Caller,
  id: string,
): Promise<ApplicationView | ApplicationPartyView> {
  const application = await applicationTable.get(id);
  if (!application) throw noSuchRecord('application', id);
  const reader = applicationReaderOf(caller, application);
  if (!reader) throw notYours('application');
  return viewApplication(application, reader);
}

/**
 * Applicants see their own, research offices their institution's, the bureau all (in a state, of a
 * year, of an institution), a page at a time, newest first: each read from an index that holds
 * just that list. A research office's or applicant's state filter, and the bureau's by state
 * within one institution, are applied to that partition, so such a page may be short.
 */
export async function listApplicationsForCaller(
  caller: Caller,
  filters: ListFilters,
  page: PageRequest,
): Promise<ListPage<ApplicationSummary>> {
  const prefix = yearPrefix(filters.year);
  const byInstitution = (name: string, within = prefix) =>
    sourceOf(applicationIndexes.byInstitution, 'institutionKey', organizationKey(name), 'createdAt', within);
  let sources: ListSource[];
  if (hasRole(caller, 'admin')) {
    sources = bureauSources(
      {
        entity: 'application',
        byUpdatedAt: applicationIndexes.byUpdatedAt,
        byState: applicationIndexes.byState,
        states: applicationStates,
        organization: (name, within) => [byInstitution(name, within)],
      },
      filters,
    );
  } else if (hasRole(caller, 'institution') && caller.organization) {
    if (
      filters.organization &&
      organizationKey(filters.organization) !== organizationKey(caller.organization)
    ) {
      throw new ForbiddenError("A research office lists its own institution's applications only", {
        code: 'notYours',
        params: { record: 'application' },
      });
    }
    sources = [byInstitution(caller.organization)];
  } else if (hasRole(caller, 'commissioner')) {
    if (filters.organization)
      throw new ForbiddenError('Only the bureau and research offices filter by organization', {
        code: 'notForYourRole',
      });
    sources = [sourceOf(applicationIndexes.byApplicant, 'applicantSub', caller.sub, 'createdAt', prefix)];
  } else {
    throw new ForbiddenError('Your role has no applications to list', { code: 'notForYourRole' });
  }
  const found = await applicationTable.listPage(
    { list: 'applications', sources, order: 'newestFirst' },
    page,
    inState(filters.state),
  );
  return { ...found, items: found.items.map(summarizeApplication) };
}

/**
 * The applicant's edited form for a returned application. It completes the waiting
 * resubmission step; the workflow records the new revision (keeping every earlier one)
 * and asks the institution to endorse it again, a moment after SendTaskSuccess answers: the
 * application is answered as read, still returned. Refused past `maxRevisions`, which bounds
 * the record's summaries and a response with every revision.
 */
export async function resubmitApplication(
  caller: Caller,
  id: string,
  request: ResubmitApplication,
): Promise<ApplicationView | ApplicationPartyView> {
  const application = await applicationTable.get(id);
  if (!application) throw noSuchRecord('application', id);
  if (application.applicant.sub !== caller.sub) {
    throw new ForbiddenError('Only the applicant can resubmit an application', {
      code: 'partyOnly',
      params: { role: 'commissioner' },
    });
  }
  if (application.state !== 'returned') {
    throw new ConflictError(
      `The application is ${application.state}; only a returned application can be resubmitted`,
      { code: 'notInThisState', params: { state: application.state } },
    );
  }
  if (request.baseRevision !== application.revision) {
    throw new ConflictError(
      `The application is at revision ${application.revision}, not ${request.baseRevision}; reload it and edit again`,
      { code: 'changedMeanwhile' },
    );
  }
  assertRevisionAllowed(application, 'application');
  await completeTask(caller, taskIdFor('resubmit-application', id), 'resubmit', undefined, request.form);
  return viewApplication(application, 'applicant');
}
