import { requireEnv } from '#shared/config.ts';

/** A link into the console for an email, e.g. `consoleLink('applications/123')`. */
export function consoleLink(path: string): string {
  return `${requireEnv('CONSOLE_URL').replace(/\/$/, '')}/#/${path}`;
}
