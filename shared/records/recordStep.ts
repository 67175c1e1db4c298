import { ConflictError, NotFoundError } from '#shared/errors.ts';
import {
  applyStep,
  type StagedRecord,
  type StepInput,
  type StepRules,
} from '#shared/records/stagedRecord.ts';

type StateOf<Item extends StagedRecord<string, string>> = Item['state'];
type ActionOf<Item extends StagedRecord<string, string>> = Item['recentAudit'][number]['action'];

/** What a record step needs of its table (`StagedTable`): a consistent read and the conditional replace. */
export interface RecordStepTable<Item> {
  get(id: string): Promise<Item | undefined>;
  replace(next: Item): Promise<void>;
}

/** When the input's action is the transition's own, the step applies the input as it is. */
type StepOf<Item extends StagedRecord<string, string>, Input> =
  Input extends StepInput<ActionOf<Item>>
    ? { readonly step?: (input: Input) => StepInput<ActionOf<Item>> }
    : { readonly step: (input: Input) => StepInput<ActionOf<Item>> };

export type RecordStepConfig<Item extends StagedRecord<string, string>, Input extends StepInput<string>> = {
  readonly table: RecordStepTable<Item>;
  readonly rules: StepRules<StateOf<Item>, ActionOf<Item>, string>;
  /** The record's id, from the step's input. */
  readonly id: (input: Input) => string;
  /** Refuses the step (by throwing) before it is applied, from the record as read; runs on a replay too. */
  readonly check?: (read: Item, input: Input) => void;
  /**
   * The next record's own fields, from the input and the record as read; only when the step changes
   * the record. Items the record will refer to are stored here, so before the record.
   */
  readonly enrich?: (next: Item, input: Input, read: Item) => Item | Promise<Item>;
  /**
   * After the write, and on a replayed step too (a retry may follow a crash between the write and
   * these): so each must be safe to repeat. `changed` is false when the event was applied already.
   */
  readonly followUp?: (recorded: Item, input: Input, changed: boolean) => Promise<void> | void;
} & StepOf<Item, Input>;

/**
 * How often a step whose write lost to another writer reads the record again and applies itself to
 * that: steps of one record race (an agreement's three signatures are recorded by three branches),
 * and Step Functions' retries of the conflict come back at the same moments for all of them.
 */
export const recordStepWriteAttempts = 4;

const lostTheWrite = (error: unknown) =>
  error instanceof ConflictError && error.refusal?.code === 'changedMeanwhile';

/**
 * A workflow's record step: loads the record (or 404s), applies the transition, enriches the next
 * record, writes it on the version read, then runs the follow-ups. A replayed event writes nothing.
 * A write that lost to another writer is made again on the record as it now is (the transition
 * checked again), up to `recordStepWriteAttempts` times; then the table's conflict is thrown, which
 * `stageTask` makes transient.
 */
export function recordStep<Item extends StagedRecord<string, string>, Input extends StepInput<string>>(
  config: RecordStepConfig<Item, Input>,
): (input: Input) => Promise<{ state: StateOf<Item> }> {
  // The rules name the record with its article ("a demand") for sentences; a 404 names it bare.
  const bareNoun = config.rules.noun.replace(/^an? /, '');
  const attempt = async (input: Input) => {
    const id = config.id(input);
    const read = await config.table.get(id);
    if (!read) throw new NotFoundError(`No ${bareNoun} ${id}`);
    config.check?.(read, input);
    // Without `step`, `Input` is a `StepInput` of the record's own actions (`StepOf`).
    const step = config.step ? config.step(input) : (input as StepInput<ActionOf<Item>>);
    const applied = applyStep<StateOf<Item>, ActionOf<Item>, string, Item>(read, step, config.rules);
    let recorded = read;
    if (applied) {
      recorded = config.enrich ? await config.enrich(applied, input, read) : applied;
      await config.table.replace(recorded);
    }
    await config.followUp?.(recorded, input, applied !== undefined);
    return { state: recorded.state };
  };
  return async (input) => {
    for (let made = 1; ; made += 1) {
      try {
        return await attempt(input);
      } catch (error) {
        if (!lostTheWrite(error) || made === recordStepWriteAttempts) throw error;
      }
    }
  };
}
