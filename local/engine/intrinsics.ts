import { createHash, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { JsonValue } from './asl.ts';
import { runtimeError, StatesError } from './errors.ts';
import { isJsonObject, readPath } from './paths.ts';

/**
 * Intrinsic functions (`States.Format('{}', $.a)` and friends) as used in `.$` fields of
 * Parameters and ResultSelector. See
 * https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */

type IntrinsicArgument =
  | { kind: 'literal'; value: JsonValue; rawString?: string }
  | { kind: 'path'; path: string }
  | { kind: 'call'; name: string; args: IntrinsicArgument[] };

class IntrinsicParser {
  private index = 0;

  constructor(private readonly source: string) {}

  parseExpression(): IntrinsicArgument {
    const call = this.parseCall();
    this.skipSpaces();
    if (this.index !== this.source.length) this.fail('unexpected text after the closing parenthesis');
    return call;
  }

  private parseCall(): IntrinsicArgument {
    const name = /^States\.[A-Za-z0-9]+/.exec(this.source.slice(this.index))?.[0];
    if (!name) this.fail('expected a function name such as States.Format');
    this.index += name.length;
    this.skipSpaces();
    this.expect('(');
    const args: IntrinsicArgument[] = [];
    this.skipSpaces();
    if (this.peek() === ')') {
      this.index++;
      return { kind: 'call', name, args };
    }
    for (;;) {
      args.push(this.parseArgument());
      this.skipSpaces();
      const separator = this.peek();
      this.index++;
      if (separator === ')') return { kind: 'call', name, args };
      if (separator !== ',') this.fail("expected ',' or ')'");
      this.skipSpaces();
    }
  }

  private parseArgument(): IntrinsicArgument {
    const first = this.peek();
    if (first === "'") return this.parseString();
    if (first === '$') return { kind: 'path', path: this.scanPath() };
    if (this.source.startsWith('States.', this.index)) return this.parseCall();
    const token = /^[^,)\s]+/.exec(this.source.slice(this.index))?.[0];
    if (!token) this.fail('expected an argument');
    this.index += token.length;
    try {
      return { kind: 'literal', value: JSON.parse(token) as JsonValue };
    } catch {
      this.fail(`'${token}' is not a valid literal`);
    }
  }

  /** Keeps the escapes in `rawString` so that States.Format can tell `\{}` from `{}`. */
  private parseString(): IntrinsicArgument {
    const start = ++this.index;
    let value = '';
    while (this.index < this.source.length) {
      const char = this.source[this.index] ?? '';
      if (char === '\\') {
        value += this.source[this.index + 1] ?? '';
        this.index += 2;
        continue;
      }
      if (char === "'") {
        const rawString = this.source.slice(start, this.index);
        this.index++;
        return { kind: 'literal', value, rawString };
      }
      value += char;
      this.index++;
    }
    this.fail('unterminated string literal');
  }

  /** A path ends at the first ',' or ')' outside brackets, parentheses and quotes. */
  private scanPath(): string {
    const start = this.index;
    let depth = 0;
    let quote: string | undefined;
    for (; this.index < this.source.length; this.index++) {
      const char = this.source[this.index];
      if (quote) {
        if (char === quote) quote = undefined;
      } else if (char === "'" || char === '"') {
        quote = char;
      } else if (char === '[' || char === '(') {
        depth++;
      } else if ((char === ']' || char === ')') && depth > 0) {
        depth--;
      } else if ((char === ',' || char === ')') && depth === 0) {
        break;
      }
    }
    return this.source.slice(start, this.index).trim();
  }

  private peek(): string | undefined {
    return this.source[this.index];
  }

  private skipSpaces(): void {
    while (this.peek() === ' ') this.index++;
  }

  private expect(char: string): void {
    if (this.peek() !== char) this.fail(`expected '${char}'`);
    this.index++;
  }

  private fail(problem: string): never {
    throw runtimeError(`Invalid intrinsic function '${this.source}' at ${this.index}: ${problem}`);
  }
}

