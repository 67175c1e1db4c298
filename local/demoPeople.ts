import { minPasswordLength } from '#local/localAccounts.ts';
import type { Invitation } from '#shared/membership/schema.ts';

/**
 * The people `npm start` makes so every role can be tried at once, each signing in at the local
 * identity provider with the demo password. The bureau's admins come from BUREAU_ADMIN_EMAILS;
 * the expert has no membership: an applicant, who becomes a commissioner by applying.
 */
export const demoPeople: readonly Invitation[] = [
  { email: 'panel@bureau.example', roles: ['panel'] },
  { email: 'office@university.example', roles: ['institution'], organization: '浙江示范大学' },
  { email: 'contact@enterprise.example', roles: ['enterprise'], organization: '杭州示范智能装备有限公司' },
  { email: 'expert@university.example', roles: [] },
];

/** DEMO_PASSWORD, the password of the seeded admins and the demo people. */
export function demoPassword(): string {
  const password = process.env.DEMO_PASSWORD ?? 'commissioner-demo';
  if (password.length < minPasswordLength) {
    throw new Error(`DEMO_PASSWORD needs at least ${minPasswordLength} characters`);
  }
  return password;
}
