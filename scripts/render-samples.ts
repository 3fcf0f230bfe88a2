/**
 * Prints a sample of every kind of message (subject and plain-text part) as Markdown, rendered by
 * the real render functions from one task of seed plan 001. Its output is pasted into
 * the README (section Messages):  npx tsx scripts/render-samples.ts
 */
import { loadCalendar } from '../domain/calendar/load';
import { renderMessage } from '../domain/messages/render';
import { renderDigest } from '../domain/messages/digest';
import type { NotifyRequest } from '../domain/notification';
import type { RenderedMessage } from '../domain/messages/layout';

const task: NotifyRequest['subject'] = {
  workflowId: 'task:3322-qd-ubnd-2024:IV.1.1',
  planTitle: 'Kế hoạch cải cách hành chính tỉnh Thừa Thiên Huế năm 2025 (Quyết định số 3322/QĐ-UBND)',
  title: 'Xây dựng và ban hành Kế hoạch kiểm soát TTHC năm 2026',
  product: 'Kế hoạch',
  lead: ['Văn phòng UBND tỉnh'],
  deadlineText: 'Trước ngày 31/12/2025',
  explanation: '“Trước ngày 31/12/2025”: hoàn thành chậm nhất ngày 30/12/2025.',
  due: '2025-12-30',
};

/** A one-stop file, as domain/onestop/notices.ts describes it. */
const file: NotifyRequest['subject'] = {
  workflowId: 'file:000.00.12.H57-251201-0007',
  planTitle: 'Bộ phận Một cửa UBND huyện Tuy Phước',
  title: '000.00.12.H57-251201-0007 – Cấp giấy phép xây dựng nhà ở riêng lẻ',
  product: 'Cấp giấy phép xây dựng nhà ở riêng lẻ (mã 1.009994)',
  lead: ['Phòng Kinh tế và Hạ tầng'],
  deadlineText: '15 ngày làm việc',
  explanation: 'Tiếp nhận ngày 01/12/2025; 15 ngày làm việc, hẹn trả kết quả ngày 22/12/2025.',
  due: '2025-12-22',
};

const base = { to: [{ role: 'officer' as const, agency: 'Văn phòng UBND tỉnh' }], details: { jurisdiction: 'thua-thien-hue' } };

