import { totpCode } from '#local/totp.ts';
import type { Role } from '#shared/identity.ts';
import { ApiClient } from '#test/support/apiClient.ts';
import { freshDataDir, startRuntimeProcess } from '#test/support/runtimeProcess.ts';

/** A signed-in user of the system under test. */
export interface TargetUser {
  readonly email: string;
  readonly token: string;
  /** The institution or enterprise an institution or enterprise user acts for. */
  readonly organization?: string;
}

/** The system a deployable test talks to: the embedded runtime, or a deployed stack. */
export interface Target {
  readonly api: ApiClient;
  /** Signs in the target's user for `role`. */
  user(role: Role): Promise<TargetUser>;
  /** Stops the runtime this process started; a deployed stack is left as it is. */
  stop(): Promise<void>;
}

function optionalEnv(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

function requiredEnv(name: string): string {
  const value = optionalEnv(name);
  if (!value) throw new Error(`${name} is not set; see "Testing against a deployed stack" in the README`);
  return value;
}

/** Organisations of the users the embedded runtime's bureau makes when no Cognito user pool is given. */
const localOrganizations: Partial<Record<Role, string>> = {
  institution: '测试大学',
  enterprise: '测试企业有限公司',
};

/** The local-only sign-in, after the seeded bureau admin has made the user's membership. */
async function localUser(api: ApiClient, role: Role): Promise<TargetUser> {
  const email = `test-${role}@example.test`;
  const organization = localOrganizations[role];
  return { email, organization, token: await api.signIn(email, role, organization) };
}

/**
 * A password sign-in through Cognito's public JSON API. The API's JWT authorizer takes the ID token
 * (its `aud` is the app client); what the user may do is their membership, which the bureau made
 * (People page) for each test user.
 */
async function cognitoUser(
  api: ApiClient,
  region: string,
  clientId: string,
  role: Role,
): Promise<TargetUser> {
  const email = requiredEnv(`TEST_USER_${role.toUpperCase()}_EMAIL`);
  const cognitoCall = async (operation: string, request: Record<string, unknown>) => {
    const response = await fetch(`https://cognito-idp.${region}.amazonaws.com/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
      },
      body: JSON.stringify(request),
    });
    return {
      response,
      body: (await response.json()) as {
        AuthenticationResult?: { IdToken?: string };
        ChallengeName?: string;
        Session?: string;
        __type?: string;
        message?: string;
      },
    };
  };
  let { response, body } = await cognitoCall('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: email, PASSWORD: requiredEnv(`TEST_USER_${role.toUpperCase()}_PASSWORD`) },
  });
  // The bureau's and panel's users have TOTP on (their rights need it): the pool asks its code.
  const totpSecret = optionalEnv(`TEST_USER_${role.toUpperCase()}_TOTP_SECRET`);
  if (body.ChallengeName === 'SOFTWARE_TOKEN_MFA' && totpSecret) {
    ({ response, body } = await cognitoCall('RespondToAuthChallenge', {
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      ClientId: clientId,
      Session: body.Session,
      ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: totpCode(totpSecret, Date.now()) },
    }));
  }
  const token = body.AuthenticationResult?.IdToken;
  if (!response.ok || !token) {
    throw new Error(
      `Cognito sign-in of ${email} (${role}) failed with ${response.status}: ${
        body.ChallengeName ? `challenge ${body.ChallengeName}` : `${body.__type}: ${body.message}`
      }`,
    );
  }
  // The organisation is the membership's, which the bureau keeps: the API says it.
  const me = await api.request<{ organization?: string }>('GET', '/me', { token });
  if (me.status !== 200) throw new Error(`GET /me as ${email} (${role}) answered ${me.status}`);
  return { email, token, ...(me.body.organization ? { organization: me.body.organization } : {}) };
}

/**
 * `TEST_API_URL` set: the API at that address, signing in with Cognito when `TEST_COGNITO_REGION`
 * and `TEST_COGNITO_CLIENT_ID` are set (one user per role from `TEST_USER_<ROLE>_EMAIL`,
 * `_PASSWORD` and, for the bureau's, `_TOTP_SECRET`), else through the embedded runtime's own
 * identity provider (a runtime started by hand).
 * Unset: an embedded runtime of its own, over a fresh data directory.
 */
export async function startTarget(): Promise<Target> {
  const url = optionalEnv('TEST_API_URL');
  const runtime = url ? undefined : await startRuntimeProcess(await freshDataDir());
  const api = new ApiClient((url ?? runtime?.url ?? '').replace(/\/$/, ''));
  const region = optionalEnv('TEST_COGNITO_REGION');
  const clientId = optionalEnv('TEST_COGNITO_CLIENT_ID');
  if (runtime && (region || clientId)) {
    throw new Error(
      'TEST_COGNITO_REGION and TEST_COGNITO_CLIENT_ID need TEST_API_URL: the embedded runtime signs in locally',
    );
  }
  if (Boolean(region) !== Boolean(clientId)) {
    throw new Error('Set both TEST_COGNITO_REGION and TEST_COGNITO_CLIENT_ID, or neither');
  }
  return {
    api,
    user: (role) => (region && clientId ? cognitoUser(api, region, clientId, role) : localUser(api, role)),
    stop: async () => {
      await runtime?.stop();
    },
  };
}
