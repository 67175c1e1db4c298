import type { AgreementState } from '#shared/agreement/states.ts';
import type { ApplicationState } from '#shared/application/states.ts';

/** An application takes files while it is open: its CV, the research office's endorsement letter. */
export const applicationStatesTakingFiles: readonly ApplicationState[] = [
  'awaiting_endorsement',
  'under_review',
  'returned',
];

/** An agreement takes its signed copies until it ends. */
export const agreementStatesTakingFiles: readonly AgreementState[] = [
  'awaiting_signatures',
  'awaiting_countersignature',
  'active',
];
