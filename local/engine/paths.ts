import { JSONPath } from 'jsonpath-plus';
import type { JsonObject, JsonValue } from './asl.ts';
import { runtimeError, StatesError } from './errors.ts';

type PathSegment = string | number;

const DOT_NAME = /^\.([^.[\]*?()@,:'"\s]+)/;
const BRACKET_INDEX = /^\[(\d+)\]/;
const BRACKET_NAME = /^\[(?:'([^']*)'|"([^"]*)")\]/;
/** Wildcards, recursive descent, filters, slices and unions can select several values. */
const INDEFINITE_SYNTAX = /\*|\.\.|\?\(|\[[^\]]*[:,][^\]]*\]/;

/**
 * Splits a Reference Path (`$`, `$.a.b`, `$['a b'][0]`) into its segments; undefined for anything
 * else (wildcards, filters, ...), which then goes through jsonpath-plus.
 */
export function parseReferencePath(path: string): PathSegment[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const segments: PathSegment[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const dotName = DOT_NAME.exec(rest);
    const index = dotName ? null : BRACKET_INDEX.exec(rest);
    const bracketName = dotName || index ? null : BRACKET_NAME.exec(rest);
    const match = dotName ?? index ?? bracketName;
    if (!match) return undefined;
    if (dotName?.[1] !== undefined) segments.push(dotName[1]);
    else if (index?.[1] !== undefined) segments.push(Number(index[1]));
    else segments.push(bracketName?.[1] ?? bracketName?.[2] ?? '');
    rest = rest.slice(match[0].length);
  }
  return segments;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childOf(value: JsonValue, segment: PathSegment): JsonValue | undefined {
  if (typeof segment === 'number') return Array.isArray(value) ? value[segment] : undefined;
  return isJsonObject(value) && Object.hasOwn(value, segment) ? value[segment] : undefined;
}

/**
 * Reads a JSONPath. `$$...` reads the context object. A definite path must point to a value
 * (otherwise `States.Runtime`, as in AWS); an indefinite one (wildcard, filter, ...) yields an array.
 */
export function readPath(path: string, data: JsonValue, context: JsonValue = null): JsonValue {
  if (path.startsWith('$$')) return readPath(path.slice(1), context);
  if (!path.startsWith('$')) throw runtimeError(`Invalid path '${path}': a path must start with '$'`);
  const segments = parseReferencePath(path);
  if (segments) {
    let value: JsonValue | undefined = data;
    for (const segment of segments) {
      value = value === undefined ? undefined : childOf(value, segment);
    }
    if (value === undefined) throw runtimeError(`Invalid path '${path}': the path does not point to a value`);
    return value;
  }
  const matches = JSONPath({ path, json: data, wrap: true, resultType: 'value' }) as JsonValue[];
  if (INDEFINITE_SYNTAX.test(path)) return matches;
  const [first] = matches;
  if (matches.length !== 1 || first === undefined) {
    throw runtimeError(`Invalid path '${path}': the path does not point to a single value`);
  }
  return first;
}

/** True when a definite path points to a value; never throws for a missing one. */
export function pathExists(path: string, data: JsonValue, context: JsonValue = null): boolean {
  try {
    readPath(path, data, context);
    return true;
  } catch (error) {
    if (error instanceof StatesError) return false;
    throw error;
  }
}

/** InputPath and OutputPath: absent keeps the value, null gives `{}`. */
export function selectPath(path: string | null | undefined, data: JsonValue, context: JsonValue): JsonValue {
  if (path === undefined) return data;
  if (path === null) return {};
  return readPath(path, data, context);
}

function resultPathMismatch(resultPath: string): StatesError {
  return new StatesError(
    'States.ResultPathMatchFailure',
    `Unable to apply ResultPath '${resultPath}' to the state input`,
  );
}

/**
 * ResultPath: where the state's result goes inside a copy of its raw input. Absent or `$`
 * replaces the input; null discards the result; `$.a.b` creates `a` when missing.
 */
export function applyResultPath(
  rawInput: JsonValue,
  resultPath: string | null | undefined,
  result: JsonValue,
): JsonValue {
  if (resultPath === null) return rawInput;
  if (resultPath === undefined || resultPath === '$') return result;
  const segments = resultPath.startsWith('$$') ? undefined : parseReferencePath(resultPath);
  if (!segments) throw runtimeError(`ResultPath '${resultPath}' is not a reference path`);
  if (!isJsonObject(rawInput)) throw resultPathMismatch(resultPath);
  const output = structuredClone(rawInput);
  let container: JsonObject | JsonValue[] = output;
  for (const [position, segment] of segments.entries()) {
    const isLast = position === segments.length - 1;
    if (typeof segment === 'number') {
      if (!Array.isArray(container) || segment >= container.length) throw resultPathMismatch(resultPath);
      if (isLast) {
        container[segment] = result;
        break;
      }
      const next: JsonValue | undefined = container[segment];
      if (typeof next !== 'object' || next === null) throw resultPathMismatch(resultPath);
      container = next;
      continue;
    }
    if (Array.isArray(container)) throw resultPathMismatch(resultPath);
    if (isLast) {
      container[segment] = result;
      break;
    }
    const existing: JsonValue | undefined = container[segment];
    if (existing === undefined) {
      const created: JsonObject = {};
      container[segment] = created;
      container = created;
    } else if (typeof existing === 'object' && existing !== null) {
      container = existing;
    } else {
      throw resultPathMismatch(resultPath);
    }
  }
  return output;
}
