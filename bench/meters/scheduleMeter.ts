import { LocalScheduler } from '#local/localScheduler.ts';

export interface ScheduleUsage {
  /** Occurrences fired (EventBridge Scheduler bills invocations), by target function. */
  readonly firedByTarget: Record<string, number>;
}

interface FiringScheduler {
  fire(key: string, schedule: { targetArn: string }): Promise<unknown>;
}

/**
 * Counts the occurrences the local EventBridge Scheduler fires, by wrapping its (private)
 * `fire` method before the runtime starts: one fired occurrence is one billed invocation.
 */
export function meterScheduleFirings(): { usage(): ScheduleUsage } {
  const firedByTarget: Record<string, number> = {};
  const prototype = LocalScheduler.prototype as unknown as FiringScheduler;
  const originalFire = prototype.fire;
  prototype.fire = function countedFire(this: FiringScheduler, key, schedule) {
    const target = schedule.targetArn.split(':').at(-1) ?? schedule.targetArn;
    firedByTarget[target] = (firedByTarget[target] ?? 0) + 1;
    return originalFire.call(this, key, schedule);
  };
  return { usage: () => ({ firedByTarget: { ...firedByTarget } }) };
}
