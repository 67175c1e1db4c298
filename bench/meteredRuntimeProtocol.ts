import type { ResidentMemory, ThreadMemory } from '#local/threadMemory.ts';
import type { DynamoUsage } from './meters/dynamoMeter.ts';
import type { FunctionUsage } from './meters/lambdaMeter.ts';
import type { ScheduleUsage } from './meters/scheduleMeter.ts';

/** One state machine's executions: how many, how they ended, and the state transitions AWS bills. */
export interface WorkflowUsage {
  readonly stateMachine: string;
  executions: number;
  running: number;
  failed: number;
  /** `*StateEntered` history events: each entered state is one billed transition. */
  stateTransitions: number;
  /** Task attempts that failed (and were retried or caught): each is a transition too. */
  taskFailures: number;
  /** The history events as JSON: what Step Functions logging at level ALL would send to CloudWatch Logs. */
  historyBytes: number;
}

/**
 * Where the runtime's memory is at the end of a run: each thread's V8 heap as found and after a full
 * collection, and RSS after both collections. What RSS holds beyond the heaps and their external
 * memory is native: code, thread stacks, LevelDB's caches, the allocator's free lists.
 */
export interface RuntimeMemory {
  readonly mainThread: ThreadMemory;
  readonly dynamoThread: ThreadMemory;
  readonly rssAfterFullGcBytes: number;
  /** That RSS split into anonymous and file-backed pages; absent where the system does not say (no `/proc`). */
  readonly residentAfterFullGc?: ResidentMemory;
}

/** Everything the metered runtime counted, sent to the bench on request. */
export interface RuntimeUsage {
  readonly workflows: WorkflowUsage[];
  readonly functions: FunctionUsage[];
  readonly dynamo: DynamoUsage[];
  /** DynamoDB requests the meter could not account for (0 unless the meter has a bug). */
  readonly dynamoMeterErrors: { readonly count: number; readonly first?: string };
  readonly schedules: ScheduleUsage;
  /** SendEmail calls the outbox received. */
  readonly emails: number;
  /** Their recipients (to, cc and bcc): SES bills each recipient as one email. */
  readonly emailRecipients: number;
  readonly clockNow: string;
  /** CPU time (user + system) the runtime process spent since it was ready: less disturbed by other load than wall time. */
  readonly cpuMs: number;
  readonly rssBytes: number;
  /** The runtime's memory (RSS) once it was ready, before the first request: what the run added is the difference. */
  readonly rssAtReadyBytes: number;
  /** Measured right after `rssBytes`. */
  readonly memory: RuntimeMemory;
}

/** What the bench and the runtime process say to each other over Node's IPC channel. */
export type ToRuntime = { readonly type: 'collect' } | { readonly type: 'close' };
export type FromRuntime =
  | { readonly type: 'ready'; readonly url: string; readonly startupMs: number }
  | { readonly type: 'usage'; readonly usage: RuntimeUsage }
  | { readonly type: 'closed' }
  | { readonly type: 'failed'; readonly error: string };
