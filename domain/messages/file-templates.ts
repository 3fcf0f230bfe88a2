/**
 * The messages about a one-stop file (hồ sơ thủ tục hành chính), in the words of Nghị định
 * 118/2025/NĐ-CP and its forms (Thông tư 03/2025/TT-VPCP): the file, the agency deciding it
 * (cơ quan giải quyết), the appointment (ngày hẹn trả kết quả) and the apology letter (Phiếu xin
 * lỗi và đề nghị gia hạn thời gian giải quyết, which sets a new return date once). Days are working
 * days, counted with the calendar at the moment the message is sent.
 */
import { formatVietnamese, type IsoDate } from '../dates';
import type { MessageKind } from '../notification';
import { displayDate, requireCounter, workingDaysLeft } from './facts';
import { escalationLevelName, KIND_NAMES, MessageInputError, paragraph, requireDue, type FileOnlyKind, type Template, type TemplateContext, type TemplateKind } from './templates';
import { vietnameseDayAndDate } from './text';

/** What the file's messages call the apology letter. */
export const APOLOGY_FORM = 'Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết';

/** Who is told at each level of a late file's ladder. */
export function fileEscalationLevelName(level: number): string {
  return escalationLevelName(level, 'cơ quan giải quyết hồ sơ');
}

/** Names of the kinds a file sends, as its delivery_failed message says them. */
export const FILE_KIND_NAMES: Partial<Record<MessageKind, string>> = {
  reminder: 'Cảnh báo sắp đến ngày hẹn trả kết quả',
  due_today: 'Đến ngày hẹn trả kết quả',
  overdue: 'Hồ sơ trễ hẹn',
  escalation: 'Báo cáo hồ sơ trễ hẹn lên cấp trên',
};

/** Working days from the sending day to the appointment (negative: working days late). */
function left(ctx: TemplateContext, due: IsoDate): number {
  return workingDaysLeft(ctx.request.asOf, due, requireCounter(ctx.calendar));
}

/** "đã trễ hẹn 3 ngày làm việc" / "đã quá ngày hẹn trả kết quả" (a day off just after it). */
function lateText(late: number): string {
  return late > 0 ? `đã trễ hẹn ${late} ngày làm việc` : 'đã quá ngày hẹn trả kết quả';
}

/** The appointment is today or past, whatever kind was asked: the file is due or late. */
const dueOrLate: Template = (ctx) => {
  const { request, taskUrl } = ctx;
  const due = requireDue(request);
  if (request.asOf === due) {
    return {
      subject: `[Đến ngày hẹn trả kết quả] ${request.subject.title}`,
      opening: [
        paragraph(`Hôm nay, ${vietnameseDayAndDate(due)}, là ngày hẹn trả kết quả của hồ sơ dưới đây; hồ sơ chưa có kết quả giải quyết.`, true),
        paragraph('Đề nghị cơ quan giải quyết trả kết quả cho người dân, tổ chức trong ngày và cập nhật kết quả trên hệ thống.'),
      ],
      action: { label: 'Cập nhật kết quả giải quyết', url: taskUrl },
    };
  }
  const late = -left(ctx, due);
  return {
    subject: `[Trễ hẹn${late > 0 ? ` ${late} ngày làm việc` : ''}] ${request.subject.title}`,
    opening: [
      paragraph(`Hồ sơ dưới đây ${lateText(late)} (ngày hẹn trả kết quả: ${formatVietnamese(due)}) và chưa có kết quả giải quyết.`, true),
      paragraph(`Đề nghị cơ quan giải quyết khẩn trương trả kết quả cho người dân, tổ chức và thực hiện việc xin lỗi theo quy định (${APOLOGY_FORM}).`),
    ],
    action: { label: 'Cập nhật kết quả giải quyết', url: taskUrl },
  };
};

