/**
 * One-stop files at scale: starts N open files (default 50,000) on the embedded Temporal dev server
 * (temporary DATA_DIR, free ports) with a real worker in this process, then prints
 * - files started per second (client starts, `--concurrency` in flight),
 * - files settled per second (each workflow computed its appointment, planned its agenda and wrote
 *   its record for the monthly report: counted in the onestop_files table),
 * - the worker process's memory (RSS and heap) at the end and at its peak,
 * - the time to build the monthly report from all the records.
 *
 * Run: node --import tsx bench/onestop.bench.ts [--files 50000] [--concurrency 200]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../worker/config';
import { openCluster } from '../worker/cluster';
import { createWorker } from '../worker/worker';
import { openStorage } from '../storage';
import { freePort } from '../test/support/ports';
import { parseOneStopFile, type OneStopFile } from '../domain/onestop/file';
import { vietnamDateOf } from '../domain/dates';
import { readMonthlyReport } from '../activities/onestop';
import { FileRecordStore } from '../storage/onestop';
import { fileWorkflowStart } from '../api/onestop';
import { option } from './options';

const FILES = option('files', 50_000);
const CONCURRENCY = option('concurrency', 200);
const AGENCIES = ['Phòng Tài nguyên và Môi trường', 'Phòng Kinh tế và Hạ tầng', 'Phòng Tư pháp', 'Phòng Tài chính - Kế hoạch', 'Chi nhánh Văn phòng Đăng ký đất đai'];

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

function file(i: number, receivedAt: string): OneStopFile {
  const agency = AGENCIES[i % AGENCIES.length]!;
  return parseOneStopFile({
    code: `BENCH-${String(i).padStart(6, '0')}`,
    procedure: { code: '1.009994', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 10 + (i % 10) },
    applicant: { name: `Người nộp ${i}` },
    receivingUnit: 'Bộ phận Một cửa huyện',
    agencies: i % 4 === 0 ? [agency, 'Chi cục Thuế huyện'] : [agency],
    receivedAt,
    jurisdiction: 'tuy-phuoc',
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-bench-onestop-'));
process.env.DATA_DIR = dataDir;
process.env.LOG_LEVEL = 'warn';
const config = loadConfig({
  DATA_DIR: dataDir,
  TEMPORAL_DEV_PORT: String(await freePort()),
  TEMPORAL_UI_PORT: String(await freePort()),
  TEMPORAL_TASK_QUEUE: 'bench-onestop',
  LOG_LEVEL: 'warn',
});
const cluster = await openCluster(config);
const storage = await openStorage(config);
const worker = await createWorker({ connection: cluster.nativeConnection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, config, db: storage.db });
const workerRun = worker.run();

let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 500);

const records = new FileRecordStore(storage.db);
const settled = () => records.count();

console.log(`Starting ${FILES.toLocaleString('en')} open one-stop files (${CONCURRENCY} starts in flight) on the dev server; DATA_DIR ${dataDir}`);
const receivedAt = new Date().toISOString();
const began = performance.now();
let next = 0;
let lastReport = began;
async function starter(): Promise<void> {
  for (;;) {
    const i = next++;
    if (i >= FILES) return;
    const f = file(i, receivedAt);
    await cluster.client.workflow.start('oneStopFileWorkflow', fileWorkflowStart(f, { taskQueue: config.TEMPORAL_TASK_QUEUE }));
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      console.log(`  … ${i + 1} started, ${await settled()} settled, ${((performance.now() - began) / 1000).toFixed(0)} s, RSS ${mb(process.memoryUsage().rss)}`);
    }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, starter));
const startedMs = performance.now() - began;

while ((await settled()) < FILES) {
  await new Promise((r) => setTimeout(r, 1000));
  if (performance.now() - lastReport > 10_000) {
    lastReport = performance.now();
    console.log(`  … ${await settled()} settled, ${((performance.now() - began) / 1000).toFixed(0)} s, RSS ${mb(process.memoryUsage().rss)}`);
  }
}
const settledMs = performance.now() - began;
const memory = process.memoryUsage();
clearInterval(sampler);

const reportBegan = performance.now();
const report = await readMonthlyReport(storage.db, vietnamDateOf(Date.now()).slice(0, 7), { jurisdiction: 'tuy-phuoc' });
const reportMs = performance.now() - reportBegan;

console.log('');
console.log(`files                         ${FILES.toLocaleString('en')}`);
console.log(`started                       ${(startedMs / 1000).toFixed(1)} s  → ${Math.round(FILES / (startedMs / 1000)).toLocaleString('en')} files started/s`);
console.log(`settled (appointment, agenda, record written)  ${(settledMs / 1000).toFixed(1)} s  → ${Math.round(FILES / (settledMs / 1000)).toLocaleString('en')} files settled/s`);
console.log(`worker process memory at end  RSS ${mb(memory.rss)}, heap used ${mb(memory.heapUsed)} of ${mb(memory.heapTotal)}`);
console.log(`worker process memory peak    RSS ${mb(Math.max(peakRss, memory.rss))}, heap used ${mb(Math.max(peakHeap, memory.heapUsed))}`);
console.log(`monthly report over ${report.total.received.toLocaleString('en')} records: ${reportMs.toFixed(0)} ms`);

worker.shutdown();
await workerRun;
await cluster.close();
await storage.close();
rmSync(dataDir, { recursive: true, force: true });
