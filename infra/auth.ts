import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { OidcSignIn } from '#shared/consoleConfig.ts';
import { type ClaimMapping, defaultClaimMapping } from '#shared/signIn/claimMapping.ts';
import type { ExternalProvider } from '#shared/signIn/identityProvider.ts';

/**
 * How a deployment's people sign in, whoever the provider: what the API's JWT authorizer checks,
 * what the console is told, and which claims carry the verified email.
 */
export interface SignIn {
  /** The `iss` of the provider's tokens. */
  readonly issuer: string;
  /** The console's client id: the tokens' audience. */
  readonly audience: string;
  readonly console: OidcSignIn;
  readonly claims: ClaimMapping;
  /** Cognito's accounts the People API creates and disables; an external provider's are its own. */
  readonly directory:
    | { readonly kind: 'cognito'; readonly userPool: cognito.IUserPool }
    | { readonly kind: 'external' };
}

/** Sign-in through an OpenID Connect provider the bureau runs or chose: nothing to create for it here. */
export function externalSignIn(provider: ExternalProvider, consoleUrl: string): SignIn {
  return {
    issuer: provider.issuer,
    audience: provider.clientId,
    console: {
      kind: 'oidc',
      issuer: provider.issuer,
      authorizationEndpoint: provider.authorizationEndpoint,
      tokenEndpoint: provider.tokenEndpoint,
      ...(provider.endSessionEndpoint ? { endSessionEndpoint: provider.endSessionEndpoint } : {}),
      clientId: provider.clientId,
      redirectUri: `${consoleUrl}/`,
      scopes: provider.scopes,
      ...(provider.secondFactorAcrValues ? { secondFactorAcrValues: provider.secondFactorAcrValues } : {}),
    },
    claims: provider.claims,
    directory: { kind: 'external' },
  };
}

/**
 * What the console's client may ask for: who someone is and their address, and (COGNITO_ADMIN,
 * `aws.cognito.signin.user.admin`) setting up their own authenticator app; the attributes that
 * scope could also write are only name, locale and email.
 */
const consoleScopes = [
  cognito.OAuthScope.OPENID,
  cognito.OAuthScope.EMAIL,
  cognito.OAuthScope.PROFILE,
  cognito.OAuthScope.COGNITO_ADMIN,
];

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
 * Sign-in for everyone who uses the console: a Cognito user pool that says who someone is
 * (subject and verified email) and nothing about what they may do, which the system's own
 * membership records decide. Nobody signs themselves up: the bureau's invitation creates the
 * account, and Cognito's invitation email carries the temporary password.
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
      selfSignUpEnabled: false,
      userInvitation: {
        emailSubject: '科技特派员工作平台邀请 / Invitation to Commissioner Workflows',
        emailBody:
          '区科技局邀请您使用科技特派员工作平台。用户名：{username}，临时密码：{####}（首次登录时请修改）。<br>' +
          `The district science and technology bureau invites you to Commissioner Workflows at ${props.consoleUrl}/ . ` +
          'Username: {username}; temporary password: {####} (you choose your own when you first sign in).',
      },
      signInAliases: { email: true },
      autoVerify: { email: true },
      // A new address is used only once its owner has confirmed it: until then the old one stays.
      keepOriginal: { email: true },
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
      // Authorization no longer reads this attribute, and no app client may read or write it;
      // it stays in the schema because Cognito cannot remove a custom attribute from a pool.
      customAttributes: {
        organization: new cognito.StringAttribute({
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
    const consoleAttributes = new cognito.ClientAttributes().withStandardAttributes({
      email: true,
      fullname: true,
      locale: true,
    });
    this.consoleClient = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: consoleScopes,
        callbackUrls: [`${props.consoleUrl}/`],
        logoutUrls: [`${props.consoleUrl}/`],
      },
      preventUserExistenceErrors: true,
      // What a person may edit about themselves: their name, language and (verified) email.
      readAttributes: consoleAttributes.withStandardAttributes({ emailVerified: true }),
      writeAttributes: consoleAttributes,
    });
    this.redirectUri = `${props.consoleUrl}/`;
    this.signInDomain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.signInDomainPrefix ?? `commissioner-${Aws.ACCOUNT_ID}` },
      managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });
  }

  /**
   * The pool as an OpenID Connect provider. Its issuer is in the pool's Region under the
   * partition's domain (amazonaws.com, amazonaws.com.cn in China); its endpoints are on the
   * sign-in domain. Sign-out ends the Cognito session at `/logout`, which takes `client_id` and
   * `logout_uri` (the console sends them beside OpenID Connect's `post_logout_redirect_uri`); the
   * console's address is the client's sign-out URL.
   */
  signIn(): SignIn {
    const stack = Stack.of(this);
    const issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    const domain = this.signInDomain.baseUrl();
    return {
      issuer,
      audience: this.consoleClient.userPoolClientId,
      console: {
        kind: 'oidc',
        issuer,
        authorizationEndpoint: `${domain}/oauth2/authorize`,
        tokenEndpoint: `${domain}/oauth2/token`,
        endSessionEndpoint: `${domain}/logout`,
        clientId: this.consoleClient.userPoolClientId,
        redirectUri: this.redirectUri,
        scopes: consoleScopes.map((scope) => scope.scopeName),
        cognitoSecondFactorSetup: { endpoint: `https://cognito-idp.${stack.region}.${stack.urlSuffix}/` },
      },
      claims: defaultClaimMapping,
      directory: { kind: 'cognito', userPool: this.userPool },
    };
  }
}
