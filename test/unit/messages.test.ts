import { describe, expect, it } from 'vitest';
import { renderMessage, MessageInputError } from '../../domain/messages/render';
import { renderDigest } from '../../domain/messages/digest';
import { deliveryFailureKey, deliveryFailureRequest } from '../../domain/messages/failure';
import { parseNotifyRequest } from '../../domain/messages/render';
import { escapeHtml } from '../../domain/messages/text';
import { MessageKindSchema, type MessageKind, type NotifyRequest } from '../../domain/notification';
import { loadCalendar } from '../../domain/calendar/load';

const calendar = loadCalendar();

const TITLE = 'Xây dựng và ban hành Kế hoạch kiểm soát TTHC năm 2026';
const WORKFLOW = 'task:3322-qd-ubnd-2024:IV.1';

function request(overrides: Partial<NotifyRequest> = {}): NotifyRequest {
  return {
    key: `${WORKFLOW}:reminder:7`,
    kind: 'reminder',
    to: [{ role: 'officer', agency: 'Văn phòng UBND tỉnh' }],
    subject: {
      workflowId: WORKFLOW,
      planTitle: 'Kế hoạch cải cách hành chính tỉnh Thừa Thiên Huế năm 2025',
      title: TITLE,
      product: 'Kế hoạch',
      lead: ['Văn phòng UBND tỉnh'],
      deadlineText: 'Trước ngày 31/12/2025',
      explanation: '“Trước ngày 31/12/2025”: hạn cuối là ngày 30/12/2025.',
      due: '2025-12-30',
    },
    asOf: '2025-12-23',
    details: { jurisdiction: 'thua-thien-hue' },
    ...overrides,
  };
}

const LINK = 'http://127.0.0.1:3000/tasks/task%3A3322-qd-ubnd-2024%3AIV.1';

