import {
  awaitConfirmation,
  checkImport,
  importPage,
  recordImportExpired,
  recordImportFailure,
} from '#shared/programmeImport/importWorkflow.ts';
import { stageTaskHandler } from '#shared/workflow/stageTask.ts';

/** The programme import's steps, by the names its tasks give (`workflows/programmeImport.ts`). */
export const programmeImportSteps = {
  /** Reads and checks the uploaded workbook, staging the rows that pass. */
  check: checkImport,
  /** Keeps the token the workflow waits on for the bureau's confirmation. */
  awaitConfirmation,
  /** Writes the next chunk of rows. */
  importPage,
  /** A week passed unconfirmed. */
  recordExpiry: recordImportExpired,
  /** Records why the import stopped. */
  recordFailure: recordImportFailure,
};

/** Step Functions task function of the programme import workflow. */
export const handler = stageTaskHandler('programme import', programmeImportSteps);
