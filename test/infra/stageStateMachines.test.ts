import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinedText, resourcesOfType, type SynthesizedStack, synthesizeStack } from './synthesizeStack.ts';

interface AslState {
  readonly Type: string;
  readonly Parameters?: Record<string, unknown>;
  readonly OutputPath?: string;
  readonly Resource?: string;
  readonly Next?: string;
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
  readonly Default?: string;
  readonly Choices?: readonly { readonly Next: string }[];
  readonly TimestampPath?: string;
  readonly Retry?: readonly { readonly ErrorEquals: readonly string[] }[];
  readonly Catch?: readonly { readonly ErrorEquals: readonly string[]; readonly Next: string }[];
  readonly Branches?: readonly AslDefinition[];
}

interface AslDefinition {
  readonly StartAt: string;
  readonly States: Record<string, AslState>;
}

/** Every state of a definition with whether it sits inside a Parallel branch. */
function allStates(
  definition: AslDefinition,
  inBranch = false,
): { name: string; state: AslState; inBranch: boolean }[] {
  return Object.entries(definition.States).flatMap(([name, state]) => [
    { name, state, inBranch },
    ...(state.Branches ?? []).flatMap((branch) => allStates(branch, true)),
  ]);
}

const recordFailure = 'Record the workflow failure';
const stages = [
  'ApplicationWorkflow',
  'DemandWorkflow',
  'DispatchWorkflow',
  'AgreementWorkflow',
  'ReportWorkflow',
];

let synthesized: SynthesizedStack;
const definitions = new Map<string, AslDefinition>();

beforeAll(() => {
  synthesized = synthesizeStack();
  const machines = resourcesOfType(synthesized.template, 'AWS::StepFunctions::StateMachine');
  for (const stage of [...stages, 'AssessmentOpeningWorkflow']) {
    const id = Object.keys(machines).find((logicalId) => logicalId.startsWith(`${stage}StateMachine`));
    const definition = machines[id ?? '']?.Properties?.DefinitionString;
    definitions.set(stage, JSON.parse(joinedText(definition)) as AslDefinition);
  }
});

afterAll(() => synthesized?.dispose());

describe.each(stages)('%s', (stage) => {
  const states = () => allStates(definitions.get(stage) as AslDefinition);

  it('retries task failures in every Task, in branches too', () => {
    const withoutRetry = states()
      .filter(({ state }) => state.Type === 'Task')
      .filter(
        ({ state }) => !state.Retry?.some((retrier) => retrier.ErrorEquals.includes('States.TaskFailed')),
      )
      .map(({ name }) => name);
    expect(withoutRetry).toEqual([]);
  });

  it('catches everything outside branches into the recovery path, States.ALL last', () => {
    const top = states().filter(
      ({ state, inBranch }) => !inBranch && (state.Type === 'Task' || state.Type === 'Parallel'),
    );
    for (const { name, state } of top) {
      const catchers = state.Catch ?? [];
      const last = catchers[catchers.length - 1];
      expect(last?.ErrorEquals, name).toEqual(['States.ALL']);
      if (name === recordFailure) continue;
      const note = definitions.get(stage)?.States[last?.Next ?? ''];
      expect(note?.Type, name).toBe('Pass');
      expect(note?.Next, name).toBe(recordFailure);
    }
  });

  it('gives every token wait a timeout that is caught', () => {
    const waits = states().filter(({ state }) => state.Resource?.endsWith('.waitForTaskToken'));
    expect(waits.length).toBeGreaterThan(0);
    for (const { name, state } of waits) {
      expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath, name).toBeDefined();
      if (state.TimeoutSecondsPath === undefined) expect(state.TimeoutSeconds, name).toBeGreaterThan(0);
      expect(
        state.Catch?.some((catcher) => catcher.ErrorEquals.includes('States.Timeout')),
        name,
      ).toBe(true);
    }
  });
});

describe('the dispatch and agreement state machines', () => {
  it('ask both dispatch parties in parallel, then wait for the notice on the clock', () => {
    const dispatch = definitions.get('DispatchWorkflow') as AslDefinition;
    expect(dispatch.States['Ask both parties to accept']?.Branches?.map((b) => b.StartAt)).toEqual([
      'Ask the commissioner to accept',
      'Ask the enterprise to accept',
    ]);
    expect(dispatch.States['Wait for the public notice to close']).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.notice.value.closesAt',
    });
  });

  it('ask the three agreement parties in parallel before the bureau countersigns', () => {
    const agreement = definitions.get('AgreementWorkflow') as AslDefinition;
    const signing = agreement.States['Ask the three parties to sign'];
    expect(signing?.Branches?.map((b) => b.StartAt)).toEqual([
      'Ask the commissioner to sign',
      'Ask the research office to sign',
      'Ask the enterprise to sign',
    ]);
    expect(agreement.States['Record that every party signed']?.Next).toBe('Ask the bureau to countersign');
  });
});

