/**
 * A message states its facts as of the moment it is sent (not as of the day the workflow meant to
 * send it), stays exactly-once per key, and a one-stop file's failed delivery is reported in file
 * words. Against a real SMTP server on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createNotificationActivities, listOutbox } from '../activities/notifications';
import { fileNotice } from '../domain/onestop/notices';
import type { FileView } from '../domain/onestop/view';
import type { OneStopFile } from '../domain/onestop/file';
import { ADDR, TITLE, reminder, startSmtpServer, testDirectory, type TestSmtp } from './notifications.support';
import { useOutboxDatabase } from './notifications.database';

const db = useOutboxDatabase();

let smtp: TestSmtp;

/** Thursday 26/11/2026, 09:00 in Vietnam. */
const SENT_AT = new Date('2026-11-26T02:00:00Z');

function activities(now: () => Date = () => SENT_AT) {
  return createNotificationActivities({
    directory: async () => testDirectory(),
    db: db(), config: { smtpUrl: smtp.url, dashboardUrl: 'https://dondoc.hue.gov.vn' },
    logger: pino({ level: 'silent' }),
    now,
  });
}

const lateTask = { ...reminder().subject, due: '2024-05-31', deadlineText: 'Trước ngày 01/6/2024', explanation: null };

beforeEach(async () => {
  smtp = await startSmtpServer();
});
afterEach(async () => {
  await smtp.close();
});

describe('facts as of the moment a message is sent', () => {
  it('an overdue notice meant for 01/06/2024 and sent on 26/11/2026 counts to 26/11/2026', async () => {
    await activities().notify(reminder({ kind: 'overdue', key: 'task:x:overdue:2024-06-01', asOf: '2024-06-01', subject: lateTask }));
    const { mail } = smtp.received[0]!;
    expect(mail.subject).toBe(`[Quá hạn 909 ngày] ${TITLE}`);
    expect(mail.text).toContain('- Tình trạng (tính đến 26/11/2026): Quá hạn 909 ngày');
    expect(mail.text).not.toContain('01/06/2024');
  });

  it('three escalations sent within seconds state the same number of days', async () => {
    let clock = SENT_AT.getTime();
    const a = activities(() => new Date((clock += 2_000)));
    const to = [{ role: 'chair' as const, jurisdiction: 'thua-thien-hue' }];
    for (const [level, asOf] of [[1, '2024-06-10'], [2, '2024-06-14'], [3, '2024-06-21']] as const) {
      await a.notify(reminder({ kind: 'escalation', level, key: `task:x:escalation:${level}:0`, asOf, to, subject: lateTask }));
    }
    const counts = smtp.received.map(({ mail }) => /đã quá hạn (\d+) ngày/.exec(mail.text)?.[1]);
    expect(counts).toEqual(['909', '909', '909']);
    for (const { mail } of smtp.received) expect(mail.text).toContain('- Tình trạng (tính đến 26/11/2026): Quá hạn 909 ngày');
  });

  it('a message sent before its day keeps its own day (the later of asOf and today)', async () => {
    await activities(() => new Date('2025-12-20T02:00:00Z')).notify(reminder());
    expect(smtp.received[0]!.mail.text).toContain('- Tình trạng (tính đến 23/12/2025): Còn 7 ngày');
  });

  it('a retried message is not sent twice, even on a later day', async () => {
    const request = reminder({ kind: 'overdue', key: 'task:x:overdue:again', asOf: '2024-06-01', subject: lateTask });
    expect((await activities().notify(request)).status).toBe('sent');
    expect((await activities(() => new Date('2026-11-30T02:00:00Z')).notify(request)).status).toBe('duplicate');
    expect(smtp.received).toHaveLength(1);
  });
});

// ---- one-stop files -------------------------------------------------------------------------------

