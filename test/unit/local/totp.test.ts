import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newTotpSecret, totpCode, totpMatches, totpUri } from '#local/totp.ts';

// RFC 6238 appendix B's SHA-1 secret ("12345678901234567890") in base32.
const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it("gives RFC 6238's SHA-1 test vectors (their last six digits)", () => {
    expect(totpCode(rfcSecret, 59_000)).toBe('287082');
    expect(totpCode(rfcSecret, 1_111_111_109_000)).toBe('081804');
    expect(totpCode(rfcSecret, 1_234_567_890_000)).toBe('005924');
    expect(totpCode(rfcSecret, 20_000_000_000_000)).toBe('353130');
  });

  it('takes the code of the step before, now and after, and no other', () => {
    fc.assert(
      fc.property(fc.integer({ min: 120_000, max: 4_000_000_000_000 }), (now) => {
        const secret = rfcSecret;
        expect(totpMatches(secret, totpCode(secret, now - 30_000), now)).toBe(true);
        expect(totpMatches(secret, totpCode(secret, now), now)).toBe(true);
        expect(totpMatches(secret, totpCode(secret, now + 30_000), now)).toBe(true);
        const stale = totpCode(secret, now - 90_000);
        const near = [-1, 0, 1].map((step) => totpCode(secret, now + step * 30_000));
        if (!near.includes(stale)) expect(totpMatches(secret, stale, now)).toBe(false);
      }),
    );
    expect(totpMatches(rfcSecret, '12345', 59_000)).toBe(false);
  });

  it('makes 160-bit base32 secrets and an otpauth URI an app can scan', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(totpUri(secret, 'a@b.example', '科技特派员')).toBe(
      `otpauth://totp/${encodeURIComponent('科技特派员:a@b.example')}?secret=${secret}&issuer=${encodeURIComponent('科技特派员')}`,
    );
  });
});
