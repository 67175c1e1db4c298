import { z } from 'zod';
import { type ClaimMapping, defaultClaimMapping } from '#shared/signIn/claimMapping.ts';

/**
 * Who a deployment's people sign in with (CDK context `identityProvider`): the stack's own Cognito
 * user pool, or any OpenID Connect provider the bureau names (its own identity system, or one in a
 * Region without Cognito). Either way the console signs in with authorization code and PKCE, and
 * the API's JWT authorizer checks the token's issuer and audience.
 */
export type IdentityProvider = CognitoProvider | ExternalProvider;

export interface CognitoProvider {
  readonly kind: 'cognito';
}

export interface ExternalProvider {
  readonly kind: 'oidc';
  /** Exactly the `iss` of the provider's tokens; API Gateway finds its keys from its discovery document. */
  readonly issuer: string;
  /** The console's public client at the provider; the API takes it as the tokens' audience. */
  readonly clientId: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly endSessionEndpoint?: string;
  readonly scopes: readonly string[];
  readonly claims: ClaimMapping;
  /**
   * The `acr_values` that make the provider ask for (or set up) a second factor, which the
   * bureau's and panel's rights need (their tokens' `amr` must then say `mfa`).
   */
  readonly secondFactorAcrValues?: string;
}

const defaultScopes = ['openid', 'email', 'profile'];

// API Gateway fetches the issuer's discovery document and keys over HTTPS only, and a browser
// must never send a code or token over plain HTTP.
const httpsUrl = z
  .string()
  .refine((text) => URL.canParse(text) && new URL(text).protocol === 'https:', 'must be an https:// URL');

const claimName = z.string().regex(/^\S+$/, 'must be a claim name (no spaces)');

const externalSchema = z.strictObject({
  kind: z.literal('oidc'),
  issuer: httpsUrl,
  clientId: z.string().regex(/^\S+$/, 'must be the client id (no spaces)'),
  authorizationEndpoint: httpsUrl,
  tokenEndpoint: httpsUrl,
  endSessionEndpoint: httpsUrl.optional(),
  secondFactorAcrValues: z
    .string()
    .regex(/^\S+( \S+)*$/, 'must be space-separated acr values')
    .optional(),
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'must be a scope token (RFC 6749 §3.3)'))
    .refine(
      (scopes) => scopes.includes('openid') && scopes.includes('email'),
      'must include openid and email',
    )
    .default(defaultScopes),
  claims: z
    .strictObject({
      email: claimName.default(defaultClaimMapping.email),
      emailVerified: claimName.default(defaultClaimMapping.emailVerified),
    })
    .default(defaultClaimMapping),
});

const schema = z.discriminatedUnion(
  'kind',
  [z.strictObject({ kind: z.literal('cognito') }), externalSchema],
  {
    error: "kind must be 'cognito' or 'oidc'",
  },
);

/**
 * The identity provider a deployment names: an object (cdk.json) or its JSON text (`-c
 * identityProvider='{...}'`); Cognito when unset. Anything else stops synthesis with an error
 * naming each field that is wrong.
 */
export function identityProviderFrom(setting: unknown): IdentityProvider {
  if (setting === undefined) return { kind: 'cognito' };
  let value = setting;
  if (typeof setting === 'string') {
    try {
      value = JSON.parse(setting);
    } catch {
      throw new Error(`identityProvider: is not JSON: ${setting}`);
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${['identityProvider', ...issue.path].join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid identityProvider in the CDK context:\n${problems.join('\n')}`);
  }
  return parsed.data;
}
