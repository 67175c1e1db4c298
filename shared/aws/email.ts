import { SESv2Client } from '@aws-sdk/client-sesv2';
import { traced } from '#shared/observability/tracer.ts';

let client: SESv2Client | undefined;

/** The SES v2 client, built on first use; its endpoint follows AWS_ENDPOINT_URL_SESV2. */
export function email(): SESv2Client {
  client ??= traced(new SESv2Client({}));
  return client;
}
