/**
 * Finds or builds the two Temporal server binaries that dondoc runs locally:
 * - the dev server (`temporal server start-dev`), for `npm start` and end-to-end tests;
 * - the time-skipping test server, for workflow tests.
 *
 * Order for the dev server: TEMPORAL_CLI_PATH → `temporal` on PATH → the cache → `go install` of
 * the CLI into the cache when Go is present → the SDK's own download (needs internet).
 * Order for the test server: TEMPORAL_TEST_SERVER_PATH → the cache → the Java test server from
 * Maven Central (needs Java and Maven) → the SDK's own download.
 *
 * For `npm run cluster` (scripts/cluster.ts), Temporal's full server on PostgreSQL and its schema tool:
 * TEMPORAL_SERVER_PATH / TEMPORAL_SQL_TOOL_PATH → the cache → `go install` of
 * go.temporal.io/server's cmd/server and cmd/tools/sql (the same server version as in the CLI).
 *
 * Built binaries are cached under DONDOC_CACHE_DIR (default ~/.cache/dondoc), outside the repo.
 */
import { spawnSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, chmodSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, delimiter } from 'node:path';
import { createConnection } from 'node:net';
import type { DevServerConfig, TimeSkippingServerConfig } from '@temporalio/testing';
import { logger } from './logger';

type ServerOptions<T> = Omit<T, 'type'>;

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const JAVA_TEST_SERVER_VERSION = '1.38.0';
/** The server inside TEMPORAL_CLI_VERSION; docker-compose.yml runs the same version (temporalio/auto-setup). */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';

type Progress = (message: string) => void;
const defaultProgress: Progress = (message) => process.stderr.write(`[dondoc] ${message}\n`);

export function cacheDir(): string {
  return process.env.DONDOC_CACHE_DIR ?? join(homedir(), '.cache', 'dondoc');
}

function isExecutable(path: string): boolean {
  try {
    return statSync(path).isFile() && (statSync(path).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status ?? result.signal}`);
  }
}

/** Path of a dev server binary, or undefined when only the SDK download is left. */
export function resolveDevServer(progress: Progress = defaultProgress): string | undefined {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const found = onPath('temporal');
  if (found) return found;
  const cached = join(cacheDir(), 'bin', `temporal-${TEMPORAL_CLI_VERSION}`);
  if (isExecutable(cached)) return cached;
  const go = goBinary();
  if (!go) return undefined;
  progress(`building the Temporal dev server ${TEMPORAL_CLI_VERSION} with Go (first time only, takes a few minutes)…`);
  const started = Date.now();
  goInstall(go, [`github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], { temporal: cached });
  progress(`built ${cached} in ${Math.round((Date.now() - started) / 1000)} s`);
  return cached;
}

