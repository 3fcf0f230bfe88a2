/**
 * Task workflows on the Temporal dev server (SQLite), with a real worker and the outbox:
 * 1. workflows started per second for N tasks (default 10,000) through the import runner;
 * 2. the lateness (p50, p99) of M reminders (default 5,000) all due at the same minute.
 *
 *   node --import tsx bench/workflows.bench.ts [--tasks 10000] [--reminders 5000]
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../worker/config';
import { openCluster } from '../worker/cluster';
import { createWorker } from '../worker/worker';
import { startImport } from '../worker/import-runner';
import { openStorage } from '../storage';
import { DirectoryStore } from '../storage/directory';
import { TaskPolicySchema } from '../domain/policy';
import { addDays, vietnamDateOf } from '../domain/dates';
import type { Plan } from '../domain/plan';
import { benchTask } from './fixtures';
import { freePort } from '../test/support/ports';

const { values } = parseArgs({ options: { tasks: { type: 'string', default: '10000' }, reminders: { type: 'string', default: '5000' } } });
const taskCount = Number(values.tasks);
const reminderCount = Number(values.reminders);

process.env.LOG_LEVEL ??= 'warn';
const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-bench-'));
process.env.DATA_DIR = dataDir;
const config = loadConfig({ DATA_DIR: dataDir, TEMPORAL_DEV_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()), LOG_LEVEL: 'warn' });
const cluster = await openCluster(config);
const storage = await openStorage(config);
const worker = await createWorker({ connection: cluster.nativeConnection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, config, db: storage.db });
const running = worker.run();
const directory = await new DirectoryStore(storage.db).load();

const plan = (id: string): Plan => ({ id, number: null, issuer: null, jurisdiction: 'thua-thien-hue', issuedOn: null, title: `Bench ${id}`, year: 2030, source: 'bench' });

// 1. Start rate: tasks due in a year (no reminder fires during the run).
const farDue = addDays(vietnamDateOf(Date.now()), 365);
const startPlan = plan('bench-start');
const startTasks = Array.from({ length: taskCount }, (_, i) => benchTask(startPlan.id, i, farDue));
let began = performance.now();
const report = await startImport(cluster.client, { plan: startPlan, tasks: startTasks }, directory, { taskQueue: config.TEMPORAL_TASK_QUEUE, concurrency: 64 });
const startSeconds = (performance.now() - began) / 1000;
console.log(`workflows started: ${report.started.length} in ${startSeconds.toFixed(1)} s = ${(report.started.length / startSeconds).toFixed(0)} per second (failed: ${report.failed.length})`);

// 2. Reminder lateness: every task reminds on its due day at the same minute, about 2 minutes from now.
const fireAt = new Date(Math.ceil((Date.now() + 120_000) / 60_000) * 60_000);
const vn = new Date(fireAt.getTime() + 7 * 3_600_000);
const officeHour = `${String(vn.getUTCHours()).padStart(2, '0')}:${String(vn.getUTCMinutes()).padStart(2, '0')}`;
const today = vietnamDateOf(fireAt);
const policy = TaskPolicySchema.parse({ reminderOffsets: [0], officeHour });
const reminderPlan = plan('bench-reminders');
began = performance.now();
await startImport(cluster.client, { plan: reminderPlan, tasks: Array.from({ length: reminderCount }, (_, i) => benchTask(reminderPlan.id, i, today)) }, directory, {
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  policy,
  concurrency: 64,
});
console.log(`reminder tasks started: ${reminderCount} in ${((performance.now() - began) / 1000).toFixed(1)} s; all remind at ${fireAt.toISOString()}`);

const records = join(dataDir, 'outbox', 'records');
const sentAt = (): number[] => {
  const times: number[] = [];
  for (const name of readdirSync(records, { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.json'))) {
    const record = JSON.parse(readFileSync(join(records, name.name), 'utf8')) as { key: string; sentAt: string | null };
    if (record.key.includes('task:bench-reminders:') && record.sentAt) times.push(Date.parse(record.sentAt));
  }
  return times;
};
const deadline = fireAt.getTime() + 15 * 60_000;
let times: number[] = [];
while (Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 15_000));
  try {
    times = sentAt();
  } catch {
    times = [];
  }
  if (times.length >= reminderCount) break;
}
const lateness = times.map((t) => (t - fireAt.getTime()) / 1000).sort((a, b) => a - b);
const pct = (p: number) => lateness[Math.min(lateness.length - 1, Math.floor((p / 100) * lateness.length))] ?? NaN;
console.log(`reminders delivered: ${lateness.length} of ${reminderCount}; lateness p50 ${pct(50).toFixed(1)} s, p99 ${pct(99).toFixed(1)} s, max ${(lateness.at(-1) ?? NaN).toFixed(1)} s`);
const mem = process.memoryUsage();
console.log(`worker process memory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);

worker.shutdown();
await running;
await cluster.close();
await storage.close();
