import { describe, expect, it } from 'vitest';
import { type HandlerBenchResult, type HandlerResult, initEstimateMs } from '#bench/handlerBench.ts';
import { dynamoReadFunctions, handlerVerdicts } from '#bench/targets.ts';

const timing = { bytes: 300_000, processMs: 200, inProcessMs: 60, importCpuMs: 50, initEstimateMs: 173 };
const fn = (entry: string, routes: string[], services: string[], importMs: number): HandlerResult => ({
  ...timing,
  importMs,
  entry,
  logicalId: entry,
  routes,
  services,
  largestParts: [],
  sdkPackages: [],
});
const result = (handlers: HandlerResult[]): HandlerBenchResult => ({ samples: 5, baselineMs: 40, handlers });

describe('the INIT estimate of a 512 MB function', () => {
  it('stretches the import CPU time by the share of a vCPU 512 MB buys (one vCPU at 1,769 MB)', () => {
    // Act and assert
    expect(initEstimateMs(100)).toBeCloseTo(345.5, 1);
  });
});

describe('the read-route target', () => {
  const stack = [
    fn('functions/http/reads.ts', ['GET /rubric'], ['dynamodb'], 70),
    fn('functions/http/starts.ts', ['GET /applications', 'POST /applications'], ['dynamodb', 'states'], 95),
    fn('functions/workflow/report.ts', [], ['dynamodb'], 60),
  ];

  it('applies to every function that serves GET routes and reaches DynamoDB, whatever else its role reaches', () => {
    // Arrange
    const withPublic = [...stack, fn('functions/http/public.ts', ['GET /health'], [], 30)];

    // Act
    const reads = dynamoReadFunctions(result(withPublic));

    // Assert
    expect(reads.map((h) => h.entry)).toEqual(['functions/http/reads.ts', 'functions/http/starts.ts']);
  });

  it('is missed when such a function imports in more than 80 ms, and every function has 120 ms', () => {
    // Arrange
    const slowRead = [fn('functions/http/reads.ts', ['GET /rubric'], ['dynamodb'], 85), ...stack.slice(1)];

    // Act
    const [everyFunction, readRoute] = handlerVerdicts(result(slowRead));

    // Assert
    expect(everyFunction?.met).toBe(true);
    expect(readRoute?.met).toBe(false);
    expect(readRoute?.whyMissed).toContain('functions/http/reads.ts');
  });

  it('holds a stage function that also starts executions to the read-route target', () => {
    // Act
    const [everyFunction, readRoute] = handlerVerdicts(result(stack.slice(1)));

    // Assert
    expect(everyFunction?.met).toBe(true);
    expect(readRoute?.met).toBe(false);
    expect(readRoute?.whyMissed).toContain('functions/http/starts.ts');
  });

  it('says so when no function serves a GET route that reads a table, rather than passing', () => {
    // Act
    const [, readRoute] = handlerVerdicts(result(stack.slice(2)));

    // Assert
    expect(readRoute?.met).toBe(false);
    expect(readRoute?.measured).toBe('no function of the stack serves GET routes and reaches DynamoDB');
  });
});

describe('why the import target is missed', () => {
  it('names the smallest and the largest bundle with their size, CPU time and biggest parts, as measured', () => {
    // Arrange
    const small = {
      ...fn('functions/http/public.ts', ['GET /health'], [], 90),
      bytes: 200 * 1024,
      importCpuMs: 70,
    };
    const large = {
      ...fn('functions/http/report.ts', ['GET /reports/{id}'], ['dynamodb'], 200),
      bytes: 700 * 1024,
      importCpuMs: 180,
      largestParts: [
        { name: '@smithy/core', bytes: 131 * 1024 },
        { name: 'zod', bytes: 91 * 1024 },
      ],
    };

    // Act
    const [everyFunction] = handlerVerdicts(result([large, small]));

    // Assert
    expect(everyFunction?.met).toBe(false);
    expect(everyFunction?.whyMissed).toContain(
      'The smallest bundle, functions/http/public.ts (200 KB), imports in 70.0 ms of CPU time; ' +
        'the largest, functions/http/report.ts (700 KB), in 180 ms, its biggest parts @smithy/core 131 KB, zod 91 KB.',
    );
  });
});
