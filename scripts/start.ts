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
import { createWorker } from '../worker/worker';
import { DirectoryStore } from '../activities/directory-store';
import { loadSamplesOnce } from '../worker/samples';
import { ensureSchedules } from '../worker/schedules';
import { logger } from '../worker/logger';
import { buildApi } from '../api/server';
import { UserStore } from '../api/auth';
import { assertPortsFree } from '../worker/port-guard';
import { restrictNewFiles, secureDataDir } from '../worker/data-dir';
import { installStopHandler, type StopControl } from '../worker/stop';

async function main(control: StopControl): Promise<void> {
  restrictNewFiles();
  const config = loadConfig();
  process.env.DASHBOARD_URL ??= dashboardUrl(config);
  await assertPortsFree(config);
  secureDataDir(config.DATA_DIR);
  const cluster = await openCluster(config);
  control.running({ cluster: () => cluster.close() });
  const directory = new DirectoryStore(config.DATA_DIR);
  const worker = await createWorker({ connection: cluster.nativeConnection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, config });
  const workerRun = worker.run();
  control.running({ worker, workerRun });
  await ensureSchedules(cluster.client, config.TEMPORAL_TASK_QUEUE);

  const users = UserStore.open(config.DATA_DIR);
  const fresh = users.isEmpty ? firstUsers(users, directory, config.DATA_DIR) : undefined;
  const api = buildApi({ client: cluster.client, taskQueue: config.TEMPORAL_TASK_QUEUE, users, directory, logger, dataDir: config.DATA_DIR });
  control.running({ api: () => api.close() });
  await api.listen({ host: config.API_HOST, port: config.API_PORT });

  if (config.DONDOC_LOAD_SAMPLES && !config.TEMPORAL_ADDRESS) await loadSamplesOnce(cluster.client, config.DATA_DIR, directory, config.TEMPORAL_TASK_QUEUE);

  const lines = [
    '',
    'dondoc is running:',
    `  Dashboard and API   ${dashboardUrl(config)}  (health: ${dashboardUrl(config)}/healthz)`,
    cluster.uiUrl ? `  Temporal Web UI     ${cluster.uiUrl}` : `  Temporal cluster    ${cluster.address}`,
    `  Data                ${config.DATA_DIR}`,
    fresh ? `  Access tokens       ${fresh} (shown once; keep them safe)` : `  Access tokens       see ${join(config.DATA_DIR, 'credentials.txt')}`,
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

/** The embedded default's first users: an admin and each jurisdiction's monitoring office. */
function firstUsers(users: UserStore, directory: DirectoryStore, dataDir: string): string {
  const lines = [`admin\tQuản trị hệ thống\t${users.add({ name: 'Quản trị hệ thống', role: 'admin' })}`];
  for (const j of directory.load().jurisdictions) {
    const monitor = directory.load().agencies.find((a) => a.id === j.monitor);
    const name = monitor?.name ?? `Văn phòng UBND ${j.name}`;
    lines.push(`monitor\t${name}\t${users.add({ name, role: 'monitor', jurisdiction: j.id })}`);
  }
  const file = join(dataDir, 'credentials.txt');
  writeFileSync(file, `# role\tname\ttoken\n${lines.join('\n')}\n`, { mode: 0o600 });
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
