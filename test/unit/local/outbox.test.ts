import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '#local/outbox.ts';

/*
 * The outbox read one person at a time: what the test client (and the bench) read per sign-in,
 * instead of the whole outbox, which grows with every email the programme sends.
 */

const opened: Outbox[] = [];
let folder: string | undefined;

afterEach(async () => {
  for (const outbox of opened.splice(0)) await outbox.close();
  if (folder) await rm(folder, { recursive: true, force: true });
  folder = undefined;
});

async function sendEmail(endpoint: string, subject: string, to: string[], cc: string[] = []): Promise<void> {
  const answer = await fetch(`${endpoint}/v2/email/outbound-emails`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      FromEmailAddress: 'kjj@example.gov.cn',
      Destination: { ToAddresses: to, CcAddresses: cc },
      Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: subject } } } },
    }),
  });
  expect(answer.status).toBe(200);
}

async function openOutbox(file?: string): Promise<{ outbox: Outbox; endpoint: string }> {
  const outbox = new Outbox(file);
  opened.push(outbox);
  await outbox.load();
  return { outbox, endpoint: await outbox.listen() };
}

describe("the outbox, one recipient's mail at a time", () => {
  it('lists the emails to an address, cc included and in any case, newest first, and nobody else’s', async () => {
    // Arrange
    const { outbox, endpoint } = await openOutbox();
    await sendEmail(endpoint, 'first', ['expert@example.edu.cn']);
    await sendEmail(endpoint, 'for the office', ['office@example.edu.cn']);
    await sendEmail(endpoint, 'second', ['boss@example.com'], ['Expert@Example.edu.cn']);

    // Act
    const theirs = outbox.listTo('EXPERT@example.edu.cn');

    // Assert
    expect(theirs.map((email) => email.subject)).toEqual(['second', 'first']);
    expect(outbox.listTo('nobody@example.com')).toEqual([]);
    expect(outbox.list()).toHaveLength(3);
  });

  it('knows whom the emails it reloads from its file went to', async () => {
    // Arrange
    folder = await mkdtemp(join(tmpdir(), 'outbox-'));
    const file = join(folder, 'outbox.jsonl');
    const before = await openOutbox(file);
    await sendEmail(before.endpoint, 'kept', ['expert@example.edu.cn']);

    // Act
    const { outbox } = await openOutbox(file);

    // Assert
    expect(outbox.listTo('expert@example.edu.cn').map((email) => email.subject)).toEqual(['kept']);
  });

  it('starts after a crash cut its last email short, keeping the emails before it and after it', async () => {
    // Arrange
    folder = await mkdtemp(join(tmpdir(), 'outbox-'));
    const file = join(folder, 'outbox.jsonl');
    const before = await openOutbox(file);
    await sendEmail(before.endpoint, 'whole', ['expert@example.edu.cn']);
    await appendFile(file, '{"id":"cut-sh');
    const reopened = await openOutbox(file);
    await sendEmail(reopened.endpoint, 'after', ['expert@example.edu.cn']);

    // Act
    const { outbox } = await openOutbox(file);

    // Assert
    expect(outbox.listTo('expert@example.edu.cn').map((email) => email.subject)).toEqual(['after', 'whole']);
  });
});
