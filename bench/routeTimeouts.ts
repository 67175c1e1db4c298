import { routes } from '#shared/api/routes.ts';
import type { FunctionCatalogue } from './functionCatalogue.ts';
import type { LifecycleResult } from './lifecycleBench.ts';

/** A route whose slowest call came close to the timeout of the function behind it. */
export interface TimeoutRisk {
  readonly route: string;
  readonly slowestMs: number;
  readonly timeoutSeconds: number;
}

/**
 * Routes whose slowest call took more than half their function's timeout: in AWS the function
 * is stopped at its timeout, locally nothing enforces it. Local latencies include queueing
 * that a Lambda would not see, so this flags, it does not prove.
 */
export function routesNearTheirTimeout(run: LifecycleResult, catalogue: FunctionCatalogue): TimeoutRisk[] {
  const risks: TimeoutRisk[] = [];
  for (const { route, samples } of run.routes) {
    const spec = routes.find((candidate) => `${candidate.method} ${candidate.path}` === route);
    if (!spec) continue; // the local-only routes
    const { timeoutSeconds } = catalogue.byEntry(`functions/http/${spec.stage}.ts`);
    const slowestMs = Math.max(...samples);
    if (slowestMs > (timeoutSeconds * 1000) / 2) risks.push({ route, slowestMs, timeoutSeconds });
  }
  return risks;
}
