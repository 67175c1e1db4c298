import { describe, expect, it } from 'vitest';
import { RouteThrottle } from '#local/routeThrottle.ts';

const throttles = {
  defaults: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
  byRoute: { 'POST /applications': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 4 } },
};

/** A throttle on a clock the test moves. */
function throttleAt() {
  const clock = { ms: 0 };
  return { clock, throttle: new RouteThrottle(throttles, () => clock.ms) };
}

const takes = (throttle: RouteThrottle, routeKey: string, count: number) =>
  Array.from({ length: count }, () => throttle.take(routeKey)).filter(Boolean).length;

describe('the local route throttle (a token bucket per route, as API Gateway throttles)', () => {
  it('lets a burst through, then refuses until the bucket refills', () => {
    const { throttle } = throttleAt();
    expect(takes(throttle, 'POST /applications', 10)).toBe(4);
  });

  it('refills at the rate limit per second, never above the burst', () => {
    const { clock, throttle } = throttleAt();
    takes(throttle, 'POST /applications', 4);
    clock.ms += 1000;
    expect(takes(throttle, 'POST /applications', 10)).toBe(2);
    clock.ms += 60_000;
    expect(takes(throttle, 'POST /applications', 10)).toBe(4);
  });

  it('keeps one bucket per route, the stage defaults for routes without their own', () => {
    const { throttle } = throttleAt();
    takes(throttle, 'POST /applications', 4);
    expect(takes(throttle, 'GET /applications', 150)).toBe(100);
    expect(takes(throttle, 'GET /demands', 1)).toBe(1);
  });

  it('lets everything through on a stage with no throttle', () => {
    const throttle = new RouteThrottle({ defaults: undefined, byRoute: {} }, () => 0);
    expect(takes(throttle, 'GET /applications', 10_000)).toBe(10_000);
  });
});
