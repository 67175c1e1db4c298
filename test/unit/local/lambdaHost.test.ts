import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryMetadataKey } from '#infra/teamFunction.ts';
import { TemplateResolver } from '#local/cloudFormation.ts';
import { LambdaHost } from '#local/lambdaHost.ts';

const fixtures = resolve(import.meta.dirname, 'fixtures');

function hostWith(properties: Record<string, unknown>, taskConcurrency?: number): LambdaHost {
  const resolver = new TemplateResolver({
    Resources: {
      Slow: {
        Type: 'AWS::Lambda::Function',
        Properties: properties,
        Metadata: { [entryMetadataKey]: 'delayedHandler.ts' },
      },
    },
  });
  return new LambdaHost(resolver, fixtures, taskConcurrency);
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

  it("throttles a workflow task's invocation past the tasks' concurrency, as Lambda does, and frees the slot after", async () => {
    // Arrange
    const host = hostWith({ Timeout: 10 }, 1);
    const holding = host.invokeForTask('Slow', { delayMs: 200 });

    // Act
    const throttled = await host.invokeForTask('Slow', { delayMs: 0 }).catch((error: unknown) => error);
    const fromTheApi = await host.invoke('Slow', { delayMs: 0 });
    await holding;
    const afterwards = await host.invokeForTask('Slow', { delayMs: 0 });

    // Assert
    expect(throttled).toBeInstanceOf(Error);
    expect((throttled as Error).name).toBe('Lambda.TooManyRequestsException');
    expect(fromTheApi).toMatchObject({ memoryLimitInMB: '128' });
    expect(afterwards).toMatchObject({ memoryLimitInMB: '128' });
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
