import { StateMachine } from 'aws-local-stepfunctions';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { notifyApplicant, recordApplicationStep } from '#shared/application/applicationWorkflow.ts';
import type { Application } from '#shared/application/model.ts';
import { ConflictError, TransientError } from '#shared/errors.ts';
import { firstRevision } from '#shared/records/revisions.ts';
import type { TaskOutcome } from '#shared/tasks/model.ts';
import { joinedText, resourcesOfType, type SynthesizedStack, synthesizeStack } from './synthesizeStack.ts';

/*
 * Runs the synthesized application state machine on aws-local-stepfunctions. The step
 * functions that record transitions and notify the applicant are the real ones from
 * shared/application/applicationWorkflow.ts, over an in-memory application table and an
 * email sender that can be made to fail; the human waits answer at once.
 */

// aws-local-stepfunctions 3 calls Promise.withResolvers, which Node 20 lacks.
const promiseStatics = Promise as unknown as { withResolvers?: () => unknown };
promiseStatics.withResolvers ??= () => {
  let resolve: unknown;
  let reject: unknown;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

const store = vi.hoisted(() => ({
  applications: new Map<string, unknown>(),
  sent: [] as { template: string; to: readonly string[] }[],
  emailWorks: true,
  /** While set, writing an application whose latest audit entry is this action fails. */
  failWritesOf: undefined as string | undefined,
  /** The next `times` writes of an application whose latest audit entry is `action` throw `error()`. */
  failingWrites: undefined as { action: string; times: number; error: () => Error } | undefined,
}));

vi.mock('#shared/application/applicationTable.ts', () => ({
  applicationTable: {
    get: async (id: string) => store.applications.get(id),
    replace: async (application: { id: string; recentAudit: readonly { action: string }[] }) => {
      if (store.failWritesOf && application.recentAudit.at(-1)?.action === store.failWritesOf) {
        throw new Error('DynamoDB is unavailable');
      }
      const failing = store.failingWrites;
      if (failing && failing.times > 0 && application.recentAudit.at(-1)?.action === failing.action) {
        failing.times -= 1;
        throw failing.error();
      }
      store.applications.set(application.id, application);
    },
  },
}));

vi.mock('#shared/commissioner/commissionerPool.ts', () => ({
  joinCommissionerPool: async () => undefined,
}));

vi.mock('#shared/email/sendEmail.ts', () => ({
  sendEmailOnce: async (request: { template: string; to: readonly string[] }) => {
    if (!store.emailWorks) throw new Error('SES is unavailable');
    store.sent.push({ template: request.template, to: request.to });
    return 'sent';
  },
}));

interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Parameters?: { readonly Payload?: Record<string, unknown> };
  readonly Retry?: unknown[];
}

type Json = Parameters<StateMachine['run']>[0];
type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

const applicant = { sub: 'applicant-sub', email: 'li.wei@example.edu.cn' };
const admin = { sub: 'admin-sub', email: 'officer@bureau.example.org', role: 'admin' as const };
const institution = {
  sub: 'office-sub',
  email: 'research-office@example.edu.cn',
  role: 'institution' as const,
};

function submittedApplication(id: string): Application {
  const form = {
    name: 'Li Wei',
    email: applicant.email,
    phone: '13812345678',
    homeInstitution: 'Zhejiang University of Technology',
    researchOfficeEmail: institution.email,
    title: 'professor' as const,
    technicalFields: ['laser welding'],
    industries: ['advancedManufacturing' as const],
    statement: 'Twenty years of work on welding processes with local manufacturers.',
    serviceAreas: [],
  };
  return {
    id,
    state: 'awaiting_endorsement',
    revision: 1,
    version: 1,
    applicant,
    form,
    revisions: [firstRevision(id, '2030-01-01T00:00:00.000Z')],
    auditPages: 0,
    recentAudit: [],
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: '2030-01-01T00:00:00.000Z',
  };
}

