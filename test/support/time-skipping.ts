/**
 * A real Temporal time-skipping test server (the Java one from Maven Central, or the SDK's download)
 * with a real dondoc worker: real activities, outbox in a temporary DATA_DIR.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { timeSkippingServerConfig } from '../../worker/temporal-binaries';
import { workflowBundle } from '../../worker/worker';
import { createActivities } from '../../activities';
import { installTemporalLogger } from '../../worker/logger';
import { ensureSearchAttributes } from '../../worker/temporal';

export type Harness = {
  env: TestWorkflowEnvironment;
  dataDir: string;
  taskQueue: string;
  /** Runs fn while a worker polls; the worker stops afterwards. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  newWorker(): Promise<Worker>;
  close(): Promise<void>;
};

let counter = 0;

export async function startTimeSkipping(): Promise<Harness> {
  installTemporalLogger();
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: await timeSkippingServerConfig() });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-test-'));
  process.env.DATA_DIR = dataDir;
  const taskQueue = `test-${process.pid}-${++counter}`;
  const bundle = await workflowBundle();
  const newWorker = () =>
    Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: createActivities({ DATA_DIR: dataDir }),
    });
  return {
    env,
    dataDir,
    taskQueue,
    newWorker,
    async withWorker(fn) {
      const worker = await newWorker();
      return worker.runUntil(fn);
    },
    close: () => env.teardown(),
  };
}
