import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { StepTable } from '#shared/workflow/stageTask.ts';

export interface StepTaskProps<Steps extends StepTable>
  extends Omit<tasks.LambdaInvokeProps, 'lambdaFunction' | 'payload' | 'retryOnServiceExceptions'> {
  /** The state machine's one task function. */
  readonly taskFunction: IFunction;
  /** The step of that function the task runs: a name of its step table, so a typo fails to compile. */
  readonly step: keyof Steps & string;
  /** The step's input; `step` and `executionName` are this module's to set. */
  readonly payload: Record<string, unknown> & { readonly step?: never; readonly executionName?: never };
}

/**
 * A task that runs one step of its state machine's task function. Every payload names the
 * step and the execution (the function's logs carry it), here and nowhere else. Retries are
 * the caller's (`retryTransientFailures`), not CDK's default ones.
 */
export function stepTask<Steps extends StepTable>(
  scope: Construct,
  name: string,
  { taskFunction, step, payload, ...options }: StepTaskProps<Steps>,
): tasks.LambdaInvoke {
  return new tasks.LambdaInvoke(scope, name, {
    ...options,
    lambdaFunction: taskFunction,
    payload: sfn.TaskInput.fromObject({ ...payload, step, executionName: sfn.JsonPath.executionName }),
    retryOnServiceExceptions: false,
  });
}
