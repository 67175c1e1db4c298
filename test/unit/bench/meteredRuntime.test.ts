import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runtimeMallocArenaMax } from '#bench/meteredRuntime.ts';

const packageJson = new URL('../../../package.json', import.meta.url);

describe('the metered runtime', () => {
  it('bounds malloc arenas as `npm start` does, so the bench measures the memory a user gets', async () => {
    // Arrange
    const manifest = JSON.parse(await readFile(packageJson, 'utf8')) as {
      scripts: { start: string };
    };

    // Assert
    expect(manifest.scripts.start).toMatch(new RegExp(`(^| )MALLOC_ARENA_MAX=${runtimeMallocArenaMax} `));
  });
});
