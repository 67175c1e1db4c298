import type { Caller } from '#shared/identity.ts';
import type { ActorRef, OnBehalfOf, StagedRecord } from '#shared/records/stagedRecord.ts';

/**
 * Who acted, as someone other than the bureau sees it: the role they acted in, and their
 * user id and email only when the reader is that person. Other people's identities and
 * contact details stay with the bureau.
 */
export interface ShownActor {
  readonly role: ActorRef['role'];
  readonly sub?: string;
  readonly email?: string;
  /** The bureau recorded the step for this party: shown to every reader, with why. */
  readonly onBehalfOf?: OnBehalfOf;
}

export function shownActor(actor: ActorRef, reader: Caller): ShownActor {
  if (actor.sub === reader.sub) return actor;
  const party = actor.onBehalfOf;
  if (!party) return { role: actor.role };
  // The party's own identity only to the party; its role, organisation and the reason to all.
  const { sub, email, ...named } = party;
  return { role: actor.role, onBehalfOf: sub === reader.sub ? party : named };
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
 * their emails, is the bureau's to see), but with how it came to be in its state (the step, when,
 * and the reason given: why it was returned, disputed, declined or ended), which the party needs
 * to act on.
 */
export type PartyRecord<Record extends StagedRecord<string, string>> = Omit<
  Record,
  'recentAudit' | 'auditPages'
> & { readonly enteredState?: EnteredState<Record['recentAudit'][number]['action']> };

export interface EnteredState<Action extends string> {
  readonly action: Action;
  readonly at: string;
  readonly reason?: string;
}

export function withoutAuditTrail<Record extends StagedRecord<string, string>>(
  record: Record,
): PartyRecord<Record> {
  const { recentAudit, auditPages: _pages, ...rest } = record;
  // The move into the current state is the newest entry that reached it, always among the recent ones.
  const entry = recentAudit.findLast((each) => each.to === record.state);
  return {
    ...rest,
    ...(entry
      ? {
          enteredState: {
            action: entry.action,
            at: entry.at,
            ...(entry.reason ? { reason: entry.reason } : {}),
          },
        }
      : {}),
  };
}
