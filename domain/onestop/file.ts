/**
 * A one-stop-shop file (hồ sơ một cửa) as it arrives from the desk: the procedure and its legal
 * processing time, the applicant, the agencies that process it in order (several for a liên thông
 * file), when it was received and, when the desk gave one, the appointment to return the result.
 */
import { z } from 'zod';
import { vietnamDateOf, type IsoDate } from '../dates';
import { LIMITS, boundedList, clientDate, clientDateTime, requiredText, stringOf } from '../input-limits';
import { nameKey } from '../messages/text';
import { lazy } from '../lazy';

export const HourSchema = lazy(() => stringOf('giờ').regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'giờ phải có dạng HH:MM (ví dụ 15:00)'));

/** Codes like "000.00.12.H57-250101-0001": letters, digits, dots, dashes and underscores. */
export const FileCodeSchema = lazy(() =>
  stringOf('mã hồ sơ')
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,79}$/, 'mã hồ sơ chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới (3 đến 80 ký tự)'),
);

export const ApplicantSchema = lazy(() =>
  z.object({
    name: requiredText('tên người nộp hồ sơ', LIMITS.NAME, 'thiếu tên người nộp hồ sơ'),
    /** Never published. */
    email: stringOf('thư điện tử').max(254, 'thư điện tử quá dài: tối đa 254 ký tự').pipe(z.email('thư điện tử không hợp lệ')).optional(),
    /** Never published. */
    phone: stringOf('số điện thoại')
      .max(40, 'số điện thoại quá dài')
      .trim()
      .regex(/^\+?[0-9][0-9 .-]{7,16}$/, 'số điện thoại không hợp lệ')
      .optional(),
    /** Số định danh cá nhân (12 digits; 9 for an old identity card). Never published. */
    idNumber: stringOf('số định danh cá nhân')
      .max(40, 'số định danh cá nhân quá dài')
      .trim()
      .regex(/^(\d{12}|\d{9})$/, 'số định danh cá nhân phải có 12 chữ số (hoặc số CMND 9 chữ số)')
      .optional(),
    address: requiredText('địa chỉ người nộp', LIMITS.NAME * 2, 'địa chỉ người nộp trống').optional(),
  }),
);
export type Applicant = z.infer<typeof ApplicantSchema>;

export const ProcedureSchema = lazy(() =>
  z.object({
    code: requiredText('mã thủ tục hành chính', LIMITS.CODE, 'thiếu mã thủ tục hành chính'),
    name: requiredText('tên thủ tục hành chính', LIMITS.REASON, 'thiếu tên thủ tục hành chính'),
    /** The legal processing time in working days. */
    workingDays: z
      .number({ message: 'thời hạn giải quyết phải là số ngày làm việc' })
      .int('thời hạn giải quyết phải là số nguyên ngày làm việc')
      .min(0)
      .max(365),
    /** Files received at or after this hour count from the next working day. */
    cutoff: HourSchema.default('15:00'),
  }),
);
export type Procedure = z.infer<typeof ProcedureSchema>;

export const OneStopFileSchema = lazy(() =>
  z
    .object({
      code: FileCodeSchema,
      procedure: ProcedureSchema,
      applicant: ApplicantSchema,
      /** Bộ phận Một cửa / Trung tâm Phục vụ hành chính công that received the file. */
      receivingUnit: requiredText('nơi tiếp nhận hồ sơ', LIMITS.NAME, 'thiếu nơi tiếp nhận hồ sơ'),
      /** Agencies that process the file, in order (canonical names of the directory). */
      agencies: boundedList(requiredText('tên cơ quan giải quyết', LIMITS.NAME, 'tên cơ quan giải quyết trống'), 'danh sách cơ quan giải quyết', 20).min(
        1,
        'cần ít nhất một cơ quan giải quyết',
      ),
      receivedAt: clientDateTime('thời điểm tiếp nhận', 'thời điểm tiếp nhận phải có dạng ISO 8601 kèm múi giờ, ví dụ 2037-03-10T09:30:00+07:00'),
      /** The appointment the desk gave; computed from the processing time when absent. */
      appointment: z.object({ date: clientDate('ngày hẹn trả kết quả'), time: HourSchema.default('17:00') }).optional(),
      online: z.boolean().default(false),
      /** Directory id of the jurisdiction whose Văn phòng UBND and chair hear of late files. */
      jurisdiction: stringOf('mã đơn vị hành chính')
        .max(LIMITS.CODE, 'mã đơn vị hành chính quá dài')
        .regex(/^[a-z0-9][a-z0-9-]*$/, 'mã đơn vị hành chính không hợp lệ (ví dụ tuy-phuoc)'),
    })
    .refine((f) => new Set(f.agencies.map(nameKey)).size === f.agencies.length, {
      message: 'một cơ quan được ghi hai lần trong quy trình giải quyết',
      path: ['agencies'],
    })
    .refine((f) => !f.appointment || f.appointment.date >= vietnamDateOf(new Date(f.receivedAt)), {
      message: 'ngày hẹn trả kết quả trước ngày tiếp nhận hồ sơ',
      path: ['appointment', 'date'],
    }),
);
export type OneStopFile = z.infer<typeof OneStopFileSchema>;
export type OneStopFileInput = z.input<typeof OneStopFileSchema>;

export function fileWorkflowId(code: string): string {
  return `file:${code}`;
}

/** The Vietnam date a file was received. */
export function receivedOn(file: Pick<OneStopFile, 'receivedAt'>): IsoDate {
  return vietnamDateOf(new Date(file.receivedAt));
}

/** Thrown with every problem of a file, each naming its field, in Vietnamese. */
export class FileInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'FileInputError';
  }
}

/** Parses intake data (API body, CSV row); throws FileInputError listing each bad field. */
export function parseOneStopFile(input: unknown): OneStopFile {
  const parsed = OneStopFileSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new FileInputError(parsed.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`));
}
