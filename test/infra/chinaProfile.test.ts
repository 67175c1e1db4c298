import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryMetadataKey } from '#infra/teamFunction.ts';
import {
  consoleConfigOf,
  functionsOf,
  rendered,
  resourcesOfType,
  rolesAllowed,
  type SynthesizedStack,
  synthesizeStack,
} from './synthesizeStack.ts';

/*
 * The china profile, as `AWS_REGION=cn-north-1 npm run synth -- -c profile=china ...` builds it:
 * none of the services the AWS China regions lack, the console on the bureau's own domain behind
 * an origin access identity, and the rest of the stack as elsewhere.
 */

const consoleDomain = 'commissioner.kjj.example.gov.cn';
const issuer = 'https://id.kjj.example.gov.cn/realms/staff';

let synthesized: SynthesizedStack;

beforeAll(() => {
  synthesized = synthesizeStack(
    { env: { account: '111111111111', region: 'cn-north-1' } },
    {
      identityProvider: {
        kind: 'oidc',
        issuer,
        clientId: 'commissioner-console',
        authorizationEndpoint: `${issuer}/protocol/openid-connect/auth`,
        tokenEndpoint: `${issuer}/protocol/openid-connect/token`,
      },
      consoleDomain,
      consoleCertificateId: 'ASCAEXAMPLE1234567890',
    },
  );
});

afterAll(() => synthesized?.dispose());

const onlyOne = <T>(resources: Record<string, T>): [string, T] => {
  const entries = Object.entries(resources);
  expect(entries).toHaveLength(1);
  return entries[0] as [string, T];
};

