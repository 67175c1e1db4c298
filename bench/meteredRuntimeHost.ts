/*
 * The embedded runtime in its own process, as `npm start` runs it, with meters attached from
 * outside the repository's code: every function invocation timed, every DynamoDB request's
 * units counted (a middleware on the handlers' client), every scheduled occurrence counted;
 * executions and emails read from the engine and the outbox. Started by `meteredRuntime.ts`; talks over Node's IPC.
 *
 * BENCH_DATA_DIR: where the runtime keeps its data; BENCH_ENGINE_PERSISTENCE: 'on' or 'off';
 * BENCH_PROFILE (optional): a file to write a CPU profile of the measured part to (open it in
 * Chrome DevTools), to see where the runtime spends its time; BENCH_HEAP_SNAPSHOT_DIR (optional): a
 * folder to write heap snapshots of the main thread to, when ready and at the end (after its full
 * collection), to compare live objects by constructor.
 */
import '#local/xrayManualMode.ts';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import type { LocalStepFunctions } from '#local/engine/engine.ts';
import { startEmbeddedRuntime } from '#local/runtime.ts';
import { measureThreadMemory, residentMemory } from '#local/threadMemory.ts';
import { dynamo as handlersDynamoClient } from '#shared/aws/dynamo.ts';
import { stepFunctions as handlersSfnClient } from '#shared/aws/stepFunctions.ts';
import { now } from '#shared/clock.ts';
import type { FromRuntime, RuntimeUsage, ToRuntime, WorkflowUsage } from './meteredRuntimeProtocol.ts';
import { meterDynamoRequests } from './meters/dynamoMeter.ts';
import { meterLambdaInvocations } from './meters/lambdaMeter.ts';
import { meterScheduleFirings } from './meters/scheduleMeter.ts';

const tell = (message: FromRuntime) => process.send?.(message);

/** Writes a heap snapshot named for the moment and the run, if BENCH_HEAP_SNAPSHOT_DIR asks for them. */
function snapshotHeap(moment: 'ready' | 'end'): void {
  const directory = process.env.BENCH_HEAP_SNAPSHOT_DIR;
  if (!directory) return;
  const persistence = process.env.BENCH_ENGINE_PERSISTENCE === 'off' ? 'off' : 'on';
  writeHeapSnapshot(join(directory, `${moment}-persistence-${persistence}.heapsnapshot`));
}

async function workflowUsage(engine: LocalStepFunctions): Promise<WorkflowUsage[]> {
  const byMachine = new Map<string, WorkflowUsage>();
  for (const execution of engine.listExecutions({}).executions) {
    const stateMachine = execution.stateMachineArn.split(':').at(-1) ?? execution.stateMachineArn;
    let usage = byMachine.get(stateMachine);
    if (!usage) {
      usage = {
        stateMachine,
        executions: 0,
        running: 0,
        failed: 0,
        stateTransitions: 0,
        taskFailures: 0,
        historyBytes: 0,
      };
      byMachine.set(stateMachine, usage);
    }
    usage.executions += 1;
    if (execution.status === 'RUNNING') usage.running += 1;
    if (execution.status !== 'RUNNING' && execution.status !== 'SUCCEEDED') usage.failed += 1;
    const { events } = await engine.getExecutionHistory({ executionArn: execution.executionArn });
    usage.stateTransitions += events.filter((event) => event.type.endsWith('StateEntered')).length;
    usage.taskFailures += events.filter((event) => event.type === 'TaskFailed').length;
    usage.historyBytes += events.reduce(
      (total, event) => total + Buffer.byteLength(JSON.stringify(event)),
      0,
    );
  }
  return [...byMachine.values()];
}

/** Profiles from now until the returned function is called, which writes the profile to `file`. */
async function startProfiling(file: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
  };
}

async function main(): Promise<void> {
  const dataDir = process.env.BENCH_DATA_DIR;
  if (!dataDir) throw new Error('BENCH_DATA_DIR is required');
  // The handlers import the same module instances (same files, same loader), so these are their clients.
  const functions = meterLambdaInvocations(handlersSfnClient());
  const dynamo = meterDynamoRequests(handlersDynamoClient());
  const schedules = meterScheduleFirings();
  const started = performance.now();
  const runtime = await startEmbeddedRuntime({
    port: 0,
    dataDir,
    enginePersistence: process.env.BENCH_ENGINE_PERSISTENCE !== 'off',
  });

  snapshotHeap('ready');
  const stopProfiling = process.env.BENCH_PROFILE
    ? await startProfiling(process.env.BENCH_PROFILE)
    : undefined;
  const cpuAtReady = process.cpuUsage();
  const rssAtReadyBytes = process.memoryUsage().rss;

  // CPU and memory are read first: reading the ended executions' histories back is the meter's own work.
  const usage = async (): Promise<RuntimeUsage> => {
    const cpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpuAtReady));
    const rssBytes = process.memoryUsage().rss;
    const mainThread = measureThreadMemory();
    const dynamoThread = await runtime.dynamoThreadMemory();
    const resident = residentMemory();
    const memory = {
      mainThread,
      dynamoThread,
      rssAfterFullGcBytes: process.memoryUsage().rss,
      ...(resident ? { residentAfterFullGc: resident } : {}),
    };
    snapshotHeap('end');
    return {
      cpuMs,
      rssBytes,
      rssAtReadyBytes,
      memory,
      workflows: await workflowUsage(runtime.engine),
      functions: functions.usage(),
      dynamo: dynamo.usage(),
      dynamoMeterErrors: dynamo.errors(),
      schedules: schedules.usage(),
      emails: runtime.outbox.list().length,
      emailRecipients: runtime.outbox.list().reduce((total, email) => total + email.to.length, 0),
      clockNow: now().toISOString(),
    };
  };

  process.on('message', (message: ToRuntime) => {
    if (message.type === 'collect') {
      usage().then(
        (measured) => tell({ type: 'usage', usage: measured }),
        (error: unknown) => tell({ type: 'failed', error: String(error) }),
      );
    } else if (message.type === 'close') {
      Promise.resolve(stopProfiling?.())
        .then(() => runtime.close())
        .then(
          () => tell({ type: 'closed' }),
          (error: unknown) => tell({ type: 'failed', error: String(error) }),
        )
        .finally(() => process.disconnect());
    }
  });
  tell({ type: 'ready', url: runtime.url, startupMs: performance.now() - started });
}

const fail = (error: unknown) => {
  tell({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
  if (process.connected) process.disconnect();
};
// Node would end the process on an unhandled rejection anyway; tell the bench why first.
process.on('unhandledRejection', fail);
main().catch(fail);