const samples: { heading: string; to: string; request: NotifyRequest }[] = [
  { heading: 'reminder — nhắc việc trước hạn', to: 'Văn phòng UBND tỉnh', request: { ...base, key: `${task.workflowId}:reminder:2025-12-23`, kind: 'reminder', subject: task, asOf: '2025-12-23' } },
  { heading: 'due_today — đến hạn hôm nay', to: 'Văn phòng UBND tỉnh', request: { ...base, key: `${task.workflowId}:due:2025-12-30`, kind: 'due_today', subject: task, asOf: '2025-12-30' } },
  { heading: 'overdue — quá hạn', to: 'Văn phòng UBND tỉnh', request: { ...base, key: `${task.workflowId}:overdue:2026-01-02`, kind: 'overdue', subject: task, asOf: '2026-01-02' } },
  ...[1, 2, 3].map((level) => ({
    heading: `escalation — báo cáo lên cấp ${level}`,
    to: ['Thủ trưởng Văn phòng UBND tỉnh', 'Văn phòng UBND tỉnh', 'đồng chí Nguyễn Văn Phương, Chủ tịch UBND tỉnh Thừa Thiên Huế'][level - 1]!,
    request: { ...base, key: `${task.workflowId}:escalation:${level}`, kind: 'escalation' as const, level, subject: task, asOf: ['2026-01-02', '2026-01-07', '2026-01-14'][level - 1]! },
  })),
  {
    heading: 'extension_requested — cơ quan đề nghị gia hạn',
    to: 'Văn phòng UBND tỉnh',
    request: {
      ...base,
      key: `extension-requested:${task.workflowId}@2025-12-22`,
      kind: 'extension_requested',
      subject: { ...task, lead: ['Sở Nội vụ'] },
      asOf: '2025-12-22',
      details: { jurisdiction: 'thua-thien-hue', requestedUntil: '2026-01-15', requestedBy: 'Trần Thị Mai', reason: 'Chờ ý kiến góp ý của các sở, ngành' },
    },
  },
  {
    heading: 'extension_declined — không đồng ý gia hạn',
    to: 'Sở Nội vụ',
    request: {
      ...base,
      key: `extension-declined:${task.workflowId}@2025-12-22`,
      kind: 'extension_declined',
      subject: { ...task, lead: ['Sở Nội vụ'] },
      asOf: '2025-12-23',
      details: { jurisdiction: 'thua-thien-hue', requestedUntil: '2026-01-15', reason: 'Kế hoạch phải ban hành trước năm mới' },
    },
  },
  {
    heading: 'extension_approved — đồng ý gia hạn',
    to: 'Sở Nội vụ',
    request: {
      ...base,
      key: `extension-approved:${task.workflowId}@2025-12-22`,
      kind: 'extension_approved',
      subject: { ...task, lead: ['Sở Nội vụ'], due: '2026-01-15' },
      asOf: '2025-12-23',
      details: { jurisdiction: 'thua-thien-hue', requestedUntil: '2026-01-15', reason: 'Chờ ý kiến góp ý của các sở, ngành' },
    },
  },
  {
    heading: 'needs_deadline — cần ấn định thời hạn',
    to: 'Văn phòng UBND tỉnh',
    request: {
      ...base,
      key: 'task:3322-qd-ubnd-2024:I.4:needs-deadline:2025-01-06',
      kind: 'needs_deadline',
      subject: { ...task, workflowId: 'task:3322-qd-ubnd-2024:I.4', title: 'Tổ chức thi hành pháp luật về xử lý vi phạm hành chính', product: 'Báo cáo', lead: ['Sở Tư pháp'], deadlineText: 'Theo quy định', explanation: null, due: null },
      asOf: '2025-01-06',
    },
  },
  {
    heading: 'checkin — cập nhật tiến độ nhiệm vụ thường xuyên',
    to: 'Sở Nội vụ',
    request: {
      ...base,
      key: 'task:3322-qd-ubnd-2024:VI.2:checkin:2025-12-31',
      kind: 'checkin',
      subject: { ...task, workflowId: 'task:3322-qd-ubnd-2024:VI.2', title: 'Tuyên truyền về cải cách hành chính', product: null, lead: ['Sở Nội vụ'], deadlineText: 'Thường xuyên', explanation: null, due: null },
      asOf: '2025-12-31',
      details: { jurisdiction: 'thua-thien-hue', period: 'quý IV/2025' },
    },
  },
  {
    heading: 'reminder (hồ sơ một cửa) — cảnh báo sắp đến ngày hẹn trả kết quả',
    to: 'Phòng Kinh tế và Hạ tầng',
    request: { ...base, key: `${file.workflowId}:file@2025-12-22:reminder:2`, kind: 'reminder', subject: file, asOf: '2025-12-18', details: { jurisdiction: 'tuy-phuoc' } },
  },
  {
    heading: 'apology_required — nhắc hạn gửi phiếu xin lỗi nếu trễ hẹn',
    to: 'Phòng Kinh tế và Hạ tầng',
    request: { ...base, key: `${file.workflowId}:file@2025-12-22:reminder:1`, kind: 'apology_required', subject: file, asOf: '2025-12-19', details: { jurisdiction: 'tuy-phuoc', apologyBy: '2025-12-19' } },
  },
  {
    heading: 'apology_overdue — quá hạn gửi phiếu xin lỗi',
    to: 'Phòng Kinh tế và Hạ tầng',
    request: { ...base, key: `${file.workflowId}:file@2025-12-22:reminder:0`, kind: 'apology_overdue', subject: file, asOf: '2025-12-22', details: { jurisdiction: 'tuy-phuoc' } },
  },
  ...[2, 3].map((level) => ({
    heading: `escalation (hồ sơ một cửa) — báo cáo lên cấp ${level}`,
    to: ['Văn phòng UBND huyện Tuy Phước', 'đồng chí Chủ tịch UBND huyện Tuy Phước'][level - 2]!,
    request: {
      ...base,
      key: `${file.workflowId}:file@2025-12-22:escalation:${level}:0`,
      kind: 'escalation' as const,
      level,
      subject: file,
      asOf: ['2025-12-23', '2025-12-26'][level - 2]!,
      details: { jurisdiction: 'tuy-phuoc', 'Tình trạng hồ sơ': 'Trễ hẹn, chưa có phiếu xin lỗi' },
    },
  })),
  {
    heading: 'delivery_failed — không gửi được thông báo',
    to: 'Văn phòng UBND tỉnh',
    request: {
      ...base,
      key: `${task.workflowId}:overdue:2026-01-02#delivery_failed`,
      kind: 'delivery_failed',
      subject: { ...task, lead: ['Sở Xây dựng'] },
      asOf: '2026-01-02',
      details: { jurisdiction: 'thua-thien-hue', failedKind: 'overdue', failedRecipients: 'Sở Xây dựng', reason: 'Sở Xây dựng chưa có địa chỉ thư điện tử trong danh bạ' },
    },
  },
  {
    heading: 'monthly_report — báo cáo tháng',
    to: 'Văn phòng UBND tỉnh',
    request: {
      ...base,
      key: 'report:3322-qd-ubnd-2024:2025-11',
      kind: 'monthly_report',
      subject: { ...task, workflowId: 'plan:3322-qd-ubnd-2024', title: 'Tình hình thực hiện Kế hoạch CCHC năm 2025', product: null, deadlineText: null, explanation: null, due: null },
      asOf: '2025-11-30',
      details: { period: '11/2025', 'Tổng số nhiệm vụ': '57', 'Hoàn thành đúng hạn': '31', 'Hoàn thành quá hạn': '3', 'Đang thực hiện, chưa đến hạn': '19', 'Quá hạn chưa hoàn thành': '4' },
    },
  },
];

