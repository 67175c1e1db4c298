import { describe, expect, it } from 'vitest';
import { evidenceFileLimits } from '#shared/limits.ts';
import { outcomeCategories } from '#shared/outcomes.ts';
import { dynamoItemBytes, dynamoItemLimitBytes } from '#shared/report/itemSize.ts';
import { reportVersionIdFor, type StoredReportVersion } from '#shared/report/model.ts';
import { reportSubmissionSchema } from '#shared/report/schema.ts';
import { parseInput } from '#shared/validation.ts';

/** A three-byte character in UTF-8, as every common Chinese character is. */
const chinese = (length: number) => '研'.repeat(length);
const reference = 'A'.repeat(40);

/** Every kind of evidence entry at its schema maximum; the largest decides the worst case. */
const largestEntries = [
  { kind: 'patentApplication', number: 'CN200410018477.9', title: chinese(200) },
  { kind: 'project', number: reference, title: chinese(200) },
  { kind: 'certificate', number: reference, title: chinese(200) },
  { kind: 'training', date: '2027-12-31', topic: chinese(200), attendance: 10_000 },
];

function storedVersion(evidence: unknown): StoredReportVersion {
  const submission = parseInput(reportSubmissionSchema, {
    counts: Object.fromEntries(outcomeCategories.map((category) => [category, 10_000])),
    narrative: chinese(5000),
    evidence: Array.from({ length: 200 }, () => evidence),
  });
  // Each file as it is listed, its name at the longest.
  const files = Array.from({ length: evidenceFileLimits.perRecord }, (_, index) => ({
    id: `file-${index.toString().padStart(36, '0')}`,
    name: chinese(evidenceFileLimits.nameLength.max),
    size: evidenceFileLimits.maxBytes,
    type: 'application/pdf' as const,
  }));
  const reportId = `${'a'.repeat(190)}.period-99`;
  return {
    id: reportVersionIdFor(reportId, '8f14e45f-ceea-467f-a0e6-5b0b2f6c9a1d'),
    reportId,
    ...submission,
    files,
    submittedAt: '2027-12-31T23:59:59.999Z',
    by: { sub: 's'.repeat(128), email: `${'e'.repeat(64)}@${'d'.repeat(189)}`, role: 'commissioner' },
    version: 1,
  };
}

describe('a report version in its own item', () => {
  it('fits in one DynamoDB item with every field at its schema maximum, in Chinese, with its twenty files', () => {
    const worst = Math.max(...largestEntries.map((entry) => dynamoItemBytes({ ...storedVersion(entry) })));
    // About 150 KB: room for the schema as it is, but not for three versions in one item.
    expect(worst).toBeGreaterThan(140_000);
    expect(worst).toBeLessThan(dynamoItemLimitBytes);
    expect(dynamoItemLimitBytes).toBe(409_600);
    expect(3 * worst).toBeGreaterThan(dynamoItemLimitBytes);
  });
});

describe('dynamoItemBytes', () => {
  it('counts names and values as DynamoDB documents it', () => {
    // "id" 2 + "研究" 6; "n" 1 + 12345 (3 pairs of digits rounded up, + 1); "l" 1 + list 3 + 2 × (1 + 1).
    expect(dynamoItemBytes({ id: '研究', n: 12345, l: ['a', 'b'] })).toBe(8 + (1 + 4) + (1 + 3 + 4));
    // A map: 3 + per entry 1 + name + value.
    expect(dynamoItemBytes({ m: { k: 'v' } })).toBe(1 + 3 + 1 + 1 + 1);
    expect(dynamoItemBytes({ b: true, gone: undefined })).toBe(2);
  });
});