/** The statements of the one IAM policy whose logical id starts with `prefix`. */
function policyStatements(prefix: string): { Action: unknown; Resource: unknown }[] {
  const [, policy] =
    Object.entries(resourcesOfType(synthesized.template, 'AWS::IAM::Policy')).find(([id]) =>
      id.startsWith(prefix),
    ) ?? [];
  const document = policy?.Properties?.PolicyDocument as
    | { Statement: { Action: unknown; Resource: unknown }[] }
    | undefined;
  if (!document) throw new Error(`No policy ${prefix}…`);
  return document.Statement;
}

describe('the scheduling', () => {
  it('runs schedules with a role the scheduler assumes that may only invoke the two scheduled functions and send to its dead-letter queue', () => {
    const { template } = synthesized;
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
      }),
    });
    const policies = resourcesOfType(template, 'AWS::IAM::Policy');
    const schedulerPolicy = Object.entries(policies).find(([id]) =>
      id.startsWith('SchedulingInvokeRole'),
    )?.[1];
    const document = schedulerPolicy?.Properties?.PolicyDocument as
      | { Statement: { Action: unknown }[] }
      | undefined;
    const all = document?.Statement ?? [];
    const statements = all.filter((statement) => statement.Action === 'lambda:InvokeFunction');
    expect(all.filter((statement) => statement.Action !== 'lambda:InvokeFunction')).toEqual([
      expect.objectContaining({
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SchedulingDeadLetterQueue/), 'Arn'] },
      }),
    ]);
    const invoked = JSON.stringify(statements);
    expect(invoked).toContain('OpenReportPeriodFunction');
    expect(invoked).toContain('SendDueRemindersFunction');
    const functions = new Set(invoked.match(/"Fn::GetAtt":\["[A-Za-z0-9]+","Arn"\]/g));
    expect(functions.size).toBe(2);
  });

  it('runs the reminder job every morning in China, telling it when the run was meant to be', () => {
    synthesized.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 9 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Target: Match.objectLike({
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
      }),
    });
  });

  it('lets only the activation and the cadence change manage schedules, in its own group, passing only the scheduler role', () => {
    const policies = Object.entries(resourcesOfType(synthesized.template, 'AWS::IAM::Policy'));
    const creators = policies.filter(([, policy]) =>
      JSON.stringify(policy.Properties?.PolicyDocument).includes('scheduler:CreateSchedule'),
    );
    expect(creators.map(([id]) => id.replace(/RoleDefaultPolicy.*$/, '')).sort()).toEqual([
      'AgreementWorkflowActivate',
      'HttpchangeCadence',
    ]);
    for (const [, policy] of creators) {
      const text = JSON.stringify(policy.Properties?.PolicyDocument);
      expect(text).toContain('"Action":["scheduler:CreateSchedule","scheduler:DeleteSchedule"]');
      expect(text).toContain('iam:PassRole');
      expect(text).toMatch(/schedule\/",\{"Ref":"SchedulingGroup[A-Z0-9]+"\},"\/\*"/);
    }
  });

  it("gives the programme's reminder policy to every function that writes or chases report periods", () => {
    const configured = synthesizeStack({ reminderDaysBefore: [3, 0], overdueAfterDays: 30 });
    try {
      const functions = Object.entries(resourcesOfType(configured.template, 'AWS::Lambda::Function'));
      const withPolicy = functions
        .filter(([, fn]) => {
          const variables = (fn.Properties?.Environment as { Variables?: Record<string, unknown> })
            ?.Variables;
          return variables?.REMINDER_DAYS_BEFORE === '3,0' && variables.OVERDUE_AFTER_DAYS === '30';
        })
        .map(([id]) => id.replace(/Function[A-F0-9]{8}$/, ''))
        .sort();
      expect(withPolicy).toEqual(['AgreementWorkflowActivate', 'HttpchangeCadence', 'SendDueReminders']);
    } finally {
      configured.dispose();
    }
  });

  it('has the period opening start only the report workflow', () => {
    const statements = policyStatements('OpenReportPeriodRole');
    const starts = statements.filter((statement) => JSON.stringify(statement.Action).includes('states:'));
    expect(starts.map((statement) => statement.Action)).toEqual(['states:StartExecution']);
    expect(JSON.stringify(starts[0]?.Resource)).toMatch(/ReportWorkflowStateMachine/);
  });

  it('lets the functions that email about reports send only from the verified identity', () => {
    for (const prefix of ['SendDueRemindersRole', 'ReportWorkflowNotifyRole']) {
      const statements = policyStatements(prefix);
      const sending = statements.filter((statement) => JSON.stringify(statement.Action).includes('ses:'));
      expect(
        sending.map((statement) => statement.Action),
        prefix,
      ).toEqual(['ses:SendEmail']);
      expect(JSON.stringify(sending[0]?.Resource), prefix).toContain(':identity/');
    }
  });
});