function digestSample(): RenderedMessage {
  const item = (n: string, title: string, kind: 'reminder' | 'overdue' | 'checkin' | 'due_today', due: string | null, deadlineText: string): NotifyRequest => ({
    key: `task:3322-qd-ubnd-2024:${n}:${kind}`,
    kind,
    to: [{ role: 'officer', agency: 'Sở Nội vụ' }],
    subject: { ...task, workflowId: `task:3322-qd-ubnd-2024:${n}`, title, lead: ['Sở Nội vụ'], deadlineText, due, product: null },
    asOf: '2025-12-23',
  });
  return renderDigest({
    agency: 'Sở Nội vụ',
    date: '2025-12-23',
    recipientsDescription: 'Sở Nội vụ',
    items: [
      item('II.3', 'Xây dựng Kế hoạch cải cách hành chính năm 2026', 'reminder', '2025-12-30', 'Trước ngày 31/12/2025'),
      item('II.5', 'Báo cáo kết quả xác định Chỉ số cải cách hành chính năm 2025', 'overdue', '2025-12-20', 'Trước ngày 20/12/2025'),
      item('VI.2', 'Tuyên truyền về cải cách hành chính', 'checkin', null, 'Thường xuyên'),
    ],
  });
}

function section(heading: string, m: RenderedMessage): string {
  return [`### ${heading}`, '', `Subject: **${m.subject}**`, '', '```text', m.text.trimEnd(), '```', ''].join('\n');
}

const calendar = loadCalendar();
const out = [...samples.map((s) => section(s.heading, renderMessage(s.request, s.to, { calendar }))), section('daily_digest — tổng hợp hằng ngày', digestSample())];
process.stdout.write(out.join('\n'));
