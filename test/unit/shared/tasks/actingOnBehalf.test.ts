import { describe, expect, it } from 'vitest';
import { agreementTransitions } from '#shared/agreement/states.ts';
import { ForbiddenError, ValidationError } from '#shared/errors.ts';
import type { Caller } from '#shared/identity.ts';
import { applyStep, type StagedRecord, type StepRules } from '#shared/records/stagedRecord.ts';
import { reportTransitions } from '#shared/report/states.ts';
import { completionActor } from '#shared/tasks/actingOnBehalf.ts';
import type { Assignee, TaskKind } from '#shared/tasks/model.ts';
import { completeTaskSchema } from '#shared/tasks/schema.ts';
import { parseInput } from '#shared/validation.ts';

const admin: Caller = { sub: 'admin-1', email: 'clerk@kjj.example.gov.cn', roles: ['admin'] };
const enterprise: Caller = {
  sub: 'ent-1',
  email: 'boss@acme.example.com',
  roles: ['enterprise'],
  organization: 'Acme Tooling',
};
const otherEnterprise: Caller = { ...enterprise, sub: 'ent-2', organization: 'Other Works' };
const commissioner: Caller = { sub: 'comm-1', email: 'expert@example.edu.cn', roles: ['commissioner'] };

const enterpriseAssignee: Assignee = {
  role: 'enterprise',
  organization: 'Acme Tooling',
  email: 'contact@acme.example.com',
};
const task = (kind: TaskKind, assignee: Assignee) => ({ kind, assignee });
const reason = { reason: 'Paper agreement signed by the enterprise at the bureau on 3 March' };

describe('who may complete which step', () => {
  const partySteps: [TaskKind, Assignee, string][] = [
    ['sign-agreement-enterprise', enterpriseAssignee, 'sign'],
    ['sign-agreement-institution', { role: 'institution', organization: 'Uni', email: 'o@u.cn' }, 'decline'],
    ['sign-agreement-commissioner', { role: 'commissioner', sub: 'comm-1', email: 'e@u.cn' }, 'sign'],
    ['confirm-report', enterpriseAssignee, 'confirm'],
    ['confirm-report', enterpriseAssignee, 'dispute'],
    ['accept-dispatch-enterprise', enterpriseAssignee, 'accept'],
    ['endorse-application', { role: 'institution', organization: 'Uni', email: 'o@u.cn' }, 'endorse'],
  ];

  it.each(partySteps)('refuses the bureau completing %s (%s) as itself', (kind, assignee, decision) => {
    expect(() => completionActor(admin, task(kind, assignee), decision as never, undefined)).toThrow(
      /only on their behalf/,
    );
  });

  it.each(partySteps)('lets the bureau record %s on the party behalf, naming the party', (kind, assignee) => {
    const actor = completionActor(admin, task(kind, assignee), 'sign', reason);
    const { members: _members, ...party } = assignee;
    expect(actor).toEqual({
      sub: 'admin-1',
      email: 'clerk@kjj.example.gov.cn',
      role: 'admin',
      onBehalfOf: { ...party, reason: reason.reason },
    });
  });

  it('lets the party complete its own step, as itself', () => {
    expect(
      completionActor(enterprise, task('sign-agreement-enterprise', enterpriseAssignee), 'sign', undefined),
    ).toEqual({
      sub: 'ent-1',
      email: 'boss@acme.example.com',
      role: 'enterprise',
    });
  });

  it('refuses onBehalfOf from anyone but the bureau, the party itself included', () => {
    for (const caller of [enterprise, otherEnterprise, commissioner]) {
      expect(() =>
        completionActor(caller, task('sign-agreement-enterprise', enterpriseAssignee), 'sign', reason),
      ).toThrow(ForbiddenError);
    }
  });

  it('refuses another enterprise', () => {
    expect(() =>
      completionActor(otherEnterprise, task('confirm-report', enterpriseAssignee), 'confirm', undefined),
    ).toThrow('This task is not yours');
  });

  it("takes the bureau's own steps as its own, and refuses onBehalfOf on them", () => {
    expect(
      completionActor(admin, task('countersign-agreement', { role: 'admin' }), 'countersign', undefined),
    ).toEqual({
      sub: 'admin-1',
      email: 'clerk@kjj.example.gov.cn',
      role: 'admin',
    });
    expect(() =>
      completionActor(admin, task('countersign-agreement', { role: 'admin' }), 'countersign', reason),
    ).toThrow(ValidationError);
  });

  it('treats a decision only the bureau takes on a party task (waiving a report) as its own', () => {
    const submit = task('submit-report', { role: 'commissioner', sub: 'comm-1', email: 'e@u.cn' });
    expect(completionActor(admin, submit, 'waive', undefined).role).toBe('admin');
    expect(() => completionActor(admin, submit, 'waive', reason)).toThrow(ValidationError);
  });

  it('lets a bureau user who is also the party act as the party without onBehalfOf', () => {
    const both: Caller = { ...enterprise, roles: ['admin', 'enterprise'] };
    expect(completionActor(both, task('confirm-report', enterpriseAssignee), 'confirm', undefined).role).toBe(
      'enterprise',
    );
  });
});

