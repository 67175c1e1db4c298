import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';
import { repairDynalite } from '#local/dynaliteRepairs.ts';
import { countItemSizesAsDynamoDb } from '#local/dynamoItemSize.ts';
import { measureThreadMemory } from '#local/threadMemory.ts';

/**
 * dynalite on its own thread (see `startLocalDynamo`): its LevelDB work and request parsing run on
 * this thread's event loop, not behind the handlers and the engine. It ends with the process,
 * so a killed runtime leaves no server holding the data directory's lock.
 */
const { path } = workerData as { path?: string };
const port = parentPort;
if (!port) throw new Error('dynamoWorker.ts runs as a worker thread');

countItemSizesAsDynamoDb();
const repairs = repairDynalite();
const server = dynalite({
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
  ...(path ? { path } : {}),
});
await repairs.ready();
server.listen(0, '127.0.0.1', () => {
  port.postMessage({ type: 'listening', port: (server.address() as AddressInfo).port });
});
port.on('message', (message: { type: string }) => {
  if (message.type === 'close') server.close(() => port.postMessage({ type: 'closed' }));
  // Node 20's Worker has no getHeapStatistics(): the thread measures its own heap when asked.
  if (message.type === 'memory') port.postMessage({ type: 'memory', memory: measureThreadMemory() });
});
