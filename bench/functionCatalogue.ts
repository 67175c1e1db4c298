import { entryMetadataKey } from '#infra/teamFunction.ts';
import { TemplateResolver } from '#local/cloudFormation.ts';
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
}

export interface FunctionCatalogue {
  readonly resolver: TemplateResolver;
  readonly functions: readonly CatalogueFunction[];
  byLogicalId(logicalId: string): CatalogueFunction | undefined;
  byEntry(entry: string): CatalogueFunction;
}

/**
 * The functions the CDK app deploys, read from the same synthesized template the embedded
 * runtime runs: their handler modules (the template metadata the runtime reads), memory and
 * environment.
 */
export async function loadFunctionCatalogue(): Promise<FunctionCatalogue> {
  const resolver = new TemplateResolver(await synthesizeTemplate());
  const functions: CatalogueFunction[] = [];
  for (const [logicalId, resource] of resolver.resourcesOfType('AWS::Lambda::Function')) {
    const entry = resource.Metadata?.[entryMetadataKey];
    if (typeof entry !== 'string') continue; // CDK's own helper functions (e.g. log retention)
    const properties = resource.Properties ?? {};
    functions.push({
      logicalId,
      entry,
      memoryMb: Number(properties.MemorySize ?? 128),
      timeoutSeconds: Number(properties.Timeout ?? 3),
      environment: resolver.resolve(
        (properties.Environment as { Variables?: unknown } | undefined)?.Variables ?? {},
      ) as Record<string, string>,
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
