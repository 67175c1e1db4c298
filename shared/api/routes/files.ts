import { type RouteSpec, signedIn } from '#shared/api/routeSpec.ts';
import { fileOwnerKinds } from '#shared/evidenceFiles/model.ts';

export const fileRoutes = [
  {
    method: 'POST',
    path: '/files',
    handler: 'requestFileUpload',
    response: 'FileUploadStarted',
    status: 201,
    summary:
      'Start uploading an evidence file (PDF, JPEG or PNG) to a report, an application or an agreement: the answer is a form that posts exactly this size and type straight to storage, for 15 minutes; then ask for the check',
    access: 'signed-in',
    requestBody: async () => (await import('#shared/evidenceFiles/schema.ts')).fileUploadRequestSchema,
    responses: {
      201: 'The file is recorded as uploading; post it with the form',
      400: 'No record, name, size or type, or one out of range (each field named)',
      ...signedIn,
      404: 'No such record',
      409: 'The record takes no files in its state, or has had as many uploads as it takes',
    },
  },
  {
    method: 'POST',
    path: '/files/{id}/check',
    handler: 'checkFileUpload',
    response: 'FileResponse',
    summary:
      "Check an uploaded file by its content (not its name): accepted, its record lists it; refused, it is deleted. The uploader's own files only",
    access: 'signed-in',
    responses: {
      200: 'Accepted (or accepted already)',
      400: 'Refused: its content is not of its type (field `file`)',
      ...signedIn,
      404: 'No such file',
      409: 'Not uploaded yet',
    },
  },
  {
    method: 'GET',
    path: '/files/{id}',
    handler: 'getFileDownload',
    response: 'FileDownload',
    summary: 'A link that downloads an accepted file for five minutes, for whoever may read its record',
    access: 'signed-in',
    responses: { 200: 'The file and its link', ...signedIn, 404: 'No such file' },
  },
  {
    method: 'GET',
    path: '/files',
    handler: 'listFiles',
    response: 'FileList',
    summary:
      "A record's accepted files, oldest first (a report's: every version's); the bureau's answer also has the uploads under way or refused",
    access: 'signed-in',
    query: {
      ownerKind: { required: true, description: `The record's kind: ${fileOwnerKinds.join(', ')}` },
      ownerId: { required: true, description: "The record's id" },
    },
    responses: {
      200: 'The files',
      400: 'No ownerKind or ownerId, or an unknown kind',
      ...signedIn,
      404: 'No such record',
    },
  },
] as const satisfies readonly RouteSpec[];
