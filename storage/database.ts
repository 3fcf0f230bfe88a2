/**
 * Where dondoc keeps its own records: the PostgreSQL server at DATABASE_URL, or (the embedded
 * default, nothing to set up) PGlite — PostgreSQL compiled to WebAssembly — in this process, with its
 * files under DATA_DIR/postgres. Both speak the same SQL and run the same migrations at open.
 *
 * Why Kysely: a typed query builder (not an ORM) whose own Migrator works on both the `pg` driver
 * and PGlite (it ships a PGlite dialect), so one set of migrations and queries serves the embedded
 * default and a server. Its migrator takes a lock, so several processes starting together migrate once.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { migrationProvider } from './migrations';
import { durableStartParams, syncFilesToDisk } from './embedded-durability';
import { scheduleEmbeddedMaintenance } from './maintenance';
import { registerEmbeddedSession } from './prepared';
import type { Tables } from './tables';

export type Database = Kysely<Tables>;

export type DatabaseHandle = {
  db: Database;
  /** 'embedded': PGlite under DATA_DIR, one process; 'server': a PostgreSQL server, any number of processes. */
  kind: 'embedded' | 'server';
  close(): Promise<void>;
};

export type OpenOptions = { databaseUrl?: string | undefined; dataDir: string; poolSize?: number };

/** Thrown when the embedded database is already open in another process. */
export class DatabaseBusyError extends Error {}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  const handle = options.databaseUrl ? openServer(options.databaseUrl, options.poolSize) : await openEmbedded(options.dataDir);
  try {
    await migrate(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

function openServer(url: string, poolSize = 10): DatabaseHandle {
  // A caller waits at most 30 s for a free connection: an activity then fails and is retried
  // instead of hanging while time stands still for its workflow.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'dondoc', connectionTimeoutMillis: 30_000 });
  // An idle client that loses its server (restart, network) must not crash the process.
  pool.on('error', () => undefined);
  // Nor a client in use when the server goes away (a PostgreSQL restart): its query fails, the process lives.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'server', close: () => db.destroy() };
}

/** The embedded database's folder under DATA_DIR. */
export function embeddedDir(dataDir: string): string {
  return join(dataDir, 'postgres');
}

async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  const dir = embeddedDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // PGlite serves one process: a second process opening the same files would corrupt them.
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, { lockfilePath: join(dataDir, 'postgres.lock'), stale: 30_000, update: 10_000 });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED')
      throw new DatabaseBusyError(
        `the embedded database in ${dir} is open in another dondoc process: stop it first, or point DATABASE_URL at a PostgreSQL server`,
      );
    throw error;
  }
  const { PGlite } = await import('@electric-sql/pglite');
  // Commits reach the disk before they return (storage/embedded-durability.ts).
  const options = { startParams: [...durableStartParams(PGlite.defaultStartParams), ...EMBEDDED_SETTINGS.flatMap((s) => ['-c', s])] };
  if (!existsSync(join(dir, 'PG_VERSION'))) await initdbApart(dir, options);
  const pglite = await PGlite.create(dir, options);
  syncFilesToDisk(pglite);
  const db = new Kysely<Tables>({ dialect: new PGliteDialect({ pglite }) });
  registerEmbeddedSession(db, pglite);
  // No autovacuum in single-user PostgreSQL: dondoc does its work (storage/maintenance.ts).
  const stopMaintenance = scheduleEmbeddedMaintenance(db);
  return {
    db,
    kind: 'embedded',
    close: async () => {
      await stopMaintenance();
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      await release();
    },
  };
}

/**
 * PostgreSQL settings of the embedded database. Its buffer cache is 16 MB instead of 128 MB: the
 * operating system caches its files as well, and the buffers live in the dondoc process's own
 * memory (issue 17: about 140 MiB less RSS for the worker).
 */
const EMBEDDED_SETTINGS = ['shared_buffers=16MB'];

const INITDB_SCRIPT = fileURLToPath(new URL('./embedded-initdb.mjs', import.meta.url));

/**
 * Creates a new embedded database's files in a child process. Done in this process, initdb's
 * WebAssembly memory stays in its RSS for as long as it runs (about 500 MiB more, measured).
 */
async function initdbApart(dir: string, options: { startParams: string[] }): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, [INITDB_SCRIPT, dir, JSON.stringify(options)], { timeout: 120_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`the embedded database could not be created in ${dir}${stderr ? `: ${stderr.split('\n').at(-1)}` : ''}`, { cause: error });
  }
}

export async function migrate(db: Database): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableName: 'dondoc_migrations', migrationLockTableName: 'dondoc_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** One round trip: is the database answering? */
export async function ping(db: Database): Promise<void> {
  await sql`select 1`.execute(db);
}
