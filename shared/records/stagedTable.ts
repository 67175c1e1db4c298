import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/dynamo.ts';
import { inBatches } from '#shared/records/inBatches.ts';
import { type AuditEntry, type StagedRecord, splitAudit } from '#shared/records/stagedRecord.ts';
import { VersionedTable } from '#shared/records/versionedTable.ts';

/** A page of older audit entries, in the record's own table: no index attribute, so no index sees it. */
export const auditPageId = (recordId: string, page: number) => `${recordId}#audit#${page}`;

const isAuditPageId = (id: string) => id.includes('#audit#');

/** Pages read at once when a trail is assembled. */
const pagesPerRead = 10;

/** A record as the API shows it: its whole audit trail, wherever the entries are stored. */
export type WithAuditTrail<Item extends StagedRecord<string, string>> = Omit<
  Item,
  'recentAudit' | 'auditPages'
> & { readonly audit: Item['recentAudit'] };

/**
 * A table of staged records. A write first stores the audit pages leaving the record (each
 * an idempotent put of entries already written), then the record conditionally: a crash
 * in between leaves a page the next write puts again, never an entry stored nowhere.
 */
export class StagedTable<Item extends StagedRecord<string, string>> extends VersionedTable<Item> {
  /**
   * A record stored before trails left the item keeps its whole trail as `audit`: it is read as
   * recent entries, and its next write pages them out.
   */
  protected override fromItem(stored: Record<string, unknown>): Item {
    const { audit, ...rest } = stored;
    return super.fromItem(
      Array.isArray(audit) && rest.recentAudit === undefined
        ? { ...rest, recentAudit: audit, auditPages: 0 }
        : stored,
    );
  }

  override async get(id: string): Promise<Item | undefined> {
    return isAuditPageId(id) ? undefined : super.get(id);
  }

  override async replace(next: Item): Promise<void> {
    const { record, pages } = splitAudit(next);
    for (const { page, entries } of pages) {
      await dynamo().send(
        new PutCommand({ TableName: this.tableName, Item: { id: auditPageId(record.id, page), entries } }),
      );
    }
    await super.replace(record);
  }

  /** The record's whole trail, oldest first: its stored pages, then its recent entries. */
  async auditTrail(record: Item): Promise<Item['recentAudit']> {
    const numbers = Array.from({ length: record.auditPages }, (_, page) => page);
    const pages = await inBatches(numbers, pagesPerRead, (page) => this.auditPage(record.id, page));
    return [...pages.flat(), ...record.recentAudit] as Item['recentAudit'];
  }

  private async auditPage(recordId: string, page: number): Promise<AuditEntry<string, string>[]> {
    const { Item: stored } = await dynamo().send(
      new GetCommand({
        TableName: this.tableName,
        Key: { id: auditPageId(recordId, page) },
        ConsistentRead: true,
      }),
    );
    // Written before the record that counts it: missing only if the table was tampered with.
    if (!stored) throw new Error(`Audit page ${page} of ${recordId} is missing`);
    return stored.entries as AuditEntry<string, string>[];
  }

  /** The record with its whole trail as `audit`, as the API shows it. */
  async withAuditTrail(record: Item): Promise<WithAuditTrail<Item>> {
    const { recentAudit: _recent, auditPages: _pages, ...rest } = record;
    return { ...rest, audit: await this.auditTrail(record) } as WithAuditTrail<Item>;
  }
}
