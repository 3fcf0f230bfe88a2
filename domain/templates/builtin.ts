/**
 * The templates dondoc ships, for the duties the seed plans repeat. Seeded into the database on
 * first use (storage/templates.ts), after which admins edit them like any other (each save a new
 * version). Their matching rules pick up the sample plans' tasks on import.
 */
import { TemplateSchema, type Template, type TemplateInput } from './schema';

/** The ladder of the generic plan task (domain/policy.ts defaults). */
const DEFAULT_LADDER: TemplateInput['escalation'] = [
  { level: 1, afterWorkingDays: 1, to: 'head', requireAck: true, repeatEveryWorkingDays: 3 },
  { level: 2, afterWorkingDays: 5, to: 'monitor', requireAck: true, repeatEveryWorkingDays: 5 },
  { level: 3, afterWorkingDays: 15, to: 'chair', requireAck: true, repeatEveryWorkingDays: 10 },
];

/** Periodic reports: a short ladder, the Nội vụ office (monitoring) quickly involved. */
const REPORT_LADDER: TemplateInput['escalation'] = [
  { level: 1, afterWorkingDays: 1, to: 'head', requireAck: true, repeatEveryWorkingDays: 2 },
  { level: 2, afterWorkingDays: 3, to: 'monitor', requireAck: true, repeatEveryWorkingDays: 3 },
  { level: 3, afterWorkingDays: 10, to: 'chair', requireAck: true, repeatEveryWorkingDays: 5 },
];

const REPORT_TEXTS: TemplateInput['messages'] = {
  reminder: {
    subject: '[Nhắc báo cáo] Còn {soNgayConLai} ngày: {tenNhiemVu}',
    body:
      'Báo cáo dưới đây phải gửi về Sở Nội vụ (Phòng Nội vụ) chậm nhất vào {thuHan}, còn {soNgayConLai} ngày (tính từ ngày {ngayGui}).\n\n' +
      'Đề nghị quý cơ quan tổng hợp số liệu, hoàn thiện báo cáo và gửi đúng hạn; sau khi gửi, báo cáo hoàn thành trên hệ thống.',
    action: 'Báo cáo hoàn thành',
  },
  overdue: {
    subject: '[Chậm báo cáo {soNgayQuaHan} ngày] {tenNhiemVu}',
    body:
      'Đến ngày {ngayGui}, quý cơ quan chưa gửi báo cáo dưới đây (hạn {han}), chậm {soNgayQuaHan} ngày.\n\n' +
      'Việc chậm báo cáo ảnh hưởng đến tổng hợp chung và bị trừ điểm khi đánh giá Chỉ số cải cách hành chính. Đề nghị gửi báo cáo ngay.',
  },
};

