import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { traced } from '#shared/observability/tracer.ts';

let client: SecretsManagerClient | undefined;

/** The Secrets Manager client, built on first use; its endpoint follows AWS_ENDPOINT_URL_SECRETS_MANAGER. */
export function secrets(): SecretsManagerClient {
  client ??= traced(new SecretsManagerClient({}));
  return client;
}
