import { randomUUID } from 'node:crypto';
import { HeadObjectCommand, NotFound } from '@aws-sdk/client-s3';
import {
  ExecutionAlreadyExists,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { presignedUpload, type UploadForm } from '#shared/aws/presignedUpload.ts';
import { s3 } from '#shared/aws/s3.ts';
import { stepFunctions } from '#shared/aws/stepFunctions.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { bureauOnly, ConflictError, noSuchRecord } from '#shared/errors.ts';
import { type Caller, hasRole } from '#shared/identity.ts';
import { importIndexes, importTable, problemPageTable } from '#shared/programmeImport/importTable.ts';
import {
  type ImportView,
  type ProgrammeImport,
  problemPageIdFor,
  workbookKey,
} from '#shared/programmeImport/model.ts';
import type { ImportUploadRequest } from '#shared/programmeImport/schema.ts';
import type { CellProblem } from '#shared/programmeImport/workbookCheck.ts';
import type { ActorRef } from '#shared/records/stagedRecord.ts';
import { xlsxContentType } from '#shared/spreadsheet/xlsxMediaType.ts';

/*
 * The bureau brings in a programme that ran before the system: it uploads the workbook straight
 * to storage, asks for the check (a workflow reads it, outside any request's time), reads the
 * problems, and confirms; the same workflow then writes it page by page.
 */

const bucket = () => requireEnv('EVIDENCE_BUCKET');

function bureauMember(caller: Caller): ActorRef {
  if (!hasRole(caller, 'admin')) throw bureauOnly('imports a programme');
  return { sub: caller.sub, email: caller.email, role: 'admin' };
}

/** The import as the bureau reads it: without the workflow's task token. */
function viewOf(record: ProgrammeImport): ImportView {
  const { confirmToken, ...view } = record;
  return { ...view, confirmable: record.state === 'checked' && confirmToken !== undefined };
}

async function importOf(id: string): Promise<ProgrammeImport> {
  // The table also holds each import's staged rows and problems, under ids of their own.
  if (!/^import-[0-9a-f-]{36}$/.test(id)) throw noSuchRecord('import', id);
  const record = await importTable.get(id);
  if (!record) throw noSuchRecord('import', id);
  return record;
}

/** Records a workbook about to be uploaded, and answers the form that uploads exactly it. */
export async function requestImportUpload(
  caller: Caller,
  request: ImportUploadRequest,
): Promise<{ import: ImportView; upload: UploadForm }> {
  const by = bureauMember(caller);
  const at = now().toISOString();
  const record: ProgrammeImport = {
    id: `import-${randomUUID()}`,
    version: 1,
    state: 'uploading',
    name: request.name,
    size: request.size,
    startedBy: by,
    createdAt: at,
    updatedAt: at,
  };
  await importTable.create(record);
  return {
    import: viewOf(record),
    upload: await presignedUpload(bucket(), workbookKey(record.id), record.size, xlsxContentType),
  };
}

/**
 * Starts the check of an uploaded workbook: its workflow reads every row and writes nothing of
 * the programme. Asked again, it answers the import as it stands.
 */
export async function startImportCheck(caller: Caller, id: string): Promise<ImportView> {
  bureauMember(caller);
  let record = await importOf(id);
  if (record.state !== 'uploading' && record.state !== 'checking') return viewOf(record);
  try {
    await s3().send(new HeadObjectCommand({ Bucket: bucket(), Key: workbookKey(id) }));
  } catch (error) {
    if (error instanceof NotFound) {
      throw new ConflictError('The workbook has not been uploaded yet: post it with the upload form first', {
        code: 'notReadyYet',
      });
    }
    throw error;
  }
  if (record.state === 'uploading') {
    record = { ...record, state: 'checking', version: record.version + 1, updatedAt: now().toISOString() };
    await importTable.replace(record);
  }
  try {
    await stepFunctions().send(
      new StartExecutionCommand({
        stateMachineArn: requireEnv('IMPORT_WORKFLOW_ARN'),
        name: id,
        input: JSON.stringify({ importId: id }),
      }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
  return viewOf(record);
}

export async function getImport(caller: Caller, id: string): Promise<ImportView> {
  bureauMember(caller);
  return viewOf(await importOf(id));
}

/** The bureau's imports, newest first (a page of `limit`). */
export async function listImports(caller: Caller, limit: number): Promise<ImportView[]> {
  bureauMember(caller);
  return (await importTable.query(importIndexes.byCreatedAt, 'entity', 'import', limit)).map(viewOf);
}

/** One page (from 0) of the problems the check found, in the order found. */
export async function importProblems(
  caller: Caller,
  id: string,
  page: number,
): Promise<{ problems: readonly CellProblem[]; page: number; pages: number }> {
  bureauMember(caller);
  const record = await importOf(id);
  const pages = record.problemPages ?? 0;
  if (page >= pages) return { problems: [], page, pages };
  const found = await problemPageTable.get(problemPageIdFor(id, page));
  return { problems: found?.problems ?? [], page, pages };
}

/** The bureau confirms a checked import: its workflow writes it, page by page. */
export async function confirmImport(caller: Caller, id: string): Promise<ImportView> {
  const by = bureauMember(caller);
  const record = await importOf(id);
  if (record.state === 'importing' && record.cursor === undefined && record.confirmToken) {
    // Confirmed, but the workflow may not have heard it (the first answer was lost): say it again.
    await resume(record.confirmToken);
    return viewOf(record);
  }
  if (record.state === 'importing' || record.state === 'imported') return viewOf(record);
  if (record.state !== 'checked') {
    throw new ConflictError(`The import is ${record.state}; only a checked import is confirmed`, {
      code: 'notInThisState',
      params: { state: record.state },
    });
  }
  if (!record.confirmToken) {
    throw new ConflictError('The check is finishing; confirm again in a moment', { code: 'notReadyYet' });
  }
  const at = now().toISOString();
  const confirmed: ProgrammeImport = {
    ...record,
    state: 'importing',
    confirmedBy: by,
    confirmedAt: at,
    version: record.version + 1,
    updatedAt: at,
  };
  // Recorded first, so the workflow's first page finds who confirmed it and when.
  await importTable.replace(confirmed);
  await resume(record.confirmToken);
  return viewOf(confirmed);
}

/** Tells the waiting workflow to go on; a task already told (or timed out) is left as it is. */
async function resume(taskToken: string): Promise<void> {
  try {
    await stepFunctions().send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));
  } catch (error) {
    if (!(error instanceof TaskDoesNotExist || error instanceof TaskTimedOut)) throw error;
  }
}