export const FILE_TEMPLATES: Partial<Record<TemplateKind, Template>> & Record<FileOnlyKind, Template> = {
  /** The warning some working days before the appointment. */
  reminder: (ctx) => {
    const { request, taskUrl } = ctx;
    const due = requireDue(request);
    const n = left(ctx, due);
    if (request.asOf >= due) return dueOrLate(ctx);
    return {
      subject: `[Sắp đến ngày hẹn trả kết quả] Còn ${n} ngày làm việc: ${request.subject.title}`,
      opening: [
        paragraph(
          `Hồ sơ dưới đây có ngày hẹn trả kết quả là ${vietnameseDayAndDate(due)}, còn ${n} ngày làm việc ` +
            `(tính từ ngày ${formatVietnamese(request.asOf)}), và chưa có kết quả giải quyết.`,
          true,
        ),
        paragraph('Đề nghị quý cơ quan khẩn trương giải quyết hồ sơ để trả kết quả đúng hẹn và cập nhật kết quả trên hệ thống.'),
      ],
      action: { label: 'Cập nhật tình hình giải quyết hồ sơ', url: taskUrl },
    };
  },

  due_today: (ctx) => dueOrLate(ctx),
  overdue: (ctx) => dueOrLate(ctx),

  /**
   * The working day before the appointment: nobody has said the file will be late, so the message
   * says what to do IF it cannot be returned on time.
   */
  apology_required: (ctx) => {
    const { request, taskUrl } = ctx;
    const due = requireDue(request);
    const by = request.details.apologyBy;
    const n = left(ctx, due);
    const deadline = by ? `chậm nhất hết ngày ${displayDate(by)}` : 'trước ngày hẹn trả kết quả';
    const when = n > 0 ? `, còn ${n} ngày làm việc` : '';
    return {
      subject: `[Nhắc hạn gửi phiếu xin lỗi] ${request.subject.title}`,
      opening: [
        paragraph(`Hồ sơ dưới đây có ngày hẹn trả kết quả là ${vietnameseDayAndDate(due)}${when}, và chưa có kết quả giải quyết.`, true),
        paragraph(
          `Nếu không thể trả kết quả đúng ngày hẹn, cơ quan giải quyết phải gửi ${APOLOGY_FORM} cho người dân, tổ chức ` +
            `${deadline}, nêu rõ lý do và hẹn lại ngày trả kết quả; mỗi hồ sơ chỉ được hẹn lại một lần. ` +
            'Nếu hồ sơ được trả đúng hẹn thì không phải gửi phiếu xin lỗi.',
        ),
      ],
      action: { label: 'Cập nhật kết quả hoặc phiếu xin lỗi và ngày hẹn mới', url: taskUrl },
      detailsShown: ['apologyBy'],
    };
  },

  /** The appointment came (or passed) without a result and without an apology. */
  apology_overdue: (ctx) => {
    const { request, taskUrl } = ctx;
    const due = requireDue(request);
    const n = left(ctx, due);
    const state =
      request.asOf === due
        ? `Hôm nay, ${vietnameseDayAndDate(due)}, là ngày hẹn trả kết quả của hồ sơ dưới đây`
        : request.asOf < due
          ? `Hồ sơ dưới đây có ngày hẹn trả kết quả là ${vietnameseDayAndDate(due)}`
          : `Hồ sơ dưới đây ${lateText(-n)} (ngày hẹn trả kết quả: ${formatVietnamese(due)})`;
    return {
      subject: `[Quá hạn gửi phiếu xin lỗi] ${request.subject.title}`,
      opening: [
        paragraph(`${state}; hồ sơ chưa có kết quả giải quyết và cơ quan giải quyết chưa gửi ${APOLOGY_FORM} cho người dân, tổ chức.`, true),
        paragraph('Đề nghị khẩn trương gửi phiếu xin lỗi, hẹn lại ngày trả kết quả và báo cáo lý do chậm trễ trên hệ thống.'),
      ],
      action: { label: 'Cập nhật phiếu xin lỗi và ngày hẹn mới', url: taskUrl },
    };
  },

  escalation: (ctx) => {
    const { request, taskUrl } = ctx;
    const due = requireDue(request);
    const level = request.level;
    if (level === undefined) {
      throw new MessageInputError(`an 'escalation' message needs a level (message key "${request.key}")`);
    }
    const late = -left(ctx, due);
    return {
      subject: `[Báo cáo lên cấp ${level}] Hồ sơ trễ hẹn: ${request.subject.title}`,
      opening: [
        paragraph(
          `Báo cáo lên cấp ${level} – ${fileEscalationLevelName(level)}: hồ sơ dưới đây ${lateText(late)} ` +
            `(ngày hẹn trả kết quả: ${formatVietnamese(due)}) và chưa có kết quả giải quyết.`,
          true,
        ),
        paragraph(
          'Đề nghị đồng chí xác nhận đã nhận thông báo và chỉ đạo cơ quan đang giải quyết hồ sơ khẩn trương trả kết quả ' +
            'cho người dân, tổ chức và thực hiện việc xin lỗi theo quy định. Thông báo này sẽ được gửi lại cho đến khi được xác nhận.',
        ),
      ],
      action: { label: 'Xác nhận đã nhận và chỉ đạo xử lý', url: taskUrl },
    };
  },

  delivery_failed: ({ request, taskUrl }) => {
    const failedKind = request.details.failedKind as MessageKind | undefined;
    const name = failedKind ? (FILE_KIND_NAMES[failedKind] ?? KIND_NAMES[failedKind]) : undefined;
    const who = request.details.failedRecipients ?? 'người nhận';
    const reason = request.details.reason;
    return {
      subject: `[Không gửi được thông báo] Hồ sơ ${request.subject.title}`,
      opening: [
        paragraph(`Hệ thống không gửi được thông báo ${name ? `“${name}” ` : ''}về hồ sơ dưới đây tới: ${who}.` + (reason ? ` Lý do: ${reason}.` : ''), true),
        paragraph(
          'Đề nghị Văn phòng liên hệ trực tiếp với cơ quan đang giải quyết hồ sơ để bảo đảm trả kết quả đúng hẹn ' +
            'và cập nhật danh bạ (địa chỉ thư điện tử) trên hệ thống.',
        ),
      ],
      action: { label: request.details.link ? 'Mở hệ thống theo dõi' : 'Xem hồ sơ', url: request.details.link ?? taskUrl },
      detailsShown: ['failedRecipients', 'reason'],
    };
  },
};
