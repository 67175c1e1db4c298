import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDynamo, startLocalDynamo } from '#local/localDynamo.ts';
import { measureThreadMemory, residentMemory } from '#local/threadMemory.ts';

const MiB = 2 ** 20;

/** About `count` × 50 bytes of small objects on the heap. */
const objects = (count: number) => Array.from({ length: count }, (_, i) => ({ i, text: `item ${i}` }));

describe('a thread measures its own memory, as found and after a full collection', () => {
  it('counts what is still reachable as live and what is not as freed', () => {
    // Arrange: both arrays survive one full collection, so they sit in old space, which only a full collection empties.
    const held: { live?: unknown[]; dropped?: unknown[] } = {
      live: objects(200_000),
      dropped: objects(200_000),
    };
    measureThreadMemory();
    held.dropped = undefined;

    // Act
    const { asFound, afterFullGc } = measureThreadMemory();

    // Assert
    expect(held.live).toHaveLength(200_000);
    expect(asFound.heapUsedBytes - afterFullGc.heapUsedBytes).toBeGreaterThan(5 * MiB);
    expect(afterFullGc.heapUsedBytes).toBeGreaterThan(5 * MiB);
  });

  it('counts buffers as external memory', () => {
    // Arrange
    const buffer = new ArrayBuffer(16 * MiB);

    // Act
    const { afterFullGc } = measureThreadMemory();

    // Assert
    expect(buffer.byteLength).toBe(16 * MiB);
    expect(afterFullGc.arrayBuffersBytes).toBeGreaterThanOrEqual(16 * MiB);
    expect(afterFullGc.externalBytes).toBeGreaterThanOrEqual(afterFullGc.arrayBuffersBytes);
  });
});

describe("dynalite's thread answers for its own heap, not the caller's", () => {
  let dynamo: LocalDynamo;

  beforeAll(async () => {
    dynamo = await startLocalDynamo(undefined);
  });

  afterAll(async () => {
    await dynamo?.close();
  });

  it("reports a heap without the caller's live objects", async () => {
    // Arrange: far more live on this thread than dynalite's idle thread holds.
    const held = objects(1_000_000);
    const caller = measureThreadMemory();

    // Act
    const { asFound, afterFullGc } = await dynamo.memory();

    // Assert
    expect(held).toHaveLength(1_000_000);
    expect(caller.afterFullGc.heapUsedBytes).toBeGreaterThan(40 * MiB);
    expect(afterFullGc.heapUsedBytes).toBeGreaterThan(0);
    expect(afterFullGc.heapUsedBytes).toBeLessThan(caller.afterFullGc.heapUsedBytes / 2);
    expect(afterFullGc.heapUsedBytes).toBeLessThanOrEqual(asFound.heapUsedBytes);
  });
});

describe("the process's resident memory by kind", () => {
  it('counts the node binary it runs from as file-backed, and a buffer it fills as anonymous', () => {
    // Arrange: the node binary is mapped from a file; a filled buffer is anonymous memory.
    const before = residentMemory();
    const filled = Buffer.alloc(64 * MiB, 1);

    // Act
    const after = residentMemory();

    // Assert
    expect(filled.at(-1)).toBe(1);
    expect(before?.fileBytes).toBeGreaterThan(10 * MiB);
    expect((after?.anonymousBytes ?? 0) - (before?.anonymousBytes ?? 0)).toBeGreaterThan(48 * MiB);
    expect((after?.anonymousBytes ?? 0) + (after?.fileBytes ?? 0)).toBeLessThanOrEqual(
      process.memoryUsage().rss + 16 * MiB,
    );
  });
});
