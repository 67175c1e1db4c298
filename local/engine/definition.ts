import { createHash } from 'node:crypto';
import validateAsl from 'asl-validator';
import type { BranchDefinition, StateDefinition, StateMachineDefinition } from './asl.ts';
import { SfnServiceError } from './errors.ts';

export type TaskResourceKind = 'lambdaInvoke' | 'lambdaInvokeWaitForToken' | 'lambdaFunction';

const LAMBDA_INVOKE = /^arn:[\w-]+:states:::lambda:invoke(\.waitForTaskToken)?$/;
const LAMBDA_FUNCTION = /^arn:[\w-]+:lambda:[\w-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$/;
const STATE_MACHINE_ARN = /^arn:([\w-]+):states:([\w-]+):(\d{12}):stateMachine:([\w-]{1,80})$/;

export function classifyTaskResource(resource: string): TaskResourceKind | undefined {
  const invoke = LAMBDA_INVOKE.exec(resource);
  if (invoke) return invoke[1] ? 'lambdaInvokeWaitForToken' : 'lambdaInvoke';
  return LAMBDA_FUNCTION.test(resource) ? 'lambdaFunction' : undefined;
}

export interface StateMachineArnParts {
  partition: string;
  region: string;
  account: string;
  name: string;
}

export function parseStateMachineArn(arn: string): StateMachineArnParts {
  const match = STATE_MACHINE_ARN.exec(arn);
  if (!match) throw new SfnServiceError('InvalidArn', `Invalid state machine ARN: ${arn}`);
  const [, partition = '', region = '', account = '', name = ''] = match;
  return { partition, region, account, name };
}

/** The role the local engine reports an execution as running under (it checks no permissions). */
export function executionRoleArn(stateMachineArn: string): string {
  const { partition, account } = parseStateMachineArn(stateMachineArn);
  return `arn:${partition}:iam::${account}:role/local-step-functions`;
}

/** Content address of a definition: executions keep running on the definition they started with. */
export function definitionHash(definition: StateMachineDefinition): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 32);
}

function unsupportedStates(branch: BranchDefinition, where: string): string[] {
  const problems: string[] = [];
  for (const [name, state] of Object.entries(branch.States) as [string, StateDefinition][]) {
    const label = `${where}State "${name}"`;
    if (state.QueryLanguage === 'JSONata')
      problems.push(`${label}: JSONata is unsupported by the local engine`);
    if (state.Type === 'Map') problems.push(`${label}: Map states are unsupported by the local engine`);
    if ('Assign' in state) problems.push(`${label}: variables (Assign) are unsupported by the local engine`);
    if (state.Type === 'Task' && !classifyTaskResource(state.Resource)) {
      problems.push(
        `${label}: unsupported resource ${state.Resource} (the local engine runs lambda:invoke, ` +
          'lambda:invoke.waitForTaskToken and Lambda function ARNs)',
      );
    }
    if (state.Type === 'Parallel') {
      state.Branches.forEach((inner, index) => {
        problems.push(...unsupportedStates(inner, `${label} branch ${index}: `));
      });
    }
  }
  return problems;
}

/** asl-validator compiles its schemas on every call (100 ms or more), so a valid definition is remembered. */
const validDefinitionHashes = new Set<string>();

/** The hashes of the definitions found valid so far, for a cache to hand to the next process. */
export function validatedDefinitionHashes(): string[] {
  return [...validDefinitionHashes];
}

/**
 * Definitions this same validator and engine code found valid in an earlier process (the caller
 * keys what it kept on both): they are not validated again.
 */
export function trustValidatedDefinitions(hashes: readonly string[]): void {
  for (const hash of hashes) validDefinitionHashes.add(hash);
}

/** Throws `InvalidDefinition` with asl-validator's messages, or naming what the engine cannot run. */
export function validateDefinition(definition: StateMachineDefinition): void {
  const hash = definitionHash(definition);
  if (validDefinitionHashes.has(hash)) return;
  // asl-validator writes defaults into what it is given, so it gets a copy.
  const validation = validateAsl(structuredClone(definition));
  if (!validation.isValid) {
    throw new SfnServiceError(
      'InvalidDefinition',
      `Invalid state machine definition: ${validation.errorsText('; ')}`,
    );
  }
  const problems = [
    ...(definition.QueryLanguage === 'JSONata' ? ['JSONata is unsupported by the local engine'] : []),
    ...unsupportedStates(definition, ''),
  ];
  if (problems.length > 0) throw new SfnServiceError('InvalidDefinition', problems.join('; '));
  validDefinitionHashes.add(hash);
}

/** Where a thread runs: the Parallel states and branch indexes leading from the top level to its branch. */
export interface BranchScope {
  parallelState: string;
  branchIndex: number;
}

export function branchAt(
  definition: StateMachineDefinition,
  scope: readonly BranchScope[],
): BranchDefinition {
  let branch: BranchDefinition = definition;
  for (const { parallelState, branchIndex } of scope) {
    const state = branch.States[parallelState];
    const inner = state?.Type === 'Parallel' ? state.Branches[branchIndex] : undefined;
    if (!inner) throw new Error(`No branch ${branchIndex} in Parallel state ${parallelState}`);
    branch = inner;
  }
  return branch;
}

export function stateAt(branch: BranchDefinition, stateName: string): StateDefinition {
  const state = branch.States[stateName];
  if (!state) throw new Error(`No state named ${stateName}`);
  return state;
}
