import { describe, expect, it } from 'vitest';
import type { Application, ApplicationView } from '#shared/application/model.ts';
import { applicationFormSchema } from '#shared/application/schema.ts';
import { firstRevision, maxRevisions, withNewRevision } from '#shared/records/revisions.ts';
import { dynamoItemBytes, dynamoItemLimitBytes } from '#shared/report/itemSize.ts';
import { longestEmail, maximalApplicationForm } from '#test/support/maximalForms.ts';

/** Lambda's limit on a synchronous function's response (AWS Lambda quotas: 6 MB). */
const lambdaResponseLimitBytes = 6 * 1024 * 1024;
const at = '2027-03-01T08:00:00.000Z';
const parts = {
  email: longestEmail('expert'),
  homeInstitution: '浙江工业大学',
  researchOfficeEmail: longestEmail('office'),
};
const maximal = (mark: string, fill?: string) =>
  applicationFormSchema.parse(maximalApplicationForm(mark, parts, fill));

/** An application resubmitted up to the limit, each revision a maximal form. */
function applicationAtTheLimit(): Application {
  let application: Application = {
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    state: 'awaiting_endorsement',
    revision: 1,
    version: 1,
    applicant: { sub: '0f8fad5b-d9cb-469f-a165-70867728950e', email: parts.email },
    form: maximal('第1版'),
    revisions: [firstRevision('0f8fad5b-d9cb-469f-a165-70867728950e', at)],
    auditPages: 0,
    recentAudit: [],
    createdAt: at,
    updatedAt: at,
  };
  while (application.revision < maxRevisions) {
    application = withNewRevision(application, maximal(`第${application.revision + 1}版`), at);
  }
  return application;
}

describe('an application within AWS limits at its most revisions', () => {
  it('takes a maximal Chinese form as valid', () => {
    const form = maximal('第1版');
    expect(form.statement).toHaveLength(2000);
    // Every Chinese character is 3 bytes in UTF-8: the form alone is about 10 KB in DynamoDB.
    expect(dynamoItemBytes({ form })).toBeGreaterThan(9_000);
  });

  it('keeps its item far under 400 KB with every revision summarised and a maximal current form', () => {
    const application = applicationAtTheLimit();
    expect(application.revisions).toHaveLength(maxRevisions);
    // The record's own fields take under 20 KB, leaving the rest of the item to what else it keeps.
    expect(dynamoItemBytes({ ...application, entity: 'application' })).toBeLessThan(20 * 1024);
    expect(dynamoItemBytes({ ...application, entity: 'application' })).toBeLessThan(dynamoItemLimitBytes);
  });

  it('answers every revision in full within a Lambda response, even in the form that is longest as JSON', () => {
    // The forms refuse control characters (6 bytes each in JSON, as \u0001) and lone surrogates
    // (as \ud800): the longest JSON is then Chinese, 3 bytes for each character the schema counts.
    const worst = maximal('研', '研');
    expect(worst.statement).toHaveLength(2000);
    const application = applicationAtTheLimit();
    const { recentAudit, auditPages: _pages, ...rest } = application;
    const view: ApplicationView = {
      ...rest,
      audit: recentAudit,
      form: worst,
      revisions: application.revisions.map((summary) => ({
        revision: summary.revision,
        submittedAt: summary.submittedAt,
        form: worst,
      })),
    };
    const bytes = Buffer.byteLength(JSON.stringify({ application: view }), 'utf8');
    expect(bytes).toBeLessThan(lambdaResponseLimitBytes / 4);
  });
});
