import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** One thread's (V8 isolate's) memory, as `process.memoryUsage()` reports it on that thread. */
export interface ThreadHeap {
  readonly heapUsedBytes: number;
  readonly heapTotalBytes: number;
  /** C++ objects bound to JavaScript ones (buffers included). */
  readonly externalBytes: number;
  readonly arrayBuffersBytes: number;
}

/** A thread's memory as it was, and after a full collection: what was live, and what was garbage not yet collected. */
export interface ThreadMemory {
  readonly asFound: ThreadHeap;
  readonly afterFullGc: ThreadHeap;
}

function threadHeap(): ThreadHeap {
  const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return {
    heapUsedBytes: heapUsed,
    heapTotalBytes: heapTotal,
    externalBytes: external,
    arrayBuffersBytes: arrayBuffers,
  };
}

let fullGc: (() => void) | undefined;

/**
 * Measures the calling thread's heap, collects it fully, and measures again. `gc` is exposed on
 * first use (a context made after the flag is set gets it), so nothing has to start with
 * `--expose-gc`; before the first measurement, so that context is not counted as freed or grown.
 */
export function measureThreadMemory(): ThreadMemory {
  if (!fullGc) {
    setFlagsFromString('--expose-gc');
    fullGc = runInNewContext('gc') as () => void;
  }
  const asFound = threadHeap();
  fullGc();
  return { asFound, afterFullGc: threadHeap() };
}

/** The process's resident memory by kind (Linux's `/proc/self/status`): what is mapped from files and what is not. */
export interface ResidentMemory {
  /** Anonymous pages: heaps, the allocator's arenas, stacks. */
  readonly anonymousBytes: number;
  /** Pages of mapped files (the node binary, LevelDB's table files): page cache the kernel can take back. */
  readonly fileBytes: number;
}

/** `undefined` where there is no `/proc` (not Linux): the split is then not known. */
export function residentMemory(): ResidentMemory | undefined {
  let status: string;
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return undefined;
  }
  const kib = (field: string) => {
    const found = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
    if (found === undefined) throw new Error(`/proc/self/status has no ${field}`);
    return Number(found) * 1024;
  };
  return { anonymousBytes: kib('RssAnon'), fileBytes: kib('RssFile') };
}
