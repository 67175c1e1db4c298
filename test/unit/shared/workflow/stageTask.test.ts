import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, TransientError, ValidationError } from '#shared/errors.ts';
import { stageTaskHandler } from '#shared/workflow/stageTask.ts';

const context = {} as Context;
const seen: unknown[] = [];
const handler = stageTaskHandler('test', {
  record: async (input: unknown) => {
    seen.push(input);
    return { state: 'recorded' };
  },
  missing: async () => {
    throw new NotFoundError('No application a-1');
  },
  stale: async () => {
    const lost = new ConditionalCheckFailedException({
      message: 'The conditional request failed',
      $metadata: {},
    });
    throw new ConflictError(
      'The application was changed by someone else; reload it and try again',
      { code: 'changedMeanwhile' },
      { cause: lost },
    );
  },
  refused: async () => {
    throw new ConflictError('an application in state approved does not allow "endorse"');
  },
  slow: async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { state: 'done late' };
  },
});

describe('a stage task function', () => {
  it('runs the step the task names with the payload, the step name taken off and the execution name kept', async () => {
    const result = await handler(
      { step: 'record', executionName: 'app-1', applicationId: 'a-1', action: 'endorse' },
      context,
    );
    expect(result).toEqual({ state: 'recorded' });
    expect(seen.at(-1)).toEqual({ executionName: 'app-1', applicationId: 'a-1', action: 'endorse' });
  });

  it('leaves its timeout to Lambda (Sandbox.Timedout, which a page retries), never failing early itself', async () => {
    // 5 ms left: middy's default early timeout would fail the step at once with its TimeoutError.
    const almostOut = { getRemainingTimeInMillis: () => 5 } as unknown as Context;
    await expect(handler({ step: 'slow', executionName: 'app-1' }, almostOut)).resolves.toEqual({
      state: 'done late',
    });
  });

  it('fails a step it does not have with UnknownStepError, which no retrier names', async () => {
    await expect(handler({ step: 'recrod', executionName: 'app-1' }, context)).rejects.toMatchObject({
      name: 'UnknownStepError',
      message: 'The test workflow has no step "recrod"',
    });
    // Not a step: an inherited property of the table.
    await expect(handler({ step: 'toString', executionName: 'app-1' }, context)).rejects.toMatchObject({
      name: 'UnknownStepError',
    });
  });

  it('refuses an event without a step or an execution name, naming the field', async () => {
    const refused = handler({ executionName: '' }, context);
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({
      fields: [
        { field: 'step', reason: 'is required' },
        { field: 'executionName', reason: expect.any(String) },
      ],
    });
  });

  it('passes a domain error on as it is: not found, or a transition the record does not allow', async () => {
    await expect(handler({ step: 'missing', executionName: 'app-1' }, context)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(handler({ step: 'refused', executionName: 'app-1' }, context)).rejects.toMatchObject({
      name: 'ConflictError',
    });
  });

  it('turns a write that lost a race with another writer into a TransientError, so the step is retried', async () => {
    const failure = handler({ step: 'stale', executionName: 'app-1' }, context);
    await expect(failure).rejects.toBeInstanceOf(TransientError);
    await expect(failure).rejects.toMatchObject({ name: 'TransientError', cause: expect.any(ConflictError) });
  });
});
