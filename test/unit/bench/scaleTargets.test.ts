import { describe, expect, it } from 'vitest';
import type { LifecycleResult } from '#bench/lifecycleBench.ts';
import type { RuntimeUsage } from '#bench/meteredRuntimeProtocol.ts';
import { perCommissioner, scaleVerdicts } from '#bench/targets.ts';

const MiB = 2 ** 20;

/** A lifecycle run with only what the scale targets read. */
function run(commissioners: number, cpuMs: number, readyMiB: number, endMiB: number): LifecycleResult {
  const usage = { cpuMs, rssAtReadyBytes: readyMiB * MiB, rssBytes: endMiB * MiB } as RuntimeUsage;
  const timings = { route: 'POST /applications', samples: [100], statuses: { 201: 1 } };
  return {
    options: { commissioners, concurrency: 16, enginePersistence: true },
    startupMs: 5_000,
    totalMs: 1_000 * commissioners,
    phases: [],
    routes: [timings],
    usage,
    executions: 9 * commissioners,
    apiRequests: 60 * commissioners,
    throttled: 0,
    unloadedApplications: timings,
  };
}

describe('a commissioner as the programme grows', () => {
  it('costs the CPU time per commissioner and the memory the run added, not the memory the runtime started with', () => {
    // Act
    const cost = perCommissioner(run(200, 260_000, 300, 400));

    // Assert
    expect(cost).toEqual({ cpuMs: 1_300, addedMiB: 0.5 });
  });

  it('meets both targets when the large run costs each commissioner no more than 1.2× the default run', () => {
    // Act
    const verdicts = scaleVerdicts(run(200, 260_000, 300, 400), run(2_000, 3_100_000, 300, 1_400));

    // Assert
    expect(verdicts.map((v) => v.met)).toEqual([true, true]);
    expect(verdicts[0]?.measured).toContain('1.19×');
  });

  it('misses the CPU target when each commissioner costs more in the larger programme, and says where to look', () => {
    // Act
    const [cpu, memory] = scaleVerdicts(run(200, 260_000, 300, 400), run(2_000, 3_200_000, 300, 400));

    // Assert
    expect(cpu?.met).toBe(false);
    expect(cpu?.measured).toContain('1.23×');
    expect(cpu?.whyMissed).toContain('§1b');
    expect(memory?.met).toBe(true);
  });

  it('misses the memory target when the runtime keeps more per commissioner as the programme grows', () => {
    // Act
    const [, memory] = scaleVerdicts(run(200, 260_000, 300, 400), run(2_000, 2_600_000, 300, 1_600));

    // Assert
    expect(memory?.met).toBe(false);
    expect(memory?.measured).toContain('1.30×');
  });

  it('treats a default run that added no memory as the best case, not a division by zero', () => {
    // Act
    const [, memory] = scaleVerdicts(run(200, 260_000, 400, 390), run(2_000, 2_600_000, 400, 400));

    // Assert
    expect(memory?.met).toBe(true);
  });
});