describe('the china profile (taken from a cn- region)', () => {
  it('has no Cognito, no SES and no CloudFront origin access control', () => {
    const types = new Set(
      Object.values(synthesized.template.toJSON().Resources as Record<string, { Type: string }>).map(
        (resource) => resource.Type,
      ),
    );
    expect([...types].filter((type) => /^AWS::(Cognito|SES)::/.test(type))).toEqual([]);
    expect(types.has('AWS::CloudFront::OriginAccessControl')).toBe(false);
    expect([...rolesAllowed(synthesized.template, (action) => /^(ses|cognito-idp):/.test(action))]).toEqual(
      [],
    );
  });

  it('writes no partition or domain of its own into an ARN', () => {
    const text = JSON.stringify(synthesized.template.toJSON());
    expect(text).not.toMatch(/arn:aws:/);
    expect(text).not.toMatch(/amazonaws\.com\//);
  });

  it('serves the console on the bureau domain with its IAM certificate, from a bucket only the origin access identity reads', () => {
    const [identityId] = onlyOne(
      resourcesOfType(synthesized.template, 'AWS::CloudFront::CloudFrontOriginAccessIdentity'),
    );
    const [, distribution] = onlyOne(resourcesOfType(synthesized.template, 'AWS::CloudFront::Distribution'));
    const config = (distribution.Properties as { DistributionConfig: Record<string, unknown> })
      .DistributionConfig as {
      Aliases: string[];
      ViewerCertificate: Record<string, string>;
      DefaultCacheBehavior: Record<string, unknown>;
      Origins: { DomainName: unknown; S3OriginConfig: { OriginAccessIdentity: unknown } }[];
    };
    expect(config.Aliases).toEqual([consoleDomain]);
    expect(config.ViewerCertificate).toEqual({
      IamCertificateId: 'ASCAEXAMPLE1234567890',
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    expect(config.DefaultCacheBehavior).not.toHaveProperty('CachePolicyId');
    expect(config.DefaultCacheBehavior.ForwardedValues).toEqual({
      QueryString: false,
      Cookies: { Forward: 'none' },
    });
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior).toHaveProperty('ResponseHeadersPolicyId');
    expect(config.Origins).toHaveLength(1);
    expect(rendered(config.Origins[0]?.S3OriginConfig.OriginAccessIdentity)).toBe(
      `origin-access-identity/cloudfront/{${identityId}}`,
    );

    const siteBucket = rendered(config.Origins[0]?.DomainName).replace(
      /^\{(\w+)\.RegionalDomainName\}$/,
      '$1',
    );
    const [, policy] = onlyOne(
      Object.fromEntries(
        Object.entries(resourcesOfType(synthesized.template, 'AWS::S3::BucketPolicy')).filter(
          ([, candidate]) => rendered(candidate.Properties?.Bucket) === `{${siteBucket}}`,
        ),
      ),
    );
    const { PolicyDocument } = policy.Properties as {
      PolicyDocument: { Statement: Record<string, unknown>[] };
    };
    const statements = PolicyDocument.Statement;
    const allowed = statements.filter((statement) => statement.Effect === 'Allow');
    const readers = allowed.filter((statement) => [statement.Action].flat().includes('s3:GetObject'));
    expect(readers).toHaveLength(1);
    expect(readers[0]?.Principal).toEqual({
      CanonicalUser: { 'Fn::GetAtt': [identityId, 'S3CanonicalUserId'] },
    });
    // Public access stays blocked: CloudFront reads through the identity, nobody else at all.
    const [, bucket] = onlyOne(
      Object.fromEntries(
        Object.entries(resourcesOfType(synthesized.template, 'AWS::S3::Bucket')).filter(
          ([id]) => id === siteBucket,
        ),
      ),
    );
    expect(bucket.Properties?.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('tells the console and the API the bureau domain, and signs in with the bureau provider', () => {
    const consoleConfig = consoleConfigOf(synthesized);
    expect(consoleConfig.signIn).toMatchObject({
      kind: 'oidc',
      issuer,
      redirectUri: `https://${consoleDomain}/`,
    });
    const [, api] = onlyOne(resourcesOfType(synthesized.template, 'AWS::ApiGatewayV2::Api'));
    expect(api.Properties?.CorsConfiguration).toMatchObject({ AllowOrigins: [`https://${consoleDomain}`] });
    const [, authorizer] = onlyOne(resourcesOfType(synthesized.template, 'AWS::ApiGatewayV2::Authorizer'));
    expect(authorizer.Properties?.JwtConfiguration).toEqual({
      Issuer: issuer,
      Audience: ['commissioner-console'],
    });
  });

  it('turns X-Ray off in every function of ours (Lambda in China has no X-Ray) and Powertools’ Tracer with it', () => {
    const ours = functionsOf(synthesized.template).filter((fn) => entryMetadataKey in fn.metadata);
    expect(ours.length).toBeGreaterThan(15);
    for (const fn of ours) {
      expect(fn.properties, fn.id).not.toHaveProperty('TracingConfig');
      expect(fn.variables.POWERTOOLS_TRACE_ENABLED, fn.id).toBe('false');
    }
    const tracers = rolesAllowed(synthesized.template, (action) => action.startsWith('xray:'));
    expect([...tracers].filter((role) => ours.some((fn) => fn.role === role))).toEqual([]);
  });

  it('sends email through SMTP, its secret readable by exactly the functions that send mail', () => {
    const [secretId] = onlyOne(resourcesOfType(synthesized.template, 'AWS::SecretsManager::Secret'));
    const senders = functionsOf(synthesized.template).filter((fn) => 'EMAIL_LOG_TABLE' in fn.variables);
    expect(senders.length).toBeGreaterThan(5);
    expect(
      [...rolesAllowed(synthesized.template, (action) => action === 'secretsmanager:GetSecretValue')].sort(),
    ).toEqual(senders.map((fn) => fn.role).sort());
    for (const sender of senders) {
      expect(sender.variables.EMAIL_TRANSPORT, sender.id).toBe('smtp');
      expect(sender.variables.SMTP_SECRET_ARN, sender.id).toEqual({ Ref: secretId });
    }
  });
});
