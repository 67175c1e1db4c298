import type { CommissionerYearCost } from './cost.ts';
import { type HandlerBenchResult, initEstimateMemoryMb, lambdaMbPerVcpu } from './handlerBench.ts';
import type { LifecycleResult } from './lifecycleBench.ts';
import type { Machine } from './machine.ts';
import { table, yesNo } from './markdown.ts';
import type { TimeoutRisk } from './routeTimeouts.ts';
import { formatCount, formatMs, formatSeconds, formatUsd, percentile, sum } from './stats.ts';
import type { ReminderSweepResult } from './sweep/reminderSweepBench.ts';
import {
  costVerdict,
  dynamoReadFunctions,
  handlerVerdicts,
  lifecycleVerdicts,
  memoryBreakdown,
  perCommissioner,
  scaleVerdicts,
  sweepVerdict,
  type TargetVerdict,
  targetImportMs,
  targetReadRouteImportMs,
} from './targets.ts';
import { kindOfTaskId, pollIntervalMs } from './timedApi.ts';

export interface BenchConfig {
  readonly commissioners: number;
  readonly concurrency: number;
  readonly importSamples: number;
  readonly sweepSizes: readonly number[];
  readonly sweepDue: number;
  readonly scaleCommissioners: number;
  readonly sections: readonly string[];
}

export interface SectionTiming {
  readonly name: string;
  readonly ms: number;
  readonly loadBefore: number;
  readonly loadAfter: number;
}

