/**
 * The named placeholders a template's message texts may use, per kind of message, and the check
 * that refuses an unknown one (naming it and where it is). Pure; the values are filled in by
 * domain/messages/custom-texts.ts when a message is rendered.
 */

/**
 * The kinds of message a plan task sends, whose texts a template may replace. The extension notices
 * (extension_requested, extension_declined, extension_approved) are not among them: they are the
 * procedure between an agency and the monitoring office, the same for every template, so a
 * template's texts for them are refused like any unknown kind.
 */
export const TASK_MESSAGE_KINDS = ['reminder', 'due_today', 'overdue', 'escalation', 'needs_deadline', 'checkin'] as const;
export type TaskMessageKind = (typeof TASK_MESSAGE_KINDS)[number];

/** Vietnamese names of the kinds, as errors and the dashboard say them. */
export const TASK_MESSAGE_KIND_NAMES: Record<TaskMessageKind, string> = {
  reminder: 'Nhắc việc trước hạn',
  due_today: 'Đến hạn hôm nay',
  overdue: 'Quá hạn',
  escalation: 'Báo cáo lên cấp trên',
  needs_deadline: 'Cần ấn định thời hạn',
  checkin: 'Cập nhật tiến độ',
};

/** What each placeholder stands for (shown to admins beside the editor). */
export const PLACEHOLDER_MEANINGS: Record<string, string> = {
  tenNhiemVu: 'tên nhiệm vụ',
  tenKeHoach: 'tên kế hoạch',
  sanPham: 'sản phẩm của nhiệm vụ',
  coQuanChuTri: 'cơ quan chủ trì',
  thoiGianThucHien: 'thời gian thực hiện như văn bản ghi',
  ngayGui: 'ngày gửi thông báo (dd/mm/yyyy)',
  han: 'hạn hoàn thành (dd/mm/yyyy)',
  thuHan: 'thứ và ngày của hạn hoàn thành (Thứ Ba, 30/12/2025)',
  soNgayConLai: 'số ngày còn lại đến hạn',
  soNgayQuaHan: 'số ngày quá hạn',
  quaHanTu: 'ngày bắt đầu quá hạn (dd/mm/yyyy)',
  capBaoCao: 'cấp báo cáo (1, 2, 3…)',
  noiNhanCap: 'nơi nhận của cấp báo cáo (Thủ trưởng cơ quan chủ trì, Văn phòng UBND, Chủ tịch UBND)',
  ky: 'kỳ báo cáo tiến độ',
};

const COMMON = ['tenNhiemVu', 'tenKeHoach', 'sanPham', 'coQuanChuTri', 'thoiGianThucHien', 'ngayGui'] as const;
const DATED = [...COMMON, 'han', 'thuHan'] as const;

/** The placeholders allowed in each kind's texts. */
export const ALLOWED_PLACEHOLDERS: Record<TaskMessageKind, readonly string[]> = {
  reminder: [...DATED, 'soNgayConLai'],
  due_today: DATED,
  overdue: [...DATED, 'soNgayQuaHan', 'quaHanTu'],
  escalation: [...DATED, 'soNgayQuaHan', 'quaHanTu', 'capBaoCao', 'noiNhanCap'],
  needs_deadline: COMMON,
  checkin: [...COMMON, 'ky'],
};

/** One problem of a text: a Vietnamese sentence naming the placeholder. */
export function placeholderProblems(text: string, kind: TaskMessageKind): string[] {
  const problems: string[] = [];
  const allowed = ALLOWED_PLACEHOLDERS[kind];
  const open = text.replace(/\{[^{}]*\}/g, '');
  if (/[{}]/.test(open)) problems.push('có dấu ngoặc nhọn “{” hoặc “}” không thành cặp');
  for (const match of text.matchAll(/\{([^{}]*)\}/g)) {
    const name = match[1]!;
    if (!allowed.includes(name)) {
      problems.push(
        `trường thay thế {${name}} không dùng được trong thư “${TASK_MESSAGE_KIND_NAMES[kind]}”; các trường dùng được: ${allowed.map((p) => `{${p}}`).join(', ')}`,
      );
    }
  }
  return problems;
}

/** Replaces each {name} by its value (every name has been checked when the template was saved). */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\{([^{}]*)\}/g, (whole, name: string) => values[name] ?? whole);
}
