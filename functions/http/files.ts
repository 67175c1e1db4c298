import { fileRoutes } from '#shared/api/routes/files.ts';
import { ValidationError } from '#shared/errors.ts';
import { checkUpload, downloadLink, listFiles, requestUpload } from '#shared/evidenceFiles/fileService.ts';
import { type FileOwnerKind, fileOwnerKinds } from '#shared/evidenceFiles/model.ts';
import type { ApiEvent } from '#shared/http/jsonApi.ts';
import { stageApi } from '#shared/http/stageApi.ts';

/** The record named by the query string, or a 400 naming what is missing or wrong. */
function ownerOf(event: ApiEvent): { kind: FileOwnerKind; id: string } {
  const { ownerKind, ownerId } = event.queryStringParameters ?? {};
  const problems = [
    ...(ownerKind === undefined
      ? [{ field: 'ownerKind', reason: 'is required', code: 'required' as const }]
      : fileOwnerKinds.includes(ownerKind as FileOwnerKind)
        ? []
        : [
            {
              field: 'ownerKind',
              reason: `must be one of ${fileOwnerKinds.join(', ')}`,
              code: 'notOneOf' as const,
              params: { values: fileOwnerKinds.join(', ') },
            },
          ]),
    ...(ownerId ? [] : [{ field: 'ownerId', reason: 'is required', code: 'required' as const }]),
  ];
  if (problems.length > 0 || !ownerId) throw new ValidationError(problems);
  return { kind: ownerKind as FileOwnerKind, id: ownerId };
}

export const handler = stageApi(fileRoutes, {
  requestFileUpload: async ({ caller, body }) => requestUpload(caller, body),
  checkFileUpload: async ({ caller, path }) => ({ file: await checkUpload(caller, path.id) }),
  getFileDownload: async ({ caller, path }) => downloadLink(caller, path.id),
  listFiles: async ({ caller, event }) => ({ files: await listFiles(caller, ownerOf(event)) }),
});
