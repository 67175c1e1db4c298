import { type ChildProcess, spawn } from 'node:child_process';
import type { FromRuntime, RuntimeUsage, ToRuntime } from './meteredRuntimeProtocol.ts';

const repositoryRoot = new URL('..', import.meta.url).pathname;
const hostModule = new URL('meteredRuntimeHost.ts', import.meta.url).pathname;

/**
 * glibc's malloc arenas for the runtime process, as `npm start` sets them (package.json): by default
 * glibc gives each thread that allocates an arena of its own, up to 8 per core, and keeps what was
 * freed in each; measured at 20 commissioners, the arenas held 168 MiB at the end by default and
 * 74 MiB with 2, for the same CPU time. Set MALLOC_ARENA_MAX to measure another bound.
 */
export const runtimeMallocArenaMax = '2';

/** The embedded runtime running in a child process, with its meters (see `meteredRuntimeHost.ts`). */
export interface MeteredRuntime {
  readonly url: string;
  readonly startupMs: number;
  /** Why the runtime process failed or exited early, if it did. */
  failure(): string | undefined;
  collect(): Promise<RuntimeUsage>;
  stop(): Promise<void>;
}

function nextMessage<Type extends FromRuntime['type']>(
  child: ChildProcess,
  type: Type,
): Promise<Extract<FromRuntime, { type: Type }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromRuntime) => {
      if (message.type === type) {
        cleanUp();
        resolve(message as Extract<FromRuntime, { type: Type }>);
      } else if (message.type === 'failed') {
        cleanUp();
        reject(new Error(`The runtime process failed: ${message.error}`));
      }
    };
    const onExit = (code: number | null) => {
      cleanUp();
      reject(new Error(`The runtime process exited with ${code} while the bench waited for '${type}'`));
    };
    const cleanUp = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Starts the metered runtime over `dataDir`, with the engine persisting its executions or not. */
export async function startMeteredRuntime(options: {
  dataDir: string;
  enginePersistence: boolean;
  /** Where to write a CPU profile of the runtime process from ready to stop. */
  profileFile?: string;
}): Promise<MeteredRuntime> {
  const child = spawn(process.execPath, ['--import', 'tsx', hostModule], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      BENCH_DATA_DIR: options.dataDir,
      BENCH_ENGINE_PERSISTENCE: options.enginePersistence ? 'on' : 'off',
      NODE_NO_WARNINGS: '1',
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? runtimeMallocArenaMax,
      ...(options.profileFile ? { BENCH_PROFILE: options.profileFile } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // A child that died has closed the channel: its exit is reported by `nextMessage`, not by a throw here.
  child.on('error', () => undefined);
  let failure: string | undefined;
  let stopping = false;
  child.on('message', (message: FromRuntime) => {
    if (message.type === 'failed') failure ??= message.error;
  });
  child.once('exit', (code, signal) => {
    if (!stopping) failure ??= `it exited (${signal ?? code}) while the bench was using it`;
  });
  const send = (message: ToRuntime) => {
    if (child.connected) child.send(message);
  };
  const ready = await nextMessage(child, 'ready');
  return {
    url: ready.url,
    startupMs: ready.startupMs,
    failure: () => failure,
    collect: async () => {
      const answer = nextMessage(child, 'usage');
      send({ type: 'collect' });
      return (await answer).usage;
    },
    stop: async () => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const closed = nextMessage(child, 'closed').catch(() => undefined);
      send({ type: 'close' });
      await closed;
      // Whatever still holds the process open after closing is not the bench's to wait for.
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
