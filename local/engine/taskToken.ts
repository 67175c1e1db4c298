import { randomBytes } from 'node:crypto';
import { SfnServiceError } from './errors.ts';

/**
 * A task token is `<execution ARN, base64url>.<32 random bytes, base64url>`: unguessable, and it
 * names its execution so that no global token index is needed.
 */
export function createTaskToken(executionArn: string): string {
  return `${Buffer.from(executionArn, 'utf8').toString('base64url')}.${randomBytes(32).toString('base64url')}`;
}

const TOKEN = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

/** The execution ARN a token belongs to; `InvalidToken` when it is not one of ours. */
export function executionArnOfTaskToken(taskToken: string): string {
  const encodedArn = TOKEN.exec(taskToken)?.[1];
  const executionArn = encodedArn ? Buffer.from(encodedArn, 'base64url').toString('utf8') : '';
  if (!executionArn.startsWith('arn:')) throw new SfnServiceError('InvalidToken', 'Invalid task token');
  return executionArn;
}
