/**
 * Reads again until `accept` holds, as the console does after a step: on AWS, StartExecution and
 * SendTaskSuccess answer before the workflow moves on, so the next task or state appears a moment
 * later. Bounded in time; the error names what never appeared and the last value read.
 */
export async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 30_000,
  /** Between reads: the bench's many pollers space theirs out to stay under each route's throttle. */
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() >= deadline) {
      throw new Error(`${what}: not seen within ${timeoutMs} ms; last read ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
