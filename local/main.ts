import '#local/xrayManualMode.ts';
import { startEmbeddedRuntime } from '#local/runtime.ts';

/** How the functions send email: EMAIL=smtp sends as a China deployment does (the README's "Email: SES, or an SMTP account"). */
function emailPath(): 'ses' | 'smtp' {
  const value = process.env.EMAIL || 'ses';
  if (value !== 'ses' && value !== 'smtp') throw new Error(`EMAIL is ${value}; it must be ses or smtp`);
  return value;
}

/** `npm start`: the whole system on this machine, kept under DATA_DIR (default `.data/`). */
const runtime = await startEmbeddedRuntime({
  email: emailPath(),
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? '127.0.0.1',
  dataDir: process.env.DATA_DIR ?? '.data',
  demoPeople: process.env.DEMO_PEOPLE !== 'off',
});
const { endpoints } = runtime;
// For tests and tools that seed or inspect the local services directly; printed before the URL line.
console.log(`Local endpoints: DynamoDB ${endpoints.dynamoDb} Step Functions ${endpoints.stepFunctions}`);
console.log(`  API            ${endpoints.api}
  Console        ${endpoints.console}
  OIDC issuer    ${endpoints.oidcIssuer}
  S3 (evidence)  ${endpoints.s3}
Point the AWS CLI and SDKs at them (S3 checks the signature of these credentials; the others take any):
  export AWS_REGION=${endpoints.region} AWS_DEFAULT_REGION=${endpoints.region} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local
  export AWS_ENDPOINT_URL_DYNAMODB=${endpoints.dynamoDb}
  export AWS_ENDPOINT_URL_SFN=${endpoints.stepFunctions}
  export AWS_ENDPOINT_URL_S3=${endpoints.s3}
  e.g. aws stepfunctions list-state-machines; aws dynamodb list-tables (an AWS CLI v1 needs --endpoint-url)`);
if (endpoints.smtp) {
  console.log(
    `Email goes through SMTP: ${endpoints.smtp}, its settings in Secrets Manager at ${endpoints.secretsManager}`,
  );
}
const reuse = (reused: boolean) => (reused ? 'reused from the cache' : 'built (sources changed)');
console.log(`Template ${reuse(runtime.reused.template)}; console ${reuse(runtime.reused.console)}`);
console.log(`Commissioner Workflows is running at ${runtime.url}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    runtime.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
