import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError } from '#shared/errors.ts';
import { recordStep, recordStepWriteAttempts } from '#shared/records/recordStep.ts';
import {
  applyStep,
  type StagedRecord,
  type StepInput,
  type StepRules,
  systemActor,
} from '#shared/records/stagedRecord.ts';
import { StagedTable } from '#shared/records/stagedTable.ts';
import { useLocalTables } from '#test/support/localTables.ts';

/*
 * The generic record step against dynalite: it 404s naming the record, refuses what the
 * transitions refuse, writes nothing on a replay yet runs the follow-ups, enriches before the
 * write, and writes only on the version it read.
 */

type WidgetState = 'open' | 'closed';
type WidgetAction = 'close' | 'reopen';
interface Widget extends StagedRecord<WidgetState, WidgetAction> {
  readonly note?: string;
}
interface WidgetStepInput extends StepInput<WidgetAction> {
  readonly widgetId: string;
  readonly note?: string;
}

const rules: StepRules<WidgetState, WidgetAction, 'admin' | 'system'> = {
  transitions: [
    { from: 'open', action: 'close', actors: ['admin'], to: 'closed' },
    { from: 'closed', action: 'reopen', actors: ['admin'], to: 'open' },
  ],
  noun: 'a widget',
  actorKind: (actor) => (actor.role === 'admin' ? 'admin' : 'system'),
};

const widgets = new StagedTable<Widget>('WIDGET_TABLE', 'widget');
const admin = { sub: 'admin-sub', email: 'admin@kjj.example.gov.cn', role: 'admin' as const };

let widgetId: string;
let widgetCount = 0;

const close = (eventId: string, note?: string): WidgetStepInput => ({
  widgetId,
  action: 'close',
  actor: admin,
  eventId,
  ...(note ? { note } : {}),
});

const stored = async () => {
  const widget = await widgets.get(widgetId);
  if (!widget) throw new Error(`${widgetId} is not stored`);
  return widget;
};

useLocalTables({ WIDGET_TABLE: { name: 'Widgets' } });

beforeEach(async () => {
  widgetCount += 1;
  widgetId = `widget-${widgetCount}`;
  await widgets.create({
    id: widgetId,
    state: 'open',
    version: 1,
    recentAudit: [],
    auditPages: 0,
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-01T00:00:00.000Z',
  });
});

const plainStep = recordStep<Widget, WidgetStepInput>({
  table: widgets,
  rules,
  id: (input) => input.widgetId,
});

