import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';

const repositoryRoot = new URL('../../../../', import.meta.url).pathname;

/** The `@aws-sdk/*` packages a module imports, directly or through what it imports. */
async function sdkPackagesOf(module: string): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [`${repositoryRoot}${module}`],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    external: ['@aws-sdk/*'],
    metafile: true,
    logLevel: 'silent',
  });
  const imported = Object.values(metafile.outputs).flatMap((output) =>
    output.imports.filter((one) => one.external && one.path.startsWith('@aws-sdk/')).map((one) => one.path),
  );
  return [...new Set(imported)].sort();
}

describe('one module per AWS client', () => {
  it.each([
    ['shared/aws/dynamo.ts', ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']],
    ['shared/aws/stepFunctions.ts', ['@aws-sdk/client-sfn']],
    ['shared/aws/email.ts', ['@aws-sdk/client-sesv2']],
    ['shared/aws/cognito.ts', ['@aws-sdk/client-cognito-identity-provider']],
    ['shared/aws/scheduler.ts', ['@aws-sdk/client-scheduler']],
  ])('%s loads its own SDK package and no other', async (module, packages) => {
    // Act
    const loaded = await sdkPackagesOf(module);

    // Assert
    expect(loaded).toEqual(packages);
  });

  it('a query that counts items (DynamoDB only) loads neither Step Functions nor SES', async () => {
    // Act
    const loaded = await sdkPackagesOf('shared/aws/queryCount.ts');

    // Assert
    expect(loaded).toEqual(['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']);
  });
});

/** The Cognito commands a module's bundle (SDK bundled, as deployed) carries code of. */
async function cognitoCommandsIn(module: string): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [`${repositoryRoot}${module}`],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    mainFields: ['module', 'main'],
    metafile: true,
    logLevel: 'silent',
  });
  return Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(
        ([input, { bytesInOutput }]) =>
          bytesInOutput > 0 && input.includes('client-cognito-identity-provider'),
      )
      .flatMap(([input]) => /commands\/(\w+Command)\.js$/.exec(input)?.[1] ?? []),
  );
}

describe('the public function (GET /health, GET /openapi.json)', () => {
  it('loads no AWS SDK client: its routes have no caller to resolve and read no table', async () => {
    // Act
    const loaded = await sdkPackagesOf('functions/http/public.ts');

    // Assert
    expect(loaded).toEqual([]);
  });
});

describe('the second-factor check every signed-in HTTP function carries', () => {
  it('bundles the one Cognito command it sends, not the whole client package', async () => {
    // Act
    const commands = await cognitoCommandsIn('shared/membership/secondFactorCheck.ts');

    // Assert
    expect(commands).toEqual(['AdminGetUserCommand']);
  });
});

describe('a client built on first use', () => {
  it('is built once and the same client is handed out after', async () => {
    // Arrange
    const { dynamo } = await import('#shared/aws/dynamo.ts');
    const { stepFunctions } = await import('#shared/aws/stepFunctions.ts');
    const { email } = await import('#shared/aws/email.ts');
    const { scheduler } = await import('#shared/aws/scheduler.ts');

    // Act and assert
    expect(dynamo()).toBe(dynamo());
    expect(stepFunctions()).toBe(stepFunctions());
    expect(email()).toBe(email());
    expect(scheduler()).toBe(scheduler());
  });
});

describe('a module that schedules period openings', () => {
  it('builds no Scheduler client when imported: the functions that load it schedule in a few steps only', async () => {
    // Arrange
    vi.resetModules();
    const constructed = vi.fn();
    vi.doMock('@aws-sdk/client-scheduler', async (importOriginal) => {
      const original = await importOriginal<typeof import('@aws-sdk/client-scheduler')>();
      return {
        ...original,
        SchedulerClient: class extends original.SchedulerClient {
          constructor(...args: ConstructorParameters<typeof original.SchedulerClient>) {
            super(...args);
            constructed();
          }
        },
      };
    });

    // Act
    await import('#shared/scheduling/periodSchedules.ts');

    // Assert
    expect(constructed).not.toHaveBeenCalled();
    vi.doUnmock('@aws-sdk/client-scheduler');
  });
});
