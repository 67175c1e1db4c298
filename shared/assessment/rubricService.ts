import { settingsTable } from '#shared/assessment/assessmentTable.ts';
import { defaultRubric, type Rubric } from '#shared/assessment/rubric.ts';
import { now } from '#shared/clock.ts';
import { bureauOnly, ConflictError, ValidationError } from '#shared/errors.ts';
import { type Caller, hasRole } from '#shared/identity.ts';

/** The rubric in force: the bureau's, or the published default until it sets one. */
export async function currentRubric(): Promise<{ rubric: Rubric; version: number }> {
  const stored = await settingsTable.get('rubric');
  return stored ? { rubric: stored.rubric, version: stored.version } : { rubric: defaultRubric, version: 0 };
}

/**
 * The bureau sets the rubric; scores already computed keep the rubric they were computed by.
 * `baseVersion`, when given, is the version the edit started from: if another edit came
 * first, this one is refused rather than silently overwriting it.
 */
export async function setRubric(
  caller: Caller,
  rubric: Rubric,
  baseVersion?: number,
): Promise<{ rubric: Rubric; version: number }> {
  if (!hasRole(caller, 'admin')) throw bureauOnly('sets the rubric');
  const stored = await settingsTable.get('rubric');
  if (baseVersion !== undefined && baseVersion !== (stored?.version ?? 0)) {
    throw new ConflictError(
      `The rubric was changed meanwhile (it is at version ${stored?.version ?? 0}); reload it and edit again`,
      { code: 'changedMeanwhile' },
    );
  }
  const next = {
    id: 'rubric' as const,
    version: (stored?.version ?? 0) + 1,
    rubric,
    updatedAt: now().toISOString(),
    updatedBy: { sub: caller.sub, email: caller.email, role: 'admin' as const },
  };
  if (stored) await settingsTable.replace(next);
  else if (!(await settingsTable.create(next))) {
    throw new ConflictError('The rubric was changed meanwhile; reload it and edit again', {
      code: 'changedMeanwhile',
    });
  }
  return { rubric, version: next.version };
}

/** The `If-Match` header of a rubric edit: the version it started from, if the client says. */
export function baseVersionFrom(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const version = Number(ifMatch.replaceAll('"', '').trim());
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new ValidationError([
      {
        field: 'If-Match',
        reason: 'must be the version number the edit started from',
        code: 'staleVersion',
      },
    ]);
  }
  return version;
}
