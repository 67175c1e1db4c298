import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { traced } from '#shared/observability/tracer.ts';

let client: DynamoDBDocumentClient | undefined;

/**
 * The DynamoDB document client, built on first use and kept for the container's life. Its
 * endpoint follows the SDK's own AWS_ENDPOINT_URL_DYNAMODB, which the embedded runtime points
 * at loopback; in AWS it is unset and the regional endpoint applies.
 */
export function dynamo(): DynamoDBDocumentClient {
  client ??= DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return client;
}
