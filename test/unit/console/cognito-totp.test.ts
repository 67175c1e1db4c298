import { describe, expect, it } from 'vitest';
import {
  associateSoftwareToken,
  cognitoRequest,
  errorName,
  groupedSecret,
  otpauthUri,
  parsePendingSetup,
  preferSoftwareToken,
  sixDigitCode,
  verifySoftwareToken,
} from '#console/src/cognito-totp.ts';

const endpoint = 'https://cognito-idp.cn-north-1.amazonaws.com.cn/';
const accessToken = 'access.token.value';
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** Stands in for `fetch`: records each request and answers with the given status and JSON body. */
function answering(status: number, body: unknown, headers: Record<string, string> = {}) {
  const sent: { url: string; init: RequestInit }[] = [];
  const send = async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/x-amz-json-1.1', ...headers },
    });
  };
  return { send, sent };
}

describe('Cognito user pool requests', () => {
  it('are AWS JSON 1.1 POSTs naming the operation in x-amz-target', () => {
    // Act
    const request = cognitoRequest('AssociateSoftwareToken', { AccessToken: accessToken });

    // Assert
    expect(request).toEqual({
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.AssociateSoftwareToken',
      },
      body: JSON.stringify({ AccessToken: accessToken }),
    });
  });

  it('AssociateSoftwareToken sends the access token to the endpoint and gives the secret back', async () => {
    // Arrange
    const { send, sent } = answering(200, { SecretCode: secret });

    // Act
    const result = await associateSoftwareToken(endpoint, accessToken, send);

    // Assert
    expect(result).toEqual({ ok: true, value: secret });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe(endpoint);
    expect(sent[0]?.init.headers).toMatchObject({
      'x-amz-target': 'AWSCognitoIdentityProviderService.AssociateSoftwareToken',
    });
    expect(JSON.parse(String(sent[0]?.init.body))).toEqual({ AccessToken: accessToken });
  });

  it('AssociateSoftwareToken refuses an answer without a usable secret', async () => {
    for (const body of [{}, { SecretCode: 'short' }, { SecretCode: 'not a base32 secret!!' }, 'not json']) {
      const { send } = answering(200, body);
      await expect(associateSoftwareToken(endpoint, accessToken, send)).resolves.toEqual({
        ok: false,
        failure: { kind: 'other', name: 'InvalidResponse' },
      });
    }
  });

  it('VerifySoftwareToken sends the code and the device name, and takes SUCCESS', async () => {
    // Arrange
    const { send, sent } = answering(200, { Status: 'SUCCESS' });

    // Act
    const result = await verifySoftwareToken(endpoint, accessToken, '123456', send);

    // Assert
    expect(result).toEqual({ ok: true, value: undefined });
    expect(sent[0]?.init.headers).toMatchObject({
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.VerifySoftwareToken',
    });
    expect(JSON.parse(String(sent[0]?.init.body))).toEqual({
      AccessToken: accessToken,
      UserCode: '123456',
      FriendlyDeviceName: 'Commissioner Workflows',
    });
  });

  it('VerifySoftwareToken’s ERROR status is a wrong code', async () => {
    const { send } = answering(200, { Status: 'ERROR' });
    await expect(verifySoftwareToken(endpoint, accessToken, '123456', send)).resolves.toEqual({
      ok: false,
      failure: { kind: 'wrong-code' },
    });
  });

  it('SetUserMFAPreference turns the authenticator on as the preferred factor', async () => {
    // Arrange
    const { send, sent } = answering(200, {});

    // Act
    const result = await preferSoftwareToken(endpoint, accessToken, send);

    // Assert
    expect(result).toEqual({ ok: true, value: undefined });
    expect(sent[0]?.init.headers).toMatchObject({
      'x-amz-target': 'AWSCognitoIdentityProviderService.SetUserMFAPreference',
    });
    expect(JSON.parse(String(sent[0]?.init.body))).toEqual({
      AccessToken: accessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    });
  });
});

