/**
 * dondoc's worker beside a bare Temporal workflow (bench/baseline/), on one dev server, each worker
 * in its own process with the same settings (issue 17; the cluster proof, issue 18, shares the
 * baseline). Each side in turn:
 * 1. starts `--open` workflows that sleep for a year: starts per second, worker RSS with them open,
 *    worker CPU per armed workflow;
 * 2. starts `--firing` workflows whose one timer is due at the same instant: timer lateness (p50,
 *    p99) of the work they do then (dondoc: the reminder in the outbox; baseline: a line appended to
 *    a file), worker CPU per fired timer, peak RSS.
 * Prints each side's figures and dondoc ÷ baseline, with the issue's targets.
 *
 *   npm run bench -- worker-cost [--open 2000] [--firing 1000] [--rounds 1]
 *   node --import tsx bench/worker-cost.bench.ts [--open 2000] [--firing 1000] [--rounds 1]
 *   node --import tsx bench/worker-cost.bench.ts --open 10000 --firing 5000
 *   node --import tsx bench/worker-cost.bench.ts --sides dondoc --sqlite-pragma journal_mode=WAL
 *   node --import tsx bench/worker-cost.bench.ts --database server   (dondoc's records on a PostgreSQL server)
 *   node --import tsx bench/worker-cost.bench.ts --cluster --database server   (on `npm run cluster`'s stack: Temporal's server on PostgreSQL)
 *   node --import tsx bench/worker-cost.bench.ts --sides dondoc --profile /tmp/prof   (a CPU profile of the side's worker)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../worker/config';
import { openCluster } from '../worker/cluster';
import { addDays, vietnamDateOf } from '../domain/dates';
import { benchStartContents, startBenchPlan } from './fixtures';
import { freePort } from '../test/support/ports';
import { startPostgres, type PostgresServer } from '../test/support/postgres';
import { firedTimes } from './baseline/activities';
import { startClusterStack } from '../scripts/cluster-stack';
import type { SideMessage, SideStats } from './side-worker';

const { values } = parseArgs({
  options: {
    open: { type: 'string', default: '2000' },
    firing: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '64' },
    sides: { type: 'string', default: 'baseline,dondoc' },
    'sqlite-pragma': { type: 'string', multiple: true, default: [] },
    /** Where dondoc's side keeps its records: the embedded database (as `npm start`) or a PostgreSQL server. */
    database: { type: 'string', default: 'embedded' },
    /** Temporal's full server on PostgreSQL (scripts/cluster-stack.ts, no dondoc processes) instead of the dev server. */
    cluster: { type: 'boolean', default: false },
    /** Writes a V8 CPU profile of each side's worker process into this directory (`--cpu-prof`). */
    profile: { type: 'string' },
    /**
     * What the baseline's starts carry: nothing but the time (plain), dondoc's memo and search
     * attributes (attributes), and dondoc's input too (full), to tell the cost of a start's content
     * from the cost of dondoc's workflow.
     */
    'baseline-start': { type: 'string', default: 'plain' },
  },
});
const baselineStart = values['baseline-start'];
if (!['plain', 'attributes', 'full'].includes(baselineStart)) throw new Error(`--baseline-start: plain, attributes or full, not ${baselineStart}`);
const sides = values.sides.split(',').filter((s): s is Side => s === 'baseline' || s === 'dondoc');
const openCount = Number(values.open);
const firingCount = Number(values.firing);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);

process.env.LOG_LEVEL ??= 'warn';
const root = mkdtempSync(join(tmpdir(), 'dondoc-cost-'));
const stack = values.cluster ? await startClusterStack({ workers: 0, apis: 0 }) : undefined;
const config = loadConfig({ DATA_DIR: root, TEMPORAL_DEV_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()), LOG_LEVEL: 'warn', ...(stack ? { TEMPORAL_ADDRESS: stack.settings.TEMPORAL_ADDRESS } : {}) });
const cluster = await openCluster(config, { sqlitePragmas: values['sqlite-pragma'] });
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Temporal: ${stack ? `server on PostgreSQL at ${cluster.address}` : 'dev server (SQLite)'}; open ${openCount}, firing ${firingCount}, rounds ${rounds}; dondoc's records: ${values.database}; baseline starts: ${baselineStart}${values['sqlite-pragma'].length ? `, SQLite ${values['sqlite-pragma'].join(' ')}` : ''}`);

