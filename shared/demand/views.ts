import type { Demand, DemandRevision, DemandView } from '#shared/demand/model.ts';
import { type Caller, hasRole, organizationKey } from '#shared/identity.ts';
import { type PartyRecord, withoutAuditTrail } from '#shared/records/readViews.ts';

/** How a caller reads a demand: the bureau everything, the enterprise that posted it less. */
export type DemandReader = 'bureau' | 'enterprise';

/** The one place that decides how `caller` reads `demand`; undefined when they may not. */
export function demandReaderOf(caller: Caller, demand: Demand): DemandReader | undefined {
  if (hasRole(caller, 'admin')) return 'bureau';
  return hasRole(caller, 'enterprise') &&
    caller.organization !== undefined &&
    organizationKey(caller.organization) === organizationKey(demand.poster.organization)
    ? 'enterprise'
    : undefined;
}

/** A demand as its enterprise reads it. */
export type DemandPartyView = Omit<PartyRecord<Demand>, 'revisions' | 'poster'> & {
  readonly poster: Partial<Pick<Demand['poster'], 'sub' | 'email'>> & Pick<Demand['poster'], 'organization'>;
  readonly revisions: readonly DemandRevision[];
};

/**
 * The enterprise's view: every revision, the reason for the state it is in, no audit trail.
 * Colleagues at the enterprise see the demand but not who posted it (their email and user id are
 * the poster's own); the form's contact email is the enterprise's own contact.
 */
export function demandPartyView(
  demand: Demand,
  revisions: readonly DemandRevision[],
  reader: Caller,
): DemandPartyView {
  return {
    ...withoutAuditTrail(demand),
    poster: demand.poster.sub === reader.sub ? demand.poster : { organization: demand.poster.organization },
    revisions,
  };
}

/** The bureau's view: the record with its whole audit trail and every revision. */
export function demandBureauView(
  withTrail: Omit<DemandView, 'revisions'>,
  revisions: readonly DemandRevision[],
): DemandView {
  return { ...withTrail, revisions };
}
