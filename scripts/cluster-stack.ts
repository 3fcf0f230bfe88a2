/**
 * The production topology of docker-compose.yml, without Docker, on loopback ports: Debian's
 * PostgreSQL holding Temporal's two databases and dondoc's own, Temporal's server on it (built with
 * Go, scripts/temporal-server.ts), an SMTP sink that keeps every message, and dondoc's worker and
 * API as separate processes (worker/main.ts, api/main.ts), several of each. Used by
 * `npm run cluster` (scripts/cluster.ts) and by the cluster and resilience tests (test/cluster/).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPostgres, type PostgresServer } from './postgres-server';
import { freePort } from './free-port';
import { freeFrontendPort, setupTemporalSchemas, startTemporalServer, type TemporalServer } from './temporal-server';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import { resolveClusterServer } from '../worker/temporal-binaries';
import { openDatabase } from '../storage/database';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export type ClusterStackOptions = {
  /** Where everything lives (postgres/, temporal/, mail/, logs/, one scratch DATA_DIR per process). Default: a temporary directory, removed by stop(). */
  dir?: string;
  /** Fixed ports (npm run cluster); each missing one is a free port. */
  ports?: { postgres?: number; temporal?: number; smtp?: number; api?: number[] };
  workers?: number;
  apis?: number;
  namespace?: string;
  taskQueue?: string;
  historyShards?: number;
  /** Password of dondoc's database role (DONDOC_DB_PASSWORD in docker-compose.yml). */
  dondocPassword?: string;
  /** Extra settings for every dondoc process (LOG_LEVEL, …). */
  env?: Record<string, string>;
  /** Progress lines (npm run cluster prints them). */
  progress?: (line: string) => void;
};

/** One dondoc worker or API process. */
export type DondocProcess = {
  name: string;
  role: 'worker' | 'api';
  logFile: string;
  /** Pid of the running process, undefined when it is not running. */
  pid(): number | undefined;
  /** Starts it (again) and waits until it polls (worker) or answers /healthz (API). */
  start(): Promise<void>;
  /** Sends a signal and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** The last lines it wrote. */
  output(): string;
  /**
   * Exits nobody asked for (neither kill() nor stop()), each followed by a restart one second later,
   * as docker-compose's `restart: unless-stopped` does: when, how, and the last lines it wrote.
   */
  crashes: { at: string; code: number | null; signal: string | null; tail: string }[];
};

export type ClusterStack = {
  dir: string;
  postgres: PostgresServer;
  temporal: TemporalServer;
  smtp: SmtpSink;
  workers: DondocProcess[];
  apis: DondocProcess[];
  /** The settings every dondoc process runs with (docker-compose.yml's names). */
  settings: { TEMPORAL_ADDRESS: string; TEMPORAL_NAMESPACE: string; TEMPORAL_TASK_QUEUE: string; DATABASE_URL: string; SMTP_URL: string; MAIL_FROM: string; DASHBOARD_URL: string };
  apiUrls: string[];
  /** Stops everything it started, in order: APIs, workers, Temporal, PostgreSQL, SMTP. */
  stop(): Promise<void>;
};

