import { Tracer } from '@aws-lambda-powertools/tracer';
import { serviceName } from '#shared/observability/service.ts';

/*
 * Powertools turns tracing off by itself outside Lambda (no AWS_EXECUTION_ENV) or when
 * POWERTOOLS_TRACE_ENABLED is false, so the embedded runtime and the tests never look for an
 * X-Ray daemon; in Lambda (tracing Active) each SDK call becomes a subsegment of the invocation.
 */
const tracer = new Tracer({ serviceName });

/** The client with X-Ray subsegments around its calls (unchanged where tracing is off). */
export function traced<Client>(client: Client): Client {
  return tracer.captureAWSv3Client(client);
}
