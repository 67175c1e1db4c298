import type { JsonObject, JsonValue } from './asl.ts';
import { runtimeError } from './errors.ts';
import { evaluateIntrinsic, isIntrinsicExpression } from './intrinsics.ts';
import { readPath } from './paths.ts';

/**
 * Parameters and ResultSelector: copies the template, replacing every `"key.$": "<path or
 * intrinsic>"` field by `"key": <its value>` read from `data` (or `$$` from the context object).
 */
export function applyPayloadTemplate(template: JsonValue, data: JsonValue, context: JsonValue): JsonValue {
  if (Array.isArray(template)) return template.map((item) => applyPayloadTemplate(item, data, context));
  if (typeof template !== 'object' || template === null) return template;
  const output: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (!key.endsWith('.$')) {
      output[key] = applyPayloadTemplate(value, data, context);
      continue;
    }
    if (typeof value !== 'string') {
      throw runtimeError(`The value of field '${key}' must be a path or an intrinsic function`);
    }
    output[key.slice(0, -2)] = isIntrinsicExpression(value)
      ? evaluateIntrinsic(value, data, context)
      : readPath(value, data, context);
  }
  return output;
}
