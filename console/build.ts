import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const consoleDir = dirname(fileURLToPath(import.meta.url));

/**
 * Builds the console as a static site: app.js, the chunks it loads on demand (chunks/*.js), index.html,
 * styles.css and messages/*.json in outDir.
 */
export async function buildConsole(outDir: string): Promise<void> {
  const messagesOut = join(outDir, 'messages');
  await mkdir(messagesOut, { recursive: true });
  await build({
    entryPoints: { app: join(consoleDir, 'src', 'main.ts') },
    outdir: outDir,
    // A module imported on demand (Chart.js, for the statistics page) is a chunk that only its page loads.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const messageFiles = (await readdir(join(consoleDir, 'messages'))).filter((name) => name.endsWith('.json'));
  await Promise.all([
    copyFile(join(consoleDir, 'index.html'), join(outDir, 'index.html')),
    copyFile(join(consoleDir, 'styles.css'), join(outDir, 'styles.css')),
    ...messageFiles.map((name) => copyFile(join(consoleDir, 'messages', name), join(messagesOut, name))),
  ]);
}

const runDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (runDirectly) {
  const outDir = process.argv[2];
  if (outDir === undefined) {
    console.error('usage: node --import tsx console/build.ts <out-dir>');
    process.exit(2);
  }
  await buildConsole(resolve(outDir));
  console.log(`console built into ${resolve(outDir)}`);
}
