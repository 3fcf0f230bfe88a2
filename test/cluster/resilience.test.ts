/**
 * `npm run test:resilience`: faults on `npm run cluster`'s stack (Temporal's server on PostgreSQL, two
 * worker processes, two API processes, an SMTP sink), each during a burst of reminders that real
 * timers fire at one instant (the policy's office hour set a minute or two ahead):
 * - the SMTP server down for two minutes across a burst (first: its retries, 30 s, 1 min, 2 min, 4 min
 *   apart, must not push other bursts' retries past the end);
 * - the Temporal server SIGKILLed while the burst is sent, with tasks and one-stop files open, then
 *   started again: every workflow is still running;
 * - PostgreSQL SIGKILLed (crash, then recovery) during a burst;
 * - the workers SIGKILLed one after the other, again and again, during a burst;
 * - an API replica SIGKILLed with intake requests in flight: each request got a result or an error,
 *   and none left a half-done file.
 * At the end every message the ledger sent arrived exactly once; a second copy only of a message
 * whose sender died between the SMTP server's 250 and recording it (attempts > 1, docs/messages.md).
 * Sizes (RESILIENCE_SCALE, default 1): 200 reminders (SMTP), 600 + 300 open files (Temporal), 400
 * (PostgreSQL), 600 (workers), 60 intake requests (API).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarWorkingToday, eventually, expectExactlyOnce, outboxRows, startTestCluster, type TestCluster } from './support';
import { planTask } from '../support/tasks';
import { addDays, vietnamDateOf } from '../../domain/dates';
import { TaskPolicySchema } from '../../domain/policy';
import type { Plan } from '../../domain/plan';
import { DirectoryStore } from '../../storage/directory';
import { startImport } from '../../worker/import-runner';

const SCALE = Number(process.env.RESILIENCE_SCALE ?? 1);
const size = (n: number) => Math.max(10, Math.round(n * SCALE));
const calendar = calendarWorkingToday();
const today = vietnamDateOf(Date.now());
const LEADS = ['Sở Tư pháp', 'Sở Nội vụ', 'Sở Tài chính', 'Sở Xây dựng', 'Sở Giáo dục và Đào tạo'];
const dmy = (iso: string) => iso.split('-').reverse().join('/');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Burst = { planId: string; count: number; at: Date; importMs: number };

describe('faults on the cluster stack, nothing lost and nothing doubled', () => {
  let cluster: TestCluster;
  let admin: string;
  const bursts: Record<string, Burst> = {};
  let openFiles: string[] = [];
  const log = (line: string) => console.info(`[resilience ${new Date().toISOString().slice(11, 19)}] ${line}`);

  /**
   * Starts `count` tasks of a plan of their own, each owing one reminder at the same instant: the
   * next minute at least `leadMs` ahead (after the starts are done), the day before its due date.
   */
  async function burst(name: string, count: number, leadMs: number): Promise<Burst> {
    const planId = `kh-chiu-loi-${name}`;
    const at = new Date(Math.ceil((Date.now() + leadMs) / 60_000) * 60_000);
    const officeHour = new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(11, 16);
    const due = calendar.addWorkingDays(today, 1);
    const plan: Plan = { id: planId, number: null, issuer: 'UBND tỉnh Thừa Thiên Huế', jurisdiction: 'thua-thien-hue', issuedOn: '2026-01-05', title: `Kế hoạch kiểm thử chịu lỗi ${name}`, year: 2026, source: 'resilience' };
    const tasks = Array.from({ length: count }, (_, i) =>
      planTask({
        planId,
        ref: String(i + 1),
        lead: [LEADS[i % LEADS.length]!],
        activity: `Nhiệm vụ kiểm thử chịu lỗi ${name} số ${i + 1}`,
        deadlineText: `Trước ngày ${dmy(addDays(due, 1))}`,
        schedule: { text: `Trước ngày ${dmy(addDays(due, 1))}`, kind: 'once', due, milestones: [due], recurrence: null, parts: [], explanation: `Hạn cuối: ${dmy(due)}` },
      }),
    );
    const started = Date.now();
    const report = await startImport(cluster.client, { plan, tasks }, await new DirectoryStore(cluster.db.db).load(), {
      policy: TaskPolicySchema.parse({ officeHour, reminderOffsets: [1] }),
      taskQueue: cluster.stack.settings.TEMPORAL_TASK_QUEUE,
      concurrency: 32,
    });
    const importMs = Date.now() - started;
    expect(report.failed).toEqual([]);
    expect(report.started).toHaveLength(count);
    // Every task must be waiting for the instant, or its reminder would be a missed one (not sent late).
    expect(Date.now()).toBeLessThan(at.getTime() - 5_000);
    const b = { planId, count, at, importMs };
    bursts[name] = b;
    log(`${name}: ${count} tasks started in ${importMs} ms; their reminders fire at ${at.toISOString()}`);
    return b;
  }

  const processes = () => [...cluster.stack.workers, ...cluster.stack.apis];
  const untilInstant = (b: Burst, offsetMs = 0) => sleep(Math.max(0, b.at.getTime() + offsetMs - Date.now()));
  const sentOf = async (b: Burst) => (await outboxRows(cluster.db, `task:${b.planId}:`)).filter((r) => r.status === 'sent').length;

  async function intake(replica: number, code: string, receivedAt = new Date().toISOString()) {
    return cluster.call(replica, admin, 'POST', '/api/one-stop/files', {
      code,
      procedure: { code: '1.001234', name: 'Đăng ký kết hôn', workingDays: 5 },
      applicant: { name: 'Trần Thị Bích', email: 'bich@example.vn', phone: '0905111222', idNumber: '052090004321' },
      receivingUnit: 'Bộ phận Một cửa huyện',
      agencies: ['Phòng Nội vụ'],
      receivedAt,
    });
  }

  /** One-stop files received now through both API replicas (no message is due for them yet). */
  async function receiveFiles(count: number): Promise<string[]> {
    const files = Array.from({ length: count }, (_, n) => `H57.22-CL-${Date.now()}-${n}`);
    const began = Date.now();
    await inParallel(files, 16, async (code) => {
      const res = await intake(replicaFor(code), code);
      expect(res.status, res.text).toBe(201);
    });
    log(`${files.length} one-stop files received through both API replicas in ${Date.now() - began} ms`);
    return files;
  }

  async function inParallel<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
    const queue = [...items];
    await Promise.all(Array.from({ length: concurrency }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }));
  }

  beforeAll(async () => {
    cluster = await startTestCluster();
    admin = await cluster.account({ name: 'Quản trị', role: 'admin' });
  }, 300_000);
  afterAll(async () => {
    await cluster?.close();
  });

  it(`the SMTP server down for two minutes across a burst of ${size(200)} reminders`, async () => {
    const b = await burst('smtp', size(200), 25_000);
    await untilInstant(b, -5_000);
    await cluster.stack.smtp.down();
    const downAt = Date.now();
    // Meanwhile (nothing else sends): the one-stop files and the next burst are started.
    const files = receiveFiles(size(300));
    const next = files.then(() => burst('temporal', size(600), Math.max(30_000, b.at.getTime() + 117_000 - Date.now())));
    await untilInstant(b, 115_000);
    const during = await sentOf(b);
    await cluster.stack.smtp.up();
    log(`SMTP down for ${Date.now() - downAt} ms: ${during} of ${b.count} recorded sent meanwhile`);
    expect(during).toBe(0);
    openFiles = await files;
    await next;
  });

  it(`Temporal server SIGKILLed during a burst of ${size(600)} reminders with ${size(300)} one-stop files open, then restarted: every workflow resumes`, async () => {
    const b = bursts.temporal!;
    expect(b).toBeDefined();
    await untilInstant(b, 3_000);
    const before = await sentOf(b);
    await cluster.stack.temporal.kill();
    const killedAt = Date.now();
    await sleep(5_000);
    await cluster.stack.temporal.restart();
    log(`Temporal SIGKILLed 3 s after the instant (${before} of ${b.count} sent), back in ${Date.now() - killedAt} ms`);
    const tasks = await eventually(() => cluster.client.workflow.count(`DondocPlan = "${b.planId}" AND ExecutionStatus = "Running"`).then((c) => c.count), (n) => n === b.count);
    expect(tasks).toBe(b.count);
    const open = await eventually(() => cluster.client.workflow.count(`DondocType = "file" AND ExecutionStatus = "Running"`).then((c) => c.count), (n) => n >= openFiles.length);
    expect(open).toBe(openFiles.length);
    // Every file's workflow answers after the restart (a sample of 20).
    for (const code of openFiles.slice(0, 20)) expect((await cluster.client.workflow.getHandle(`file:${code}`).describe()).status.name).toBe('RUNNING');
  });

  it(`PostgreSQL SIGKILLed during a burst of ${size(400)} reminders, then started again (crash recovery)`, async () => {
    const b = await burst('postgres', size(400), 30_000);
    await untilInstant(b, 2_000);
    const before = await sentOf(b);
    await cluster.stack.postgres.kill();
    await sleep(5_000);
    await cluster.stack.postgres.restart();
    log(`PostgreSQL SIGKILLed 2 s after the instant (${before} of ${b.count} sent), started again`);
    const health = await eventually(() => cluster.call(1, admin, 'GET', '/healthz').catch(() => ({ json: undefined })), (r) => r.json?.ok === true && r.json?.database?.reachable === true);
    expect(health.json).toMatchObject({ ok: true, temporal: { reachable: true }, database: { reachable: true } });
    // Every worker and API process is there (the supervisor restarts one that exited on its own).
    await eventually(async () => processes().every((p) => p.pid() !== undefined), (all) => all, 60_000);
    expect(processes().every((p) => p.pid() !== undefined)).toBe(true);
  });

  it(`workers SIGKILLed one after the other, again and again, during a burst of ${size(600)} reminders`, async () => {
    const b = await burst('workers', size(600), 30_000);
    await untilInstant(b, 1_000);
    // Every 8 s the next worker is SIGKILLed and started again in the background (a worker takes
    // 10–30 s to bundle its workflows and poll here), until most of the burst is out or 90 s.
    const kills: string[] = [];
    const starting = new Map<string, Promise<void>>();
    const until = Date.now() + 90_000;
    for (let n = 0; Date.now() < until && (kills.length < 4 || (await sentOf(b)) < b.count * 0.8); n++) {
      const worker = cluster.stack.workers[n % cluster.stack.workers.length]!;
      await starting.get(worker.name);
      kills.push(`${worker.name}@${await sentOf(b)}`);
      await worker.kill('SIGKILL');
      starting.set(worker.name, worker.start());
      await sleep(8_000);
    }
    await Promise.all(starting.values());
    log(`workers SIGKILLed ${kills.length} times (name@reminders sent so far): ${kills.join(', ')}`);
    expect(kills.length).toBeGreaterThanOrEqual(4);
  });

  it('an API replica SIGKILLed with intake requests in flight: each got a result or an error, none left a half-done file, a retry completes each once', async () => {
    const codes = Array.from({ length: 60 }, (_, n) => `H57.22-API-${Date.now()}-${n}`);
    // A client retries with the same request.
    const receivedAt = new Date().toISOString();
    const outcome = new Map<string, string>();
    const api = cluster.stack.apis[0]!;
    let done = 0;
    const killer = (async () => {
      while (done < 15) await sleep(5);
      await api.kill('SIGKILL');
    })();
    await inParallel(codes, 20, async (code) => {
      try {
        const res = await intake(0, code, receivedAt);
        outcome.set(code, String(res.status));
      } catch (error) {
        outcome.set(code, `error: ${(error as Error).cause ? String((error as Error).cause) : String(error)}`.slice(0, 80));
      }
      done++;
    });
    await killer;
    const counts = [...outcome.values()].reduce<Record<string, number>>((acc, o) => ((acc[o.startsWith('error') ? 'error' : o] = (acc[o.startsWith('error') ? 'error' : o] ?? 0) + 1), acc), {});
    log(`API replica 1 SIGKILLed after ${done >= 15 ? 15 : done} answers: ${JSON.stringify(counts)}`);
    // A result (201), or an error: the connection dropped by the kill, or a 5xx (the surviving
    // intake started the file but its worker, busy after the previous faults, did not answer the
    // query for the file's view in time). Never a 4xx: nothing the client sent was wrong.
    expect(Object.keys(counts).filter((k) => k !== '201' && k !== 'error' && !k.startsWith('5'))).toEqual([]);
    expect(counts.error ?? 0).toBeGreaterThan(0);
    const failed = (o: string) => o !== '201';

    // Through the surviving replica: a file is there in full (workflow and record) or not at all.
    const state = async () => {
      const rows = new Set((await cluster.db.db.selectFrom('onestop_files').select('code').where('code', 'in', codes).execute()).map((r) => r.code));
      const workflows = new Set<string>();
      for (const code of codes) {
        try {
          await cluster.client.workflow.getHandle(`file:${code}`).describe();
          workflows.add(code);
        } catch {
          // not started
        }
      }
      return { rows, workflows };
    };
    const settled = await eventually(state, (s) => s.rows.size === s.workflows.size && [...s.rows].every((c) => s.workflows.has(c)), 30_000, 1_000);
    expect([...settled.workflows].filter((c) => !settled.rows.has(c))).toEqual([]);
    expect([...settled.rows].filter((c) => !settled.workflows.has(c))).toEqual([]);
    for (const [code, o] of outcome) if (o === '201') expect(settled.workflows.has(code)).toBe(true);

    // The clients retry what failed on the other replica: created now, or found as it was.
    for (const [code, o] of outcome) {
      if (!failed(o)) continue;
      const again = await intake(1, code, receivedAt);
      expect([200, 201], again.text).toContain(again.status);
      expect(again.status === 200).toBe(settled.workflows.has(code));
    }
    expect((await cluster.db.db.selectFrom('onestop_files').select('code').where('code', 'in', codes).execute())).toHaveLength(codes.length);
    await api.start();
  });

  it('every reminder of every burst arrived exactly once; each second copy is explained', async () => {
    const all = Object.values(bursts);
    const total = all.reduce((n, b) => n + b.count, 0);
    const done = await eventually(
      async () => Promise.all(all.map(sentOf)),
      (sent) => sent.every((n, i) => n === all[i]!.count),
      300_000,
      5_000,
    );
    const summary = Object.fromEntries(all.map((b, i) => [b.planId, { reminders: b.count, sent: done[i], importMs: b.importMs }]));
    const rows = await outboxRows(cluster.db, 'task:kh-chiu-loi-');
    const reclaimed = rows.filter((r) => r.attempts > 1);
    const delivery = await expectExactlyOnce(cluster);
    const lastArrival = Math.max(...cluster.stack.smtp.messages.map((m) => m.receivedAt));
    log(`done: ${JSON.stringify(summary)}; ${total} reminders; claimed more than once: ${reclaimed.length}; delivery ${JSON.stringify(delivery)}; last arrival ${new Date(lastArrival).toISOString()}`);
    const crashes = processes().flatMap((p) => p.crashes.map((c) => ({ process: p.name, at: c.at, code: c.code, signal: c.signal, error: c.tail.split('\n').filter((l) => /"level":(50|60)|Error/.test(l)).slice(-2).map((l) => l.slice(0, 600)) })));
    log(`processes that exited on their own (restarted by the supervisor): ${crashes.length}${crashes.length ? `\n${JSON.stringify(crashes, null, 1)}` : ''}`);
    expect(done).toEqual(all.map((b) => b.count));
    expect(rows.filter((r) => r.kind === 'reminder' && r.status === 'sent')).toHaveLength(total);
    expect(delivery.secondCopies).toBe(delivery.secondCopiesOfReclaimed);
    expect(crashes).toEqual([]);
  });
});

/** Spreads requests over both replicas by the code's last digit. */
function replicaFor(code: string): number {
  return Number(code.slice(-1)) % 2;
}