const BUILTIN_INPUTS: { id: string; template: TemplateInput }[] = [
  {
    id: 'bao-cao-cchc-quy',
    template: {
      name: 'Báo cáo cải cách hành chính hằng quý',
      description: 'Báo cáo kết quả thực hiện công tác cải cách hành chính hằng quý gửi Sở Nội vụ (Phòng Nội vụ).',
      category: 'Báo cáo định kỳ',
      deadline: { type: 'phrase', phrase: 'Hằng quý, trước ngày 15 của tháng cuối quý' },
      reminders: { workingDaysBefore: [5, 2, 0], hour: '08:00' },
      escalation: REPORT_LADDER,
      messages: REPORT_TEXTS,
      matching: { words: ['báo cáo'], every: ['quarter'] },
    },
  },
  {
    id: 'bao-cao-cchc-6-thang',
    template: {
      name: 'Báo cáo cải cách hành chính 6 tháng',
      description: 'Báo cáo sơ kết 6 tháng công tác cải cách hành chính gửi Sở Nội vụ (Phòng Nội vụ).',
      category: 'Báo cáo định kỳ',
      deadline: { type: 'phrase', phrase: '06 tháng, trước ngày 15/6 và 15/12' },
      reminders: { workingDaysBefore: [7, 3, 0], hour: '08:00' },
      escalation: REPORT_LADDER,
      messages: REPORT_TEXTS,
      matching: { words: ['báo cáo'], every: ['half-year'] },
    },
  },
  {
    id: 'bao-cao-cchc-nam',
    template: {
      name: 'Báo cáo cải cách hành chính năm',
      description: 'Báo cáo tổng kết công tác cải cách hành chính năm gửi Sở Nội vụ (Phòng Nội vụ).',
      category: 'Báo cáo định kỳ',
      deadline: { type: 'phrase', phrase: 'Hằng năm, trước ngày 15/12' },
      reminders: { workingDaysBefore: [10, 5, 1, 0], hour: '08:00' },
      escalation: REPORT_LADDER,
      messages: REPORT_TEXTS,
      matching: { words: ['báo cáo'], every: ['year'] },
    },
  },
  {
    id: 'ke-hoach-cchc-nam',
    template: {
      name: 'Kế hoạch cải cách hành chính năm',
      description: 'Xây dựng, ban hành Kế hoạch cải cách hành chính năm sau, trước ngày 25/12.',
      category: 'Nhiệm vụ trong kế hoạch',
      deadline: { type: 'phrase', phrase: 'Hằng năm, trước ngày 25/12' },
      reminders: { workingDaysBefore: [15, 7, 2, 0], hour: '08:00' },
      escalation: DEFAULT_LADDER,
      matching: { words: ['xây dựng|ban hành', 'kế hoạch cải cách hành chính|kế hoạch cchc'] },
    },
  },
  {
    id: 'bao-cao-tre-han-xin-loi',
    template: {
      name: 'Báo cáo hằng tháng về hồ sơ trễ hẹn và thư xin lỗi',
      description: 'Tổng hợp hồ sơ thủ tục hành chính trễ hẹn và việc gửi thư (phiếu) xin lỗi tổ chức, cá nhân trong tháng.',
      category: 'Báo cáo định kỳ',
      deadline: { type: 'phrase', phrase: 'Hằng tháng, trước ngày 05' },
      reminders: { workingDaysBefore: [3, 1, 0], hour: '08:00' },
      escalation: [
        { level: 1, afterWorkingDays: 1, to: 'head', requireAck: true, repeatEveryWorkingDays: 2 },
        { level: 2, afterWorkingDays: 3, to: 'monitor', requireAck: true, repeatEveryWorkingDays: 3 },
      ],
      messages: {
        reminder: {
          subject: '[Nhắc báo cáo tháng] Hồ sơ trễ hẹn và thư xin lỗi: còn {soNgayConLai} ngày',
          body:
            'Báo cáo tình hình hồ sơ thủ tục hành chính trễ hẹn và việc gửi thư xin lỗi tổ chức, cá nhân phải gửi chậm nhất vào {thuHan}.\n\n' +
            'Đề nghị quý cơ quan rà soát từng hồ sơ trễ hẹn trong tháng, bảo đảm mỗi hồ sơ đều có thư xin lỗi kèm thời hạn trả kết quả mới theo Nghị định 118/2025/NĐ-CP.',
        },
      },
      matching: { words: ['xin lỗi|trễ hẹn'], every: ['month'] },
    },
  },
  {
    id: 'ke-hoach-kiem-tra-nam',
    template: {
      name: 'Kế hoạch kiểm tra hằng năm',
      description: 'Xây dựng, ban hành kế hoạch kiểm tra (cải cách hành chính, văn bản quy phạm pháp luật…) cho năm sau.',
      category: 'Nhiệm vụ trong kế hoạch',
      deadline: { type: 'phrase', phrase: 'Hằng năm, trước ngày 31/12' },
      reminders: { workingDaysBefore: [10, 3, 0], hour: '08:00' },
      escalation: DEFAULT_LADDER,
      matching: { words: ['xây dựng|ban hành', 'kế hoạch kiểm tra|kế hoạch và tổ chức kiểm tra'] },
    },
  },
  {
    id: 'nhiem-vu-ke-hoach',
    template: {
      name: 'Nhiệm vụ trong kế hoạch',
      description: 'Mẫu chung cho mọi nhiệm vụ trong kế hoạch mà không mẫu nào khác khớp: nhắc trước 7 và 1 ngày làm việc, đúng ngày hạn; báo cáo ba cấp.',
      category: 'Nhiệm vụ trong kế hoạch',
      deadline: null,
      reminders: { workingDaysBefore: [7, 1, 0], hour: '08:00' },
      escalation: DEFAULT_LADDER,
      fallback: true,
    },
  },
  {
    id: 'ho-so-mot-cua-118',
    template: {
      name: 'Hồ sơ thủ tục hành chính (Nghị định 118/2025/NĐ-CP)',
      description:
        'Hồ sơ tiếp nhận tại Bộ phận Một cửa: cảnh báo 2 ngày làm việc trước hẹn, phiếu xin lỗi kèm hẹn mới trước hẹn 1 ngày làm việc; trễ hẹn báo Văn phòng UBND ngay, sau 3 ngày làm việc báo Chủ tịch UBND.',
      category: 'Hồ sơ thủ tục hành chính',
      appliesTo: 'file',
      deadline: null,
      reminders: { workingDaysBefore: [2, 1, 0], hour: '08:00' },
      escalation: [
        { level: 1, afterWorkingDays: 0, to: 'monitor', requireAck: true, repeatEveryWorkingDays: 2 },
        { level: 2, afterWorkingDays: 3, to: 'chair', requireAck: true, repeatEveryWorkingDays: 5 },
      ],
    },
  },
];

let parsed: { id: string; template: Template }[] | undefined;

/** The shipped templates, validated once (a broken one fails the tests, not an admin). */
export function builtinTemplates(): { id: string; template: Template }[] {
  parsed ??= BUILTIN_INPUTS.map(({ id, template }) => ({ id, template: TemplateSchema.parse(template) }));
  return parsed;
}

/** The id of the generic plan task template (today's defaults). */
export const GENERIC_TEMPLATE_ID = 'nhiem-vu-ke-hoach';
