import type { TemplateResolver } from '#local/cloudFormation.ts';

/** A stage's throttle for one route, as `AWS::ApiGatewayV2::Stage` states it. */
export interface RouteThrottleSetting {
  readonly ThrottlingRateLimit?: number;
  readonly ThrottlingBurstLimit?: number;
}

interface StageThrottles {
  readonly defaults: RouteThrottleSetting | undefined;
  readonly byRoute: Readonly<Record<string, RouteThrottleSetting>>;
}

/** The `$default` stage's throttles in the template: the defaults every route gets, and each route's own. */
export function stageThrottlesOf(resolver: TemplateResolver): StageThrottles {
  const stages = resolver
    .resourcesOfType('AWS::ApiGatewayV2::Stage')
    .map(([, resource]) => resolver.resolve(resource.Properties) as Record<string, unknown>)
    .filter((properties) => properties.StageName === '$default');
  const stage = stages[0] ?? {};
  return {
    defaults: stage.DefaultRouteSettings as RouteThrottleSetting | undefined,
    byRoute: (stage.RouteSettings ?? {}) as Record<string, RouteThrottleSetting>,
  };
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * API Gateway's throttling, one token bucket per route: a bucket holds up to the burst limit,
 * refills at the rate limit per second, and a request that finds it empty is answered 429
 * before any function runs. It runs on the machine's clock, not the programme's: moving the
 * demo clock forward refills nothing.
 */
export class RouteThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly throttles: StageThrottles,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** Takes a token for `routeKey` (`POST /applications`), or says the request is throttled. */
  take(routeKey: string): boolean {
    const setting = this.throttles.byRoute[routeKey] ?? this.throttles.defaults;
    const rate = setting?.ThrottlingRateLimit;
    const burst = setting?.ThrottlingBurstLimit;
    if (rate === undefined || burst === undefined) return true;
    const at = this.nowMs();
    const bucket = this.buckets.get(routeKey) ?? { tokens: burst, at };
    bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.at) / 1000) * rate);
    bucket.at = at;
    this.buckets.set(routeKey, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
