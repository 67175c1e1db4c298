import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CommissionerStack, type CommissionerStackProps } from '#infra/stack.ts';
import type { ConsoleConfig } from '#shared/consoleConfig.ts';

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

/** An IAM policy statement as the template writes it. */
export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, unknown>;
}

/** One value or a list of them, as IAM's Action and Resource are written, as a list. */
export const asList = <T>(value: T | readonly T[]): readonly T[] =>
  Array.isArray(value) ? value : [value as T];

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

/** Each function's logical id with its role's logical id and its environment variables. */
export function functionsOf(template: Template) {
  return Object.entries(resourcesOfType(template, 'AWS::Lambda::Function')).map(([id, fn]) => ({
    id,
    role: (fn.Properties as { Role: { 'Fn::GetAtt': [string, string] } }).Role['Fn::GetAtt'][0],
    properties: fn.Properties ?? {},
    metadata: fn.Metadata ?? {},
    variables: ((fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables ?? {}) as Record<string, unknown>,
  }));
}

/** The roles some policy statement lets do one of `actions` (any resource). */
export function rolesAllowed(template: Template, actions: (action: string) => boolean): Set<string> {
  const roles = new Set<string>();
  for (const policy of Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))) {
    const { PolicyDocument, Roles } = policy.Properties as {
      PolicyDocument: { Statement: { Action: string | string[] }[] };
      Roles: { Ref: string }[];
    };
    if (!PolicyDocument.Statement.some((statement) => [statement.Action].flat().some(actions))) continue;
    for (const role of Roles) roles.add(role.Ref);
  }
  return roles;
}

/** A CloudFormation value as text: `{Logical}` for a Ref, `{Logical.Attribute}` for a GetAtt. */
export function rendered(value: unknown): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as {
    Ref?: string;
    'Fn::GetAtt'?: [string, string];
    'Fn::Join'?: [string, unknown[]];
  };
  if (intrinsic.Ref) return `{${intrinsic.Ref}}`;
  if (intrinsic['Fn::GetAtt']) return `{${intrinsic['Fn::GetAtt'].join('.')}}`;
  if (intrinsic['Fn::Join']) {
    const [separator, parts] = intrinsic['Fn::Join'];
    return parts.map(rendered).join(separator);
  }
  throw new Error(`Cannot render ${JSON.stringify(value)}`);
}

/**
 * The console's `config.json` as the deployment will write it: the file CDK staged, with each
 * deploy-time marker replaced by the value it stands for, rendered as text.
 */
export function consoleConfigOf(synthesized: SynthesizedStack): ConsoleConfig {
  const deployments = Object.values(resourcesOfType(synthesized.template, 'Custom::CDKBucketDeployment'));
  if (deployments.length !== 1) throw new Error(`${deployments.length} console uploads, not one`);
  const properties = deployments[0]?.Properties as {
    SourceObjectKeys: string[];
    SourceMarkers: Record<string, unknown>[];
  };
  const configSources = properties.SourceObjectKeys.map((key, index) => ({
    asset: join(synthesized.app.outdir, `asset.${key.replace(/\.zip$/, '')}`, 'config.json'),
    markers: properties.SourceMarkers[index] ?? {},
  })).filter(({ markers }) => Object.keys(markers).length > 0);
  if (configSources.length !== 1) throw new Error(`${configSources.length} config.json sources, not one`);
  const [{ asset, markers }] = configSources as [(typeof configSources)[number]];
  let text = readFileSync(asset, 'utf8');
  for (const [marker, value] of Object.entries(markers)) text = text.replaceAll(marker, rendered(value));
  return JSON.parse(text) as ConsoleConfig;
}
