import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  functionsOf,
  resourcesOfType,
  rolesAllowed,
  type SynthesizedStack,
  synthesizeStack,
} from './synthesizeStack.ts';

/*
 * Email through SMTP (`emailTransport: 'smtp'`, for regions without SES): no SES identity, the
 * account's settings in a secret whose value is not in the template, and that secret readable by
 * the functions that send mail and by no other.
 */

let synthesized: SynthesizedStack;

beforeAll(() => {
  synthesized = synthesizeStack({ emailTransport: 'smtp' });
});

afterAll(() => synthesized?.dispose());

describe('Email through SMTP', () => {
  it('has no SES identity and grants no SES action', () => {
    expect(Object.keys(resourcesOfType(synthesized.template, 'AWS::SES::EmailIdentity'))).toEqual([]);
    expect([...rolesAllowed(synthesized.template, (action) => action.startsWith('ses:'))]).toEqual([]);
    expect(functionsOf(synthesized.template).filter((fn) => 'EMAIL_FROM' in fn.variables)).toEqual([]);
  });

  it('keeps the settings in a secret whose value is not in the template, and says where it is', () => {
    const secrets = Object.entries(resourcesOfType(synthesized.template, 'AWS::SecretsManager::Secret'));
    expect(secrets).toHaveLength(1);
    const [secretId, secret] = secrets[0] ?? [];
    expect(secret?.Properties).not.toHaveProperty('SecretString');
    expect(secret?.Properties).toHaveProperty('GenerateSecretString');
    synthesized.template.hasOutput('SmtpSettingsSecret', { Value: { Ref: secretId } });
  });

  it('lets exactly the functions that send mail read the secret, and names it to them', () => {
    const [secretId] = Object.keys(resourcesOfType(synthesized.template, 'AWS::SecretsManager::Secret'));
    const senders = functionsOf(synthesized.template).filter((fn) => 'EMAIL_LOG_TABLE' in fn.variables);
    const readers = rolesAllowed(
      synthesized.template,
      (action) => action === 'secretsmanager:GetSecretValue',
    );

    expect(senders.length).toBeGreaterThan(5);
    expect([...readers].sort()).toEqual(senders.map((fn) => fn.role).sort());
    for (const fn of functionsOf(synthesized.template)) {
      const sends = senders.some((sender) => sender.id === fn.id);
      expect(fn.variables.EMAIL_TRANSPORT, fn.id).toBe(sends ? 'smtp' : undefined);
      expect(fn.variables.SMTP_SECRET_ARN, fn.id).toEqual(sends ? { Ref: secretId } : undefined);
    }
  });
});
