import { settingsTable } from '#shared/assessment/assessmentTable.ts';
import { defaultRubric, type Rubric } from '#shared/assessment/rubric.ts';
import { now } from '#shared/clock.ts';
import { ForbiddenError } from '#shared/errors.ts';
import { type Caller, hasRole } from '#shared/identity.ts';

/** The rubric in force: the bureau's, or the published default until it sets one. */
export async function currentRubric(): Promise<{ rubric: Rubric; version: number }> {
  const stored = await settingsTable.get('rubric');
  return stored ? { rubric: stored.rubric, version: stored.version } : { rubric: defaultRubric, version: 0 };
}

/** The bureau sets the rubric; scores already computed keep the rubric they were computed by. */
export async function setRubric(
  caller: Caller,
  rubric: Rubric,
): Promise<{ rubric: Rubric; version: number }> {
  if (!hasRole(caller, 'admin')) throw new ForbiddenError('Only the bureau sets the rubric');
  const stored = await settingsTable.get('rubric');
  const next = {
    id: 'rubric' as const,
    version: (stored?.version ?? 0) + 1,
    rubric,
    updatedAt: now().toISOString(),
    updatedBy: { sub: caller.sub, email: caller.email, role: 'admin' as const },
  };
  if (stored) await settingsTable.replace(next);
  else if (!(await settingsTable.create(next))) return setRubric(caller, rubric);
  return { rubric, version: next.version };
}
