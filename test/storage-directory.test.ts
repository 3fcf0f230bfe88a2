/** The agency directory's versions in the database, on the embedded PGlite and on a real PostgreSQL server. */
import { readFileSync } from 'node:fs';
import { describe, expect, it, beforeAll } from 'vitest';
import { ZodError } from 'zod';
import type { Directory } from '../domain/directory';
import { AuditLog } from '../storage/audit';
import { DirectoryProblemsError, DirectoryStore, SHIPPED_DIRECTORY } from '../storage/directory';
import type { DatabaseHandle } from '../storage';
import { DATABASE_KINDS, openTestDatabase } from './support/databases';

const shipped = (): Directory => JSON.parse(readFileSync(SHIPPED_DIRECTORY, 'utf8')) as Directory;

function renamed(name: string): Directory {
  const directory = shipped();
  directory.agencies[0]!.name = name;
  return directory;
}

describe.each(DATABASE_KINDS)('directory on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let store: DirectoryStore;

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    store = new DirectoryStore(handle.db);
  });

  it('is the shipped directory until an admin saves one', async () => {
    const first = await store.load();
    expect(first.agencies.map((a) => a.id)).toEqual(shipped().agencies.map((a) => a.id));
    // Parsed once: the same object at every call while nothing new is saved.
    expect(await store.load()).toBe(first);
    expect(await store.versions()).toEqual([]);
  });

  it('saves every edit as a new version, with who saved it, and loads the newest', async () => {
    const one = await store.save(renamed('Sở Thử nghiệm Một'), 'Quản trị', 'đổi tên lần 1', 'admin');
    const two = await store.save(renamed('Sở Thử nghiệm Hai'), 'Quản trị 2');
    expect(two.version).toBeGreaterThan(one.version);
    expect((await store.load()).agencies[0]!.name).toBe('Sở Thử nghiệm Hai');
    const versions = await store.versions();
    expect(versions.map((v) => [v.version, v.savedBy, v.note])).toEqual([
      [two.version, 'Quản trị 2', null],
      [one.version, 'Quản trị', 'đổi tên lần 1'],
    ]);
    expect(versions[0]!.savedAt).toBeInstanceOf(Date);
  });

  it('sees a version another process saved within a second, and its own saves at once', async () => {
    const other = new DirectoryStore(handle.db);
    const before = await store.load();
    await other.save(renamed('Sở Thử nghiệm Ba'), 'Quản trị khác');
    expect((await other.load()).agencies[0]!.name).toBe('Sở Thử nghiệm Ba');
    const savedAt = Date.now();
    let after = await store.load();
    // The store asks for the newest version at most once a second (slack for a loaded machine).
    while (after === before && Date.now() - savedAt < 5_000) {
      await new Promise((r) => setTimeout(r, 50));
      after = await store.load();
    }
    expect(after.agencies[0]!.name).toBe('Sở Thử nghiệm Ba');
  });

  it('answers calls made while it checks for a newer version with that version, never the one it replaces', async () => {
    const other = new DirectoryStore(handle.db);
    await store.load();
    const changed = renamed('Sở Thử nghiệm Ba');
    changed.agencies[1]!.name = 'Sở Thử nghiệm Bốn';
    await other.save(changed, 'Quản trị khác');
    // Past the second the store trusts its version: the next call checks, and the calls made meanwhile wait for it.
    await new Promise((r) => setTimeout(r, 1_100));
    const names = (await Promise.all(Array.from({ length: 5 }, () => store.load()))).map((d) => d.agencies[1]!.name);
    expect(names).toEqual(Array(5).fill('Sở Thử nghiệm Bốn'));
  });

  it('rejects a directory that does not parse or does not hold together, storing nothing', async () => {
    const count = (await store.versions()).length;
    const audited = (await new AuditLog(handle.db).list({ limit: 1000 })).length;
    await expect(store.save({ agencies: 'none' }, 'Quản trị')).rejects.toBeInstanceOf(ZodError);
    const duplicate = shipped();
    duplicate.agencies.push({ ...duplicate.agencies[0]! });
    const problem = await store.save(duplicate, 'Quản trị').catch((e: unknown) => e);
    expect(problem).toBeInstanceOf(DirectoryProblemsError);
    expect((problem as DirectoryProblemsError).problems.length).toBeGreaterThan(0);
    // PostgreSQL cannot keep U+0000: refused as a problem of the directory, not a server fault.
    await expect(store.save(renamed('Sở\u0000Lạ'), 'Quản trị')).rejects.toBeInstanceOf(DirectoryProblemsError);
    expect(await store.versions()).toHaveLength(count);
    expect(await new AuditLog(handle.db).list({ limit: 1000 })).toHaveLength(audited);
    expect((await store.load()).agencies[0]!.name).toBe('Sở Thử nghiệm Ba');
  });

  it('audits every save', async () => {
    const saves = (await new AuditLog(handle.db).list({ limit: 100 })).filter((e) => e.action === 'directory.saved');
    const versions = await store.versions();
    expect(saves.map((e) => e.subject)).toEqual(versions.map((v) => `directory:${v.version}`));
    expect(saves.at(-1)).toMatchObject({ actor: 'Quản trị', actorRole: 'admin', details: { version: versions.at(-1)!.version, note: 'đổi tên lần 1' } });
  });
});
