import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { organizationClaim, roles } from '#shared/identity.ts';

export interface AuthProps {
  /** Where the console is served; the app client may only redirect there. */
  readonly consoleUrl: string;
  /**
   * The prefix of the Cognito sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`).
   * @default `commissioner-<account id>`
   */
  readonly signInDomainPrefix?: string;
}

/**
 * Sign-in for everyone who uses the console: a Cognito user pool whose groups are the
 * roles, and a custom attribute naming an institution or enterprise user's organisation
 * (its claim is `custom:organization`, the same the embedded runtime issues).
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly consoleClient: cognito.UserPoolClient;
  readonly signInDomain: cognito.UserPoolDomain;
  /** Where Cognito sends people back to after signing in: the console's root. */
  readonly redirectUri: string;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        [organizationClaim.replace('custom:', '')]: new cognito.StringAttribute({
          minLen: 2,
          maxLen: 100,
          mutable: true,
        }),
      },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG2',
      reason:
        'MFA (TOTP) is offered to everyone; it is not forced on commissioners and enterprise staff who sign in a few times a year, and threat protection is on',
    });
    for (const role of roles) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Members act as ${role} in Commissioner Workflows`,
      });
    }
    this.consoleClient = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${props.consoleUrl}/`],
        logoutUrls: [`${props.consoleUrl}/`],
      },
      preventUserExistenceErrors: true,
    });
    this.redirectUri = `${props.consoleUrl}/`;
    this.signInDomain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.signInDomainPrefix ?? `commissioner-${Aws.ACCOUNT_ID}` },
      managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });
  }
}