type Side = 'baseline' | 'dondoc';
type Figures = { startsPerSecond: number; machineCpuPerStartMs: number; serverCpuPerStartMs: number; rssOpenMiB: number; peakRssMiB: number; cpuPerArmedMs: number; cpuPerFiredMs: number; latenessP50: number; latenessP99: number; delivered: number };

// ---- one side's worker process ----------------------------------------------------------------

let server: Promise<PostgresServer> | undefined;
/** A PostgreSQL server for `--database server`, started once. */
function postgres(): Promise<PostgresServer> {
  server ??= stack ? Promise.resolve(stack.postgres) : startPostgres({ name: 'bench' });
  return server;
}

class SideProcess {
  private waiting: { resolve: (m: SideMessage) => void; reject: (e: Error) => void }[] = [];
  private exited = false;
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: SideMessage) => this.waiting.shift()?.resolve(m));
    child.once('exit', (code) => {
      this.exited = true;
      for (const w of this.waiting.splice(0)) w.reject(new Error(`side worker exited (${code})`));
    });
  }

  static async start(side: Side, taskQueue: string, dir: string): Promise<SideProcess> {
    const args = ['--side', side, '--address', cluster.address, '--namespace', config.TEMPORAL_NAMESPACE, '--task-queue', taskQueue, '--data-dir', dir, '--file', join(dir, 'fired.log')];
    const databaseUrl = side === 'dondoc' && values.database === 'server' ? await (await postgres()).createDatabase() : undefined;
    const env = { ...process.env, DATA_DIR: dir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
    const profile = values.profile ? ['--cpu-prof', '--cpu-prof-interval=10000', `--cpu-prof-dir=${join(values.profile, side)}`] : [];
    const child = fork(fileURLToPath(new URL('./side-worker.ts', import.meta.url)), args, { execArgv: ['--import', 'tsx', ...profile], env });
    const side_ = new SideProcess(child);
    await side_.next();
    return side_;
  }

  private next(): Promise<SideMessage> {
    if (this.exited) return Promise.reject(new Error('side worker exited'));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** dondoc: when each reminder of the firing workflows `id` was sent (its outbox is in the side's process). */
  async delivered(id: string): Promise<number[]> {
    const reply = this.next();
    this.child.send({ type: 'delivered', id });
    return ((await reply) as { times: number[] }).times;
  }

  async stats(): Promise<SideStats> {
    const reply = this.next();
    this.child.send({ type: 'stats' });
    return (await reply) as SideStats;
  }

  /**
   * Waits until the worker has done what it was given: under 2% of a core for 3 s in a row (6% when
   * profiled: V8's profiler threads alone take a few percent).
   */
  async idle(limitMs = 600_000): Promise<SideStats> {
    const until = Date.now() + limitMs;
    let last = await this.stats();
    for (let quiet = 0; quiet < 3 && Date.now() < until; ) {
      await sleep(1_000);
      const now = await this.stats();
      quiet = now.cpuMs - last.cpuMs < (values.profile ? 60 : 20) ? quiet + 1 : 0;
      last = now;
    }
    return last;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'stop' });
    await exited;
  }
}

// ---- starting workflows -----------------------------------------------------------------------

