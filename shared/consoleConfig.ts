/**
 * What the console is told about where it runs (`config.json` beside it): the API's address and
 * the OpenID Connect provider people sign in with. Cognito and any other provider (a bureau's own
 * identity system, the embedded runtime's local provider) look the same: authorization code with
 * PKCE from a public client, so no secret is ever in a browser.
 */
export interface OidcSignIn {
  readonly kind: 'oidc';
  /** The provider's issuer (`iss` of its ID tokens). */
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  /** Where sign-out ends the provider's session too, when the provider has one. */
  readonly endSessionEndpoint?: string;
  /** The console's public client; the API's JWT authorizer takes it as the audience. */
  readonly clientId: string;
  /** The console's own address, registered with the provider. */
  readonly redirectUri: string;
  /** At least `openid` and `email`. */
  readonly scopes: readonly string[];
  /**
   * The `acr_values` that make the provider ask for (or set up) a second factor, when it has
   * such a value; without one, people set their second factor up where the provider says.
   */
  readonly secondFactorAcrValues?: string;
  /**
   * For a Cognito user pool, whose sign-in pages do not offer to set up an authenticator app: the
   * pool's API endpoint (`https://cognito-idp.<region>.<partition's domain>/`), where the console
   * sets one up for the signed-in person with their access token (AssociateSoftwareToken,
   * VerifySoftwareToken, SetUserMFAPreference); after that Cognito asks its code at every sign-in.
   */
  readonly cognitoSecondFactorSetup?: { readonly endpoint: string };
}

/**
 * The `acr_values` that ask a provider for a second factor: the OpenID PAPE multi-factor policy,
 * which the local provider (and e.g. Auth0) take. The console asks it of a bureau or panel member
 * whose sign-in had none.
 */
export const secondFactorAcr = 'http://schemas.openid.net/pape/policies/2007/06/multi-factor';

export interface ConsoleConfig {
  /** The API's base address; empty when the API is on the console's own origin. */
  readonly apiUrl: string;
  readonly signIn: OidcSignIn;
}
