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

/** What an API call gets for a member over its length constraint (AWS JSON protocol validation). */
export function assertPayloadMember(member: string, text: string): void {
  if (payloadBytes(text) > MAX_PAYLOAD_BYTES) {
    throw new SfnServiceError(
      'ValidationException',
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PAYLOAD_BYTES}`,
    );
  }
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
