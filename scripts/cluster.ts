/**
 * `npm run cluster`: docker-compose.yml's topology on this machine, without Docker (docs/cluster.md).
 * PostgreSQL, Temporal's server on it, an SMTP sink, two dondoc workers and two API processes, on
 * loopback ports; state is kept in DATA_DIR (default ./data-cluster) and reused by the next start
 * (`--fresh` starts from nothing). Ctrl-C or SIGTERM stops everything it started.
 */
import { rmSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { startClusterStack, type ClusterStack } from './cluster-stack';
import { portIsFree } from '../worker/port-guard';
import { servicePorts } from './temporal-server';
import { UserStore } from '../storage/accounts';
import { openDatabase } from '../storage/database';
import { SYSTEM_ACTOR } from '../storage/audit';

const port = z.coerce.number().int().min(1).max(65535);
const Settings = z.object({
  DATA_DIR: z.string().min(1).default('data-cluster').transform((p) => resolve(p)),
  // Below 32768: Temporal keeps its membership ports (frontend − 300 …) in a smallint column.
  CLUSTER_TEMPORAL_PORT: z.coerce.number().int().min(1024).max(32_000).default(7233),
  API_PORT: port.default(3000),
  CLUSTER_POSTGRES_PORT: port.default(5432),
  CLUSTER_SMTP_PORT: port.default(1025),
  CLUSTER_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  CLUSTER_APIS: z.coerce.number().int().min(1).max(16).default(2),
  CLUSTER_HISTORY_SHARDS: z.coerce.number().int().min(1).max(16_384).default(4),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('dondoc'),
  DONDOC_DB_PASSWORD: z.string().min(1).default('dondoc-change-me'),
});

const parsed = Settings.safeParse(process.env);
if (!parsed.success) {
  for (const issue of parsed.error.issues) process.stderr.write(`dondoc cluster: ${issue.path.join('.')}=${JSON.stringify(process.env[String(issue.path[0])] ?? '')}: ${issue.message}\n`);
  process.exit(2);
}
const settings = parsed.data;
const log = (line: string) => process.stderr.write(`[dondoc cluster] ${line}\n`);

if (process.argv.includes('--fresh') && existsSync(settings.DATA_DIR)) {
  log(`--fresh: removing ${settings.DATA_DIR}`);
  rmSync(settings.DATA_DIR, { recursive: true, force: true });
}

const apiPorts = Array.from({ length: settings.CLUSTER_APIS }, (_, i) => settings.API_PORT + i);
const wanted: [string, number][] = [
  ['CLUSTER_POSTGRES_PORT (PostgreSQL)', settings.CLUSTER_POSTGRES_PORT],
  ['CLUSTER_SMTP_PORT (the SMTP sink)', settings.CLUSTER_SMTP_PORT],
  ...Object.entries(servicePorts(settings.CLUSTER_TEMPORAL_PORT)).flatMap(([service, ports]) =>
    Object.values(ports).map((p): [string, number] => [`CLUSTER_TEMPORAL_PORT (Temporal ${service}, laid out around the frontend port)`, p]),
  ),
  ...apiPorts.map((p, i): [string, number] => [`API_PORT (API replica ${i + 1} listens on API_PORT + ${i})`, p]),
];
const taken: string[] = [];
for (const [what, p] of wanted) if (!(await portIsFree('127.0.0.1', p))) taken.push(`  127.0.0.1:${p} is taken; change ${what}`);
if (taken.length) {
  process.stderr.write(`dondoc cluster: ports in use, nothing was started:\n${taken.join('\n')}\n`);
  process.exit(2);
}

let stack: ClusterStack | undefined;
let stopping: Promise<void> | undefined;
const stop = (signal: string) => {
  stopping ??= (async () => {
    log(`${signal}: stopping everything`);
    await stack?.stop();
    log('stopped');
    process.exit(0);
  })();
};
// Ctrl-C reaches the whole process group: the children stop themselves too; stop() waits for them.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal));

try {
  const started = Date.now();
  stack = await startClusterStack({
    dir: settings.DATA_DIR,
    ports: { postgres: settings.CLUSTER_POSTGRES_PORT, temporal: settings.CLUSTER_TEMPORAL_PORT, smtp: settings.CLUSTER_SMTP_PORT, api: apiPorts },
    workers: settings.CLUSTER_WORKERS,
    apis: settings.CLUSTER_APIS,
    namespace: settings.TEMPORAL_NAMESPACE,
    taskQueue: settings.TEMPORAL_TASK_QUEUE,
    historyShards: settings.CLUSTER_HISTORY_SHARDS,
    dondocPassword: settings.DONDOC_DB_PASSWORD,
    progress: log,
  });
  if (stopping) await stopping;
  const credentials = await firstAdmin(stack);
  const s = stack.settings;
  process.stdout.write(
    [
      '',
      `dondoc cluster is running (started in ${Math.round((Date.now() - started) / 1000)} s; data, logs and mail in ${stack.dir}):`,
      `  PostgreSQL   127.0.0.1:${stack.postgres.port} (databases temporal, temporal_visibility, dondoc)`,
      `  Temporal     ${s.TEMPORAL_ADDRESS} (namespace ${s.TEMPORAL_NAMESPACE}; log ${stack.temporal.logFile})`,
      `  SMTP sink    ${s.SMTP_URL} (every message kept in ${join(stack.dir, 'mail')})`,
      `  Workers      ${stack.workers.map((w) => `${w.name} pid ${w.pid()}`).join(', ')} (logs in ${join(stack.dir, 'logs')})`,
      `  API          ${stack.apiUrls.join(', ')}`,
      credentials ? `  Admin        login "admin", password and token in ${credentials}` : `  Admin        see ${join(stack.dir, 'credentials.txt')} from the first start`,
      '',
      'The settings the dondoc processes run with (as in docker-compose.yml), for another worker, API or `npx dondoc`:',
      ...Object.entries(s).map(([k, v]) => `  ${k}=${v.includes(' ') ? `'${v}'` : v}`),
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
} catch (error) {
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  await stack?.stop();
  process.exit(1);
}

/** On the first start: an admin account with a password and a token, written to DATA_DIR/credentials.txt (0600). */
async function firstAdmin(running: ClusterStack): Promise<string | undefined> {
  const file = join(running.dir, 'credentials.txt');
  const handle = await openDatabase({ databaseUrl: running.settings.DATABASE_URL, dataDir: running.dir, poolSize: 1 });
  try {
    const users = new UserStore(handle.db);
    if ((await users.list()).length > 0) return undefined;
    const { user, password } = await users.create({ name: 'Quản trị hệ thống', role: 'admin', login: 'admin' });
    const { token } = await users.issueToken(user.id, { label: 'đầu tiên' }, { name: SYSTEM_ACTOR });
    writeFileSync(file, `# role\tname\tlogin\tpassword\ttoken\nadmin\tQuản trị hệ thống\tadmin\t${password}\t${token}\n`, { mode: 0o600 });
    return file;
  } finally {
    await handle.close();
  }
}
