import type { JsonValue } from './asl.ts';
import { DATA_LIMIT_EXCEEDED, SfnServiceError, StatesError } from './errors.ts';

/** Execution input, state input and output, task results and SendTaskSuccess output (AWS quotas). */
export const MAX_PAYLOAD_BYTES = 262_144;

/** A Standard execution lasts at most one year; taken as 365 days. */
export const MAX_EXECUTION_SECONDS = 365 * 86_400;

/** AWS counts payload sizes in UTF-8 bytes (a Chinese character is 3). */
export function payloadBytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** SendTaskFailure's `error` and `cause` (API reference length constraints, in characters). */
export const MAX_ERROR_LENGTH = 256;
export const MAX_CAUSE_LENGTH = 32_768;

/** What an API call gets for a member over its length constraint (AWS JSON protocol validation). */
function tooLong(member: string, max: number): SfnServiceError {
  return new SfnServiceError(
    'ValidationException',
    `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
  );
}

/** Payload members (execution input, task output) are measured in UTF-8 bytes. */
export function assertPayloadMember(member: string, text: string): void {
  if (payloadBytes(text) > MAX_PAYLOAD_BYTES) throw tooLong(member, MAX_PAYLOAD_BYTES);
}

export function assertMemberLength(member: string, text: string | undefined, max: number): void {
  if (text !== undefined && text.length > max) throw tooLong(member, max);
}

/** A state's input, output or task result over the quota fails the state with `States.DataLimitExceeded`. */
export function assertStatePayload(stateName: string, what: 'input' | 'result', value: JsonValue): void {
  if (payloadBytes(JSON.stringify(value) ?? 'null') <= MAX_PAYLOAD_BYTES) return;
  throw new StatesError(
    DATA_LIMIT_EXCEEDED,
    what === 'result'
      ? `The state/task '${stateName}' returned a result with a size exceeding the maximum number of bytes service limit.`
      : `The state/task '${stateName}' has an input with a size exceeding the maximum number of bytes service limit.`,
  );
}