function goBinary(): string | undefined {
  return onPath('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

/** `go install` of the packages into a scratch GOBIN, then each built binary (by its name) moved to its cache path. */
function goInstall(go: string, packages: string[], into: Record<string, string>, extraEnv: NodeJS.ProcessEnv = {}): void {
  const gobin = join(cacheDir(), 'go-build-out');
  mkdirSync(join(cacheDir(), 'bin'), { recursive: true });
  run(go, ['install', '-ldflags=-s -w', ...packages], { env: { ...process.env, GOBIN: gobin, CGO_ENABLED: '0', ...extraEnv } });
  for (const [name, target] of Object.entries(into)) run('mv', [join(gobin, name), target]);
}

export type ClusterServerBinaries = { server: string; sqlTool: string };

/**
 * Temporal's server (frontend, history, matching and worker services) and `temporal-sql-tool`, the
 * schema tool, for a cluster on PostgreSQL; undefined when they are not cached and Go is missing.
 */
export function resolveClusterServer(progress: Progress = defaultProgress): ClusterServerBinaries | undefined {
  const server = process.env.TEMPORAL_SERVER_PATH;
  const sqlTool = process.env.TEMPORAL_SQL_TOOL_PATH;
  if (server || sqlTool) {
    for (const [name, path] of [['TEMPORAL_SERVER_PATH', server], ['TEMPORAL_SQL_TOOL_PATH', sqlTool]] as const) {
      if (!path || !isExecutable(path)) throw new Error(`${name}=${path ?? ''} is not an executable file (set both TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH, or neither)`);
    }
    return { server: server!, sqlTool: sqlTool! };
  }
  const cached = {
    server: join(cacheDir(), 'bin', `temporal-server-${TEMPORAL_SERVER_VERSION}`),
    sqlTool: join(cacheDir(), 'bin', `temporal-sql-tool-${TEMPORAL_SERVER_VERSION}`),
  };
  if (isExecutable(cached.server) && isExecutable(cached.sqlTool)) return cached;
  const go = goBinary();
  if (!go) return undefined;
  progress(`building Temporal's server ${TEMPORAL_SERVER_VERSION} and its SQL schema tool with Go (first time only, takes many minutes)…`);
  const started = Date.now();
  const module = `go.temporal.io/server`;
  goInstall(go, [`${module}/cmd/server@${TEMPORAL_SERVER_VERSION}`, `${module}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`], { server: cached.server, sql: cached.sqlTool }, {
    GOFLAGS: [process.env.GOFLAGS, '-mod=mod'].filter(Boolean).join(' '),
  });
  progress(`built ${cached.server} and ${cached.sqlTool} in ${Math.round((Date.now() - started) / 1000)} s`);
  return cached;
}

/** Path of a time-skipping test server executable, or undefined when only the SDK download is left. */
export async function resolveTestServer(progress: Progress = defaultProgress): Promise<string | undefined> {
  const fromEnv = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`TEMPORAL_TEST_SERVER_PATH=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const dir = join(cacheDir(), `java-test-server-${JAVA_TEST_SERVER_VERSION}`);
  const wrapper = join(dir, 'temporal-test-server');
  if (isExecutable(wrapper)) return wrapper;
  const java = onPath('java');
  const mvn = onPath('mvn');
  if (!java || !mvn) return undefined;
  progress(`fetching the Java time-skipping test server ${JAVA_TEST_SERVER_VERSION} from Maven Central…`);
  const started = Date.now();
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>dondoc.local</groupId><artifactId>temporal-test-server-fetch</artifactId><version>1</version>
  <dependencies><dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId>
  <version>${JAVA_TEST_SERVER_VERSION}</version></dependency></dependencies></project>\n`,
  );
  run(mvn, ['-q', '-B', 'dependency:copy-dependencies', '-DoutputDirectory=lib', '-DincludeScope=runtime'], { cwd: dir });
  const classPath = `${join(dir, 'lib')}/*`;
  // The SDK starts the server as `<path> <port>` and stops it with SIGKILL: the wrapper must exec java.
  // A class-data sharing archive makes the JVM start faster on small machines.
  const wrapperText = `#!/bin/sh
exec java -XX:SharedArchiveFile="${join(dir, 'classes.jsa')}" -Xshare:auto -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \\
  -cp "${classPath}" io.temporal.testserver.TestServer "$@"
`;
  writeFileSync(join(dir, 'temporal-test-server.tmp'), wrapperText);
  chmodSync(join(dir, 'temporal-test-server.tmp'), 0o755);
  await createClassDataArchive(java, dir, classPath);
  run('mv', [join(dir, 'temporal-test-server.tmp'), wrapper]);
  progress(`test server ready at ${wrapper} in ${Math.round((Date.now() - started) / 1000)} s`);
  return wrapper;
}

/** Runs the server once with -XX:ArchiveClassesAtExit so later starts load classes from the archive. */
async function createClassDataArchive(java: string, dir: string, classPath: string): Promise<void> {
  const port = 17000 + Math.floor(Math.random() * 2000);
  const child = spawn(
    java,
    [`-XX:ArchiveClassesAtExit=${join(dir, 'classes.jsa')}`, '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', classPath, 'io.temporal.testserver.TestServer', String(port)],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, 60_000).catch(() => undefined);
  child.kill('SIGTERM');
  await exited;
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number, timeoutMs: number, host = '127.0.0.1'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host, port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => (socket.destroy(), resolve(false)));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The SDK waits 5 s for a server it starts (the dev server, the time-skipping server) to open its
 * port (sdk-core, not configurable), and kills it when it does not. On a slow or busy machine (a
 * first start, a CI run starting other servers on 2 cores) that happens, once three times in a row:
 * try again, waiting longer between attempts, up to six attempts (about a minute) before giving up.
 */
const START_ATTEMPTS = 6;

export async function startPatiently<T>(what: string, start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt >= START_ATTEMPTS || !/did not start within/.test((err as Error).message)) throw err;
      logger.warn({ attempt, err: (err as Error).message }, `${what} was slow to start; starting it again`);
      await new Promise((r) => setTimeout(r, 2_000 * attempt));
    }
  }
}

/** Options for TestWorkflowEnvironment.createTimeSkipping(). */
export async function timeSkippingServerConfig(): Promise<ServerOptions<TimeSkippingServerConfig>> {
  const path = await resolveTestServer();
  return path ? { executable: { type: 'existing-path', path } } : {};
}

/** Options for TestWorkflowEnvironment.createLocal() / the dev server. */
export function devServerExecutable(): DevServerConfig['executable'] {
  const path = resolveDevServer();
  return path ? { type: 'existing-path', path } : undefined;
}
