/**
 * A dondoc worker in its own process, for tests that kill it for real:
 *   node --import tsx test/support/worker-process.ts <temporal address> <task queue> <database url>
 * Prints "ready" once it polls.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { workflowBundle } from '../../worker/worker';
import { createActivities } from '../../activities';
import { openStorage } from '../../storage';

const [address, taskQueue, databaseUrl] = process.argv.slice(2) as [string, string, string];
const storage = await openStorage({ DATABASE_URL: databaseUrl, DATA_DIR: process.env.DATA_DIR ?? 'data' });
const connection = await NativeConnection.connect({ address });
// No workflow cache, so no sticky task queue: after a kill, the Java time-skipping server would
// otherwise wait for the dead worker's sticky queue in server time, which does not pass while it waits.
// Every workflow task is then a full replay of the history, which is what this process is for.
const worker = await Worker.create({
  connection,
  taskQueue,
  workflowBundle: await workflowBundle(),
  activities: createActivities({}, storage.db),
  maxCachedWorkflows: 0,
});
process.stdout.write('ready\n');
await worker.run();
