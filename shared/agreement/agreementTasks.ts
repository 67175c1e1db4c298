import { agreementTable } from '#shared/agreement/agreementTable.ts';
import type { Agreement } from '#shared/agreement/model.ts';
import { stateLabel } from '#shared/email/catalogue.ts';
import { noSuchRecord } from '#shared/errors.ts';
import { lastReason } from '#shared/records/stagedRecord.ts';
import type { Assignee, TaskKind } from '#shared/tasks/model.ts';
import { type TaskSubjectView, taskSubjects } from '#shared/tasks/taskSubjects.ts';

/** The commissioner, the research office and the enterprise sign; the bureau countersigns and retries. */
export async function describeAgreementTask(kind: TaskKind, agreementId: string): Promise<TaskSubjectView> {
  const agreement = await agreementTable.get(agreementId);
  if (!agreement) throw noSuchRecord('agreement', agreementId);
  return agreementTaskView(kind, agreement);
}

/** The same, for a record already read. */
export function agreementTaskView(kind: TaskKind, agreement: Agreement): TaskSubjectView {
  const { commissioner, institution, enterprise } = agreement.parties;
  const assignees: Partial<Record<TaskKind, Assignee>> = {
    'sign-agreement-commissioner': { role: 'commissioner', sub: commissioner.sub, email: commissioner.email },
    'sign-agreement-institution': {
      role: 'institution',
      organization: institution.name,
      email: institution.email,
    },
    'sign-agreement-enterprise': {
      role: 'enterprise',
      organization: enterprise.name,
      email: enterprise.email,
    },
  };
  const title = `${commissioner.name} · ${enterprise.name}`;
  return {
    title,
    assignee: assignees[kind] ?? { role: 'admin' },
    consolePath: `agreements/${encodeURIComponent(agreement.id)}`,
    emailParams: {
      title,
      commissioner: commissioner.name,
      institution: institution.name,
      enterprise: enterprise.name,
      termStart: agreement.terms.termStart,
      termEnd: agreement.terms.termEnd,
      reason: lastReason(agreement),
      step: stateLabel(agreement.failure?.state),
      error: agreement.failure?.error ?? '',
    },
  };
}

taskSubjects.provide('agreement', describeAgreementTask);
