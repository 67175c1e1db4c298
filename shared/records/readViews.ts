import type { Caller } from '#shared/identity.ts';
import type { ActorRef, StagedRecord } from '#shared/records/stagedRecord.ts';

/**
 * Who acted, as someone other than the bureau sees it: the role they acted in, and their
 * user id and email only when the reader is that person. Other people's identities and
 * contact details stay with the bureau.
 */
export interface ShownActor {
  readonly role: ActorRef['role'];
  readonly sub?: string;
  readonly email?: string;
}

export function shownActor(actor: ActorRef, reader: Caller): ShownActor {
  return actor.sub === reader.sub ? actor : { role: actor.role };
}

/** An object with its `by` shown to `reader` as `shownActor` shows it. */
export function withShownBy<Item extends { readonly by: ActorRef }>(
  item: Item,
  reader: Caller,
): Omit<Item, 'by'> & { readonly by: ShownActor } {
  return { ...item, by: shownActor(item.by, reader) };
}

/**
 * A staged record as one of its parties reads it: without its audit trail (who did what, with
 * their emails, is the bureau's to see), but with the reason given for the state it is in (why
 * it was returned, declined or ended), which the party needs to act on.
 */
export type PartyRecord<Record extends StagedRecord<string, string>> = Omit<
  Record,
  'recentAudit' | 'auditPages'
> & { readonly stateReason?: string };

export function withoutAuditTrail<Record extends StagedRecord<string, string>>(
  record: Record,
): PartyRecord<Record> {
  const { recentAudit, auditPages: _pages, ...rest } = record;
  // The move into the current state is the newest entry that reached it, always among the recent ones.
  const reason = recentAudit.findLast((entry) => entry.to === record.state)?.reason;
  return { ...rest, ...(reason ? { stateReason: reason } : {}) };
}
