import type {
  Acceptance,
  Dispatch,
  DispatchView,
  Objection,
  ObjectionRuling,
} from '#shared/dispatch/model.ts';
import type { DispatchState } from '#shared/dispatch/states.ts';
import { type Caller, hasRole, organizationKey } from '#shared/identity.ts';
import {
  type PartyRecord,
  type ShownActor,
  withoutAuditTrail,
  withShownBy,
} from '#shared/records/readViews.ts';
import type { WithAuditTrail } from '#shared/records/stagedTable.ts';

/** States the public-notice page shows to everyone signed in. */
export const publicStates: readonly DispatchState[] = ['in_notice', 'under_objection'];

/**
 * How a caller reads a dispatch, least data first: `public` as a notice board shows it,
 * `commissioner` and `enterprise` as a party to it, `bureau` everything.
 */
export type DispatchReader = 'public' | 'commissioner' | 'enterprise' | 'bureau';

/** The one place that decides how `caller` reads `dispatch`; undefined when they may not read it. */
export function dispatchReaderOf(caller: Caller, dispatch: Dispatch): DispatchReader | undefined {
  if (hasRole(caller, 'admin')) return 'bureau';
  if (hasRole(caller, 'commissioner') && caller.sub === dispatch.commissioner.id) return 'commissioner';
  if (
    hasRole(caller, 'enterprise') &&
    caller.organization !== undefined &&
    organizationKey(caller.organization) === organizationKey(dispatch.enterprise.name)
  ) {
    return 'enterprise';
  }
  return publicStates.includes(dispatch.state) ? 'public' : undefined;
}

/** The bureau's view: objections with their objectors (a page, and the cursor of the next), the whole audit trail. */
export function bureauView(
  dispatch: WithAuditTrail<Dispatch>,
  objections: readonly Objection[],
  objectionsCursor?: string,
): DispatchView {
  return { ...dispatch, objections, ...(objectionsCursor === undefined ? {} : { objectionsCursor }) };
}

type ShownBy<Item> = Omit<Item, 'by'> & { readonly by: ShownActor };

/** An objection as its objector sees it: theirs, with the bureau's ruling but not who ruled. */
export type ShownObjection = Omit<Objection, 'ruling'> & { readonly ruling?: ShownBy<ObjectionRuling> };

export function ownObjectionView(objection: Objection, reader: Caller): ShownObjection {
  const { ruling, ...rest } = objection;
  return { ...rest, ...(ruling ? { ruling: withShownBy(ruling, reader) } : {}) };
}

/** A party's view of a dispatch: no audit trail, no other objector's objection, nobody else's email. */
export type DispatchPartyView = Omit<
  PartyRecord<Dispatch>,
  'commissioner' | 'enterprise' | 'acceptances' | 'proposedBy' | 'ruling'
> & {
  readonly commissioner: Pick<Dispatch['commissioner'], 'name' | 'institution'> &
    Partial<Pick<Dispatch['commissioner'], 'id' | 'email' | 'researchOfficeEmail'>>;
  readonly enterprise: Omit<Dispatch['enterprise'], 'contactEmail'> &
    Partial<Pick<Dispatch['enterprise'], 'contactEmail'>>;
  readonly acceptances: {
    readonly commissioner?: ShownBy<Acceptance>;
    readonly enterprise?: ShownBy<Acceptance>;
  };
  readonly ruling?: ShownBy<ObjectionRuling>;
  readonly objections: readonly ShownObjection[];
};

/**
 * What the commissioner and the enterprise see of the dispatch they are party to. Each keeps
 * their own contact details; neither gets the other's email or user id: accepting or declining needs
 * no contact between them, and once they are dispatched the agreement names the parties with
 * their contacts for the cooperation. Objections: only the reader's own (the bureau rules on
 * the rest); `standingObjections` still says how many stand.
 */
export function partyView(
  dispatch: Dispatch,
  party: 'commissioner' | 'enterprise',
  reader: Caller,
  ownObjection: Objection | undefined,
): DispatchPartyView {
  const {
    proposedBy: _proposer,
    commissioner,
    enterprise,
    acceptances,
    ruling,
    ...rest
  } = withoutAuditTrail(dispatch);
  const { commissioner: commissionerAnswer, enterprise: enterpriseAnswer } = acceptances;
  return {
    ...rest,
    commissioner:
      party === 'commissioner'
        ? commissioner
        : { name: commissioner.name, institution: commissioner.institution },
    enterprise:
      party === 'enterprise'
        ? enterprise
        : {
            name: enterprise.name,
            creditCode: enterprise.creditCode,
            location: enterprise.location,
            problem: enterprise.problem,
          },
    acceptances: {
      ...(commissionerAnswer ? { commissioner: withShownBy(commissionerAnswer, reader) } : {}),
      ...(enterpriseAnswer ? { enterprise: withShownBy(enterpriseAnswer, reader) } : {}),
    },
    ...(ruling ? { ruling: withShownBy(ruling, reader) } : {}),
    objections: ownObjection ? [ownObjectionView(ownObjection, reader)] : [],
  };
}

/**
 * A dispatch under public notice as a notice board shows it (who is sent where, when the notice
 * runs, how to object), with the reader's own objection.
 */
export interface PublicNoticeView {
  readonly id: string;
  readonly state: DispatchState;
  readonly commissioner: Pick<Dispatch['commissioner'], 'name' | 'institution'>;
  readonly enterprise: Pick<Dispatch['enterprise'], 'name' | 'location'>;
  readonly notice?: Dispatch['notice'];
  /** While the notice is open: where to send an objection, and until when. */
  readonly howToObject?: { readonly method: 'POST'; readonly path: string; readonly until: string };
  readonly objections: readonly ShownObjection[];
}

export function publicNoticeView(
  dispatch: Dispatch,
  reader: Caller,
  ownObjection: Objection | undefined,
): PublicNoticeView {
  return {
    id: dispatch.id,
    state: dispatch.state,
    commissioner: { name: dispatch.commissioner.name, institution: dispatch.commissioner.institution },
    enterprise: { name: dispatch.enterprise.name, location: dispatch.enterprise.location },
    ...(dispatch.notice ? { notice: dispatch.notice } : {}),
    ...(dispatch.state === 'in_notice' && dispatch.notice
      ? {
          howToObject: {
            method: 'POST' as const,
            path: `/dispatches/${encodeURIComponent(dispatch.id)}/objections`,
            until: dispatch.notice.closesAt,
          },
        }
      : {}),
    objections: ownObjection ? [ownObjectionView(ownObjection, reader)] : [],
  };
}