/** Starts `count` workflows, one side's way; returns the plan id (dondoc) or id prefix (baseline). */
async function startMany(side: Side, client: Client, taskQueue: string, name: string, count: number, fireAt: Date): Promise<string> {
  if (side === 'dondoc') return startBenchPlan(client, name, count, fireAt, { taskQueue, concurrency });
  const queue = Array.from({ length: count }, (_, i) => i);
  const contentOf = baselineStart === 'plain' ? undefined : benchStartContents(name, fireAt);
  const startOne = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      const content = contentOf?.(i);
      await client.workflow.start('baselineWorkflow', {
        taskQueue,
        workflowId: `${name}:${i}`,
        args: [fireAt.getTime(), ...(baselineStart === 'full' ? [content!.input] : [])],
        ...(content ? { memo: content.memo, typedSearchAttributes: content.typedSearchAttributes } : {}),
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, startOne));
  return name;
}

/** When each fired workflow's work was done (epoch ms). */
async function deliveredTimes(side: Side, worker: SideProcess, dir: string, id: string): Promise<number[]> {
  if (side === 'dondoc') return worker.delivered(id);
  const file = join(dir, 'fired.log');
  return existsSync(file) ? firedTimes(readFileSync(file, 'utf8'), `${id}:`) : [];
}

// ---- one run of one side ----------------------------------------------------------------------

async function measure(side: Side, round: number): Promise<Figures> {
  const dir = join(root, `${side}-${round}`);
  mkdirSync(dir, { recursive: true });
  const taskQueue = `cost-${side}-${round}`;
  const worker = await SideProcess.start(side, taskQueue, dir);
  try {
    const s0 = await worker.idle();

    // 1. Open workflows, sleeping for a year.
    const far = new Date(`${addDays(vietnamDateOf(Date.now()), 365)}T01:00:00Z`);
    const machine0 = machineBusyMs();
    const client0 = process.cpuUsage();
    let began = performance.now();
    await startMany(side, cluster.client, taskQueue, `cost-open-${side}-${round}`, openCount, far);
    const startsPerSecond = openCount / ((performance.now() - began) / 1000);
    const s1 = await worker.idle();
    const machineMs = machineBusyMs() - machine0;
    const clientUsage = process.cpuUsage(client0);
    const clientMs = (clientUsage.user + clientUsage.system) / 1000;

    // 2. Timers due at one instant (a whole minute: dondoc's office hour is HH:MM), after the starts.
    const margin = (firingCount / startsPerSecond) * 1.5 * 1000 + 30_000;
    const fireAt = new Date(Math.ceil((Date.now() + margin) / 60_000) * 60_000);
    began = performance.now();
    const id = await startMany(side, cluster.client, taskQueue, `cost-fire-${side}-${round}`, firingCount, fireAt);
    await worker.idle(Math.max(1_000, fireAt.getTime() - Date.now() - 3_000));
    if (Date.now() > fireAt.getTime() - 1_000) console.warn(`  ${side}: the firing workflows were not all armed before the instant`);
    await sleep(Math.max(0, fireAt.getTime() - 1_000 - Date.now()));
    const s2 = await worker.stats();
    // The delivered times are read once the worker is idle, after its CPU is measured: dondoc's are
    // read from its outbox in the worker's process, and that reading is the bench's work, not dondoc's.
    let s3 = s2;
    let times: number[] = [];
    for (const until = fireAt.getTime() + 15 * 60_000; Date.now() < until && times.length < firingCount; ) {
      await sleep(2_000);
      s3 = await worker.idle(Math.max(1_000, until - Date.now()));
      times = await deliveredTimes(side, worker, dir, id);
    }
    const lateness = times.map((t) => (t - fireAt.getTime()) / 1000).sort((a, b) => a - b);
    const pct = (p: number) => lateness[Math.min(lateness.length - 1, Math.floor((p / 100) * lateness.length))] ?? NaN;
    return {
      startsPerSecond,
      machineCpuPerStartMs: machineMs / openCount,
      serverCpuPerStartMs: (machineMs - clientMs - (s1.cpuMs - s0.cpuMs)) / openCount,
      rssOpenMiB: s1.rssMiB,
      peakRssMiB: s3.peakRssMiB,
      cpuPerArmedMs: (s1.cpuMs - s0.cpuMs) / openCount,
      cpuPerFiredMs: (s3.cpuMs - s2.cpuMs) / firingCount,
      latenessP50: pct(50),
      latenessP99: pct(99),
      delivered: times.length,
    };
  } finally {
    await worker.stop();
  }
}

