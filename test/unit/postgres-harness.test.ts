/** The real-PostgreSQL test harness: fresh databases, isolation, durability across a SIGKILL, cleanup. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../support/postgres';

const run = promisify(execFile);

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function refusesConnections(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return false;
  } catch {
    return true;
  }
}

describe('PostgreSQL test harness', () => {
  let server: PostgresServer;
  let startupMs: number;

  beforeAll(async () => {
    const started = performance.now();
    server = await startPostgres({ name: 'harness' });
    startupMs = performance.now() - started;
    console.info(`[postgres-harness] startPostgres took ${startupMs.toFixed(0)} ms`);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('starts a server that accepts connections on its loopback port with the chosen settings', async () => {
    expect(server.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/postgres`);
    const [settings] = await query<{ data_directory: string; max_connections: string; fsync: string; encoding: string; listen: string }>(
      server.url,
      "SELECT current_setting('data_directory') AS data_directory, current_setting('max_connections') AS max_connections, current_setting('fsync') AS fsync, current_setting('server_encoding') AS encoding, current_setting('listen_addresses') AS listen",
    );
    expect(settings).toEqual({ data_directory: server.dataDir, max_connections: '200', fsync: 'on', encoding: 'UTF8', listen: '127.0.0.1' });
    expect(startupMs).toBeLessThan(15_000);
  });

  it('creates fresh, empty, isolated databases', async () => {
    const first = await server.createDatabase();
    const second = await server.createDatabase('harness_second');
    expect(first).not.toBe(second);
    expect(second).toBe(`postgres://postgres@127.0.0.1:${server.port}/harness_second`);

    const tablesIn = async (url: string) =>
      (await query<{ table_name: string }>(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).map((r) => r.table_name);
    expect(await tablesIn(first)).toEqual([]);
    expect(await tablesIn(second)).toEqual([]);

    await query(first, 'CREATE TABLE notes (body text NOT NULL)');
    await query(first, 'INSERT INTO notes (body) VALUES ($1)', ['Kế hoạch số 01/KH-UBND']);
    expect(await query(first, 'SELECT body FROM notes')).toEqual([{ body: 'Kế hoạch số 01/KH-UBND' }]);
    expect(await tablesIn(second)).toEqual([]);
    await expect(query(second, 'SELECT body FROM notes')).rejects.toThrow(/relation "notes" does not exist/);

    await expect(server.createDatabase('harness_second')).rejects.toThrow(/already exists/);
    await expect(server.createDatabase('bad"name')).rejects.toThrow(/invalid name/);
  });

  it('keeps committed data and drops uncommitted data across a SIGKILL and restart', async () => {
    const url = await server.createDatabase('harness_crash');
    await query(url, 'CREATE TABLE ledger (id int PRIMARY KEY, state text NOT NULL)');
    await query(url, "INSERT INTO ledger VALUES (1, 'committed')");

    const open = new pg.Client({ connectionString: url });
    await open.connect();
    open.on('error', () => undefined); // the connection dies with the server
    await open.query('BEGIN');
    await open.query("INSERT INTO ledger VALUES (2, 'in flight')");
    await open.query("UPDATE ledger SET state = 'changed' WHERE id = 1");

    await server.kill();
    expect(await refusesConnections(url)).toBe(true);
    expect(existsSync(server.dataDir)).toBe(true);
    await expect(server.createDatabase('while_down')).rejects.toThrow();

    await server.restart();
    expect(await query(url, 'SELECT id, state FROM ledger ORDER BY id')).toEqual([{ id: 1, state: 'committed' }]);
    await open.end().catch(() => undefined);

    // A second crash right after recovery is survived too.
    await query(url, "INSERT INTO ledger VALUES (3, 'after recovery')");
    await server.kill();
    await server.restart();
    expect(await query<{ id: number }>(url, 'SELECT id FROM ledger ORDER BY id')).toEqual([{ id: 1 }, { id: 3 }]);
    await expect(server.restart()).rejects.toThrow(/still running/);
  });

  it('stop() shuts the server down and removes its directory', async () => {
    const other = await startPostgres({ name: 'stop-check' });
    const url = await other.createDatabase();
    await query(url, 'SELECT 1');
    await other.stop();
    expect(await refusesConnections(other.url)).toBe(true);
    expect(existsSync(dirname(other.dataDir))).toBe(false);
    await expect(other.restart()).rejects.toThrow(/removed/);
  });

  it('a test process that crashes leaves no server or directory behind', async () => {
    const harness = resolve(dirname(fileURLToPath(import.meta.url)), '../support/postgres.ts');
    const script = [
      `const { startPostgres } = await import(${JSON.stringify(harness)});`,
      `const s = await startPostgres({ name: 'orphan' });`,
      `console.log(JSON.stringify({ url: s.url, dataDir: s.dataDir }));`,
      `throw new Error('simulated test crash');`,
    ].join('\n');
    const result = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]).then(
      () => {
        throw new Error('the crashing script exited cleanly');
      },
      (error: { stdout: string; stderr: string; code: number }) => error,
    );
    expect(result.stderr).toMatch(/simulated test crash/);
    const { url, dataDir } = JSON.parse(result.stdout.trim()) as { url: string; dataDir: string };
    expect(existsSync(dirname(dataDir))).toBe(false);
    let refused = false;
    for (let i = 0; i < 40 && !refused; i++) {
      refused = await refusesConnections(url);
      if (!refused) await new Promise((r) => setTimeout(r, 50));
    }
    expect(refused).toBe(true);
  });
});
