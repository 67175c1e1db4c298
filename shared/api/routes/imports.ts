import { type RouteSpec, signedIn } from '#shared/api/routeSpec.ts';

export const importRoutes = [
  {
    method: 'POST',
    path: '/imports',
    handler: 'requestImportUpload',
    response: 'ImportUploadStarted',
    status: 201,
    summary:
      'The bureau starts bringing in a programme already running: the answer is a form that posts the workbook (.xlsx, exactly this size) straight to storage, for 15 minutes; then ask for the check',
    access: 'signed-in',
    requestBody: async () => (await import('#shared/programmeImport/schema.ts')).importUploadRequestSchema,
    responses: {
      201: 'The import is recorded as uploading; post the workbook with the form',
      400: 'No name or size, or one out of range (each field named)',
      ...signedIn,
    },
  },
  {
    method: 'POST',
    path: '/imports/{id}/check',
    handler: 'checkImport',
    response: 'ImportResponse',
    status: 202,
    summary:
      'Check the uploaded workbook: a workflow reads every row with the forms’ own rules and the references between the sheets, and writes nothing of the programme; follow it with GET /imports/{id}',
    access: 'signed-in',
    responses: {
      202: 'Checking (or checked already: the import as it stands)',
      ...signedIn,
      404: 'No such import',
      409: 'The workbook has not been uploaded yet',
    },
  },
  {
    method: 'GET',
    path: '/imports/{id}',
    handler: 'getImport',
    response: 'ImportResponse',
    summary:
      'An import: its state (checking, refused, checked, importing, imported, expired, failed), the rows that passed per sheet, how many problems, and what was written',
    access: 'signed-in',
    responses: { 200: 'The import', ...signedIn, 404: 'No such import' },
  },
  {
    method: 'GET',
    path: '/imports/{id}/problems',
    handler: 'listImportProblems',
    response: 'ImportProblems',
    summary:
      'A page of the problems the check found, each with its sheet, row, column, header and a stable code with its parameters',
    access: 'signed-in',
    query: { page: { required: false, description: 'The page, from 0; 100 problems a page' } },
    responses: { 200: 'The page', 400: 'Not a page number', ...signedIn, 404: 'No such import' },
  },
  {
    method: 'POST',
    path: '/imports/{id}/confirm',
    handler: 'confirmImport',
    response: 'ImportResponse',
    status: 202,
    summary:
      'The bureau confirms a checked import: the workflow writes it chunk by chunk (idempotent: rows written before are found, not written twice)',
    access: 'signed-in',
    responses: {
      202: 'Importing (or imported already)',
      ...signedIn,
      404: 'No such import',
      409: 'Not checked, refused or expired; or the check is finishing',
    },
  },
  {
    method: 'GET',
    path: '/imports',
    handler: 'listImports',
    response: 'ImportList',
    summary: 'The bureau’s imports, newest first (the last 50)',
    access: 'signed-in',
    responses: { 200: 'The imports', ...signedIn },
  },
] as const satisfies readonly RouteSpec[];