// ---- report -----------------------------------------------------------------------------------

const metrics: { key: keyof Figures; label: string; format: (v: number) => string; target?: { op: '≤' | '≥'; ratio: number } }[] = [
  { key: 'startsPerSecond', label: 'starts/s', format: (v) => v.toFixed(0), target: { op: '≥', ratio: 0.9 } },
  { key: 'machineCpuPerStartMs', label: 'machine CPU per start, all processes (ms)', format: (v) => v.toFixed(2) },
  { key: 'serverCpuPerStartMs', label: 'of which Temporal and the databases (ms)', format: (v) => v.toFixed(2) },
  { key: 'latenessP50', label: 'timer lateness p50 (s)', format: (v) => v.toFixed(1) },
  { key: 'latenessP99', label: 'timer lateness p99 (s)', format: (v) => v.toFixed(1), target: { op: '≤', ratio: 1.1 } },
  { key: 'rssOpenMiB', label: `worker RSS, ${openCount} open (MiB)`, format: (v) => v.toFixed(0), target: { op: '≤', ratio: 1.5 } },
  { key: 'peakRssMiB', label: 'worker RSS, peak (MiB)', format: (v) => v.toFixed(0) },
  { key: 'cpuPerArmedMs', label: 'CPU per armed workflow (ms)', format: (v) => v.toFixed(2), target: { op: '≤', ratio: 1.5 } },
  { key: 'cpuPerFiredMs', label: 'CPU per fired timer (ms)', format: (v) => v.toFixed(2), target: { op: '≤', ratio: 1.5 } },
];

/** The middle value; with an even count, the mean of the two middle ones (two rounds: their mean, not the lower). */
function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
}
const results: Record<Side, Figures[]> = { baseline: [], dondoc: [] };
try {
  for (let round = 1; round <= rounds; round++) {
    // Every side leaves its workflows open on the server, so the side that runs second finds a larger
    // database: the order alternates (baseline, dondoc, dondoc, baseline, …) so that neither always pays it.
    for (const side of round % 2 === 1 ? sides : [...sides].reverse()) {
      const figures = await measure(side, round);
      results[side].push(figures);
      console.log(`round ${round} ${side}: ${metrics.map((m) => `${m.label} ${m.format(figures[m.key])}`).join('; ')}; delivered ${figures.delivered}/${firingCount}`);
    }
  }
  console.log(`\n| metric | baseline | dondoc | dondoc ÷ baseline | target |\n| --- | --- | --- | --- | --- |`);
  for (const m of sides.length === 2 ? metrics : []) {
    const b = median(results.baseline.map((f) => f[m.key]));
    const d = median(results.dondoc.map((f) => f[m.key]));
    const ratio = d / b;
    const met = m.target ? ((m.target.op === '≤' ? ratio <= m.target.ratio : ratio >= m.target.ratio) ? 'met' : 'NOT met') : '';
    console.log(`| ${m.label} | ${m.format(b)} | ${m.format(d)} | ${ratio.toFixed(2)} | ${m.target ? `${m.target.op} ${m.target.ratio} ${met}` : ''} |`);
  }
} finally {
  await cluster.close();
  if (server && !stack) await (await server).stop();
  await stack?.stop();
  rmSync(root, { recursive: true, force: true });
}

/**
 * CPU time the whole machine spent busy (user, nice, system, irq, softirq, steal; /proc/stat, in
 * ticks of 10 ms): with the client's and the worker's own time taken out, what Temporal's server and
 * the databases spent. NaN where there is no /proc.
 */
function machineBusyMs(): number {
  if (!existsSync('/proc/stat')) return NaN;
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) * 10;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
