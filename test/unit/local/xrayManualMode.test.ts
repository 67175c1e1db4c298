import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** The X-Ray namespaces (cls-hooked keeps them on `process.namespaces`) after importing the Tracer, in a fresh process. */
async function namespacesAfterTracer(first: string[]): Promise<string[]> {
  const imports = [...first, '#shared/observability/tracer.ts'].map((m) => `await import('${m}');`).join(' ');
  const { AWS_XRAY_MANUAL_MODE: _, ...env } = process.env;
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `${imports} console.log(JSON.stringify(Object.keys(process.namespaces ?? {})));`,
    ],
    { env },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[];
}

describe("the runtime keeps the X-Ray SDK's async hook off", () => {
  it('imports the Tracer without the automatic-mode namespace when xrayManualMode comes first', async () => {
    // Act
    const without = await namespacesAfterTracer([]);
    const withIt = await namespacesAfterTracer(['#local/xrayManualMode.ts']);

    // Assert: the first shows what the module prevents.
    expect(without).toEqual(['AWSXRay']);
    expect(withIt).toEqual([]);
  });
});
