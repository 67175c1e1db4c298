import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import type { CfnTemplate } from '#local/cloudFormation.ts';
import { trustValidatedDefinitions, validatedDefinitionHashes } from '#local/engine/definition.ts';
import { assertReminderPolicyWorks } from '#shared/report/executionLifetime.ts';
import { reminderPolicyFrom } from '#shared/report/reminders.ts';
import { buildConsole } from '../console/build.ts';

/**
 * What start-up builds from the sources (the synthesized template, the console's site), kept
 * under a key that hashes everything that decides it: a start with unchanged sources reuses it.
 */

const repositoryRoot = resolve(new URL('..', import.meta.url).pathname);

/** `node_modules/.cache` is where build tools keep their caches; SYNTH_CACHE_DIR moves it. */
export function defaultCacheDirectory(): string {
  return resolve(
    process.env.SYNTH_CACHE_DIR ?? join(repositoryRoot, 'node_modules', '.cache', 'commissioner'),
  );
}

/** A hash of the named files' paths and contents, and of `extra`. */
export async function contentKey(
  root: string,
  files: readonly string[],
  extra: Record<string, string | undefined> = {},
): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...new Set(files.map((path) => relative(root, resolve(root, path))))].sort()) {
    hash.update(`${file}\0`);
    hash.update(await readFile(join(root, file)));
    hash.update('\0');
  }
  hash.update(JSON.stringify(Object.entries(extra).sort(([left], [right]) => left.localeCompare(right))));
  return hash.digest('hex').slice(0, 32);
}

async function filesUnder(root: string, directory: string): Promise<string[]> {
  const entries = await readdir(join(root, directory), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/**
 * The repository's files the CDK app imports (through `local/synthesize.ts`), as esbuild resolves
 * them; the installed packages count through `package-lock.json`.
 */
export async function templateInputs(root = repositoryRoot): Promise<string[]> {
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: ['local/synthesize.ts'],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    outdir: 'unused',
    logLevel: 'silent',
  });
  return [...Object.keys(metafile.inputs), 'package-lock.json', 'cdk.json'];
}

/** The synthesized template depends on these besides the files: the reminder policy's settings. */
function templateSettings(
  root: string,
  functionFiles: readonly string[],
): Record<string, string | undefined> {
  return {
    REMINDER_DAYS_BEFORE: process.env.REMINDER_DAYS_BEFORE,
    OVERDUE_AFTER_DAYS: process.env.OVERDUE_AFTER_DAYS,
    // The template names each function's entry file: one added or removed is a change.
    functionEntries: JSON.stringify(functionFiles.map((file) => relative(root, resolve(root, file)))),
    node: process.version,
  };
}

async function readCached(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Written whole or not at all: runtimes starting at once (tests in parallel) share the cache. */
async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}

export interface CachedTemplate {
  template: CfnTemplate;
  /** Whether it came from the cache (no synthesis ran). */
  reused: boolean;
  key: string;
}

/**
 * The stack's template, synthesized only when a file the CDK app imports, the lock file,
 * `cdk.json` or a setting it reads has changed since it was last cached.
 */
export async function templateForStart(
  options: { cacheDirectory?: string; root?: string; synthesize?: () => Promise<CfnTemplate> } = {},
): Promise<CachedTemplate> {
  // Checked on every start, cached or not: a policy that cannot work is refused.
  assertReminderPolicyWorks(reminderPolicyFrom(process.env));
  const root = options.root ?? repositoryRoot;
  const cacheDirectory = options.cacheDirectory ?? defaultCacheDirectory();
  const functionFiles = await filesUnder(root, 'functions').catch(() => []);
  const key = await contentKey(root, await templateInputs(root), templateSettings(root, functionFiles));
  const path = join(cacheDirectory, `template-${key}.json`);
  const cached = await readCached(path);
  if (cached !== undefined) return { template: JSON.parse(cached) as CfnTemplate, reused: true, key };
  const synthesize =
    options.synthesize ?? (async () => (await import('#local/synthesize.ts')).synthesizeTemplate());
  const template = await synthesize();
  await mkdir(cacheDirectory, { recursive: true });
  await writeAtomically(path, JSON.stringify(template));
  return { template, reused: false, key };
}

/**
 * Runs `register` (which validates the state machines' definitions, 100 ms to a second each)
 * trusting the definitions that the same engine code and validator found valid before.
 */
export async function withValidatedDefinitions(
  register: () => void,
  options: { cacheDirectory?: string; root?: string } = {},
): Promise<void> {
  const root = options.root ?? repositoryRoot;
  const cacheDirectory = options.cacheDirectory ?? defaultCacheDirectory();
  const key = await contentKey(root, ['local/engine/definition.ts', 'package-lock.json']);
  const path = join(cacheDirectory, `valid-definitions-${key}.json`);
  const known = await readCached(path);
  if (known !== undefined) trustValidatedDefinitions(JSON.parse(known) as string[]);
  register();
  await mkdir(cacheDirectory, { recursive: true });
  await writeAtomically(path, JSON.stringify(validatedDefinitionHashes()));
}

/**
 * The console's site, built only when a file under `console/` or `shared/` (which it imports) or
 * the lock file has changed; the returned directory is read-only.
 */
export async function consoleSiteForStart(
  options: { cacheDirectory?: string; root?: string; build?: (outDir: string) => Promise<void> } = {},
): Promise<{ directory: string; reused: boolean }> {
  const root = options.root ?? repositoryRoot;
  const cacheDirectory = options.cacheDirectory ?? defaultCacheDirectory();
  const files = [
    ...(await filesUnder(root, 'console')),
    ...(await filesUnder(root, 'shared')),
    'package-lock.json',
  ];
  const key = await contentKey(root, files, { node: process.version });
  const directory = join(cacheDirectory, `console-${key}`);
  // Built beside and renamed into place: a directory under the key's name is a whole site.
  const built = await stat(directory).then(
    () => true,
    () => false,
  );
  if (built) return { directory, reused: true };
  const building = `${directory}.${randomUUID()}.tmp`;
  await (options.build ?? buildConsole)(building);
  await rename(building, directory).catch(async (error: NodeJS.ErrnoException) => {
    // Another start built the same site first: theirs is as good.
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    await rm(building, { recursive: true, force: true });
  });
  return { directory, reused: false };
}
