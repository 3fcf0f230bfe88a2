/**
 * Cost per open workflow on `npm run cluster`'s stack (Temporal's server on PostgreSQL, one dondoc
 * worker process): starts open one-stop files and open tasks in steps and, after each step has
 * settled, measures the worker's RSS, the CPU the worker and the Temporal server spent, and the size
 * of Temporal's two databases and dondoc's. Prints one row per step and the cost per workflow of
 * each step, to show whether it grows linearly (docs/scaling.md uses these figures).
 *
 *   node --import tsx bench/cluster-scale.bench.ts [--files 10000] [--tasks 4000] [--steps 4] [--concurrency 64]
 */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { startClusterStack } from '../scripts/cluster-stack';
import { parseOneStopFile } from '../domain/onestop/file';
import { TaskPolicySchema } from '../domain/policy';
import { addDays, vietnamDateOf } from '../domain/dates';
import type { Plan } from '../domain/plan';
import { startImport } from '../worker/import-runner';
import { shippedDirectory } from '../storage/directory';
import { fileWorkflowStart } from '../api/onestop';
import { benchTask } from './fixtures';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '10000' },
    tasks: { type: 'string', default: '4000' },
    steps: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '64' },
  },
});
const FILES = Number(values.files);
const TASKS = Number(values.tasks);
const STEPS = Number(values.steps);
const CONCURRENCY = Number(values.concurrency);
const AGENCIES = ['Phòng Tài nguyên và Môi trường', 'Phòng Kinh tế và Hạ tầng', 'Phòng Tư pháp', 'Phòng Tài chính - Kế hoạch', 'Chi nhánh Văn phòng Đăng ký đất đai'];
const TICK = 100; // clock ticks per second (Linux)

