/**
 * A real PostgreSQL server from Debian's binaries, listening on a loopback port: a fresh cluster in a
 * temporary directory for tests (test/support/postgres.ts), or a cluster kept in a directory of its
 * own for `npm run cluster` (scripts/cluster.ts), started again from there at the next run. The test
 * setup (`scripts/ensure.sh --test`) installs the `postgresql` package when it is missing;
 * POSTGRES_BIN points at another bin directory.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port';

const run = promisify(execFile);

export type PostgresServer = {
  /** URL of the `postgres` maintenance database, as the `postgres` superuser. */
  url: string;
  port: number;
  dataDir: string;
  /** Creates a fresh empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Fast shutdown (SIGINT), then removes the directory when it was a temporary one. */
  stop(): Promise<void>;
  /** SIGKILL to the server and its backends, as in a crash; keeps the data directory for restart(). */
  kill(): Promise<void>;
  /** Starts the server again on the same data directory and port (after kill(), crash recovery runs). */
  restart(): Promise<void>;
};

type RunAs = { uid: number; gid: number } | undefined;

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;
const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Servers still running in this process, killed on exit so a crashed test leaves none behind (and its temporary directory). */
const live = new Map<ChildProcess, string | undefined>();
let exitHookInstalled = false;

export type PostgresOptions = {
  /** Names the cluster (cluster_name, the temporary directory). */
  name?: string;
  /**
   * A directory of its own that holds the cluster (data/, the socket, postgres.log) and is kept by
   * stop(): a second start on it reuses the cluster. Default: a temporary directory, removed by stop().
   */
  dir?: string;
  /** Default: a free port. */
  port?: number;
  /** Server settings (name=value) over the defaults, e.g. max_connections=400. */
  settings?: string[];
};

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const name = options.name ?? 'test';
  if (!SAFE_NAME.test(name.replace(/-/g, '_'))) throw new Error(`startPostgres: invalid name ${JSON.stringify(name)}`);
  const bin = postgresBinDir();
  const runAs = await serverUser();
  const temporary = options.dir === undefined;
  const root = options.dir ?? mkdtempSync(join(traversableTmpdir(runAs), `dondoc-pg-${name}-`));
  if (!temporary) mkdirSync(root, { recursive: true, mode: 0o700 });
  installExitHook();
  try {
    if (runAs) {
      chownSync(root, runAs.uid, runAs.gid);
      if (!temporary) assertTraversable(root);
    }
    const dataDir = join(root, 'data');
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await initdb(bin, dataDir, runAs);
    const server = { bin, root, dataDir, runAs, name, port: 0, settings: options.settings ?? [], temporary, child: undefined as ChildProcess | undefined };
    for (let attempt = 1; ; attempt++) {
      server.port = options.port ?? (await freePort());
      try {
        server.child = await launch(server);
        break;
      } catch (error) {
        // Another process may have taken the port between freePort() and bind(): try another one.
        if (options.port !== undefined || attempt >= 3 || !/could not (create listen socket|bind)/i.test(String(error))) throw error;
      }
    }
    const url = `postgres://postgres@127.0.0.1:${server.port}/postgres`;
    let counter = 0;
    return {
      url,
      port: server.port,
      dataDir,
      async createDatabase(dbName = `db_${++counter}_${process.pid}`) {
        if (!SAFE_NAME.test(dbName)) throw new Error(`createDatabase: invalid name ${JSON.stringify(dbName)}`);
        await withClient(url, (client) => client.query(`CREATE DATABASE "${dbName}"`));
        return `postgres://postgres@127.0.0.1:${server.port}/${dbName}`;
      },
      async stop() {
        if (server.child) await terminate(server.child, 'SIGINT');
        server.child = undefined;
        if (temporary) rmSync(root, { recursive: true, force: true, maxRetries: 5 });
      },
      async kill() {
        if (server.child) await terminate(server.child, 'SIGKILL');
        server.child = undefined;
      },
      async restart() {
        if (server.child) throw new Error('restart: the server is still running; call kill() or stop() first');
        if (!existsSync(dataDir)) throw new Error('restart: the data directory was removed by stop()');
        server.child = await launchAfterCrash(server);
      },
    };
  } catch (error) {
    if (temporary) rmSync(root, { recursive: true, force: true, maxRetries: 5 });
    throw error;
  }
}

/** POSTGRES_BIN, else the highest version under /usr/lib/postgresql (Debian's layout). */
export function postgresBinDir(): string {
  const fromEnv = process.env.POSTGRES_BIN;
  if (fromEnv) {
    if (!existsSync(join(fromEnv, 'initdb')) || !existsSync(join(fromEnv, 'postgres'))) {
      throw new Error(`POSTGRES_BIN=${fromEnv} has no initdb and postgres`);
    }
    return fromEnv;
  }
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => /^\d+(\.\d+)?$/.test(v)) : [];
  const found = versions
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(base, v, 'bin'))
    .find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')));
  if (!found) {
    throw new Error(
      "PostgreSQL server binaries not found: run `bash scripts/ensure.sh --test` (installs Debian's postgresql package) or set POSTGRES_BIN to a directory with initdb and postgres",
    );
  }
  return found;
}

/** PostgreSQL refuses to run as root: then it runs as Debian's `postgres` system user. */
async function serverUser(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new Error("running as root, but there is no `postgres` user to run PostgreSQL as (Debian's postgresql package creates it)");
  }
}

