import { importRoutes } from '#shared/api/routes/imports.ts';
import { ValidationError } from '#shared/errors.ts';
import type { ApiEvent } from '#shared/http/jsonApi.ts';
import { stageApi } from '#shared/http/stageApi.ts';
import {
  confirmImport,
  getImport,
  importProblems,
  listImports,
  requestImportUpload,
  startImportCheck,
} from '#shared/programmeImport/importService.ts';

/** Imports a list shows: the bureau runs a few a year. */
const listedImports = 50;

/** The `page` of the query string (from 0), or a 400. */
function pageOf(event: ApiEvent): number {
  const text = event.queryStringParameters?.page ?? '0';
  if (!/^\d{1,6}$/.test(text)) {
    throw new ValidationError([
      { field: 'page', reason: 'must be a whole number from 0', code: 'notWholeNumber' },
    ]);
  }
  return Number(text);
}

export const handler = stageApi(importRoutes, {
  requestImportUpload: async ({ caller, body }) => requestImportUpload(caller, body),
  checkImport: async ({ caller, path }) => ({ import: await startImportCheck(caller, path.id) }),
  getImport: async ({ caller, path }) => ({ import: await getImport(caller, path.id) }),
  listImportProblems: async ({ caller, path, event }) => importProblems(caller, path.id, pageOf(event)),
  confirmImport: async ({ caller, path }) => ({ import: await confirmImport(caller, path.id) }),
  listImports: async ({ caller }) => ({ imports: await listImports(caller, listedImports) }),
});
