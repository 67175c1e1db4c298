import { createHash } from 'node:crypto';
import type { AgreementTerms } from '#shared/agreement/model.ts';

/** The hash every signature names: the terms in a fixed key order. */
export function hashTerms(terms: AgreementTerms): string {
  const canonical = JSON.stringify(terms, Object.keys(terms).sort().concat(Object.keys(terms.goals).sort()));
  return createHash('sha256').update(canonical).digest('hex');
}
