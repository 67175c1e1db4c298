import { relative } from 'node:path';
import { Arn, ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { nagEnvironment } from '#infra/nagFindings.ts';

/** A table and the indexes a function may query, so grants can name each index instead of `index/*`. */
export interface TableAccess {
  readonly table: ITable;
  readonly indexes: readonly string[];
}

const readActions = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

/** The template metadata key that tells the embedded runtime which module a function runs. */
export const entryMetadataKey = 'commissioner:entry';

export interface TeamFunctionProps {
  /** The handler module, relative to the repository root, e.g. `functions/http/getHealth.ts`. */
  readonly entry: string;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /**
   * X-Ray active tracing. Off where Lambda has no X-Ray integration (the AWS China regions), which
   * turns Powertools' Tracer off too. @default true
   */
  readonly tracing?: boolean;
}

/**
 * How every function is bundled (esbuild), which `npm run bench` bundles with too. The SDK is
 * bundled, tree-shaken and minified, not taken from the runtime's copy: measured by the bench's
 * handler section, a bundle that carries only the SDK code it uses imports several times faster
 * than one that loads the runtime's whole client packages. ESM output needs `require` defined for
 * the CommonJS packages inside (the X-Ray SDK behind Powertools' Tracer).
 */
export const functionBundling = {
  format: 'esm',
  target: 'node24',
  minify: true,
  sourceMap: false,
  externalModules: [] as string[],
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  /**
   * Paths relative to the repository root, where esbuild runs. The SDK's default credential chain
   * becomes the environment's credentials alone, which is where Lambda puts the role's
   * (`shared/aws/lambdaCredentials.ts`): the chain's other links were a fifth of the bundle.
   */
  alias: { '@aws-sdk/credential-provider-node': './shared/aws/lambdaCredentials.ts' },
} as const;

const functionLogsId = 'FunctionLogs';

/**
 * The one log group every function of the stack writes to. AWS supports this: in a custom log
 * group Lambda names each stream after its function and version, so nothing is mixed up; and a
 * group per function would cost a CloudFormation resource each (the stack may have 500).
 */
function functionLogsOf(scope: Construct): logs.LogGroup {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(functionLogsId);
  if (existing instanceof logs.LogGroup) return existing;
  return new logs.LogGroup(stack, functionLogsId, { retention: logs.RetentionDays.THREE_MONTHS });
}

const repositoryRoot = new URL('..', import.meta.url).pathname;

/**
 * The team's Lambda function: Node.js 24 on ARM64, X-Ray tracing (where Lambda has it), the stack's function log
 * group (three months' retention; each function's streams named after it) and a role that may
 * write only there, an ESM bundle built by the local esbuild. Environment variables and the IAM grants they imply are added
 * together, so neither is forgotten.
 */
export class TeamFunction extends Construct {
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: TeamFunctionProps) {
    super(scope, id);
    const logGroup = functionLogsOf(this);
    const tracing = props.tracing ?? true;
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      role,
      entry: new URL(props.entry, `file://${repositoryRoot}`).pathname,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      ...(tracing ? {} : { environment: { POWERTOOLS_TRACE_ENABLED: 'false' } }),
      logGroup,
      depsLockFilePath: new URL('package-lock.json', `file://${repositoryRoot}`).pathname,
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: functionBundling.target,
        minify: functionBundling.minify,
        sourceMap: functionBundling.sourceMap,
        externalModules: functionBundling.externalModules,
        mainFields: [...functionBundling.mainFields],
        banner: functionBundling.banner,
        esbuildArgs: {
          '--alias': Object.entries(functionBundling.alias).map(([module, path]) => `${module}=${path}`),
        },
      },
    });
    if (tracing) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments and PutTelemetryRecords have no resource-level permissions',
      });
    }
    (this.function.node.defaultChild as lambda.CfnFunction).addMetadata(
      entryMetadataKey,
      relative(repositoryRoot, new URL(props.entry, `file://${repositoryRoot}`).pathname),
    );
  }

  setEnvironment(name: string, value: string): this {
    this.function.addEnvironment(name, value);
    return this;
  }

  /**
   * Names the table in `variable` and grants item reads (`readAll`: and whole-table scans;
   * `readWrite`: and writes), and queries on its named indexes.
   */
  useTable(
    variable: string,
    { table, indexes }: TableAccess,
    access: 'read' | 'readAll' | 'readWrite',
  ): this {
    this.setEnvironment(variable, table.tableName);
    const actions = {
      read: readActions,
      readAll: [...readActions, 'dynamodb:Scan'],
      readWrite: [...readActions, ...writeActions],
    }[access];
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions,
        resources: [table.tableArn, ...indexes.map((index) => `${table.tableArn}/index/${index}`)],
      }),
    );
    return this;
  }

  /** Names the state machine in `variable` and grants the given Step Functions actions on it. */
  useStateMachine(
    variable: string,
    machine: sfn.IStateMachine,
    actions: readonly ('start' | 'taskResponse' | 'stop')[],
  ): this {
    this.setEnvironment(variable, machine.stateMachineArn);
    if (actions.includes('start')) machine.grantStartExecution(this.function);
    if (actions.includes('taskResponse')) machine.grantTaskResponse(this.function);
    if (actions.includes('stop')) {
      machine.grantExecution(this.function, 'states:StopExecution');
      const stack = Stack.of(this);
      const { region, account } = nagEnvironment(stack);
      const machineName = JSON.stringify(
        stack.resolve(Arn.split(machine.stateMachineArn, ArnFormat.COLON_RESOURCE_NAME).resourceName),
      );
      Validations.of(this).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${region}:${account}:execution:${machineName}:*]`,
        reason: "Executions are named at run time (one per report period); limited to this state machine's",
      });
    }
    return this;
  }
}
