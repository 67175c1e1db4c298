import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { functionBundling } from '#infra/teamFunction.ts';
import { defaultProvider } from '#shared/aws/lambdaCredentials.ts';

const repositoryRoot = new URL('../../../../', import.meta.url).pathname;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the credentials a bundled function signs with', () => {
  it("are the role's, from the environment Lambda sets", async () => {
    // Arrange
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');

    // Act
    const credentials = await defaultProvider()();

    // Assert
    expect(credentials).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it('are refused, not made up, when the environment has none', async () => {
    // Arrange
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');

    // Act and assert
    await expect(defaultProvider()()).rejects.toThrow('No credentials');
  });
});

describe('a client module bundled as deployed (functionBundling)', () => {
  let directory: string;
  let inputs: string[];
  let bundled: { dynamo: () => { config: { credentials: () => Promise<unknown> } } };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'lambda-credentials-'));
    const outfile = join(directory, 'dynamo.mjs');
    const { metafile } = await build({
      entryPoints: [join(repositoryRoot, 'shared/aws/dynamo.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: functionBundling.format,
      target: functionBundling.target,
      mainFields: [...functionBundling.mainFields],
      banner: { js: functionBundling.banner },
      alias: functionBundling.alias,
      absWorkingDir: repositoryRoot,
      metafile: true,
      logLevel: 'silent',
    });
    inputs = Object.keys(metafile.inputs);
    bundled = await import(`file://${outfile}`);
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("carries none of the SDK's default chain but the environment's credentials", () => {
    // Assert
    expect(
      inputs.filter((input) => /credential-provider-(node|ini|sso|web-identity|process)/.test(input)),
    ).toEqual([]);
    expect(inputs).toContain('shared/aws/lambdaCredentials.ts');
  });

  it('signs with the credentials of the environment', async () => {
    // Arrange
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDBUNDLED');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'bundled-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', '');

    // Act
    const credentials = await bundled.dynamo().config.credentials();

    // Assert
    expect(credentials).toMatchObject({ accessKeyId: 'AKIDBUNDLED', secretAccessKey: 'bundled-secret' });
  });
});