describe('the report state machine', () => {
  const report = () => definitions.get('ReportWorkflow') as AslDefinition;

  it('opens the period, then waits for the report until it falls overdue or the execution nears its year', () => {
    const start = report().States[report().StartAt];
    expect(start?.Choices?.map((choice) => choice.Next)).toEqual([
      'Open the report period',
      'Work out how long the commissioner has',
      'Does the lateReport step fit this execution?',
      'Ask the enterprise to confirm the report',
      'Ask the bureau to review the report',
    ]);
    expect(report().States['Work out how long the commissioner has']?.Next).toBe(
      'Hand over before the submission step?',
    );
    expect(report().States['Hand over before the submission step?']?.Default).toBe(
      'Ask the commissioner for the report',
    );
    const wait = report().States['Ask the commissioner for the report'];
    expect(wait?.TimeoutSecondsPath).toBe('$.wait.value.seconds');
    const timedOut = wait?.Catch?.find((catcher) => catcher.ErrorEquals.includes('States.Timeout'))?.Next;
    expect(timedOut).toBe('Did the report fall overdue, or this execution near its year?');
    expect(report().States[timedOut ?? '']?.Choices?.map((choice) => choice.Next)).toEqual([
      'Hand over to a new execution: submission',
    ]);
    expect(report().States[timedOut ?? '']?.Default).toBe('Record that the report is overdue');
    expect(report().States['Record that the report is overdue']?.Next).toBe(
      'Escalate the overdue report to the bureau and the institution',
    );
  });

  it('sends a disputed or returned report back to the commissioner, and a confirmed one to the bureau', () => {
    const confirmed = report().States['Did the enterprise confirm?'];
    expect(confirmed?.Choices?.map((choice) => choice.Next)).toEqual([
      'Does the review step fit this execution?',
    ]);
    expect(report().States['Hand over before the review step?']?.Default).toBe(
      'Ask the bureau to review the report',
    );
    expect(confirmed?.Default).toBe('Work out how long the commissioner has');
    const reviewed = report().States['Did the bureau accept the report?'];
    expect(reviewed?.Choices?.map((choice) => choice.Next)).toEqual([
      'Tell the commissioner the report was accepted',
    ]);
    expect(reviewed?.Default).toBe('Work out how long the commissioner has');
  });

  it('ends a waived period without asking the enterprise', () => {
    const waived = report().States['Was the period waived?'];
    expect(waived?.Choices?.map((choice) => choice.Next)).toEqual([
      'Tell the commissioner the period was waived',
    ]);
    expect(waived?.Default).toBe('Does the confirmation step fit this execution?');
  });
});

describe("the assessment year's opening state machine", () => {
  const opening = () => definitions.get('AssessmentOpeningWorkflow') as AslDefinition;
  const page = 'Open the assessments of a page of agreements';

  it('loops one task per page on the cursor, carrying the year and the cursor, never the agreements', () => {
    expect(opening().StartAt).toBe(page);
    const task = opening().States[page];
    expect(task?.Parameters?.Payload).toEqual({
      'year.$': '$.year',
      'attempt.$': '$.attempt',
      'pagesDone.$': '$.pagesDone',
      'cursor.$': '$.cursor',
    });
    expect(task?.OutputPath).toBe('$.Payload');
    expect(task?.Next).toBe('Are there more agreements?');
    const more = opening().States['Are there more agreements?'];
    expect(more?.Choices?.map((choice) => choice.Next)).toEqual([page]);
    expect(opening().States[more?.Default ?? '']?.Type).toBe('Succeed');
    // So a page's history is the task's five events (entered, scheduled, started, succeeded,
    // exited) and the Choice's two: 10,000 agreements at 100 a page stay far under 25,000.
  });

  it('retries every task, records a page that kept failing as the failure, and stops', () => {
    const tasks = Object.entries(opening().States).filter(([, state]) => state.Type === 'Task');
    for (const [name, state] of tasks) {
      expect(
        state.Retry?.some((retrier) => retrier.ErrorEquals.includes('States.TaskFailed')),
        name,
      ).toBe(true);
      expect(state.Catch?.at(-1)?.ErrorEquals, name).toEqual(['States.ALL']);
    }
    const recorded = opening().States[page]?.Catch?.at(-1)?.Next ?? '';
    expect(recorded).toBe('Record that the opening failed');
    expect(opening().States[opening().States[recorded]?.Next ?? '']?.Type).toBe('Fail');
    expect(opening().States[opening().States[recorded]?.Catch?.at(-1)?.Next ?? '']?.Type).toBe('Fail');
  });
});
