/**
 * The messages a one-stop file sends, built as the file workflow builds them (fileNotice) and
 * rendered as the notify activity renders them: they speak of the file (hồ sơ, cơ quan đang giải
 * quyết, ngày hẹn trả kết quả, phiếu xin lỗi) in the terms of Nghị định 118/2025/NĐ-CP, never of a
 * task, and count working days.
 */
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../domain/calendar/load';
import { renderMessage } from '../../domain/messages/render';
import { deliveryFailureRequest } from '../../domain/messages/failure';
import { parseNotifyRequest } from '../../domain/messages/render';
import { parseOneStopFile } from '../../domain/onestop/file';
import { fileNotice } from '../../domain/onestop/notices';
import type { FileView } from '../../domain/onestop/view';
import type { NotifyRequest, Recipient } from '../../domain/notification';

const calendar = loadCalendar();
const CODE = 'H57.22-370302-0001';
const HOLDER = 'Phòng Kinh tế và Hạ tầng';

function view(): FileView {
  const file = parseOneStopFile({
    code: CODE,
    procedure: { code: '1.009994', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 9 },
    applicant: { name: 'Nguyễn Văn An', email: 'an.nguyen@example.vn', phone: '0905 123 456', idNumber: '052090001234' },
    receivingUnit: 'Bộ phận Một cửa huyện',
    agencies: [HOLDER],
    receivedAt: '2037-03-02T09:30:00+07:00',
    online: false,
    jurisdiction: 'tuy-phuoc',
  });
  return {
    workflowId: `file:${file.code}`,
    file,
    status: 'due_soon',
    outcome: null,
    holder: HOLDER,
    // Friday 13/03/2037.
    appointment: { date: '2037-03-13', at: '2037-03-13T10:00:00.000Z' },
    originalAppointment: { date: '2037-03-13', at: '2037-03-13T10:00:00.000Z' },
    clock: { start: '2037-03-02', explanation: 'Tiếp nhận lúc 09:30 Thứ Hai, 02/03/2037; 9 ngày làm việc, hẹn trả kết quả Thứ Sáu, 13/03/2037.', paused: false, restarts: 0 },
    apologyBy: '2037-03-12',
    apology: null,
    documentRequests: [],
    result: null,
    returnedAt: null,
    withdrawn: null,
    late: null,
    lateAgain: null,
    escalationLevel: 0,
    acknowledged: [],
    publication: null,
    timeline: [],
  };
}

const officer: Recipient = { role: 'officer', agency: HOLDER };
const monitor: Recipient = { role: 'monitor', jurisdiction: 'tuy-phuoc' };
const chair: Recipient = { role: 'chair', jurisdiction: 'tuy-phuoc' };

/** Every kind a file sends, with the arguments the file workflow gives it. */
const FILE_MESSAGES: { name: string; notice: Parameters<typeof fileNotice>[1] }[] = [
  { name: 'reminder (warning)', notice: { key: 'file@2037-03-13:reminder:2', kind: 'reminder', to: [officer], asOf: '2037-03-11', details: { 'Lưu ý': 'Nếu dự kiến không kịp trả kết quả đúng hẹn, …' } } },
  { name: 'apology_required', notice: { key: 'file@2037-03-13:reminder:1', kind: 'apology_required', to: [officer], asOf: '2037-03-12', details: { apologyBy: '2037-03-12' } } },
  { name: 'apology_overdue', notice: { key: 'file@2037-03-13:reminder:0', kind: 'apology_overdue', to: [officer], asOf: '2037-03-13' } },
  {
    name: 'escalation level 2',
    notice: { key: 'file@2037-03-13:escalation:2:0', kind: 'escalation', level: 2, to: [monitor], asOf: '2037-03-16', details: { 'Tình trạng hồ sơ': 'Trễ hẹn, chưa có phiếu xin lỗi', 'Cơ quan đang giữ hồ sơ': HOLDER } },
  },
  {
    name: 'escalation level 3',
    notice: { key: 'file@2037-03-13:escalation:3:0', kind: 'escalation', level: 3, to: [chair, monitor], asOf: '2037-03-19', details: { 'Tình trạng hồ sơ': 'Trễ hẹn, chưa có phiếu xin lỗi', 'Cơ quan đang giữ hồ sơ': HOLDER } },
  },
];