export interface BenchResults {
  readonly config: BenchConfig;
  readonly machine: Machine;
  readonly startedAt: string;
  /** The whole run, from start to the results. */
  readonly totalMs: number;
  readonly sections: SectionTiming[];
  readonly lifecycle?: { readonly on: LifecycleResult; readonly off: LifecycleResult };
  /** The default run (persistence on) against a run of `scaleCommissioners`. */
  readonly scale?: { readonly base: LifecycleResult; readonly large: LifecycleResult };
  readonly handlers?: HandlerBenchResult;
  readonly sweep?: ReminderSweepResult;
  readonly cost?: CommissionerYearCost;
  /** Routes of the persistence-on run whose slowest call came close to their function's timeout. */
  readonly timeoutRisks?: readonly TimeoutRisk[];
  /** Anything the reader must know about this run (a smaller N than the default, say). */
  readonly notes: readonly string[];
  /** Sections this run left out whose figures are an earlier run's (`BENCH_CARRY_OVER=1`). */
  readonly carriedOver?: readonly { readonly section: string; readonly from: string }[];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function header(results: BenchResults): string {
  const { config, machine } = results;
  return [
    '# Benchmark results (`npm run bench`)',
    '',
    `Run ${results.startedAt}, ${(results.totalMs / 60_000).toFixed(1)} minutes in all. Written by ` +
      '`bench/run.ts`; ' +
      (results.carriedOver && results.carriedOver.length > 0
        ? `every figure below comes from this run but those of ${results.carriedOver
            .map(({ section, from }) => `\`${section}\` (the run of ${from})`)
            .join(', ')}, sections this run left out, carried over on the same settings ` +
          '(`BENCH_CARRY_OVER=1`; the code may have changed since).'
        : 'every figure below comes from this run.'),
    '',
    '**Reproduce**: `npm run bench` (nothing else to set up). Settings, all optional: ' +
      '`BENCH_COMMISSIONERS` (default 200), `BENCH_CONCURRENCY` (commissioners in flight, default 16), ' +
      '`BENCH_IMPORT_SAMPLES` (default 5), `BENCH_SWEEP_SIZES` (default `10000,100000`), `BENCH_SWEEP_DUE` ' +
      '(default 200), `BENCH_SCALE_COMMISSIONERS` (the large run, default 2000), `BENCH_SECTIONS` (default ' +
      '`handlers,lifecycle,scale,sweep`; `scale` takes about ten times as long as one lifecycle run), ' +
      "`BENCH_PROFILE_DIR` (write a CPU profile of each lifecycle run's runtime process there), " +
      "`BENCH_CARRY_OVER=1` (keep the last run's figures of the sections left out).",
    '',
    `**This run**: ${config.commissioners} commissioners, ${config.concurrency} in flight, ${config.importSamples} ` +
      `import samples, ` +
      (config.sections.includes('scale')
        ? `a large run of ${config.scaleCommissioners.toLocaleString('en-US')} commissioners, `
        : 'no large run (`scale` was not among the sections), ') +
      `sweeps of ${config.sweepSizes.map((s) => s.toLocaleString('en-US')).join(' and ')} reports.`,
    '',
    `**Machine**: ${machine.cores} × ${machine.cpu}; ${machine.memoryGiB.toFixed(1)} GiB memory; Node ${machine.node}; ${machine.os}.`,
    '',
    table(
      ['section', 'time', '1-min load average before', 'after'],
      results.sections.map((s) => [
        s.name,
        formatSeconds(s.ms),
        s.loadBefore.toFixed(2),
        s.loadAfter.toFixed(2),
      ]),
    ),
    '',
    'A load average above the number of cores means other work shared the machine during that section: its wall ' +
      'times are then upper bounds (CPU times and counts are not affected).',
    ...(results.notes.length > 0 ? ['', ...results.notes.map((note) => `> ${note}`)] : []),
  ].join('\n');
}

function verdictTable(verdicts: readonly TargetVerdict[]): string {
  const summary = table(
    ['target', 'measured', 'verdict'],
    verdicts.map((v) => [v.target, v.measured, yesNo(v.met)]),
    ':-- | :-- | :--',
  );
  const missed = verdicts.filter((v) => !v.met && v.whyMissed);
  return [
    summary,
    ...(missed.length > 0
      ? [
          '',
          '### Targets missed: why, and what would reach them',
          '',
          ...missed.map((v) => `- **${v.target}**: ${v.whyMissed}`),
        ]
      : []),
  ].join('\n');
}

function timeoutNote(risks: readonly TimeoutRisk[]): string {
  if (risks.length === 0) {
    return "No product route's slowest call took more than half its function's timeout.";
  }
  const opensEveryAssessment = risks.some((r) => r.route === 'POST /assessments');
  return (
    "Routes whose slowest call (persistence on) took more than half its function's timeout, which AWS " +
    'enforces and the local runtime does not: ' +
    risks.map((r) => `\`${r.route}\` ${formatMs(r.slowestMs)} of ${r.timeoutSeconds} s`).join(', ') +
    '. ' +
    (opensEveryAssessment
      ? "`POST /assessments` opens every agreement's assessment (a write and a StartExecution each) in one " +
        'request, so it grows with the programme toward that limit. '
      : '') +
    'Locally the figures include queueing a Lambda would not see, but a 256 MB Lambda has less CPU than this machine.'
  );
}

