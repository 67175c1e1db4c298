import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/errors.ts';
import { outcomeCategories } from '#shared/outcomes.ts';
import { changeCadenceSchema, reportSubmissionSchema } from '#shared/report/schema.ts';
import { parseInput } from '#shared/validation.ts';

const counts = Object.fromEntries(outcomeCategories.map((category) => [category, 0]));
const valid = { counts, narrative: '开展工艺诊断。', evidence: [] };

function problems(input: unknown) {
  try {
    parseInput(reportSubmissionSchema, input);
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  return [];
}

describe('reportSubmissionSchema', () => {
  it('keeps a patent application number without its CN prefix', () => {
    const parsed = parseInput(reportSubmissionSchema, {
      ...valid,
      evidence: [{ kind: 'patentApplication', number: ' CN200410018477.9 ' }],
    });
    expect(parsed.evidence).toEqual([{ kind: 'patentApplication', number: '200410018477.9' }]);
  });

  it('names the field and the reason of each bad count', () => {
    expect(
      problems({ ...valid, counts: { ...counts, patentsApplied: -1, technicalTrainings: 0.5 } }),
    ).toEqual([
      { field: 'counts.technicalTrainings', reason: 'must be a whole number', code: 'notWholeNumber' },
      {
        field: 'counts.patentsApplied',
        reason: 'must not be negative',
        code: 'tooSmall',
        params: { minimum: 0 },
      },
    ]);
    expect(problems({ ...valid, counts: { ...counts, patentsApplied: '3' } })).toEqual([
      { field: 'counts.patentsApplied', reason: 'must be a whole number', code: 'notNumber' },
    ]);
  });

  it('says why an evidence number is malformed', () => {
    expect(
      problems({ ...valid, evidence: [{ kind: 'patentApplication', number: '200410018477.8' }] }),
    ).toEqual([
      {
        field: 'evidence.0.number',
        reason: 'check digit should be 9',
        code: 'checkCharacter',
        params: { expected: '9' },
      },
    ]);
    expect(problems({ ...valid, evidence: [{ kind: 'certificate', number: 'GR/2027' }] })).toEqual([
      {
        field: 'evidence.0.number',
        reason: 'may contain only letters, digits and "-"',
        code: 'certificateNumberFormat',
      },
    ]);
  });

  it('refuses an unknown evidence kind, an unknown field, and a training date that is not a date', () => {
    expect(problems({ ...valid, evidence: [{ kind: 'award', number: 'A-1' }] })[0]?.field).toBe(
      'evidence.0.kind',
    );
    expect(problems({ ...valid, extra: 1 })).toEqual([
      { field: 'extra', reason: 'is not a known field', code: 'unknownField' },
    ]);
    expect(
      problems({
        ...valid,
        evidence: [{ kind: 'training', date: '2027-02-30', topic: '培训', attendance: 3 }],
      }),
    ).toEqual([{ field: 'evidence.0.date', reason: 'is not a real calendar date', code: 'notCalendarDate' }]);
    expect(
      problems({
        ...valid,
        evidence: [{ kind: 'training', date: 'next week', topic: '培训', attendance: 3 }],
      }),
    ).toEqual([
      { field: 'evidence.0.date', reason: 'must be a date written YYYY-MM-DD', code: 'dateFormat' },
    ]);
  });

  it('requires a narrative and every category', () => {
    const { narrative: _narrative, ...withoutNarrative } = valid;
    expect(problems(withoutNarrative)).toEqual([
      { field: 'narrative', reason: 'is required', code: 'required' },
    ]);
    const { patentsGranted: _granted, ...fewerCounts } = counts;
    expect(problems({ ...valid, counts: fewerCounts })).toEqual([
      { field: 'counts.patentsGranted', reason: 'is required', code: 'required' },
    ]);
  });
});

describe('changeCadenceSchema', () => {
  it('takes a known cadence with a reason', () => {
    expect(parseInput(changeCadenceSchema, { cadence: 'monthly', reason: '按月跟踪' })).toEqual({
      cadence: 'monthly',
      reason: '按月跟踪',
    });
    expect(() => parseInput(changeCadenceSchema, { cadence: 'weekly', reason: 'x' })).toThrow(
      ValidationError,
    );
  });
});
