/**
 * The two databases dondoc runs on, for repository tests: the embedded PGlite (a fresh DATA_DIR)
 * and a real PostgreSQL server (Debian's, started by test/support/postgres.ts, one fresh database
 * per call). `describe.each(DATABASE_KINDS)` + `openTestDatabase(kind)` runs a suite on both.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../storage/database';
import { startPostgres, type PostgresServer } from './postgres';

export const DATABASE_KINDS = ['embedded', 'server'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

let server: Promise<PostgresServer> | undefined;
const open: DatabaseHandle[] = [];

/** The PostgreSQL server of this test file, started on first use and stopped after the file. */
export function testPostgres(): Promise<PostgresServer> {
  server ??= startPostgres({ name: 'dondoc-test' });
  return server;
}

// Registered when a test file imports this module, so it runs after that file's tests.
afterAll(async () => {
  await Promise.all(open.splice(0).map((h) => h.close().catch(() => undefined)));
  if (server) await (await server).stop();
  server = undefined;
});

/** A fresh, migrated database of that kind; closed after the test file. */
export async function openTestDatabase(kind: DatabaseKind, options: { poolSize?: number } = {}): Promise<DatabaseHandle> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-db-'));
  const databaseUrl = kind === 'server' ? await (await testPostgres()).createDatabase() : undefined;
  const handle = await openDatabase({ databaseUrl, dataDir, ...options });
  open.push(handle);
  return handle;
}

/** A fresh database URL on the test server (for other processes to share). */
export async function testDatabaseUrl(): Promise<string> {
  return (await testPostgres()).createDatabase();
}
