import { describe, expect, it } from 'vitest';
import { TemplateResolver } from '#local/cloudFormation.ts';
import { localBuckets } from '#local/localObjectStore.ts';

/*
 * A bucket of the synthesized template, as the embedded runtime names it: S3 names are lowercase,
 * so the local name is the logical id lowercased, and its ARN is S3's (no region, no account).
 */

const template = {
  Resources: {
    EvidenceFiles5A1B2C3D: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        CorsConfiguration: {
          CorsRules: [
            {
              AllowedMethods: ['GET', 'POST'],
              AllowedOrigins: [
                { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': ['Console', 'DomainName'] }]] },
              ],
              AllowedHeaders: ['*'],
              ExposedHeaders: ['ETag'],
              MaxAge: 600,
            },
          ],
        },
      },
    },
    Console: { Type: 'AWS::CloudFront::Distribution' },
    [`Long${'Id'.repeat(40)}`]: { Type: 'AWS::S3::Bucket' },
  },
};

describe('a bucket in the template', () => {
  const resolver = new TemplateResolver(template);

  it('is referred to by its lowercase name, and by S3’s ARN', () => {
    expect(resolver.resolve({ Ref: 'EvidenceFiles5A1B2C3D' })).toBe('evidencefiles5a1b2c3d');
    expect(resolver.resolve({ 'Fn::GetAtt': ['EvidenceFiles5A1B2C3D', 'Arn'] })).toBe(
      'arn:aws:s3:::evidencefiles5a1b2c3d',
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's substitution, as CDK writes it
    const objects = { 'Fn::Sub': '${EvidenceFiles5A1B2C3D.Arn}/*' };
    expect(resolver.resolve(objects)).toBe('arn:aws:s3:::evidencefiles5a1b2c3d/*');
  });

  it('keeps a name S3 takes when its logical id is longer than 63 characters', () => {
    const name = String(resolver.resolve({ Ref: `Long${'Id'.repeat(40)}` }));

    expect(name).toMatch(/^longidid[a-z0-9]*-[0-9a-f]{8}$/);
    expect(name).toHaveLength(63);
  });

  it('is served with its CORS rules, allowing the console’s origin as the stack does', () => {
    expect(localBuckets(resolver, 'http://127.0.0.1:3000')).toEqual([
      {
        name: 'evidencefiles5a1b2c3d',
        corsRules: [
          {
            AllowedMethods: ['GET', 'POST'],
            AllowedOrigins: ['http://127.0.0.1:3000'],
            AllowedHeaders: ['*'],
            ExposedHeaders: ['ETag'],
            MaxAge: 600,
          },
        ],
      },
      { name: expect.stringMatching(/^longidid/), corsRules: [] },
    ]);
  });
});
