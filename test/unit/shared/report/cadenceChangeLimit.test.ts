import { describe, expect, it, vi } from 'vitest';
import type { Agreement } from '#shared/agreement/model.ts';
import { ConflictError } from '#shared/errors.ts';
import { changeCadence, maxCadenceChanges } from '#shared/report/cadenceChange.ts';

/* The number of cadence changes a term allows, checked before anything is read or written. */

const store = vi.hoisted(() => ({ agreement: undefined as unknown, reads: 0 }));

vi.mock('#shared/agreement/agreementTable.ts', () => ({
  agreementTable: { get: async () => store.agreement },
}));
vi.mock('#shared/report/reportTable.ts', () => ({
  // The report workflow's record step names the table when its module loads; nothing here reads it.
  reportTable: {},
  listReportsOfAgreement: async () => {
    store.reads += 1;
    return [];
  },
}));

const admin = { sub: 'admin-sub', email: 'admin@kjj.example.gov.cn', roles: ['admin' as const] };
const change = (n: number) => ({
  cadence: n % 2 === 0 ? ('monthly' as const) : ('quarterly' as const),
  fromPeriod: n + 2,
  from: '2027-06-01',
  reason: '调整跟进频率',
  by: { ...admin, role: 'admin' as const },
  at: '2027-05-01T00:00:00.000Z',
});

describe('changing a cadence', () => {
  it(`is refused once the term's cadence changed ${maxCadenceChanges} times, reading nothing more`, async () => {
    store.agreement = {
      id: 'agreement-1',
      state: 'active',
      terms: { cadence: 'quarterly', termStart: '2027-01-01', termEnd: '2029-12-31' },
      cadenceChanges: Array.from({ length: maxCadenceChanges }, (_, n) => change(n)),
    } as unknown as Agreement;
    const refused = changeCadence(admin, 'agreement-1', { cadence: 'halfYearly', reason: '再次调整' });
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toThrow(`changed ${maxCadenceChanges} times already`);
    expect(store.reads).toBe(0);
  });
});
