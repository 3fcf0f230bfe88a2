/** Production worker process: connects to TEMPORAL_ADDRESS and polls dondoc's task queue. Scale out by running more. */
import { loadConfig, ConfigError, dashboardUrl } from './config';
import { openCluster } from './cluster';
import { createWorker, WORKER_DATABASE_POOL } from './worker';
import { logger } from './logger';
import { ensureSchedules } from './schedules';
import { restrictNewFiles, secureDataDir } from './data-dir';
import { openStorage } from '../storage';

try {
  restrictNewFiles();
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS) throw new ConfigError('invalid configuration:\n  TEMPORAL_ADDRESS="": the worker process needs a cluster address (npm start runs the embedded default)');
  process.env.DASHBOARD_URL ??= dashboardUrl(config);
  if (!config.DATABASE_URL) throw new ConfigError('invalid configuration:\n  DATABASE_URL="": the worker process needs a PostgreSQL server (npm start runs the embedded default)');
  secureDataDir(config.DATA_DIR);
  const storage = await openStorage(config, { logger, poolSize: WORKER_DATABASE_POOL });
  const cluster = await openCluster(config);
  const worker = await createWorker({ connection: cluster.nativeConnection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, config, db: storage.db });
  await ensureSchedules(cluster.client, config.TEMPORAL_TASK_QUEUE);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.getState() === 'RUNNING' && worker.shutdown());
  logger.info({ address: cluster.address, taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker polling');
  await worker.run();
  await cluster.close();
  await storage.close();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`dondoc worker: ${err.message}\n`);
    process.exit(2);
  }
  logger.fatal({ err }, 'worker failed');
  process.exit(1);
}
