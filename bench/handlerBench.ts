import { spawn } from 'node:child_process';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { localRegion } from '#local/cloudFormation.ts';
import { httpStages } from '#shared/api/routeSpec.ts';
import type { FunctionCatalogue } from './functionCatalogue.ts';
import { median } from './stats.ts';

const repositoryRoot = new URL('..', import.meta.url).pathname;
/** Inside the repository, so that the bundles' external `@aws-sdk/*` imports resolve from its node_modules. */
const bundleDirectory = new URL('.bundles/', import.meta.url).pathname;

/** One bundle of a handler: its size, and how long a fresh process takes to import it. */
export interface BundleTiming {
  readonly bytes: number;
  /** Median wall time of a fresh `node` that imports the bundle. */
  readonly processMs: number;
  /** The same less the baseline: what importing the bundle costs. */
  readonly importMs: number;
  /** Median time of the `import()` itself, measured inside the process. */
  readonly inProcessMs: number;
  /** What the import threw, if it did (with the function's environment set). */
  readonly importError?: string;
}

export interface HandlerResult extends BundleTiming {
  readonly entry: string;
  /** The biggest contributors to the bundle, by package (or repository folder), largest first. */
  readonly largestParts: { readonly name: string; readonly bytes: number }[];
  /** The `@aws-sdk/*` packages it imports from the runtime (external to the bundle). */
  readonly sdkPackages: string[];
  /**
   * The alternative, for the smallest and the largest handler of each set of SDK packages (enough
   * to show the effect without doubling the run): the same handler with the SDK bundled in.
   */
  readonly withSdkBundled?: BundleTiming;
}

export interface HandlerBenchResult {
  readonly samples: number;
  /** Median wall time of a fresh `node` that imports nothing. */
  readonly baselineMs: number;
  readonly handlers: HandlerResult[];
  /** Handler modules the source tree has that the stack does not deploy, and the other way round. */
  readonly notDeployed: string[];
  readonly notInSourceTree: string[];
}

/** The handler modules the CDK app bundles: one per HTTP route handler, workflow task and scheduled job. */
async function handlerEntries(): Promise<string[]> {
  const inFolder = async (folder: string) =>
    (await readdir(join(repositoryRoot, folder)))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => `${folder}/${file}`);
  return [
    ...httpStages.map((stage) => `functions/http/${stage}.ts`),
    ...(await inFolder('functions/workflow')),
    ...(await inFolder('functions/scheduled')),
  ].sort();
}

/** `node_modules/@middy/core/index.js` → `@middy/core`; `shared/report/x.ts` → `shared/report`. */
function partOf(input: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
  if (inPackage) return inPackage;
  return input.split('/').slice(0, -1).slice(0, 2).join('/') || input;
}

interface Bundle {
  readonly file: string;
  readonly bytes: number;
  readonly largestParts: { name: string; bytes: number }[];
  readonly sdkPackages: string[];
}

type Variant = 'as deployed' | 'sdk bundled';

/**
 * As deployed: the esbuild options `infra/teamFunction.ts` gives NodejsFunction (ESM, minified,
 * node24, `@aws-sdk/*` external). The alternative differs only in bundling the SDK too.
 */
async function bundle(entry: string, variant: Variant): Promise<Bundle> {
  const suffix = variant === 'as deployed' ? '' : '.sdk-bundled';
  const outfile = join(bundleDirectory, `${basename(entry, '.ts')}${suffix}.mjs`);
  const { metafile } = await build({
    entryPoints: [join(repositoryRoot, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    sourcemap: false,
    external: variant === 'as deployed' ? ['@aws-sdk/*'] : [],
    mainFields: ['module', 'main'],
    logLevel: 'warning',
    metafile: true,
  });
  const parts = new Map<string, number>();
  const sdkPackages = new Set<string>();
  let bytes = 0;
  for (const output of Object.values(metafile.outputs)) {
    bytes += output.bytes;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      parts.set(partOf(input), (parts.get(partOf(input)) ?? 0) + bytesInOutput);
    }
    for (const imported of output.imports) {
      if (imported.external && imported.path.startsWith('@aws-sdk/')) sdkPackages.add(imported.path);
    }
  }
  const largestParts = [...parts]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3);
  return { file: outfile, bytes, largestParts, sdkPackages: [...sdkPackages].sort() };
}

interface FreshNodeTiming {
  /** Wall time of the whole process, from spawn to exit. */
  ms: number;
  /** What the script printed: the time of its `import()`. */
  inProcessMs: number;
  error?: string;
}

/** Times a fresh `node` importing `file` (nothing, for the baseline), from outside and from inside. */
function timeFreshNode(
  file: string | undefined,
  environment: Record<string, string>,
): Promise<FreshNodeTiming> {
  const script = file
    ? `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); process.stdout.write(String(performance.now() - t));`
    : 'process.stdout.write("0");';
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: bundleDirectory,
      env: { PATH: process.env.PATH ?? '', ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - started;
      const inProcessMs = Number(stdout) || 0;
      const error = stderr.trim().split('\n').slice(0, 6).join(' ') || `exit ${code}`;
      resolve(code === 0 ? { ms, inProcessMs } : { ms, inProcessMs, error });
    });
  });
}

