/**
 * notify() against a real SMTP server on 127.0.0.1: what arrives, to whom, how it reads, and that
 * retries, refusals and unknown recipients never produce a second copy or a silent loss.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { ApplicationFailure } from '@temporalio/common';
import { createNotificationActivities, listOutbox, readOutboxMessage, type NotificationDeps } from '../activities/notifications';
import type { Directory } from '../domain/directory';
import { ADDR, REMINDER_DAY_MORNING, TITLE, parseMail, reminder, startSmtpServer, testDirectory, type TestSmtp } from './notifications.support';
import { useOutboxDatabase } from './notifications.database';

const db = useOutboxDatabase();

const silent = pino({ level: 'silent' });
let smtp: TestSmtp;
let directory: Directory;

function activities(overrides: Partial<NotificationDeps> = {}, smtpUrl: string = smtp.url) {
  return createNotificationActivities({
    directory: async () => directory,
    db: db(), config: { smtpUrl, tlsRejectUnauthorized: true, from: '"dondoc Huế" <dondoc@hue.gov.vn>', dashboardUrl: 'https://dondoc.hue.gov.vn' },
    logger: silent,
    now: () => REMINDER_DAY_MORNING,
    ...overrides,
  });
}

async function expectRetryable(promise: Promise<unknown>, type: string): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => {
      throw new Error('expected the activity to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  const failure = error as ApplicationFailure;
  expect(failure.type).toBe(type);
  expect(failure.nonRetryable).toBe(false);
  return failure;
}

beforeEach(async () => {
  smtp = await startSmtpServer();
  directory = testDirectory();
});
afterEach(async () => {
  await smtp.close();
});

describe('notify over SMTP', () => {
  it('delivers a Vietnamese reminder with its facts, link, Message-ID and UTF-8 parts', async () => {
    const request = reminder();
    const result = await activities().notify(request);
    expect(result).toEqual({ key: request.key, status: 'sent', recipients: [ADDR.justiceOfficer] });

    expect(smtp.received).toHaveLength(1);
    const { from, to, mail } = smtp.received[0]!;
    expect(from).toBe('dondoc@hue.gov.vn');
    expect(to).toEqual([ADDR.justiceOfficer]);
    expect(mail.header('to')).toBe(`Hồ Thị Văn Thư <${ADDR.justiceOfficer}>`);
    expect(mail.header('from')).toBe('dondoc Huế <dondoc@hue.gov.vn>');
    expect(mail.subject).toBe(`[Nhắc việc] Còn 7 ngày: ${TITLE}`);
    expect(mail.messageId).toBe(`<${createHash('sha256').update(request.key).digest('hex')}@dondoc>`);
    expect(mail.header('auto-submitted')).toBe('auto-generated');
    expect(mail.header('content-type')).toMatch(/^multipart\/alternative/);
    expect(mail.leaves.map((l) => [l.contentType, l.params.charset])).toEqual([
      ['text/plain', 'utf-8'],
      ['text/html', 'utf-8'],
    ]);
    expect(mail.text).toContain('Kính gửi: Sở Tư pháp.');
    expect(mail.text).toContain('Nhiệm vụ dưới đây đến hạn hoàn thành vào Thứ Ba, 30/12/2025, còn 7 ngày');
    expect(mail.text).toContain(`- Nhiệm vụ: ${TITLE}`);
    expect(mail.text).toContain('- Kế hoạch: Kế hoạch cải cách hành chính tỉnh Thừa Thiên Huế năm 2025');
    expect(mail.text).toContain('- Sản phẩm: Kế hoạch');
    expect(mail.text).toContain('- Cơ quan chủ trì: Sở Tư pháp');
    expect(mail.text).toContain('- Thời gian thực hiện: Trước ngày 31/12/2025');
    expect(mail.text).toContain('- Cách tính thời hạn: “Trước ngày 31/12/2025”: hạn cuối là ngày 30/12/2025.');
    expect(mail.text).toContain('https://dondoc.hue.gov.vn/tasks/task%3A3322-qd-ubnd-2024%3AIV.1');
    expect(mail.html).toContain('<a href="https://dondoc.hue.gov.vn/tasks/task%3A3322-qd-ubnd-2024%3AIV.1"');
    expect(mail.html).toContain(`<td style="vertical-align: top; padding: 4px 0">${TITLE}</td>`);
  });

  it('keeps the message it sent in the outbox as the same .eml the server received', async () => {
    const request = reminder();
    await activities().notify(request);
    const [entry] = await listOutbox(db());
    expect(entry).toMatchObject({ key: request.key, status: 'sent', channel: 'smtp', recipients: [ADDR.justiceOfficer], attempts: 1 });
    expect(entry!.response).toMatch(/^250/);
    expect(entry!.hasEml).toBe(true);
    const eml = (await readOutboxMessage(db(), request.key))!.eml!;
    expect(eml.toString('utf8').replace(/\r\n/g, '\n').trimEnd()).toBe(smtp.received[0]!.raw.toString('utf8').replace(/\r\n/g, '\n').trimEnd());
  });

  it('sends a key once: a second call reports a duplicate', async () => {
    const a = activities();
    await a.notify(reminder());
    const again = await a.notify(reminder());
    expect(again.status).toBe('duplicate');
    // A fresh activity instance (a restarted worker) reads the same ledger.
    expect((await activities().notify(reminder())).status).toBe('duplicate');
    expect(smtp.received).toHaveLength(1);
  });

  it('throws a retryable error while the server answers 451, then delivers exactly once', async () => {
    smtp.refuseNext(2, 451, 'Requested action aborted: local error in processing');
    const a = activities();
    const request = reminder();
    const first = await expectRetryable(a.notify(request), 'DeliveryTemporarilyFailed');
    expect(first.message).toMatch(/451/);
    await expectRetryable(a.notify(request), 'DeliveryTemporarilyFailed');
    const [retrying] = await listOutbox(db());
    expect(retrying).toMatchObject({ status: 'retrying', attempts: 2 });
    expect(retrying!.error).toMatch(/451/);

    expect((await a.notify(request)).status).toBe('sent');
    expect((await a.notify(request)).status).toBe('duplicate');
    expect(smtp.dataCount).toBe(3);
    expect(smtp.received).toHaveLength(1);
    const [sent] = await listOutbox(db());
    expect(sent).toMatchObject({ status: 'sent', attempts: 3, error: null });
  });

  it('delivers each of several messages exactly once through a stretch of 451 refusals', async () => {
    smtp.refuseNext(5, 451, 'Greylisted, try again later');
    const a = activities();
    const keys = ['task:a:reminder', 'task:b:reminder', 'task:c:reminder'];
    const pending = new Set(keys);
    let attempts = 0;
    while (pending.size > 0 && attempts < 30) {
      for (const key of [...pending]) {
        attempts++;
        const outcome = await a.notify(reminder({ key })).catch((e: unknown) => e);
        if (outcome instanceof ApplicationFailure) {
          expect(outcome.type).toBe('DeliveryTemporarilyFailed');
          continue;
        }
        expect(outcome).toMatchObject({ status: 'sent' });
        pending.delete(key);
      }
    }
    expect(pending.size).toBe(0);
    expect(attempts).toBe(8);
    for (const key of keys) expect((await a.notify(reminder({ key }))).status).toBe('duplicate');
    const ids = smtp.received.map((m) => m.mail.messageId);
    expect(ids.sort()).toEqual(keys.map((k) => `<${createHash('sha256').update(k).digest('hex')}@dondoc>`).sort());
  });

  it('throws a retryable error when the server is down, and sends after it is back', async () => {
    const port = smtp.port;
    await smtp.close();
    const down = activities({}, `smtp://127.0.0.1:${port}`);
    const failure = await expectRetryable(down.notify(reminder()), 'DeliveryTemporarilyFailed');
    expect(failure.message).toMatch(/ECONNREFUSED|ECONNECTION|connect/i);
    smtp = await startSmtpServer();
    expect((await activities().notify(reminder())).status).toBe('sent');
    expect(smtp.received).toHaveLength(1);
  });

  it('records a permanent refusal as failed and tells the monitoring office, once', async () => {
    smtp.rejectRecipient(ADDR.justiceOfficer);
    const a = activities();
    const request = reminder({ kind: 'overdue', asOf: '2026-01-02', key: 'task:x:overdue:3' });
    const result = await a.notify(request);
    expect(result).toMatchObject({ status: 'failed', recipients: [] });

    expect(smtp.received).toHaveLength(1);
    const report = smtp.received[0]!;
    expect(report.to.sort()).toEqual([ADDR.monitorHead, ADDR.monitorOfficer].sort());
    expect(report.mail.subject).toBe(`[Không gửi được thông báo] ${TITLE}`);
    expect(report.mail.text).toContain('Kính gửi: Văn phòng UBND tỉnh.');
    expect(report.mail.text).toContain(`Hệ thống không gửi được thông báo “Quá hạn” về nhiệm vụ dưới đây tới: Sở Tư pháp.`);
    expect(report.mail.text).toMatch(/Lý do: gửi không thành công \(.*550.*\)\./);

    expect((await a.notify(request)).status).toBe('failed');
    expect(smtp.received).toHaveLength(1);
    const records = await listOutbox(db());
    expect(records.map((r) => [r.kind, r.status]).sort()).toEqual([
      ['delivery_failed', 'sent'],
      ['overdue', 'failed'],
    ]);
  });

  it('delivers to the accepted addresses and reports the refused one', async () => {
    smtp.rejectRecipient(ADDR.justiceHead);
    const request = reminder({ kind: 'escalation', level: 1, asOf: '2026-01-05', key: 'task:x:esc:1', to: [{ role: 'head', agency: 'Sở Tư pháp' }, { role: 'officer', agency: 'Sở Tư pháp' }] });
    const result = await activities().notify(request);
    expect(result).toMatchObject({ status: 'sent', recipients: [ADDR.justiceOfficer] });
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[0]!.to).toEqual([ADDR.justiceOfficer]);
    expect(smtp.received[0]!.mail.subject).toBe(`[Báo cáo lên cấp 1] ${TITLE}`);
    const report = smtp.received[1]!.mail;
    expect(report.subject).toBe(`[Không gửi được thông báo] ${TITLE}`);
    expect(report.text).toContain(`tới: ${ADDR.justiceHead}. Lý do: máy chủ thư từ chối địa chỉ`);
  });

  it('after a send whose refusal report was lost, a retry sends the report and not the message', async () => {
    smtp.rejectRecipient(ADDR.justiceHead);
    const request = reminder({ kind: 'escalation', level: 1, asOf: '2026-01-05', key: 'task:x:esc:lost', to: [{ role: 'head', agency: 'Sở Tư pháp' }, { role: 'officer', agency: 'Sở Tư pháp' }] });
    await activities().notify(request);
    expect(smtp.received).toHaveLength(2);
    // The worker died after recording the send, before its report was recorded.
    await db().deleteFrom('outbox_messages').where('kind', '=', 'delivery_failed').execute();
    expect((await activities().notify(request)).status).toBe('duplicate');
    expect(smtp.received).toHaveLength(3);
    expect(smtp.received[2]!.mail.subject).toBe(`[Không gửi được thông báo] ${TITLE}`);
    expect(smtp.received[2]!.mail.text).toContain(`tới: ${ADDR.justiceHead}. Lý do: máy chủ thư từ chối địa chỉ`);
    expect((await activities().notify(request)).status).toBe('duplicate');
    expect(smtp.received).toHaveLength(3);
  });

  it('asks the monitoring office to assign a lead it does not know, reports an agency without an address, and sends to the agencies it knows', async () => {
    const request = reminder({
      key: 'task:x:reminder:mixed',
      to: [
        { role: 'officer', agency: 'Sở Tư pháp' },
        { role: 'officer', agency: 'Sở Không Có Thật' },
        { role: 'officer', agency: 'Sở Xây dựng' },
      ],
    });
    const a = activities();
    const result = await a.notify(request);
    expect(result.status).toBe('sent');
    const office = [ADDR.monitorOfficer, ADDR.monitorHead].sort();
    expect([...result.recipients].sort()).toEqual([ADDR.justiceOfficer, ...office].sort());
    expect(result.undeliverable).toEqual([{ who: 'Sở Xây dựng', reason: 'Sở Xây dựng chưa có địa chỉ thư điện tử trong danh bạ' }]);
    const subjects = smtp.received.map((m) => [m.to.sort().join(','), m.mail.subject]);
    expect(subjects).toEqual([
      [office.join(','), `[Không gửi được thông báo] ${TITLE}`],
      [[ADDR.justiceOfficer, ...office].sort().join(','), `[Nhắc việc] Còn 7 ngày: ${TITLE}`],
    ]);
    expect(smtp.received[0]!.mail.text).toContain('tới: Sở Xây dựng. Lý do: Sở Xây dựng chưa có địa chỉ thư điện tử trong danh bạ.');
    // The reminder itself names the office and why it gets it: the lead as written is not in the directory.
    expect(smtp.received[1]!.mail.text).toContain(
      'Kính gửi: Sở Tư pháp; Văn phòng UBND tỉnh (cơ quan theo dõi: đề nghị phân công cơ quan chủ trì thay cho “Sở Không Có Thật”, chưa có trong danh bạ).',
    );
    await a.notify(request);
    expect(smtp.received).toHaveLength(2);
  });

  it('records a message with nobody to go to as undeliverable, reported once', async () => {
    const request = reminder({ key: 'task:x:nobody', agency: 'Sở Xây dựng' });
    const a = activities();
    expect((await a.notify(request)).status).toBe('undeliverable');
    expect((await a.notify(request)).status).toBe('undeliverable');
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.mail.subject).toBe(`[Không gửi được thông báo] ${TITLE}`);
    const entries = await listOutbox(db(), { agency: 'Sở Xây dựng' });
    expect(entries.map((e) => [e.kind, e.status])).toEqual([['reminder', 'undeliverable']]);
  });

  it('without a jurisdiction to tell, keeps the undeliverable report in the outbox instead of dropping it', async () => {
    const request = reminder({ key: 'task:x:lost', agency: 'Sở Không Có Thật', details: {} });
    expect((await activities().notify(request)).status).toBe('undeliverable');
    expect(smtp.received).toHaveLength(0);
    const entries = await listOutbox(db(), { status: 'undeliverable' });
    expect(entries.map((e) => e.kind).sort()).toEqual(['delivery_failed', 'reminder']);
    expect(entries.find((e) => e.kind === 'delivery_failed')!.error).toMatch(/no jurisdiction to report to; missed: Sở Không Có Thật/);
  });

  it('reads the directory at send time: a changed address reaches the next message', async () => {
    const a = activities();
    await a.notify(reminder({ key: 'k1' }));
    directory = testDirectory();
    directory.agencies.find((x) => x.id === 'so-tu-phap')!.contacts.officer = [{ name: 'Người Mới', email: 'nguoimoi@stp.hue.gov.vn' }];
    await a.notify(reminder({ key: 'k2' }));
    expect(smtp.received.map((m) => m.to)).toEqual([[ADDR.justiceOfficer], ['nguoimoi@stp.hue.gov.vn']]);
  });

  it('sends an escalation to the chair saying the level and since when the task is overdue', async () => {
    const request = reminder({ kind: 'escalation', level: 3, asOf: '2026-01-13', key: 'task:x:esc:3', to: [{ role: 'chair', jurisdiction: 'thua-thien-hue' }] });
    await activities().notify(request);
    const { to, mail } = smtp.received[0]!;
    expect(to).toEqual([ADDR.chair]);
    expect(mail.subject).toBe(`[Báo cáo lên cấp 3] ${TITLE}`);
    expect(mail.text).toContain('Kính gửi: đồng chí Nguyễn Văn Phương, Chủ tịch UBND tỉnh Thừa Thiên Huế.');
    expect(mail.text).toContain('Báo cáo lên cấp 3 – Chủ tịch UBND: nhiệm vụ dưới đây đã quá hạn 14 ngày (quá hạn từ ngày 31/12/2025)');
    expect(mail.text).toContain('Xác nhận đã nhận và chỉ đạo xử lý:');
  });

  it('escapes HTML in user text all the way to the received message', async () => {
    const title = 'Rà soát <script>alert(1)</script> & báo cáo';
    await activities().notify(reminder({ subject: { ...(reminder().subject as object), title } as never }));
    const { mail } = smtp.received[0]!;
    expect(mail.subject).toBe(`[Nhắc việc] Còn 7 ngày: ${title}`);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Rà soát &lt;script&gt;alert(1)&lt;/script&gt; &amp; báo cáo');
    expect(mail.text).toContain(`- Nhiệm vụ: ${title}`);
  });

  it('refuses a malformed request without retrying, saying what is wrong', async () => {
    const error = await activities()
      .notify(reminder({ asOf: '31/12/2025' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).type).toBe('InvalidNotifyRequest');
    expect((error as Error).message).toMatch(/asOf: ngày phải có dạng YYYY-MM-DD/);
    expect(smtp.dataCount).toBe(0);
  });

  it('sends once when two attempts race for the same key', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    smtp.beforeAccept = () => gate;
    const a = activities();
    const first = a.notify(reminder());
    const { waitFor } = await import('./notifications.support');
    await waitFor(() => smtp.dataCount === 1, 'the first attempt to reach DATA');
    const second = await a.notify(reminder()).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(ApplicationFailure);
    expect((second as ApplicationFailure).type).toBe('SendInProgress');
    release();
    expect((await first).status).toBe('sent');
    expect(smtp.received).toHaveLength(1);
  });

  it('reportDeliveryFailure (the workflow gave up) records the failure and tells the monitoring office', async () => {
    smtp.refuseNext(1, 421, 'Service not available');
    const a = activities();
    const request = reminder({ key: 'task:x:gave-up' });
    await expectRetryable(a.notify(request), 'DeliveryTemporarilyFailed');
    const result = await a.reportDeliveryFailure(request, 'retries exhausted after 2 days');
    expect(result.status).toBe('failed');
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.mail.subject).toBe(`[Không gửi được thông báo] ${TITLE}`);
    expect(smtp.received[0]!.mail.text).toContain(`tới: ${ADDR.justiceOfficer}. Lý do: gửi không thành công (retries exhausted after 2 days).`);
    // The original is not sent late, and the report is not repeated.
    expect((await a.notify(request)).status).toBe('failed');
    expect((await a.reportDeliveryFailure(request, 'again')).status).toBe('failed');
    expect(smtp.received).toHaveLength(1);
  });
});

describe('SMTP connection settings', () => {
  it('authenticates with the user and password of SMTP_URL; a wrong password is retried, not dropped', async () => {
    const secured = await startSmtpServer({ auth: { user: 'dondoc', pass: 'mật khẩu' } });
    try {
      const ok = await activities({}, secured.url).notify(reminder({ key: 'auth-ok' }));
      expect(ok.status).toBe('sent');
      expect(secured.received).toHaveLength(1);
      const wrong = secured.url.replace(encodeURIComponent('mật khẩu'), 'sai');
      const failure = await expectRetryable(activities({}, wrong).notify(reminder({ key: 'auth-wrong' })), 'DeliveryTemporarilyFailed');
      expect(failure.message).toMatch(/EAUTH|535/);
    } finally {
      await secured.close();
    }
  });

  it('upgrades to TLS with STARTTLS; a self-signed certificate needs SMTP_TLS_REJECT_UNAUTHORIZED=false', async () => {
    const tls = await startSmtpServer({ starttls: true });
    try {
      const strict = await expectRetryable(activities({}, tls.url).notify(reminder({ key: 'tls-strict' })), 'DeliveryTemporarilyFailed');
      expect(strict.message).toMatch(/certificate/i);
      const lenient = createNotificationActivities({
        directory: async () => directory,
        db: db(), config: { smtpUrl: tls.url, tlsRejectUnauthorized: false },
        logger: silent,
        now: () => REMINDER_DAY_MORNING,
      });
      expect((await lenient.notify(reminder({ key: 'tls-lenient' }))).status).toBe('sent');
      expect(tls.received).toHaveLength(1);
      expect(parseMail(tls.received[0]!.raw).subject).toBe(`[Nhắc việc] Còn 7 ngày: ${TITLE}`);
    } finally {
      await tls.close();
    }
  });
});
