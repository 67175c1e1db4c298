/**
 * The system's notion of "now". In AWS it is the real clock; the embedded runtime
 * shifts it forward (POST /local/clock) so that deadlines, reminders and escalations
 * days away can be reached in seconds, by tests and demos alike.
 */
let offsetMs = 0;

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

export function clockOffsetMs(): number {
  return offsetMs;
}

/** Only the embedded runtime calls this; the offset never goes backwards. */
export function setClockOffsetMs(ms: number): void {
  if (!Number.isFinite(ms) || ms < offsetMs) {
    throw new Error(`clock offset must be a number not below ${offsetMs}, got ${ms}`);
  }
  offsetMs = ms;
}
