import { randomUUID } from 'node:crypto';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { presignedUpload, type UploadForm } from '#shared/aws/presignedUpload.ts';
import { s3 } from '#shared/aws/s3.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { ConflictError, noSuchRecord, notYours, ValidationError } from '#shared/errors.ts';
import { contentIsOfType, signatureLength } from '#shared/evidenceFiles/contentSignatures.ts';
import { fileAccess } from '#shared/evidenceFiles/fileOwners.ts';
import { filesOf, fileTable, uploadsOf } from '#shared/evidenceFiles/fileTable.ts';
import {
  type AttachedFile,
  acceptedKey,
  attached,
  type EvidenceFile,
  type FileOwner,
  incomingKey,
} from '#shared/evidenceFiles/model.ts';
import type { FileUploadRequest } from '#shared/evidenceFiles/schema.ts';
import { type Caller, hasRole } from '#shared/identity.ts';
import { evidenceFileTypeNames } from '#shared/limits.ts';

/**
 * Uploads a record may have had, in every state: twenty files a version over a few revisions,
 * with room for refused and replaced ones; a guard against filling the bucket, not a quota.
 */
export const maxUploadsPerRecord = 200;
/** How long a download link works. Presigned expiry is S3's clock, the real one. */
const downloadSeconds = 5 * 60;

const bucket = () => requireEnv('EVIDENCE_BUCKET');

/** A file as its readers see it. */
export type FileView = AttachedFile & Pick<EvidenceFile, 'owner' | 'state' | 'uploadedAt'>;
const viewOf = (file: EvidenceFile): FileView => ({
  ...attached(file),
  owner: file.owner,
  state: file.state,
  uploadedAt: file.uploadedAt,
});

/**
 * Records a file about to be uploaded to a record the caller may add files to, and answers the
 * presigned form that uploads exactly it: its size (content-length-range of that one size), its
 * type, to a key of its own under `incoming/`. The file is not the record's until `checkUpload`.
 */
export async function requestUpload(
  caller: Caller,
  request: FileUploadRequest,
): Promise<{ file: FileView; upload: UploadForm }> {
  const access = await fileAccess(caller, request.owner);
  if (!access.allowed) throw access.refusal();
  if ((await uploadsOf(request.owner)) >= maxUploadsPerRecord) {
    throw new ConflictError(
      `This ${request.owner.kind} has had ${maxUploadsPerRecord} uploads, the most it takes`,
      { code: 'uploadLimit', params: { max: maxUploadsPerRecord } },
    );
  }
  const file: EvidenceFile = {
    id: `file-${randomUUID()}`,
    owner: request.owner,
    name: request.name,
    size: request.size,
    type: request.type,
    state: 'uploading',
    uploadedBy: { sub: caller.sub, email: caller.email, role: access.role },
    uploadedAt: now().toISOString(),
    version: 1,
  };
  await fileTable.create(file);
  return {
    file: viewOf(file),
    upload: await presignedUpload(bucket(), incomingKey(file), file.size, file.type),
  };
}

/** The caller's own upload, or 404/403. */
async function ownUpload(caller: Caller, id: string): Promise<EvidenceFile> {
  const file = await fileTable.get(id);
  if (!file) throw noSuchRecord('file', id);
  if (file.uploadedBy.sub !== caller.sub) throw notYours('file');
  return file;
}

/**
 * Checks an uploaded file by its content: the first bytes must be its type's. Accepted, it moves
 * to `files/` and its record lists it; refused, its bytes are deleted and the answer says why. A
 * file checked already answers as it was decided.
 */
export async function checkUpload(caller: Caller, id: string): Promise<FileView> {
  const file = await ownUpload(caller, id);
  if (file.state === 'accepted') return viewOf(file);
  if (file.state === 'refused') throw contentRefused(file);
  const key = incomingKey(file);
  let size: number | undefined;
  try {
    size = (await s3().send(new HeadObjectCommand({ Bucket: bucket(), Key: key }))).ContentLength;
  } catch (error) {
    if (error instanceof NotFound) {
      throw new ConflictError('The file has not been uploaded yet: post it with the upload form first', {
        code: 'notReadyYet',
      });
    }
    throw error;
  }
  const head = await s3().send(
    new GetObjectCommand({ Bucket: bucket(), Key: key, Range: `bytes=0-${signatureLength - 1}` }),
  );
  const firstBytes = (await head.Body?.transformToByteArray()) ?? new Uint8Array();
  const checkedAt = now().toISOString();
  if (size !== file.size || !contentIsOfType(file.type, firstBytes)) {
    const refused: EvidenceFile = {
      ...file,
      state: 'refused',
      checkedAt,
      refusal:
        size !== file.size ? `it is ${size} bytes, not ${file.size}` : `its content is not ${file.type}`,
      version: file.version + 1,
    };
    await fileTable.replace(refused);
    await s3().send(new DeleteObjectCommand({ Bucket: bucket(), Key: key }));
    throw contentRefused(refused);
  }
  await s3().send(
    new CopyObjectCommand({
      Bucket: bucket(),
      Key: acceptedKey(file),
      CopySource: `${bucket()}/${key}`,
      ContentType: file.type,
      MetadataDirective: 'REPLACE',
    }),
  );
  const accepted: EvidenceFile = { ...file, state: 'accepted', checkedAt, version: file.version + 1 };
  await fileTable.replace(accepted);
  await s3().send(new DeleteObjectCommand({ Bucket: bucket(), Key: key }));
  return viewOf(accepted);
}

function contentRefused(file: EvidenceFile): ValidationError {
  return new ValidationError([
    {
      field: 'file',
      reason: `was refused: ${file.refusal ?? 'its content is not of its type'}; upload the file again`,
      code: 'contentNotOfType',
      params: { type: evidenceFileTypeNames[file.type] },
    },
  ]);
}

/** A file a reader of its record may download, or 404/403. */
async function readableFile(caller: Caller, id: string): Promise<EvidenceFile> {
  const file = await fileTable.get(id);
  if (!file) throw noSuchRecord('file', id);
  await fileAccess(caller, file.owner);
  if (file.state !== 'accepted') throw noSuchRecord('file', id);
  return file;
}

/** RFC 6266's `filename*`, so a Chinese file name reaches the reader's disk intact. */
const attachmentDisposition = (name: string) =>
  `attachment; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

/** A link that downloads an accepted file, for whoever may read its record. */
export async function downloadLink(
  caller: Caller,
  id: string,
): Promise<{ file: FileView; download: { url: string; expiresAt: string } }> {
  const file = await readableFile(caller, id);
  const url = await getSignedUrl(
    s3(),
    new GetObjectCommand({
      Bucket: bucket(),
      Key: acceptedKey(file),
      ResponseContentDisposition: attachmentDisposition(file.name),
      ResponseContentType: file.type,
    }),
    { expiresIn: downloadSeconds },
  );
  return {
    file: viewOf(file),
    download: { url, expiresAt: new Date(Date.now() + downloadSeconds * 1000).toISOString() },
  };
}

/**
 * A record's files, oldest first, for whoever may read it: its accepted files; the bureau every
 * upload, also those under way or refused, as its record of what was tried.
 */
export async function listFiles(caller: Caller, owner: FileOwner): Promise<FileView[]> {
  await fileAccess(caller, owner);
  const files = await filesOf(owner);
  return (hasRole(caller, 'admin') ? files : files.filter((file) => file.state === 'accepted')).map(viewOf);
}
