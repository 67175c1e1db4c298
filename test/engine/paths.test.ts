import { describe, expect, it } from 'vitest';
import type { JsonValue } from '#local/engine/asl.ts';
import { StatesError } from '#local/engine/errors.ts';
import { applyResultPath, parseReferencePath, readPath, selectPath } from '#local/engine/paths.ts';
import { applyPayloadTemplate } from '#local/engine/payloadTemplate.ts';

function statesErrorOf(action: () => unknown): StatesError {
  try {
    action();
  } catch (error) {
    if (error instanceof StatesError) return error;
    throw error;
  }
  throw new Error('Expected a StatesError');
}

describe('parseReferencePath', () => {
  it('splits dot, bracket and index segments', () => {
    // Act
    const segments = parseReferencePath("$.order['line items'][2].sku");

    // Assert
    expect(segments).toEqual(['order', 'line items', 2, 'sku']);
  });

  it('leaves wildcards and filters to jsonpath-plus', () => {
    // Act / Assert
    expect(parseReferencePath('$.items[*].id')).toBeUndefined();
    expect(parseReferencePath('$.items[?(@.n > 1)]')).toBeUndefined();
  });
});

describe('readPath', () => {
  const data: JsonValue = { a: { b: [10, 20, { c: 'deep' }] }, items: [{ n: 1 }, { n: 2 }, { n: 3 }] };

  it('reads a reference path', () => {
    // Act / Assert
    expect(readPath('$', data)).toBe(data);
    expect(readPath('$.a.b[2].c', data)).toBe('deep');
    expect(readPath("$['a']['b'][1]", data)).toBe(20);
  });

  it('reads the context object through $$', () => {
    // Arrange
    const context: JsonValue = { Task: { Token: 'secret' } };

    // Act
    const token = readPath('$$.Task.Token', data, context);

    // Assert
    expect(token).toBe('secret');
  });

  it('returns an array for an indefinite path', () => {
    // Act / Assert
    expect(readPath('$.items[*].n', data)).toEqual([1, 2, 3]);
    expect(readPath('$.items[?(@.n > 1)].n', data)).toEqual([2, 3]);
  });

  it('fails with States.Runtime when a reference path points to nothing', () => {
    // Act
    const error = statesErrorOf(() => readPath('$.a.missing', data));

    // Assert
    expect(error.error).toBe('States.Runtime');
  });
});

describe('selectPath (InputPath / OutputPath)', () => {
  it('keeps the value when absent and gives {} for null', () => {
    // Arrange
    const data: JsonValue = { x: 1 };

    // Act / Assert
    expect(selectPath(undefined, data, null)).toBe(data);
    expect(selectPath(null, data, null)).toEqual({});
    expect(selectPath('$.x', data, null)).toBe(1);
  });
});

describe('applyResultPath', () => {
  const input: JsonValue = { keep: true, nested: { old: 1 } };

  it('replaces the input for $ or no ResultPath, and discards the result for null', () => {
    // Act / Assert
    expect(applyResultPath(input, undefined, 'r')).toBe('r');
    expect(applyResultPath(input, '$', 'r')).toBe('r');
    expect(applyResultPath(input, null, 'r')).toBe(input);
  });

  it('writes into a copy, creating missing objects', () => {
    // Act
    const output = applyResultPath(input, '$.nested.result.value', 42);

    // Assert
    expect(output).toEqual({ keep: true, nested: { old: 1, result: { value: 42 } } });
    expect(input).toEqual({ keep: true, nested: { old: 1 } });
  });

  it('fails with States.ResultPathMatchFailure when the input is not an object', () => {
    // Act
    const error = statesErrorOf(() => applyResultPath('text', '$.result', 1));

    // Assert
    expect(error.error).toBe('States.ResultPathMatchFailure');
  });

  it('fails with States.ResultPathMatchFailure when a segment on the way is not an object', () => {
    // Act
    const error = statesErrorOf(() => applyResultPath({ a: 5 }, '$.a.b', 1));

    // Assert
    expect(error.error).toBe('States.ResultPathMatchFailure');
  });
});

describe('applyPayloadTemplate (Parameters / ResultSelector)', () => {
  it('resolves .$ fields from the data, the context object and intrinsics, recursively', () => {
    // Arrange
    const template: JsonValue = {
      static: 'kept',
      'name.$': '$.user.name',
      'token.$': '$$.Task.Token',
      nested: { 'greeting.$': "States.Format('Hello {}', $.user.name)" },
      list: [{ 'id.$': '$.user.id' }, 3],
    };
    const data: JsonValue = { user: { name: 'Ada', id: 7 } };
    const context: JsonValue = { Task: { Token: 'tok' } };

    // Act
    const output = applyPayloadTemplate(template, data, context);

    // Assert
    expect(output).toEqual({
      static: 'kept',
      name: 'Ada',
      token: 'tok',
      nested: { greeting: 'Hello Ada' },
      list: [{ id: 7 }, 3],
    });
  });

  it('fails with States.Runtime when a .$ field is not a string', () => {
    // Act
    const error = statesErrorOf(() => applyPayloadTemplate({ 'bad.$': 3 }, {}, null));

    // Assert
    expect(error.error).toBe('States.Runtime');
  });
});
