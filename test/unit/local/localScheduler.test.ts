import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { LocalScheduler } from '#local/localScheduler.ts';

const schedulers: LocalScheduler[] = [];

afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.close()));
});

/** A scheduler over `file`, loaded as the runtime loads it at start. */
async function startScheduler(file: string): Promise<{ scheduler: LocalScheduler; url: string }> {
  const scheduler = new LocalScheduler(
    file,
    async () => undefined,
    () => new Date('2027-01-01T00:00:00Z'),
  );
  schedulers.push(scheduler);
  await scheduler.load();
  return { scheduler, url: await scheduler.listen() };
}

const journalIn = async () => join(await mkdtemp(join(tmpdir(), 'scheduler-')), 'schedules.jsonl');

function createSchedule(url: string, name: string) {
  return fetch(`${url}/schedules/${name}`, {
    method: 'POST',
    body: JSON.stringify({
      GroupName: 'periods',
      ScheduleExpression: 'at(2027-02-01T00:00:00)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Target: { Arn: 'arn:aws:lambda:local:000000000000:function:open', Input: '{}' },
    }),
  });
}

const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean);

it('journals each change as one line, and has the same schedules after a restart', async () => {
  const file = await journalIn();
  const { url } = await startScheduler(file);

  const created = await Promise.all(
    Array.from({ length: 30 }, (_, index) => createSchedule(url, `open-${index}`)),
  );
  const deleted = await Promise.all(
    Array.from({ length: 10 }, (_, index) =>
      fetch(`${url}/schedules/open-${index * 3}?groupName=periods`, { method: 'DELETE' }),
    ),
  );

  expect(created.map((response) => response.status)).toEqual(Array.from({ length: 30 }, () => 200));
  expect(deleted.map((response) => response.status)).toEqual(Array.from({ length: 10 }, () => 200));
  expect(await lines(file)).toHaveLength(40);
  const { scheduler: restarted } = await startScheduler(file);
  expect(
    restarted
      .list()
      .map((schedule) => schedule.name)
      .sort(),
  ).toEqual(
    Array.from({ length: 30 }, (_, index) => index)
      .filter((index) => index % 3 !== 0)
      .map((index) => `open-${index}`)
      .sort(),
  );
});

it('skips a last line a crash cut short, and appends the next change on a line of its own', async () => {
  const file = await journalIn();
  const { url } = await startScheduler(file);
  await createSchedule(url, 'open-1');
  await appendFile(file, '{"schedule":{"name":"open-2","gro');

  const { scheduler: restarted, url: restartedUrl } = await startScheduler(file);
  await createSchedule(restartedUrl, 'open-3');
  const { scheduler: again } = await startScheduler(file);

  expect(restarted.list().map((schedule) => schedule.name)).toEqual(['open-1', 'open-3']);
  expect(again.list().map((schedule) => schedule.name)).toEqual(['open-1', 'open-3']);
});

it('writes the journal again without outdone lines once they are most of it', async () => {
  const file = await journalIn();
  const { url } = await startScheduler(file);
  for (let round = 0; round < 80; round += 1) {
    await createSchedule(url, 'open-again');
    await fetch(`${url}/schedules/open-again?groupName=periods`, { method: 'DELETE' });
  }
  await createSchedule(url, 'open-kept');
  expect(await lines(file)).toHaveLength(161);

  const { scheduler: restarted } = await startScheduler(file);

  expect(restarted.list().map((schedule) => schedule.name)).toEqual(['open-kept']);
  expect(await lines(file)).toHaveLength(1);
});

it('carries over the schedules and dead letters a data folder kept before the journal', async () => {
  const file = await journalIn();
  const before = {
    name: 'open-old',
    group: 'periods',
    expression: 'at(2027-02-01T00:00:00)',
    timeZone: 'Asia/Shanghai',
    dueAt: '2027-01-31T16:00:00.000Z',
    targetArn: 'arn:aws:lambda:local:000000000000:function:open',
    input: '{}',
    deleteAfterCompletion: true,
    failures: 0,
  };
  const dropped = {
    schedule: 'open-older',
    group: 'periods',
    scheduledTime: '2026-12-01T00:00:00.000Z',
    targetArn: before.targetArn,
    input: '{}',
    attempts: 186,
    lastError: 'Error: down',
    droppedAt: '2026-12-02T00:00:00.000Z',
  };
  await writeFile(file.replace(/\.jsonl$/, '.json'), JSON.stringify([before]));
  await writeFile(file.replace(/\.jsonl$/, '.dead-letters.json'), JSON.stringify([dropped]));

  const { scheduler } = await startScheduler(file);

  expect(scheduler.list()).toEqual([before]);
  expect(scheduler.listDeadLetters()).toEqual([dropped]);
  expect(await lines(file)).toHaveLength(2);
});