describe('the application workflow recovery path', () => {
  let synthesized: SynthesizedStack;
  let definition: { States: Record<string, AslState> };

  beforeAll(() => {
    synthesized = synthesizeStack();
    const machines = resourcesOfType(synthesized.template, 'AWS::StepFunctions::StateMachine');
    const machineId = Object.keys(machines).find((id) => id.startsWith('ApplicationWorkflowStateMachine'));
    definition = JSON.parse(joinedText(machines[machineId ?? '']?.Properties?.DefinitionString));
  });

  afterAll(() => synthesized?.dispose());

  beforeEach(() => {
    store.applications.clear();
    store.sent.length = 0;
    store.emailWorks = true;
    store.failWritesOf = undefined;
    store.failingWrites = undefined;
    process.env.CONSOLE_URL = 'https://console.example.org';
  });

  /**
   * Runs one execution; `answers` says what each human wait returns. Resolves with the states
   * entered, every state failure (`state: Error: Cause`) and the execution's error, if any.
   */
  async function run(
    applicationId: string,
    answers: Record<string, () => Omit<TaskOutcome, 'payload'>>,
  ): Promise<{ entered: string[]; failures: string[]; error?: unknown }> {
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    const retryIntervals: Record<string, number> = {};
    for (const [name, state] of Object.entries(definition.States)) {
      if (state.Type !== 'Task') continue;
      if (state.Retry) retryIntervals[name] = 0;
      if (state.Resource?.endsWith('.waitForTaskToken')) {
        handlers[name] = async () => {
          const answer = answers[name];
          if (!answer) throw new Error(`The test has no answer for "${name}"`);
          return answer() as unknown as Json;
        };
        continue;
      }
      handlers[name] = async (input) => {
        const payload = (input as { Payload: Record<string, unknown> }).Payload;
        if (payload.step === 'record') {
          return { Payload: await recordApplicationStep(payload as never) } as unknown as Json;
        }
        if (payload.step === 'notify') {
          return { Payload: await notifyApplicant(payload as never) } as unknown as Json;
        }
        throw new Error(`The test does not run "${name}" (step ${String(payload.step)})`);
      };
    }
    const machine = new StateMachine(definition as never, { validationOptions: { checkArn: false } });
    const execution = machine.run({ applicationId } as Json, {
      overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: retryIntervals },
      // aws-local-stepfunctions takes one context for the whole run; each event id built from it
      // is used once per execution here, so a fixed state name and entry time do not collide.
      context: {
        Execution: { Name: `execution-${applicationId}` },
        State: { Name: 'state', EnteredTime: '2030-01-01T00:00:00.000Z' },
        Task: { Token: 'task-token' },
      } as never,
    });
    const entered: string[] = [];
    const failures: string[] = [];
    const collecting = (async () => {
      for await (const event of execution.eventLogs as AsyncGenerator<EventLog>) {
        if (event.type === 'StateEntered') entered.push(event.state.name);
        if (event.type === 'StateFailed')
          failures.push(`${event.state.name}: ${event.Error}: ${event.Cause}`);
      }
    })();
    try {
      await execution.result;
      await collecting;
      return { entered, failures };
    } catch (error) {
      await collecting.catch(() => undefined);
      return { entered, failures, error };
    }
  }

  it('runs the happy path with the real step functions: endorsed, approved, applicant told', async () => {
    // Arrange
    store.applications.set('app-1', submittedApplication('app-1'));

    // Act
    const { entered, error } = await run('app-1', {
      'Ask the institution to endorse': () => ({
        decision: 'endorse',
        actor: institution,
        completionId: 'c-1',
      }),
      'Ask the bureau to review': () => ({ decision: 'approve', actor: admin, completionId: 'c-2' }),
    });

    // Assert
    expect(error).toBeUndefined();
    expect(entered.at(-1)).toBe('Application approved');
    expect((store.applications.get('app-1') as Application).state).toBe('approved');
    expect(store.sent).toEqual([{ template: 'application-approved', to: [applicant.email] }]);
  });

  it('hands a step that keeps failing to the bureau to retry, and resumes there after the retry', async () => {
    // Arrange: the review is recorded, then the approval email cannot be sent until the bureau retries
    store.applications.set('app-2', submittedApplication('app-2'));
    store.emailWorks = false;

    // Act
    const { entered, failures, error } = await run('app-2', {
      'Ask the institution to endorse': () => ({
        decision: 'endorse',
        actor: institution,
        completionId: 'c-1',
      }),
      'Ask the bureau to review': () => ({ decision: 'approve', actor: admin, completionId: 'c-2' }),
      'Ask the bureau to retry the failed step': () => {
        store.emailWorks = true;
        return { decision: 'retry', actor: admin, completionId: 'c-3' };
      },
    });

    // Assert
    const story = `states entered: ${entered.join(' → ')}\nfailures:\n${failures.join('\n')}`;
    expect(entered, story).toContain('Record the workflow failure');
    expect(entered, story).not.toContain('Stop: the failure could not be recorded');
    expect(entered, story).toContain('Ask the bureau to retry the failed step');
    expect(error, story).toBeUndefined();
    expect(store.sent).toEqual([{ template: 'application-approved', to: [applicant.email] }]);
  });

  it('hands a step that fails while the application is open to the bureau, and resumes it after the retry', async () => {
    // Arrange: recording the endorsement fails until the bureau retries
    store.applications.set('app-3', submittedApplication('app-3'));
    store.failWritesOf = 'endorse';

    // Act
    const { entered, error } = await run('app-3', {
      'Ask the institution to endorse': () => ({
        decision: 'endorse',
        actor: institution,
        completionId: 'c-1',
      }),
      'Ask the bureau to retry the failed step': () => {
        store.failWritesOf = undefined;
        return { decision: 'retry', actor: admin, completionId: 'c-2' };
      },
      'Ask the bureau to review': () => ({
        decision: 'reject',
        actor: admin,
        completionId: 'c-3',
        reason: 'The statement names no industrial project',
      }),
    });

    // Assert
    expect(error).toBeUndefined();
    expect(entered).toContain('Ask the bureau to retry the failed step');
    expect(entered.at(-1)).toBe('Application rejected');
    const application = store.applications.get('app-3') as Application;
    expect(application.state).toBe('rejected');
    expect(application.recentAudit.map((entry) => `${entry.from}→${entry.to}`)).toEqual([
      'awaiting_endorsement→failed',
      'failed→awaiting_endorsement',
      'awaiting_endorsement→under_review',
      'under_review→rejected',
    ]);
  });

  const endorsedThenApproved: Record<string, () => Omit<TaskOutcome, 'payload'>> = {
    'Ask the institution to endorse': () => ({
      decision: 'endorse',
      actor: institution,
      completionId: 'c-1',
    }),
    'Ask the bureau to review': () => ({ decision: 'approve', actor: admin, completionId: 'c-2' }),
  };

  it('retries a step that meets a transient failure, and goes on without troubling the bureau', async () => {
    // Arrange: the endorsement's write loses twice to a throttled table
    store.applications.set('app-4', submittedApplication('app-4'));
    store.failingWrites = {
      action: 'endorse',
      times: 2,
      error: () => new TransientError('DynamoDB throttled the write'),
    };

    // Act
    const { entered, error } = await run('app-4', endorsedThenApproved);

    // Assert
    expect(error).toBeUndefined();
    expect(entered).not.toContain('Record the workflow failure');
    expect(store.failingWrites?.times).toBe(0);
    expect((store.applications.get('app-4') as Application).state).toBe('approved');
  });

  it('sends a domain error straight to the recovery path: it fails once and is not retried', async () => {
    // Arrange: one write of the endorsement is refused as a conflict; a retry would have succeeded
    store.applications.set('app-5', submittedApplication('app-5'));
    store.failingWrites = {
      action: 'endorse',
      times: 1,
      error: () => new ConflictError('The application was changed by someone else; reload it and try again'),
    };

    // Act
    const { entered, failures } = await run('app-5', {
      ...endorsedThenApproved,
      'Ask the bureau to retry the failed step': () => ({
        decision: 'retry',
        actor: admin,
        completionId: 'c-3',
      }),
    });

    // Assert
    expect(failures.filter((failure) => failure.startsWith('Record the endorsement decision'))).toEqual([
      expect.stringContaining('ConflictError'),
    ]);
    expect(entered).toContain('Record the workflow failure');
    expect(entered.at(-1)).toBe('Application approved');
  });
});
