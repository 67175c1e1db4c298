import type { ChoiceRule, ChoiceState, ComparisonOperator, JsonValue } from './asl.ts';
import { runtimeError, StatesError } from './errors.ts';
import { pathExists, readPath } from './paths.ts';

const COMPARISON =
  /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals)(Path)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp (what AWS accepts for Timestamp rules and Wait states); NaN otherwise. */
export function parseTimestamp(value: JsonValue): number {
  return typeof value === 'string' && RFC3339.test(value) ? Date.parse(value) : Number.NaN;
}

/** Values comparable under one type of rule, as numbers or strings; undefined when of another type. */
const COMPARABLE: Record<string, (value: JsonValue) => number | string | boolean | undefined> = {
  String: (value) => (typeof value === 'string' ? value : undefined),
  Numeric: (value) => (typeof value === 'number' ? value : undefined),
  Boolean: (value) => (typeof value === 'boolean' ? value : undefined),
  Timestamp: (value) => {
    const time = parseTimestamp(value);
    return Number.isNaN(time) ? undefined : time;
  },
};

function compare(kind: string, left: number | string | boolean, right: number | string | boolean): boolean {
  switch (kind) {
    case 'Equals':
      return left === right;
    case 'LessThan':
      return left < right;
    case 'GreaterThan':
      return left > right;
    case 'LessThanEquals':
      return left <= right;
    default:
      return left >= right;
  }
}

/** StringMatches: `*` matches any run of characters; `\*` and `\\` are literal. */
function matchesWildcard(value: string, pattern: string): boolean {
  let regex = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] ?? '';
    if (char === '\\' && index + 1 < pattern.length) {
      regex += (pattern[++index] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (char === '*') {
      regex += '.*';
    } else {
      regex += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${regex}$`, 's').test(value);
}

function operatorOf(rule: ChoiceRule): ComparisonOperator {
  const operator = Object.keys(rule).find((key) => key !== 'Variable' && key !== 'Next' && key !== 'Comment');
  if (!operator) throw runtimeError('A choice rule has no comparison operator');
  return operator as ComparisonOperator;
}

function evaluateComparison(rule: ChoiceRule, data: JsonValue, context: JsonValue): boolean {
  const variable = rule.Variable;
  if (variable === undefined) throw runtimeError('A choice rule without And/Or/Not needs a Variable');
  const operator = operatorOf(rule);
  const operand = rule[operator] ?? null;
  if (operator === 'IsPresent') return pathExists(variable, data, context) === operand;
  if (operator.startsWith('Is')) {
    if (!pathExists(variable, data, context)) return false;
    const value = readPath(variable, data, context);
    const typeChecks: Record<string, boolean> = {
      IsNull: value === null,
      IsString: typeof value === 'string',
      IsNumeric: typeof value === 'number',
      IsBoolean: typeof value === 'boolean',
      IsTimestamp: !Number.isNaN(parseTimestamp(value)),
    };
    const holds = typeChecks[operator];
    if (holds === undefined) throw runtimeError(`Unsupported choice operator ${operator}`);
    return holds === operand;
  }
  const value = readPath(variable, data, context);
  if (operator === 'StringMatches') {
    return typeof value === 'string' && typeof operand === 'string' && matchesWildcard(value, operand);
  }
  const parts = COMPARISON.exec(operator);
  const [type, kind] = [parts?.[1], parts?.[2]];
  const toComparable = type === undefined ? undefined : COMPARABLE[type];
  if (!toComparable || kind === undefined) throw runtimeError(`Unsupported choice operator ${operator}`);
  const expected = parts?.[3] ? readPath(String(operand), data, context) : operand;
  const [left, right] = [toComparable(value), toComparable(expected)];
  return left !== undefined && right !== undefined && compare(kind, left, right);
}

export function evaluateChoiceRule(rule: ChoiceRule, data: JsonValue, context: JsonValue): boolean {
  if (rule.And) return rule.And.every((inner) => evaluateChoiceRule(inner, data, context));
  if (rule.Or) return rule.Or.some((inner) => evaluateChoiceRule(inner, data, context));
  if (rule.Not) return !evaluateChoiceRule(rule.Not, data, context);
  return evaluateComparison(rule, data, context);
}

/** The Next of the first matching rule, else Default, else `States.NoChoiceMatched`. */
export function chooseNextState(state: ChoiceState, data: JsonValue, context: JsonValue): string {
  const matched = state.Choices.find((rule) => evaluateChoiceRule(rule, data, context));
  const next = matched?.Next ?? state.Default;
  if (next === undefined) {
    throw new StatesError('States.NoChoiceMatched', 'No choice rule matched and there is no Default');
  }
  return next;
}
