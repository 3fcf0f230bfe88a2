/**
 * A real Temporal time-skipping test server (the Java one from Maven Central, or the SDK's download)
 * with a real dondoc worker: real activities, dondoc's records in a fresh database on the test
 * file's real PostgreSQL server (test/support/databases.ts).
 */
import { afterEach, beforeEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { startPatiently, timeSkippingServerConfig } from '../../worker/temporal-binaries';
import { workflowBundle } from '../../worker/worker';
import { createActivities } from '../../activities';
import { installTemporalLogger } from '../../worker/logger';
import { ensureSearchAttributes } from '../../worker/temporal';
import { openDatabase, type Database } from '../../storage/database';
import { testDatabaseUrl } from './databases';

export type Harness = {
  env: TestWorkflowEnvironment;
  dataDir: string;
  /** dondoc's records (outbox, digest queue, one-stop records) for this harness alone. */
  db: Database;
  /** The same database, for a worker in another process. */
  databaseUrl: string;
  taskQueue: string;
  /** Moves the server clock to a Vietnam date and time, "2037-01-09 09:00" (timers fire on the way). */
  until(vietnam: string): Promise<void>;
  /** Runs fn while a worker polls; the worker stops afterwards. `options` add to the worker's. */
  withWorker<T>(fn: () => Promise<T>, options?: Partial<WorkerOptions>): Promise<T>;
  newWorker(options?: Partial<WorkerOptions>): Promise<Worker>;
  close(): Promise<void>;
};

let counter = 0;

/** How long a clock move may take in real time before the harness says what holds the clock. */
const STUCK_AFTER_MS = 40_000;

/**
 * The test server moves its clock only while no workflow task or activity is in flight. When a move
 * takes long in real time, something holds it: print every open workflow's pending workflow task
 * and activities (attempt, last failure), so a hung test names its cause.
 *
 * When nothing is in flight and the clock still does not move, the test server has kept a lock it
 * should have released (its known lock-count bugs: an activity timed out or abandoned while the
 * machine was slow, sdk-java#1138 and #2246). The harness then releases one lock and says so: the
 * workflows under test are not touched, and a release with no lock held is refused by the server.
 */
async function reportIfStuck(env: TestWorkflowEnvironment, target: string, move: Promise<void>): Promise<void> {
  let moved = false;
  const watch = (async () => {
    for (;;) {
      await new Promise((r) => setTimeout(r, STUCK_AFTER_MS).unref());
      if (moved) return;
      try {
        const { text, idle } = await describeOpenWorkflows(env);
        console.error(`[time-skipping] the clock has not reached ${target} after ${STUCK_AFTER_MS / 1000} s; open workflows:\n${text}`);
        if (idle && !moved && env.connection.testService) {
          await env.connection.testService.unlockTimeSkipping({});
          console.error('[time-skipping] nothing in flight: released a time-skipping lock the test server had kept');
        }
      } catch (error) {
        console.error(`[time-skipping] the clock has not reached ${target}; ${String(error)}`);
      }
    }
  })();
  try {
    await move;
  } finally {
    moved = true;
    void watch;
  }
}

async function describeOpenWorkflows(env: TestWorkflowEnvironment): Promise<{ text: string; idle: boolean }> {
  const namespace = env.namespace ?? 'default';
  const service = env.client.workflowService;
  const open = await service.listOpenWorkflowExecutions({ namespace, maximumPageSize: 200 });
  const lines: string[] = [];
  let idle = true;
  for (const info of open.executions) {
    const execution = info.execution!;
    const d = await service.describeWorkflowExecution({ namespace, execution });
    const task = d.pendingWorkflowTask;
    if (task || (d.pendingActivities ?? []).length > 0) idle = false;
    lines.push(`- ${execution.workflowId}: workflow task ${task ? `state ${task.state} attempt ${task.attempt}` : 'none'}`);
    for (const a of d.pendingActivities ?? []) {
      lines.push(`    activity ${a.activityType?.name} state ${a.state} attempt ${a.attempt} last failure: ${a.lastFailure?.message ?? '-'}`);
    }
  }
  return { text: lines.join('\n') || '(none)', idle };
}

export async function startTimeSkipping(): Promise<Harness> {
  installTemporalLogger();
  const env = await startPatiently('the time-skipping test server', async () =>
    TestWorkflowEnvironment.createTimeSkipping({ server: await timeSkippingServerConfig() }),
  );
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-test-'));
  process.env.DATA_DIR = dataDir;
  const databaseUrl = await testDatabaseUrl();
  const storage = await openDatabase({ databaseUrl, dataDir });
  const taskQueue = `test-${process.pid}-${++counter}`;
  const bundle = await workflowBundle();
  const newWorker = (options: Partial<WorkerOptions> = {}) =>
    Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: createActivities({}, storage.db),
      ...options,
    });
  return {
    env,
    dataDir,
    db: storage.db,
    databaseUrl,
    taskQueue,
    newWorker,
    async until(vietnam) {
      const target = Date.parse(`${vietnam.replace(' ', 'T')}:00+07:00`);
      const now = await env.currentTimeMs();
      if (target > now) await reportIfStuck(env, vietnam, env.sleep(target - now));
    },
    async withWorker(fn, options) {
      const worker = await newWorker(options);
      return worker.runUntil(fn);
    },
    async close() {
      await env.teardown();
      await storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh harness for each test of the file, handed to `use` (`let h: Harness; harnessPerTest((x) => (h = x), ANCHOR)`),
 * its clock moved to `at` (epoch ms) when given; closed after the test.
 */
export function harnessPerTest(use: (h: Harness) => void, at?: number): void {
  let current: Harness | undefined;
  beforeEach(async () => {
    current = await startTimeSkipping();
    use(current);
    if (at !== undefined) await current.env.sleep(at - (await current.env.currentTimeMs()));
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
}
