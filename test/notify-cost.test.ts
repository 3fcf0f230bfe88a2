/**
 * What one `notify` costs the worker (issue 17): the agency directory is read and parsed again only
 * when its file changed, and the outbox directories are created once per process, not at every
 * message. An admin's edit of the directory still reaches the next message; a removed outbox
 * directory is created again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rm, writeFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';

const calls = vi.hoisted(() => ({ readFileSync: [] as string[], mkdir: [] as string[] }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: unknown, ...rest: unknown[]) => {
    calls.readFileSync.push(String(path));
    return (fs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const mkdir = ((path: unknown, ...rest: unknown[]) => {
    calls.mkdir.push(String(path));
    return (fs.mkdir as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.mkdir;
  return { ...fs, default: { ...fs, mkdir }, mkdir };
});

const { DirectoryStore, SHIPPED_DIRECTORY } = await import('../activities/directory-store');
const { createNotificationActivities, listOutbox } = await import('../activities/notifications');
const { REMINDER_DAY_MORNING, reminder, tempDataDir, testDirectory } = await import('./notifications.support');

let dataDir: string;
beforeEach(async () => {
  dataDir = await tempDataDir();
  calls.readFileSync.length = 0;
  calls.mkdir.length = 0;
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the agency directory is read again only when its file changed', () => {
  it('reads the shipped directory once for many messages', () => {
    const store = new DirectoryStore(dataDir);
    const first = store.load();
    for (let i = 0; i < 20; i++) expect(store.load()).toBe(first);
    expect(calls.readFileSync.filter((f) => f === SHIPPED_DIRECTORY)).toHaveLength(1);
  });

  it("takes an admin's saved directory, and an edit in place, at the next load", async () => {
    const store = new DirectoryStore(dataDir);
    expect(store.load().agencies.some((a) => a.id === 'van-phong-ubnd-tinh')).toBe(true);

    // The admin saves through the API (another process: another store).
    const edited = testDirectory();
    new DirectoryStore(dataDir).save(edited);
    expect(store.load().agencies.map((a) => a.name)).toEqual(edited.agencies.map((a) => a.name));

    // An edit in place that keeps the size: only the modification time tells.
    const file = join(dataDir, 'agencies.json');
    const renamed = { ...edited, agencies: edited.agencies.map((a, i) => (i === 0 ? { ...a, name: a.name.replace('Văn', 'Vân') } : a)) };
    await writeFile(file, JSON.stringify(renamed, null, 2));
    await utimes(file, new Date(), new Date(Date.now() + 5_000));
    expect(store.load().agencies[0]!.name).toBe(renamed.agencies[0]!.name);

    // The admin's copy removed: back to the shipped directory.
    await rm(file);
    expect(store.load().agencies.some((a) => a.id === 'van-phong-ubnd-tinh')).toBe(true);
    expect(store.load().agencies[0]!.name).not.toBe(renamed.agencies[0]!.name);
  });
});

describe('the outbox directories are created once per process', () => {
  const activities = () =>
    createNotificationActivities({
      directory: async () => testDirectory(),
      config: { smtpUrl: null, dataDir },
      logger: pino({ level: 'silent' }),
      now: () => REMINDER_DAY_MORNING,
    });

  it('creates no directory for the second and later messages, and still sends each once', async () => {
    const notifications = activities();
    await notifications.notify(reminder({ key: 'cost:1' }));
    const afterFirst = calls.mkdir.length;
    expect(afterFirst).toBeGreaterThan(0);
    for (let i = 2; i <= 6; i++) await notifications.notify(reminder({ key: `cost:${i}` }));
    expect(calls.mkdir.length).toBe(afterFirst);
    expect(await notifications.notify(reminder({ key: 'cost:3' }))).toMatchObject({ status: 'duplicate' });
    const sent = await listOutbox({ dataDir });
    expect(sent.map((e) => e.key).sort()).toEqual(['cost:1', 'cost:2', 'cost:3', 'cost:4', 'cost:5', 'cost:6']);
    expect(sent.every((e) => e.status === 'sent')).toBe(true);
  });

  it('creates an outbox directory again when it was removed while the worker runs', async () => {
    const notifications = activities();
    await notifications.notify(reminder({ key: 'cost:a' }));
    await rm(join(dataDir, 'outbox'), { recursive: true, force: true });
    expect(await notifications.notify(reminder({ key: 'cost:b' }))).toMatchObject({ status: 'sent' });
    expect((await listOutbox({ dataDir })).map((e) => [e.key, e.status])).toEqual([['cost:b', 'sent']]);
  });
});
