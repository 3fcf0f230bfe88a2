/**
 * A dondoc worker in its own process, for tests that kill it for real:
 *   node --import tsx test/support/worker-process.ts <temporal address> <task queue> <data dir>
 * Prints "ready" once it polls.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { workflowBundle } from '../../worker/worker';
import { createActivities } from '../../activities';

const [address, taskQueue, dataDir] = process.argv.slice(2) as [string, string, string];
process.env.DATA_DIR = dataDir;
const connection = await NativeConnection.connect({ address });
// No workflow cache, so no sticky task queue: after a kill, the Java time-skipping server would
// otherwise wait for the dead worker's sticky queue in server time, which does not pass while it waits.
// Every workflow task is then a full replay of the history, which is what this process is for.
const worker = await Worker.create({
  connection,
  taskQueue,
  workflowBundle: await workflowBundle(),
  activities: createActivities({ DATA_DIR: dataDir }),
  maxCachedWorkflows: 0,
});
process.stdout.write('ready\n');
await worker.run();
