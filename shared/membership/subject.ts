import { createHash } from 'node:crypto';

/**
 * The subject the embedded runtime's identity gives an email address: a UUID-shaped digest of
 * the lower-cased address, so local sign-in and a local invitation agree on who someone is.
 */
export function localSubjectFor(email: string): string {
  const digest = createHash('sha256').update(email.toLowerCase()).digest('hex');
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
}