const stack = await startClusterStack({ workers: 1, apis: 0, progress: (l) => console.error(`[cluster] ${l}`) });
const connection = await Connection.connect({ address: stack.settings.TEMPORAL_ADDRESS });
const client = new Client({ connection, namespace: stack.settings.TEMPORAL_NAMESPACE });
const admin = new pg.Client({ connectionString: stack.postgres.url });
await admin.connect();
const taskQueue = stack.settings.TEMPORAL_TASK_QUEUE;
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ${FILES} files and ${TASKS} tasks in ${STEPS} steps; Temporal ${stack.settings.TEMPORAL_ADDRESS} on PostgreSQL, 1 worker process`);

/** RSS (MiB) and CPU (ms, user + system) of a process, from /proc. */
function processStats(pid: number | undefined): { rssMiB: number; cpuMs: number } {
  if (pid === undefined) return { rssMiB: NaN, cpuMs: NaN };
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICK;
  return { rssMiB: rssKb / 1024, cpuMs };
}

async function sizes(): Promise<Record<'temporal' | 'visibility' | 'dondoc', number>> {
  const { rows } = await admin.query<{ datname: string; bytes: string }>(`SELECT datname, pg_database_size(datname) AS bytes FROM pg_database WHERE datname IN ('temporal', 'temporal_visibility', 'dondoc')`);
  const of = (name: string) => Number(rows.find((r) => r.datname === name)?.bytes ?? NaN) / 2 ** 20;
  return { temporal: of('temporal'), visibility: of('temporal_visibility'), dondoc: of('dondoc') };
}

async function settledFiles(): Promise<number> {
  const dondoc = new pg.Client({ connectionString: stack.settings.DATABASE_URL });
  await dondoc.connect();
  try {
    return Number((await dondoc.query<{ n: string }>('SELECT count(*) AS n FROM onestop_files')).rows[0]!.n);
  } finally {
    await dondoc.end();
  }
}

/** Waits until the worker and the server are quiet: under 3% of a core together for 5 s in a row. */
async function quiet(): Promise<void> {
  let last = processStats(stack.workers[0]!.pid()).cpuMs + processStats(stack.temporal.pid()).cpuMs;
  for (let calm = 0; calm < 5; ) {
    await new Promise((r) => setTimeout(r, 1_000));
    const now = processStats(stack.workers[0]!.pid()).cpuMs + processStats(stack.temporal.pid()).cpuMs;
    calm = now - last < 30 ? calm + 1 : 0;
    last = now;
  }
}

async function startFiles(from: number, to: number): Promise<void> {
  const receivedAt = new Date().toISOString();
  let next = from;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < to; i = next++) {
        const agency = AGENCIES[i % AGENCIES.length]!;
        const file = parseOneStopFile({
          code: `SCALE-${String(i).padStart(7, '0')}`,
          procedure: { code: '1.009994', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 10 + (i % 10) },
          applicant: { name: `Người nộp ${i}` },
          receivingUnit: 'Bộ phận Một cửa huyện',
          agencies: i % 4 === 0 ? [agency, 'Chi cục Thuế huyện'] : [agency],
          receivedAt,
          jurisdiction: 'tuy-phuoc',
        });
        await client.workflow.start('oneStopFileWorkflow', fileWorkflowStart(file, { taskQueue: taskQueue }));
      }
    }),
  );
}

async function startTasks(step: number, count: number): Promise<void> {
  const plan: Plan = { id: `scale-${step}`, number: null, issuer: null, jurisdiction: 'thua-thien-hue', issuedOn: null, title: `Scale ${step}`, year: 2030, source: 'bench' };
  const due = addDays(vietnamDateOf(Date.now()), 365);
  const report = await startImport(client, { plan, tasks: Array.from({ length: count }, (_, i) => benchTask(plan.id, i, due)) }, shippedDirectory(), {
    taskQueue,
    policy: TaskPolicySchema.parse({}),
    concurrency: CONCURRENCY,
  });
  if (report.failed.length) throw new Error(`${report.failed.length} task starts failed: ${report.failed[0]!.error}`);
}

type Row = { files: number; tasks: number; seconds: number; workerRss: number; workerCpu: number; serverRss: number; serverCpu: number; temporal: number; visibility: number; dondoc: number };
const rows: Row[] = [];
const sample = async (files: number, tasks: number, seconds: number): Promise<Row> => {
  const w = processStats(stack.workers[0]!.pid());
  const s = processStats(stack.temporal.pid());
  return { files, tasks, seconds, workerRss: w.rssMiB, workerCpu: w.cpuMs, serverRss: s.rssMiB, serverCpu: s.cpuMs, ...(await sizes()) };
};

try {
  await quiet();
  rows.push(await sample(0, 0, 0));
  const r0 = rows[0]!;
  console.log(`idle: worker RSS ${r0.workerRss.toFixed(0)} MiB, server RSS ${r0.serverRss.toFixed(0)} MiB; databases temporal ${r0.temporal.toFixed(1)} MiB, visibility ${r0.visibility.toFixed(1)} MiB, dondoc ${r0.dondoc.toFixed(1)} MiB`);
  for (let step = 1; step <= STEPS; step++) {
    const files = Math.round((FILES * step) / STEPS);
    const tasks = Math.round((TASKS * step) / STEPS);
    const began = performance.now();
    await startFiles(rows.at(-1)!.files, files);
    await startTasks(step, tasks - rows.at(-1)!.tasks);
    while ((await settledFiles()) < files) await new Promise((r) => setTimeout(r, 1_000));
    await quiet();
    rows.push(await sample(files, tasks, (performance.now() - began) / 1000));
    const r = rows.at(-1)!;
    console.log(`step ${step}: ${files} files + ${tasks} tasks open after ${r.seconds.toFixed(0)} s; worker RSS ${r.workerRss.toFixed(0)} MiB, server RSS ${r.serverRss.toFixed(0)} MiB; databases temporal ${r.temporal.toFixed(1)} MiB, visibility ${r.visibility.toFixed(1)} MiB, dondoc ${r.dondoc.toFixed(1)} MiB`);
  }
  console.log('\n| open files + tasks | starts/s | worker RSS (MiB) | server RSS (MiB) | temporal DB (MiB) | visibility DB (MiB) | dondoc DB (MiB) | per workflow this step: worker CPU (ms), server CPU (ms), DB (KiB), worker RSS (KiB) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1]!, rows[i]!];
    const n = b.files + b.tasks - (a.files + a.tasks);
    const db = (b.temporal + b.visibility + b.dondoc - (a.temporal + a.visibility + a.dondoc)) * 1024;
    console.log(
      `| ${b.files} + ${b.tasks} | ${(n / b.seconds).toFixed(0)} | ${b.workerRss.toFixed(0)} | ${b.serverRss.toFixed(0)} | ${b.temporal.toFixed(1)} | ${b.visibility.toFixed(1)} | ${b.dondoc.toFixed(1)} | ${((b.workerCpu - a.workerCpu) / n).toFixed(2)}, ${((b.serverCpu - a.serverCpu) / n).toFixed(2)}, ${(db / n).toFixed(1)}, ${(((b.workerRss - a.workerRss) * 1024) / n).toFixed(1)} |`,
    );
  }
} finally {
  await admin.end();
  await connection.close();
  await stack.stop();
}
