import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StagedRecord } from '#shared/records/stagedRecord.ts';
import { StagedTable } from '#shared/records/stagedTable.ts';

/* Reading a record stored before audit trails left the item, over an in-memory table. */

const table = vi.hoisted(() => new Map<string, Record<string, unknown>>());

vi.mock('#shared/aws/dynamo.ts', () => ({
  dynamo: () => ({
    send: async (command: { input: { Key?: { id: string } } }) => ({
      Item: command.input.Key ? table.get(command.input.Key.id) : undefined,
    }),
  }),
}));

type Demand = StagedRecord<'returned' | 'awaiting_verification', 'post' | 'return'>;
const demands = new StagedTable<Demand>('DEMAND_TABLE', 'demand');
const entry = (n: number) => ({
  at: `2027-01-0${n}T00:00:00.000Z`,
  actor: { sub: 'a', email: 'admin@example.gov.cn', role: 'admin' as const },
  action: 'return' as const,
  from: 'awaiting_verification' as const,
  to: 'returned' as const,
  reason: `第${n}次退回`,
  eventId: `e${n}`,
});

beforeEach(() => {
  process.env.DEMAND_TABLE = 'DemandTable';
  table.clear();
});

describe('a record stored with its whole trail in the item', () => {
  it('reads as recent entries, so steps, replays and the whole trail keep working', async () => {
    table.set('d1', {
      id: 'd1',
      state: 'returned',
      version: 3,
      audit: [entry(1), entry(2)],
      createdAt: '2027-01-01T00:00:00.000Z',
      updatedAt: '2027-01-02T00:00:00.000Z',
    });
    const demand = await demands.get('d1');
    expect(demand).toMatchObject({ recentAudit: [entry(1), entry(2)], auditPages: 0 });
    expect(demand && Object.keys(demand)).not.toContain('audit');
    expect(demand && (await demands.withAuditTrail(demand)).audit).toEqual([entry(1), entry(2)]);
  });

  it('reads a record of the present shape as it is', async () => {
    table.set('d2', {
      id: 'd2',
      state: 'returned',
      version: 2,
      recentAudit: [entry(1)],
      auditPages: 0,
      createdAt: '2027-01-01T00:00:00.000Z',
      updatedAt: '2027-01-02T00:00:00.000Z',
    });
    expect(await demands.get('d2')).toMatchObject({ recentAudit: [entry(1)], auditPages: 0 });
  });
});
