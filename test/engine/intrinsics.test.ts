import { describe, expect, it } from 'vitest';
import type { JsonValue } from '#local/engine/asl.ts';
import { StatesError } from '#local/engine/errors.ts';
import { evaluateIntrinsic } from '#local/engine/intrinsics.ts';

const data: JsonValue = {
  name: 'Ada',
  count: 3,
  list: [1, 2, 2, 3],
  json: '{"a":[1,2]}',
  csv: 'a,b;c',
  object: { x: 1 },
  template: 'Hi {}!',
};

function evaluate(expression: string): JsonValue {
  return evaluateIntrinsic(expression, data, { Execution: { Name: 'run-1' } });
}

function intrinsicErrorOf(expression: string): string {
  try {
    evaluate(expression);
  } catch (error) {
    if (error instanceof StatesError) return error.error;
    throw error;
  }
  throw new Error(`Expected ${expression} to fail`);
}

describe('intrinsic functions', () => {
  it.each([
    ["States.Format('Hello {}, you have {} items', $.name, $.count)", 'Hello Ada, you have 3 items'],
    ["States.Format('Literal \\{\\} and {}', $.name)", 'Literal {} and Ada'],
    ["States.Format('It\\'s {}', $$.Execution.Name)", "It's run-1"],
    ['States.Format($.template, $.name)', 'Hi Ada!'],
    ['States.StringToJson($.json)', { a: [1, 2] }],
    ['States.JsonToString($.object)', '{"x":1}'],
    ["States.Array('a', 1, true, null, $.count)", ['a', 1, true, null, 3]],
    ['States.ArrayGetItem($.list, 3)', 3],
    ['States.ArrayLength($.list)', 4],
    ['States.ArrayContains($.list, 2)', true],
    ['States.ArrayContains($.list, 9)', false],
    ['States.ArrayUnique($.list)', [1, 2, 3]],
    ['States.ArrayPartition($.list, 3)', [[1, 2, 2], [3]]],
    ['States.ArrayRange(1, 9, 3)', [1, 4, 7]],
    ['States.MathAdd($.count, -1)', 2],
    ["States.StringSplit($.csv, ',;')", ['a', 'b', 'c']],
    ["States.Base64Encode('héllo')", 'aMOpbGxv'],
    ["States.Base64Decode('aMOpbGxv')", 'héllo'],
    ["States.Hash('abc', 'SHA-256')", 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['States.JsonMerge($.object, States.StringToJson(\'{"y":2}\'), false)', { x: 1, y: 2 }],
    ["States.ArrayLength(States.Array(States.Format('{}', $.name), 'b'))", 2],
  ])('%s', (expression, expected) => {
    // Act
    const result = evaluate(expression);

    // Assert
    expect(result).toEqual(expected);
  });

  it('States.UUID gives a fresh v4 UUID each time', () => {
    // Act
    const [first, second] = [evaluate('States.UUID()'), evaluate('States.UUID()')];

    // Assert
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
  });

  it.each([
    ["States.Format('{} {}', $.name)", 'States.IntrinsicFailure'],
    ["States.StringToJson('not json')", 'States.IntrinsicFailure'],
    ['States.ArrayGetItem($.list, 10)', 'States.IntrinsicFailure'],
    ["States.MathAdd('1', 2)", 'States.IntrinsicFailure'],
    ['States.NoSuchFunction(1)', 'States.Runtime'],
    ["States.Format('unterminated)", 'States.Runtime'],
  ])('%s fails with %s', (expression, expectedError) => {
    // Act
    const error = intrinsicErrorOf(expression);

    // Assert
    expect(error).toBe(expectedError);
  });
});
