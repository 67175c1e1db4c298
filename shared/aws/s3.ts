import { S3Client } from '@aws-sdk/client-s3';
import { traced } from '#shared/observability/tracer.ts';

let client: S3Client | undefined;

/** The S3 client, built on first use; its endpoint follows AWS_ENDPOINT_URL_S3. */
export function s3(): S3Client {
  client ??= traced(new S3Client({}));
  return client;
}
