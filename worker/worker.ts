/** The dondoc worker: task and file workflows plus their activities, on one task queue. */
import { Worker, NativeConnection, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities } from '../activities';
import type { Config } from './config';
import { installTemporalLogger, logger, PinoTemporalLogger } from './logger';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * Modules evaluated once and shared by every workflow instead of once per workflow. zod's own code
 * is stateless; our schemas cannot be shared (zod binds methods on first use, and shared modules
 * are frozen), so they are built lazily instead (domain/lazy.ts). Together: half the memory per
 * cached workflow (benchmark: 2.8 GB → 1.4 GB RSS for 3,000 workflows).
 */
const SHARED_MODULES = ['zod'];

let bundle: Promise<WorkflowBundle> | undefined;

/** Workflow code bundled once per process (webpack takes a few seconds). */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    preloadModules: SHARED_MODULES,
    logger: new PinoTemporalLogger(logger.child({ component: 'bundler' }), 'warn'),
  });
  return bundle;
}

export async function createWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  config: Pick<Config, 'DATA_DIR'> & { DASHBOARD_URL?: string };
  maxCachedWorkflows?: number;
}): Promise<Worker> {
  installTemporalLogger();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities(options.config),
    // Most tasks sleep for weeks: keep a bounded number in memory; the others are replayed from
    // their (short) histories when they wake.
    maxCachedWorkflows: options.maxCachedWorkflows ?? 1_000,
  });
}
