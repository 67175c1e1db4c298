import type { EvidenceFileType } from '#shared/limits.ts';

/**
 * The bytes each type's content begins with: what the file is, whatever its name or the type
 * the uploader declared says. PDF readers accept a header within the first kilobyte, but a PDF
 * written by any scanner or office suite starts with it.
 */
const signatures: Readonly<Record<EvidenceFileType, readonly number[]>> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

/** How many bytes of a file to read to tell its type. */
export const signatureLength = Math.max(...Object.values(signatures).map((bytes) => bytes.length));

/** Whether `head` (the file's first bytes) begins as a file of `type` does. */
export function contentIsOfType(type: EvidenceFileType, head: Uint8Array): boolean {
  const expected = signatures[type];
  return head.length >= expected.length && expected.every((byte, index) => head[index] === byte);
}
