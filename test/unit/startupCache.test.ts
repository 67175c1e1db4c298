import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CfnTemplate } from '#local/cloudFormation.ts';
import type { StateMachineDefinition } from '#local/engine/asl.ts';
import { definitionHash, validateDefinition } from '#local/engine/definition.ts';
import {
  consoleSiteForStart,
  contentKey,
  templateForStart,
  templateInputs,
  withValidatedDefinitions,
} from '#local/startupCache.ts';

describe('start-up cache', () => {
  let cacheDirectory = '';
  const savedReminderDays = process.env.REMINDER_DAYS_BEFORE;

  beforeEach(async () => {
    cacheDirectory = await mkdtemp(join(tmpdir(), 'startup-cache-'));
  });

  afterEach(async () => {
    if (savedReminderDays === undefined) delete process.env.REMINDER_DAYS_BEFORE;
    else process.env.REMINDER_DAYS_BEFORE = savedReminderDays;
    await rm(cacheDirectory, { recursive: true, force: true });
  });

  function countingSynthesis(): { synthesize: () => Promise<CfnTemplate>; count: () => number } {
    let count = 0;
    return {
      synthesize: async () => {
        count += 1;
        return { Resources: { Synthesized: { Type: 'Test::Marker', Properties: { count } } } };
      },
      count: () => count,
    };
  }

  it('reuses the template while its inputs are unchanged', async () => {
    // Arrange
    const synthesis = countingSynthesis();
    const first = await templateForStart({ cacheDirectory, synthesize: synthesis.synthesize });

    // Act
    const second = await templateForStart({ cacheDirectory, synthesize: synthesis.synthesize });

    // Assert
    expect(first.reused).toBe(false);
    expect(second.reused).toBe(true);
    expect(second.template).toEqual(first.template);
    expect(synthesis.count()).toBe(1);
  });

  it('synthesizes again when a setting the template depends on changes', async () => {
    // Arrange
    const synthesis = countingSynthesis();
    delete process.env.REMINDER_DAYS_BEFORE;
    await templateForStart({ cacheDirectory, synthesize: synthesis.synthesize });
    process.env.REMINDER_DAYS_BEFORE = '5,0';

    // Act
    const changed = await templateForStart({ cacheDirectory, synthesize: synthesis.synthesize });

    // Assert
    expect(changed.reused).toBe(false);
    expect(synthesis.count()).toBe(2);
  });

  it('keys the template on the files the CDK app imports, and not on handler modules', async () => {
    // Act
    const inputs = await templateInputs();

    // Assert
    expect(inputs).toEqual(
      expect.arrayContaining([
        'infra/stack.ts',
        'workflows/reportReview.ts',
        'shared/report/reminders.ts',
        'local/synthesize.ts',
        'package-lock.json',
        'cdk.json',
      ]),
    );
    expect(inputs.filter((file) => file.startsWith('functions/'))).toEqual([]);
  });

  it('changes the key when a file changes', async () => {
    // Arrange
    await writeFile(join(cacheDirectory, 'stack.ts'), 'export const tables = 1;');
    const before = await contentKey(cacheDirectory, ['stack.ts']);
    await writeFile(join(cacheDirectory, 'stack.ts'), 'export const tables = 2;');

    // Act
    const after = await contentKey(cacheDirectory, ['stack.ts']);

    // Assert
    expect(after).not.toBe(before);
    expect(await contentKey(cacheDirectory, ['stack.ts'])).toBe(after);
  });

  it('builds the console once, then serves the same site', async () => {
    // Arrange
    let builds = 0;
    const buildInto = async (outDir: string) => {
      builds += 1;
      await mkdir(outDir, { recursive: true });
      await writeFile(join(outDir, 'index.html'), '<!doctype html>');
    };
    const first = await consoleSiteForStart({ cacheDirectory, build: buildInto });

    // Act
    const second = await consoleSiteForStart({ cacheDirectory, build: buildInto });

    // Assert
    expect(first.reused).toBe(false);
    expect(second).toEqual({ directory: first.directory, reused: true });
    expect(builds).toBe(1);
  });
});

describe('validated definitions', () => {
  it('are kept for the next start, keyed on the engine code and the lock file', async () => {
    // Arrange
    const cacheDirectory = await mkdtemp(join(tmpdir(), 'startup-cache-'));
    const definition: StateMachineDefinition = {
      StartAt: 'Only',
      States: { Only: { Type: 'Pass', Result: 'cached', End: true } },
    };

    // Act
    await withValidatedDefinitions(() => validateDefinition(definition), { cacheDirectory });

    // Assert
    const [file] = (await readdir(cacheDirectory)).filter((name) => name.startsWith('valid-definitions-'));
    const kept = JSON.parse(await readFile(join(cacheDirectory, file ?? ''), 'utf8')) as string[];
    expect(kept).toContain(definitionHash(definition));
    await rm(cacheDirectory, { recursive: true, force: true });
  });
});
