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
  for (const stage of [...stages, 'AssessmentOpeningWorkflow', 'DailyReminderWorkflow']) {
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
  it('runs schedules with a role the scheduler assumes that may only invoke the period opening, start the daily reminder workflow and send to its dead-letter queue', () => {
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
    expect(all.map((statement) => statement.Action)).toEqual([
      'sqs:SendMessage',
      'lambda:InvokeFunction',
      'states:StartExecution',
    ]);
    expect(all[0]).toMatchObject({
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SchedulingDeadLetterQueue/), 'Arn'] },
    });
    const invoked = JSON.stringify(all[1]);
    expect(new Set(invoked.match(/"Fn::GetAtt":\["[A-Za-z0-9]+","Arn"\]/g))).toEqual(
      new Set([expect.stringContaining('OpenReportPeriodFunction')]),
    );
    // The one state machine, by its ARN: no wildcard, no other workflow.
    expect(all[2]).toMatchObject({
      Resource: { Ref: expect.stringMatching(/^DailyReminderWorkflowStateMachine/) },
    });
  });

  it('starts the daily reminder workflow every morning in China, telling it when the run was meant to be, with retries and a dead-letter queue', () => {
    const schedules = Object.values(resourcesOfType(synthesized.template, 'AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(1);
    expect(schedules[0]?.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 9 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        // Scheduler's templated Step Functions target: the state machine's ARN, the input the execution's.
        Arn: { Ref: expect.stringMatching(/^DailyReminderWorkflowStateMachine/) },
        RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^SchedulingInvokeRole/), 'Arn'] },
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86_400 },
        DeadLetterConfig: {
          Arn: { 'Fn::GetAtt': [expect.stringMatching(/^SchedulingDeadLetterQueue/), 'Arn'] },
        },
      },
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
      expect(withPolicy).toEqual([
        'AgreementWorkflowActivate',
        'DailyReminderWorkflowSendPage',
        'HttpchangeCadence',
      ]);
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
    for (const prefix of ['DailyReminderWorkflowSendPageRole', 'ReportWorkflowNotifyRole']) {
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

describe('the daily reminder state machine', () => {
  const reminders = () => definitions.get('DailyReminderWorkflow') as AslDefinition;
  const page = 'Send the reminders of a page of due reports';
  const publish = 'Publish how many tasks are overdue';

  it('starts at the first due date chased, from the scheduled time or, without it, the start of the execution', () => {
    const start = reminders().States[reminders().StartAt];
    expect(start).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.scheduledTime', IsPresent: true, Next: 'Start at the first due date chased' }],
      Default: 'Chase the day it started',
    });
    expect(reminders().States['Chase the day it started']).toMatchObject({
      Type: 'Pass',
      Parameters: { 'scheduledTime.$': '$$.Execution.StartTime' },
      Next: 'Start at the first due date chased',
    });
    expect(reminders().States['Start at the first due date chased']).toEqual({
      Type: 'Pass',
      Result: { dateIndex: 0, cursor: null, pagesDone: 0, read: 0, sent: 0 },
      ResultPath: '$.position',
      Next: page,
    });
  });

  it('loops one task per page on the position, carrying the scheduled time and a cursor, never the reports', () => {
    const task = reminders().States[page];
    expect(task?.Parameters?.Payload).toEqual({
      'scheduledTime.$': '$.scheduledTime',
      'position.$': '$.position',
    });
    expect(task?.OutputPath).toBe('$.Payload');
    expect(task?.Next).toBe('Are there more due reports?');
    const more = reminders().States['Are there more due reports?'];
    expect(more?.Choices).toEqual([{ Variable: '$.more', BooleanEquals: true, Next: page }]);
    expect(more?.Default).toBe(publish);
    // A page's history: the task's five events and the Choice's two, so 10,000 reports due in
    // a day (100 a page) take some 700 of an execution's 25,000.
    expect(
      Object.values(reminders().States).filter((state) => state.Type === 'Task' || state.Type === 'Choice'),
    ).toHaveLength(5);
  });

  it('retries every task; a page that kept failing still publishes the overdue count, then fails the execution', () => {
    const tasks = Object.entries(reminders().States).filter(([, state]) => state.Type === 'Task');
    expect(tasks.map(([name]) => name).sort()).toEqual([publish, page]);
    for (const [name, state] of tasks) {
      expect(
        state.Retry?.some((retrier) => retrier.ErrorEquals.includes('States.TaskFailed')),
        name,
      ).toBe(true);
      expect(state.Catch?.at(-1)?.ErrorEquals, name).toEqual(['States.ALL']);
    }
    // A page cut off mid-run is retried only once the email claims it may have left are stale (5 minutes).
    expect(reminders().States[page]?.Retry?.[0]).toEqual({
      ErrorEquals: ['Lambda.Unknown', 'Sandbox.Timedout'],
      IntervalSeconds: 360,
      MaxAttempts: 2,
      BackoffRate: 1,
    });
    expect(reminders().States[page]?.Catch?.at(-1)).toEqual({
      ErrorEquals: ['States.ALL'],
      ResultPath: '$.failure',
      Next: publish,
    });
    expect(reminders().States[reminders().States[publish]?.Catch?.at(-1)?.Next ?? '']?.Type).toBe('Fail');
    const outcome = reminders().States[reminders().States[publish]?.Next ?? ''];
    expect(outcome?.Choices).toEqual([
      { Variable: '$.failure', IsPresent: true, Next: 'Stop: a page of reminders kept failing' },
    ]);
    expect(reminders().States['Stop: a page of reminders kept failing']).toMatchObject({
      Type: 'Fail',
      Error: 'RemindersFailed',
    });
    expect(reminders().States[outcome?.Default ?? '']?.Type).toBe('Succeed');
  });

  it('is watched by an alarm of its own, so a failed run reaches the operators', () => {
    const [machineId] = Object.keys(
      resourcesOfType(synthesized.template, 'AWS::StepFunctions::StateMachine'),
    ).filter((id) => id.startsWith('DailyReminderWorkflowStateMachine'));
    const alarms = Object.values(resourcesOfType(synthesized.template, 'AWS::CloudWatch::Alarm')).filter(
      (alarm) => JSON.stringify(alarm.Properties?.Metrics ?? []).includes(JSON.stringify({ Ref: machineId })),
    );
    expect(alarms.map((alarm) => alarm.Properties?.AlarmDescription)).toEqual([
      expect.stringMatching(/^A daily reminder workflow execution failed, timed out or was aborted/),
    ]);
  });
});
