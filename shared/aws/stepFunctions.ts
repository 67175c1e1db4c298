import { SFNClient } from '@aws-sdk/client-sfn';
import { traced } from '#shared/observability/tracer.ts';

let client: SFNClient | undefined;

/** The Step Functions client, built on first use; its endpoint follows AWS_ENDPOINT_URL_SFN. */
export function stepFunctions(): SFNClient {
  client ??= traced(new SFNClient({}));
  return client;
}
