import { describe, expect, it } from 'vitest';
import type { ChoiceRule, ChoiceState, JsonValue } from '#local/engine/asl.ts';
import { chooseNextState, evaluateChoiceRule } from '#local/engine/choice.ts';
import { StatesError } from '#local/engine/errors.ts';

const data: JsonValue = {
  name: 'commissioner-42',
  amount: 150,
  limit: 100,
  approved: true,
  nothing: null,
  due: '2030-01-02T00:00:00Z',
  other: '2030-01-01T12:00:00+00:00',
  label: 'b',
};

describe('evaluateChoiceRule', () => {
  it.each<[ChoiceRule, boolean]>([
    [{ Variable: '$.name', StringEquals: 'commissioner-42' }, true],
    [{ Variable: '$.label', StringLessThan: 'c' }, true],
    [{ Variable: '$.label', StringGreaterThanEquals: 'c' }, false],
    [{ Variable: '$.name', StringMatches: 'commissioner-*' }, true],
    [{ Variable: '$.name', StringMatches: 'commissioner\\*' }, false],
    [{ Variable: '$.amount', NumericGreaterThan: 100 }, true],
    [{ Variable: '$.amount', NumericLessThanEquals: 150 }, true],
    [{ Variable: '$.amount', NumericGreaterThanPath: '$.limit' }, true],
    [{ Variable: '$.amount', NumericEquals: '150' }, false],
    [{ Variable: '$.name', NumericEquals: 150 }, false],
    [{ Variable: '$.approved', BooleanEquals: true }, true],
    [{ Variable: '$.due', TimestampGreaterThan: '2030-01-01T00:00:00Z' }, true],
    [{ Variable: '$.due', TimestampGreaterThanPath: '$.other' }, true],
    [{ Variable: '$.other', TimestampEquals: '2030-01-01T12:00:00Z' }, true],
    [{ Variable: '$.missing', IsPresent: false }, true],
    [{ Variable: '$.nothing', IsPresent: true }, true],
    [{ Variable: '$.nothing', IsNull: true }, true],
    [{ Variable: '$.name', IsString: true }, true],
    [{ Variable: '$.amount', IsNumeric: true }, true],
    [{ Variable: '$.approved', IsBoolean: true }, true],
    [{ Variable: '$.due', IsTimestamp: true }, true],
    [{ Variable: '$.name', IsTimestamp: true }, false],
    [
      {
        And: [
          { Variable: '$.approved', BooleanEquals: true },
          { Variable: '$.amount', NumericLessThan: 200 },
        ],
      },
      true,
    ],
    [
      {
        Or: [
          { Variable: '$.approved', BooleanEquals: false },
          { Variable: '$.amount', NumericLessThan: 100 },
        ],
      },
      false,
    ],
    [{ Not: { Variable: '$.approved', BooleanEquals: false } }, true],
    // And short-circuits, so IsPresent can guard a comparison on a missing field.
    [
      {
        And: [
          { Variable: '$.missing', IsPresent: true },
          { Variable: '$.missing', StringEquals: 'x' },
        ],
      },
      false,
    ],
  ])('%j is %s', (rule, expected) => {
    // Act
    const result = evaluateChoiceRule(rule, data, null);

    // Assert
    expect(result).toBe(expected);
  });

  it('fails with States.Runtime when a comparison reads a missing field', () => {
    // Act
    const act = () => evaluateChoiceRule({ Variable: '$.missing', StringEquals: 'x' }, data, null);

    // Assert
    expect(act).toThrowError(expect.objectContaining({ error: 'States.Runtime' }));
  });
});

describe('chooseNextState', () => {
  const state: ChoiceState = {
    Type: 'Choice',
    Choices: [
      { Variable: '$.amount', NumericGreaterThan: 1000, Next: 'Escalate' },
      { Variable: '$.approved', BooleanEquals: true, Next: 'Approve' },
    ],
    Default: 'Reject',
  };

  it('takes the first matching rule', () => {
    // Act / Assert
    expect(chooseNextState(state, { amount: 5000, approved: true }, null)).toBe('Escalate');
    expect(chooseNextState(state, { amount: 5, approved: true }, null)).toBe('Approve');
  });

  it('falls back to Default', () => {
    // Act / Assert
    expect(chooseNextState(state, { amount: 5, approved: false }, null)).toBe('Reject');
  });

  it('fails with States.NoChoiceMatched without a Default', () => {
    // Arrange
    const withoutDefault: ChoiceState = { ...state, Default: undefined };

    // Act
    const act = () => chooseNextState(withoutDefault, { amount: 5, approved: false }, null);

    // Assert
    expect(act).toThrowError(StatesError);
    expect(act).toThrowError(expect.objectContaining({ error: 'States.NoChoiceMatched' }));
  });
});
