import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as deployment from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { ConsoleDomain, Deployment } from '#infra/deploymentProfile.ts';
import { nagEnvironment } from '#infra/nagFindings.ts';
import type { ConsoleConfig } from '#shared/consoleConfig.ts';

export interface ConsoleHostingProps {
  /** The built console (index.html, app.js, styles, message catalogues). */
  readonly siteDirectory: string;
  /**
   * Which CloudFront serves the console. `china`, CloudFront in the AWS China regions, has no
   * origin access control (an origin access identity keeps the bucket private instead), takes no
   * cache policy (the legacy cache settings instead) and serves only the customer's own ICP-filed
   * domain, so `domain` is required. @default global
   */
  readonly cdn?: Deployment['consoleCdn'];
  /** @default none: served on the distribution's CloudFront domain (`global` only) */
  readonly domain?: ConsoleDomain;
}

/** The content security policy the console is served with, here and by the embedded runtime. */
export const consoleContentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' https:; frame-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/**
 * The console as a static site: a private, encrypted bucket behind CloudFront with origin access
 * control (or identity), HTTPS only, and security headers on every response.
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
    const china = props.cdn === 'china';
    if (china && !props.domain) {
      throw new Error(
        "ConsoleHosting: CloudFront in China serves only the customer's own domain; give `domain`",
      );
    }
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      defaultBehavior: {
        origin: china
          ? origins.S3BucketOrigin.withOriginAccessIdentity(this.bucket)
          : origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
      defaultRootObject: 'index.html',
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cdn/',
      // As AWS's own sample for CloudFront in China (aws-samples/deploy-cloudfront-in-china-with-cdk) has it.
      ...(china ? { enableIpv6: false } : {}),
    });
    if (china) this.useLegacyCacheSettings();
    if (props.domain) this.serveOn(props.domain);
    this.domainName = props.domain?.domainName ?? this.distribution.distributionDomainName;
    this.siteDirectory = props.siteDirectory;
    this.acknowledgeDistributionFindings(props);
  }

  /** The console's host name: the bureau's own domain, or else the distribution's. */
  private readonly domainName: string;

  /**
   * CloudFront in China refuses a distribution that names a cache policy ("The parameter
   * CachePolicyId can't be set for this region", aws/aws-cdk#31033), and CDK's `Distribution`
   * always names one: the behaviour forwards no query string, cookie or header instead, which is
   * what the managed CachingOptimized policy does, with CloudFront's default lifetimes.
   */
  private useLegacyCacheSettings(): void {
    const rendered = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
    rendered.addPropertyDeletionOverride('DistributionConfig.DefaultCacheBehavior.CachePolicyId');
    rendered.addPropertyOverride('DistributionConfig.DefaultCacheBehavior.ForwardedValues', {
      QueryString: false,
      Cookies: { Forward: 'none' },
    });
  }

  /**
   * Serves the console on the bureau's domain with its IAM server certificate. CDK's
   * `Distribution` takes only ACM certificates, which CloudFront in China does not, so the
   * certificate is set on the rendered distribution.
   */
  private serveOn(domain: ConsoleDomain): void {
    const rendered = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
    rendered.addPropertyOverride('DistributionConfig.Aliases', [domain.domainName]);
    rendered.addPropertyOverride('DistributionConfig.ViewerCertificate', {
      IamCertificateId: domain.iamCertificateId,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
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

  private acknowledgeDistributionFindings(props: ConsoleHostingProps): void {
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
      reason: props.domain
        ? "TLSv1.2_2021 on the bureau's domain, set on the rendered distribution where the check does not look"
        : 'Served on the CloudFront domain until the bureau attaches its own domain and ACM certificate',
    });
    if (props.cdn === 'china') {
      distribution.acknowledge({
        id: 'AwsSolutions::AwsSolutions-CFR7',
        reason:
          'CloudFront in the AWS China regions has no origin access control; an origin access identity keeps the bucket private there',
      });
    }
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
    const { region, account } = nagEnvironment(stack);
    for (const finding of [
      'Resource::*',
      `Resource::arn:<AWS::Partition>:s3:::cdk-${stack.synthesizer.bootstrapQualifier ?? 'hnb659fds'}-assets-${account}-${region}/*`,
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
    return `https://${this.domainName}`;
  }
}
