/*
 * dynalite in memory, in a process of its own (so the seeding client gets the other core),
 * started by the reminder-sweep bench; it tells its endpoint over Node's IPC and ends when the
 * bench disconnects (nothing is on disk, so there is nothing to close cleanly).
 */
import { startLocalDynamo } from '#local/localDynamo.ts';

const { endpoint } = await startLocalDynamo(undefined);
process.send?.({ endpoint });
process.on('disconnect', () => process.exit(0));
