import { describe, expect, it } from 'vitest';
import { withCarriedOver } from '#bench/carryOver.ts';
import type { HandlerBenchResult } from '#bench/handlerBench.ts';
import type { LifecycleResult } from '#bench/lifecycleBench.ts';
import type { BenchConfig, BenchResults } from '#bench/results.ts';
import type { ReminderSweepResult } from '#bench/sweep/reminderSweepBench.ts';

const config: BenchConfig = {
  commissioners: 200,
  concurrency: 16,
  importSamples: 5,
  sweepSizes: [10_000, 100_000],
  sweepDue: 200,
  scaleCommissioners: 2_000,
  sections: ['handlers', 'lifecycle', 'sweep'],
};

// The sections' figures are carried whole: markers stand for them.
const lifecycleOn = { totalMs: 1 } as LifecycleResult;
const lifecycleOff = { totalMs: 2 } as LifecycleResult;
const handlers = { marker: 'handlers' } as unknown as HandlerBenchResult;
const sweep = { marker: 'sweep' } as unknown as ReminderSweepResult;
const timing = (name: string) => ({ name, ms: 1_000, loadBefore: 0.5, loadAfter: 0.6 });

const earlier: BenchResults = {
  config,
  machine: { cores: 2, cpu: 'AMD EPYC', memoryGiB: 23.5, node: 'v20', os: 'Linux' },
  startedAt: '2026-12-02T04:18:21.827Z',
  totalMs: 1_000,
  sections: [
    timing('synthesize the stack (function list, memory, environment)'),
    timing('handlers: bundle and import'),
    timing('lifecycle: 200 commissioners, engine persistence on'),
    timing('lifecycle: 200 commissioners, engine persistence off'),
    timing('reminder sweep'),
  ],
  lifecycle: { on: lifecycleOn, off: lifecycleOff },
  handlers,
  sweep,
  notes: [],
};

const scaleRun = (overrides: Partial<BenchConfig> = {}): BenchResults => ({
  config: { ...config, ...overrides, sections: ['scale'] },
  machine: earlier.machine,
  startedAt: '2026-12-03T06:00:00.000Z',
  totalMs: 5_000,
  sections: [
    timing('lifecycle: 200 commissioners, engine persistence on'),
    timing('lifecycle: 2000 commissioners, engine persistence on'),
  ],
  scale: { base: lifecycleOn, large: lifecycleOff },
  notes: [],
});

describe("a run of some sections, with the others' last figures", () => {
  it('takes the sections it left out from the earlier run, and says whose figures they are', () => {
    // Act
    const { results, carried, skipped } = withCarriedOver(scaleRun(), earlier);

    // Assert
    expect(carried.map(({ section }) => section)).toEqual(['handlers', 'lifecycle', 'sweep']);
    expect(skipped).toEqual([]);
    expect(results.carriedOver).toEqual(carried.map(({ section }) => ({ section, from: earlier.startedAt })));
    expect(results.config.sections).toEqual(['scale', 'handlers', 'lifecycle', 'sweep']);
    expect(results).toMatchObject({ handlers, sweep, lifecycle: { on: lifecycleOn, off: lifecycleOff } });
    expect(results.scale).toEqual({ base: lifecycleOn, large: lifecycleOff });
    expect(results.sections.map((row) => row.name)).toEqual([
      'lifecycle: 200 commissioners, engine persistence on',
      'lifecycle: 2000 commissioners, engine persistence on',
      'handlers: bundle and import (run of 2026-12-02T04:18:21.827Z)',
      'lifecycle: 200 commissioners, engine persistence on (run of 2026-12-02T04:18:21.827Z)',
      'lifecycle: 200 commissioners, engine persistence off (run of 2026-12-02T04:18:21.827Z)',
      'reminder sweep (run of 2026-12-02T04:18:21.827Z)',
    ]);
  });

  it('leaves out a section whose figures depend on a setting this run changed', () => {
    // Act
    const { results, carried, skipped } = withCarriedOver(scaleRun({ commissioners: 20 }), earlier);

    // Assert
    expect(carried.map(({ section }) => section)).toEqual(['handlers', 'sweep']);
    expect(skipped).toEqual(['lifecycle']);
    expect(results.lifecycle).toBeUndefined();
  });

  it('keeps the date of a section the earlier run had itself carried over', () => {
    // Arrange
    const first = withCarriedOver(scaleRun(), earlier).results;
    const sweepOnly: BenchResults = {
      ...scaleRun(),
      config: { ...config, sections: ['sweep'] },
      startedAt: '2026-12-04T06:00:00.000Z',
      sections: [timing('reminder sweep')],
      scale: undefined,
    };

    // Act
    const { results } = withCarriedOver(sweepOnly, first);

    // Assert
    expect(results.carriedOver).toEqual([
      { section: 'handlers', from: earlier.startedAt },
      { section: 'lifecycle', from: earlier.startedAt },
      { section: 'scale', from: first.startedAt },
    ]);
    expect(results.sections.map((row) => row.name)).toContain(
      'handlers: bundle and import (run of 2026-12-02T04:18:21.827Z)',
    );
  });

  it('changes nothing when the run left no section out that an earlier run had', () => {
    // Act
    const { results, carried } = withCarriedOver({ ...earlier, startedAt: 'now' }, earlier);

    // Assert
    expect(carried).toEqual([]);
    expect(results.carriedOver).toBeUndefined();
  });
});
