/**
 * Where Temporal is: a cluster at TEMPORAL_ADDRESS (production), or the embedded dev server with
 * its SQLite file under DATA_DIR (the default), started here and stopped with us.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Config } from './config';
import { devServerExecutable, startPatiently } from './temporal-binaries';
import { ensureSearchAttributes } from './temporal';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { installTemporalLogger, logger } from './logger';

export type Cluster = {
  address: string;
  client: Client;
  connection: Connection;
  nativeConnection: NativeConnection;
  /** Web UI of the embedded dev server. */
  uiUrl?: string;
  close(): Promise<void>;
};

export type ClusterOptions = {
  /** SQLite pragmas for the embedded dev server ("journal_mode=WAL"): for measurements (bench/worker-cost.bench.ts). */
  sqlitePragmas?: string[];
};

export async function openCluster(config: Config, options: ClusterOptions = {}): Promise<Cluster> {
  installTemporalLogger();
  if (config.TEMPORAL_ADDRESS) {
    const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    const nativeConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
    await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
    return {
      address: config.TEMPORAL_ADDRESS,
      client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }),
      connection,
      nativeConnection,
      close: async () => {
        await nativeConnection.close();
        await connection.close();
      },
    };
  }
  // Owner only: the SQLite file holds every task's and file's history (applicants' ID numbers included).
  mkdirSync(config.DATA_DIR, { recursive: true, mode: 0o700 });
  const dbFilename = join(config.DATA_DIR, 'temporal.sqlite');
  logger.info({ port: config.TEMPORAL_DEV_PORT }, 'starting the embedded Temporal dev server');
  const env = await startPatiently('the Temporal dev server', () =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: devServerExecutable(),
        dbFilename,
        ip: '127.0.0.1',
        port: config.TEMPORAL_DEV_PORT,
        ui: true,
        uiPort: config.TEMPORAL_UI_PORT,
        namespace: config.TEMPORAL_NAMESPACE,
        searchAttributes: ALL_SEARCH_ATTRIBUTES,
        log: { format: 'json', level: 'warn' },
        extraArgs: [
          // Lists and counts read visibility, limited by default to 10 requests a second per namespace.
          ...['--dynamic-config-value', 'frontend.namespaceRPS.visibility=100'],
          ...(options.sqlitePragmas ?? []).flatMap((p) => ['--sqlite-pragma', p]),
        ],
      },
    }),
  );
  // The dev server creates the file with its own umask: make sure it and its journal are 0600.
  for (const suffix of ['', '-wal', '-shm', '-journal']) if (existsSync(dbFilename + suffix)) chmodSync(dbFilename + suffix, 0o600);
  await ensureSearchAttributes(env.connection, config.TEMPORAL_NAMESPACE);
  return {
    address: `127.0.0.1:${config.TEMPORAL_DEV_PORT}`,
    client: new Client({ connection: env.connection, namespace: config.TEMPORAL_NAMESPACE }),
    connection: env.connection,
    nativeConnection: env.nativeConnection,
    uiUrl: `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`,
    close: () => env.teardown(),
  };
}
