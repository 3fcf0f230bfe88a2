/**
 * The API over many tasks: starts N task workflows (default 10,000, leads spread over 20 agencies)
 * on the embedded Temporal dev server (temporary DATA_DIR, free ports) with a real worker in this
 * process, waits until visibility lists them all, then prints p50 and p95 of
 * - the task list (first page of 50, and a page further on through the cursor), as a monitor and as an agency
 *   (its own tasks, and filtered by its own part's status through the DondocParts tokens),
 * - the counts by agency, also of open parts, and by status, and the dashboard's overview: from the
 *   task mirror (api/task-mirror.ts), each answer after a poll of visibility that started after it was
 *   asked; the mirror's first listing of every task is timed, with the heap it takes,
 * - a task page (the workflow's state through a query), as an admin and as the lead agency.
 * Requests go through the whole API (authentication, access rules, validation, serialization) with
 * Fastify's inject, so the figures are the server's time without the network.
 * Targets (issue 12): p95 ≤ 50 ms for lists and counts, ≤ 100 ms for a task page.
 *
 * Run: node --import tsx bench/api.bench.ts [--tasks 10000] [--runs 100] [--concurrency 64] [--cluster]
 * `--cluster`: on `npm run cluster`'s Temporal server on PostgreSQL (scripts/cluster-stack.ts, no
 * dondoc processes of its own) instead of the dev server, dondoc's records on its PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../worker/config';
import { openCluster } from '../worker/cluster';
import { createWorker } from '../worker/worker';
import { openStorage } from '../storage';
import { UserStore } from '../storage/accounts';
import { DirectoryStore, shippedDirectory } from '../storage/directory';
import { freePort } from '../test/support/ports';
import { startImport } from '../worker/import-runner';
import { buildApi } from '../api/server';
import { TaskMirror } from '../api/task-mirror';
import { logger } from '../worker/logger';
import type { Plan } from '../domain/plan';
import { benchTask } from './fixtures';
import { option } from './options';
import { startClusterStack } from '../scripts/cluster-stack';

const TASKS = option('tasks', 10_000);
const RUNS = option('runs', 100);
const CONCURRENCY = option('concurrency', 64);
const JURISDICTION = 'thua-thien-hue';

const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-bench-api-'));
process.env.DATA_DIR = dataDir;
process.env.LOG_LEVEL = 'warn';
const stack = process.argv.includes('--cluster') ? await startClusterStack({ workers: 0, apis: 0 }) : undefined;
const config = loadConfig({
  DATA_DIR: dataDir,
  TEMPORAL_DEV_PORT: String(await freePort()),
  TEMPORAL_UI_PORT: String(await freePort()),
  TEMPORAL_TASK_QUEUE: 'bench-api',
  LOG_LEVEL: 'warn',
  ...(stack ? { TEMPORAL_ADDRESS: stack.settings.TEMPORAL_ADDRESS, DATABASE_URL: stack.settings.DATABASE_URL } : {}),
});
const cluster = await openCluster(config);
const storage = await openStorage(config);
const worker = await createWorker({
  connection: cluster.nativeConnection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  config,
  db: storage.db,
});
const workerRun = worker.run();

const directory = shippedDirectory();
const agencies = directory.agencies.filter((a) => a.jurisdiction === JURISDICTION).slice(0, 20);
const plan: Plan = { id: 'bench-api', number: null, issuer: null, jurisdiction: JURISDICTION, issuedOn: null, title: 'Bench API', year: 2030, source: 'bench' };
const tasks = Array.from({ length: TASKS }, (_, i) => {
  const task = benchTask(plan.id, i, `2030-${String((i % 12) + 1).padStart(2, '0')}-15`);
  const lead = agencies[i % agencies.length]!.name;
  return { ...task, lead: [lead], leadText: lead };
});

let api: ReturnType<typeof buildApi> | undefined;
try {
  console.log(
    `Starting ${TASKS.toLocaleString('en')} tasks (${agencies.length} lead agencies, ${CONCURRENCY} starts in flight) on ${stack ? "the cluster stack's Temporal server (PostgreSQL)" : 'the dev server'}; DATA_DIR ${dataDir}`,
  );
  const began = performance.now();
  const report = await startImport(cluster.client, { plan, tasks }, directory, { taskQueue: config.TEMPORAL_TASK_QUEUE, concurrency: CONCURRENCY });
  if (report.failed.length > 0) throw new Error(`${report.failed.length} starts failed: ${report.failed[0]!.error}`);
  const startedMs = performance.now() - began;
  console.log(`  started in ${(startedMs / 1000).toFixed(1)} s; waiting until visibility lists every task with its status`);
  // Visibility is eventually consistent: wait until every task is listed with its status (at most 10 more minutes).
  const waitFrom = performance.now();
  for (let last = 0; ;) {
    const { count } = await cluster.client.workflow.count(`DondocPlan = 'bench-api' AND DondocStatus = 'not_due'`);
    if (count >= TASKS) break;
    if (performance.now() - waitFrom > 600_000) throw new Error(`only ${count} of ${TASKS} tasks visible 10 minutes after the last start`);
    if (performance.now() - last > 10_000) {
      last = performance.now();
      console.log(`  … ${count} visible, ${((performance.now() - began) / 1000).toFixed(0)} s`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  const visibleMs = performance.now() - began;

  const users = new UserStore(storage.db);
  const lead = agencies[0]!.name;
  const tokens = {
    admin: await users.add({ name: 'Quản trị', role: 'admin' }),
    monitor: await users.add({ name: 'Văn phòng UBND tỉnh', role: 'monitor', jurisdiction: JURISDICTION }),
    agency: await users.add({ name: `Cán bộ ${lead}`, role: 'agency', agency: lead }),
  };
  const mirror = new TaskMirror(cluster.client, logger);
  const server = buildApi({
    mirror,
    client: cluster.client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db: storage.db,
    users,
    directory: new DirectoryStore(storage.db),
    logger,
  });
  api = server;
  await server.ready();

  async function get(who: keyof typeof tokens, url: string): Promise<{ ms: number; body: string }> {
    const t0 = performance.now();
    const res = await server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } });
    const ms = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`${url} as ${who}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return { ms, body: res.body };
  }

  // The first overview after the API started: it waits for the mirror's first listing of every task.
  const firstOverviewMs = (await get('monitor', '/api/v1/dashboard/overview')).ms;
  // What one mirror holds: the heap a second one takes for its first listing.
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const probe = new TaskMirror(cluster.client, logger);
  await probe.refresh();
  globalThis.gc?.();
  const mirrorHeap = process.memoryUsage().heapUsed - heapBefore;
  if (probe.size !== TASKS) throw new Error(`probe mirror: ${probe.size} runs`);
  await probe.stop();
  if (!mirror.ready || mirror.size !== TASKS) throw new Error(`mirror: ${mirror.size} runs, expected ${TASKS}`);

  function percentile(values: number[], p: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  }

  const rows: { name: string; p50: number; p95: number; target: number }[] = [];
  /** `pauseMs`: a pause before each timed request (not timed), for requests paced below visibility's rate limit. */
  async function measure(name: string, target: number, call: (i: number) => Promise<unknown>, pace: { runs?: number; pauseMs?: number } = {}): Promise<void> {
    for (let i = 0; i < 5; i++) await call(i); // warm-up
    const times: number[] = [];
    for (let i = 0; i < (pace.runs ?? RUNS); i++) {
      if (pace.pauseMs) await new Promise((r) => setTimeout(r, pace.pauseMs));
      const t0 = performance.now();
      await call(i);
      times.push(performance.now() - t0);
    }
    rows.push({ name, p50: percentile(times, 50), p95: percentile(times, 95), target });
  }

  const second = JSON.parse((await get('monitor', '/api/v1/tasks?limit=50')).body).next as string;
  const ids = (JSON.parse((await get('admin', '/api/v1/tasks?limit=200')).body).tasks as { workflowId: string }[]).map((t) => t.workflowId);
  const leadIds = (JSON.parse((await get('agency', '/api/v1/tasks?limit=200')).body).tasks as { workflowId: string }[]).map((t) => t.workflowId);
  const counts = JSON.parse((await get('monitor', '/api/v1/tasks/counts?by=lead')).body) as { total: number; counts: Record<string, number> };
  if (counts.total !== TASKS) throw new Error(`counts: ${counts.total} tasks, expected ${TASKS}`);
  const byLead = Object.keys(counts.counts).length;
  const openParts = JSON.parse((await get('monitor', '/api/v1/tasks/counts?by=lead&status=open')).body) as { counts: Record<string, number> };
  const openSum = Object.values(openParts.counts).reduce((a, b) => a + b, 0);
  if (openSum !== TASKS) throw new Error(`open parts: ${openSum}, expected ${TASKS} (one lead per task)`);
  const ownOpen = JSON.parse((await get('agency', '/api/v1/tasks?limit=50&status=open')).body) as { tasks: unknown[] };
  if (ownOpen.tasks.length !== Math.min(50, Math.ceil(TASKS / agencies.length))) throw new Error(`own open parts: ${ownOpen.tasks.length} rows`);

  await measure('task list, first page of 50 (monitor)', 50, () => get('monitor', '/api/v1/tasks?limit=50'));
  await measure('task list, a later page through the cursor (monitor)', 50, () => get('monitor', `/api/v1/tasks?limit=50&cursor=${second}`));
  await measure('task list, overdue filter (monitor)', 50, () => get('monitor', '/api/v1/tasks?limit=50&status=overdue'));
  await measure('task list, own tasks (agency)', 50, () => get('agency', '/api/v1/tasks?limit=50'));
  await measure('task list, own open parts (agency, DondocParts)', 50, () => get('agency', '/api/v1/tasks?limit=50&status=open'));
  await measure(`counts by agency (${byLead} agencies, monitor)`, 50, () => get('monitor', '/api/v1/tasks/counts?by=lead'));
  await measure(`counts by agency, open parts (monitor)`, 50, () => get('monitor', '/api/v1/tasks/counts?by=lead&status=open'));
  await measure(`counts by agency, one request a second (monitor)`, 50, () => get('monitor', '/api/v1/tasks/counts?by=lead'), { runs: Math.min(RUNS, 20), pauseMs: 1000 });
  await measure('counts by status (monitor)', 50, () => get('monitor', '/api/v1/tasks/counts?by=status'));
  await measure('counts by status (agency, its own parts)', 50, () => get('agency', '/api/v1/tasks/counts?by=status'));
  await measure('dashboard overview (monitor)', 200, () => get('monitor', '/api/v1/dashboard/overview'));
  await measure('dashboard overview (agency)', 200, () => get('agency', '/api/v1/dashboard/overview'));
  const pollFrom = performance.now();
  for (let i = 0; i < 20; i++) await mirror.refresh();
  const pollMs = (performance.now() - pollFrom) / 20;
  await measure('task page (admin)', 100, (i) => get('admin', `/api/v1/tasks/${encodeURIComponent(ids[i % ids.length]!)}`));
  await measure('task page, own part (agency)', 100, (i) => get('agency', `/api/v1/tasks/${encodeURIComponent(leadIds[i % leadIds.length]!)}`));

  console.log('');
  console.log(
    `tasks                 ${TASKS.toLocaleString('en')} (started in ${(startedMs / 1000).toFixed(1)} s, all visible after ${(visibleMs / 1000).toFixed(1)} s)`,
  );
  console.log(`runs per request      ${RUNS}`);
  console.log(`first overview        ${(firstOverviewMs / 1000).toFixed(2)} s after the API started (the mirror's first listing of every task; target < 1 s)`);
  const heap = globalThis.gc ? `heap ${(mirrorHeap / 1024 / 1024).toFixed(1)} MB` : 'heap not measured (run with node --expose-gc)';
  console.log(`task mirror           ${mirror.size.toLocaleString('en')} runs, ${heap}, a poll with nothing changed ${pollMs.toFixed(1)} ms`);
  for (const r of rows) {
    const ok = r.p95 <= r.target ? 'ok' : 'OVER TARGET';
    console.log(`${r.name.padEnd(56)} p50 ${r.p50.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms   (target p95 ≤ ${r.target} ms: ${ok})`);
  }
} finally {
  // Also after a failure: the dev server is this process's child and must not outlive it.
  await api?.close();
  worker.shutdown();
  await workerRun;
  await cluster.close();
  await storage.close();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
