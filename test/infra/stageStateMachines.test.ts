import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceErrors, throttlingErrors, transientErrors } from '#workflows/failureHandling.ts';
import { resourcesOfType, type SynthesizedStack, synthesizeStack } from './synthesizeStack.ts';

interface AslState {
  readonly Type: string;
  readonly Parameters?: Record<string, unknown> & { readonly Payload?: Record<string, unknown> };
  readonly OutputPath?: string;
  readonly Resource?: string;
  readonly Next?: string;
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
  readonly HeartbeatSeconds?: number;
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

/** The definition's text with each function's ARN written `function:<logical id>`, so a task's target can be read. */
function definitionText(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) throw new Error(`Not a string or an Fn::Join: ${JSON.stringify(value)}`);
  const [separator, parts] = join;
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const getAtt = (part as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      return getAtt ? `function:${getAtt[0]}` : 'ARN';
    })
    .join(separator);
}

const recordFailure = 'Record the workflow failure';
/** Besides the transient errors, a function cut off by its timeout (AWS: Lambda.Unknown) may be retried. */
const retriable = new Set([...transientErrors, 'Lambda.Unknown', 'Sandbox.Timedout']);
/** Domain errors: retrying cannot change them, so they go straight to the recovery path. */
const domainErrors = [
  'ValidationError',
  'ConflictError',
  'NotFoundError',
  'ForbiddenError',
  'UnknownStepError',
];

interface Machine {
  /** The workflow's construct id, e.g. `ApplicationWorkflow`. */
  readonly workflow: string;
  readonly definition: AslDefinition;
}

let synthesized: SynthesizedStack;
/** Every state machine in the template, found there, by its workflow's construct id. */
const machines = new Map<string, Machine>();
/** The workflows with the recovery path: the seven stages, found by their shape, not listed. */
let stages: string[] = [];
const definitions = new Map<string, AslDefinition>();

beforeAll(() => {
  synthesized = synthesizeStack();
  for (const [logicalId, machine] of Object.entries(
    resourcesOfType(synthesized.template, 'AWS::StepFunctions::StateMachine'),
  )) {
    const workflow = logicalId.replace(/StateMachine[0-9A-F]{8}$/, '');
    const definition = JSON.parse(definitionText(machine.Properties?.DefinitionString)) as AslDefinition;
    machines.set(workflow, { workflow, definition });
    definitions.set(workflow, definition);
  }
  stages = [...machines.values()]
    .filter(({ definition }) => recordFailure in definition.States)
    .map(({ workflow }) => workflow);
});

afterAll(() => synthesized?.dispose());

describe('the state machines, as the template has them', () => {
  it('are every stage, the assessment and commendation ones too, and the three paged jobs', () => {
    expect([...machines.keys()].sort()).toEqual(
      [...stages, 'AssessmentOpeningWorkflow', 'DailyReminderWorkflow', 'ImportWorkflow'].sort(),
    );
    expect(stages).toEqual(expect.arrayContaining(['AssessmentWorkflow', 'CommendationWorkflow']));
    expect(stages).toHaveLength(7);
  });

  it('retry every Task, in branches too, on the transient errors only: never a domain error', () => {
    for (const { workflow, definition } of machines.values()) {
      for (const { name, state } of allStates(definition).filter(({ state }) => state.Type === 'Task')) {
        const retried = (state.Retry ?? []).flatMap((retrier) => retrier.ErrorEquals);
        expect(retried, `${workflow}: ${name}`).toEqual(expect.arrayContaining([...transientErrors]));
        expect(
          retried.filter((error) => !retriable.has(error)),
          `${workflow}: ${name}`,
        ).toEqual([]);
        for (const error of [...domainErrors, 'States.ALL', 'States.TaskFailed']) {
          expect(retried, `${workflow}: ${name}`).not.toContain(error);
        }
      }
    }
  });

  it('retry throttling for minutes with full jitter, a burst spreading out, and service errors briefly', () => {
    for (const { workflow, definition } of machines.values()) {
      for (const { name, state } of allStates(definition).filter(({ state }) => state.Type === 'Task')) {
        const throttling = (state.Retry ?? []).find((retrier) =>
          retrier.ErrorEquals.includes('Lambda.TooManyRequestsException'),
        );
        const service = (state.Retry ?? []).find((retrier) =>
          retrier.ErrorEquals.includes('Lambda.ServiceException'),
        );
        expect(throttling, `${workflow}: ${name}`).toEqual({
          ErrorEquals: [...throttlingErrors],
          IntervalSeconds: 1,
          BackoffRate: 2,
          MaxDelaySeconds: 30,
          MaxAttempts: 20,
          JitterStrategy: 'FULL',
        });
        expect(service, `${workflow}: ${name}`).toEqual({
          ErrorEquals: [...serviceErrors],
          IntervalSeconds: 2,
          MaxAttempts: 3,
          BackoffRate: 2,
        });
      }
    }
  });

  it('catch every Task and Parallel outside branches, States.ALL alone and last', () => {
    for (const { workflow, definition } of machines.values()) {
      const top = allStates(definition).filter(
        ({ state, inBranch }) => !inBranch && (state.Type === 'Task' || state.Type === 'Parallel'),
      );
      for (const { name, state } of top) {
        const catchers = state.Catch ?? [];
        expect(catchers.at(-1)?.ErrorEquals, `${workflow}: ${name}`).toEqual(['States.ALL']);
        expect(
          catchers.slice(0, -1).filter((catcher) => catcher.ErrorEquals.includes('States.ALL')),
          `${workflow}: ${name}`,
        ).toEqual([]);
      }
    }
  });

  it("invoke, in every Task, that workflow's own task function and nothing else, naming a step it has", async () => {
    const functions = resourcesOfType(synthesized.template, 'AWS::Lambda::Function');
    const owners = new Map<string, string>();
    for (const { workflow, definition } of machines.values()) {
      const tasks = allStates(definition).filter(({ state }) => state.Type === 'Task');
      const targets = new Set(tasks.map(({ state }) => String(state.Parameters?.FunctionName)));
      expect([...targets], workflow).toEqual([
        expect.stringMatching(new RegExp(`^function:${workflow}TaskFunction`)),
      ]);
      const functionId = [...targets][0]?.replace(/^function:/, '') ?? '';
      expect(owners.get(functionId), functionId).toBeUndefined();
      owners.set(functionId, workflow);

      const entry = String(functions[functionId]?.Metadata?.['commissioner:entry']);
      expect(entry, workflow).toMatch(/^functions\/workflow\/\w+\.ts$/);
      const module = (await import(`#${entry}`)) as Record<string, unknown>;
      const [steps] = Object.entries(module).filter(([name]) => name !== 'handler');
      const stepNames = Object.keys((steps?.[1] ?? {}) as object);
      for (const { name, state } of tasks) {
        expect(state.Parameters?.Payload, `${workflow}: ${name}`).toMatchObject({
          step: expect.any(String),
          'executionName.$': '$$.Execution.Name',
        });
        expect(stepNames, `${workflow}: ${name}`).toContain(state.Parameters?.Payload?.step);
      }
    }
  });
});

