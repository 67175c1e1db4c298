/*
 * `npm run bench` (issue 6, "Performance"): measures what the tests never time, prints one
 * markdown document and writes it to `bench/results.md`:
 *   1. lifecycle throughput on the embedded runtime, engine persistence on and off, and what a
 *      commissioner costs as the programme grows (the default run against a ten times larger one);
 *   2. every handler bundled as CDK bundles it: size and the import time of a fresh process;
 *   3. the daily reminder sweep against report tables of 10,000 and 100,000 items;
 *   4. the AWS cost of one commissioner-year, from what the lifecycle run counted.
 * Settings are environment variables (see `readConfig`); `BENCH_NOTE` adds a note to the results;
 * `BENCH_RENDER_ONLY=1` writes the document again from the last run's figures (`.last-run.json`);
 * `BENCH_CARRY_OVER=1` keeps the last run's figures of the sections this run leaves out (`carryOver.ts`).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { withCarriedOver } from './carryOver.ts';
import { commissionerYearCost } from './cost.ts';
import { type FunctionCatalogue, loadFunctionCatalogue } from './functionCatalogue.ts';
import { benchHandlers } from './handlerBench.ts';
import { runLifecycle } from './lifecycleBench.ts';
import { describeMachine, loadAverage } from './machine.ts';
import { type BenchConfig, type BenchResults, renderResults, type SectionTiming } from './results.ts';
import { routesNearTheirTimeout } from './routeTimeouts.ts';
import { benchReminderSweep } from './sweep/reminderSweepBench.ts';

const resultsFile = new URL('results.md', import.meta.url).pathname;
/** Every figure of the last run, so that `BENCH_RENDER_ONLY=1` can write the document again without measuring. */
const rawResultsFile = new URL('.last-run.json', import.meta.url).pathname;
const defaultCommissioners = 200;
const sectionNames = ['handlers', 'lifecycle', 'scale', 'sweep'] as const;

function positiveInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number above 0, not ${text}`);
  return value;
}

function readConfig(): BenchConfig {
  const sections = (process.env.BENCH_SECTIONS ?? sectionNames.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = sections.filter((name) => !(sectionNames as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`BENCH_SECTIONS: unknown ${unknown.join(', ')}; choose from ${sectionNames.join(', ')}`);
  return {
    commissioners: positiveInteger('BENCH_COMMISSIONERS', defaultCommissioners),
    concurrency: positiveInteger('BENCH_CONCURRENCY', 16),
    importSamples: positiveInteger('BENCH_IMPORT_SAMPLES', 5),
    sweepSizes: (process.env.BENCH_SWEEP_SIZES ?? '10000,100000').split(',').map((size) => {
      const value = Number(size);
      if (!Number.isSafeInteger(value) || value < 1)
        throw new Error(`BENCH_SWEEP_SIZES: ${size} is not a size`);
      return value;
    }),
    sweepDue: positiveInteger('BENCH_SWEEP_DUE', 200),
    scaleCommissioners: positiveInteger('BENCH_SCALE_COMMISSIONERS', 2000),
    sections,
  };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function publish(results: BenchResults): Promise<void> {
  const document = renderResults(results);
  await writeFile(resultsFile, document);
  process.stdout.write(`${document}\n`);
  log(`Written to ${resultsFile}`);
}

async function main(): Promise<void> {
  if (process.env.BENCH_RENDER_ONLY === '1') {
    await publish(JSON.parse(await readFile(rawResultsFile, 'utf8')) as BenchResults);
    return;
  }
  const config = readConfig();
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const sections: SectionTiming[] = [];
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const loadBefore = loadAverage();
    const sectionStarted = performance.now();
    log(`${name}…`);
    const result = await work();
    sections.push({ name, ms: performance.now() - sectionStarted, loadBefore, loadAfter: loadAverage() });
    return result;
  };
  const wants = (section: (typeof sectionNames)[number]) => config.sections.includes(section);

  let catalogue: FunctionCatalogue | undefined;
  const theCatalogue = async () => {
    catalogue ??= await timed(
      'synthesize the stack (function list, memory, environment)',
      loadFunctionCatalogue,
    );
    return catalogue;
  };

  const handlers = wants('handlers')
    ? await timed('handlers: bundle and import', async () =>
        benchHandlers({ catalogue: await theCatalogue(), samples: config.importSamples, log }),
      )
    : undefined;

  const lifecycleRun = (enginePersistence: boolean, commissioners = config.commissioners) =>
    timed(
      `lifecycle: ${commissioners} commissioners, engine persistence ${enginePersistence ? 'on' : 'off'}`,
      () =>
        runLifecycle({
          commissioners,
          concurrency: config.concurrency,
          enginePersistence,
          ...(process.env.BENCH_PROFILE_DIR ? { profileDirectory: process.env.BENCH_PROFILE_DIR } : {}),
          log,
        }),
    );
  const lifecycle = wants('lifecycle')
    ? { on: await lifecycleRun(true), off: await lifecycleRun(false) }
    : undefined;
  const scale = wants('scale')
    ? {
        base: lifecycle?.on ?? (await lifecycleRun(true)),
        large: await lifecycleRun(true, config.scaleCommissioners),
      }
    : undefined;

  // Last: it sets this process's environment for the reminder job, which the runtimes above would inherit.
  const sweep = wants('sweep')
    ? await timed('reminder sweep', async () =>
        benchReminderSweep({
          catalogue: await theCatalogue(),
          sizes: config.sweepSizes,
          dueOnChasedDates: config.sweepDue,
          day: '2031-03-03',
          log,
        }),
      )
    : undefined;

  const cost = lifecycle ? commissionerYearCost(lifecycle.on, await theCatalogue()) : undefined;
  const timeoutRisks = lifecycle ? routesNearTheirTimeout(lifecycle.on, await theCatalogue()) : undefined;
  const notes: string[] = [];
  if (config.commissioners !== defaultCommissioners) {
    const atDefault = lifecycle
      ? ` At this run's rate the default would take about ${Math.round(
          ((lifecycle.on.totalMs + lifecycle.off.totalMs) * defaultCommissioners) /
            config.commissioners /
            60_000,
        )} minutes for the two lifecycle runs (a linear estimate, high: a small run's fixed costs weigh more).`
      : '';
    notes.push(
      `This run used ${config.commissioners} commissioners, not the default ${defaultCommissioners} ` +
        `(\`BENCH_COMMISSIONERS\`); per-commissioner figures are comparable, totals and tails less so.${atDefault}`,
    );
  }
  if (process.env.BENCH_NOTE) notes.push(process.env.BENCH_NOTE);
  const results: BenchResults = {
    config,
    machine: describeMachine(),
    startedAt,
    totalMs: performance.now() - started,
    sections,
    ...(lifecycle ? { lifecycle } : {}),
    ...(scale ? { scale } : {}),
    ...(handlers ? { handlers } : {}),
    ...(sweep ? { sweep } : {}),
    ...(cost ? { cost } : {}),
    ...(timeoutRisks ? { timeoutRisks } : {}),
    notes,
  };
  const published = process.env.BENCH_CARRY_OVER === '1' ? await carryOver(results) : results;
  await writeFile(rawResultsFile, JSON.stringify(published));
  await publish(published);
}

/** The run's results with the sections it left out taken from the last run, where their settings match. */
async function carryOver(results: BenchResults): Promise<BenchResults> {
  const earlier = await readFile(rawResultsFile, 'utf8').then(
    (text) => JSON.parse(text) as BenchResults,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    },
  );
  if (!earlier) {
    log('BENCH_CARRY_OVER: no earlier run to carry sections over from');
    return results;
  }
  const { results: merged, carried, skipped } = withCarriedOver(results, earlier);
  for (const { section, from } of carried) log(`Carried over: ${section}, from the run of ${from}`);
  if (skipped.length > 0) log(`Not carried over (the settings differ): ${skipped.join(', ')}`);
  return merged;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
