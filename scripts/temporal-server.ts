/**
 * Temporal's full server on PostgreSQL, as a province runs it, for `npm run cluster`
 * (scripts/cluster.ts): the schemas set up with temporal-sql-tool (the default store and the SQL
 * visibility store, whose custom search attributes are pre-allocated columns), a generated config
 * file, all four services (frontend, history, matching, worker) in one process, the namespace
 * registered. The same version docker-compose.yml runs (temporalio/auto-setup).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { ensureSearchAttributes } from '../worker/temporal';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { portIsFree } from '../worker/port-guard';
import type { ClusterServerBinaries } from '../worker/temporal-binaries';

const run = promisify(execFile);

export type TemporalDatabase = { host: string; port: number; user: string; password: string };

export type TemporalServerOptions = {
  binaries: ClusterServerBinaries;
  /** Holds the config file, the dynamic config and the server's log; kept. */
  dir: string;
  database: TemporalDatabase;
  /** The frontend's gRPC port (TEMPORAL_ADDRESS); the other services take the standard offsets from it. */
  frontendPort: number;
  namespace: string;
  /** Fixed once the schema holds data: history shards cannot be changed later. */
  historyShards?: number;
  /** Retention of closed workflows in the namespace. */
  retentionDays?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
};

export type TemporalServer = {
  /** host:port of the frontend. */
  address: string;
  logFile: string;
  /** Pid of the server process, undefined when it is not running. */
  pid(): number | undefined;
  /** SIGKILL, as in a crash. */
  kill(): Promise<void>;
  /** Starts the process again with the same config and ports, and waits until the namespace answers. */
  restart(): Promise<void>;
  /** SIGTERM, then SIGKILL after 30 s. */
  stop(): Promise<void>;
};

export const TEMPORAL_DATABASES = { default: 'temporal', visibility: 'temporal_visibility' } as const;
const SCHEMAS = { default: 'postgresql/v12/temporal', visibility: 'postgresql/v12/visibility' } as const;
const READY_TIMEOUT_MS = 120_000;

/**
 * The standard layout of Temporal's ports around the frontend (7233 → history 7234, matching 7235,
 * worker 7239, frontend HTTP 7243, membership 6933–6939), as its sample configs use.
 */
export function servicePorts(frontend: number) {
  return {
    frontend: { grpcPort: frontend, membershipPort: frontend - 300, httpPort: frontend + 10 },
    history: { grpcPort: frontend + 1, membershipPort: frontend - 299 },
    matching: { grpcPort: frontend + 2, membershipPort: frontend - 298 },
    worker: { grpcPort: frontend + 6, membershipPort: frontend - 294 },
  };
}

function allPorts(frontend: number): number[] {
  return Object.values(servicePorts(frontend)).flatMap((s) => Object.values(s));
}

/**
 * A frontend port whose whole layout is free on 127.0.0.1 (for tests: several clusters on one
 * machine). Below 32768: Temporal stores membership ports in a smallint column; and below 20000,
 * where freePort() draws its ports.
 */
export async function freeFrontendPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = 10_500 + Math.floor(Math.random() * 9_400);
    if ((await Promise.all(allPorts(candidate).map((p) => portIsFree('127.0.0.1', p)))).every(Boolean)) return candidate;
  }
  throw new Error('no free range of ports for a Temporal server');
}

/** The ports of the layout that something already listens on. */
export async function takenPorts(frontend: number): Promise<number[]> {
  const ports = allPorts(frontend);
  const free = await Promise.all(ports.map((p) => portIsFree('127.0.0.1', p)));
  return ports.filter((_, i) => !free[i]);
}

/**
 * Creates Temporal's two databases when missing and brings both schemas to the newest version of
 * this server (update-schema is idempotent), with the schema tool, as temporalio/auto-setup does.
 */
export async function setupTemporalSchemas(sqlTool: string, db: TemporalDatabase, exists: (database: string) => Promise<boolean>): Promise<void> {
  const common = ['--plugin', 'postgres12', '--ep', db.host, '-p', String(db.port), '-u', db.user, '--pw', db.password];
  for (const store of ['default', 'visibility'] as const) {
    const database = TEMPORAL_DATABASES[store];
    const tool = (...args: string[]) => runTool(sqlTool, [...common, '--db', database, ...args]);
    if (!(await exists(database))) {
      await tool('create-database');
      await tool('setup-schema', '-v', '0.0');
    }
    await tool('update-schema', '--schema-name', SCHEMAS[store]);
  }
}

async function runTool(sqlTool: string, args: string[]): Promise<void> {
  try {
    await run(sqlTool, args);
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(
      `temporal-sql-tool ${args.filter((a, i) => args[i - 1] !== '--pw').join(' ')} failed: ${(stderr || stdout || String(error)).trim().split('\n').slice(-5).join('\n')}`,
    );
  }
}

