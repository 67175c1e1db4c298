import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { functionBundling } from '#infra/teamFunction.ts';
import { localRegion } from '#local/cloudFormation.ts';
import type { CatalogueFunction, FunctionCatalogue } from './functionCatalogue.ts';
import { median } from './stats.ts';

const repositoryRoot = new URL('..', import.meta.url).pathname;
/** Inside the repository, so that an SDK-external bundle's `@aws-sdk/*` imports resolve from its node_modules. */
const bundleDirectory = new URL('.bundles/', import.meta.url).pathname;

/**
 * Lambda gives a function CPU in proportion to its memory, one vCPU at 1,769 MB
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
 */
export const lambdaMbPerVcpu = 1769;
/** The memory the INIT estimate is for. */
export const initEstimateMemoryMb = 512;

/**
 * What the import would take as a 512 MB function's INIT: its CPU time here, stretched by the
 * share of a vCPU that memory buys (importing is one thread's work). An upper estimate if Lambda
 * runs INIT unthrottled; it leaves out the runtime's own start and assumes a vCPU as fast as this
 * machine's core.
 */
export const initEstimateMs = (importCpuMs: number) => importCpuMs * (lambdaMbPerVcpu / initEstimateMemoryMb);

/** One bundle of a handler: its size, and how long a fresh process takes to import it. */
export interface BundleTiming {
  readonly bytes: number;
  /** Median wall time of a fresh `node` that imports the bundle. */
  readonly processMs: number;
  /** The same less the baseline: what importing the bundle costs. */
  readonly importMs: number;
  /** Median time of the `import()` itself, measured inside the process. */
  readonly inProcessMs: number;
  /** Median CPU time (user and system) of the `import()`, measured inside the process. */
  readonly importCpuMs: number;
  /** `initEstimateMs(importCpuMs)`: the INIT of a 512 MB function. */
  readonly initEstimateMs: number;
  /** What the import threw, if it did (with the function's environment set). */
  readonly importError?: string;
}

export interface HandlerResult extends BundleTiming {
  readonly entry: string;
  readonly logicalId: string;
  /** The routes it serves and the services its role reaches, from the template. */
  readonly routes: readonly string[];
  readonly services: readonly string[];
  /** The biggest contributors to the bundle, by package (or repository folder), largest first. */
  readonly largestParts: { readonly name: string; readonly bytes: number }[];
  /** The `@aws-sdk/*` packages it loads, inside the bundle or not. */
  readonly sdkPackages: string[];
  /**
   * The other choice, for the smallest and the largest handler of each set of SDK packages (enough
   * to show the effect without doubling the run): the same handler with `@aws-sdk/*` external,
   * loaded from node_modules as from the Lambda runtime's copy.
   */
  readonly sdkExternal?: BundleTiming;
}

export interface HandlerBenchResult {
  readonly samples: number;
  /** Median wall time of a fresh `node` that imports nothing. */
  readonly baselineMs: number;
  readonly handlers: HandlerResult[];
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

type Variant = 'as deployed' | 'sdk external';

/**
 * As deployed: `functionBundling`, the esbuild options `infra/teamFunction.ts` gives NodejsFunction.
 * The other choice differs only in leaving `@aws-sdk/*` external.
 */
async function bundle(entry: string, variant: Variant): Promise<Bundle> {
  const suffix = variant === 'as deployed' ? '' : '.sdk-external';
  const outfile = join(bundleDirectory, `${basename(entry, '.ts')}${suffix}.mjs`);
  const { metafile } = await build({
    entryPoints: [join(repositoryRoot, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: functionBundling.format,
    target: functionBundling.target,
    minify: functionBundling.minify,
    sourcemap: functionBundling.sourceMap,
    external: variant === 'as deployed' ? [...functionBundling.externalModules] : ['@aws-sdk/*'],
    mainFields: [...functionBundling.mainFields],
    banner: { js: functionBundling.banner },
    alias: functionBundling.alias,
    absWorkingDir: repositoryRoot,
    logLevel: 'warning',
    metafile: true,
  });
  const parts = new Map<string, number>();
  const sdkPackages = new Set<string>();
  let bytes = 0;
  for (const output of Object.values(metafile.outputs)) {
    bytes += output.bytes;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const part = partOf(input);
      parts.set(part, (parts.get(part) ?? 0) + bytesInOutput);
      if (/^@aws-sdk\/(client-|lib-)/.test(part) && bytesInOutput > 0) sdkPackages.add(part);
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
  /** What the script printed: the wall and CPU time of its `import()`. */
  inProcessMs: number;
  cpuMs: number;
  error?: string;
}

/** Times a fresh `node` importing `file` (nothing, for the baseline), from outside and from inside. */
function timeFreshNode(
  file: string | undefined,
  environment: Record<string, string>,
): Promise<FreshNodeTiming> {
  const script = file
    ? `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); ` +
      `const u = process.cpuUsage(c); process.stdout.write(\`\${performance.now() - t} \${(u.user + u.system) / 1000}\`);`
    : 'process.stdout.write("0 0");';
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
      const [inProcessMs = 0, cpuMs = 0] = stdout.split(' ').map((value) => Number(value) || 0);
      const error = stderr.trim().split('\n').slice(0, 6).join(' ') || `exit ${code}`;
      resolve(code === 0 ? { ms, inProcessMs, cpuMs } : { ms, inProcessMs, cpuMs, error });
    });
  });
}

