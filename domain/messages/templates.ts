/**
 * One template per kind of message: the subject line, the opening paragraphs and the action asked
 * of the reader. The facts table and the layout are shared (render.ts, layout.ts).
 */
import { formatVietnamese, type IsoDate } from '../dates';
import type { MessageKind, NotifyRequestSchema, Subject } from '../notification';
import type { Block } from './layout';
import { daysLeft, overdueSince, type WorkingDayCounter } from './facts';
import { vietnameseDayAndDate } from './text';
import type { z } from 'zod';

export type ParsedRequest = z.output<typeof NotifyRequestSchema>;

export type TemplateContext = {
  request: ParsedRequest;
  /** The dashboard page of the task or file. */
  taskUrl: string;
  dashboardUrl: string;
  /** Counts the working days of a one-stop file (its messages need it). */
  calendar?: WorkingDayCounter;
};

export type TemplateParts = {
  subject: string;
  opening: Block[];
  action: { label: string; url: string };
  /** Detail keys the opening already shows, not to be repeated in the facts table. */
  detailsShown?: string[];
};

export type TemplateKind = Exclude<MessageKind, 'daily_digest'>;
/** Kinds only a one-stop file sends: their templates are in file-templates.ts. */
export type FileOnlyKind = 'apology_required' | 'apology_overdue';
export type Template = (ctx: TemplateContext) => TemplateParts;

/** Names of the kinds, as the delivery_failed message and the digest headings say them. */
export const KIND_NAMES: Record<MessageKind, string> = {
  reminder: 'Nhắc việc',
  due_today: 'Đến hạn hôm nay',
  overdue: 'Quá hạn',
  escalation: 'Báo cáo lên cấp trên',
  needs_deadline: 'Cần ấn định thời hạn',
  checkin: 'Cập nhật tiến độ',
  apology_required: 'Nhắc hạn gửi phiếu xin lỗi',
  apology_overdue: 'Quá hạn gửi phiếu xin lỗi',
  delivery_failed: 'Không gửi được thông báo',
  monthly_report: 'Báo cáo tháng',
  daily_digest: 'Tổng hợp hằng ngày',
  extension_requested: 'Đề nghị gia hạn',
  extension_declined: 'Không đồng ý gia hạn',
  extension_approved: 'Đồng ý gia hạn',
};

/** Who is told at each level of the escalation ladder. */
export function escalationLevelName(level: number, accountable = 'cơ quan chủ trì'): string {
  switch (level) {
    case 1:
      return `Thủ trưởng ${accountable}`;
    case 2:
      return 'Văn phòng UBND (cơ quan theo dõi, đôn đốc)';
    case 3:
      return 'Chủ tịch UBND';
    default:
      return `cấp ${level} theo quy trình đôn đốc`;
  }
}

export class MessageInputError extends Error {
  override name = 'MessageInputError';
}

export function requireDue(request: ParsedRequest): IsoDate {
  if (request.subject.due === null) {
    throw new MessageInputError(`a '${request.kind}' message needs subject.due (message key "${request.key}")`);
  }
  return request.subject.due;
}

export function paragraph(text: string, emphasis = false): Block {
  return { type: 'paragraph', text, emphasis };
}

function quoted(subject: Subject): string {
  return subject.deadlineText ? `“${subject.deadlineText}”` : 'không ghi thời hạn';
}

/** The date an agency asked for (details.requestedUntil), in words; empty when absent. */
function requested(request: ParsedRequest): string {
  const until = request.details.requestedUntil;
  return until && /^\d{4}-\d{2}-\d{2}$/.test(until) ? vietnameseDayAndDate(until) : '';
}

function aboutWhat(kind: string | undefined): string {
  if (kind === 'monthly_report') return 'báo cáo';
  return 'nhiệm vụ';
}

