/**
 * `npm start`: the whole of dondoc in one process tree — the Temporal dev server (SQLite under
 * data/, unless TEMPORAL_ADDRESS points at a cluster), the worker, the API and dashboard, and the
 * sample plans on first start. Ctrl-C stops everything.
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

async function main(): Promise<void> {
  const config = loadConfig();
  process.env.DASHBOARD_URL ??= dashboardUrl(config);
  const cluster = await openCluster(config);
  const directory = new DirectoryStore(config.DATA_DIR);
  const worker = await createWorker({ connection: cluster.nativeConnection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, config });
  const workerRun = worker.run();
  await ensureSchedules(cluster.client, config.TEMPORAL_TASK_QUEUE);

  const users = UserStore.open(config.DATA_DIR);
  const fresh = users.isEmpty ? firstUsers(users, directory, config.DATA_DIR) : undefined;
  const api = buildApi({ client: cluster.client, taskQueue: config.TEMPORAL_TASK_QUEUE, users, directory, logger, dataDir: config.DATA_DIR });
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

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      // A second Ctrl-C: do not wait for the worker, but never leave the dev server behind.
      await cluster.close().catch(() => undefined);
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    const force = setTimeout(() => void stop('timeout'), 20_000);
    await api.close();
    worker.shutdown();
    await workerRun.catch((err) => logger.error({ err }, 'worker stopped with an error'));
    await cluster.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
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

main().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`dondoc: ${err.message}\n`);
    process.exit(2);
  }
  logger.fatal({ err }, 'dondoc failed to start');
  process.exit(1);
});
