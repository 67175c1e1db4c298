import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommissionerStack } from '#infra/stack.ts';
import { entryMetadataKey } from '#infra/teamFunction.ts';
import { routes } from '#shared/api/routes.ts';
import {
  type CfnResource,
  consoleConfigOf,
  rendered,
  resourcesOfType,
  type SynthesizedStack,
  synthesizeStack,
} from './synthesizeStack.ts';

/** A bureau's own directory: it names the address `mail` and only issues addresses it owns. */
const bureauDirectory = {
  kind: 'oidc',
  issuer: 'https://id.kjj.example.gov.cn/realms/staff',
  clientId: 'commissioner-console',
  authorizationEndpoint: 'https://id.kjj.example.gov.cn/realms/staff/protocol/openid-connect/auth',
  tokenEndpoint: 'https://id.kjj.example.gov.cn/realms/staff/protocol/openid-connect/token',
  endSessionEndpoint: 'https://id.kjj.example.gov.cn/realms/staff/protocol/openid-connect/logout',
  secondFactorAcrValues: 'mfa',
  claims: { email: 'mail', emailVerified: 'provider-verifies-all' },
};

const idOf = (resources: Record<string, CfnResource>) => {
  const ids = Object.keys(resources);
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};

/** The authorizer every signed-in route uses: its issuer and audience as text. */
function authorizerOf(synthesized: SynthesizedStack): { issuer: string; audience: string[] } {
  const authorizers = resourcesOfType(synthesized.template, 'AWS::ApiGatewayV2::Authorizer');
  const id = idOf(authorizers);
  const signedInRoutes = Object.values(
    resourcesOfType(synthesized.template, 'AWS::ApiGatewayV2::Route'),
  ).filter((route) => route.Properties?.AuthorizationType === 'JWT');
  expect(signedInRoutes).toHaveLength(routes.filter((route) => route.access !== 'public').length);
  for (const route of signedInRoutes) expect(route.Properties?.AuthorizerId).toEqual({ Ref: id });
  const properties = authorizers[id]?.Properties as {
    AuthorizerType: string;
    JwtConfiguration: { Issuer: unknown; Audience: unknown[] };
  };
  expect(properties.AuthorizerType).toBe('JWT');
  return {
    issuer: rendered(properties.JwtConfiguration.Issuer),
    audience: properties.JwtConfiguration.Audience.map(rendered),
  };
}

/** The HTTP functions with a signed-in route: each reads its callers' memberships. */
const signedInStages = new Set(
  routes.filter((route) => route.access === 'signed-in').map((route) => route.stage),
).size;

