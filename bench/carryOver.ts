import type { BenchConfig, BenchResults, SectionTiming } from './results.ts';

/** A section of the bench: what its figures are in the results, and which settings they depend on. */
interface SectionParts {
  /** The section's figures in an earlier run's results. */
  readonly figures: (earlier: BenchResults) => Partial<BenchResults>;
  readonly settings: readonly (keyof BenchConfig)[];
  /** Whether a timing row of an earlier run was this section's. */
  readonly timedBy: (timing: SectionTiming, config: BenchConfig) => boolean;
}

const lifecycleOf = (commissioners: number) => (timing: SectionTiming) =>
  timing.name.startsWith(`lifecycle: ${commissioners} commissioners,`);

const parts: Readonly<Record<string, SectionParts>> = {
  handlers: {
    figures: ({ handlers }) => ({ handlers }),
    settings: ['importSamples'],
    timedBy: (timing) => timing.name.startsWith('handlers:'),
  },
  lifecycle: {
    figures: ({ lifecycle, cost, timeoutRisks }) => ({ lifecycle, cost, timeoutRisks }),
    settings: ['commissioners', 'concurrency'],
    timedBy: (timing, config) => lifecycleOf(config.commissioners)(timing),
  },
  scale: {
    figures: ({ scale }) => ({ scale }),
    settings: ['commissioners', 'concurrency', 'scaleCommissioners'],
    timedBy: (timing, config) => lifecycleOf(config.scaleCommissioners)(timing),
  },
  sweep: {
    figures: ({ sweep }) => ({ sweep }),
    settings: ['sweepSizes', 'sweepDue'],
    timedBy: (timing) => timing.name === 'reminder sweep',
  },
};

const sameSettings = (settings: readonly (keyof BenchConfig)[], one: BenchConfig, other: BenchConfig) =>
  settings.every((setting) => JSON.stringify(one[setting]) === JSON.stringify(other[setting]));

/**
 * The run's results with the sections it left out taken from an earlier run (`BENCH_CARRY_OVER=1`),
 * so that a run of one long section (`scale`) publishes beside the others' figures. A section is
 * carried only when the earlier run had it with the same settings; its timing rows, and the
 * document's header, say which run they came from.
 */
export function withCarriedOver(
  current: BenchResults,
  earlier: BenchResults,
): {
  readonly results: BenchResults;
  readonly carried: NonNullable<BenchResults['carriedOver']>;
  readonly skipped: readonly string[];
} {
  const carried: { section: string; from: string }[] = [];
  const skipped: string[] = [];
  let figures: Partial<BenchResults> = {};
  const sections = [...current.sections];
  for (const [section, part] of Object.entries(parts)) {
    if (current.config.sections.includes(section) || !earlier.config.sections.includes(section)) continue;
    if (!sameSettings(part.settings, current.config, earlier.config)) {
      skipped.push(section);
      continue;
    }
    const from = earlier.carriedOver?.find((carriedBefore) => carriedBefore.section === section)?.from;
    carried.push({ section, from: from ?? earlier.startedAt });
    figures = { ...figures, ...part.figures(earlier) };
    sections.push(
      ...earlier.sections
        .filter((timing) => part.timedBy(timing, earlier.config))
        // A row carried before already names its run.
        .map((timing) =>
          from ? timing : { ...timing, name: `${timing.name} (run of ${earlier.startedAt})` },
        ),
    );
  }
  if (carried.length === 0) return { results: current, carried, skipped };
  const results: BenchResults = {
    ...current,
    ...figures,
    config: {
      ...current.config,
      sections: [...current.config.sections, ...carried.map(({ section }) => section)],
    },
    sections,
    carriedOver: carried,
  };
  return { results, carried, skipped };
}
