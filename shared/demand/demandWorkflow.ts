import { demandRevisions, demandTable } from '#shared/demand/demandTable.ts';
import { demandTaskView } from '#shared/demand/demandTasks.ts';
import type { Demand } from '#shared/demand/model.ts';
import { demandFormSchema } from '#shared/demand/schema.ts';
import {
  type DemandAction,
  type DemandActor,
  type DemandState,
  demandTransitions,
} from '#shared/demand/states.ts';
import type { EmailTemplate } from '#shared/email/catalogue.ts';
import { consoleLink } from '#shared/email/consoleLink.ts';
import { sendEmailOnce } from '#shared/email/sendEmail.ts';
import { noSuchRecord } from '#shared/errors.ts';
import { recordStep } from '#shared/records/recordStep.ts';
import type { StepInput, StepRules } from '#shared/records/stagedRecord.ts';
import { parseInput } from '#shared/validation.ts';

export interface RecordDemandStepInput extends StepInput<DemandAction> {
  readonly demandId: string;
}

export const demandStepRules: StepRules<DemandState, DemandAction, DemandActor> = {
  transitions: demandTransitions,
  noun: 'a demand',
  actorKind: (actor) =>
    actor.role === 'admin' ? 'admin' : actor.role === 'enterprise' ? 'enterprise' : 'system',
};

/** Applies one transition of a demand with its audit entry; a replayed event changes nothing. */
export const recordDemandStep = recordStep<Demand, RecordDemandStepInput>({
  table: demandTable,
  rules: demandStepRules,
  id: (input) => input.demandId,
  enrich: (next, input) =>
    input.action === 'resubmit'
      ? demandRevisions.revise(next, parseInput(demandFormSchema, input.outcome?.payload), next.updatedAt)
      : next,
});

export interface NotifyEnterpriseInput {
  readonly demandId: string;
  readonly template: EmailTemplate;
  readonly eventId: string;
}

/** Tells the enterprise's contact about its demand, once. */
export async function notifyEnterprise(input: NotifyEnterpriseInput): Promise<{ sent: boolean }> {
  const demand = await demandTable.get(input.demandId);
  if (!demand) throw noSuchRecord('demand', input.demandId);
  const subject = demandTaskView('revise-demand', demand);
  const result = await sendEmailOnce({
    dedupeKey: `${input.eventId}:${input.template}`,
    to: [demand.form.contactEmail],
    template: input.template,
    params: { ...subject.emailParams, link: consoleLink(subject.consolePath), deadline: '' },
  });
  return { sent: result === 'sent' };
}