function render(request: NotifyRequest) {
  return renderMessage(request, 'Văn phòng UBND huyện', { calendar });
}

function failureOf(request: NotifyRequest): NotifyRequest {
  return deliveryFailureRequest(parseNotifyRequest(request), { failedRecipients: 'Thủ trưởng Phòng Kinh tế và Hạ tầng', reason: 'chưa có địa chỉ thư điện tử', jurisdictions: ['tuy-phuoc'] })!;
}

describe('one-stop file messages speak of the file, not of a task', () => {
  const cases = [
    ...FILE_MESSAGES.map(({ name, notice }) => ({ name, request: fileNotice(view(), notice) })),
    ...FILE_MESSAGES.map(({ name, notice }) => ({ name: `delivery_failed of ${name}`, request: failureOf(fileNotice(view(), notice)) })),
  ];

  it.each(cases)('$name', ({ request }) => {
    const m = render(request);
    const all = `${m.subject}\n${m.text}`;
    for (const taskWord of ['nhiệm vụ', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Hạn hoàn thành', 'chưa được báo cáo hoàn thành', 'Kế hoạch:', 'Giải quyết hồ sơ']) {
      expect(all, taskWord).not.toContain(taskWord);
    }
    expect(m.text).toMatch(/[Hh]ồ sơ dưới đây/);
    expect(m.text).toContain(`- Hồ sơ: ${CODE} – Cấp giấy phép xây dựng nhà ở riêng lẻ`);
    expect(m.text).toContain('- Thủ tục hành chính: Cấp giấy phép xây dựng nhà ở riêng lẻ (mã 1.009994)');
    expect(m.text).toContain(`- Cơ quan đang giải quyết: ${HOLDER}`);
    expect(m.text).toContain('- Thời hạn giải quyết: 9 ngày làm việc');
    expect(m.text).toContain('- Ngày hẹn trả kết quả: Thứ Sáu, 13/03/2037');
    expect(m.text).toContain('- Nơi tiếp nhận: Bộ phận Một cửa huyện');
    expect(m.text).not.toContain('Cơ quan đang giữ hồ sơ');
    expect(m.text).toContain(`http://127.0.0.1:3000/tasks/file%3A${CODE}`);
  });

  it('the warning counts working days to the appointment', () => {
    const m = render(fileNotice(view(), FILE_MESSAGES[0]!.notice));
    expect(m.subject).toBe(`[Sắp đến ngày hẹn trả kết quả] Còn 2 ngày làm việc: ${CODE} – Cấp giấy phép xây dựng nhà ở riêng lẻ`);
    expect(m.text).toContain('Hồ sơ dưới đây có ngày hẹn trả kết quả là Thứ Sáu, 13/03/2037, còn 2 ngày làm việc (tính từ ngày 11/03/2037)');
    expect(m.text).toContain('- Tình trạng (tính đến 11/03/2037): Còn 2 ngày làm việc đến ngày hẹn');
  });

  it('apology_required does not assert that the file will be late: it says what to do if it cannot be returned on time', () => {
    const m = render(fileNotice(view(), FILE_MESSAGES[1]!.notice));
    expect(m.text).not.toContain('sẽ không kịp');
    expect(m.subject).toBe(`[Nhắc hạn gửi phiếu xin lỗi] ${CODE} – Cấp giấy phép xây dựng nhà ở riêng lẻ`);
    expect(m.text).toContain('Hồ sơ dưới đây có ngày hẹn trả kết quả là Thứ Sáu, 13/03/2037, còn 1 ngày làm việc, và chưa có kết quả giải quyết.');
    expect(m.text).toContain(
      'Nếu không thể trả kết quả đúng ngày hẹn, cơ quan giải quyết phải gửi Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết cho người dân, tổ chức ' +
        'chậm nhất hết ngày 12/03/2037, nêu rõ lý do và hẹn lại ngày trả kết quả; mỗi hồ sơ chỉ được hẹn lại một lần.',
    );
    expect(m.text).toContain('Nếu hồ sơ được trả đúng hẹn thì không phải gửi phiếu xin lỗi.');
  });

  it('escalations count working days late: Friday appointment, Monday = 1, Thursday = 4 (not 3 and 6 calendar days)', () => {
    const level2 = render(fileNotice(view(), FILE_MESSAGES[3]!.notice));
    expect(level2.subject).toBe(`[Báo cáo lên cấp 2] Hồ sơ trễ hẹn: ${CODE} – Cấp giấy phép xây dựng nhà ở riêng lẻ`);
    expect(level2.text).toContain('Báo cáo lên cấp 2 – Văn phòng UBND (cơ quan theo dõi, đôn đốc): hồ sơ dưới đây đã trễ hẹn 1 ngày làm việc (ngày hẹn trả kết quả: 13/03/2037)');
    expect(level2.text).toContain('- Tình trạng (tính đến 16/03/2037): Trễ hẹn 1 ngày làm việc');
    const level3 = render(fileNotice(view(), FILE_MESSAGES[4]!.notice));
    expect(level3.text).toContain('Báo cáo lên cấp 3 – Chủ tịch UBND: hồ sơ dưới đây đã trễ hẹn 4 ngày làm việc');
    expect(level3.text).toContain('- Tình trạng (tính đến 19/03/2037): Trễ hẹn 4 ngày làm việc');
    expect(level3.text).not.toMatch(/[36] ngày(?! làm việc)/);
  });

  it('apology_overdue on the appointment day says the day, without claiming the file is already late', () => {
    const m = render(fileNotice(view(), FILE_MESSAGES[2]!.notice));
    expect(m.subject).toBe(`[Quá hạn gửi phiếu xin lỗi] ${CODE} – Cấp giấy phép xây dựng nhà ở riêng lẻ`);
    expect(m.text).toContain('Hôm nay, Thứ Sáu, 13/03/2037, là ngày hẹn trả kết quả của hồ sơ dưới đây; hồ sơ chưa có kết quả giải quyết');
    expect(m.text).toContain('- Tình trạng (tính đến 13/03/2037): Hôm nay là ngày hẹn trả kết quả');
  });

  it('a warning sent after the appointment states the facts of that day', () => {
    const late = render({ ...fileNotice(view(), FILE_MESSAGES[0]!.notice), asOf: '2037-03-17' });
    expect(late.subject).toBe(`[Trễ hẹn 2 ngày làm việc] ${CODE} – Cấp giấy phép xây dựng nhà ở riêng lẻ`);
    expect(late.text).not.toContain('Còn');
  });

  it('delivery_failed of a file names the failed notice in file words and links to the file', () => {
    const m = render(failureOf(fileNotice(view(), FILE_MESSAGES[3]!.notice)));
    expect(m.subject).toBe(`[Không gửi được thông báo] Hồ sơ ${CODE} – Cấp giấy phép xây dựng nhà ở riêng lẻ`);
    expect(m.text).toContain('Hệ thống không gửi được thông báo “Báo cáo hồ sơ trễ hẹn lên cấp trên” về hồ sơ dưới đây tới: Thủ trưởng Phòng Kinh tế và Hạ tầng. Lý do: chưa có địa chỉ thư điện tử.');
    expect(m.text).toContain(`Xem hồ sơ:\nhttp://127.0.0.1:3000/tasks/file%3A${CODE}`);
  });
});