/** The samples of one bundle, summarised against the baseline. */
class Samples {
  private readonly process: number[] = [];
  private readonly inProcess: number[] = [];
  private readonly cpu: number[] = [];
  private error: string | undefined;

  constructor(readonly bundle: Bundle) {}

  add({ ms, inProcessMs, cpuMs, error }: FreshNodeTiming): void {
    this.process.push(ms);
    this.inProcess.push(inProcessMs);
    this.cpu.push(cpuMs);
    this.error ??= error;
  }

  summary(baselineMs: number): BundleTiming {
    const processMs = median(this.process);
    const importCpuMs = median(this.cpu);
    return {
      bytes: this.bundle.bytes,
      processMs,
      importMs: Math.max(0, processMs - baselineMs),
      inProcessMs: median(this.inProcess),
      importCpuMs,
      initEstimateMs: initEstimateMs(importCpuMs),
      ...(this.error ? { importError: this.error } : {}),
    };
  }
}

/**
 * Bundles every function of the synthesized stack as CDK bundles it (and a few with the SDK
 * external, for comparison) and times a fresh Node process importing each bundle, interleaving
 * the functions and the empty baseline sample by sample so that drift in the machine's load
 * affects them alike.
 */
export async function benchHandlers(options: {
  catalogue: FunctionCatalogue;
  samples: number;
  log: (line: string) => void;
}): Promise<HandlerBenchResult> {
  const { catalogue, samples, log } = options;
  const functions = new Map<string, CatalogueFunction>();
  for (const fn of catalogue.functions) functions.set(fn.entry, fn);

  await rm(bundleDirectory, { recursive: true, force: true });
  await mkdir(bundleDirectory, { recursive: true });
  const asDeployed = new Map<string, Bundle>();
  for (const entry of functions.keys()) asDeployed.set(entry, await bundle(entry, 'as deployed'));
  // The smallest and the largest handler of each set of SDK packages loaded.
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
  const sdkExternal = new Map<string, Bundle>();
  for (const entry of representatives) sdkExternal.set(entry, await bundle(entry, 'sdk external'));
  log(
    `  bundled ${asDeployed.size} functions (and ${sdkExternal.size} with the SDK external) into ${bundleDirectory}`,
  );

  // What Lambda sets, plus the function's own variables from the template.
  const environmentOf = (entry: string) => ({
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    CONSOLE_URL: 'https://console.example.gov.cn',
    ...(functions.get(entry)?.environment ?? {}),
  });
  const baseline: number[] = [];
  const sampled = [
    ...[...asDeployed].map(([entry, built]) => ({
      entry,
      variant: 'as deployed' as Variant,
      samples: new Samples(built),
    })),
    ...[...sdkExternal].map(([entry, built]) => ({
      entry,
      variant: 'sdk external' as Variant,
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
    const fn = functions.get(entry) as CatalogueFunction;
    const external = summaryOf(entry, 'sdk external');
    handlers.push({
      entry,
      logicalId: fn.logicalId,
      routes: fn.routes,
      services: fn.services,
      ...(summaryOf(entry, 'as deployed') as BundleTiming),
      largestParts: built.largestParts,
      sdkPackages: built.sdkPackages,
      ...(external ? { sdkExternal: external } : {}),
    });
  }
  return { samples, baselineMs, handlers };
}
