import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repositoryRoot = new URL('../..', import.meta.url).pathname;

export interface RuntimeProcess {
  readonly url: string;
  readonly dataDir: string;
  /** The local DynamoDB and Step Functions the runtime's handlers use, for seeding and inspection. */
  readonly endpoints: { readonly dynamodb: string; readonly stepFunctions: string };
  /** What it printed until it was up. */
  readonly startupOutput: string;
  /** The lines it has logged at level ERROR so far: what a failing test shows of the runtime's side. */
  loggedErrors(): string[];
  /** Ends the process the way `kill -9` would: nothing gets to clean up. */
  kill(): Promise<void>;
  /** Stops the process with SIGTERM and waits for it. */
  stop(): Promise<void>;
}

export async function freshDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'commissioner-test-'));
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Kills the runtime as `kill -9` would and starts it again over the same data, at the same
 * address: the identity provider's issuer is that address, so the tokens people hold stay valid.
 */
export async function killAndRestart(runtime: RuntimeProcess): Promise<RuntimeProcess> {
  await runtime.kill();
  return startRuntimeProcess(runtime.dataDir, { port: Number(new URL(runtime.url).port) });
}

/** Starts `npm start`'s entry point as a separate process over `dataDir`. */
export async function startRuntimeProcess(
  dataDir: string,
  options: {
    /** @default 0, a free port */
    readonly port?: number;
    /** Whether the runtime makes its demo people; the tests make the people they need. @default false */
    readonly demoPeople?: boolean;
  } = {},
): Promise<RuntimeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      DATA_DIR: dataDir,
      NODE_NO_WARNINGS: '1',
      DEMO_PEOPLE: options.demoPeople ? 'on' : 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/running at (http:\/\/\S+)/);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    // A signal (SIGKILL from the kernel's OOM killer, SIGSEGV from a native module) leaves no output of its own.
    child.once('exit', (code, signal) =>
      reject(
        new Error(
          `The runtime ${signal ? `was ended by ${signal}` : `exited with code ${code}`} before it was up:\n${output}`,
        ),
      ),
    );
  });
  const endpoints = output.match(/Local endpoints: DynamoDB (\S+) Step Functions (\S+)/);
  return {
    url,
    dataDir,
    endpoints: { dynamodb: endpoints?.[1] ?? '', stepFunctions: endpoints?.[2] ?? '' },
    startupOutput: output,
    loggedErrors: () => output.split('\n').filter((line) => line.includes('"level":"ERROR"')),
    kill: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
