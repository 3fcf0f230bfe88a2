/** Production API process: serves the API and dashboard against TEMPORAL_ADDRESS. */
import { loadConfig, ConfigError } from '../worker/config';
import { openCluster } from '../worker/cluster';
import { DirectoryStore } from '../activities/directory-store';
import { logger } from '../worker/logger';
import { buildApi } from './server';
import { UserStore } from './auth';
import { restrictNewFiles } from '../worker/data-dir';

try {
  restrictNewFiles();
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS) throw new ConfigError('invalid configuration:\n  TEMPORAL_ADDRESS="": the API process needs a cluster address (npm start runs the embedded default)');
  const cluster = await openCluster(config);
  const api = buildApi({
    client: cluster.client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    users: UserStore.open(config.DATA_DIR),
    directory: new DirectoryStore(config.DATA_DIR),
    logger,
    dataDir: config.DATA_DIR,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void api.close().then(() => cluster.close()));
  await api.listen({ host: config.API_HOST, port: config.API_PORT });
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`dondoc api: ${err.message}\n`);
    process.exit(2);
  }
  logger.fatal({ err }, 'api failed');
  process.exit(1);
}
