/** Production API process: serves the API and dashboard against TEMPORAL_ADDRESS. */
import { loadConfig, ConfigError } from '../worker/config';
import { openCluster } from '../worker/cluster';
import { openStorage } from '../storage';
import { DirectoryStore } from '../storage/directory';
import { UserStore } from '../storage/accounts';
import { logger } from '../worker/logger';
import { buildApi } from './server';
import { restrictNewFiles } from '../worker/data-dir';

try {
  restrictNewFiles();
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS) throw new ConfigError('invalid configuration:\n  TEMPORAL_ADDRESS="": the API process needs a cluster address (npm start runs the embedded default)');
  if (!config.DATABASE_URL) throw new ConfigError('invalid configuration:\n  DATABASE_URL="": the API process needs a PostgreSQL server (npm start runs the embedded default)');
  const storage = await openStorage(config, { logger });
  const cluster = await openCluster(config);
  const api = buildApi({
    client: cluster.client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db: storage.db,
    users: new UserStore(storage.db),
    directory: new DirectoryStore(storage.db),
    logger,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void api.close().then(() => cluster.close()).then(() => storage.close()));
  await api.listen({ host: config.API_HOST, port: config.API_PORT });
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`dondoc api: ${err.message}\n`);
    process.exit(2);
  }
  logger.fatal({ err }, 'api failed');
  process.exit(1);
}
