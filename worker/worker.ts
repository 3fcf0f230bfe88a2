/** The dondoc worker: task and file workflows plus their activities, on one task queue. */
import { Worker, NativeConnection, type BundleOptions, type WorkflowBundle } from '@temporalio/worker';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createActivities } from '../activities';
import type { Database } from '../storage';
import { installTemporalLogger, logger, PinoTemporalLogger } from './logger';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export const PRELOAD_PATH = fileURLToPath(new URL('../workflows/preload.ts', import.meta.url));

/**
 * How the worker bundles its workflow code; shared with test/unit/workflow-preload.test.ts, which
 * checks that the preload really lands in the bundle.
 *
 * `preloadModules` are evaluated once per worker and shared by every workflow instead of once per
 * workflow: zod and the domain modules the workflows use (workflows/preload.ts). Not `'zod'`
 * itself: zod's package.json declares `sideEffects`, so the bundler turned a bare zod preload into
 * an empty function. Shared modules are frozen and a frozen zod schema fails on first use, so the
 * domain's schemas are built lazily, unfrozen, and then shared (domain/lazy.ts). Benchmark, 2,000
 * open tasks on 2 cores: worker RSS 1,950 MiB before, about 850 MiB after (bench/worker-cost.bench.ts).
 */
export function workflowBundleOptions(): BundleOptions {
  return {
    workflowsPath: WORKFLOWS_PATH,
    preloadModules: [PRELOAD_PATH],
    logger: new PinoTemporalLogger(logger.child({ component: 'bundler' }), 'warn'),
  };
}

/**
 * Activities one worker runs at once. The worker's database pool has room for a statement of each
 * of them (sends share statements: storage/group-commit.ts) plus the local activities (the one-stop
 * record writes, and the reminders a workflow's own timer sends, which hold a connection only for
 * each statement) and, in `npm start`, the API.
 */
export const MAX_CONCURRENT_ACTIVITIES = 20;
export const WORKER_DATABASE_POOL = MAX_CONCURRENT_ACTIVITIES + 10;

let bundle: Promise<WorkflowBundle> | undefined;

/**
 * Workflow code bundled once per process (webpack takes a few seconds), in a child process
 * (worker/bundle-workflows.mjs): webpack done in this process left about 50 MiB in its heap for good.
 * Benchmark, 2,000 open tasks on 2 cores: worker RSS 860–875 MiB before, 733–819 MiB after
 * (bench/worker-cost.bench.ts; issue 17).
 */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleApart();
  return bundle;
}

const BUNDLE_SCRIPT = fileURLToPath(new URL('./bundle-workflows.mjs', import.meta.url));

async function bundleApart(): Promise<WorkflowBundle> {
  const { workflowsPath, preloadModules } = workflowBundleOptions();
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BUNDLE_SCRIPT, JSON.stringify({ workflowsPath, preloadModules })], {
      maxBuffer: 256 * 2 ** 20,
      timeout: 300_000,
    });
    for (const line of stderr.split('\n').filter((l) => l.trim() !== '')) logger.warn({ component: 'bundler', output: line }, 'workflow bundler');
    return { code: stdout };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`the workflow code could not be bundled${stderr ? `: ${stderr.split('\n').slice(-5).join(' ')}` : ''}`, { cause: error });
  }
}

export async function createWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  config: { DASHBOARD_URL?: string };
  db: Database;
  maxCachedWorkflows?: number;
}): Promise<Worker> {
  installTemporalLogger();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities(options.config, options.db),
    // Most tasks sleep for weeks: keep a bounded number in memory; the others are replayed from
    // their (short) histories when they wake.
    maxCachedWorkflows: options.maxCachedWorkflows ?? 1_000,
    maxConcurrentActivityTaskExecutions: MAX_CONCURRENT_ACTIVITIES,
  });
}