/** The HTTP functions (their entry is under `functions/http/`) that read the caller's membership. */
function signedInFunctions(synthesized: SynthesizedStack): CfnResource[] {
  return Object.values(resourcesOfType(synthesized.template, 'AWS::Lambda::Function')).filter(
    (fn) =>
      String(fn.Metadata?.[entryMetadataKey] ?? '').startsWith('functions/http/') &&
      (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
        ?.MEMBERSHIP_TABLE !== undefined,
  );
}

/** Each signed-in route's function's environment. */
function signedInFunctionEnvironments(synthesized: SynthesizedStack): Record<string, string | object>[] {
  const environments = signedInFunctions(synthesized).map(
    (fn) => (fn.Properties as { Environment: { Variables: Record<string, string> } }).Environment.Variables,
  );
  expect(environments).toHaveLength(signedInStages);
  return environments;
}

const functionOf = (synthesized: SynthesizedStack, entry: string) => {
  const matching = Object.values(resourcesOfType(synthesized.template, 'AWS::Lambda::Function')).filter(
    (fn) => JSON.stringify(fn.Metadata ?? {}).includes(entry),
  );
  expect(matching).toHaveLength(1);
  const environment = matching[0]?.Properties?.Environment as
    | { Variables?: Record<string, unknown> }
    | undefined;
  return environment?.Variables ?? {};
};

const resourceCount = (synthesized: SynthesizedStack) =>
  Object.keys(synthesized.template.toJSON().Resources as object).length;

describe('sign-in with the default, the stack’s own Cognito user pool', () => {
  let synthesized: SynthesizedStack;
  let poolId: string;
  let clientId: string;
  let domainId: string;

  beforeAll(() => {
    synthesized = synthesizeStack();
    poolId = idOf(resourcesOfType(synthesized.template, 'AWS::Cognito::UserPool'));
    clientId = idOf(resourcesOfType(synthesized.template, 'AWS::Cognito::UserPoolClient'));
    domainId = idOf(resourcesOfType(synthesized.template, 'AWS::Cognito::UserPoolDomain'));
  });

  afterAll(() => synthesized?.dispose());

  it("takes tokens whose issuer is the pool's, in the partition's domain, for the console's client", () => {
    // Act
    const { issuer, audience } = authorizerOf(synthesized);

    // Assert: amazonaws.com, or amazonaws.com.cn in the China Regions.
    expect(issuer).toBe(`https://cognito-idp.{AWS::Region}.{AWS::URLSuffix}/{${poolId}}`);
    expect(audience).toEqual([`{${clientId}}`]);
  });

  it("tells the console to sign in at the pool's domain with the pool as issuer", () => {
    // Act
    const config = consoleConfigOf(synthesized);

    // Assert
    const domain = `https://{${domainId}}.auth.{AWS::Region}.amazoncognito.com`;
    expect(config).toEqual({
      apiUrl: expect.stringMatching(/^\{Http\w+\.ApiEndpoint\}$/),
      signIn: {
        kind: 'oidc',
        issuer: authorizerOf(synthesized).issuer,
        authorizationEndpoint: `${domain}/oauth2/authorize`,
        tokenEndpoint: `${domain}/oauth2/token`,
        endSessionEndpoint: `${domain}/logout`,
        clientId: `{${clientId}}`,
        redirectUri: expect.stringMatching(/^https:\/\/\{Console\w+\.DomainName\}\/$/),
        scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
        cognitoSecondFactorSetup: { endpoint: 'https://cognito-idp.{AWS::Region}.{AWS::URLSuffix}/' },
      },
    });
  });

  it("lets sign-out come back to the console from the pool's /logout", () => {
    // Arrange
    const client = resourcesOfType(synthesized.template, 'AWS::Cognito::UserPoolClient')[clientId];

    // Assert: the console's address, where sign-in also comes back
    expect(client?.Properties?.LogoutURLs).toHaveLength(1);
    expect(client?.Properties?.LogoutURLs).toEqual(client?.Properties?.CallbackURLs);
  });

  it("asks only for scopes the pool's client allows", () => {
    // Arrange
    const client = resourcesOfType(synthesized.template, 'AWS::Cognito::UserPoolClient')[clientId];

    // Assert
    expect([...((client?.Properties?.AllowedOAuthScopes ?? []) as string[])].sort()).toEqual(
      [...consoleConfigOf(synthesized).signIn.scopes].sort(),
    );
  });

  it('reads the standard email claims on every signed-in route', () => {
    for (const variables of signedInFunctionEnvironments(synthesized)) {
      expect(variables).toMatchObject({ EMAIL_CLAIM: 'email', EMAIL_VERIFIED_CLAIM: 'email_verified' });
    }
  });

  it("learns a bureau or panel member's second factor from the pool on every signed-in route, and may only read users", () => {
    // Arrange
    const functions = signedInFunctions(synthesized);
    const policies = Object.values(resourcesOfType(synthesized.template, 'AWS::IAM::Policy'));
    const cognitoActionsOf = (fn: CfnResource) => {
      const [role] =
        (fn.Properties?.Role as { 'Fn::GetAtt': [string, string] } | undefined)?.['Fn::GetAtt'] ?? [];
      return policies
        .filter((policy) => JSON.stringify(policy.Properties?.Roles).includes(`"${role}"`))
        .flatMap(
          (policy) =>
            (
              policy.Properties?.PolicyDocument as
                | { Statement: { Action: string | string[]; Resource: unknown }[] }
                | undefined
            )?.Statement ?? [],
        )
        .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('cognito-idp:')))
        .map((statement) => ({ actions: [statement.Action].flat(), resource: statement.Resource }));
    };

    // Assert
    expect(functions).toHaveLength(signedInStages);
    for (const fn of functions) {
      expect(fn.Properties?.Environment).toMatchObject({
        Variables: { SECOND_FACTOR_EVIDENCE: 'cognito-totp', USER_POOL_ID: { Ref: poolId } },
      });
      const statements = cognitoActionsOf(fn);
      for (const { resource } of statements) expect(resource).toEqual({ 'Fn::GetAtt': [poolId, 'Arn'] });
      const actions = statements.flatMap((statement) => statement.actions);
      // Only the People function manages users as well.
      if (JSON.stringify(fn.Metadata).includes('functions/http/people.ts')) {
        expect(actions).toContain('cognito-idp:AdminGetUser');
      } else {
        expect(actions).toEqual(['cognito-idp:AdminGetUser']);
      }
    }
  });

  it('binds no invitation anywhere: Cognito gives the subject at the invitation', () => {
    expect(JSON.stringify(synthesized.template.toJSON())).not.toContain('BIND_INVITATIONS');
  });

  it('invites people through the pool', () => {
    expect(functionOf(synthesized, 'functions/http/people.ts')).toMatchObject({
      IDENTITY_DIRECTORY: 'cognito',
      USER_POOL_ID: { Ref: poolId },
    });
  });
});

