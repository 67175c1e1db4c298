import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transientErrors } from '#workflows/failureHandling.ts';
import { joinedText, resourcesOfType, type SynthesizedStack, synthesizeStack } from './synthesizeStack.ts';

interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
}

interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Next?: string;
  readonly TimeoutSeconds?: number;
  readonly Retry?: readonly { readonly ErrorEquals: readonly string[] }[];
  readonly Catch?: readonly Catcher[];
  readonly Choices?: readonly Record<string, unknown>[];
  readonly Default?: string;
}

interface AslDefinition {
  readonly StartAt: string;
  readonly States: Record<string, AslState>;
}

const recordFailure = 'Record the workflow failure';
const humanWaits = [
  'Ask the institution to endorse',
  'Ask the bureau to review',
  'Ask the applicant to resubmit',
];

describe('the application state machine', () => {
  let synthesized: SynthesizedStack;
  let machine: Record<string, unknown>;
  let definition: AslDefinition;
  let states: [string, AslState][];
  let tasks: [string, AslState][];

  beforeAll(() => {
    synthesized = synthesizeStack();
    const machines = resourcesOfType(synthesized.template, 'AWS::StepFunctions::StateMachine');
    const machineId = Object.keys(machines).find((id) => id.startsWith('ApplicationWorkflowStateMachine'));
    machine = machines[machineId ?? '']?.Properties ?? {};
    definition = JSON.parse(joinedText(machine.DefinitionString)) as AslDefinition;
    states = Object.entries(definition.States);
    tasks = states.filter(([, state]) => state.Type === 'Task');
  });

  afterAll(() => synthesized?.dispose());

  it('starts by asking the institution to endorse', () => {
    expect(definition.StartAt).toBe('Ask the institution to endorse');
  });

  it('retries every task, the one that records a failure too, on the transient errors and only those', () => {
    // Act
    const retried = tasks.map(([name, state]) => [name, state.Retry?.flatMap((r) => r.ErrorEquals)] as const);

    // Assert
    expect(tasks.map(([name]) => name)).toEqual(expect.arrayContaining([recordFailure, ...humanWaits]));
    for (const [name, errors] of retried) expect(errors, name).toEqual([...transientErrors]);
  });

  it('catches everything in every other task into the recovery path that records the failure', () => {
    for (const [name, state] of tasks.filter(([taskName]) => taskName !== recordFailure)) {
      // Act
      const catchAll = state.Catch?.find((catcher) => catcher.ErrorEquals.includes('States.ALL'));
      const note = catchAll ? definition.States[catchAll.Next] : undefined;

      // Assert: through one Pass that notes where it failed, to the recording task
      expect(catchAll, name).toBeDefined();
      expect(note?.Type, name).toBe('Pass');
      expect(note?.Next, name).toBe(recordFailure);
    }
  });

  it('stops in a Fail state when the failure itself cannot be recorded', () => {
    // Arrange
    const task = definition.States[recordFailure];

    // Act
    const catchAll = task?.Catch?.find((catcher) => catcher.ErrorEquals.includes('States.ALL'));

    // Assert
    expect(task?.Type).toBe('Task');
    expect(catchAll).toBeDefined();
    expect(definition.States[catchAll?.Next ?? '']?.Type).toBe('Fail');
  });

  it('puts States.ALL alone in the last catcher of every Catch list', () => {
    for (const [name, state] of states.filter(([, s]) =>
      s.Catch?.some((c) => c.ErrorEquals.includes('States.ALL')),
    )) {
      const catchers = state.Catch ?? [];
      expect(catchers.at(-1)?.ErrorEquals, name).toEqual(['States.ALL']);
      expect(
        catchers.slice(0, -1).filter((c) => c.ErrorEquals.includes('States.ALL')),
        name,
      ).toEqual([]);
    }
  });

  it('gives every task-token wait a timeout and a catch for States.Timeout', () => {
    // Arrange
    const waits = tasks.filter(([, state]) => state.Resource?.endsWith('.waitForTaskToken'));

    for (const [name, state] of waits) {
      // Act
      const onTimeout = state.Catch?.find((catcher) => catcher.ErrorEquals.includes('States.Timeout'));

      // Assert
      expect(state.TimeoutSeconds, name).toBeGreaterThan(0);
      expect(onTimeout, name).toBeDefined();
      expect(definition.States[onTimeout?.Next ?? ''], `${name} → ${onTimeout?.Next}`).toBeDefined();
    }
    expect(waits.map(([name]) => name)).toEqual(expect.arrayContaining(humanWaits));
  });

  it.each(humanWaits)('has "%s" as a task-token wait', (name) => {
    // Act
    const state = definition.States[name];

    // Assert
    expect(state?.Type).toBe('Task');
    expect(state?.Resource).toMatch(/\.waitForTaskToken$/);
  });

  it('branches on $.review.decision after the review: approve and reject, otherwise back to the applicant', () => {
    // Arrange
    const choice = definition.States['What did the bureau decide?'];

    // Act
    const branches = choice?.Choices ?? [];

    // Assert
    expect(choice?.Type).toBe('Choice');
    expect(branches).toContainEqual(
      expect.objectContaining({ Variable: '$.review.decision', StringEquals: 'approve' }),
    );
    expect(branches).toContainEqual(
      expect.objectContaining({ Variable: '$.review.decision', StringEquals: 'reject' }),
    );
    expect(choice?.Default).toBe('Ask the applicant to resubmit');
  });

  it('logs every execution event and traces with X-Ray', () => {
    expect(machine.LoggingConfiguration).toMatchObject({ Level: 'ALL' });
    expect(machine.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('raises an alarm on the ExecutionsFailed metric of this state machine', () => {
    // Arrange
    const machineId = Object.keys(
      resourcesOfType(synthesized.template, 'AWS::StepFunctions::StateMachine'),
    ).find((id) => id.startsWith('ApplicationWorkflowStateMachine'));

    // Act
    const watched = Object.values(resourcesOfType(synthesized.template, 'AWS::CloudWatch::Alarm')).flatMap(
      (alarm) => (alarm.Properties?.Metrics as { MetricStat?: { Metric: unknown } }[] | undefined) ?? [],
    );

    // Assert
    expect(watched).toContainEqual(
      expect.objectContaining({
        MetricStat: expect.objectContaining({
          Metric: {
            Namespace: 'AWS/States',
            MetricName: 'ExecutionsFailed',
            Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machineId } }],
          },
        }),
      }),
    );
  });
});