function fileView(): FileView {
  const file: OneStopFile = {
    code: 'H57.22-261102-0001',
    procedure: { code: '1.009994', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 15, cutoff: '15:00' },
    applicant: { name: 'Nguyễn Văn An', idNumber: '052090001234' },
    receivingUnit: 'Bộ phận Một cửa tỉnh',
    agencies: ['Sở Tư pháp'],
    receivedAt: '2026-10-30T09:30:00+07:00',
    online: false,
    jurisdiction: 'thua-thien-hue',
  };
  return {
    workflowId: `file:${file.code}`,
    file,
    status: 'overdue',
    outcome: null,
    holder: 'Sở Tư pháp',
    // Friday 20/11/2026.
    appointment: { date: '2026-11-20', at: '2026-11-20T10:00:00.000Z' },
    originalAppointment: { date: '2026-11-20', at: '2026-11-20T10:00:00.000Z' },
    clock: { start: '2026-10-30', explanation: null, paused: false, restarts: 0 },
    apologyBy: '2026-11-19',
    apology: null,
    documentRequests: [],
    result: null,
    returnedAt: null,
    withdrawn: null,
    late: { since: '2026-11-21', agency: 'Sở Tư pháp' },
    lateAgain: null,
    escalationLevel: 3,
    acknowledged: [],
    publication: null,
    timeline: [],
  };
}

const escalation = () =>
  fileNotice(fileView(), {
    key: 'file@2026-11-20:escalation:3:0',
    kind: 'escalation',
    level: 3,
    to: [{ role: 'chair', jurisdiction: 'thua-thien-hue' }],
    asOf: '2026-11-23',
    details: { 'Tình trạng hồ sơ': 'Trễ hẹn, chưa có phiếu xin lỗi' },
  });

describe('one-stop files', () => {
  it('an escalation sent on Thursday counts 4 working days late from a Friday appointment (not 6 calendar days)', async () => {
    await activities().notify(escalation());
    const { to, mail } = smtp.received[0]!;
    expect(to).toEqual([ADDR.chair]);
    expect(mail.subject).toBe('[Báo cáo lên cấp 3] Hồ sơ trễ hẹn: H57.22-261102-0001 – Cấp giấy phép xây dựng nhà ở riêng lẻ');
    expect(mail.text).toContain('hồ sơ dưới đây đã trễ hẹn 4 ngày làm việc (ngày hẹn trả kết quả: 20/11/2026)');
    expect(mail.text).toContain('- Tình trạng (tính đến 26/11/2026): Trễ hẹn 4 ngày làm việc');
    expect(mail.text).toContain('- Cơ quan đang giải quyết: Sở Tư pháp');
    expect(mail.text).not.toMatch(/nhiệm vụ|Cơ quan chủ trì/i);
  });

  it('reportDeliveryFailure of a file tells the monitoring office in file words, once', async () => {
    const request = escalation();
    const result = await activities().reportDeliveryFailure(request, 'máy chủ thư từ chối tạm thời (451) sau nhiều lần thử');
    expect(result.status).toBe('failed');
    expect(smtp.received).toHaveLength(1);
    const { to, mail } = smtp.received[0]!;
    expect(to.sort()).toEqual([ADDR.monitorHead, ADDR.monitorOfficer].sort());
    expect(mail.subject).toBe('[Không gửi được thông báo] Hồ sơ H57.22-261102-0001 – Cấp giấy phép xây dựng nhà ở riêng lẻ');
    expect(mail.text).toContain('Hệ thống không gửi được thông báo “Báo cáo hồ sơ trễ hẹn lên cấp trên” về hồ sơ dưới đây tới:');
    expect(mail.text).toContain('- Tình trạng (tính đến 26/11/2026): Trễ hẹn 4 ngày làm việc');
    expect(mail.text).toContain('Xem hồ sơ:\nhttps://dondoc.hue.gov.vn/tasks/file%3AH57.22-261102-0001');
    expect(mail.text).not.toMatch(/nhiệm vụ|Cơ quan chủ trì/i);

    const ledger = await listOutbox(db());
    expect(ledger.find((e) => e.key === request.key)?.status).toBe('failed');
    await activities().reportDeliveryFailure(request, 'lần nữa');
    expect(smtp.received).toHaveLength(1);
  });

  it("a file's warning goes out at once, even to an agency that takes a daily digest", async () => {
    const view = { ...fileView(), holder: 'Sở Nội vụ', status: 'due_soon' as const, late: null, appointment: { date: '2026-11-30', at: '2026-11-30T10:00:00.000Z' } };
    const result = await activities().notify(fileNotice(view, { key: 'file@2026-11-30:reminder:2', kind: 'reminder', to: [{ role: 'officer', agency: 'Sở Nội vụ' }], asOf: '2026-11-26' }));
    expect(result.status).toBe('sent');
    expect(smtp.received[0]!.mail.subject).toBe('[Sắp đến ngày hẹn trả kết quả] Còn 2 ngày làm việc: H57.22-261102-0001 – Cấp giấy phép xây dựng nhà ở riêng lẻ');
  });
});
