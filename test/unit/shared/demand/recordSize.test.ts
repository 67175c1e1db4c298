import { describe, expect, it } from 'vitest';
import type { Demand, DemandView } from '#shared/demand/model.ts';
import { demandFormSchema } from '#shared/demand/schema.ts';
import { firstRevision, maxRevisions, withNewRevision } from '#shared/records/revisions.ts';
import { dynamoItemBytes, dynamoItemLimitBytes } from '#shared/report/itemSize.ts';
import { maximalDemandForm, textOf } from '#test/support/maximalForms.ts';

/** Lambda's limit on a synchronous function's response (AWS Lambda quotas: 6 MB). */
const lambdaResponseLimitBytes = 6 * 1024 * 1024;
const at = '2027-03-01T08:00:00.000Z';
const enterprise = textOf(100, '杭州', '企');
const maximal = (mark: string, fill?: string) =>
  demandFormSchema.parse(maximalDemandForm(mark, fill ? textOf(100, '', fill) : enterprise, fill));

/** A demand revised up to the limit, each revision a maximal form. */
function demandAtTheLimit(): Demand {
  const id = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
  let demand: Demand = {
    id,
    state: 'awaiting_verification',
    revision: 1,
    version: 1,
    poster: { sub: id, email: 'boss@example.com', organization: enterprise },
    form: maximal('第1版'),
    revisions: [firstRevision(id, at)],
    auditPages: 0,
    recentAudit: [],
    createdAt: at,
    updatedAt: at,
  };
  while (demand.revision < maxRevisions) {
    demand = withNewRevision(demand, maximal(`第${demand.revision + 1}版`), at);
  }
  return demand;
}

describe('a demand within AWS limits at its most revisions', () => {
  it('takes a maximal Chinese form as valid', () => {
    const form = maximal('第1版');
    expect(form.problem).toHaveLength(2000);
    expect(dynamoItemBytes({ form })).toBeGreaterThan(8_000);
  });

  it('keeps its item far under 400 KB with every revision summarised and a maximal current form', () => {
    const demand = demandAtTheLimit();
    expect(demand.revisions).toHaveLength(maxRevisions);
    const item = { ...demand, entity: 'demand', enterpriseKey: enterprise };
    expect(dynamoItemBytes(item)).toBeLessThan(20 * 1024);
    expect(dynamoItemBytes(item)).toBeLessThan(dynamoItemLimitBytes);
  });

  it('answers every revision in full within a Lambda response, even in the form that is longest as JSON', () => {
    // The forms refuse control characters (6 bytes each in JSON, as \u0001) and lone surrogates
    // (as \ud800): the longest JSON is then Chinese, 3 bytes for each character the schema counts.
    const worst = maximal('研', '研');
    expect(worst.problem).toHaveLength(2000);
    const demand = demandAtTheLimit();
    const { recentAudit, auditPages: _pages, ...rest } = demand;
    const view: DemandView = {
      ...rest,
      audit: recentAudit,
      form: worst,
      revisions: demand.revisions.map((summary) => ({
        revision: summary.revision,
        submittedAt: summary.submittedAt,
        form: worst,
      })),
    };
    expect(Buffer.byteLength(JSON.stringify({ demand: view }), 'utf8')).toBeLessThan(
      lambdaResponseLimitBytes / 4,
    );
  });
});
