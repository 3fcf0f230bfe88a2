/**
 * The directory the command-line tools read: the one in use, from dondoc's database; and what they
 * say when a running dondoc holds the embedded database.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../cli/import';
import { currentDirectory } from '../cli/current-directory';
import { openDatabase } from '../storage/database';
import { DirectoryStore, shippedDirectory } from '../storage/directory';
import { testDatabaseUrl } from './support/databases';

const env = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
afterEach(() => {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function run(opts: Parameters<typeof runImport>[1]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runImport('plans/3322-QD-UBND-2024-thua-thien-hue.txt', opts, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the directory of the command-line tools', () => {
  it('is the newest version saved in the database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-cli-'));
    const databaseUrl = await testDatabaseUrl();
    const handle = await openDatabase({ databaseUrl, dataDir });
    try {
      const edited = structuredClone(shippedDirectory());
      edited.agencies[0]!.name = 'Sở Thử nghiệm';
      await new DirectoryStore(handle.db).save(edited, 'Quản trị');
      expect((await currentDirectory({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir })).agencies[0]!.name).toBe('Sở Thử nghiệm');
    } finally {
      await handle.close();
    }
  });

  it('is the shipped one, without creating a database, where none was ever made', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-cli-'));
    expect(await currentDirectory({ DATA_DIR: dataDir })).toBe(shippedDirectory());
  });

  it('while dondoc holds the embedded database: exit 1 saying what to do; a dry run reads the shipped directory, saying so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-cli-'));
    const running = await openDatabase({ dataDir });
    try {
      process.env.DATA_DIR = dataDir;
      delete process.env.DATABASE_URL;
      const refused = await run({});
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('Cơ sở dữ liệu nhúng đang được một tiến trình dondoc khác sử dụng');
      expect(refused.err).toContain('DATABASE_URL');
      expect(refused.err).toContain('--directory <tệp>');

      const dry = await run({ dryRun: true, json: true });
      expect(dry.code).toBe(0);
      expect(dry.err).toContain('đọc thử với danh bạ gốc (config/agencies.json)');
      expect(JSON.parse(dry.out).plan.id).toBe('3322-qd-ubnd-2024');

      // --directory needs no database: the shipped templates stand in for the ones in use, saying so.
      const named = await run({ dryRun: true, json: true, directory: 'config/agencies.json' });
      expect(named.code).toBe(0);
      expect(named.err).toBe('Cơ sở dữ liệu nhúng đang được dondoc sử dụng: áp dụng các mẫu theo dõi có sẵn, có thể khác các mẫu đang dùng.');
      expect(JSON.parse(named.out).preview.templates.length).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  });
});
