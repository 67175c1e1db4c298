import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

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

    // Act and assert
    expect(dynamo()).toBe(dynamo());
    expect(stepFunctions()).toBe(stepFunctions());
    expect(email()).toBe(email());
  });
});
