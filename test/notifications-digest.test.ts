/**
 * Digest mode: an agency with `digest: true` gets its reminders, due-today, overdue and check-in
 * notices in one email a day; escalations stay immediate.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ApplicationFailure } from '@temporalio/common';
import { createNotificationActivities, listOutbox } from '../activities/notifications';
import type { Directory } from '../domain/directory';
import type { NotifyRequest } from '../domain/notification';
import { ADDR, reminder, startSmtpServer, testDirectory, type TestSmtp } from './notifications.support';
import { useOutboxDatabase } from './notifications.database';

const db = useOutboxDatabase();

let smtp: TestSmtp;
let directory: Directory;

function activities() {
  return createNotificationActivities({
    directory: async () => directory,
    db: db(), config: { smtpUrl: smtp.url },
    logger: pino({ level: 'silent' }),
  });
}

function homeAffairsTask(n: number, overrides: Partial<NotifyRequest> = {}): NotifyRequest {
  const base = reminder({ agency: 'Sở Nội vụ' });
  return {
    ...base,
    key: `task:3322-qd-ubnd-2024:${n}:reminder:2025-12-23`,
    subject: { ...(base.subject as object), workflowId: `task:3322-qd-ubnd-2024:${n}`, title: `Nhiệm vụ cải cách số ${n}` } as NotifyRequest['subject'],
    ...overrides,
  };
}

beforeEach(async () => {
  smtp = await startSmtpServer();
  directory = testDirectory();
});
afterEach(async () => {
  await smtp.close();
});

describe('daily digest', () => {
  it('queues two reminders, then sends one email listing both, once', async () => {
    const a = activities();
    expect(await a.notify(homeAffairsTask(1))).toMatchObject({ status: 'queued', recipients: [ADDR.homeOfficer] });
    expect(await a.notify(homeAffairsTask(2))).toMatchObject({ status: 'queued', recipients: [ADDR.homeOfficer] });
    expect((await a.notify(homeAffairsTask(2))).status).toBe('queued');
    expect(smtp.dataCount).toBe(0);

    const results = await a.sendDailyDigests('2025-12-23');
    expect(results).toEqual([
      { agencyId: 'so-noi-vu', agency: 'Sở Nội vụ', key: 'digest:so-noi-vu:2025-12-23', status: 'sent', items: 2, recipients: [ADDR.homeOfficer] },
    ]);
    expect(smtp.received).toHaveLength(1);
    const { to, mail } = smtp.received[0]!;
    expect(to).toEqual([ADDR.homeOfficer]);
    expect(mail.subject).toBe('[Tổng hợp ngày 23/12/2025] 2 việc cần xử lý – Sở Nội vụ');
    expect(mail.text).toContain('Nhiệm vụ sắp đến hạn (2)');
    expect(mail.text).toContain('1. Nhiệm vụ cải cách số 1');
    expect(mail.text).toContain('2. Nhiệm vụ cải cách số 2');
    expect(mail.text).toContain('Hạn hoàn thành: 30/12/2025 – Còn 7 ngày');
    expect(mail.text).toContain('http://127.0.0.1:3000/tasks/task%3A3322-qd-ubnd-2024%3A2');

    const again = await a.sendDailyDigests('2025-12-23');
    expect(again).toMatchObject([{ status: 'duplicate', items: 2 }]);
    expect(smtp.received).toHaveLength(1);
    const statuses = (await listOutbox(db(), { agency: 'Sở Nội vụ' })).map((e) => [e.kind, e.status]).sort();
    expect(statuses).toEqual([
      ['daily_digest', 'sent'],
      ['reminder', 'digested'],
      ['reminder', 'digested'],
    ]);
    // A digested notice stays settled: notifying its key again sends nothing.
    expect((await a.notify(homeAffairsTask(1))).status).toBe('queued');
    expect(smtp.received).toHaveLength(1);
  });

  it('keeps a queued notice in its digest when its agency switches to immediate mail before a retry', async () => {
    const a = activities();
    expect(await a.notify(homeAffairsTask(1))).toMatchObject({ status: 'queued', recipients: [ADDR.homeOfficer] });
    directory = { ...directory, agencies: directory.agencies.map((agency) => (agency.id === 'so-noi-vu' ? { ...agency, digest: false } : agency)) };
    // Every recipient would now get it at once: the claim itself finds the notice settled.
    expect(await a.notify(homeAffairsTask(1))).toMatchObject({ status: 'queued', recipients: [ADDR.homeOfficer] });
    expect(smtp.dataCount).toBe(0);
    expect((await listOutbox(db())).map((m) => [m.status, m.attempts])).toEqual([['queued', 0]]);
  });

  it('sends escalations immediately and keeps notices of later days for their own digest', async () => {
    const a = activities();
    const escalation = homeAffairsTask(3, { key: 'task:x:3:esc:1', kind: 'escalation', level: 1, asOf: '2026-01-02', to: [{ role: 'head', agency: 'Sở Nội vụ' }] });
    expect((await a.notify(escalation)).status).toBe('sent');
    expect(smtp.received.map((m) => m.to)).toEqual([[ADDR.homeHead]]);

    await a.notify(homeAffairsTask(4, { key: 'k4', kind: 'overdue', asOf: '2026-01-02' }));
    await a.notify(homeAffairsTask(5, { key: 'k5', asOf: '2026-01-03', subject: { ...(homeAffairsTask(5).subject as object), due: '2026-01-10' } as never }));
    await a.sendDailyDigests('2026-01-02');
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[1]!.mail.subject).toBe('[Tổng hợp ngày 02/01/2026] 1 việc cần xử lý – Sở Nội vụ');
    expect(smtp.received[1]!.mail.text).toContain('Nhiệm vụ quá hạn (1)');
    expect(smtp.received[1]!.mail.text).not.toContain('số 5');

    await a.sendDailyDigests('2026-01-03');
    expect(smtp.received).toHaveLength(3);
    expect(smtp.received[2]!.mail.subject).toBe('[Tổng hợp ngày 03/01/2026] 1 việc cần xử lý – Sở Nội vụ');
    expect(smtp.received[2]!.mail.text).toContain('Hạn hoàn thành: 10/01/2026 – Còn 7 ngày');
  });

  it('sends now to agencies without digest and queues for the digest agency in one request', async () => {
    const a = activities();
    const request = homeAffairsTask(6, { key: 'k6', to: [{ role: 'officer', agency: 'Sở Nội vụ' }, { role: 'officer', agency: 'Sở Tư pháp' }] });
    expect(await a.notify(request)).toMatchObject({ status: 'sent', recipients: [ADDR.justiceOfficer] });
    expect(smtp.received.map((m) => m.to)).toEqual([[ADDR.justiceOfficer]]);
    expect(smtp.received[0]!.mail.text).toContain('Kính gửi: Sở Tư pháp.');
    const [entry] = await listOutbox(db());
    expect(entry!.queuedFor).toEqual(['so-noi-vu']);
    await a.sendDailyDigests('2025-12-23');
    expect(smtp.received.map((m) => m.to)).toEqual([[ADDR.justiceOfficer], [ADDR.homeOfficer]]);
  });

  it('does not queue a notice again when its immediate part is retried after the digest went out', async () => {
    const a = activities();
    const request = homeAffairsTask(10, { key: 'k10', to: [{ role: 'officer', agency: 'Sở Nội vụ' }, { role: 'officer', agency: 'Sở Tư pháp' }] });
    smtp.refuseNext(1, 451, 'Try again later');
    await expect(a.notify(request)).rejects.toThrow(/451/);
    expect(await a.sendDailyDigests('2025-12-23')).toMatchObject([{ status: 'sent', items: 1 }]);
    expect((await a.notify(request)).status).toBe('sent');
    expect(await a.sendDailyDigests('2025-12-24')).toEqual([]);
    expect(smtp.received.map((m) => m.to)).toEqual([[ADDR.homeOfficer], [ADDR.justiceOfficer]]);
  });

  it('retries a digest the server refused for now, without listing anything twice', async () => {
    const a = activities();
    await a.notify(homeAffairsTask(7));
    smtp.refuseNext(1, 451, 'Try again later');
    const error = await a.sendDailyDigests('2025-12-23').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(false);
    await a.notify(homeAffairsTask(8));
    const results = await a.sendDailyDigests('2025-12-23');
    expect(results).toMatchObject([{ status: 'sent', items: 2 }]);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.mail.text).toContain('Nhiệm vụ sắp đến hạn (2)');
  });

  it('reports a digest agency that lost its addresses to the monitoring office', async () => {
    const a = activities();
    await a.notify(homeAffairsTask(9));
    directory = testDirectory();
    directory.agencies.find((x) => x.id === 'so-noi-vu')!.contacts = { officer: [], head: [] };
    const results = await a.sendDailyDigests('2025-12-23');
    expect(results).toMatchObject([{ status: 'undeliverable', items: 1 }]);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to.sort()).toEqual([ADDR.monitorHead, ADDR.monitorOfficer].sort());
    expect(smtp.received[0]!.mail.text).toContain('Hệ thống không gửi được bản tổng hợp nhắc việc hằng ngày tới: Sở Nội vụ. Lý do: Sở Nội vụ chưa có địa chỉ thư điện tử trong danh bạ.');
    expect(smtp.received[0]!.mail.text).toContain('- Nội dung: Bản tổng hợp nhắc việc ngày 23/12/2025 của Sở Nội vụ\n- Cơ quan nhận: Sở Nội vụ');
    expect(smtp.received[0]!.mail.text).toContain('Mở hệ thống theo dõi:\nhttp://127.0.0.1:3000\n');
  });

  it('refuses a malformed date without retrying', async () => {
    const error = await activities()
      .sendDailyDigests('23/12/2025')
      .catch((e: unknown) => e);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as Error).message).toMatch(/sendDailyDigests needs a date like 2025-12-31/);
  });
});