/** The task templates (a plan's tasks); a one-stop file uses FILE_TEMPLATES where it has one. */
export const TEMPLATES: Record<Exclude<TemplateKind, FileOnlyKind>, Template> = {
  reminder: (ctx) => {
    const { request, taskUrl } = ctx;
    const due = requireDue(request);
    const left = daysLeft(request.asOf, due);
    // Sent late (facts are stated as of the sending day): say what is true that day.
    if (left <= 0) return left === 0 ? TEMPLATES.due_today(ctx) : TEMPLATES.overdue(ctx);
    return {
      subject: `[Nhắc việc] Còn ${left} ngày: ${request.subject.title}`,
      opening: [
        paragraph(
          `Nhiệm vụ dưới đây đến hạn hoàn thành vào ${vietnameseDayAndDate(due)}, còn ${left} ngày ` +
            `(tính từ ngày ${formatVietnamese(request.asOf)}).`,
          true,
        ),
        paragraph('Đề nghị quý cơ quan khẩn trương triển khai thực hiện và báo cáo kết quả trên hệ thống khi hoàn thành.'),
      ],
      action: { label: 'Cập nhật tiến độ hoặc báo cáo hoàn thành', url: taskUrl },
    };
  },

  due_today: (ctx) => {
    const { request, taskUrl } = ctx;
    const due = requireDue(request);
    if (request.asOf > due) return TEMPLATES.overdue(ctx);
    return {
      subject: `[Đến hạn hôm nay] ${request.subject.title}`,
      opening: [
        paragraph(`Hôm nay, ${vietnameseDayAndDate(request.asOf)}, là ngày cuối cùng của thời hạn thực hiện nhiệm vụ dưới đây.`, true),
        paragraph(
          'Nếu đã hoàn thành, đề nghị báo cáo kết quả trên hệ thống ngay trong ngày; nếu chưa hoàn thành, ' +
            'đề nghị báo cáo lý do và thời gian dự kiến hoàn thành.',
        ),
      ],
      action: { label: 'Báo cáo kết quả', url: taskUrl },
    };
  },

  overdue: ({ request, taskUrl }) => {
    const due = requireDue(request);
    const late = -daysLeft(request.asOf, due);
    return {
      subject: `[Quá hạn ${late} ngày] ${request.subject.title}`,
      opening: [
        paragraph(
          `Nhiệm vụ dưới đây đã quá hạn ${late} ngày (hạn hoàn thành: ${formatVietnamese(due)}) nhưng chưa được báo cáo hoàn thành.`,
          true,
        ),
        paragraph('Đề nghị quý cơ quan báo cáo kết quả, hoặc giải trình lý do chậm trễ và thời gian dự kiến hoàn thành.'),
      ],
      action: { label: 'Báo cáo kết quả hoặc giải trình', url: taskUrl },
    };
  },

  escalation: ({ request, taskUrl }) => {
    const due = requireDue(request);
    const level = request.level;
    if (level === undefined) {
      throw new MessageInputError(`an 'escalation' message needs a level (message key "${request.key}")`);
    }
    const late = -daysLeft(request.asOf, due);
    return {
      subject: `[Báo cáo lên cấp ${level}] ${request.subject.title}`,
      opening: [
        paragraph(
          `Báo cáo lên cấp ${level} – ${escalationLevelName(level)}: nhiệm vụ dưới đây đã quá hạn ${late} ngày ` +
            `(quá hạn từ ngày ${formatVietnamese(overdueSince(due))}) và chưa được báo cáo hoàn thành.`,
          true,
        ),
        paragraph(
          'Đề nghị đồng chí xác nhận đã nhận thông báo và chỉ đạo xử lý. ' +
            'Thông báo này sẽ được gửi lại cho đến khi được xác nhận.',
        ),
      ],
      action: { label: 'Xác nhận đã nhận và chỉ đạo xử lý', url: taskUrl },
    };
  },

  needs_deadline: ({ request, taskUrl }) => ({
    subject: `[Cần ấn định thời hạn] ${request.subject.title}`,
    opening: [
      paragraph(`Nhiệm vụ dưới đây chưa có thời hạn cụ thể (văn bản ghi: ${quoted(request.subject)}).`, true),
      paragraph(
        'Hệ thống chưa thể nhắc việc cho đến khi nhiệm vụ có thời hạn. ' +
          'Đề nghị Văn phòng ấn định thời hạn hoàn thành trên hệ thống.',
      ),
    ],
    action: { label: 'Ấn định thời hạn', url: taskUrl },
  }),

  checkin: ({ request, taskUrl }) => {
    const period = request.details.period;
    return {
      subject: `[Cập nhật tiến độ] ${request.subject.title}`,
      opening: [
        paragraph(
          `Nhiệm vụ dưới đây được thực hiện thường xuyên (${quoted(request.subject)}). ` +
            `Đề nghị quý cơ quan cập nhật tình hình thực hiện${period ? ` kỳ ${period}` : ''} ` +
            `tính đến ngày ${formatVietnamese(request.asOf)}.`,
          true,
        ),
      ],
      action: { label: 'Cập nhật tiến độ', url: taskUrl },
      detailsShown: ['period'],
    };
  },

  delivery_failed: ({ request, taskUrl }) => {
    const failedKind = request.details.failedKind;
    const what = failedKind && failedKind in KIND_NAMES ? `“${KIND_NAMES[failedKind as MessageKind]}”` : '';
    const who = request.details.failedRecipients ?? 'người nhận';
    const reason = request.details.reason;
    return {
      subject: `[Không gửi được thông báo] ${request.subject.title}`,
      opening: [
        paragraph(
          (failedKind === 'daily_digest'
            ? `Hệ thống không gửi được bản tổng hợp nhắc việc hằng ngày tới: ${who}.`
            : `Hệ thống không gửi được thông báo ${what ? `${what} ` : ''}về ${aboutWhat(failedKind)} dưới đây tới: ${who}.`) +
            (reason ? ` Lý do: ${reason}.` : ''),
          true,
        ),
        paragraph(
          'Đề nghị Văn phòng liên hệ trực tiếp với cơ quan liên quan và cập nhật danh bạ (địa chỉ thư điện tử) trên hệ thống.',
        ),
      ],
      action: { label: request.details.link ? 'Mở hệ thống theo dõi' : 'Xem nhiệm vụ', url: request.details.link ?? taskUrl },
      detailsShown: ['failedRecipients', 'reason'],
    };
  },

  extension_requested: ({ request, taskUrl }) => {
    const until = requested(request);
    const due = request.subject.due;
    const who = request.subject.lead.join(', ') || 'Cơ quan chủ trì';
    return {
      subject: `[Đề nghị gia hạn] ${request.subject.title}`,
      opening: [
        paragraph(
          `${who} đề nghị gia hạn thực hiện nhiệm vụ dưới đây${until ? ` đến ${until}` : ''}` + (due ? ` (hạn hiện tại: ${formatVietnamese(due)}).` : '.'),
          true,
        ),
        paragraph('Đề nghị Văn phòng xem xét, cho ý kiến đồng ý hoặc không đồng ý gia hạn trên hệ thống. Trong thời gian chờ, hạn hoàn thành hiện tại vẫn được áp dụng.'),
      ],
      action: { label: 'Xem xét đề nghị gia hạn', url: taskUrl },
      detailsShown: ['requestedUntil'],
    };
  },

  extension_declined: ({ request, taskUrl }) => {
    const until = requested(request);
    const due = request.subject.due;
    return {
      subject: `[Không đồng ý gia hạn] ${request.subject.title}`,
      opening: [
        paragraph(
          `Văn phòng UBND không đồng ý đề nghị gia hạn${until ? ` đến ${until}` : ''} của quý cơ quan đối với nhiệm vụ dưới đây` +
            (due ? `; hạn hoàn thành giữ nguyên: ${vietnameseDayAndDate(due)}.` : '.'),
          true,
        ),
        paragraph('Đề nghị quý cơ quan khẩn trương triển khai thực hiện, hoàn thành đúng hạn và báo cáo kết quả trên hệ thống.'),
      ],
      action: { label: 'Báo cáo tiến độ hoặc kết quả', url: taskUrl },
      detailsShown: ['requestedUntil'],
    };
  },

  extension_approved: ({ request, taskUrl }) => {
    const due = request.subject.due;
    return {
      subject: `[Đồng ý gia hạn] ${request.subject.title}`,
      opening: [
        paragraph(`Văn phòng UBND đồng ý gia hạn thực hiện nhiệm vụ dưới đây${due ? ` đến ${vietnameseDayAndDate(due)}` : ''} theo đề nghị của quý cơ quan.`, true),
        paragraph('Đề nghị quý cơ quan hoàn thành nhiệm vụ trong thời hạn mới và báo cáo kết quả trên hệ thống; hệ thống sẽ nhắc việc theo hạn mới.'),
      ],
      action: { label: 'Xem nhiệm vụ', url: taskUrl },
    };
  },

  monthly_report: ({ request, dashboardUrl }) => {
    const period = request.details.period;
    const of = request.subject.planTitle ?? request.subject.title;
    return {
      subject: `[Báo cáo tháng${period ? ` ${period}` : ''}] ${request.subject.title}`,
      opening: [
        paragraph(
          `Báo cáo tình hình thực hiện ${of}${period ? ` tháng ${period}` : ''}, ` +
            `số liệu tính đến ngày ${formatVietnamese(request.asOf)}.`,
          true,
        ),
      ],
      action: { label: 'Xem chi tiết trên hệ thống', url: dashboardUrl },
      detailsShown: ['period'],
    };
  },
};
