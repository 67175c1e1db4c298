import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asList,
  functionsOf,
  joinedText,
  type PolicyStatement,
  resourcesOfType,
  type SynthesizedStack,
  synthesizeStack,
} from './synthesizeStack.ts';

describe('the evidence files bucket', () => {
  let synthesized: SynthesizedStack;
  let bucketId: string;
  let bucket: Record<string, unknown>;

  beforeAll(() => {
    synthesized = synthesizeStack();
    const buckets = Object.entries(resourcesOfType(synthesized.template, 'AWS::S3::Bucket')).filter(([id]) =>
      id.startsWith('EvidenceFiles'),
    );
    expect(buckets).toHaveLength(1);
    const [id, resource] = buckets[0] ?? ['', { Type: '' }];
    bucketId = id;
    bucket = { ...resource.Properties, DeletionPolicy: resource.DeletionPolicy };
  });

  afterAll(() => synthesized?.dispose());

  it('is private, encrypted, versioned, owned by the account and retained', () => {
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('refuses every request that is not over TLS', () => {
    const policies = Object.values(resourcesOfType(synthesized.template, 'AWS::S3::BucketPolicy')).filter(
      (policy) => (policy.Properties?.Bucket as { Ref?: string } | undefined)?.Ref === bucketId,
    );
    const statements = policies.flatMap(
      (policy) =>
        (policy.Properties as { PolicyDocument: { Statement: PolicyStatement[] } }).PolicyDocument.Statement,
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it("takes browser uploads (POST) from the console's origin only", () => {
    const { CorsRules } = bucket.CorsConfiguration as { CorsRules: Record<string, unknown>[] };
    expect(CorsRules).toHaveLength(1);
    const [rule] = CorsRules as [Record<string, unknown>];
    expect(rule.AllowedMethods).toEqual(['POST']);
    const origins = rule.AllowedOrigins as unknown[];
    expect(origins).toHaveLength(1);
    expect(JSON.stringify(origins)).not.toContain('"*"');
    expect(JSON.stringify(origins)).toContain('Distribution');
  });

  it('deletes unchecked uploads and the versions a move leaves after a day, replaced versions after a year', () => {
    const { Rules } = bucket.LifecycleConfiguration as { Rules: Record<string, unknown>[] };
    expect(Rules).toEqual([
      expect.objectContaining({
        Id: 'UncheckedUploads',
        Prefix: 'incoming/',
        Status: 'Enabled',
        ExpirationInDays: 1,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      }),
      expect.objectContaining({
        Id: 'ReplacedVersions',
        Status: 'Enabled',
        NoncurrentVersionExpiration: { NoncurrentDays: 365 },
      }),
    ]);
  });

  it('is reached by the files function on its two prefixes, and by the import on its own, each with the actions it takes', () => {
    const template = synthesized.template;
    const functions = functionsOf(template);
    const withBucket = functions.filter((fn) => 'EVIDENCE_BUCKET' in fn.variables).map((fn) => fn.id);
    expect(withBucket.map((id) => id.replace(/Function[A-F0-9]{8}$|[A-F0-9]{8}$/, '')).sort()).toEqual([
      'HttpfilesRoutes',
      'HttpimportsRoutes',
      'ImportWorkflowTask',
    ]);

    const grants = Object.entries(resourcesOfType(template, 'AWS::IAM::Policy')).flatMap(
      ([policy, resource]) =>
        (
          resource.Properties as { PolicyDocument: { Statement: PolicyStatement[] } }
        ).PolicyDocument.Statement.filter((statement) =>
          asList(statement.Action).some((action) => action.startsWith('s3:')),
        ).map((statement) => ({ policy, statement })),
    );
    const ours = grants.filter(({ statement }) => JSON.stringify(statement.Resource).includes(bucketId));
    const of = (prefix: string) =>
      ours
        .filter(({ policy }) => policy.startsWith(prefix))
        .map(({ statement }) => ({
          actions: [...asList(statement.Action)].sort(),
          // The bucket itself is its GetAtt Arn; an object prefix is joined to it.
          resource: (statement.Resource as Record<string, unknown>)['Fn::GetAtt']
            ? 'BUCKET'
            : joinedText(statement.Resource, 'BUCKET'),
        }));
    expect(of('HttpfilesRoutes')).toEqual([
      { actions: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'], resource: 'BUCKET/incoming/*' },
      { actions: ['s3:GetObject', 's3:PutObject'], resource: 'BUCKET/files/*' },
      { actions: ['s3:ListBucket'], resource: 'BUCKET' },
    ]);
    // The bureau's import presigns its workbook's upload and looks it up; the workflow only reads it.
    expect(of('HttpimportsRoutes')).toEqual([
      { actions: ['s3:GetObject', 's3:PutObject'], resource: 'BUCKET/imports/*' },
      { actions: ['s3:ListBucket'], resource: 'BUCKET' },
    ]);
    expect(of('ImportWorkflowTask')).toEqual([{ actions: ['s3:GetObject'], resource: 'BUCKET/imports/*' }]);
    expect(
      ours.filter(({ policy }) => !/^(HttpfilesRoutes|HttpimportsRoutes|ImportWorkflowTask)/.test(policy)),
    ).toEqual([]);
  });
});