export async function startClusterStack(options: ClusterStackOptions = {}): Promise<ClusterStack> {
  const progress = options.progress ?? (() => undefined);
  const temporary = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'dondoc-cluster-'));
  // Traversable (not listable) for the postgres system user when run as root; each part is 0700.
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o711);
  const namespace = options.namespace ?? 'default';
  const taskQueue = options.taskQueue ?? 'dondoc';
  const dondocPassword = options.dondocPassword ?? 'dondoc-change-me';
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const part of started.splice(0).reverse()) await part.stop().catch(() => undefined);
    if (temporary) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  };

  try {
    const binaries = resolveClusterServer(progress);
    if (!binaries) throw new Error("Temporal's server is not built and Go is missing: install Go (https://go.dev/dl) or set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH");

    const smtp = await startSmtpSink({ port: options.ports?.smtp, dir: join(dir, 'mail') });
    started.push(smtp);
    progress(`SMTP sink on ${smtp.url}`);

    // Room for Temporal's pools (4 services × 30), every dondoc process's pool and the tests.
    const postgres = await startPostgres({ name: 'cluster', dir: join(dir, 'postgres'), port: options.ports?.postgres, settings: ['max_connections=400', 'shared_buffers=128MB'] });
    started.push(postgres);
    progress(`PostgreSQL on 127.0.0.1:${postgres.port}`);
    const databaseUrl = `postgres://dondoc:${encodeURIComponent(dondocPassword)}@127.0.0.1:${postgres.port}/dondoc`;
    await prepareDatabases(postgres.url, dondocPassword);

    const database = { host: '127.0.0.1', port: postgres.port, user: 'temporal', password: 'temporal' };
    await withClient(postgres.url, (client) => setupTemporalSchemas(binaries.sqlTool, database, async (name) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1));
    progress('Temporal schemas up to date');
    // dondoc's tables, once, before its processes start.
    const migrated = await openDatabase({ databaseUrl, dataDir: dir, poolSize: 1 });
    await migrated.close();

    const temporalDir = join(dir, 'temporal');
    mkdirSync(temporalDir, { recursive: true, mode: 0o700 });
    const temporal = await startTemporalServer({
      binaries,
      dir: temporalDir,
      database,
      frontendPort: options.ports?.temporal ?? (await freeFrontendPort()),
      namespace,
      historyShards: options.historyShards,
    });
    started.push(temporal);
    progress(`Temporal on ${temporal.address} (namespace ${namespace})`);

    const apiPorts: number[] = [];
    for (let i = 0; i < (options.apis ?? 2); i++) apiPorts.push(options.ports?.api?.[i] ?? (await freePort()));
    const settings = {
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtp.url,
      MAIL_FROM: '"dondoc" <dondoc@example.gov.vn>',
      DASHBOARD_URL: `http://127.0.0.1:${apiPorts[0] ?? 3000}`,
    };
    const logs = join(dir, 'logs');
    mkdirSync(logs, { recursive: true, mode: 0o700 });
    const env = (name: string, extra: Record<string, string>) => {
      const dataDir = join(dir, name);
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS' && !k.startsWith('VITEST') && !(k in settings)));
      return { ...inherited, LOG_LEVEL: 'info', ...options.env, ...settings, DATA_DIR: dataDir, ...extra };
    };

    const workers = Array.from({ length: options.workers ?? 2 }, (_, i) => dondocProcess(`worker-${i + 1}`, 'worker', env(`worker-${i + 1}`, {}), logs));
    const apis = apiPorts.map((port, i) => dondocProcess(`api-${i + 1}`, 'api', env(`api-${i + 1}`, { API_HOST: '127.0.0.1', API_PORT: String(port) }), logs, port));
    for (const p of [...workers, ...apis]) started.push({ stop: () => p.kill('SIGTERM') });
    // Workers first: the first one registers the Schedules.
    await Promise.all(workers.map((w) => w.start()));
    progress(`${workers.length} workers polling task queue ${taskQueue}`);
    await Promise.all(apis.map((a) => a.start()));
    const apiUrls = apiPorts.map((p) => `http://127.0.0.1:${p}`);
    progress(`API on ${apiUrls.join(', ')}`);

    return { dir, postgres, temporal, smtp, workers, apis, settings, apiUrls, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Temporal's role (as temporalio/auto-setup expects) and dondoc's own role and database (deploy/postgres-init/10-dondoc.sh). */
async function prepareDatabases(adminUrl: string, dondocPassword: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const hasRole = async (name: string) => (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount === 1;
    if (!(await hasRole('temporal'))) await client.query(`CREATE ROLE temporal LOGIN PASSWORD 'temporal' CREATEDB`);
    if (!(await hasRole('dondoc'))) {
      await client.query(`CREATE ROLE dondoc LOGIN PASSWORD ${pg.escapeLiteral(dondocPassword)}`);
      await client.query(`CREATE DATABASE dondoc OWNER dondoc ENCODING 'UTF8'`);
      await client.query('REVOKE ALL ON DATABASE dondoc FROM PUBLIC');
      await client.query('GRANT CONNECT, TEMPORARY ON DATABASE dondoc TO dondoc');
    }
  });
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const READY_TIMEOUT_MS = 180_000;
const OUTPUT_KEPT = 20_000;

function dondocProcess(name: string, role: 'worker' | 'api', env: NodeJS.ProcessEnv, logs: string, port?: number): DondocProcess {
  const logFile = join(logs, `${name}.log`);
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let recent = '';
  let log: WriteStream | undefined;
  let wanted = false;
  const entry = role === 'worker' ? 'worker/main.ts' : 'api/main.ts';

  /** Starts the process; `polling` turns true when this run of a worker says it polls. */
  const spawnOne = (): { proc: ChildProcess; polling: () => boolean } => {
    log ??= createWriteStream(logFile, { flags: 'a', mode: 0o600 });
    const proc = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let own = '';
    let polling = false;
    const onData = (chunk: Buffer) => {
      log!.write(chunk);
      recent = (recent + chunk.toString()).slice(-OUTPUT_KEPT);
      if (!polling) {
        own = (own + chunk.toString()).slice(-OUTPUT_KEPT);
        polling = own.includes('"msg":"worker polling"');
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    exited = new Promise<void>((resolve) =>
      proc.once('exit', (code, signal) => {
        if (child === proc) child = undefined;
        resolve();
        if (!wanted) return;
        // Not asked for: note it and start again, as a supervisor would.
        self.crashes.push({ at: new Date().toISOString(), code, signal, tail: recent.slice(-2000) });
        setTimeout(() => wanted && !child && spawnOne(), 1_000);
      }),
    );
    return { proc, polling: () => polling };
  };

  const self: DondocProcess = {
    name,
    role,
    logFile,
    crashes: [],
    pid: () => child?.pid,
    output: () => recent,
    async start() {
      if (child) throw new Error(`${name} is already running`);
      wanted = true;
      const { proc, polling } = spawnOne();
      const deadline = Date.now() + READY_TIMEOUT_MS;
      for (;;) {
        if (child !== proc) {
          wanted = false;
          throw new Error(`${name} exited before it was ready:\n${recent.slice(-3000)}`);
        }
        if (role === 'worker' ? polling() : await answers(port!)) return;
        if (Date.now() > deadline) {
          await self.kill('SIGKILL');
          throw new Error(`${name} not ready after ${READY_TIMEOUT_MS / 1000} s:\n${recent.slice(-3000)}`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async kill(signal = 'SIGTERM') {
      wanted = false;
      const proc = child;
      if (!proc) return;
      const done = exited;
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
      await done;
      clearTimeout(timer);
    },
  };
  process.once('exit', () => child?.kill('SIGKILL'));
  return self;
}

async function answers(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}
