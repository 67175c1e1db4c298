import { afterEach, describe, expect, it } from 'vitest';
import { needsSecondFactor, signedInWithSecondFactor } from '#shared/membership/secondFactor.ts';
import { hasSecondFactor } from '#shared/membership/secondFactorCheck.ts';

const caller = (roles: string[]) => ({ sub: 's', email: 'e@x.example', roles }) as never;

describe('the second factor', () => {
  afterEach(() => {
    delete process.env.SECOND_FACTOR_EVIDENCE;
  });

  it('is needed by the bureau and the panel, and offered to everyone else', () => {
    expect(needsSecondFactor(caller(['admin']))).toBe(true);
    expect(needsSecondFactor(caller(['panel', 'commissioner']))).toBe(true);
    expect(needsSecondFactor(caller(['commissioner']))).toBe(false);
    expect(needsSecondFactor(caller(['institution']))).toBe(false);
    expect(needsSecondFactor(caller(['enterprise']))).toBe(false);
  });

  it("is shown by `mfa` in the token's amr, as a list or as API Gateway flattens it", () => {
    expect(signedInWithSecondFactor({ amr: ['pwd', 'otp', 'mfa'] })).toBe(true);
    expect(signedInWithSecondFactor({ amr: '[pwd otp mfa]' })).toBe(true);
    expect(signedInWithSecondFactor({ amr: ['pwd'] })).toBe(false);
    expect(signedInWithSecondFactor({ amr: '[pwd]' })).toBe(false);
    // One factor of a kind that can be a second is not two factors.
    expect(signedInWithSecondFactor({ amr: ['otp'] })).toBe(false);
    expect(signedInWithSecondFactor({ amr: 'pwdmfa' })).toBe(false);
    expect(signedInWithSecondFactor({})).toBe(false);
    expect(signedInWithSecondFactor(undefined)).toBe(false);
  });

  it('reads amr unless the deployment names other evidence, and refuses evidence it does not know', async () => {
    await expect(hasSecondFactor({ amr: '[pwd otp mfa]' })).resolves.toBe(true);
    process.env.SECOND_FACTOR_EVIDENCE = 'amr';
    await expect(hasSecondFactor({ amr: '[pwd]' })).resolves.toBe(false);
    process.env.SECOND_FACTOR_EVIDENCE = 'cognito-totp';
    // A Cognito token without its username names nobody to look up: no second factor.
    await expect(hasSecondFactor({ amr: '[pwd otp mfa]' })).resolves.toBe(false);
    process.env.SECOND_FACTOR_EVIDENCE = 'sms';
    await expect(hasSecondFactor({ amr: '[pwd otp mfa]' })).rejects.toThrow(
      /SECOND_FACTOR_EVIDENCE is sms; it must be one of amr, cognito-totp/,
    );
  });
});
