import { describe, expect, it } from 'vitest';
import { chooseDeployment } from '#infra/deploymentProfile.ts';
import type { ExternalProvider } from '#shared/signIn/identityProvider.ts';

const bureauDirectory: ExternalProvider = {
  kind: 'oidc',
  issuer: 'https://id.kjj.example.gov.cn',
  clientId: 'commissioner-console',
  authorizationEndpoint: 'https://id.kjj.example.gov.cn/authorize',
  tokenEndpoint: 'https://id.kjj.example.gov.cn/token',
  scopes: ['openid', 'email', 'profile'],
  claims: { email: 'email', emailVerified: 'email_verified' },
};

const chinaSettings = {
  profile: 'china',
  identityProvider: bureauDirectory,
  consoleDomain: 'commissioner.kjj.example.gov.cn',
  consoleCertificateId: 'ASCAEXAMPLE1234567890',
};

describe('chooseDeployment', () => {
  it('builds the standard profile from Cognito, SES and the global CloudFront by default', () => {
    expect(chooseDeployment({ identityProvider: { kind: 'cognito' }, region: 'ap-southeast-1' })).toEqual({
      profile: 'standard',
      emailTransport: 'ses',
      consoleCdn: 'global',
      functionTracing: true,
    });
  });

  it('lets the standard profile send through SMTP', () => {
    expect(
      chooseDeployment({ identityProvider: { kind: 'cognito' }, emailTransport: 'smtp' }).emailTransport,
    ).toBe('smtp');
  });

  it('builds the china profile from OpenID Connect, SMTP, the China CloudFront and no Lambda X-Ray', () => {
    expect(chooseDeployment(chinaSettings)).toEqual({
      profile: 'china',
      emailTransport: 'smtp',
      consoleCdn: 'china',
      functionTracing: false,
      consoleDomain: {
        domainName: 'commissioner.kjj.example.gov.cn',
        iamCertificateId: 'ASCAEXAMPLE1234567890',
      },
    });
  });

  it('takes the china profile from a China region when none is named', () => {
    const { profile: _, ...unnamed } = chinaSettings;
    expect(chooseDeployment({ ...unnamed, region: 'cn-northwest-1' }).profile).toBe('china');
  });

  it('refuses the standard profile in a China region, saying why', () => {
    expect(() =>
      chooseDeployment({ profile: 'standard', identityProvider: bureauDirectory, region: 'cn-north-1' }),
    ).toThrow(/profile: cn-north-1 is an AWS China region, where Cognito user pools, SES/);
  });

  it('names every setting the china profile cannot work without', () => {
    let message = '';
    try {
      chooseDeployment({ profile: 'china', identityProvider: { kind: 'cognito' }, emailTransport: 'ses' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n').slice(1)).toEqual([
      expect.stringMatching(/^identityProvider: the china profile signs people in with an OpenID Connect/),
      expect.stringMatching(/^emailTransport: SES does not exist in the AWS China regions/),
      expect.stringMatching(/^consoleDomain: CloudFront in the AWS China regions serves only/),
      expect.stringMatching(/^consoleCertificateId: CloudFront in the AWS China regions takes an IAM server/),
    ]);
  });

  it('refuses a console domain in the standard profile', () => {
    expect(() =>
      chooseDeployment({ identityProvider: { kind: 'cognito' }, consoleDomain: 'commissioner.example.org' }),
    ).toThrow(/consoleDomain: the standard profile serves the console on its CloudFront domain/);
  });

  it('names a malformed setting and what it must be', () => {
    expect(() => chooseDeployment({ ...chinaSettings, profile: 'cn' })).toThrow(
      /profile: must be one of standard, china/,
    );
    expect(() =>
      chooseDeployment({ ...chinaSettings, consoleDomain: 'https://kjj.example.gov.cn/' }),
    ).toThrow(/consoleDomain: must be a lower-case host name/);
    expect(() => chooseDeployment({ ...chinaSettings, consoleCertificateId: 'kjj-2026' })).toThrow(
      /consoleCertificateId: must be the ServerCertificateId IAM gave the upload/,
    );
    expect(() => chooseDeployment({ ...chinaSettings, emailTransport: 'sendmail' })).toThrow(
      /emailTransport: must be one of ses, smtp/,
    );
  });
});
