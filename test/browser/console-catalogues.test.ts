import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldProblemCodes, recordKinds, refusalCodes } from '#shared/errors.ts';

const consoleDir = join(import.meta.dirname, '..', '..', 'console');

async function catalogue(locale: string): Promise<Record<string, string>> {
  return JSON.parse(await readFile(join(consoleDir, 'messages', `${locale}.json`), 'utf8'));
}

function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

describe('console message catalogues', () => {
  it('have the same keys in Chinese and English, every message non-empty', async () => {
    const [zh, en] = await Promise.all([catalogue('zh-CN'), catalogue('en')]);
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, message] of [...Object.entries(zh), ...Object.entries(en)]) {
      expect(typeof message === 'string' && message.trim() !== '', key).toBe(true);
    }
  });

  it("say every coded refusal's record and every field problem the server can give", async () => {
    const en = await catalogue('en');
    const missing = [
      ...recordKinds.map((kind) => `record.${kind}`),
      ...refusalCodes.map((code) => `refusal.${code}`),
      ...fieldProblemCodes.map((code) => `fieldError.${code}`),
    ].filter((key) => en[key] === undefined);
    expect(missing).toEqual([]);
  });

  it('use the same placeholders in both languages', async () => {
    const [zh, en] = await Promise.all([catalogue('zh-CN'), catalogue('en')]);
    for (const [key, message] of Object.entries(en)) {
      expect(placeholders(zh[key] ?? ''), key).toEqual(placeholders(message));
    }
  });
});

describe('console sources', () => {
  it('never parse data as HTML', async () => {
    const sourceDir = join(consoleDir, 'src');
    for (const name of await readdir(sourceDir)) {
      const source = await readFile(join(sourceDir, name), 'utf8');
      expect(source, name).not.toMatch(/\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write/);
    }
  });
});
