import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryMetadataKey } from '#infra/teamFunction.ts';
import { TemplateResolver } from '#local/cloudFormation.ts';
import { LambdaHost } from '#local/lambdaHost.ts';

const fixtures = resolve(import.meta.dirname, 'fixtures');

function hostWith(properties: Record<string, unknown>): LambdaHost {
  const resolver = new TemplateResolver({
    Resources: {
      Slow: {
        Type: 'AWS::Lambda::Function',
        Properties: properties,
        Metadata: { [entryMetadataKey]: 'delayedHandler.ts' },
      },
    },
  });
  return new LambdaHost(resolver, fixtures);
}

describe('LambdaHost', () => {
  it('fails an invocation that runs past the function Timeout as Lambda reports it (Sandbox.Timedout)', async () => {
    // Arrange
    const host = hostWith({ Timeout: 1 });
    const started = Date.now();

    // Act
    const failure = await host.invoke('Slow', { delayMs: 5_000 }).catch((error: unknown) => error);

    // Assert
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('Sandbox.Timedout');
    expect((failure as Error).message).toMatch(
      /^RequestId: [\w-]+ Error: Task timed out after 1\.00 seconds$/,
    );
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('answers an invocation that finishes within the Timeout, telling the handler its remaining time', async () => {
    // Arrange
    const host = hostWith({ Timeout: 10, MemorySize: 256 });

    // Act
    const result = (await host.invoke('Slow', { delayMs: 0 })) as {
      remainingAtStart: number;
      memoryLimitInMB: string;
    };

    // Assert
    expect(result.remainingAtStart).toBeGreaterThan(9_000);
    expect(result.remainingAtStart).toBeLessThanOrEqual(10_000);
    expect(result.memoryLimitInMB).toBe('256');
  });

  it('takes CloudFormation defaults (3 s, 128 MB) when the template gives none', async () => {
    // Arrange
    const host = hostWith({});

    // Act
    const result = (await host.invoke('Slow', { delayMs: 0 })) as {
      remainingAtStart: number;
      memoryLimitInMB: string;
    };

    // Assert
    expect(result.remainingAtStart).toBeGreaterThan(2_000);
    expect(result.remainingAtStart).toBeLessThanOrEqual(3_000);
    expect(result.memoryLimitInMB).toBe('128');
  });
});