describe('recordStep', () => {
  it('404s naming the record without its article', async () => {
    const error = await plainStep({ ...close('e1'), widgetId: 'missing' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('No widget missing');
  });

  it('applies the transition with its audit entry and writes it on the next version', async () => {
    expect(await plainStep(close('e1'))).toEqual({ state: 'closed' });
    const widget = await stored();
    expect(widget).toMatchObject({ state: 'closed', version: 2 });
    expect(widget.recentAudit).toMatchObject([
      { action: 'close', from: 'open', to: 'closed', eventId: 'e1' },
    ]);
  });

  it('refuses a transition the rules do not allow, as applyStep does, and writes nothing', async () => {
    await plainStep(close('e1'));
    const error = await plainStep(close('e2')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe('a widget in state closed does not allow "close"');
    await expect(plainStep({ ...close('e3'), action: 'reopen', actor: systemActor })).rejects.toThrow(
      ForbiddenError,
    );
    expect(await stored()).toMatchObject({ state: 'closed', version: 2 });
  });

  it('refuses through `check` before applying, and writes nothing', async () => {
    const checked = recordStep<Widget, WidgetStepInput>({
      table: widgets,
      rules,
      id: (input) => input.widgetId,
      check: (_read, input) => {
        if (!input.note) throw new ConflictError('A widget closes with a note');
      },
    });
    await expect(checked(close('e1'))).rejects.toThrow('A widget closes with a note');
    expect(await stored()).toMatchObject({ state: 'open', version: 1 });
    expect(await checked(close('e1', 'done'))).toEqual({ state: 'closed' });
  });

  it('applies the transition `step` names when the input speaks its own action', async () => {
    const shut = recordStep<Widget, StepInput<'shut'> & { readonly widgetId: string }>({
      table: widgets,
      rules,
      id: (input) => input.widgetId,
      step: (input) => ({ ...input, action: 'close' }),
    });
    expect(await shut({ widgetId, action: 'shut', actor: admin, eventId: 'e1' })).toEqual({
      state: 'closed',
    });
    expect((await stored()).recentAudit).toMatchObject([{ action: 'close', eventId: 'e1' }]);
  });

  it('enriches the next record before the write, from the input and the record as read', async () => {
    const seen: { storedVersion: number; readVersion: number; nextVersion: number }[] = [];
    const enriched = recordStep<Widget, WidgetStepInput>({
      table: widgets,
      rules,
      id: (input) => input.widgetId,
      enrich: async (next, input, read) => {
        seen.push({
          storedVersion: (await stored()).version,
          readVersion: read.version,
          nextVersion: next.version,
        });
        return input.note ? { ...next, note: input.note } : next;
      },
    });
    await enriched(close('e1', 'closed for the winter'));
    expect(seen).toEqual([{ storedVersion: 1, readVersion: 1, nextVersion: 2 }]);
    expect(await stored()).toMatchObject({ state: 'closed', version: 2, note: 'closed for the winter' });
  });

  it('changes nothing on a replayed event, yet runs the follow-ups on the recorded record', async () => {
    const enriching: string[] = [];
    const followed: { state: WidgetState; version: number; note?: string; changed: boolean }[] = [];
    const step = recordStep<Widget, WidgetStepInput>({
      table: widgets,
      rules,
      id: (input) => input.widgetId,
      enrich: (next, input) => {
        enriching.push(input.eventId);
        return { ...next, note: input.note };
      },
      followUp: (recorded, _input, changed) => {
        followed.push({ state: recorded.state, version: recorded.version, note: recorded.note, changed });
      },
    });
    await step(close('e1', 'first'));
    expect(await step(close('e1', 'replayed'))).toEqual({ state: 'closed' });
    expect(enriching).toEqual(['e1']);
    expect(followed).toEqual([
      { state: 'closed', version: 2, note: 'first', changed: true },
      { state: 'closed', version: 2, note: 'first', changed: false },
    ]);
    const widget = await stored();
    expect(widget).toMatchObject({ version: 2, note: 'first' });
    expect(widget.recentAudit).toHaveLength(1);
  });

  /** Another writer changes the widget's note between the step's read and its write, `times` times. */
  const racedStep = (times: number, followUp: () => void) => {
    let interruptions = 0;
    return recordStep<Widget, WidgetStepInput>({
      table: widgets,
      rules,
      id: (input) => input.widgetId,
      enrich: async (next) => {
        if (interruptions < times) {
          interruptions += 1;
          const current = await stored();
          await widgets.replace({
            ...current,
            version: current.version + 1,
            note: `other writer ${interruptions}`,
          });
        }
        return next;
      },
      followUp,
    });
  };

  it('writes only on the version it read: after a write in between, it applies itself to the record as it now is', async () => {
    let followUps = 0;
    const raced = racedStep(recordStepWriteAttempts - 1, () => {
      followUps += 1;
    });
    await expect(raced(close('e1'))).resolves.toEqual({ state: 'closed' });
    expect(followUps).toBe(1);
    const widget = await stored();
    // The other writer's versions, then the step's on the last of them, keeping what the other wrote.
    expect(widget).toMatchObject({
      version: 1 + recordStepWriteAttempts,
      state: 'closed',
      note: `other writer ${recordStepWriteAttempts - 1}`,
    });
    expect(widget.recentAudit.map((entry) => entry.eventId)).toEqual(['e1']);
  });

  it('throws the conflict once it lost the write every time, and runs no follow-up', async () => {
    let followUps = 0;
    const raced = racedStep(recordStepWriteAttempts, () => {
      followUps += 1;
    });
    const error = await raced(close('e1')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).cause).toBeInstanceOf(ConditionalCheckFailedException);
    expect(followUps).toBe(0);
    const widget = await stored();
    expect(widget).toMatchObject({
      version: 1 + recordStepWriteAttempts,
      state: 'open',
      note: `other writer ${recordStepWriteAttempts}`,
    });
    expect(widget.recentAudit).toHaveLength(0);
  });

  it('is refused on the record as it now is when the write in between took the step already', async () => {
    const raced = recordStep<Widget, WidgetStepInput>({
      table: widgets,
      rules,
      id: (input) => input.widgetId,
      // Another writer closes the widget between this step's read and its write, once.
      enrich: async (next, _input, read) => {
        if (read.version === 1) {
          const other = applyStep(await stored(), close('other'), rules);
          if (other) await widgets.replace({ ...other, note: 'the other writer' });
        }
        return next;
      },
    });
    await expect(raced(close('e1'))).rejects.toBeInstanceOf(ConflictError);
    const widget = await stored();
    expect(widget).toMatchObject({ version: 2, state: 'closed', note: 'the other writer' });
    expect(widget.recentAudit.map((entry) => entry.eventId)).toEqual(['other']);
  });
});