function lifecycleSection(on: LifecycleResult, off: LifecycleResult, risks: readonly TimeoutRisk[]): string {
  const runs = [on, off];
  const label = (run: LifecycleResult) => `persistence ${run.options.enginePersistence ? 'on' : 'off'}`;
  const transitions = (run: LifecycleResult) => sum(run.usage.workflows.map((w) => w.stateTransitions));
  const overview = table(
    ['', ...runs.map(label)],
    [
      [
        `commissioners (${on.options.concurrency} in flight within a phase)`,
        ...runs.map((r) => r.options.commissioners),
      ],
      ['total time (first sign-in to the end of the term)', ...runs.map((r) => formatSeconds(r.totalMs))],
      ['executions started', ...runs.map((r) => formatCount(r.executions))],
      ['executions per second', ...runs.map((r) => (r.executions / (r.totalMs / 1000)).toFixed(2))],
      ['state transitions per second', ...runs.map((r) => (transitions(r) / (r.totalMs / 1000)).toFixed(1))],
      [
        'HTTP requests per second (product routes)',
        ...runs.map((r) => (r.apiRequests / (r.totalMs / 1000)).toFixed(1)),
      ],
      ['runtime process CPU time', ...runs.map((r) => formatSeconds(r.usage.cpuMs))],
      [
        'runtime CPU time per commissioner-year',
        ...runs.map((r) => formatMs(r.usage.cpuMs / r.options.commissioners)),
      ],
      [
        'runtime CPU ÷ wall time (past 100%: I/O and GC threads)',
        ...runs.map((r) => `${((r.usage.cpuMs / r.totalMs) * 100).toFixed(0)}%`),
      ],
      [
        'runtime memory (RSS) at the end',
        ...runs.map((r) => `${(r.usage.rssBytes / 1024 ** 2).toFixed(0)} MiB`),
      ],
      [
        'executions failed or still running',
        ...runs.map((r) => sum(r.usage.workflows.map((w) => w.failed + w.running))),
      ],
      [
        'task attempts that failed (then retried or caught)',
        ...runs.map((r) => sum(r.usage.workflows.map((w) => w.taskFailures))),
      ],
      [
        "calls a route's throttle refused (429; made again after a back-off)",
        ...runs.map((r) => formatCount(r.throttled)),
      ],
      ['steps that kept failing, retried by the bench as the bureau', ...runs.map(retriedSteps)],
      ['DynamoDB requests the meter could not count', ...runs.map((r) => r.usage.dynamoMeterErrors.count)],
      ['runtime start-up (synth, console build, tables)', ...runs.map((r) => formatSeconds(r.startupMs))],
    ],
  );
  const memory = runs.map((r) => memoryBreakdown(r.usage));
  const mib = (value: number) => `${value.toFixed(0)} MiB`;
  const memoryTable = table(
    ['runtime memory at the end', ...runs.map(label)],
    [
      ['RSS', ...memory.map((m) => mib(m.rss))],
      [
        'V8 heaps (main thread + dynalite thread)',
        ...memory.map((m) => `${mib(m.mainHeap)} + ${mib(m.dynamoHeap)}`),
      ],
      ['live in them after a full collection', ...memory.map((m) => mib(m.live))],
      ['garbage a full collection freed', ...memory.map((m) => mib(m.garbage))],
      ['external (buffers), after it', ...memory.map((m) => mib(m.external))],
      ['native outside V8 (RSS after it less heaps and external)', ...memory.map((m) => mib(m.native))],
      [
        'of which mapped files (node binary, LevelDB tables: reclaimable page cache)',
        ...memory.map((m) => (m.mappedFiles === undefined ? 'not known' : mib(m.mappedFiles))),
      ],
      ['RSS the collections handed back', ...memory.map((m) => mib(m.returned))],
    ],
  );
  const phases = table(
    ['phase', ...runs.map(label)],
    on.phases.map((phase, i) => [
      phase.name,
      ...runs.map((r) => formatSeconds(r.phases[i]?.ms ?? Number.NaN)),
    ]),
  );
  const routeNames = [...new Set(runs.flatMap((r) => r.routes.map((t) => t.route)))].sort(
    (a, b) => a.slice(a.indexOf(' ')).localeCompare(b.slice(b.indexOf(' '))) || a.localeCompare(b),
  );
  const timingsOf = (run: LifecycleResult, route: string) =>
    run.routes.find((t) => t.route === route)?.samples ?? [];
  const routes = table(
    ['route', 'calls', 'p50 (on)', 'p99 (on)', 'p50 (off)', 'p99 (off)'],
    routeNames.map((route) => [
      route.includes(' /local/') ? `${route} (local only)` : route,
      timingsOf(on, route).length,
      formatMs(percentile(timingsOf(on, route), 50)),
      formatMs(percentile(timingsOf(on, route), 99)),
      formatMs(percentile(timingsOf(off, route), 50)),
      formatMs(percentile(timingsOf(off, route), 99)),
    ]),
  );
  const waitsOf = (run: LifecycleResult, kind: string) =>
    run.taskOpenWaits?.find((w) => w.kind === kind)?.samples ?? [];
  const waitKinds = [...new Set(runs.flatMap((r) => (r.taskOpenWaits ?? []).map((w) => w.kind)))].sort();
  const taskOpens = table(
    ['task', 'waits', 'p50 (on)', 'p99 (on)', 'slowest (on)', 'p50 (off)', 'p99 (off)', 'slowest (off)'],
    waitKinds.map((kind) => [
      kind,
      waitsOf(on, kind).length,
      ...runs.flatMap((run) => [
        formatMs(percentile(waitsOf(run, kind), 50)),
        formatMs(percentile(waitsOf(run, kind), 99)),
        formatMs(percentile(waitsOf(run, kind), 100)),
      ]),
    ]),
  );
  const workflows = table(
    ['state machine', 'executions', 'state transitions', 'per execution'],
    on.usage.workflows.map((w) => [
      w.stateMachine,
      w.executions,
      w.stateTransitions,
      (w.stateTransitions / w.executions).toFixed(1),
    ]),
  );
  const unloaded = on.unloadedApplications.samples;
  return [
    '## 1. Lifecycle throughput',
    '',
    `Each commissioner goes through application → endorsement → approval → demand → verification → ` +
      `candidates → dispatch → both accept → (public notice) → agreement drafted, signed by three, countersigned → four ` +
      `quarterly reports (submit, confirm, accept) → assessment (open, rate, grade) → end of term, every step over ` +
      `HTTP as in the integration tests (\`bench/commissionerYear.ts\`), each actor opening the record before acting ` +
      `on it. The clock is one for the system, so every commissioner goes through a phase, then the clock moves ` +
      `(\`POST /local/clock\`, which runs everything that fell due before it answers: period openings, the daily ` +
      `reminder job, waits). The runtime is \`startEmbeddedRuntime\` in a **child process** ` +
      `(\`bench/meteredRuntimeHost.ts\`) over a fresh temporary data directory, so the bench's HTTP client does not ` +
      `share its event loop; dynalite persists under it in both runs, only the engine's persistence differs. ` +
      `Both runs carry the meters of §4 (a wrapper round \`LambdaHost.invoke\`, middlewares on the handlers' SDK ` +
      `clients, a counter on the scheduler).`,
    '',
    overview,
    '',
    'Where the memory is at the end (measured by the runtime process after the CPU time; each thread collected ' +
      'fully, then measured again):',
    '',
    memoryTable,
    '',
    'Phases (each waits for all commissioners):',
    '',
    phases,
    '',
    'Latency per route, as the client saw it (the local-only routes are the bench moving the clock and signing in). ' +
      'Percentiles are nearest-rank: with fewer than 100 calls, p99 is the slowest call.',
    '',
    routes,
    '',
    timeoutNote(risks),
    '',
    ...(waitKinds.length > 0
      ? [
          'How long each kind of task took to open after the step that led to it, as its assignee waited (reading it ' +
            `every ${pollIntervalMs} ms): the steps between run as workflow tasks, which the tasks' concurrency may ` +
            'throttle into a back-off.',
          '',
          taskOpens,
          '',
        ]
      : []),
    `\`POST /applications\` one at a time on the warm, otherwise idle runtime after the run (${unloaded.length} ` +
      `submissions): p50 ${formatMs(percentile(unloaded, 50))}, p99 ${formatMs(percentile(unloaded, 99))}.`,
    '',
    'Executions and state transitions (persistence on):',
    '',
    workflows,
  ].join('\n');
}