describe('renderMessage: subjects and the counting of days', () => {
  it('reminder: "[Nhắc việc] Còn 7 ngày: …", days counted from asOf to due', () => {
    const m = renderMessage(request(), 'Văn phòng UBND tỉnh');
    expect(m.subject).toBe(`[Nhắc việc] Còn 7 ngày: ${TITLE}`);
    expect(m.text).toContain('Kính gửi: Văn phòng UBND tỉnh.');
    expect(m.text).toContain('đến hạn hoàn thành vào Thứ Ba, 30/12/2025, còn 7 ngày (tính từ ngày 23/12/2025)');
    expect(m.text).toContain('- Tình trạng (tính đến 23/12/2025): Còn 7 ngày');
  });

  it('reminder one day before says "Còn 1 ngày"', () => {
    expect(renderMessage(request({ asOf: '2025-12-29' }), 'x').subject).toBe(`[Nhắc việc] Còn 1 ngày: ${TITLE}`);
  });

  it('a reminder or due-today notice rendered after its day states that day’s facts, not "Còn -3 ngày"', () => {
    const late = renderMessage(request({ asOf: '2026-01-02' }), 'x');
    expect(late.subject).toBe(`[Quá hạn 3 ngày] ${TITLE}`);
    expect(late.text).not.toContain('Còn -');
    const dueDay = renderMessage(request({ asOf: '2025-12-30' }), 'x');
    expect(dueDay.subject).toBe(`[Đến hạn hôm nay] ${TITLE}`);
    expect(renderMessage(request({ kind: 'due_today', asOf: '2025-12-31' }), 'x').subject).toBe(`[Quá hạn 1 ngày] ${TITLE}`);
  });

  it('due_today names today', () => {
    const m = renderMessage(request({ kind: 'due_today', asOf: '2025-12-30' }), 'Văn phòng UBND tỉnh');
    expect(m.subject).toBe(`[Đến hạn hôm nay] ${TITLE}`);
    expect(m.text).toContain('Hôm nay, Thứ Ba, 30/12/2025, là ngày cuối cùng');
    expect(m.text).toContain('Tình trạng (tính đến 30/12/2025): Đến hạn hôm nay');
  });

  it('overdue counts days late across a year boundary', () => {
    const m = renderMessage(request({ kind: 'overdue', asOf: '2026-01-02' }), 'Văn phòng UBND tỉnh');
    expect(m.subject).toBe(`[Quá hạn 3 ngày] ${TITLE}`);
    expect(m.text).toContain('đã quá hạn 3 ngày (hạn hoàn thành: 30/12/2025)');
    expect(m.text).toContain('Tình trạng (tính đến 02/01/2026): Quá hạn 3 ngày');
  });

  it.each([
    [1, 'Thủ trưởng cơ quan chủ trì'],
    [2, 'Văn phòng UBND (cơ quan theo dõi, đôn đốc)'],
    [3, 'Chủ tịch UBND'],
  ])('escalation level %i names its level, the day it became overdue and asks for acknowledgement', (level, who) => {
    const m = renderMessage(request({ kind: 'escalation', level, asOf: '2026-01-09' }), 'Chủ tịch UBND tỉnh');
    expect(m.subject).toBe(`[Báo cáo lên cấp ${level}] ${TITLE}`);
    expect(m.text).toContain(`Báo cáo lên cấp ${level} – ${who}`);
    expect(m.text).toContain('quá hạn 10 ngày (quá hạn từ ngày 31/12/2025)');
    expect(m.text).toContain('xác nhận đã nhận thông báo');
    expect(m.text).toContain(`Xác nhận đã nhận và chỉ đạo xử lý:\n${LINK}`);
    expect(m.html).toContain(`href="${LINK}"`);
  });

  it('escalation without a level or a reminder without a due date is refused, naming the key', () => {
    expect(() => renderMessage(request({ kind: 'escalation' }), 'x')).toThrow(/escalation.*level.*IV\.1/);
    expect(() => renderMessage(request({ subject: { ...request().subject, due: null } }), 'x')).toThrow(MessageInputError);
    expect(() => renderMessage(request({ subject: { ...request().subject, due: null } }), 'x')).toThrow(/subject\.due/);
  });

  it('an invalid request says which field is wrong', () => {
    expect(() => renderMessage(request({ asOf: '2025-02-30' }), 'x')).toThrow(/asOf: ngày không tồn tại/);
    expect(() => renderMessage(request({ to: [] }), 'x')).toThrow(/invalid notify request .*to:/);
  });

  it('needs_deadline quotes the phrase that has no date', () => {
    const m = renderMessage(
      request({ kind: 'needs_deadline', subject: { ...request().subject, deadlineText: 'Theo quy định', due: null, explanation: null } }),
      'Văn phòng UBND tỉnh',
    );
    expect(m.subject).toBe(`[Cần ấn định thời hạn] ${TITLE}`);
    expect(m.text).toContain('chưa có thời hạn cụ thể (văn bản ghi: “Theo quy định”)');
    expect(m.text).not.toContain('Tình trạng');
    expect(m.text).toContain(`Ấn định thời hạn:\n${LINK}`);
  });

  it('checkin names the period', () => {
    const m = renderMessage(
      request({ kind: 'checkin', subject: { ...request().subject, deadlineText: 'Thường xuyên', due: null }, details: { period: 'quý IV/2025' } }),
      'Sở Nội vụ',
    );
    expect(m.subject).toBe(`[Cập nhật tiến độ] ${TITLE}`);
    expect(m.text).toContain('được thực hiện thường xuyên (“Thường xuyên”). Đề nghị quý cơ quan cập nhật tình hình thực hiện kỳ quý IV/2025');
    expect(m.text).not.toContain('- Kỳ:');
  });

  it('apology_required speaks of a file (hồ sơ), its appointment date and the apology deadline, in working days', () => {
    const m = renderMessage(
      request({
        kind: 'apology_required',
        subject: {
          workflowId: 'file:000.00.12.H57-251201-0001',
          planTitle: 'Bộ phận Một cửa UBND huyện Tuy Phước',
          title: 'Hồ sơ 000.00.12.H57-251201-0001 của bà Nguyễn Thị A',
          product: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
          lead: ['Phòng Kinh tế và Hạ tầng'],
          deadlineText: '15 ngày làm việc',
          explanation: null,
          due: '2025-12-22',
        },
        asOf: '2025-12-18',
        details: { apologyBy: '2025-12-19', newAppointment: '2025-12-29' },
      }),
      'Phòng Kinh tế và Hạ tầng',
      { calendar },
    );
    expect(m.subject).toBe('[Nhắc hạn gửi phiếu xin lỗi] Hồ sơ 000.00.12.H57-251201-0001 của bà Nguyễn Thị A');
    expect(m.text).toContain('- Hồ sơ: Hồ sơ 000.00.12.H57-251201-0001 của bà Nguyễn Thị A');
    expect(m.text).toContain('- Thủ tục hành chính: Cấp giấy phép xây dựng nhà ở riêng lẻ');
    expect(m.text).toContain('- Ngày hẹn trả kết quả: Thứ Hai, 22/12/2025');
    // Thu 18 → Mon 22: Fri 19 and Mon 22 are working days, the weekend is not.
    expect(m.text).toContain('- Tình trạng (tính đến 18/12/2025): Còn 2 ngày làm việc đến ngày hẹn');
    expect(m.text).toContain('Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết cho người dân, tổ chức chậm nhất hết ngày 19/12/2025');
    expect(m.text).toContain('- Ngày hẹn mới: 29/12/2025');
    expect(m.text).toContain('http://127.0.0.1:3000/tasks/file%3A000.00.12.H57-251201-0001');
  });

  it('apology_overdue counts the working days the file is late', () => {
    // Due Tue 30/12/2025; Wed 31 is a working day, Thu 01/01/2026 is New Year's Day.
    const m = renderMessage(request({ kind: 'apology_overdue', asOf: '2026-01-01' }), 'x', { calendar });
    expect(m.subject).toBe(`[Quá hạn gửi phiếu xin lỗi] ${TITLE}`);
    expect(m.text).toContain('đã trễ hẹn 1 ngày làm việc (ngày hẹn trả kết quả: 30/12/2025)');
    expect(m.text).toContain('- Tình trạng (tính đến 01/01/2026): Trễ hẹn 1 ngày làm việc');
  });

  it('a file message without the working-day calendar is refused, naming the key', () => {
    expect(() => renderMessage(request({ kind: 'apology_overdue', asOf: '2026-01-01' }), 'x')).toThrow(MessageInputError);
    expect(() => renderMessage(request({ kind: 'apology_overdue', asOf: '2026-01-01' }), 'x')).toThrow(/working days.*IV\.1/);
  });

  it('delivery_failed says which notice failed, for whom and why', () => {
    const m = renderMessage(
      request({
        kind: 'delivery_failed',
        details: { jurisdiction: 'thua-thien-hue', failedKind: 'overdue', failedRecipients: 'Sở Xây dựng', reason: 'chưa có địa chỉ thư điện tử' },
      }),
      'Văn phòng UBND tỉnh',
    );
    expect(m.subject).toBe(`[Không gửi được thông báo] ${TITLE}`);
    expect(m.text).toContain('Hệ thống không gửi được thông báo “Quá hạn” về nhiệm vụ dưới đây tới: Sở Xây dựng. Lý do: chưa có địa chỉ thư điện tử.');
    expect(m.text).not.toContain('failedKind');
    expect(m.text).not.toContain('jurisdiction');
  });

  it('monthly_report lists its figures from details', () => {
    const m = renderMessage(
      request({
        kind: 'monthly_report',
        subject: { ...request().subject, title: 'Tình hình thực hiện kế hoạch CCHC', due: null, product: null, explanation: null, deadlineText: null },
        asOf: '2025-11-30',
        details: { period: '11/2025', 'Tổng số nhiệm vụ': '57', 'Quá hạn': '4' },
      }),
      'Văn phòng UBND tỉnh',
    );
    expect(m.subject).toBe('[Báo cáo tháng 11/2025] Tình hình thực hiện kế hoạch CCHC');
    expect(m.text).toContain('- Tổng số nhiệm vụ: 57\n- Quá hạn: 4');
    expect(m.text).toContain('số liệu tính đến ngày 30/11/2025');
  });

  it('every kind but the digest has a template with a Vietnamese bracketed subject', () => {
    const kinds = MessageKindSchema.options.filter((k) => k !== 'daily_digest');
    for (const kind of kinds as MessageKind[]) {
      const m = renderMessage(request({ kind, level: 2, asOf: kind === 'overdue' || kind === 'escalation' ? '2026-01-05' : '2025-12-23' }), 'Văn phòng UBND tỉnh', { calendar });
      expect(m.subject, kind).toMatch(/^\[[^\]]+\] /);
      expect(m.html, kind).toContain('<html lang="vi">');
      expect(m.text, kind).toContain('Mã thông báo: ');
    }
    expect(() => renderMessage(request({ kind: 'daily_digest' }), 'x')).toThrow(/renderDigest/);
  });
});

