import { describe, expect, it } from 'vitest';
import { type AgreementState, agreementStates, nextAgreementState } from '#shared/agreement/states.ts';
import { type DemandState, demandStates, nextDemandState } from '#shared/demand/states.ts';
import { type DispatchState, dispatchStates, nextDispatchState } from '#shared/dispatch/states.ts';
import { ConflictError, ForbiddenError } from '#shared/errors.ts';

describe('demand transitions', () => {
  it('go posted → verified → proposed → dispatched, with rematching in between', () => {
    expect(nextDemandState(null, 'enterprise', 'post')).toBe('awaiting_verification');
    expect(nextDemandState('awaiting_verification', 'admin', 'verify')).toBe('verified');
    expect(nextDemandState('verified', 'admin', 'propose')).toBe('proposed');
    expect(nextDemandState('proposed', 'system', 'rematch')).toBe('verified');
    expect(nextDemandState('proposed', 'system', 'dispatch')).toBe('dispatched');
  });

  it('go returned → awaiting verification when the enterprise resubmits', () => {
    expect(nextDemandState('awaiting_verification', 'admin', 'return')).toBe('returned');
    expect(nextDemandState('returned', 'enterprise', 'resubmit')).toBe('awaiting_verification');
  });

  it('refuse a second proposal while one is under way, and proposals by anyone but the bureau', () => {
    expect(() => nextDemandState('proposed', 'admin', 'propose')).toThrow(ConflictError);
    expect(() => nextDemandState('verified', 'enterprise', 'propose')).toThrow(ForbiddenError);
    expect(() => nextDemandState('awaiting_verification', 'enterprise', 'verify')).toThrow(ForbiddenError);
  });

  it.each(demandStates)('let a step fail in %s and a retry resume there', (state: DemandState) => {
    expect(nextDemandState(state, 'system', 'fail')).toBe('failed');
    expect(nextDemandState('failed', 'admin', 'retry', state === 'failed' ? 'verified' : state)).toBe(
      state === 'failed' ? 'verified' : state,
    );
  });
});

describe('dispatch transitions', () => {
  it('keep waiting while one party has accepted, and open the notice when both have', () => {
    expect(nextDispatchState(null, 'admin', 'propose')).toBe('awaiting_acceptance');
    expect(nextDispatchState('awaiting_acceptance', 'commissioner', 'accept')).toBe('awaiting_acceptance');
    expect(nextDispatchState('awaiting_acceptance', 'enterprise', 'accept')).toBe('awaiting_acceptance');
    expect(nextDispatchState('awaiting_acceptance', 'system', 'open_notice')).toBe('in_notice');
  });

  it('end declined or lapsed before the notice, and only the workflow decides a lapse', () => {
    expect(nextDispatchState('awaiting_acceptance', 'enterprise', 'decline')).toBe('declined');
    expect(nextDispatchState('awaiting_acceptance', 'system', 'lapse')).toBe('lapsed');
    expect(() => nextDispatchState('awaiting_acceptance', 'commissioner', 'lapse')).toThrow(ForbiddenError);
  });

  it('hold a standing objection for the bureau, who upholds or dismisses it', () => {
    expect(nextDispatchState('in_notice', 'system', 'hold_for_objection')).toBe('under_objection');
    expect(nextDispatchState('under_objection', 'admin', 'uphold')).toBe('withdrawn');
    expect(nextDispatchState('under_objection', 'admin', 'dismiss')).toBe('dispatched');
    expect(() => nextDispatchState('under_objection', 'enterprise', 'dismiss')).toThrow(ForbiddenError);
    expect(() => nextDispatchState('in_notice', 'admin', 'uphold')).toThrow(ConflictError);
  });

  it.each(['declined', 'lapsed', 'withdrawn', 'dispatched'] as const)(
    'take no answer once %s',
    (state: DispatchState) => {
      expect(() => nextDispatchState(state, 'commissioner', 'accept')).toThrow(ConflictError);
    },
  );

  it('lets any state fail', () => {
    for (const state of dispatchStates) expect(nextDispatchState(state, 'system', 'fail')).toBe('failed');
  });
});

describe('agreement transitions', () => {
  it('collect the three signatures, then the countersignature activates', () => {
    expect(nextAgreementState(null, 'admin', 'draft')).toBe('awaiting_signatures');
    for (const party of ['commissioner', 'institution', 'enterprise'] as const) {
      expect(nextAgreementState('awaiting_signatures', party, 'sign')).toBe('awaiting_signatures');
    }
    expect(nextAgreementState('awaiting_signatures', 'system', 'request_countersignature')).toBe(
      'awaiting_countersignature',
    );
    expect(nextAgreementState('awaiting_countersignature', 'admin', 'countersign')).toBe('active');
  });

  it('refuse a countersignature before every party signed, and by anyone but the bureau', () => {
    expect(() => nextAgreementState('awaiting_signatures', 'admin', 'countersign')).toThrow(ConflictError);
    expect(() => nextAgreementState('awaiting_countersignature', 'enterprise', 'countersign')).toThrow(
      ForbiddenError,
    );
  });

  it.each(['active', 'declined', 'lapsed'] as const)('take no signature once %s', (state: AgreementState) => {
    expect(() => nextAgreementState(state, 'commissioner', 'sign')).toThrow(ConflictError);
  });

  it('lets any state fail', () => {
    for (const state of agreementStates) expect(nextAgreementState(state, 'system', 'fail')).toBe('failed');
  });
});
