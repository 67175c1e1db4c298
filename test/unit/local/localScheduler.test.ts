import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { LocalScheduler } from '#local/localScheduler.ts';

let scheduler: LocalScheduler | undefined;

afterEach(async () => {
  await scheduler?.close();
});

it('keeps every schedule created at once, each save taking its turn', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'scheduler-')), 'schedules.json');
  scheduler = new LocalScheduler(
    file,
    async () => undefined,
    () => new Date('2027-01-01T00:00:00Z'),
  );
  await scheduler.load();
  const url = await scheduler.listen();

  const responses = await Promise.all(
    Array.from({ length: 30 }, (_, index) =>
      fetch(`${url}/schedules/open-period-${index}`, {
        method: 'POST',
        body: JSON.stringify({
          GroupName: 'periods',
          ScheduleExpression: 'at(2027-02-01T00:00:00)',
          ScheduleExpressionTimezone: 'Asia/Shanghai',
          Target: { Arn: 'arn:aws:lambda:local:000000000000:function:open', Input: '{}' },
        }),
      }),
    ),
  );

  expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 30 }, () => 200));
  const saved = JSON.parse(await readFile(file, 'utf8')) as unknown[];
  expect(saved).toHaveLength(30);
});
