import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as deployment from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { ConsoleConfig } from '#shared/consoleConfig.ts';

export interface ConsoleHostingProps {
  /** The built console (index.html, app.js, styles, message catalogues). */
  readonly siteDirectory: string;
}

/** The content security policy the console is served with, here and by the embedded runtime. */
export const consoleContentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' https:; frame-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/**
 * The console as a static site: a private, encrypted bucket behind CloudFront with
 * origin access control, HTTPS only, and security headers on every response.
 */
export class ConsoleHosting extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    const logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: consoleContentSecurityPolicy, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
      defaultRootObject: 'index.html',
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cdn/',
    });
    this.siteDirectory = props.siteDirectory;
    this.acknowledgeDistributionFindings();
  }

  private readonly siteDirectory: string;

  /**
   * Uploads the built console with its `config.json` (the API's address and how to sign
   * in), which is only known once the API and the sign-in provider's client exist.
   */
  publish(config: ConsoleConfig): void {
    new deployment.BucketDeployment(this, 'Deploy', {
      sources: [
        deployment.Source.asset(this.siteDirectory),
        deployment.Source.jsonData('config.json', config),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
    });
    this.acknowledgeUploaderFindings();
  }

  private acknowledgeDistributionFindings(): void {
    const distribution = Validations.of(this.distribution);
    distribution.acknowledge({
      id: 'AwsSolutions::AwsSolutions-CFR1',
      reason: 'Commissioners and enterprises sign in from anywhere; there is no region to restrict to',
    });
    distribution.acknowledge({
      id: 'AwsSolutions::AwsSolutions-CFR2',
      reason:
        'A static site with no server-side code; the API behind it is guarded by the JWT authorizer of its sign-in provider',
    });
    distribution.acknowledge({
      id: 'AwsSolutions::AwsSolutions-CFR4',
      reason: 'Served on the CloudFront domain until the bureau attaches its own domain and ACM certificate',
    });
  }

  private acknowledgeUploaderFindings(): void {
    // BucketDeployment's upload function is a CDK singleton at stack level, outside this construct.
    const uploader = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (!uploader) return;
    const acknowledgeUploader = (id: string, reason: string) =>
      Validations.of(uploader).acknowledge({ id, reason });
    acknowledgeUploader('AwsSolutions::AwsSolutions-L1', "CDK's BucketDeployment chooses its own runtime");
    acknowledgeUploader(
      'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's BucketDeployment role; it runs only at deploy time",
    );
    const stack = Stack.of(this);
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    for (const finding of [
      'Resource::*',
      `Resource::arn:<AWS::Partition>:s3:::cdk-${stack.synthesizer.bootstrapQualifier ?? 'hnb659fds'}-assets-<AWS::AccountId>-${region}/*`,
      'Action::s3:List*',
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      `Resource::<${stack.resolve(stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket))}.Arn>/*`,
    ]) {
      acknowledgeUploader(
        `AwsSolutions::AwsSolutions-IAM5[${finding}]`,
        "CDK's BucketDeployment copies the site from the asset bucket into the site bucket and no further",
      );
    }
  }

  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
