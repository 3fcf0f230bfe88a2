/**
 * dondoc end to end on `npm run cluster`'s stack: Temporal's server on PostgreSQL (SQL visibility
 * with dondoc's search attributes), two worker processes, two API processes, a real SMTP sink. The
 * clock is real: reminders fire from real timers (the policy's office hour set two minutes ahead),
 * a task due weeks ago and a file past its appointment owe their escalations at once
 * (domain/catch-up.ts). Every message that goes out arrives once, checked against the outbox ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { calendarWorkingToday, eventually, expectExactlyOnce, outboxRows, startTestCluster, type TestCluster } from './support';
import { planTask } from '../support/tasks';
import { addDays, vietnamDateOf } from '../../domain/dates';
import type { Plan, Task } from '../../domain/plan';
import { DirectoryStore } from '../../storage/directory';
import { startImport } from '../../worker/import-runner';
import { TaskPolicySchema } from '../../domain/policy';

const calendar = calendarWorkingToday();
const today = vietnamDateOf(Date.now());
const plan: Plan = {
  id: 'kh-cum-may-chu-2026',
  number: '01/KH-UBND',
  issuer: 'UBND tỉnh Thừa Thiên Huế',
  jurisdiction: 'thua-thien-hue',
  issuedOn: '2026-01-05',
  title: 'Kế hoạch kiểm thử trên cụm máy chủ năm 2026',
  year: 2026,
  source: 'cluster',
};
const dmy = (iso: string) => iso.split('-').reverse().join('/');
const dueTask = (ref: string, lead: string, due: string): Task =>
  planTask({
    planId: plan.id,
    ref,
    lead: [lead],
    activity: `Nhiệm vụ kiểm thử trên cụm máy chủ ${ref}`,
    deadlineText: `Trước ngày ${dmy(addDays(due, 1))}`,
    schedule: { text: `Trước ngày ${dmy(addDays(due, 1))}`, kind: 'once', due, milestones: [due], recurrence: null, parts: [], explanation: `Hạn cuối: ${dmy(due)}` },
  });

describe('dondoc on the cluster stack (Temporal on PostgreSQL, 2 workers, 2 APIs)', () => {
  let cluster: TestCluster;
  let admin: string;

  beforeAll(async () => {
    cluster = await startTestCluster();
    admin = await cluster.account({ name: 'Quản trị', role: 'admin' });
  }, 300_000);
  afterAll(async () => {
    if (cluster) console.info(`[cluster e2e] delivery ${JSON.stringify(await expectExactlyOnce(cluster).catch((e) => String(e)))}`);
    await cluster?.close();
  });

  it('both API replicas see Temporal, the database and both workers polling', async () => {
    for (const replica of [0, 1]) {
      const health = await eventually(() => cluster.call(replica, admin, 'GET', '/healthz'), (r) => r.json?.worker?.pollers >= 2);
      expect(health.json).toMatchObject({ ok: true, temporal: { reachable: true }, worker: { polling: true, taskQueue: 'dondoc' }, database: { reachable: true } });
      expect(health.json.worker.pollers).toBeGreaterThanOrEqual(2);
    }
  });

  it('imports a real plan through one replica: every message it owes now goes out and arrives; the other replica finds every task already there', async () => {
    const seed = readFileSync(new URL('../../plans/3322-QD-UBND-2024-thua-thien-hue.txt', import.meta.url));
    const preview = await cluster.call(0, admin, 'POST', '/api/plans?filename=3322.txt&dryRun=true', seed);
    expect(preview.status).toBe(200);
    const announced = preview.json.preview.messages as number;

    const started = Date.now();
    const first = await cluster.call(0, admin, 'POST', '/api/plans?filename=3322.txt', seed);
    expect(first.status).toBe(201);
    expect(first.json.started).toHaveLength(38);
    const second = await cluster.call(1, admin, 'POST', '/api/plans?filename=3322.txt', seed);
    expect(second.status).toBe(200);
    expect(second.json.unchanged).toHaveLength(38);

    // Done when the ledger stops growing and holds nothing unsent.
    let last = -1;
    const rows = await eventually(
      async () => {
        const now = await outboxRows(cluster.db, 'task:3322-qd-ubnd-2024:');
        const settled = now.length === last && now.every((r) => r.status === 'sent');
        last = now.length;
        return { now, settled };
      },
      (r) => r.settled,
      240_000,
      5_000,
    );
    console.info(`[cluster e2e] plan 3322: ${rows.now.length} messages sent (import preview said ${announced}) within ${Date.now() - started} ms`);
    expect(rows.settled).toBe(true);
    expect(rows.now.length).toBeGreaterThan(100);
    const received = new Set(cluster.stack.smtp.messages.map((m) => m.messageId));
    expect(rows.now.filter((r) => !received.has(r.message_id))).toEqual([]);

    // Visibility on PostgreSQL answers dondoc's filters on its custom search attributes, from either replica.
    const overdue = await eventually(
      () => cluster.call(1, admin, 'GET', '/api/tasks?plan=3322-qd-ubnd-2024&status=overdue'),
      (r) => r.json?.tasks?.length > 10,
    );
    expect(overdue.json.tasks.every((t: { status: string }) => t.status === 'overdue')).toBe(true);
  });

  it('reminders fire on time from real timers: one by mail at once, one held for an agency in digest mode', async () => {
    // The reminder goes out at the policy's office hour on the working day before the due date:
    // the office hour is set two minutes ahead and the due date to the next working day.
    expect(calendar.isWorkingDay(today)).toBe(true);
    const at = new Date(Math.ceil((Date.now() + 90_000) / 60_000) * 60_000);
    const officeHour = new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(11, 16);
    const due = calendar.addWorkingDays(today, 1);
    const directory = new DirectoryStore(cluster.db.db);
    const current = await directory.load();
    await directory.save({ ...current, agencies: current.agencies.map((a) => (a.name === 'Sở Y tế' ? { ...a, digest: true } : a)) }, 'Quản trị', 'Sở Y tế nhận bản tổng hợp hằng ngày');
    const report = await startImport(cluster.client, { plan, tasks: [dueTask('nhac-viec', 'Sở Tư pháp', due), dueTask('tong-hop', 'Sở Y tế', due)] }, await directory.load(), {
      policy: TaskPolicySchema.parse({ officeHour, reminderOffsets: [1] }),
      taskQueue: cluster.stack.settings.TEMPORAL_TASK_QUEUE,
    });
    expect(report.started).toEqual(['nhac-viec', 'tong-hop']);

    const rows = await eventually(
      async () => [...(await outboxRows(cluster.db, `task:${plan.id}:nhac-viec`)), ...(await outboxRows(cluster.db, `task:${plan.id}:tong-hop`))],
      (r) => r.length === 2 && r.every((m) => m.status === 'sent' || m.status === 'queued'),
      240_000,
    );
    expect(rows.map((r) => [r.key.split(':')[2], r.kind, r.status])).toEqual([
      ['nhac-viec', 'reminder', 'sent'],
      ['tong-hop', 'reminder', 'queued'],
    ]);
    const mail = cluster.stack.smtp.messages.find((m) => m.messageId === rows[0]!.message_id)!;
    const lateness = mail.receivedAt - at.getTime();
    console.info(`[cluster e2e] reminder due at ${at.toISOString()} arrived ${lateness} ms later`);
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThan(30_000);
    expect(mail.to).toContain('so-tu-phap@thuathienhue.example');
    expect(mail.raw.toString('utf8')).toContain(`task:${plan.id}:nhac-viec`);
    const view = await cluster.call(0, admin, 'GET', `/api/tasks/${encodeURIComponent(`task:${plan.id}:nhac-viec`)}`);
    expect(view.json).toMatchObject({ status: 'due_soon', due });
  });

  it('the daily digest Schedule: at 07:30 Vietnam time; triggered now, it mails the agency in digest mode what was held for it', async () => {
    const digest = cluster.client.schedule.getHandle('dondoc-daily-digest');
    const next = (await digest.describe()).info.nextActionTimes[0]!;
    expect(new Date(next.getTime() + 7 * 3_600_000).toISOString().slice(11, 16)).toBe('07:30');
    const id = `task:${plan.id}:tong-hop`;
    const before = cluster.stack.smtp.messages.length;
    await digest.trigger();
    const digests = await eventually(
      async () => (await outboxRows(cluster.db)).filter((r) => r.kind === 'daily_digest' && r.status === 'sent'),
      (r) => r.length > 0,
    );
    expect(digests).toHaveLength(1);
    const mail = cluster.stack.smtp.messages.slice(before).find((m) => m.messageId === digests[0]!.message_id)!;
    expect(mail.to).toEqual(expect.arrayContaining(['so-y-te@thuathienhue.example']));
    expect((await outboxRows(cluster.db, id))[0]!.status).toBe('digested');
  });

  it('a task due weeks ago escalates at once; an acknowledgement through the other replica is recorded', async () => {
    const due = addDays(today, -40);
    const id = `task:${plan.id}:bao-cao-len`;
    expect((await cluster.call(0, admin, 'POST', '/api/tasks', { plan, task: dueTask('bao-cao-len', 'Sở Nội vụ', due) })).status).toBe(201);
    const rows = await eventually(
      () => outboxRows(cluster.db, id),
      (r) => r.length > 0 && r.every((m) => m.status === 'sent'),
    );
    const levels = [...new Set(rows.filter((r) => r.kind === 'escalation').map((r) => r.subject?.match(/cấp (\d)/)?.[1]))].sort();
    expect(levels).toEqual(['1', '2', '3']);
    const view = await eventually(
      () => cluster.call(1, admin, 'GET', `/api/tasks/${encodeURIComponent(id)}`),
      (r) => r.json?.escalationLevel === 3,
    );
    expect(view.json).toMatchObject({ status: 'overdue', escalationLevel: 3 });

    const ack = await cluster.call(1, admin, 'POST', `/api/tasks/${encodeURIComponent(id)}/acknowledge`, { level: 3, comment: 'Đã nhận, giao Sở Nội vụ báo cáo trong tuần' });
    expect(ack.status, ack.text).toBe(200);
    const after = await cluster.call(0, admin, 'GET', `/api/tasks/${encodeURIComponent(id)}`);
    expect(after.json.timeline.find((e: { type: string }) => e.type === 'acknowledged')).toMatchObject({ level: 3, by: 'Quản trị' });
  });

  it('one-stop: a file past its appointment without apology escalates by mail at once; a file received now gets its apology, letter and public notice', async () => {
    const intake = (code: string, receivedAt: string) => ({
      code,
      procedure: { code: '1.001234', name: 'Đăng ký kết hôn', workingDays: 2 },
      applicant: { name: 'Trần Thị Bích', email: 'bich@example.vn', phone: '0905111222', idNumber: '052090004321' },
      receivingUnit: 'Bộ phận Một cửa huyện',
      agencies: ['Phòng Nội vụ'],
      receivedAt,
    });
    const late = `H57.22-TRE-${Date.now()}`;
    const backdated = await cluster.call(0, admin, 'POST', '/api/one-stop/files', intake(late, new Date(Date.now() - 12 * 86_400_000).toISOString()));
    expect(backdated.status, backdated.text).toBe(201);
    const rows = await eventually(
      () => outboxRows(cluster.db, `file:${late}`),
      (r) => r.length > 0 && r.every((m) => m.status === 'sent'),
    );
    expect(rows.map((r) => r.kind)).toContain('escalation');
    const received = new Set(cluster.stack.smtp.messages.map((m) => m.messageId));
    expect(rows.every((r) => received.has(r.message_id))).toBe(true);

    const code = `H57.22-CUM-${Date.now()}`;
    const created = await cluster.call(1, admin, 'POST', '/api/one-stop/files', intake(code, new Date().toISOString()));
    expect(created.status, created.text).toBe(201);
    const appointment = created.json.file.appointment.date as string;
    const noiVu = await cluster.account({ name: 'Cán bộ Phòng Nội vụ', role: 'agency', agency: 'Phòng Nội vụ' });
    const apology = { number: '12/PXL', date: today, signer: 'Lê Văn Bình', signerTitle: 'Trưởng phòng', reason: 'Cần xác minh thêm hồ sơ hộ tịch', newAppointment: calendar.addWorkingDays(appointment, 3) };
    const ok = await cluster.call(0, noiVu, 'POST', `/api/one-stop/files/${code}/apology`, apology);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ apology: { number: '12/PXL', agency: 'Phòng Nội vụ', timely: true }, appointment: { date: apology.newAppointment } });
    const html = await cluster.call(1, noiVu, 'GET', `/api/one-stop/files/${code}/apology.html`);
    expect(html.text).toContain('Số: 12/PXL');
    const page = await eventually(() => cluster.call(0, null, 'GET', '/public/apologies'), (r) => r.text.includes(code));
    expect(page.text).toContain('T. T. Bích');
    expect(page.text).not.toContain('052090004321');
  });

  it('every message that went out arrived exactly once', async () => {
    const delivery = await expectExactlyOnce(cluster);
    expect(delivery.secondCopies).toBe(0);
  });
});