describe('the completion schema', () => {
  const problems = (input: unknown) => {
    try {
      parseInput(completeTaskSchema, input);
      return [];
    } catch (error) {
      return (error as ValidationError).fields;
    }
  };

  it('accepts a reason of 10 to 500 characters, line breaks included, trimmed', () => {
    const parsed = parseInput(completeTaskSchema, {
      decision: 'sign',
      onBehalfOf: { reason: '  纸质协议已于3月3日\n在科技局签署  ' },
    });
    expect(parsed.onBehalfOf).toEqual({ reason: '纸质协议已于3月3日\n在科技局签署' });
    expect(problems({ decision: 'sign', onBehalfOf: { reason: 'x'.repeat(500) } })).toEqual([]);
  });

  it.each([
    ['empty', { reason: '' }],
    ['blank', { reason: '          ' }],
    ['short', { reason: 'on paper' }],
    ['long', { reason: 'x'.repeat(501) }],
    ['with a control character', { reason: 'signed on paper\u0007 at the bureau' }],
  ])('names onBehalfOf.reason when it is %s', (_, onBehalfOf) => {
    expect(problems({ decision: 'sign', onBehalfOf }).map((p) => p.field)).toEqual(['onBehalfOf.reason']);
  });

  it('names a missing reason and unknown fields', () => {
    expect(problems({ decision: 'sign', onBehalfOf: {} })).toEqual([
      { field: 'onBehalfOf.reason', reason: 'is required', code: 'required' },
    ]);
    expect(
      problems({ decision: 'sign', onBehalfOf: { reason: 'x'.repeat(20), party: 'enterprise' } }),
    ).toEqual([{ field: 'onBehalfOf.party', reason: 'is not a known field', code: 'unknownField' }]);
  });
});

describe('the record: a step on behalf is the party step, the bureau its actor of record', () => {
  type Agreementish = StagedRecord<string, string>;
  const record: Agreementish = {
    id: 'a-1',
    state: 'awaiting_signatures',
    version: 1,
    recentAudit: [],
    auditPages: 0,
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: '2030-01-01T00:00:00.000Z',
  };
  const rules = (
    transitions: typeof agreementTransitions | typeof reportTransitions,
  ): StepRules<string, string, string> => ({
    transitions,
    noun: 'a record',
    actorKind: (actor) => actor.role,
  });
  const bureau = { sub: 'admin-1', email: 'clerk@kjj.example.gov.cn', role: 'admin' as const };
  const outcome = (actor: object) => ({
    decision: 'sign' as const,
    actor: actor as never,
    completionId: 'c-1',
  });

  it('refuses a plain bureau signature at the record too', () => {
    expect(() =>
      applyStep(
        record,
        { action: 'sign', outcome: outcome(bureau), eventId: 'c-1' },
        rules(agreementTransitions),
      ),
    ).toThrow(ForbiddenError);
  });

  it('records the bureau as actor, on behalf of the party, with the reason', () => {
    const actor = {
      ...bureau,
      onBehalfOf: { role: 'enterprise', organization: 'Acme Tooling', reason: reason.reason },
    };
    const next = applyStep(
      record,
      { action: 'sign', outcome: outcome(actor), eventId: 'c-1' },
      rules(agreementTransitions),
    );
    expect(next?.recentAudit.at(-1)?.actor).toEqual(actor);
  });

  it("refuses the bureau confirming a report unless on the enterprise's behalf", () => {
    const submitted = { ...record, state: 'submitted' };
    expect(() =>
      applyStep(
        submitted,
        { action: 'confirm', outcome: outcome(bureau), eventId: 'c-2' },
        rules(reportTransitions),
      ),
    ).toThrow(ForbiddenError);
    const onBehalf = { ...bureau, onBehalfOf: { role: 'enterprise', reason: reason.reason } };
    expect(
      applyStep(
        submitted,
        { action: 'confirm', outcome: outcome(onBehalf), eventId: 'c-2' },
        rules(reportTransitions),
      )?.state,
    ).toBe('confirmed');
  });
});