/** The longest the bench waited for a task to open in a run, and the task's kind. */
function slowestTaskOpen(run: LifecycleResult): string {
  const slowest = (run.taskOpenWaits ?? [])
    .map(({ kind, samples }) => ({ kind, ms: percentile(samples, 100) }))
    .filter(({ ms }) => !Number.isNaN(ms))
    .sort((a, b) => b.ms - a.ms)[0];
  return slowest ? `${formatMs(slowest.ms)} (${slowest.kind})` : '–';
}

/** How many failed steps the bench retried as the bureau, by their workflow's retry task kind. */
function retriedSteps(run: LifecycleResult): string {
  if (!run.retriedSteps) return 'not counted';
  const byKind = new Map<string, number>();
  for (const taskId of run.retriedSteps) {
    const kind = kindOfTaskId(taskId);
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  const kinds = [...byKind].map(([kind, count]) => `${count} ${kind}`).join(', ');
  return kinds ? `${run.retriedSteps.length} (${kinds})` : '0';
}

function scaleSection(base: LifecycleResult, large: LifecycleResult): string {
  const runs = [base, large];
  const each = runs.map(perCommissioner);
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  const overview = table(
    ['', ...runs.map((r) => `${r.options.commissioners.toLocaleString('en-US')} commissioners`)],
    [
      ['total time', ...runs.map((r) => formatSeconds(r.totalMs))],
      ['total time per commissioner', ...runs.map((r) => formatMs(r.totalMs / r.options.commissioners))],
      ['runtime CPU time', ...runs.map((r) => formatSeconds(r.usage.cpuMs))],
      ['runtime CPU time per commissioner', ...each.map((e) => formatMs(e.cpuMs))],
      ['memory (RSS) when ready', ...runs.map((r) => mib(r.usage.rssAtReadyBytes))],
      ['memory (RSS) at the end', ...runs.map((r) => mib(r.usage.rssBytes))],
      ['memory the run added per commissioner', ...each.map((e) => `${(e.addedMiB * 1024).toFixed(0)} KiB`)],
      ['executions started', ...runs.map((r) => formatCount(r.executions))],
      [
        'executions failed or still running',
        ...runs.map((r) => sum(r.usage.workflows.map((w) => w.failed + w.running))),
      ],
      [
        'task attempts that failed (then retried or caught)',
        ...runs.map((r) => formatCount(sum(r.usage.workflows.map((w) => w.taskFailures)))),
      ],
      ['steps that kept failing, retried by the bench as the bureau', ...runs.map(retriedSteps)],
      ['slowest wait for a task to open', ...runs.map(slowestTaskOpen)],
    ],
  );
  const p50 = (run: LifecycleResult, route: string) =>
    percentile(run.routes.find((t) => t.route === route)?.samples ?? [], 50);
  const grown = base.routes
    .map(({ route }) => ({ route, before: p50(base, route), after: p50(large, route) }))
    .filter(({ before, after }) => before > 0 && after > 0)
    .sort((a, b) => b.after / b.before - a.after / a.before)
    .slice(0, 8);
  return [
    '## 1b. As the programme grows',
    '',
    `The same year as §1 (engine persistence on, ${base.options.concurrency} in flight) for ` +
      `${large.options.commissioners.toLocaleString('en-US')} commissioners, against the ` +
      `${base.options.commissioners}-commissioner run: what one commissioner costs the runtime should not grow with ` +
      `how many others there are (lists are paged, the sweep reads only what is due, ended executions leave memory). ` +
      `What does not depend on their number (the daily reminder job runs every day of the year) is shared by more ` +
      `commissioners in the larger run, which favours it a little.`,
    '',
    overview,
    '',
    'The routes whose median grew most between the two runs:',
    '',
    table(
      ['route', `p50 (${base.options.commissioners})`, `p50 (${large.options.commissioners})`, 'ratio'],
      grown.map((g) => [
        g.route,
        formatMs(g.before),
        formatMs(g.after),
        `${(g.after / g.before).toFixed(2)}×`,
      ]),
    ),
  ].join('\n');
}

function handlerSection(result: HandlerBenchResult): string {
  const reads = new Set(dynamoReadFunctions(result).map((h) => h.entry));
  const verdict = (timing: { importMs: number; importError?: string }, limit: number) =>
    timing.importError
      ? `**threw**: ${timing.importError.slice(0, 160)}`
      : timing.importMs > limit
        ? '**import**'
        : 'ok';
  const rows = result.handlers.map((h) => {
    const limit = reads.has(h.entry) ? targetReadRouteImportMs : targetImportMs;
    return [
      h.entry,
      `${h.routes.length > 0 ? `${h.routes.length} routes` : 'no route'}; ${h.services.join(', ') || '–'}`,
      kb(h.bytes),
      h.largestParts.map((p) => `${p.name} ${(p.bytes / 1024).toFixed(0)}`).join(', '),
      h.sdkPackages.map((name) => name.replace('@aws-sdk/', '')).join(', ') || '–',
      formatMs(h.processMs),
      formatMs(h.importMs),
      formatMs(h.importCpuMs),
      formatMs(h.initEstimateMs),
      `${verdict(h, limit)} (≤ ${limit} ms)`,
      h.sdkExternal ? formatMs(h.sdkExternal.importMs) : '',
      h.sdkExternal ? formatMs(h.sdkExternal.initEstimateMs) : '',
    ];
  });
  return [
    '## 2. Handlers',
    '',
    `Every function of the synthesized stack (each \`AWS::Lambda::Function\` with the \`commissioner:entry\` ` +
      `metadata, with the routes it serves and the services its role reaches), bundled with \`functionBundling\` ` +
      `of \`infra/teamFunction.ts\` (esbuild, ESM, minified, target node24, the SDK bundled) into ` +
      `\`bench/.bundles/\`. Each is imported by a fresh \`node --input-type=module -e "await import(...)"\` with its ` +
      `template environment set, ${result.samples} times, interleaved with an empty process; medians. "Less ` +
      `baseline" is the figure the targets are about (${targetImportMs} ms; ${targetReadRouteImportMs} ms for a ` +
      `function that serves GET routes and reaches only DynamoDB); "import CPU" is the CPU time of the ` +
      `\`import()\` inside the process, and "INIT at ${initEstimateMemoryMb} MB" estimates a ${initEstimateMemoryMb} MB ` +
      `function's INIT from it: Lambda gives one vCPU at ${lambdaMbPerVcpu.toLocaleString('en-US')} MB and CPU in ` +
      `proportion to memory (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html), so the CPU ` +
      `time is stretched by ${(lambdaMbPerVcpu / initEstimateMemoryMb).toFixed(2)} (the runtime's own start left out). ` +
      `For comparison, the smallest and the largest function of each set of SDK packages are also bundled with ` +
      `\`@aws-sdk/*\` external (the only difference), loaded from node_modules as from Lambda's copy. Node here ` +
      `is ${process.version}, not Lambda's Node 24.`,
    '',
    `Empty-process baseline: ${formatMs(result.baselineMs)}.`,
    '',
    table(
      [
        'function',
        'routes; services',
        'size',
        'largest parts (KB)',
        'SDK packages',
        'process',
        'less baseline',
        'import CPU',
        `INIT at ${initEstimateMemoryMb} MB`,
        'verdict',
        'SDK external: less baseline',
        `INIT at ${initEstimateMemoryMb} MB`,
      ],
      rows,
      ':-- | :-- | --: | :-- | :-- | --: | --: | --: | --: | :-- | --: | --:',
    ),
  ].join('\n');
}

function sweepSection(result: ReminderSweepResult): string {
  return [
    '## 3. Reminder sweep',
    '',
    `The daily reminder workflow's pages (\`sendReminderPage\`, \`shared/report/reminderJob.ts\`, run one after another) for ${result.day}, which chases reports due on ` +
      `${result.chasedDates.join(', ')}. Each report table (a fresh copy of the template's, with its indexes, in an ` +
      `in-memory dynalite in its own process) is seeded with BatchWrite (25 items a request, 16 requests in flight) ` +
      `with plausible report records of four-quarter agreements whose terms start over four years, states drawn by ` +
      `period (accepted, waived, unreported, overdue, open, submitted, confirmed, revising, scheduled; ` +
      `\`bench/sweep/reportFixtures.ts\`), \`awaitingDue\` set only on those awaiting submission, and exactly ` +
      `${result.dueOnChasedDates} of them awaiting on the chased dates. The job runs with its template environment, ` +
      `emails going to a local SES outbox; it is run twice: the second run reads the same and sends nothing.`,
    '',
    table(
      ['report items', 'seeding', 'read', 'sent', 'time', 'again: read', 'sent', 'time'],
      result.sizes.map((size) => [
        size.tableItems.toLocaleString('en-US'),
        formatSeconds(size.seedMs),
        size.first.read,
        size.first.sent,
        formatMs(size.first.ms),
        size.again.read,
        size.again.sent,
        formatMs(size.again.ms),
      ]),
    ),
  ].join('\n');
}

function costSection(cost: CommissionerYearCost, run: LifecycleResult): string {
  const quantity = (value: number) =>
    value >= 100 ? formatCount(value) : formatCount(value, value >= 1 ? 1 : 3);
  return [
    '## 4. Cost of one commissioner-year on AWS',
    '',
    `From the persistence-on run: everything counted, divided by its ${cost.commissioners} commissioners. The clock ` +
      `ran from the first application to the day after the term ended (to ${run.usage.clockNow.slice(0, 10)}), a little ` +
      `over a year, so the shared daily reminder job is counted for every day of it. List prices, us-east-1, free ` +
      `tiers ignored. Lambda durations are wall times measured here with warm handlers, while ` +
      `${run.options.concurrency} commissioners were in flight on one event loop: they include waiting for it (an ` +
      `overestimate), while a 256 MB Arm Lambda has a fraction of a core (an underestimate); either way the line ` +
      `is small against the others.`,
    '',
    table(
      ['item', 'per commissioner-year', 'unit price (source)', 'cost', 'how it was counted'],
      cost.lines.map((line) => [
        line.extra ? `${line.item} (not in the total)` : line.item,
        `${quantity(line.quantity)} ${line.unit}`,
        `${line.price.per} (${line.price.source})`,
        formatUsd(line.usd),
        line.counted,
      ]),
      ':-- | --: | :-- | --: | :--',
    ),
    '',
    `**Total: ${formatUsd(cost.totalUsd)} per commissioner-year** (${formatUsd(cost.totalWithExtrasUsd)} with the ` +
      'Step Functions logging estimate). Not counted: DynamoDB storage, backups and PITR, X-Ray traces, Lambda ' +
      'cold-start (INIT) time, Cognito, CloudFront and S3 for the console, data transfer.',
  ].join('\n');
}

/** What would make the lifecycle figures suspect: executions that did not finish, counts the meter missed. */
function lifecycleWarnings(run: LifecycleResult): string[] {
  const label = `persistence ${run.options.enginePersistence ? 'on' : 'off'}`;
  const unfinished = sum(run.usage.workflows.map((w) => w.failed + w.running));
  const warnings: string[] = [];
  if (unfinished > 0) {
    warnings.push(
      `**Check this run**: ${label}: ${unfinished} executions failed or were still running at the end.`,
    );
  }
  if (run.usage.dynamoMeterErrors.count > 0) {
    warnings.push(
      `**Check this run**: ${label}: the DynamoDB meter could not count ${run.usage.dynamoMeterErrors.count} requests ` +
        `(first: ${run.usage.dynamoMeterErrors.first?.split('\n')[0]}).`,
    );
  }
  return warnings;
}

/** The whole results document: the header, the targets, then one section per measurement. */
export function renderResults(results: BenchResults): string {
  const verdicts: TargetVerdict[] = [
    ...(results.lifecycle ? lifecycleVerdicts(results.lifecycle.on, results.lifecycle.off) : []),
    ...(results.scale ? scaleVerdicts(results.scale.base, results.scale.large) : []),
    ...(results.handlers ? handlerVerdicts(results.handlers) : []),
    ...(results.sweep ? [sweepVerdict(results.sweep)] : []),
    ...(results.cost ? [costVerdict(results.cost)] : []),
  ];
  const warnings = [
    ...(results.lifecycle
      ? [...lifecycleWarnings(results.lifecycle.on), ...lifecycleWarnings(results.lifecycle.off)]
      : []),
    ...(results.scale ? lifecycleWarnings(results.scale.large) : []),
  ];
  return [
    header(results),
    ...warnings.map((warning) => `\n> ${warning}`),
    '',
    '## Targets',
    '',
    verdictTable(verdicts),
    '',
    ...(results.lifecycle
      ? [lifecycleSection(results.lifecycle.on, results.lifecycle.off, results.timeoutRisks ?? []), '']
      : []),
    ...(results.scale ? [scaleSection(results.scale.base, results.scale.large), ''] : []),
    ...(results.handlers ? [handlerSection(results.handlers), ''] : []),
    ...(results.sweep ? [sweepSection(results.sweep), ''] : []),
    ...(results.cost && results.lifecycle ? [costSection(results.cost, results.lifecycle.on), ''] : []),
  ].join('\n');
}
