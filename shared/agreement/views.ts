import type { Agreement, CadenceChange, Signature } from '#shared/agreement/model.ts';
import type { Caller } from '#shared/identity.ts';
import type { ImportMark } from '#shared/programmeImport/importMark.ts';
import {
  type PartyRecord,
  type ShownActor,
  withoutAuditTrail,
  withShownBy,
} from '#shared/records/readViews.ts';

type ShownBy<Item> = Omit<Item, 'by'> & { readonly by: ShownActor };

/** An agreement as one of its three parties reads it. */
export type AgreementPartyView = Omit<
  PartyRecord<Agreement>,
  'signatures' | 'cadenceChanges' | 'imported'
> & {
  readonly signatures: readonly ShownBy<Signature>[];
  readonly cadenceChanges?: readonly ShownBy<CadenceChange>[];
  readonly imported?: ShownBy<ImportMark>;
};

/**
 * What the commissioner, the research office and the enterprise see of their agreement: the
 * terms, each party's name and contact email (they cooperate over the whole term, and a report
 * the enterprise disputes is settled between them), which party signed and when with the hash it
 * signed, the reason for its state; not the audit trail, nor who at the other parties or at the
 * bureau clicked (their own signature excepted).
 */
export function agreementPartyView(agreement: Agreement, reader: Caller): AgreementPartyView {
  const { signatures, cadenceChanges, imported, ...rest } = withoutAuditTrail(agreement);
  return {
    ...rest,
    ...(imported ? { imported: withShownBy(imported, reader) } : {}),
    signatures: signatures.map((signature) => withShownBy(signature, reader)),
    ...(cadenceChanges
      ? { cadenceChanges: cadenceChanges.map((change) => withShownBy(change, reader)) }
      : {}),
  };
}
