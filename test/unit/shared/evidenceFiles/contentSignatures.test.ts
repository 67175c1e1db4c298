import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentIsOfType, signatureLength } from '#shared/evidenceFiles/contentSignatures.ts';
import { attachedFileIdsSchema, fileUploadRequestSchema } from '#shared/evidenceFiles/schema.ts';
import { evidenceFileLimits, evidenceFileTypes } from '#shared/limits.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);
const pdf = new TextEncoder().encode('%PDF-1.7\n');
const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46);
const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

describe('contentIsOfType', () => {
  it("accepts each type's own first bytes and refuses the others'", () => {
    const samples = { 'application/pdf': pdf, 'image/jpeg': jpeg, 'image/png': png } as const;
    for (const type of evidenceFileTypes) {
      for (const [sampleType, sample] of Object.entries(samples)) {
        expect(contentIsOfType(type, sample), `${type} of a ${sampleType}`).toBe(sampleType === type);
      }
    }
  });

  it('refuses a file shorter than its signature, and reads no more than signatureLength bytes', () => {
    expect(contentIsOfType('image/png', png.slice(0, 7))).toBe(false);
    expect(contentIsOfType('application/pdf', new Uint8Array())).toBe(false);
    expect(signatureLength).toBe(8);
  });

  it('refuses text that only names a type: a renamed text file is no PDF', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const content = new TextEncoder().encode(text);
        expect(contentIsOfType('application/pdf', content)).toBe(text.startsWith('%PDF-'));
        expect(contentIsOfType('image/png', content)).toBe(false);
      }),
    );
  });
});

describe('the upload request', () => {
  const valid = {
    owner: { kind: 'report', id: 'agreement-1.period-1' },
    name: '专利受理通知书.pdf',
    size: 1024,
    type: 'application/pdf',
  };

  it('takes a file of a known type up to the size limit', () => {
    expect(fileUploadRequestSchema.safeParse(valid).success).toBe(true);
    expect(fileUploadRequestSchema.safeParse({ ...valid, size: evidenceFileLimits.maxBytes }).success).toBe(
      true,
    );
  });

  it.each([
    ['an empty file', { size: 0 }],
    ['one byte over 20 MB', { size: evidenceFileLimits.maxBytes + 1 }],
    ['another type', { type: 'application/msword' }],
    ['a name over two lines', { name: 'a\nb.pdf' }],
    ['a record of another kind', { owner: { kind: 'demand', id: 'x' } }],
  ])('refuses %s', (_what, change) => {
    expect(fileUploadRequestSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it("takes at most a version's twenty files, each once", () => {
    const ids = Array.from({ length: evidenceFileLimits.perRecord + 1 }, (_, index) => `file-${index}`);
    expect(attachedFileIdsSchema.safeParse(ids.slice(1)).success).toBe(true);
    expect(attachedFileIdsSchema.safeParse(ids).success).toBe(false);
    expect(attachedFileIdsSchema.safeParse(['file-1', 'file-1']).success).toBe(false);
  });
});
