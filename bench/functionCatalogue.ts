import { entryMetadataKey } from '#infra/teamFunction.ts';
import { localArn, TemplateResolver } from '#local/cloudFormation.ts';
import { synthesizeTemplate } from '#local/synthesize.ts';

/** One Lambda function of the synthesized stack, as the bench needs it. */
export interface CatalogueFunction {
  readonly logicalId: string;
  /** The handler module CDK bundles, relative to the repository root. */
  readonly entry: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Its environment variables, resolved to local names. */
  readonly environment: Record<string, string>;
  /** The HTTP API routes it serves (`GET /rubric`), none for a workflow task or a scheduled job. */
  readonly routes: readonly string[];
  /** The AWS services its role may call, by IAM action prefix (`dynamodb`, `states`, `ses`…), beyond its logs and traces. */
  readonly services: readonly string[];
}

export interface FunctionCatalogue {
  readonly resolver: TemplateResolver;
  readonly functions: readonly CatalogueFunction[];
  byLogicalId(logicalId: string): CatalogueFunction | undefined;
  byEntry(entry: string): CatalogueFunction;
}

/** Every function writes its logs and traces; what else its role reaches says what its handler touches. */
const everyFunctionsServices = new Set(['logs', 'xray']);

/** Route keys by the function ARN behind each route's integration. */
function routesByFunction(resolver: TemplateResolver): Map<string, string[]> {
  const integrations = new Map(
    resolver
      .resourcesOfType('AWS::ApiGatewayV2::Integration')
      .map(([id, resource]) => [id, String(resolver.resolve(resource.Properties?.IntegrationUri))]),
  );
  const routes = new Map<string, string[]>();
  for (const [, resource] of resolver.resourcesOfType('AWS::ApiGatewayV2::Route')) {
    const { RouteKey, Target } = resolver.resolve(resource.Properties) as {
      RouteKey: string;
      Target: string;
    };
    const functionArn = integrations.get(Target.replace(/^integrations\//, ''));
    if (functionArn) routes.set(functionArn, [...(routes.get(functionArn) ?? []), RouteKey]);
  }
  return routes;
}

/** IAM action prefixes by role logical id, from the policies attached to each role. */
function servicesByRole(resolver: TemplateResolver): Map<string, Set<string>> {
  const services = new Map<string, Set<string>>();
  for (const [, resource] of resolver.resourcesOfType('AWS::IAM::Policy')) {
    const { PolicyDocument, Roles = [] } = (resource.Properties ?? {}) as {
      PolicyDocument?: { Statement?: { Action?: string | string[] }[] };
      Roles?: unknown[];
    };
    const prefixes = (PolicyDocument?.Statement ?? [])
      .flatMap(({ Action = [] }) => (Array.isArray(Action) ? Action : [Action]))
      .map((action) => action.split(':')[0] ?? action);
    for (const role of Roles) {
      const roleId = String(resolver.resolve(role));
      const known = services.get(roleId) ?? new Set<string>();
      for (const prefix of prefixes) known.add(prefix);
      services.set(roleId, known);
    }
  }
  return services;
}

/** The role's logical id from a function's `Role` property (`Fn::GetAtt [Role, Arn]`). */
function roleIdOf(role: unknown): string | undefined {
  const getAtt = (role as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  return Array.isArray(getAtt) ? String(getAtt[0]) : undefined;
}

/**
 * The functions the CDK app deploys, read from the same synthesized template the embedded
 * runtime runs: their handler modules (the template metadata the runtime reads), memory,
 * environment, the routes they serve and the services their roles reach.
 */
export async function loadFunctionCatalogue(): Promise<FunctionCatalogue> {
  const resolver = new TemplateResolver(await synthesizeTemplate());
  const routes = routesByFunction(resolver);
  const services = servicesByRole(resolver);
  const functions: CatalogueFunction[] = [];
  for (const [logicalId, resource] of resolver.resourcesOfType('AWS::Lambda::Function')) {
    const entry = resource.Metadata?.[entryMetadataKey];
    if (typeof entry !== 'string') continue; // CDK's own helper functions (e.g. log retention)
    const properties = resource.Properties ?? {};
    const roleId = roleIdOf(properties.Role);
    functions.push({
      logicalId,
      entry,
      memoryMb: Number(properties.MemorySize ?? 128),
      timeoutSeconds: Number(properties.Timeout ?? 3),
      environment: resolver.resolve(
        (properties.Environment as { Variables?: unknown } | undefined)?.Variables ?? {},
      ) as Record<string, string>,
      routes: (routes.get(localArn('AWS::Lambda::Function', logicalId)) ?? []).sort(),
      services: [...(roleId ? (services.get(roleId) ?? []) : [])]
        .filter((service) => !everyFunctionsServices.has(service))
        .sort(),
    });
  }
  functions.sort((a, b) => a.entry.localeCompare(b.entry));
  return {
    resolver,
    functions,
    byLogicalId: (logicalId) => functions.find((fn) => fn.logicalId === logicalId),
    byEntry: (entry) => {
      const found = functions.find((fn) => fn.entry === entry);
      if (!found) throw new Error(`The stack deploys no function for ${entry}`);
      return found;
    },
  };
}
