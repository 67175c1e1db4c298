import type { FunctionCatalogue } from './functionCatalogue.ts';
import type { LifecycleResult } from './lifecycleBench.ts';
import { sum } from './stats.ts';

/** A list price in us-east-1, and where it comes from. */
interface UnitPrice {
  readonly usd: number;
  readonly per: string;
  readonly source: string;
}

/** AWS list prices, us-east-1, free tiers ignored. */
export const prices = {
  stateTransition: {
    usd: 0.025 / 1000,
    per: '$0.025 per 1,000 state transitions',
    source: 'AWS Step Functions pricing, Standard workflows',
  },
  lambdaRequest: { usd: 0.2 / 1_000_000, per: '$0.20 per 1M requests', source: 'AWS Lambda pricing' },
  lambdaGbSecond: {
    usd: 0.0000133334,
    per: '$0.0000133334 per GB-s (Arm)',
    source: 'AWS Lambda pricing, Arm (arm64) duration',
  },
  dynamoWrite: {
    usd: 1.25 / 1_000_000,
    per: '$1.25 per 1M write request units',
    source: 'Amazon DynamoDB pricing, on-demand',
  },
  dynamoRead: {
    usd: 0.25 / 1_000_000,
    per: '$0.25 per 1M read request units',
    source: 'Amazon DynamoDB pricing, on-demand',
  },
  email: { usd: 0.1 / 1000, per: '$0.10 per 1,000 emails', source: 'Amazon SES pricing, outbound email' },
  scheduleInvocation: {
    usd: 1 / 1_000_000,
    per: '$1.00 per 1M invocations (first 14M a month free: ignored)',
    source: 'Amazon EventBridge Scheduler pricing',
  },
  apiRequest: {
    usd: 1 / 1_000_000,
    per: '$1.00 per 1M requests',
    source: 'Amazon API Gateway pricing, HTTP APIs',
  },
  logIngestion: {
    usd: 0.5 / 1_000_000_000,
    per: '$0.50 per GB ingested',
    source: 'Amazon CloudWatch pricing, Logs (Standard) ingestion',
  },
} as const satisfies Record<string, UnitPrice>;

export interface CostLine {
  readonly item: string;
  /** Per commissioner-year. */
  readonly quantity: number;
  readonly unit: string;
  readonly price: UnitPrice;
  readonly usd: number;
  /** How the quantity was counted. */
  readonly counted: string;
  /** Not among the services the brief lists: shown, but not in the total compared with the target. */
  readonly extra?: boolean;
}

export interface CommissionerYearCost {
  readonly commissioners: number;
  readonly lines: CostLine[];
  readonly totalUsd: number;
  readonly totalWithExtrasUsd: number;
}

/**
 * The AWS cost of one commissioner-year: everything the lifecycle run counted, divided by the
 * number of commissioners (the daily reminder job, shared by all, is spread over them).
 */
export function commissionerYearCost(
  run: LifecycleResult,
  catalogue: FunctionCatalogue,
): CommissionerYearCost {
  const n = run.options.commissioners;
  const { usage } = run;
  const gbSeconds = sum(
    usage.functions.map(
      (fn) => (fn.billedMs / 1000) * ((catalogue.byLogicalId(fn.logicalId)?.memoryMb ?? 256) / 1024),
    ),
  );
  const line = (
    item: string,
    total: number,
    unit: string,
    price: UnitPrice,
    counted: string,
    extra = false,
  ): CostLine => ({
    item,
    quantity: total / n,
    unit,
    price,
    usd: (total / n) * price.usd,
    counted,
    ...(extra ? { extra } : {}),
  });
  const lines = [
    line(
      'Step Functions state transitions',
      sum(usage.workflows.map((workflow) => workflow.stateTransitions)),
      'transitions',
      prices.stateTransition,
      "`*StateEntered` events in every execution's history (the engine's `GetExecutionHistory`)",
    ),
    line(
      'Lambda requests',
      sum(usage.functions.map((fn) => fn.invocations)),
      'invocations',
      prices.lambdaRequest,
      '`LambdaHost.invoke` wrapped in the runtime process: HTTP routes, workflow tasks, scheduled jobs',
    ),
    line(
      'Lambda duration',
      gbSeconds,
      'GB-s',
      prices.lambdaGbSecond,
      'measured wall time per invocation, less the local engine work inside SFN calls (+15 ms each), rounded up to 1 ms, × the memory in the template',
    ),
    line(
      'DynamoDB writes',
      sum(usage.dynamo.map((d) => d.tableWriteUnits + d.indexWriteUnits)),
      'WRU',
      prices.dynamoWrite,
      "a middleware on the handlers' DynamoDB client: table units from dynalite's `ReturnConsumedCapacity`, index units from the items before and after each write",
    ),
    line(
      'DynamoDB reads',
      sum(usage.dynamo.map((d) => d.readUnits)),
      'RRU',
      prices.dynamoRead,
      'the same middleware: `ReturnConsumedCapacity` of each GetItem, Query and Scan (at least half a unit each)',
    ),
    line(
      'SES emails',
      usage.emailRecipients,
      'recipients',
      prices.email,
      'the outbox: every recipient of every SendEmail',
    ),
    line(
      'EventBridge Scheduler',
      sum(Object.values(usage.schedules.firedByTarget)),
      'invocations',
      prices.scheduleInvocation,
      "the local scheduler's firings: each report period's opening, and the daily reminder job (shared by all)",
    ),
    line(
      'API Gateway HTTP API',
      run.apiRequests,
      'requests',
      prices.apiRequest,
      "the bench's own HTTP calls to product routes (not `/local/*`)",
    ),
    line(
      'CloudWatch Logs: Step Functions logging ALL',
      sum(usage.workflows.map((workflow) => workflow.historyBytes)),
      'bytes',
      prices.logIngestion,
      'estimate: the execution histories as JSON (the stack logs every event); not in the brief’s list',
      true,
    ),
  ];
  const totalUsd = sum(lines.filter((l) => !l.extra).map((l) => l.usd));
  return { commissioners: n, lines, totalUsd, totalWithExtrasUsd: sum(lines.map((l) => l.usd)) };
}
