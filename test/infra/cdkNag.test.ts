import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { CommissionerStack, type CommissionerStackProps } from '#infra/stack.ts';

interface PluginReport {
  readonly pluginName: string;
  readonly conclusion: string;
  readonly violations: readonly { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  readonly suppressedViolations: readonly { ruleName: string; reason?: string }[];
}

const workDir = mkdtempSync(join(tmpdir(), 'commissioner-nag-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/**
 * Runs cdk-nag the way `cdk synth` does (as a validation plugin during synthesis) and
 * reads its report: `validateScope` alone does not see `Validations.acknowledge`.
 */
function synthesizeWithNag(name: string, props: Partial<CommissionerStackProps>): PluginReport {
  const outdir = join(workDir, name);
  const app = new App({
    outdir,
    context: { 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:validateAgainstDefaultRules': false },
  });
  const siteDirectory = mkdtempSync(join(workDir, 'site-'));
  writeFileSync(join(siteDirectory, 'index.html'), '<!doctype html><title>console</title>');
  new CommissionerStack(app, 'Test', {
    consoleSiteDirectory: siteDirectory,
    emailDomain: 'example.org',
    bureauEmail: 'bureau@example.org',
    ...props,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch {
    // A failing validation throws after writing its report, which is what is read below.
  }
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: PluginReport[];
  };
  const nag = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
  if (!nag) throw new Error('cdk-nag did not report');
  return nag;
}

/** The china profile's parts: the bureau's OpenID Connect provider, SMTP, the console on its own domain. */
const chinaProfile: Partial<CommissionerStackProps> = {
  env: { account: '111111111111', region: 'cn-northwest-1' },
  identityProvider: {
    kind: 'oidc',
    issuer: 'https://id.kjj.example.gov.cn',
    clientId: 'commissioner-console',
    authorizationEndpoint: 'https://id.kjj.example.gov.cn/authorize',
    tokenEndpoint: 'https://id.kjj.example.gov.cn/token',
    scopes: ['openid', 'email'],
    claims: { email: 'email', emailVerified: 'email_verified' },
  },
  consoleDomain: { domainName: 'commissioner.kjj.example.gov.cn', iamCertificateId: 'ASCAEXAMPLE1234567890' },
};

describe.each([
  ['standard', {}],
  ['china', chinaProfile],
])('cdk-nag AwsSolutions checks of the %s profile', (name, props) => {
  it('find nothing that is not acknowledged, and every acknowledgement gives its reason', () => {
    // Act
    const report = synthesizeWithNag(name, props);

    // Assert
    const findings = report.violations.map(
      (violation) =>
        `${violation.ruleName} at ${violation.violatingConstructs.map((c) => c.constructPath).join(', ')}`,
    );
    expect(findings, `Unacknowledged cdk-nag findings:\n${findings.join('\n')}`).toEqual([]);
    expect(report.conclusion).toBe('success');
    expect(report.suppressedViolations.length).toBeGreaterThan(0);
    for (const suppressed of report.suppressedViolations) {
      expect(suppressed.reason?.length, suppressed.ruleName).toBeGreaterThan(20);
    }
  });
});
