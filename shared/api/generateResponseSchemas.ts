/**
 * Writes `shared/api/responseSchemas.json`, the JSON Schema of every type in `ResponseTypes`
 * (`npm run api:schemas`). The schemas come from the type checker's resolved types, not the
 * syntax, because many views are zod-inferred or built with Omit and intersections, which a
 * syntax-driven generator (ts-json-schema-generator 2.9) fails on. Objects stay open
 * (no `additionalProperties: false`): a TypeScript value of a type may carry more properties, and a
 * client ignores those it does not know, so the API can add a field without breaking one.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

export type JsonSchema = Record<string, unknown>;

const apiDirectory = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(apiDirectory, '../..');
export const responseSchemasFile = join(apiDirectory, 'responseSchemas.json');

/** Deeper than any view nests: a type that recurses is not a JSON answer. */
const maxDepth = 24;

function checkerFor(file: string): { checker: ts.TypeChecker; source: ts.SourceFile } {
  const configFile = ts.findConfigFile(repositoryRoot, ts.sys.fileExists);
  if (!configFile) throw new Error('No tsconfig.json');
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, repositoryRoot);
  const program = ts.createProgram([file], options);
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`Cannot read ${file}`);
  return { checker: program.getTypeChecker(), source };
}

function describe(checker: ts.TypeChecker, symbol: ts.Symbol): { description?: string } {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  return text ? { description: text } : {};
}

function literalUnion(types: readonly ts.Type[]): JsonSchema | undefined {
  if (types.every((type) => type.isStringLiteral())) {
    return { type: 'string', enum: types.map((type) => (type as ts.StringLiteralType).value) };
  }
  if (types.every((type) => type.isNumberLiteral())) {
    return { type: 'number', enum: types.map((type) => (type as ts.NumberLiteralType).value) };
  }
  return undefined;
}

function schemaOf(checker: ts.TypeChecker, type: ts.Type, depth: number): JsonSchema {
  if (depth > maxDepth)
    throw new Error(`A response type nests deeper than ${maxDepth}: ${checker.typeToString(type)}`);
  const flags = type.flags;
  if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
  if (flags & ts.TypeFlags.String) return { type: 'string' };
  if (flags & ts.TypeFlags.Number) return { type: 'number' };
  if (flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
  if (flags & ts.TypeFlags.BooleanLiteral) {
    return { type: 'boolean', enum: [checker.typeToString(type) === 'true'] };
  }
  if (type.isStringLiteral()) return { type: 'string', enum: [type.value] };
  if (type.isNumberLiteral()) return { type: 'number', enum: [type.value] };
  if (type.isUnion()) return unionSchema(checker, type.types, depth);
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    const elements = checker.getTypeArguments(type as ts.TypeReference);
    const items = checker.isArrayType(type)
      ? schemaOf(checker, elements[0] ?? checker.getAnyType(), depth + 1)
      : unionSchema(checker, elements, depth);
    return { type: 'array', items };
  }
  if (flags & ts.TypeFlags.Object || type.isIntersection()) return objectSchema(checker, type, depth);
  throw new Error(`No JSON Schema for the type ${checker.typeToString(type)}`);
}

function unionSchema(checker: ts.TypeChecker, members: readonly ts.Type[], depth: number): JsonSchema {
  const nullable = members.some((type) => type.flags & ts.TypeFlags.Null);
  let rest = members.filter((type) => !(type.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
  // `boolean` is `true | false` to the checker.
  if (rest.filter((type) => type.flags & ts.TypeFlags.BooleanLiteral).length === 2) {
    rest = [...rest.filter((type) => !(type.flags & ts.TypeFlags.BooleanLiteral)), checker.getBooleanType()];
  }
  const schemas = (literalUnion(rest) ? [literalUnion(rest) as JsonSchema] : rest).map((member) =>
    'flags' in member ? schemaOf(checker, member as ts.Type, depth + 1) : member,
  );
  // OpenAPI 3.0 writes null as `nullable` beside a type (a schema without one admits null already),
  // and an enum lists null as well, since `nullable` does not widen an enum.
  const marked = nullable
    ? schemas.map((schema) =>
        'type' in schema
          ? {
              ...schema,
              nullable: true,
              ...(Array.isArray(schema.enum) ? { enum: [...schema.enum, null] } : {}),
            }
          : schema,
      )
    : schemas;
  return marked.length === 1 ? (marked[0] as JsonSchema) : { anyOf: marked };
}

function objectSchema(checker: ts.TypeChecker, type: ts.Type, depth: number): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const property of checker.getPropertiesOfType(type)) {
    const propertyType = checker.getTypeOfSymbol(property);
    if (propertyType.getCallSignatures().length > 0) continue;
    properties[property.name] = {
      ...schemaOf(checker, propertyType, depth + 1),
      ...describe(checker, property),
    };
    if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.name);
  }
  const index = checker.getIndexInfosOfType(type)[0];
  return {
    type: 'object',
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
    ...(required.length > 0 ? { required } : {}),
    ...(index ? { additionalProperties: schemaOf(checker, index.type, depth + 1) } : {}),
  };
}

/** Each response type's schema, by its name in `ResponseTypes`, in the checker's own order. */
export function generateResponseSchemas(): Record<string, JsonSchema> {
  const { checker, source } = checkerFor(join(apiDirectory, 'responseTypes.ts'));
  const module = checker.getSymbolAtLocation(source);
  const index =
    module && checker.getExportsOfModule(module).find((symbol) => symbol.name === 'ResponseTypes');
  if (!index) throw new Error('responseTypes.ts exports no ResponseTypes');
  const schemas: Record<string, JsonSchema> = {};
  for (const entry of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(index))) {
    const declared = checker.getTypeOfSymbol(entry);
    const alias = declared.aliasSymbol ?? declared.getSymbol();
    schemas[entry.name] = { ...schemaOf(checker, declared, 0), ...(alias ? describe(checker, alias) : {}) };
  }
  return schemas;
}

/** The committed file's text, one type a line (a change shows as that type's line): what the staleness test compares. */
export function responseSchemasText(): string {
  const lines = Object.entries(generateResponseSchemas()).map(
    ([name, schema]) => `  ${JSON.stringify(name)}: ${JSON.stringify(schema)}`,
  );
  return `{\n${lines.join(',\n')}\n}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(responseSchemasFile, responseSchemasText());
  console.log(`Wrote ${responseSchemasFile}`);
}
