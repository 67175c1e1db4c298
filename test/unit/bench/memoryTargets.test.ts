import { describe, expect, it } from 'vitest';
import type { LifecycleResult } from '#bench/lifecycleBench.ts';
import type { RuntimeUsage } from '#bench/meteredRuntimeProtocol.ts';
import { lifecycleVerdicts, memoryBreakdown } from '#bench/targets.ts';
import type { ThreadHeap, ThreadMemory } from '#local/threadMemory.ts';

const MiB = 2 ** 20;

const heap = (usedMiB: number, totalMiB: number, externalMiB = 0): ThreadHeap => ({
  heapUsedBytes: usedMiB * MiB,
  heapTotalBytes: totalMiB * MiB,
  externalBytes: externalMiB * MiB,
  arrayBuffersBytes: externalMiB * MiB,
});

interface Figures {
  readonly rss: number;
  readonly rssAfterGc: number;
  readonly main: ThreadMemory;
  readonly dynamo: ThreadMemory;
  /** Of `rssAfterGc`, pages of mapped files, where the system says. */
  readonly mappedFiles?: number;
}

/** The main thread: 300 MiB of heap reserved, 250 used, 60 live; dynalite's: 40 reserved, 30 used, 10 live. */
const mostlyGarbage: Figures = {
  rss: 700,
  rssAfterGc: 520,
  main: { asFound: heap(250, 300, 12), afterFullGc: heap(60, 200, 10) },
  dynamo: { asFound: heap(30, 40, 3), afterFullGc: heap(10, 20, 2) },
};

/** A run with only what the lifecycle verdicts read. */
function run(figures: Figures): LifecycleResult {
  const usage = {
    cpuMs: 100_000,
    rssAtReadyBytes: 280 * MiB,
    rssBytes: figures.rss * MiB,
    memory: {
      mainThread: figures.main,
      dynamoThread: figures.dynamo,
      rssAfterFullGcBytes: figures.rssAfterGc * MiB,
      ...(figures.mappedFiles === undefined
        ? {}
        : {
            residentAfterFullGc: {
              fileBytes: figures.mappedFiles * MiB,
              anonymousBytes: (figures.rssAfterGc - figures.mappedFiles) * MiB,
            },
          }),
    },
  } as RuntimeUsage;
  const timings = { route: 'POST /applications', samples: [100], statuses: { 201: 1 } };
  return {
    options: { commissioners: 200, concurrency: 16, enginePersistence: true },
    startupMs: 5_000,
    totalMs: 200_000,
    phases: [],
    routes: [timings],
    usage,
    executions: 1_800,
    apiRequests: 12_000,
    throttled: 0,
    unloadedApplications: timings,
  };
}

const memoryVerdict = (figures: Figures) => {
  const verdict = lifecycleVerdicts(run(figures), run(figures)).find((v) => v.target.includes('memory'));
  if (!verdict) throw new Error('no memory verdict');
  return verdict;
};

describe("the runtime's memory at the end of a run, by who holds it", () => {
  it('splits RSS into the heaps, what was live and what was garbage, external and native memory', () => {
    // Act
    const parts = memoryBreakdown(run(mostlyGarbage).usage);

    // Assert
    expect(parts).toEqual({
      rss: 700,
      heaps: 340,
      mainHeap: 300,
      dynamoHeap: 40,
      live: 70,
      garbage: 210,
      external: 12,
      // 520 after the collections, less 220 of heaps and 12 external.
      native: 288,
      returned: 180,
    });
  });
});

describe('the memory verdict', () => {
  it('is met at or under 500 MiB, with no reason to give', () => {
    // Act
    const verdict = memoryVerdict({ ...mostlyGarbage, rss: 500 });

    // Assert
    expect(verdict.met).toBe(true);
    expect(verdict.whyMissed).toBeUndefined();
  });

  it('says where the memory is when it misses, from the figures', () => {
    // Act
    const verdict = memoryVerdict(mostlyGarbage);

    // Assert
    expect(verdict.met).toBe(false);
    expect(verdict.measured).toContain('700 MiB');
    expect(verdict.whyMissed).toContain('280 MiB when ready and 700 MiB at the end');
    expect(verdict.whyMissed).toContain("main thread 300 MiB, dynalite's thread 40 MiB");
    expect(verdict.whyMissed).toContain('70 MiB was live after a full collection and 210 MiB garbage');
    expect(verdict.whyMissed).toContain('handed 180 MiB back');
  });

  it('points at a heap limit when the heaps hold most beyond what is live', () => {
    // Arrange: 270 MiB of heap beyond the live 70, against 168 native (400 less 220 of heaps and 12 external).
    const figures = { ...mostlyGarbage, rssAfterGc: 400 };

    // Act
    const verdict = memoryVerdict(figures);

    // Assert
    expect(verdict.whyMissed).toContain('a lower limit for the runtime');
  });

  it('points at native memory when most of RSS is outside V8', () => {
    // Act
    const verdict = memoryVerdict({ ...mostlyGarbage, rssAfterGc: 900 });

    // Assert
    expect(verdict.whyMissed).toContain('MALLOC_ARENA_MAX');
    expect(verdict.whyMissed).not.toContain('mapped files');
  });

  it('says how much of the native memory is mapped files, where the system says', () => {
    // Act
    const parts = memoryBreakdown(run({ ...mostlyGarbage, rssAfterGc: 900, mappedFiles: 410 }).usage);
    const verdict = memoryVerdict({ ...mostlyGarbage, rssAfterGc: 900, mappedFiles: 410 });

    // Assert
    expect(parts.mappedFiles).toBe(410);
    expect(verdict.whyMissed).toContain('410 MiB of it pages of mapped files');
  });

  it('points at a leak when live objects are the largest part', () => {
    // Arrange
    const leaking: Figures = {
      rss: 700,
      rssAfterGc: 690,
      main: { asFound: heap(560, 600), afterFullGc: heap(550, 600) },
      dynamo: { asFound: heap(10, 20), afterFullGc: heap(10, 20) },
    };

    // Act
    const verdict = memoryVerdict(leaking);

    // Assert
    expect(verdict.whyMissed).toContain('heap snapshot');
  });
});