/** os.tmpdir() if every ancestor lets the server user through, else /tmp. */
function traversableTmpdir(runAs: RunAs): string {
  const base = tmpdir();
  if (!runAs) return base;
  for (let dir = base; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return '/tmp';
    if (dir === dirname(dir)) return base;
  }
}

/** A kept cluster directory must be reachable by the server user through every parent directory. */
function assertTraversable(dir: string): void {
  for (let parent = dirname(dir); parent !== dirname(parent); parent = dirname(parent)) {
    if ((statSync(parent).mode & 0o001) === 0) {
      throw new Error(`PostgreSQL runs as the postgres user, which cannot enter ${parent} (mode ${(statSync(parent).mode & 0o777).toString(8)}): choose a directory under one it may traverse, such as /tmp or /var/lib`);
    }
  }
}

/** argv prefix that runs a command as the server user; setpriv execs in place, so signals reach the server itself. */
function asUser(runAs: RunAs, command: string, args: string[]): [string, string[]] {
  if (!runAs) return [command, args];
  return ['setpriv', [`--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, '--init-groups', '--', command, ...args]];
}

async function initdb(bin: string, dataDir: string, runAs: RunAs): Promise<void> {
  // --no-sync only skips flushing the freshly created cluster; the server itself keeps fsync on.
  const args = ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions'];
  const [command, argv] = asUser(runAs, join(bin, 'initdb'), args);
  try {
    await run(command, argv, { env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`initdb failed: ${stderr?.trim() || String(error)}`);
  }
}

type Launchable = { bin: string; root: string; dataDir: string; runAs: RunAs; name: string; port: number; settings: string[]; temporary: boolean };

/** Starts the postmaster in its own process group and resolves once it accepts connections. */
async function launch(server: Launchable): Promise<ChildProcess> {
  const logPath = join(server.root, 'postgres.log');
  const log = openSync(logPath, 'a');
  // fsync stays on: crash tests rely on what a committed transaction guarantees.
  const defaults = ['listen_addresses=127.0.0.1', 'max_connections=200', 'shared_buffers=16MB', `cluster_name=dondoc-${server.name}`];
  const overridden = new Set(server.settings.map((s) => s.split('=')[0]));
  const settings = [...defaults.filter((s) => !overridden.has(s.split('=')[0])), ...server.settings];
  const args = ['-D', server.dataDir, '-p', String(server.port), '-k', server.root, ...settings.flatMap((setting) => ['-c', setting])];
  const [command, argv] = asUser(server.runAs, join(server.bin, 'postgres'), args);
  const child = spawn(command, argv, { detached: true, stdio: ['ignore', log, log], env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  closeSync(log);
  // A forgotten server must not keep the test process alive; the exit hook kills it.
  child.unref();
  live.set(child, server.temporary ? server.root : undefined);
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`postgres exited during startup (${signal ?? code}): ${tail(logPath)}`)));
    child.once('error', reject);
  });
  exited.catch(() => undefined);
  try {
    await Promise.race([waitUntilReady(`postgres://postgres@127.0.0.1:${server.port}/postgres`), exited]);
    return child;
  } catch (error) {
    await terminate(child, 'SIGKILL');
    throw error;
  }
}

/**
 * `launch` on the data directory of a server just killed. Its shared memory can still count as in use
 * a moment after every process of its group is gone (seen once in a CI run, 76 ms after the kill):
 * PostgreSQL then refuses to start ("pre-existing shared memory block … is still in use"), and
 * starting again a little later succeeds.
 */
async function launchAfterCrash(server: Launchable): Promise<ChildProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(server);
    } catch (error) {
      if (attempt >= 5 || !/pre-existing shared memory block/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

async function waitUntilReady(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      await withClient(url, (client) => client.query('SELECT 1'));
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within ${READY_TIMEOUT_MS} ms: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * SIGINT is PostgreSQL's fast shutdown (the postmaster stops its backends itself); SIGKILL goes to the
 * whole process group, like a crash of the machine's server: no backend outlives it (on its own a backend
 * only notices the postmaster's death a moment later).
 */
async function terminate(child: ChildProcess, signal: 'SIGINT' | 'SIGKILL'): Promise<void> {
  live.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.ref();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, signal);
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
  if (signal === 'SIGKILL') await groupGone(child);
}

/**
 * After a SIGKILL, waits until every process of the group is gone: a backend still tearing down
 * holds the shared memory, and a restart on the same data directory would be refused ("pre-existing
 * shared memory block is still in use").
 */
async function groupGone(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  const until = Date.now() + STOP_TIMEOUT_MS;
  while (Date.now() < until) {
    try {
      process.kill(-child.pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(signal === 'SIGKILL' ? -child.pid : child.pid, signal);
  } catch {
    // Already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const cleanUp = () => {
    for (const [child, root] of live) {
      signalGroup(child, 'SIGKILL');
      if (root !== undefined) rmSync(root, { recursive: true, force: true, maxRetries: 5 });
    }
    live.clear();
  };
  process.on('exit', cleanUp);
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      cleanUp();
      process.removeListener(signal, onSignal);
      // Keep the default behaviour (terminate) unless someone else handles the signal.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-10).join('\n');
  } catch {
    return '(no log)';
  }
}