describe('renderMessage: text safety', () => {
  it('escapes user text in HTML and keeps it readable in the text part', () => {
    const title = 'Rà soát <script>alert("x")</script> & “báo cáo” <b>TTHC</b>';
    const m = renderMessage(request({ subject: { ...request().subject, title, lead: ['Sở A & B'] } }), 'Sở A & B <c>');
    expect(m.html).not.toContain('<script>');
    expect(m.html).not.toContain('<b>TTHC');
    expect(m.html).toContain('Rà soát &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; “báo cáo” &lt;b&gt;TTHC&lt;/b&gt;');
    expect(m.html).toContain('Kính gửi: Sở A &amp; B &lt;c&gt;.');
    expect(m.html).toContain('<td style="vertical-align: top; padding: 4px 0">Sở A &amp; B</td>');
    expect(m.text).toContain(`- Nhiệm vụ: ${title}`);
    expect(m.subject).toBe(`[Nhắc việc] Còn 7 ngày: ${title}`);
  });

  it('encodes the workflow id in the link and escapes the href', () => {
    const m = renderMessage(request({ subject: { ...request().subject, workflowId: 'task:a&b "c"/d' } }), 'x');
    expect(m.text).toContain('http://127.0.0.1:3000/tasks/task%3Aa%26b%20%22c%22%2Fd');
    expect(m.html).toContain('href="http://127.0.0.1:3000/tasks/task%3Aa%26b%20%22c%22%2Fd"');
  });

  it('uses the configured dashboard URL, without a doubled slash', () => {
    const m = renderMessage(request(), 'x', { dashboardUrl: 'https://dondoc.hue.gov.vn/' });
    expect(m.text).toContain('https://dondoc.hue.gov.vn/tasks/task%3A3322-qd-ubnd-2024%3AIV.1');
  });

  it('writes Vietnamese in NFC even when given decomposed (NFD) text', () => {
    const m = renderMessage(request({ subject: { ...request().subject, title: TITLE.normalize('NFD') } }), 'Văn phòng'.normalize('NFD'));
    for (const part of [m.subject, m.text, m.html]) expect(part).toBe(part.normalize('NFC'));
    expect(m.subject).toBe(`[Nhắc việc] Còn 7 ngày: ${TITLE}`);
  });

  it('keeps a subject on one line', () => {
    const m = renderMessage(request({ subject: { ...request().subject, title: 'Dòng một\r\nDòng hai' } }), 'x');
    expect(m.subject).toBe('[Nhắc việc] Còn 7 ngày: Dòng một Dòng hai');
  });

  it('escapeHtml covers the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('is pure: the same request renders the same message', () => {
    expect(renderMessage(request(), 'x')).toEqual(renderMessage(request(), 'x'));
  });
});

