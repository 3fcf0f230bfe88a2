/**
 * The embedded database under DATA_DIR holds personal data (an `.eml` names the applicant and may
 * carry an ID number; records and the ledger name people): only the account running dondoc may
 * read it. Its folder is 0700 whatever the umask (PGlite sets some of its files' modes itself, so
 * the folder is what protects them); the processes that write there (npm start, the worker) set a
 * 0o077 umask first; and whatever an older version left readable is tightened at start.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmod, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { createNotificationActivities } from '../activities/notifications';
import { openStorage } from '../storage';
import { embeddedDir } from '../storage/database';
import { restrictNewFiles, secureDataDir } from '../worker/data-dir';
import { REMINDER_DAY_MORNING, reminder, tempDataDir, testDirectory } from './notifications.support';

let dataDir: string;
let umask: number;

beforeEach(async () => {
  dataDir = await tempDataDir();
  umask = process.umask();
});
afterEach(() => {
  process.umask(umask);
});

/** Every entry under `dir` with its permission bits, relative paths sorted. */
async function modes(dir: string): Promise<{ path: string; dir: boolean; mode: string }[]> {
  const out: { path: string; dir: boolean; mode: string }[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name);
    const info = await stat(full);
    out.push({ path: full.slice(dir.length + 1), dir: info.isDirectory(), mode: (info.mode & 0o777).toString(8) });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Opens the embedded database, sends one message and queues one for a digest: personal data on disk. */
async function writePersonalData(): Promise<void> {
  const storage = await openStorage({ DATA_DIR: dataDir });
  try {
    const activities = createNotificationActivities({
      db: storage.db,
      directory: async () => testDirectory(),
      config: { smtpUrl: null },
      logger: pino({ level: 'silent' }),
      now: () => REMINDER_DAY_MORNING,
    });
    expect((await activities.notify(reminder())).status).toBe('sent');
    expect((await activities.notify(reminder({ agency: 'Sở Nội vụ', key: 'digest-me' }))).status).toBe('queued');
  } finally {
    await storage.close();
  }
}

describe('the embedded database under DATA_DIR', () => {
  it('is in a 0700 folder even under a permissive umask', async () => {
    process.umask(0o022);
    await writePersonalData();
    expect(((await stat(embeddedDir(dataDir))).mode & 0o777).toString(8)).toBe('700');
  });

  it('lets nobody else reach a file, under the umask dondoc sets', async () => {
    restrictNewFiles();
    await writePersonalData();
    const entries = await modes(dataDir);
    expect(entries.length).toBeGreaterThan(10);
    // PGlite sets some of its files' modes itself (0666): its 0700 folder is what keeps them private.
    const privateDirs = new Set(entries.filter((e) => e.dir && e.mode === '700').map((e) => e.path));
    const shielded = (path: string) => [...privateDirs].some((d) => path.startsWith(`${d}/`));
    for (const e of entries) expect({ path: e.path, private: shielded(e.path) || e.mode === (e.dir ? '700' : '600') }).toEqual({ path: e.path, private: true });
    expect(privateDirs.has('postgres')).toBe(true);
  });

  it('is tightened at start when an older version left it readable', async () => {
    process.umask(0o022);
    await writePersonalData();
    await chmod(embeddedDir(dataDir), 0o755);
    await writeFile(join(dataDir, 'left-readable.txt'), 'x', { mode: 0o644 });
    secureDataDir(dataDir);
    for (const e of await modes(dataDir)) expect({ path: e.path, mode: e.mode }).toEqual({ path: e.path, mode: e.dir ? '700' : '600' });
  });
});
