/** dondoc end to end on a real dev server: cluster, worker and API in this process, on free ports. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Worker } from '@temporalio/worker';
import { loadConfig, type Config } from '../../worker/config';
import { openCluster, type Cluster } from '../../worker/cluster';
import { createWorker } from '../../worker/worker';
import { ensureSchedules } from '../../worker/schedules';
import { openStorage, type DatabaseHandle } from '../../storage';
import { DirectoryStore } from '../../storage/directory';
import { UserStore } from '../../storage/accounts';
import { buildApi } from '../../api/server';
import { logger } from '../../worker/logger';
import { freePort } from './ports';

export type Stack = {
  cluster: Cluster;
  worker: Worker;
  workerRun: Promise<void>;
  api: FastifyInstance;
  /** dondoc's database: the embedded one under DATA_DIR, or config.DATABASE_URL. */
  storage: DatabaseHandle;
  users: UserStore;
  directory: DirectoryStore;
};

/** A configuration with its own data directory, ports and task queue; DATA_DIR is exported for activities. */
export async function stackConfig(name: string): Promise<Config> {
  const dataDir = mkdtempSync(join(tmpdir(), `dondoc-${name}-`));
  process.env.DATA_DIR = dataDir;
  return loadConfig({ DATA_DIR: dataDir, TEMPORAL_DEV_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()), TEMPORAL_TASK_QUEUE: `dondoc-${name}` });
}

/** Opens the database, the cluster, a worker and the API; accounts are made with `stack.users.add`. */
export async function startStack(config: Config): Promise<Stack> {
  const storage = await openStorage(config);
  const users = new UserStore(storage.db);
  const directory = new DirectoryStore(storage.db);
  const cluster = await openCluster(config);
  const worker = await createWorker({ connection: cluster.nativeConnection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, config, db: storage.db });
  const workerRun = worker.run();
  await ensureSchedules(cluster.client, config.TEMPORAL_TASK_QUEUE);
  const api = buildApi({ client: cluster.client, taskQueue: config.TEMPORAL_TASK_QUEUE, db: storage.db, users, directory, logger });
  await api.listen({ host: '127.0.0.1', port: 0 });
  return { cluster, worker, workerRun, api, storage, users, directory };
}

export async function stopStack(stack: Stack): Promise<void> {
  await stack.api.close();
  if (stack.worker.getState() === 'RUNNING') stack.worker.shutdown();
  await stack.workerRun;
  await stack.cluster.close();
  await stack.storage.close();
}

/** Polls fn until ok (visibility is eventually consistent), at most timeoutMs; returns the last value. */
export async function eventually<T>(fn: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}
