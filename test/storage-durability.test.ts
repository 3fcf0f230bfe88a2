/**
 * The embedded database's commits reach the disk (storage/embedded-durability.ts): PostgreSQL runs
 * with fsync on, flushes its WAL with fsync(), and every commit calls Node's fsync through PGlite's
 * file system, which has none of its own.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { durableStartParams, nodeFsStreamOps, syncFilesToDisk } from '../storage/embedded-durability';
import { openTestDatabase } from './support/databases';

describe('the embedded database’s durability', () => {
  it('runs PostgreSQL with fsync on and the WAL flushed by fsync()', async () => {
    const { db } = await openTestDatabase('embedded');
    expect((await sql<{ fsync: string }>`show fsync`.execute(db)).rows[0]!.fsync).toBe('on');
    expect((await sql<{ wal_sync_method: string }>`show wal_sync_method`.execute(db)).rows[0]!.wal_sync_method).toBe('fsync');
  });

  it('drops PGlite’s -F (fsync off) and keeps its other start parameters', () => {
    expect(durableStartParams(['--single', '-F', '-O', '-c', 'search_path=public'])).toEqual([
      '--single',
      '-O',
      '-c',
      'search_path=public',
      '-c',
      'wal_sync_method=fsync',
    ]);
  });

  it('syncs the files at every commit', async () => {
    const pglite = await PGlite.create(join(mkdtempSync(join(tmpdir(), 'dondoc-durability-')), 'pg'), {
      startParams: durableStartParams(PGlite.defaultStartParams),
    });
    try {
      syncFilesToDisk(pglite);
      const ops = nodeFsStreamOps(pglite);
      const sync = ops.fsync!;
      let calls = 0;
      ops.fsync = (stream) => {
        calls++;
        return sync(stream);
      };
      await pglite.exec('create table t (id integer primary key)');
      for (let i = 1; i <= 3; i++) {
        const before = calls;
        await pglite.query('insert into t values ($1)', [i]);
        expect(calls, `commit ${i}`).toBeGreaterThan(before);
      }
    } finally {
      await pglite.close();
    }
  });

  it('reports a failed fsync to PostgreSQL as an I/O error, and has nothing to sync without a file', async () => {
    const pglite = await PGlite.create(join(mkdtempSync(join(tmpdir(), 'dondoc-durability-')), 'pg'));
    try {
      syncFilesToDisk(pglite);
      const { fsync } = nodeFsStreamOps(pglite);
      expect(fsync!({ nfd: 2 ** 30 })).toBe(29); // WASI's EIO: no such descriptor
      expect(fsync!({})).toBe(0);
    } finally {
      await pglite.close();
    }
  });
});
