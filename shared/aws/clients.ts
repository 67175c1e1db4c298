import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/*
 * The SDK clients, created once per Lambda container. Endpoints follow the SDK's own
 * service-specific variables (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SFN,
 * AWS_ENDPOINT_URL_SESV2), which the embedded runtime points at loopback; in AWS they
 * are unset and the regional endpoints apply. No handler knows where it runs.
 */
export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export const stepFunctions = new SFNClient({});

export const email = new SESv2Client({});
