/**
 * The baseline worker, with dondoc's worker settings (worker/worker.ts: cached workflows, default
 * everything else), so that the difference measured is the workflow code and its activities.
 */
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createBaselineActivities } from './activities';

const BASELINE_WORKFLOWS_PATH = fileURLToPath(new URL('./workflows.ts', import.meta.url));

export async function createBaselineWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Where the activity appends its lines. */
  file: string;
  maxCachedWorkflows?: number;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await baselineBundle(),
    activities: createBaselineActivities(options.file),
    maxCachedWorkflows: options.maxCachedWorkflows ?? 1_000,
  });
}

/** The baseline's workflow code, bundled in this process as the SDK does by default. */
export function baselineBundle(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath: BASELINE_WORKFLOWS_PATH, logger: quietBundlerLogger });
}

const quiet = () => undefined;
const quietBundlerLogger = { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error };