/** The server's config file (JSON is YAML): persistence on PostgreSQL, every service on loopback. */
export function serverConfig(options: TemporalServerOptions, logFile: string, dynamicConfigFile: string): object {
  const { database: db } = options;
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${db.host}:${db.port}`,
      connectProtocol: 'tcp',
      user: db.user,
      password: db.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const ports = servicePorts(options.frontendPort);
  return {
    log: { stdout: false, outputFile: logFile, level: options.logLevel ?? 'warn', format: 'json' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: options.historyShards ?? 4,
      datastores: { 'postgres-default': store(TEMPORAL_DATABASES.default, 20), 'postgres-visibility': store(TEMPORAL_DATABASES.visibility, 10) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: Object.fromEntries(Object.entries(ports).map(([name, rpc]) => [name, { rpc: { ...rpc, bindOnLocalHost: true } }])),
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${options.frontendPort}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

/**
 * Dynamic config: the server's defaults, except the visibility rate per namespace (10 a second by
 * default; the dashboard and the API's lists read visibility), as the dev server raises it too.
 */
const DYNAMIC_CONFIG: Record<string, unknown> = {
  'frontend.namespaceRPS.visibility': 100,
  'frontend.enableUpdateWorkflowExecution': true,
};

export async function startTemporalServer(options: TemporalServerOptions): Promise<TemporalServer> {
  const configDir = join(options.dir, 'config');
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const logFile = join(options.dir, 'temporal.log');
  const dynamicConfigFile = join(configDir, 'dynamic.yaml');
  writeFileSync(
    dynamicConfigFile,
    JSON.stringify(Object.fromEntries(Object.entries(DYNAMIC_CONFIG).map(([k, value]) => [k, [{ value, constraints: {} }]])), null, 2),
  );
  // Holds the database password: owner only.
  writeFileSync(join(configDir, 'dondoc.yaml'), JSON.stringify(serverConfig(options, logFile, dynamicConfigFile), null, 2), { mode: 0o600 });
  const address = `127.0.0.1:${options.frontendPort}`;
  let child: ChildProcess | undefined;

  const launch = async () => {
    const taken = await takenPorts(options.frontendPort);
    if (taken.length)
      throw new Error(`the Temporal server's ports ${taken.join(', ')} are taken on 127.0.0.1 (the layout around the frontend port ${options.frontendPort})`);
    const out = openSync(join(options.dir, 'temporal.out'), 'a');
    child = spawn(options.binaries.server, ['--root', options.dir, '--config', 'config', '--env', 'dondoc', '--allow-no-auth', 'start'], {
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    const exited = new Promise<never>((_, reject) =>
      child!.once('exit', (code, signal) =>
        reject(new Error(`the Temporal server exited during startup (${signal ?? code}): ${tail(logFile)}\n${tail(join(options.dir, 'temporal.out'))}`)),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([registerNamespace(address, options.namespace, options.retentionDays ?? 7), exited]);
  };

  const terminate = async (signal: NodeJS.Signals) => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill(signal);
    const timer = setTimeout(() => current.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };
  process.once('exit', () => child?.kill('SIGKILL'));

  await launch();
  // Custom search attributes live in the cluster's metadata; each service caches them for up to a
  // minute. On the first start they are added, then the server is started again so every service
  // reads them at once (later starts find them there).
  const connection = await Connection.connect({ address });
  try {
    const before = await connection.operatorService.listSearchAttributes({ namespace: options.namespace });
    const missing = ALL_SEARCH_ATTRIBUTES.some((k) => !(k.name in (before.customAttributes ?? {})));
    if (missing) {
      await ensureSearchAttributes(connection, options.namespace);
      await terminate('SIGTERM');
      await launch();
    }
  } finally {
    await connection.close();
  }

  return {
    address,
    logFile,
    pid: () => child?.pid,
    kill: () => terminate('SIGKILL'),
    async restart() {
      if (child) throw new Error('restart: the Temporal server is still running; call kill() or stop() first');
      await launch();
    },
    stop: () => terminate('SIGTERM'),
  };
}

/** Registers the namespace when missing, and waits until the frontend knows it. */
async function registerNamespace(address: string, namespace: string, retentionDays: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        // Through the frontend's namespace registry (refreshed every 10 s), as workers and clients are.
        await connection.operatorService.listSearchAttributes({ namespace });
        return;
      } catch (error) {
        if ((error as { code?: number }).code !== 5 /* NOT_FOUND */) throw error;
      }
      try {
        await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`) });
      } catch (error) {
        if ((error as { code?: number }).code !== 6 /* ALREADY_EXISTS */) throw error;
      }
      lastError = new Error(`namespace ${namespace} registered, not yet served`);
    } catch (error) {
      lastError = error;
    } finally {
      await connection?.close().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the Temporal server at ${address} did not serve namespace ${namespace} within ${READY_TIMEOUT_MS / 1000} s: ${String(lastError)}`);
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .slice(-5)
      .map((line) => line.slice(0, 400))
      .join('\n');
  } catch {
    return '(no log)';
  }
}
