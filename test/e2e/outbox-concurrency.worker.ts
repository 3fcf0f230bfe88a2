/**
 * A worker process of test/e2e/outbox-concurrency.test.ts: the real notification activities on the
 * shared PostgreSQL (DATABASE_URL), sending over SMTP_URL, polling TASK_QUEUE at TEMPORAL_ADDRESS.
 * Prints "ready" once it polls.
 */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createNotificationActivities } from '../../activities/notifications';
import { openStorage } from '../../storage';
import { testDirectory } from '../notifications.support';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const storage = await openStorage({ DATABASE_URL: env('DATABASE_URL'), DATA_DIR: env('DATA_DIR') }, { poolSize: 50 });
const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
const directory = testDirectory();
const worker = await Worker.create({
  connection,
  taskQueue: env('TASK_QUEUE'),
  workflowBundle: await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./outbox-concurrency.workflows.ts', import.meta.url)), logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } }),
  activities: createNotificationActivities({ db: storage.db, directory: async () => directory, config: { smtpUrl: env('SMTP_URL') }, logger: pino({ level: 'silent' }) }),
  maxConcurrentActivityTaskExecutions: 50,
});
process.stdout.write('ready\n');
await worker.run();
await storage.close();
