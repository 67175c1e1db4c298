import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { secrets } from '#shared/aws/secrets.ts';
import { requireEnv } from '#shared/config.ts';

/**
 * The mail account the system sends through where SES does not exist (the China regions): a JSON
 * secret in Secrets Manager, named by `SMTP_SECRET_ARN`, so the password is never in the template
 * or the environment. The README's China section shows one.
 */
export const smtpSettingsSchema = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
  /**
   * `implicit`: TLS from the first byte (port 465); `starttls`: the server must offer STARTTLS, and
   * nothing is sent before it. Plain text is never used. @default implicit on 465, starttls otherwise
   */
  tls: z.enum(['implicit', 'starttls']).optional(),
  username: z.string().min(1),
  password: z.string().min(1),
  /** The sender: most mail services accept only their account's own address. */
  from: z.email('must be an email address'),
  /** A private certificate authority the server's certificate is checked against (PEM), for a bureau's own mail server. */
  ca: z.string().startsWith('-----BEGIN CERTIFICATE-----', 'must be a PEM certificate').optional(),
});

export type SmtpSettings = z.output<typeof smtpSettingsSchema>;

/** How long a warm instance keeps the settings before reading them again, so a rotated password is taken up. */
const settingsMaxAgeMs = 5 * 60 * 1000;

let cached: { secretId: string; settings: Promise<SmtpSettings>; readAt: number } | undefined;

async function readSettings(secretId: string): Promise<SmtpSettings> {
  const { SecretString } = await secrets().send(new GetSecretValueCommand({ SecretId: secretId }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(SecretString ?? '');
  } catch {
    throw new Error(`The SMTP settings secret ${secretId} is not JSON`);
  }
  const result = smtpSettingsSchema.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(secret)'}: ${issue.message}`,
    );
    throw new Error(`The SMTP settings secret ${secretId} is invalid: ${problems.join('; ')}`);
  }
  return result.data;
}

/** The SMTP settings, read from Secrets Manager on first use and again after five minutes. */
export function smtpSettings(): Promise<SmtpSettings> {
  const at = Date.now();
  const secretId = requireEnv('SMTP_SECRET_ARN');
  if (!cached || cached.secretId !== secretId || at - cached.readAt > settingsMaxAgeMs) {
    const settings = readSettings(secretId);
    // A failed read is not kept: the next send asks again.
    settings.catch(() => {
      if (cached?.settings === settings) cached = undefined;
    });
    cached = { secretId, settings, readAt: at };
  }
  return cached.settings;
}

/** Forgets the settings, so the next send reads them again (after the server refused the login). */
export function forgetSmtpSettings(): void {
  cached = undefined;
}
