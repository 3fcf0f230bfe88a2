/**
 * The apology an agency submits when a file will be late (Phiếu xin lỗi và đề nghị gia hạn thời
 * gian giải quyết): its fields, and the checks that reject anything the rule does not allow, each
 * with a Vietnamese reason a clerk can act on.
 *
 * Rule (Nghị định 118/2025/NĐ-CP, as NĐ 61/2018 and 107/2021 before it): the agency deciding the
 * file apologises, at the latest one day before the appointment, gives the reason and a new date;
 * a file is re-appointed only once.
 */
import { z } from 'zod';
import { dayOfWeek, formatVietnamese, type IsoDate } from '../dates';
import { LIMITS, clientDate, requiredText, stringOf } from '../input-limits';
import { sameName } from '../messages/text';
import { HourSchema } from './file';
import { lazy } from '../lazy';

export const ApologySchema = lazy(() =>
  z.object({
    /** "12/PXL", "12/PXL-TNMT". */
    number: stringOf('số phiếu')
      .max(LIMITS.CODE, `số phiếu quá dài: tối đa ${LIMITS.CODE} ký tự`)
      .trim()
      .regex(/^\d+\s*\/\s*PXL([-.][\p{L}\p{N}.-]+)?$/iu, 'số phiếu phải có dạng "số/PXL", ví dụ 12/PXL hoặc 12/PXL-TNMT'),
    /** Date of the letter. */
    date: clientDate('ngày của phiếu'),
    signer: requiredText('họ tên người ký phiếu', LIMITS.NAME, 'cần họ tên người ký phiếu'),
    signerTitle: requiredText('chức vụ người ký', LIMITS.NAME, 'chức vụ người ký không được để trống').default('Thủ trưởng cơ quan'),
    reason: requiredText('lý do chậm trễ', LIMITS.REASON, 'cần nêu rõ lý do chậm trễ (ít nhất 10 ký tự)').min(
      10,
      'cần nêu rõ lý do chậm trễ (ít nhất 10 ký tự)',
    ),
    newAppointment: clientDate('ngày hẹn mới'),
    /** Hour of the new appointment; default: the hour of the original one. */
    newAppointmentTime: HourSchema.optional(),
    place: requiredText('địa danh', LIMITS.NAME, 'địa danh trống').optional(),
    superiorBody: requiredText('cơ quan chủ quản', LIMITS.NAME, 'cơ quan chủ quản trống').optional(),
    /** Admin or monitor acting for the holding agency may name it; it must be the holder. */
    agency: requiredText('cơ quan giải quyết', LIMITS.NAME, 'tên cơ quan giải quyết trống').optional(),
  }),
);
export type ApologyFields = z.infer<typeof ApologySchema>;

export type ApologyContext = {
  actor: { role: 'admin' | 'monitor' | 'agency' | 'system'; agency?: string };
  /** Vietnam date now. */
  today: IsoDate;
  holder: string;
  receivedOn: IsoDate;
  /** The appointment in force; null while the file is being set up. */
  appointment: IsoDate | null;
  state: 'open' | 'waiting_documents' | 'result_ready' | 'returned' | 'withdrawn';
  /** The apology already made, if any. */
  existing: { number: string; date: IsoDate; newAppointment: IsoDate } | null;
  /** What the calendar says of the new appointment date; the check is skipped without it. */
  newDay?: { working: boolean; name: string | null };
};

export class ApologyError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
    this.name = 'ApologyError';
  }
}

const WEEKDAYS = ['Chủ nhật', 'Thứ Bảy'];

/** Every reason to refuse this apology, in Vietnamese; empty when it is acceptable. */
export function apologyProblems(input: ApologyFields, ctx: ApologyContext): string[] {
  const blocking = stateProblem(ctx) ?? authorityProblem(input, ctx);
  if (blocking) return [blocking];
  const problems: string[] = [];
  const original = ctx.appointment!;
  if (input.newAppointment <= original) {
    problems.push(`Ngày hẹn mới (${formatVietnamese(input.newAppointment)}) phải sau ngày hẹn ban đầu (${formatVietnamese(original)}).`);
  } else if (input.newAppointment < ctx.today) {
    problems.push(`Ngày hẹn mới (${formatVietnamese(input.newAppointment)}) đã qua; hôm nay là ${formatVietnamese(ctx.today)}.`);
  }
  if (ctx.newDay && !ctx.newDay.working) {
    const name = ctx.newDay.name ?? WEEKDAYS[dayOfWeek(input.newAppointment) === 0 ? 0 : 1];
    problems.push(`Ngày hẹn mới (${formatVietnamese(input.newAppointment)}) là ngày nghỉ (${name}), không phải ngày làm việc.`);
  }
  if (input.date > ctx.today) problems.push(`Ngày của phiếu (${formatVietnamese(input.date)}) chưa đến; hôm nay là ${formatVietnamese(ctx.today)}.`);
  if (input.date < ctx.receivedOn)
    problems.push(`Ngày của phiếu (${formatVietnamese(input.date)}) trước ngày tiếp nhận hồ sơ (${formatVietnamese(ctx.receivedOn)}).`);
  return problems;
}

/** Throws ApologyError when the apology must be refused. */
export function assertApology(input: ApologyFields, ctx: ApologyContext): void {
  const problems = apologyProblems(input, ctx);
  if (problems.length > 0) throw new ApologyError(problems);
}

function stateProblem(ctx: ApologyContext): string | null {
  switch (ctx.state) {
    case 'result_ready':
      return 'Hồ sơ đã có kết quả: không cần phiếu xin lỗi.';
    case 'returned':
      return 'Hồ sơ đã trả kết quả: không cần phiếu xin lỗi.';
    case 'withdrawn':
      return 'Hồ sơ đã được rút: không cần phiếu xin lỗi.';
    case 'waiting_documents':
      return 'Hồ sơ đang chờ bổ sung (đã dừng tính thời gian): chưa thể hẹn lại ngày trả kết quả.';
    default:
      break;
  }
  if (ctx.appointment === null) return 'Hồ sơ đang được khởi tạo (chưa tính xong ngày hẹn); thử lại sau giây lát.';
  if (ctx.existing) {
    return (
      `Hồ sơ đã được hẹn lại một lần (phiếu số ${ctx.existing.number} ngày ${formatVietnamese(ctx.existing.date)}, ` +
      `hẹn trả ${formatVietnamese(ctx.existing.newAppointment)}); theo quy định, mỗi hồ sơ chỉ được hẹn lại một lần.`
    );
  }
  return null;
}

function authorityProblem(input: ApologyFields, ctx: ApologyContext): string | null {
  const { actor } = ctx;
  if (actor.role === 'agency') {
    if (!actor.agency || !sameName(actor.agency, ctx.holder)) {
      return `Chỉ cơ quan đang giải quyết hồ sơ (${ctx.holder}) mới gửi phiếu xin lỗi; ${actor.agency ?? 'tài khoản này'} không giữ hồ sơ.`;
    }
    return null;
  }
  if (input.agency && !sameName(input.agency, ctx.holder)) {
    return `Hồ sơ đang ở ${ctx.holder}, không ở ${input.agency}: phiếu xin lỗi phải do cơ quan đang giải quyết hồ sơ ban hành.`;
  }
  return null;
}
