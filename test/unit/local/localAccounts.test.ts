import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalAccounts } from '#local/localAccounts.ts';

/*
 * The local identity provider's accounts on disk: a journal a change appends one line to, read
 * back with the last line of each account winning, so a change costs the same however many
 * accounts there are.
 */

let folder: string;
let journal: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'accounts-'));
  journal = join(folder, 'identity', 'accounts.jsonl');
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('the local accounts journal', () => {
  it('appends one line per change and reads back each account as last changed', async () => {
    // Arrange
    const accounts = await LocalAccounts.open(journal);
    const expert = await accounts.ensure('Expert@Example.edu.cn');
    await accounts.ensure('office@example.edu.cn');
    await accounts.setTotpSecret(expert.sub, 'JBSWY3DPEHPK3PXP');
    await accounts.setDisabled(expert.sub, true);

    // Act
    const reopened = await LocalAccounts.open(journal);

    // Assert
    expect((await readFile(journal, 'utf8')).trim().split('\n')).toHaveLength(4);
    expect(reopened.findAny(expert.sub)).toEqual({
      sub: expert.sub,
      email: 'expert@example.edu.cn',
      totpSecret: 'JBSWY3DPEHPK3PXP',
      disabled: true,
    });
    expect(reopened.find(expert.sub)).toBeUndefined();
    expect(reopened.findByEmail('OFFICE@example.edu.cn')?.email).toBe('office@example.edu.cn');
  });

  it('skips a last line a crash cut short, keeping every whole one before it and the next after it', async () => {
    // Arrange
    const accounts = await LocalAccounts.open(journal);
    const expert = await accounts.ensure('expert@example.edu.cn');
    await appendFile(journal, '{"sub":"cut-sh');

    // Act
    const reopened = await LocalAccounts.open(journal);
    const office = await reopened.ensure('office@example.edu.cn');
    const again = await LocalAccounts.open(journal);

    // Assert
    expect(reopened.findByEmail('expert@example.edu.cn')?.sub).toBe(expert.sub);
    expect(again.findByEmail('expert@example.edu.cn')?.sub).toBe(expert.sub);
    expect(again.findByEmail('office@example.edu.cn')?.sub).toBe(office.sub);
  });

  it('refuses a journal damaged before its last line', async () => {
    // Arrange
    await mkdir(join(folder, 'identity'), { recursive: true });
    await writeFile(journal, '{"sub":"a", "email":"a@example.com"\n{"sub":"b","email":"b@example.com"}\n');

    // Act
    const opening = LocalAccounts.open(journal);

    // Assert
    await expect(opening).rejects.toThrow(`${journal}, line 1, is damaged`);
  });

  it('carries over the accounts of a data folder from before the journal (accounts.json), once', async () => {
    // Arrange
    await mkdir(join(folder, 'identity'), { recursive: true });
    const earlier = [{ sub: 'sub-1', email: 'admin@kjj.example.gov.cn', passwordHash: 'scrypt$x$y' }];
    await writeFile(join(folder, 'identity', 'accounts.json'), JSON.stringify(earlier));

    // Act
    const accounts = await LocalAccounts.open(journal);
    await LocalAccounts.open(journal);

    // Assert
    expect(accounts.find('sub-1')).toEqual(earlier[0]);
    expect((await readFile(journal, 'utf8')).trim().split('\n')).toHaveLength(1);
  });
});