function intrinsicFailure(name: string, problem: string): StatesError {
  return new StatesError('States.IntrinsicFailure', `${name}: ${problem}`);
}

function typeName(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

class ArgumentList {
  constructor(
    private readonly name: string,
    private readonly values: JsonValue[],
  ) {}

  expectCount(min: number, max = min): void {
    if (this.values.length < min || this.values.length > max) {
      const expected = min === max ? `${min}` : `${min} to ${max}`;
      throw intrinsicFailure(this.name, `expects ${expected} arguments, got ${this.values.length}`);
    }
  }

  at(position: number): JsonValue {
    return this.values[position] ?? null;
  }

  rest(from: number): JsonValue[] {
    return this.values.slice(from);
  }

  string(position: number): string {
    const value = this.at(position);
    if (typeof value !== 'string') throw this.wrongType(position, 'a string', value);
    return value;
  }

  number(position: number): number {
    const value = this.at(position);
    if (typeof value !== 'number') throw this.wrongType(position, 'a number', value);
    return value;
  }

  integer(position: number): number {
    const value = this.number(position);
    if (!Number.isInteger(value)) throw this.wrongType(position, 'an integer', value);
    return value;
  }

  array(position: number): JsonValue[] {
    const value = this.at(position);
    if (!Array.isArray(value)) throw this.wrongType(position, 'an array', value);
    return value;
  }

  private wrongType(position: number, expected: string, value: JsonValue): StatesError {
    return intrinsicFailure(
      this.name,
      `argument ${position + 1} must be ${expected}, got ${typeName(value)}`,
    );
  }
}

const HASH_ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function formatTemplate(template: string, values: JsonValue[]): string {
  let output = '';
  let used = 0;
  for (let index = 0; index < template.length; index++) {
    const char = template[index];
    if (char === '\\') {
      output += template[index + 1] ?? '';
      index++;
    } else if (char === '{' && template[index + 1] === '}') {
      if (used >= values.length) throw intrinsicFailure('States.Format', 'more {} than arguments');
      const value = values[used++] ?? null;
      output += typeof value === 'string' ? value : JSON.stringify(value);
      index++;
    } else {
      output += char;
    }
  }
  if (used !== values.length) throw intrinsicFailure('States.Format', 'more arguments than {}');
  return output;
}

type IntrinsicFunction = (args: ArgumentList, rawArgs: IntrinsicArgument[]) => JsonValue;

const FUNCTIONS: Record<string, IntrinsicFunction> = {
  'States.Format': (args, rawArgs) => {
    args.expectCount(1, Number.POSITIVE_INFINITY);
    const templateArg = rawArgs[0];
    const template =
      templateArg?.kind === 'literal' && templateArg.rawString !== undefined
        ? templateArg.rawString
        : args.string(0).replaceAll('\\', '\\\\');
    return formatTemplate(template, args.rest(1));
  },
  'States.StringToJson': (args) => {
    args.expectCount(1);
    try {
      return JSON.parse(args.string(0)) as JsonValue;
    } catch {
      throw intrinsicFailure('States.StringToJson', 'the argument is not valid JSON');
    }
  },
  'States.JsonToString': (args) => {
    args.expectCount(1);
    return JSON.stringify(args.at(0));
  },
  'States.Array': (args) => args.rest(0),
  'States.ArrayPartition': (args) => {
    args.expectCount(2);
    const [array, size] = [args.array(0), args.integer(1)];
    if (size < 1) throw intrinsicFailure('States.ArrayPartition', 'the chunk size must be positive');
    const chunks: JsonValue[] = [];
    for (let start = 0; start < array.length; start += size) chunks.push(array.slice(start, start + size));
    return chunks;
  },
  'States.ArrayContains': (args) => {
    args.expectCount(2);
    const wanted = args.at(1);
    return args.array(0).some((item) => isDeepStrictEqual(item, wanted));
  },
  'States.ArrayRange': (args) => {
    args.expectCount(3);
    const [start, end, step] = [args.integer(0), args.integer(1), args.integer(2)];
    if (step === 0) throw intrinsicFailure('States.ArrayRange', 'the step must not be 0');
    const length = Math.max(0, Math.floor((end - start) / step) + 1);
    if (length > 1000) throw intrinsicFailure('States.ArrayRange', 'the range exceeds 1000 items');
    return Array.from({ length }, (_, index) => start + index * step);
  },
  'States.ArrayGetItem': (args) => {
    args.expectCount(2);
    const [array, index] = [args.array(0), args.integer(1)];
    const item = array[index];
    if (item === undefined) throw intrinsicFailure('States.ArrayGetItem', `index ${index} is out of range`);
    return item;
  },
  'States.ArrayLength': (args) => {
    args.expectCount(1);
    return args.array(0).length;
  },
  'States.ArrayUnique': (args) => {
    args.expectCount(1);
    const array = args.array(0);
    return array.filter(
      (item, index) => array.findIndex((other) => isDeepStrictEqual(item, other)) === index,
    );
  },
  'States.Base64Encode': (args) => {
    args.expectCount(1);
    return Buffer.from(args.string(0), 'utf8').toString('base64');
  },
  'States.Base64Decode': (args) => {
    args.expectCount(1);
    return Buffer.from(args.string(0), 'base64').toString('utf8');
  },
  'States.Hash': (args) => {
    args.expectCount(2);
    const algorithm = HASH_ALGORITHMS[args.string(1)];
    if (!algorithm) {
      throw intrinsicFailure('States.Hash', `the algorithm must be one of ${Object.keys(HASH_ALGORITHMS)}`);
    }
    const data = args.at(0);
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    return createHash(algorithm).update(text, 'utf8').digest('hex');
  },
  'States.JsonMerge': (args) => {
    args.expectCount(3);
    const [left, right, deep] = [args.at(0), args.at(1), args.at(2)];
    if (!isJsonObject(left) || !isJsonObject(right)) {
      throw intrinsicFailure('States.JsonMerge', 'both arguments must be objects');
    }
    if (deep !== false)
      throw intrinsicFailure('States.JsonMerge', 'only a shallow merge (false) is supported');
    return { ...left, ...right };
  },
  'States.MathAdd': (args) => {
    args.expectCount(2);
    return args.number(0) + args.number(1);
  },
  'States.StringSplit': (args) => {
    args.expectCount(2);
    const [text, delimiters] = [args.string(0), args.string(1)];
    // Every character of the second argument is a delimiter, as in AWS.
    const pieces: string[] = [];
    let current = '';
    for (const char of text) {
      if (delimiters.includes(char)) {
        pieces.push(current);
        current = '';
      } else {
        current += char;
      }
    }
    pieces.push(current);
    return pieces;
  },
  'States.UUID': (args) => {
    args.expectCount(0);
    return randomUUID();
  },
};

function evaluateArgument(argument: IntrinsicArgument, data: JsonValue, context: JsonValue): JsonValue {
  if (argument.kind === 'literal') return argument.value;
  if (argument.kind === 'path') return readPath(argument.path, data, context);
  const implementation = FUNCTIONS[argument.name];
  if (!implementation) throw runtimeError(`Unsupported intrinsic function ${argument.name}`);
  const values = argument.args.map((inner) => evaluateArgument(inner, data, context));
  return implementation(new ArgumentList(argument.name, values), argument.args);
}

export function isIntrinsicExpression(value: string): boolean {
  return value.startsWith('States.');
}

export function evaluateIntrinsic(expression: string, data: JsonValue, context: JsonValue): JsonValue {
  return evaluateArgument(new IntrinsicParser(expression.trim()).parseExpression(), data, context);
}