describe('the stage state machines', () => {
  it('route every uncaught failure outside branches through one Pass to the recovery path', () => {
    for (const stage of stages) {
      const definition = definitions.get(stage) as AslDefinition;
      const top = allStates(definition).filter(
        ({ state, inBranch }) => !inBranch && (state.Type === 'Task' || state.Type === 'Parallel'),
      );
      for (const { name, state } of top) {
        if (name === recordFailure) continue;
        const note = definition.States[state.Catch?.at(-1)?.Next ?? ''];
        expect(note?.Type, `${stage}: ${name}`).toBe('Pass');
        expect(note?.Next, `${stage}: ${name}`).toBe(recordFailure);
      }
    }
  });

  it('give every token wait a timeout that is caught', () => {
    for (const stage of stages) {
      const waits = allStates(definitions.get(stage) as AslDefinition).filter(({ state }) =>
        state.Resource?.endsWith('.waitForTaskToken'),
      );
      expect(waits.length, stage).toBeGreaterThan(0);
      for (const { name, state } of waits) {
        const timeout = state.TimeoutSeconds ?? state.TimeoutSecondsPath ?? state.HeartbeatSeconds;
        expect(timeout, `${stage}: ${name}`).toBeDefined();
        if (state.TimeoutSecondsPath === undefined) {
          expect(state.TimeoutSeconds ?? state.HeartbeatSeconds, `${stage}: ${name}`).toBeGreaterThan(0);
        }
        expect(
          state.Catch?.some((catcher) => catcher.ErrorEquals.includes('States.Timeout')),
          `${stage}: ${name}`,
        ).toBe(true);
      }
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

  it('lets only the activation, the cadence change and the import manage schedules, in its own group, passing only the scheduler role', () => {
    const policies = Object.entries(resourcesOfType(synthesized.template, 'AWS::IAM::Policy'));
    const creators = policies.filter(([, policy]) =>
      JSON.stringify(policy.Properties?.PolicyDocument).includes('scheduler:CreateSchedule'),
    );
    expect(creators.map(([id]) => id.replace(/RoleDefaultPolicy.*$/, '')).sort()).toEqual([
      'AgreementWorkflowTaskFunction',
      'HttpagreementRoutes',
      'ImportWorkflowTaskFunction',
    ]);
    // Withdrawing a period (an early end, a waiver before it opens) only deletes.
    const deleters = policies.filter(
      ([, policy]) =>
        JSON.stringify(policy.Properties?.PolicyDocument).includes('scheduler:DeleteSchedule') &&
        !JSON.stringify(policy.Properties?.PolicyDocument).includes('scheduler:CreateSchedule'),
    );
    expect(deleters.map(([id]) => id.replace(/RoleDefaultPolicy.*$/, '')).sort()).toEqual([
      'AssessmentWorkflowTaskFunction',
      'HttpreportRoutes',
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
        'AgreementWorkflowTask',
        'DailyReminderWorkflowTask',
        'HttpagreementRoutes',
        'ImportWorkflowTask',
      ]);
    } finally {
      configured.dispose();
    }
  });

  it("lets only the assessment workflow stop executions, and only the report workflow's", () => {
    const policies = Object.entries(resourcesOfType(synthesized.template, 'AWS::IAM::Policy'));
    const stoppers = policies.filter(([, policy]) =>
      JSON.stringify(policy.Properties?.PolicyDocument).includes('states:StopExecution'),
    );
    expect(stoppers.map(([id]) => id.replace(/RoleDefaultPolicy.*$/, ''))).toEqual([
      'AssessmentWorkflowTaskFunction',
    ]);
    const stops = policyStatements('AssessmentWorkflowTaskFunction').filter((statement) =>
      JSON.stringify(statement.Action).includes('states:StopExecution'),
    );
    expect(stops.map((statement) => statement.Action)).toEqual(['states:StopExecution']);
    // The executions of the report state machine: its ARN with `execution` for `stateMachine`, and `:*`.
    expect(JSON.stringify(stops[0]?.Resource)).toMatch(/:execution:/);
    expect(JSON.stringify(stops[0]?.Resource)).toMatch(/ReportWorkflowStateMachine/);
  });

  it('has the period opening start only the report workflow', () => {
    const statements = policyStatements('OpenReportPeriodRole');
    const starts = statements.filter((statement) => JSON.stringify(statement.Action).includes('states:'));
    expect(starts.map((statement) => statement.Action)).toEqual(['states:StartExecution']);
    expect(JSON.stringify(starts[0]?.Resource)).toMatch(/ReportWorkflowStateMachine/);
  });

  it('lets the functions that email about reports send only from the verified identity', () => {
    for (const prefix of ['DailyReminderWorkflowTaskFunctionRole', 'ReportWorkflowTaskFunctionRole']) {
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

  it('ends at once when the bureau waived the period between its schedule firing and its opening', () => {
    const open = report().States['Open the report period'];
    expect(open?.Parameters?.Payload).toMatchObject({ step: 'open' });
    const waivedFirst = report().States[open?.Next ?? ''];
    expect(waivedFirst?.Choices).toEqual([
      { Variable: '$.opened.value.state', StringEquals: 'waived', Next: 'Period waived before it opened' },
    ]);
    expect(waivedFirst?.Default).toBe('Work out how long the commissioner has');
    expect(report().States['Period waived before it opened']?.Type).toBe('Succeed');
  });
});

describe('the commendation round state machine', () => {
  const round = () => definitions.get('CommendationWorkflow') as AslDefinition;

  it('past the scoring deadline tells the bureau, then reminds the panel members themselves, then waits again', () => {
    const firstWait = round().States["Wait for the panel's scores"];
    expect(firstWait?.Catch?.find((catcher) => catcher.ErrorEquals.includes('States.Timeout'))?.Next).toBe(
      'Tell the bureau the scoring is late',
    );
    expect(round().States['Tell the bureau the scoring is late']?.Next).toBe(
      'Remind the panel members who have not scored',
    );
    const remind = round().States['Remind the panel members who have not scored'];
    expect(remind?.Parameters?.Payload).toMatchObject({
      step: 'remindPanel',
      deadlineSeconds: 14 * 86_400,
      'roundId.$': '$.roundId',
    });
    expect(remind?.Retry?.length).toBeGreaterThan(0);
    expect(remind?.Catch?.map((catcher) => catcher.Next)).toEqual([
      'Note that "Remind the panel members who have not scored" failed',
    ]);
    expect(remind?.Next).toBe('Wait for the last scores');
  });
});

describe("the assessment year's opening state machine", () => {
  const opening = () => definitions.get('AssessmentOpeningWorkflow') as AslDefinition;
  const page = 'Open the assessments of a page of agreements';

  it('loops one task per page on the cursor, carrying the year and the cursor, never the agreements', () => {
    expect(opening().StartAt).toBe(page);
    const task = opening().States[page];
    expect(task?.Parameters?.Payload).toEqual({
      step: 'openPage',
      'executionName.$': '$$.Execution.Name',
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

  it('retries a page cut off by its timeout, records a page that kept failing as the failure, and stops', () => {
    expect(opening().States[page]?.Retry?.[0]?.ErrorEquals).toEqual(['Lambda.Unknown', 'Sandbox.Timedout']);
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
      step: 'sendPage',
      'executionName.$': '$$.Execution.Name',
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

  it('a page that kept failing still publishes the overdue count, then fails the execution', () => {
    const tasks = Object.entries(reminders().States).filter(([, state]) => state.Type === 'Task');
    expect(tasks.map(([name]) => name).sort()).toEqual([publish, page]);
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
