/**
 * `npm start`: the whole of dondoc in one process tree — the Temporal dev server (SQLite under
 * data/, unless TEMPORAL_ADDRESS points at a cluster), the worker, the API and dashboard, and the
 * sample plans on first start. Ctrl-C (SIGINT) or SIGTERM stops everything and exits 0. It refuses
 * to start when one of its ports is already taken (by an earlier dondoc or another program).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, ConfigError, dashboardUrl } from '../worker/config';
import { openCluster } from '../worker/cluster';
import { createWorker, WORKER_DATABASE_POOL } from '../worker/worker';
import { openStorage } from '../storage';
import { DirectoryStore } from '../storage/directory';
import { UserStore, type NewUser } from '../storage/accounts';
import { SYSTEM_ACTOR } from '../storage/audit';
import { loadSamplesOnce } from '../worker/samples';
import { ensureSchedules } from '../worker/schedules';
import { logger } from '../worker/logger';
import { buildApi } from '../api/server';
import { assertPortsFree } from '../worker/port-guard';
import { restrictNewFiles, secureDataDir } from '../worker/data-dir';
import { installStopHandler, type StopControl } from '../worker/stop';

async function main(control: StopControl): Promise<void> {
  restrictNewFiles();
  const config = loadConfig();
  process.env.DASHBOARD_URL ??= dashboardUrl(config);
  await assertPortsFree(config);
  secureDataDir(config.DATA_DIR);
  const storage = await openStorage(config, { logger, poolSize: WORKER_DATABASE_POOL });
  control.running({ storage: () => storage.close() });
  const cluster = await openCluster(config);
  control.running({ cluster: () => cluster.close() });
  const directory = new DirectoryStore(storage.db);
  const worker = await createWorker({
    connection: cluster.nativeConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    config,
    db: storage.db,
  });
  const workerRun = worker.run();
  control.running({ worker, workerRun });
  await ensureSchedules(cluster.client, config.TEMPORAL_TASK_QUEUE);

  const users = new UserStore(storage.db);
  const fresh = (await users.isEmpty()) ? await firstUsers(users, directory, config.DATA_DIR) : undefined;
  const api = buildApi({ client: cluster.client, taskQueue: config.TEMPORAL_TASK_QUEUE, db: storage.db, users, directory, logger });
  control.running({ api: () => api.close() });
  await api.listen({ host: config.API_HOST, port: config.API_PORT });

  if (config.DONDOC_LOAD_SAMPLES && !config.TEMPORAL_ADDRESS) await loadSamplesOnce(cluster.client, storage.db, directory, config.TEMPORAL_TASK_QUEUE);

  const lines = [
    '',
    'dondoc is running:',
    `  Dashboard and API   ${dashboardUrl(config)}  (health: ${dashboardUrl(config)}/healthz)`,
    cluster.uiUrl ? `  Temporal Web UI     ${cluster.uiUrl}` : `  Temporal cluster    ${cluster.address}`,
    `  Data                ${config.DATA_DIR}`,
    fresh
      ? `  Accounts            ${fresh}: sign in as "admin" with the password written there (keep it safe)`
      : `  Accounts            the first ones are in ${join(config.DATA_DIR, 'credentials.txt')}; add more with "npx dondoc users add"`,
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

/**
 * The embedded default's first users: an admin and each jurisdiction's monitoring office, each with
 * a login and a generated password (to sign in to the dashboard) and a token (for scripts).
 */
async function firstUsers(users: UserStore, directory: DirectoryStore, dataDir: string): Promise<string> {
  const lines: string[] = [];
  const add = async (user: NewUser) => {
    const { user: created, password } = await users.create(user);
    const { token } = await users.issueToken(created.id, { label: 'đầu tiên' }, { name: SYSTEM_ACTOR });
    lines.push([user.role, user.name, user.login, password, token].join('\t'));
  };
  await add({ name: 'Quản trị hệ thống', role: 'admin', login: 'admin' });
  const current = await directory.load();
  for (const j of current.jurisdictions) {
    const monitor = current.agencies.find((a) => a.id === j.monitor);
    await add({ name: monitor?.name ?? `Văn phòng UBND ${j.name}`, role: 'monitor', jurisdiction: j.id, login: `vp.${j.id}` });
  }
  const file = join(dataDir, 'credentials.txt');
  writeFileSync(file, `# role\tname\tlogin\tpassword\ttoken\n${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}

const control = installStopHandler();
main(control).then(
  () => control.started(),
  async (err) => {
    if (err instanceof ConfigError) process.stderr.write(`dondoc: ${err.message}\n`);
    else logger.fatal({ err }, 'dondoc failed to start');
    await control.stopNow();
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
