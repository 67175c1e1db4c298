import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { TeamFunction } from '#infra/teamFunction.ts';

export interface EvidenceFilesProps {
  /** The only origin whose pages may post uploads to the bucket: the console's. */
  readonly consoleOrigin: string;
  /** Days a file's replaced or deleted versions are kept, for recovery. @default 365 */
  readonly keepReplacedDays?: number;
}

/** Days an upload that was never checked stays under `incoming/`. */
const uncheckedUploadDays = 1;

/**
 * Where evidence files are kept: a private, encrypted, versioned bucket that only takes TLS.
 * Browsers post uploads to it directly with a presigned form (so the console's origin may
 * POST), under `incoming/` until the files function checks them by content and moves them to
 * `files/`; what is never checked, and the versions a move leaves behind, are deleted after a
 * day by the lifecycle rules.
 */
export class EvidenceFiles extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: EvidenceFilesProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      cors: [
        {
          allowedOrigins: [props.consoleOrigin],
          allowedMethods: [s3.HttpMethods.POST],
          allowedHeaders: ['*'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        {
          id: 'UncheckedUploads',
          prefix: 'incoming/',
          expiration: Duration.days(uncheckedUploadDays),
          noncurrentVersionExpiration: Duration.days(uncheckedUploadDays),
          abortIncompleteMultipartUploadAfter: Duration.days(uncheckedUploadDays),
        },
        {
          id: 'ReplacedVersions',
          noncurrentVersionExpiration: Duration.days(props.keepReplacedDays ?? 365),
          abortIncompleteMultipartUploadAfter: Duration.days(uncheckedUploadDays),
        },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        'Nobody reads or writes the bucket but through the files function, which checks who asks and logs each request',
    });
  }

  /**
   * Names the bucket in EVIDENCE_BUCKET and grants exactly what handling files takes: presigning
   * uploads to `incoming/` (the form is signed with the function's role), reading and deleting
   * them to check them, writing the accepted copy to `files/`, and presigning its downloads.
   */
  allowFileHandling(fn: TeamFunction): void {
    fn.setEnvironment('EVIDENCE_BUCKET', this.bucket.bucketName);
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        resources: [this.bucket.arnForObjects('incoming/*')],
      }),
    );
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [this.bucket.arnForObjects('files/*')],
      }),
    );
    // Without ListBucket, S3 answers a missing key 403 instead of 404, and a check asked for
    // before the upload arrived could not be told from a refusal.
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    this.acknowledgePrefixes(fn, ['incoming', 'files']);
  }

  /**
   * Names the bucket in EVIDENCE_BUCKET and grants what an import workbook takes: the bureau's
   * function presigns its upload to `imports/` and looks it up; the workflow reads it.
   */
  allowImportWorkbooks(fn: TeamFunction, access: 'upload' | 'read'): void {
    fn.setEnvironment('EVIDENCE_BUCKET', this.bucket.bucketName);
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: access === 'upload' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
        resources: [this.bucket.arnForObjects('imports/*')],
      }),
    );
    if (access === 'upload') {
      // A workbook asked to be checked before its upload arrived is then told by 404, not 403.
      fn.function.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
      );
    }
    this.acknowledgePrefixes(fn, ['imports']);
  }

  private acknowledgePrefixes(fn: TeamFunction, prefixes: readonly string[]): void {
    const bucketArn = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    for (const prefix of prefixes) {
      Validations.of(fn).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketArn}.Arn>/${prefix}/*]`,
        reason: `File keys are made at run time (one per upload); limited to this bucket's ${prefix}/ prefix`,
      });
    }
  }
}
