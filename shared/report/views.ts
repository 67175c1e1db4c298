import type { Caller } from '#shared/identity.ts';
import type { ImportMark } from '#shared/programmeImport/importMark.ts';
import {
  type PartyRecord,
  type ShownActor,
  withoutAuditTrail,
  withShownBy,
} from '#shared/records/readViews.ts';
import type { Report, ReportVersion, ReportVersionSummary } from '#shared/report/model.ts';

type ShownBy<Item> = Omit<Item, 'by'> & { readonly by: ShownActor };

/** A report as one of the agreement's parties reads it (in a list: `versions` are summaries). */
export type ReportPartyView<Version extends ReportVersion | ReportVersionSummary> = Omit<
  PartyRecord<Report>,
  'versions' | 'imported'
> & { readonly versions: readonly ShownBy<Version>[]; readonly imported?: ShownBy<ImportMark> };

/**
 * What the agreement's parties see of a report: every version (the counts, narrative and
 * evidence they submit, confirm or dispute), the parties' names and contacts as their agreement
 * shows them, the reason for its state (why it was returned or disputed); not the audit trail,
 * nor who else submitted a version (the commissioner's own excepted).
 */
export function reportPartyView<Version extends ReportVersion | ReportVersionSummary>(
  report: Report,
  versions: readonly Version[],
  reader: Caller,
): ReportPartyView<Version> {
  const { imported, ...rest } = withoutAuditTrail(report);
  return {
    ...rest,
    ...(imported ? { imported: withShownBy(imported, reader) } : {}),
    versions: versions.map((version) => withShownBy(version, reader)),
  };
}
