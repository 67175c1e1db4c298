import { z } from 'zod';
import { type EmailTransport, emailTransports } from '#shared/config.ts';
import type { IdentityProvider } from '#shared/signIn/identityProvider.ts';

/**
 * Which AWS services a deployment is built from. `standard`: Cognito (or any OpenID Connect
 * provider), SES (or SMTP), the console behind CloudFront with origin access control on its own
 * CloudFront domain. `china`: the AWS China regions (partition `aws-cn`), where Cognito user
 * pools, SES and CloudFront origin access control do not exist and CloudFront serves only an
 * ICP-filed domain of the customer's: an OpenID Connect provider, SMTP, and origin access identity
 * with the bureau's domain and IAM server certificate. The application code is the same.
 */
export const deploymentProfiles = ['standard', 'china'] as const;
export type DeploymentProfile = (typeof deploymentProfiles)[number];

/** The bureau's own address for the console, where CloudFront cannot serve on its own domain. */
export interface ConsoleDomain {
  /** The console's host name, pointed by a CNAME record at the distribution. */
  readonly domainName: string;
  /**
   * The ID (`ASCA…`) of the IAM server certificate for `domainName`, uploaded with the path
   * `/cloudfront/`: CloudFront in the China regions takes no ACM certificate.
   */
  readonly iamCertificateId: string;
}

/** What the profile picked for each part a Region may lack. */
export interface Deployment {
  readonly profile: DeploymentProfile;
  readonly emailTransport: EmailTransport;
  /** Which CloudFront serves the console: the global service, or CloudFront in the AWS China regions. */
  readonly consoleCdn: 'global' | 'china';
  /** Whether Lambda functions send X-Ray traces: Lambda in the AWS China regions has no X-Ray integration. */
  readonly functionTracing: boolean;
  /** @default none: the console is served on the distribution's CloudFront domain */
  readonly consoleDomain?: ConsoleDomain;
}

/** What a deployment was asked for: stack props, else CDK context (`-c profile=china`). */
export interface DeploymentSettings {
  /** @default `china` in a `cn-` Region, else `standard` */
  readonly profile?: unknown;
  /** The stack's Region, when synthesis knows it (else the template works out its partition at deploy time). */
  readonly region?: string;
  readonly identityProvider: IdentityProvider;
  /** @default `smtp` with the china profile, else `ses` */
  readonly emailTransport?: unknown;
  readonly consoleDomain?: unknown;
  readonly consoleCertificateId?: unknown;
}

const hostName = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a lower-case host name such as commissioner.kjj.example.gov.cn',
  );
// IAM's unique ids of server certificates begin ASCA (IAM identifiers, "Unique ID prefixes").
const iamCertificateId = z
  .string()
  .regex(/^ASCA[A-Z0-9]{12,124}$/, 'must be the ServerCertificateId IAM gave the upload (ASCA…)');

const settingsSchema = z.object({
  profile: z
    .enum(deploymentProfiles, { error: `must be one of ${deploymentProfiles.join(', ')}` })
    .optional(),
  emailTransport: z
    .enum(emailTransports, { error: `must be one of ${emailTransports.join(', ')}` })
    .optional(),
  consoleDomain: hostName.optional(),
  consoleCertificateId: iamCertificateId.optional(),
});

/**
 * Picks each part from the profile, or stops synthesis naming the setting that cannot work
 * there and why: a Cognito or SES deployment in China would fail half-way through a deploy.
 */
export function chooseDeployment(settings: DeploymentSettings): Deployment {
  const parsed = settingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new Error(
      `Invalid deployment settings:\n${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n')}`,
    );
  }
  const { emailTransport, consoleDomain, consoleCertificateId } = parsed.data;
  const inChina = settings.region?.startsWith('cn-') ?? false;
  const profile = parsed.data.profile ?? (inChina ? 'china' : 'standard');
  const problems: string[] = [];
  if (profile === 'standard') {
    if (inChina) {
      problems.push(
        `profile: ${settings.region} is an AWS China region, where Cognito user pools, SES and CloudFront origin access control do not exist; use the china profile`,
      );
    }
    if (consoleDomain !== undefined || consoleCertificateId !== undefined) {
      problems.push(
        'consoleDomain: the standard profile serves the console on its CloudFront domain; a domain of its own is for the china profile',
      );
    }
    if (problems.length > 0) throw new Error(`Invalid deployment settings:\n${problems.join('\n')}`);
    return { profile, emailTransport: emailTransport ?? 'ses', consoleCdn: 'global', functionTracing: true };
  }
  if (settings.identityProvider.kind !== 'oidc') {
    problems.push(
      'identityProvider: the china profile signs people in with an OpenID Connect provider ({"kind":"oidc",…}); Cognito user pools do not exist in the AWS China regions',
    );
  }
  if (emailTransport === 'ses') {
    problems.push(
      'emailTransport: SES does not exist in the AWS China regions; the china profile sends through SMTP',
    );
  }
  if (consoleDomain === undefined) {
    problems.push(
      "consoleDomain: CloudFront in the AWS China regions serves only the customer's own ICP-filed domain; name it",
    );
  }
  if (consoleCertificateId === undefined) {
    problems.push(
      'consoleCertificateId: CloudFront in the AWS China regions takes an IAM server certificate (path /cloudfront/) for the console domain; give its ID',
    );
  }
  if (problems.length > 0 || consoleDomain === undefined || consoleCertificateId === undefined) {
    throw new Error(`Invalid deployment settings for the china profile:\n${problems.join('\n')}`);
  }
  return {
    profile,
    emailTransport: 'smtp',
    consoleCdn: 'china',
    functionTracing: false,
    consoleDomain: { domainName: consoleDomain, iamCertificateId: consoleCertificateId },
  };
}