describe('renderDigest', () => {
  const item = (n: number, kind: MessageKind, due: string | null, asOf = '2025-12-23') =>
    request({
      key: `task:p:${n}:${kind}:${asOf}`,
      kind,
      asOf,
      subject: { ...request().subject, workflowId: `task:p:${n}`, title: `Nhiệm vụ số ${n}`, due, deadlineText: due ? 'Trước ngày 31/12/2025' : 'Thường xuyên' },
    });

  it('lists every task once under its heading, counting days to the digest date', () => {
    const m = renderDigest({
      agency: 'Sở Nội vụ',
      date: '2025-12-24',
      recipientsDescription: 'Sở Nội vụ',
      items: [item(1, 'reminder', '2025-12-31'), item(2, 'overdue', '2025-12-20'), item(3, 'checkin', null), item(4, 'due_today', '2025-12-24')],
    });
    expect(m.subject).toBe('[Tổng hợp ngày 24/12/2025] 4 việc cần xử lý – Sở Nội vụ');
    expect(m.text).toContain('1 nhiệm vụ quá hạn, 1 nhiệm vụ đến hạn hôm nay, 1 nhiệm vụ sắp đến hạn, 1 nhiệm vụ cần cập nhật tiến độ');
    const order = ['Nhiệm vụ quá hạn (1)', 'Nhiệm vụ đến hạn hôm nay (1)', 'Nhiệm vụ sắp đến hạn (1)', 'Nhiệm vụ thường xuyên cần cập nhật tiến độ (1)'].map((h) =>
      m.text.indexOf(h),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(m.text).toContain('Hạn hoàn thành: 31/12/2025 – Còn 7 ngày');
    expect(m.text).toContain('Hạn hoàn thành: 20/12/2025 – Quá hạn 4 ngày');
    expect(m.text).toContain('http://127.0.0.1:3000/tasks/task%3Ap%3A3');
    expect(m.html).toContain('<a href="http://127.0.0.1:3000/tasks/task%3Ap%3A1">Nhiệm vụ số 1</a>');
  });

  it('keeps only the latest notice of a task queued twice', () => {
    const m = renderDigest({
      agency: 'Sở Nội vụ',
      date: '2025-12-31',
      recipientsDescription: 'Sở Nội vụ',
      items: [item(1, 'reminder', '2025-12-30', '2025-12-23'), item(1, 'due_today', '2025-12-30', '2025-12-30')],
    });
    expect(m.subject).toBe('[Tổng hợp ngày 31/12/2025] 1 việc cần xử lý – Sở Nội vụ');
    expect(m.text).toContain('Nhiệm vụ đến hạn hôm nay (1)');
    expect(m.text).not.toContain('sắp đến hạn (');
  });

  it('refuses an escalation (never digested) and an empty digest', () => {
    expect(() => renderDigest({ agency: 'A', date: '2025-12-24', recipientsDescription: 'A', items: [request({ kind: 'escalation', level: 1 })] })).toThrow(
      /never part of a daily digest/,
    );
    expect(() => renderDigest({ agency: 'A', date: '2025-12-24', recipientsDescription: 'A', items: [] })).toThrow(/at least one item/);
  });

  it('escapes task titles in the HTML list', () => {
    const m = renderDigest({
      agency: 'Sở <Nội> vụ',
      date: '2025-12-24',
      recipientsDescription: 'Sở Nội vụ',
      items: [request({ subject: { ...request().subject, title: '<script>x</script> & y' } })],
    });
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;x&lt;/script&gt; &amp; y');
    expect(m.html).toContain('Sở &lt;Nội&gt; vụ');
  });
});

describe('delivery failure reports', () => {
  it('go to the monitoring office of the request jurisdiction, with a stable key', () => {
    const original = parseNotifyRequest(request({ kind: 'overdue', asOf: '2026-01-02' }));
    const report = deliveryFailureRequest(original, { failedRecipients: 'Sở Xây dựng', reason: 'không có email', jurisdictions: ['thua-thien-hue'] });
    expect(report).toMatchObject({
      key: `${original.key}#delivery_failed`,
      kind: 'delivery_failed',
      to: [{ role: 'monitor', jurisdiction: 'thua-thien-hue' }],
      details: { failedKind: 'overdue', failedRecipients: 'Sở Xây dựng', reason: 'không có email' },
    });
  });

  it('are not made about a report, nor without a jurisdiction', () => {
    const report = parseNotifyRequest(request({ kind: 'delivery_failed' }));
    expect(deliveryFailureRequest(report, { failedRecipients: 'x', reason: 'y', jurisdictions: ['thua-thien-hue'] })).toBeNull();
    expect(deliveryFailureRequest(parseNotifyRequest(request()), { failedRecipients: 'x', reason: 'y', jurisdictions: [] })).toBeNull();
  });

  it('keep keys within 300 characters and distinct for long keys', () => {
    const a = deliveryFailureKey('k'.repeat(295) + 'a');
    const b = deliveryFailureKey('k'.repeat(295) + 'b');
    expect(a.length).toBeLessThanOrEqual(300);
    expect(a).not.toBe(b);
  });
});
