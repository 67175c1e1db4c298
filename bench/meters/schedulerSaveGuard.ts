import { LocalScheduler } from '#local/localScheduler.ts';

interface SavingScheduler {
  save(): Promise<void>;
}

/**
 * A workaround, not a meter. `LocalScheduler.save` writes `schedules.json.tmp` and renames it;
 * two saves at once (a CreateSchedule from one handler while the clock fires another schedule)
 * share that temporary file, so the second rename fails with ENOENT — and when the failing save
 * is the ticker's (`void scheduler.fireDue()`), the rejection is unhandled and the runtime exits.
 * With 200 commissioners that happens on the first period opening. This makes saves take turns
 * (each writes the whole map, so the last one still wins) and counts how many would have
 * overlapped, so the results can say so. The fix belongs in `local/localScheduler.ts`.
 */
export function serializeSchedulerSaves(): { overlapping(): number } {
  const prototype = LocalScheduler.prototype as unknown as SavingScheduler;
  const originalSave = prototype.save;
  let queue: Promise<void> = Promise.resolve();
  let inFlight = 0;
  let overlapping = 0;
  prototype.save = function saveInTurn(this: SavingScheduler) {
    if (inFlight > 0) overlapping += 1;
    inFlight += 1;
    const turn = queue
      .then(() => originalSave.call(this))
      .finally(() => {
        inFlight -= 1;
      });
    queue = turn.catch(() => undefined);
    return turn;
  };
  return { overlapping: () => overlapping };
}