describe('sign-in with an external OpenID Connect provider', () => {
  let synthesized: SynthesizedStack;
  let withCognito: SynthesizedStack;

  beforeAll(() => {
    // As `cdk.json` or `-c identityProvider=...` gives it: JSON text.
    synthesized = synthesizeStack({}, { identityProvider: JSON.stringify(bureauDirectory) });
    withCognito = synthesizeStack({}, { identityProvider: { kind: 'cognito' } });
  });

  afterAll(() => {
    synthesized?.dispose();
    withCognito?.dispose();
  });

  it("takes tokens of the provider's issuer for the console's client", () => {
    expect(authorizerOf(synthesized)).toEqual({
      issuer: bureauDirectory.issuer,
      audience: [bureauDirectory.clientId],
    });
  });

  it("tells the console the provider's endpoints, and the default scopes", () => {
    // Act
    const config = consoleConfigOf(synthesized);

    // Assert
    expect(config.signIn).toEqual({
      kind: 'oidc',
      issuer: bureauDirectory.issuer,
      authorizationEndpoint: bureauDirectory.authorizationEndpoint,
      tokenEndpoint: bureauDirectory.tokenEndpoint,
      endSessionEndpoint: bureauDirectory.endSessionEndpoint,
      clientId: bureauDirectory.clientId,
      redirectUri: expect.stringMatching(/^https:\/\/\{Console\w+\.DomainName\}\/$/),
      scopes: ['openid', 'email', 'profile'],
      secondFactorAcrValues: 'mfa',
    });
    expect(config.apiUrl).toMatch(/^\{Http\w+\.ApiEndpoint\}$/);
  });

  it('creates no Cognito resource, so the stack has fewer resources than with Cognito', () => {
    // Act
    const cognitoTypes = Object.values(synthesized.template.toJSON().Resources as Record<string, CfnResource>)
      .map((resource) => resource.Type)
      .filter((type) => type.startsWith('AWS::Cognito::'));

    // Assert
    expect(cognitoTypes).toEqual([]);
    expect(resourceCount(synthesized)).toBe(resourceCount(withCognito) - 3);
    expect(Object.keys(synthesized.template.toJSON().Outputs as object)).not.toContain('UserPoolId');
  });

  it("reads the email from the provider's claim, and needs no verified claim from a provider that verifies all", () => {
    for (const variables of signedInFunctionEnvironments(synthesized)) {
      expect(variables).toMatchObject({ EMAIL_CLAIM: 'mail', EMAIL_VERIFIED_CLAIM: 'provider-verifies-all' });
    }
  });

  it('emails invitations itself and touches no Cognito API', () => {
    // Act
    const people = functionOf(synthesized, 'functions/http/people.ts');
    const policies = JSON.stringify(resourcesOfType(synthesized.template, 'AWS::IAM::Policy'));

    // Assert
    expect(people).toMatchObject({
      IDENTITY_DIRECTORY: 'external',
      CONSOLE_URL: expect.anything(),
      EMAIL_FROM: expect.any(String),
      EMAIL_LOG_TABLE: expect.anything(),
    });
    expect(people).not.toHaveProperty('USER_POOL_ID');
    expect(policies).not.toContain('cognito-idp:');
    // The provider's tokens say how people signed in (`amr`), the default evidence.
    expect(JSON.stringify(synthesized.template.toJSON())).not.toContain('SECOND_FACTOR_EVIDENCE');
  });

  it('lets only the People function (GET /me) bind invitations, the one signed-in function that may write memberships', () => {
    // Arrange
    const binding = Object.entries(resourcesOfType(synthesized.template, 'AWS::Lambda::Function')).filter(
      ([, fn]) =>
        (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
          ?.BIND_INVITATIONS === 'true',
    );

    // Assert
    expect(binding).toHaveLength(1);
    expect(JSON.stringify(binding[0]?.[1].Metadata)).toContain('functions/http/people.ts');
    const role = binding[0]?.[1].Properties?.Role as { 'Fn::GetAtt': [string, string] } | undefined;
    const [getMeRole] = role?.['Fn::GetAtt'] ?? [];
    const writes = Object.values(resourcesOfType(synthesized.template, 'AWS::IAM::Policy')).filter(
      (policy) =>
        JSON.stringify(policy.Properties?.Roles) === JSON.stringify([{ Ref: getMeRole }]) &&
        JSON.stringify(policy.Properties?.PolicyDocument).includes('dynamodb:PutItem'),
    );
    expect(writes).toHaveLength(1);
  });
});

describe('a wrong identityProvider setting', () => {
  const synthesizeWith = (identityProvider: unknown) => () =>
    new CommissionerStack(
      new App({
        context: {
          identityProvider,
          'aws:cdk:bundling-stacks': [],
          '@aws-cdk/core:validateAgainstDefaultRules': false,
        },
      }),
      'Test',
      {
        consoleSiteDirectory: '/nonexistent',
        emailDomain: 'example.org',
        bureauEmail: 'bureau@example.org',
      },
    );

  it.each([
    [
      'a plain-HTTP issuer',
      { ...bureauDirectory, issuer: 'http://id.kjj.example.gov.cn' },
      /identityProvider\.issuer: must be an https:\/\/ URL/,
    ],
    [
      'no token endpoint',
      { ...bureauDirectory, tokenEndpoint: undefined },
      /identityProvider\.tokenEndpoint/,
    ],
    [
      'a misspelt field',
      { ...bureauDirectory, clientID: 'x' },
      /identityProvider: Unrecognized key: "clientID"/,
    ],
    [
      'scopes without email',
      { ...bureauDirectory, scopes: ['openid'] },
      /identityProvider\.scopes: must include openid and email/,
    ],
    [
      'a claim name with a space',
      { ...bureauDirectory, claims: { email: 'e mail' } },
      /identityProvider\.claims\.email/,
    ],
    ['an unknown kind', { kind: 'saml' }, /identityProvider\.kind: kind must be 'cognito' or 'oidc'/],
    ['text that is not JSON', '{kind: oidc}', /identityProvider: is not JSON/],
  ])('stops synthesis naming the field: %s', (_case, setting, message) => {
    expect(synthesizeWith(setting)).toThrow(message);
  });
});
