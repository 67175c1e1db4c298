import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { s3 } from '#shared/aws/s3.ts';

/** The form the browser posts a file with, straight to storage: S3 refuses another size or type. */
export interface UploadForm {
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

/** How long an upload form works. Presigned expiry is S3's clock, the real one. */
const uploadSeconds = 15 * 60;

/** A presigned POST form that uploads exactly `size` bytes of `type` to `key`, for fifteen minutes. */
export async function presignedUpload(
  bucket: string,
  key: string,
  size: number,
  type: string,
): Promise<UploadForm> {
  const expiresAt = new Date(Date.now() + uploadSeconds * 1000).toISOString();
  const { url, fields } = await createPresignedPost(s3(), {
    Bucket: bucket,
    Key: key,
    Conditions: [
      ['content-length-range', size, size],
      ['eq', '$Content-Type', type],
    ],
    Fields: { 'Content-Type': type },
    Expires: uploadSeconds,
  });
  return { url, fields, expiresAt };
}
