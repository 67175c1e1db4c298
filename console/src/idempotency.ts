import { ApiError } from './api.ts';

/** A v4 UUID; crypto.randomUUID exists only in secure contexts, which a console on a LAN address is not. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One key per form fill, so a double click or a retried request cannot file the same thing twice. A 4xx
 * answer means nothing was filed: the corrected form is a new request and gets a new key.
 */
export function idempotentSubmission<Input, Result>(
  send: (input: Input, idempotencyKey: string) => Promise<Result>,
): (input: Input) => Promise<Result> {
  let key = newIdempotencyKey();
  return async (input) => {
    try {
      return await send(input, key);
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) key = newIdempotencyKey();
      throw error;
    }
  };
}
