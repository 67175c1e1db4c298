import { describe, expect, it } from 'vitest';
import {
  type ApplicationAction,
  type ApplicationActor,
  type ApplicationState,
  applicationStates,
  nextApplicationState,
  terminalApplicationStates,
} from '#shared/application/states.ts';
import { ConflictError, ForbiddenError } from '#shared/errors.ts';

const actors: readonly ApplicationActor[] = ['applicant', 'institution', 'admin', 'system'];
const actions: readonly ApplicationAction[] = [
  'submit',
  'endorse',
  'decline',
  'approve',
  'reject',
  'return',
  'resubmit',
  'expire',
  'fail',
  'retry',
];
const openStates: readonly ApplicationState[] = ['awaiting_endorsement', 'under_review', 'returned'];

interface Move {
  readonly from: ApplicationState | null;
  readonly action: ApplicationAction;
  readonly actor: ApplicationActor;
  readonly to: ApplicationState;
}

/** The moves the programme allows, written out independently of the table under test. */
const allowedMoves: readonly Move[] = [
  { from: null, action: 'submit', actor: 'applicant', to: 'awaiting_endorsement' },
  { from: 'awaiting_endorsement', action: 'endorse', actor: 'institution', to: 'under_review' },
  { from: 'awaiting_endorsement', action: 'endorse', actor: 'admin', to: 'under_review' },
  { from: 'awaiting_endorsement', action: 'decline', actor: 'institution', to: 'endorsement_declined' },
  { from: 'awaiting_endorsement', action: 'decline', actor: 'admin', to: 'endorsement_declined' },
  { from: 'under_review', action: 'approve', actor: 'admin', to: 'approved' },
  { from: 'under_review', action: 'reject', actor: 'admin', to: 'rejected' },
  { from: 'under_review', action: 'return', actor: 'admin', to: 'returned' },
  { from: 'returned', action: 'resubmit', actor: 'applicant', to: 'awaiting_endorsement' },
  ...openStates.map((from): Move => ({ from, action: 'expire', actor: 'system', to: 'expired' })),
  // A workflow step can fail in any state, even after the decision (its notification) or during a retry.
  ...applicationStates.map((from): Move => ({ from, action: 'fail', actor: 'system', to: 'failed' })),
];

const label = (from: ApplicationState | null) => from ?? '(new)';

describe('nextApplicationState', () => {
  describe('allows', () => {
    it.each(allowedMoves.map((move) => [label(move.from), move.action, move.actor, move.to, move] as const))(
      'from %s: %s by the %s, leading to %s',
      (_from, _action, _actor, _to, move) => {
        // Act
        const next = nextApplicationState(move.from, move.actor, move.action);

        // Assert
        expect(next).toBe(move.to);
      },
    );

    it.each(openStates)('an admin retry of an application that failed in %s to resume there', (failedIn) => {
      // Act
      const next = nextApplicationState('failed', 'admin', 'retry', failedIn);

      // Assert
      expect(next).toBe(failedIn);
    });
  });

  describe('refuses', () => {
    it('a retry that does not say which state the application failed in, as a conflict', () => {
      // Act
      const attempt = () => nextApplicationState('failed', 'admin', 'retry');

      // Assert
      expect(attempt).toThrow(ConflictError);
    });

    it.each([
      ['awaiting_endorsement', 'endorse', 'applicant'],
      ['awaiting_endorsement', 'decline', 'system'],
      ['under_review', 'approve', 'institution'],
      ['under_review', 'reject', 'applicant'],
      ['under_review', 'return', 'system'],
      ['returned', 'resubmit', 'admin'],
      ['under_review', 'expire', 'admin'],
      ['returned', 'fail', 'admin'],
      ['failed', 'retry', 'institution'],
    ] as const)('from %s: %s by the %s, as forbidden', (from, action, actor) => {
      // Act
      const attempt = () => nextApplicationState(from, actor, action, 'under_review');

      // Assert
      expect(attempt).toThrow(ForbiddenError);
    });

    it('a submission made by anyone but the applicant, as forbidden', () => {
      for (const actor of ['institution', 'admin', 'system'] as const) {
        expect(() => nextApplicationState(null, actor, 'submit'), actor).toThrow(ForbiddenError);
      }
    });

    it.each([
      ['awaiting_endorsement', 'approve', 'admin'],
      ['under_review', 'endorse', 'institution'],
      ['returned', 'approve', 'admin'],
      ['under_review', 'resubmit', 'applicant'],
      ['awaiting_endorsement', 'submit', 'applicant'],
      ['failed', 'expire', 'system'],
      ['under_review', 'retry', 'admin'],
    ] as const)('from %s: %s (not allowed in that state), as a conflict', (from, action, actor) => {
      // Act
      const attempt = () => nextApplicationState(from, actor, action, 'under_review');

      // Assert
      expect(attempt).toThrow(ConflictError);
    });

    it.each(terminalApplicationStates)(
      'every decision in the terminal state %s, as a conflict',
      (terminal) => {
        for (const action of actions.filter((a) => a !== 'fail')) {
          for (const actor of actors) {
            expect(
              () => nextApplicationState(terminal, actor, action, 'under_review'),
              `${action} by ${actor}`,
            ).toThrow(ConflictError);
          }
        }
      },
    );
  });

  it('treats approved, rejected, endorsement_declined and expired as the terminal states', () => {
    // Assert
    expect([...terminalApplicationStates].sort()).toEqual(
      ['approved', 'endorsement_declined', 'expired', 'rejected'].sort(),
    );
  });

  it('allows exactly the listed moves: every other (state, action, actor) is refused with the right error', () => {
    // Arrange
    const froms: readonly (ApplicationState | null)[] = [null, ...applicationStates];
    const isAllowed = (from: ApplicationState | null, action: ApplicationAction, actor: ApplicationActor) =>
      (from === 'failed' && action === 'retry' && actor === 'admin') ||
      allowedMoves.some((m) => m.from === from && m.action === action && m.actor === actor);
    const someoneMay = (from: ApplicationState | null, action: ApplicationAction) =>
      actors.some((actor) => isAllowed(from, action, actor));

    for (const from of froms) {
      for (const action of actions) {
        for (const actor of actors) {
          const move = `${label(from)}: ${action} by ${actor}`;

          // Act
          const attempt = () => nextApplicationState(from, actor, action, 'under_review');

          // Assert
          if (isAllowed(from, action, actor)) {
            expect(attempt, move).not.toThrow();
          } else if (someoneMay(from, action)) {
            expect(attempt, move).toThrow(ForbiddenError);
          } else {
            expect(attempt, move).toThrow(ConflictError);
          }
        }
      }
    }
  });
});