describe('Cognito errors', () => {
  it.each([
    ['CodeMismatchException', { kind: 'wrong-code' }],
    ['EnableSoftwareTokenMFAException', { kind: 'wrong-code' }],
    ['NotAuthorizedException', { kind: 'sign-in-again' }],
    ['TooManyRequestsException', { kind: 'other', name: 'TooManyRequestsException' }],
    ['SoftwareTokenMFANotFoundException', { kind: 'other', name: 'SoftwareTokenMFANotFoundException' }],
  ])('%s from VerifySoftwareToken is %o', async (type, failure) => {
    const { send } = answering(400, { __type: type, message: 'Cognito says why' });
    await expect(verifySoftwareToken(endpoint, accessToken, '123456', send)).resolves.toEqual({
      ok: false,
      failure,
    });
  });

  it('an expired access token at any step asks to sign in again', async () => {
    const { send } = answering(400, {
      __type: 'NotAuthorizedException',
      message: 'Access Token has expired',
    });
    const expected = { ok: false, failure: { kind: 'sign-in-again' } };
    await expect(associateSoftwareToken(endpoint, accessToken, send)).resolves.toEqual(expected);
    await expect(preferSoftwareToken(endpoint, accessToken, send)).resolves.toEqual(expected);
  });

  it('reads a qualified __type, else the x-amzn-errortype header, else the HTTP status', async () => {
    expect(errorName('com.amazonaws.cognito#CodeMismatchException')).toBe('CodeMismatchException');
    expect(errorName('NotAuthorizedException:http://internal.amazon.com/coral/')).toBe(
      'NotAuthorizedException',
    );
    expect(errorName(42)).toBeUndefined();

    const withHeader = answering(400, 'not json', { 'x-amzn-errortype': 'CodeMismatchException:' });
    await expect(verifySoftwareToken(endpoint, accessToken, '123456', withHeader.send)).resolves.toEqual({
      ok: false,
      failure: { kind: 'wrong-code' },
    });
    const bare = answering(503, 'Service Unavailable');
    await expect(preferSoftwareToken(endpoint, accessToken, bare.send)).resolves.toEqual({
      ok: false,
      failure: { kind: 'other', name: 'HTTP 503' },
    });
  });

  it('a request that never reaches Cognito is a NetworkError', async () => {
    const send = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(associateSoftwareToken(endpoint, accessToken, send)).resolves.toEqual({
      ok: false,
      failure: { kind: 'other', name: 'NetworkError' },
    });
  });
});

describe('what the person types and reads', () => {
  it('makes the otpauth Key URI with the issuer in the label and as a parameter', () => {
    expect(otpauthUri('li.wei+panel@bureau.example.gov.cn', secret)).toBe(
      `otpauth://totp/Commissioner%20Workflows:li.wei%2Bpanel%40bureau.example.gov.cn?secret=${secret}&issuer=Commissioner%20Workflows`,
    );
  });

  it('groups the secret by four for typing', () => {
    expect(groupedSecret('JBSWY3DPEHPK3PXPJB')).toBe('JBSW Y3DP EHPK 3PXP JB');
  });

  it('takes six digits, spaces allowed, and nothing else', () => {
    expect(sixDigitCode(' 123 456 ')).toBe('123456');
    expect(sixDigitCode('012345')).toBe('012345');
    expect(sixDigitCode('12345')).toBeUndefined();
    expect(sixDigitCode('1234567')).toBeUndefined();
    expect(sixDigitCode('12345a')).toBeUndefined();
  });

  it('reads back only a whole pending setup', () => {
    const setup = { idToken: 'id', accessToken: 'access', email: 'a@example.com' };
    expect(parsePendingSetup(JSON.stringify(setup))).toEqual(setup);
    expect(parsePendingSetup(null)).toBeUndefined();
    expect(parsePendingSetup('{"idToken":"id","email":"a@example.com"}')).toBeUndefined();
    expect(parsePendingSetup('not json')).toBeUndefined();
  });
});