/** The samples of one bundle, summarised against the baseline. */
class Samples {
  private readonly process: number[] = [];
  private readonly inProcess: number[] = [];
  private error: string | undefined;

  constructor(readonly bundle: Bundle) {}

  add({ ms, inProcessMs, error }: FreshNodeTiming): void {
    this.process.push(ms);
    this.inProcess.push(inProcessMs);
    this.error ??= error;
  }

  summary(baselineMs: number): BundleTiming {
    const processMs = median(this.process);
    return {
      bytes: this.bundle.bytes,
      processMs,
      importMs: Math.max(0, processMs - baselineMs),
      inProcessMs: median(this.inProcess),
      ...(this.error ? { importError: this.error } : {}),
    };
  }
}

/**
 * Bundles every handler as CDK would (and a few with the SDK bundled in, for comparison) and
 * times a fresh Node process importing each bundle, interleaving the handlers and the empty
 * baseline sample by sample so that drift in the machine's load affects them alike.
 */
export async function benchHandlers(options: {
  catalogue: FunctionCatalogue;
  samples: number;
  log: (line: string) => void;
}): Promise<HandlerBenchResult> {
  const { catalogue, samples, log } = options;
  const fromSource = await handlerEntries();
  const deployed = [...new Set(catalogue.functions.map((fn) => fn.entry))].sort();
  const entries = [...new Set([...fromSource, ...deployed])].sort();

  await rm(bundleDirectory, { recursive: true, force: true });
  await mkdir(bundleDirectory, { recursive: true });
  const asDeployed = new Map<string, Bundle>();
  for (const entry of entries) asDeployed.set(entry, await bundle(entry, 'as deployed'));
  // The smallest and the largest handler of each set of SDK packages imported.
  const bySdkPackages = new Map<string, [string, Bundle][]>();
  for (const [entry, built] of asDeployed) {
    const packages = built.sdkPackages.join(',');
    if (packages) bySdkPackages.set(packages, [...(bySdkPackages.get(packages) ?? []), [entry, built]]);
  }
  const representatives = new Set(
    [...bySdkPackages.values()].flatMap((group) => {
      const sorted = [...group].sort(([, a], [, b]) => a.bytes - b.bytes);
      return [sorted[0]?.[0], sorted.at(-1)?.[0]].filter((entry): entry is string => entry !== undefined);
    }),
  );
  const sdkBundled = new Map<string, Bundle>();
  for (const entry of representatives) sdkBundled.set(entry, await bundle(entry, 'sdk bundled'));
  log(
    `  bundled ${entries.length} handlers (and ${sdkBundled.size} with the SDK inside) into ${bundleDirectory}`,
  );

  // What Lambda sets, plus the function's own variables from the template.
  const environmentOf = (entry: string) => ({
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    CONSOLE_URL: 'https://console.example.gov.cn',
    ...(catalogue.functions.find((fn) => fn.entry === entry)?.environment ?? {}),
  });
  const baseline: number[] = [];
  const sampled = [
    ...[...asDeployed].map(([entry, built]) => ({
      entry,
      variant: 'as deployed' as Variant,
      samples: new Samples(built),
    })),
    ...[...sdkBundled].map(([entry, built]) => ({
      entry,
      variant: 'sdk bundled' as Variant,
      samples: new Samples(built),
    })),
  ];
  for (let sample = 0; sample < samples; sample += 1) {
    baseline.push((await timeFreshNode(undefined, environmentOf(''))).ms);
    for (const { entry, samples: timings } of sampled) {
      timings.add(await timeFreshNode(timings.bundle.file, environmentOf(entry)));
    }
    log(`  import sample ${sample + 1} of ${samples}`);
  }

  const baselineMs = median(baseline);
  const summaryOf = (entry: string, variant: Variant) =>
    sampled.find((one) => one.entry === entry && one.variant === variant)?.samples.summary(baselineMs);
  const handlers: HandlerResult[] = [];
  for (const [entry, built] of asDeployed) {
    const deployedTiming = summaryOf(entry, 'as deployed') as BundleTiming;
    const withSdk = summaryOf(entry, 'sdk bundled');
    handlers.push({
      entry,
      ...deployedTiming,
      largestParts: built.largestParts,
      sdkPackages: built.sdkPackages,
      ...(withSdk ? { withSdkBundled: withSdk } : {}),
    });
  }
  return {
    samples,
    baselineMs,
    handlers,
    notDeployed: fromSource.filter((entry) => !deployed.includes(entry)),
    notInSourceTree: deployed.filter((entry) => !fromSource.includes(entry)),
  };
}
