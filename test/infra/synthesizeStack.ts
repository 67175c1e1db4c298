import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CommissionerStack, type CommissionerStackProps } from '#infra/stack.ts';

export interface SynthesizedStack {
  readonly app: App;
  readonly stack: CommissionerStack;
  readonly template: Template;
  /** Removes the temporary console site. */
  readonly dispose: () => void;
}

/**
 * Synthesizes the whole stack without bundling any function (fast), with a one-page console site;
 * `context` is what `cdk.json` or `-c` would give.
 */
export function synthesizeStack(
  overrides: Partial<CommissionerStackProps> = {},
  context: Record<string, unknown> = {},
): SynthesizedStack {
  const consoleSiteDirectory = mkdtempSync(join(tmpdir(), 'commissioner-console-'));
  writeFileSync(join(consoleSiteDirectory, 'index.html'), '<!doctype html><title>console</title>');
  // CDK's own default-rule validation takes seconds and is not what these tests check.
  const app = new App({
    context: {
      'aws:cdk:bundling-stacks': [],
      '@aws-cdk/core:validateAgainstDefaultRules': false,
      ...context,
    },
  });
  const stack = new CommissionerStack(app, 'Test', {
    consoleSiteDirectory,
    emailDomain: 'example.org',
    bureauEmail: 'bureau@example.org',
    ...overrides,
  });
  const template = Template.fromStack(stack);
  return {
    app,
    stack,
    template,
    dispose: () => rmSync(consoleSiteDirectory, { recursive: true, force: true }),
  };
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export function resourcesOfType(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

/**
 * The text of an `Fn::Join` with every non-string part (a Ref, a GetAtt) replaced by
 * `placeholder`; a plain string is returned as is.
 */
export function joinedText(value: unknown, placeholder = 'ARN'): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) throw new Error(`Not a string or an Fn::Join: ${JSON.stringify(value)}`);
  const [separator, parts] = join;
  return parts.map((part) => (typeof part === 'string' ? part : placeholder)).join(separator);
}
