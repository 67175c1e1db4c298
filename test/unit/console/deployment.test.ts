import { describe, expect, it } from 'vitest';
import { parseConsoleConfig } from '#console/src/deployment.ts';

const signIn = {
  kind: 'oidc',
  issuer: 'https://id.bureau.example.gov.cn/realms/commissioners',
  authorizationEndpoint: 'https://id.bureau.example.gov.cn/realms/commissioners/auth',
  tokenEndpoint: 'https://id.bureau.example.gov.cn/realms/commissioners/token',
  endSessionEndpoint: 'https://id.bureau.example.gov.cn/realms/commissioners/logout',
  clientId: 'commissioner-console',
  redirectUri: 'https://console.bureau.example.gov.cn/',
  scopes: ['openid', 'email'],
};
const valid = { apiUrl: 'https://api.bureau.example.gov.cn/', signIn };

describe('parseConsoleConfig', () => {
  it('takes a config that names an OpenID Connect provider, without the API address’s trailing slash', () => {
    // Act
    const parsed = parseConsoleConfig(valid);

    // Assert
    expect(parsed).toEqual({ config: { apiUrl: 'https://api.bureau.example.gov.cn', signIn } });
  });

  it('takes the acr_values that ask the provider for a second factor', () => {
    // Arrange
    const withSecondFactor = { ...signIn, secondFactorAcrValues: 'urn:example:mfa' };

    // Act
    const parsed = parseConsoleConfig({ ...valid, signIn: withSecondFactor });

    // Assert
    expect(parsed).toEqual({
      config: { apiUrl: 'https://api.bureau.example.gov.cn', signIn: withSecondFactor },
    });
  });

  it('takes a Cognito pool’s endpoint for setting up an authenticator app, with the scope its calls need', () => {
    // Arrange
    const cognito = {
      ...signIn,
      scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
      cognitoSecondFactorSetup: { endpoint: 'https://cognito-idp.cn-north-1.amazonaws.com.cn/' },
    };

    // Act
    const parsed = parseConsoleConfig({ ...valid, signIn: cognito });

    // Assert
    expect(parsed).toEqual({ config: { apiUrl: 'https://api.bureau.example.gov.cn', signIn: cognito } });
  });

  it('takes the embedded runtime’s: the API on the console’s origin, a provider with no sign-out endpoint', () => {
    // Arrange
    const { endSessionEndpoint: _, ...withoutSignOut } = signIn;

    // Act
    const parsed = parseConsoleConfig({
      apiUrl: '',
      signIn: { ...withoutSignOut, issuer: 'http://127.0.0.1:3000/oidc' },
    });

    // Assert
    expect(parsed).toEqual({
      config: { apiUrl: '', signIn: { ...withoutSignOut, issuer: 'http://127.0.0.1:3000/oidc' } },
    });
  });

  it.each([
    ['not an object', ['config'], '(root)'],
    ['an API address that is not a web address', { ...valid, apiUrl: 'api.example.com' }, 'apiUrl'],
    ['the old Cognito shape', { ...valid, signIn: { kind: 'cognito', domain: 'https://x' } }, 'signIn.kind'],
    ['the old local sign-in', { ...valid, signIn: { kind: 'local' } }, 'signIn.kind'],
    ['no issuer', { ...valid, signIn: { ...signIn, issuer: undefined } }, 'signIn.issuer'],
    [
      'a script for an endpoint',
      { ...valid, signIn: { ...signIn, tokenEndpoint: 'javascript:alert(1)' } },
      'signIn.tokenEndpoint',
    ],
    [
      'a relative sign-out endpoint',
      { ...valid, signIn: { ...signIn, endSessionEndpoint: '/logout' } },
      'signIn.endSessionEndpoint',
    ],
    ['an empty client id', { ...valid, signIn: { ...signIn, clientId: ' ' } }, 'signIn.clientId'],
    ['scopes without openid', { ...valid, signIn: { ...signIn, scopes: ['email'] } }, 'signIn.scopes'],
    ['scopes without email', { ...valid, signIn: { ...signIn, scopes: ['openid'] } }, 'signIn.scopes'],
    [
      'an empty second-factor acr_values',
      { ...valid, signIn: { ...signIn, secondFactorAcrValues: ' ' } },
      'signIn.secondFactorAcrValues',
    ],
    [
      'a Cognito setup endpoint without TLS',
      {
        ...valid,
        signIn: {
          ...signIn,
          scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
          cognitoSecondFactorSetup: { endpoint: 'http://cognito-idp.cn-north-1.amazonaws.com.cn/' },
        },
      },
      'signIn.cognitoSecondFactorSetup.endpoint',
    ],
    [
      'a Cognito setup with no endpoint',
      {
        ...valid,
        signIn: {
          ...signIn,
          scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
          cognitoSecondFactorSetup: 'https://cognito-idp.cn-north-1.amazonaws.com.cn/',
        },
      },
      'signIn.cognitoSecondFactorSetup.endpoint',
    ],
    [
      'a Cognito setup without the scope Cognito’s self-service calls need',
      {
        ...valid,
        signIn: {
          ...signIn,
          cognitoSecondFactorSetup: { endpoint: 'https://cognito-idp.cn-north-1.amazonaws.com.cn/' },
        },
      },
      'signIn.scopes',
    ],
    ['scopes as one string', { ...valid, signIn: { ...signIn, scopes: ['openid email'] } }, 'signIn.scopes'],
  ])('refuses %s, naming the field', (_case, config, field) => {
    expect(parseConsoleConfig(config)).toEqual({ field });
  });
});
