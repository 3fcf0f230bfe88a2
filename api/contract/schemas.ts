/**
 * The shapes the API answers with, as zod schemas: the one error shape, cursor pages, and the
 * views and summaries clients read. Request schemas come from the domain (domain/plan,
 * domain/directory, domain/task-inputs, domain/onestop/*); these are the API's own answers.
 * Views the workflows build (a task, a file) are described by their main fields and pass every
 * other field through unchanged (`looseObject`), so the document never hides or drops a field.
 */
import { z } from 'zod';
import { ROLES } from '../../storage/accounts';

/** Every error: `{ error: "<Vietnamese, naming the field>" }`, with the problems of a file or a directory when there are several. */
export const ErrorSchema = z
  .looseObject({
    error: z.string().describe('Lý do, bằng tiếng Việt, nêu tên trường dữ liệu khi lỗi do dữ liệu gửi lên.'),
    problems: z.array(z.unknown()).optional().describe('Từng vấn đề của tệp hoặc danh bạ, khi có nhiều vấn đề.'),
    fields: z.array(z.string()).optional().describe('Các trường khác nhau khi mã hồ sơ đã được đăng ký với nội dung khác.'),
  })
  .meta({ id: 'Error' });

const ERROR_MEANINGS = {
  400: 'Dữ liệu gửi lên không hợp lệ (tên trường và lý do trong `error`).',
  401: 'Chưa đăng nhập, phiên đã hết hạn hoặc mã truy cập không hợp lệ.',
  403: 'Tài khoản không được thực hiện thao tác này (hoặc thiếu tiêu đề x-csrf-token với phiên đăng nhập).',
  404: 'Không tìm thấy, hoặc tài khoản không được xem.',
  409: 'Xung đột với dữ liệu đã có.',
  413: 'Nội dung gửi lên vượt quá giới hạn của đường dẫn.',
  415: 'Kiểu nội dung (Content-Type) không được hỗ trợ.',
  422: 'Quy tắc nghiệp vụ từ chối yêu cầu (lý do trong `error`).',
  429: 'Quá nhiều yêu cầu; thử lại sau.',
  503: 'Máy chủ quy trình tạm thời không trả lời (đang khởi động lại hoặc quá tải); kiểm tra lại trạng thái và thử lại sau (tiêu đề Retry-After).',
} as const;

export type ErrorStatus = keyof typeof ERROR_MEANINGS;

/** The error answers of a route: each status described, all with the one error shape. */
export function errors<S extends ErrorStatus>(...statuses: S[]): Record<S, typeof ErrorSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorSchema.describe(ERROR_MEANINGS[s])])) as Record<S, typeof ErrorSchema>;
}

/** Statuses every authenticated JSON route can answer. */
export const SIGNED_IN_ERRORS: ErrorStatus[] = [400, 401, 403, 413, 415, 429, 503];

/**
 * Cursor pages: every list answers `{ <items>: [...], next?: string }`; `next` is present when a
 * further page may exist, and is passed back as `cursor` to read it.
 */
export const CursorSchema = z
  .string()
  .min(1)
  .max(2000)
  .regex(/^[A-Za-z0-9_-]+$/, 'dùng giá trị “next” của trang trước')
  .describe('Giá trị `next` của trang trước.');

export function page<K extends string, T extends z.ZodType>(key: K, item: T) {
  return z.object({
    [key]: z.array(item),
    next: z.string().optional().describe('Con trỏ trang sau (gửi lại làm tham số `cursor`); vắng mặt ở trang cuối.'),
  } as { [P in K]: z.ZodArray<T> } & { next: z.ZodOptional<z.ZodString> });
}

/** A jurisdiction id of the directory, as a filter. */
export const JurisdictionIdSchema = z
  .string()
  .regex(/^[a-z0-9-]+$/, 'mã đơn vị hành chính không hợp lệ (ví dụ tuy-phuoc)')
  .max(100);

export const UserSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role: z.enum(ROLES),
    agency: z.string().nullish(),
    jurisdiction: z.string().nullish(),
  })
  .meta({ id: 'User' });

export const SessionSchema = z.object({
  user: z.object({
    id: z.number().int(),
    name: z.string(),
    role: z.enum(ROLES),
    agency: z.string().optional(),
    jurisdiction: z.string().nullable(),
  }),
  csrfToken: z.string().describe('Gửi lại trong tiêu đề x-csrf-token với mọi yêu cầu thay đổi dữ liệu.'),
});

const date = z.union([z.string(), z.date()]).describe('Thời điểm ISO 8601.');

export const TokenSummarySchema = z.object({
  id: z.number().int(),
  accountId: z.number().int(),
  label: z.string().nullable(),
  createdAt: date,
  lastUsedAt: date.nullable(),
  revokedAt: date.nullable(),
});

export const AccountSchema = UserSchema.extend({
  login: z.string().nullable(),
  email: z.string().nullable().describe('Thư điện tử nhận các cấp báo cáo gửi tới tài khoản này.'),
  hasPassword: z.boolean(),
  disabledAt: date.nullable(),
  createdAt: date,
  createdBy: z.string().nullable(),
}).meta({ id: 'Account' });

export const AccountWithTokensSchema = AccountSchema.extend({ tokens: z.array(TokenSummarySchema) });

export const TASK_STATUSES = ['not_due', 'due_soon', 'overdue', 'done_on_time', 'done_late', 'needs_deadline', 'cancelled'] as const;

export const TaskSummarySchema = z
  .object({
    workflowId: z.string(),
    title: z.string().nullable(),
    ref: z.string().nullable(),
    type: z.string().optional(),
    plan: z.string().optional(),
    jurisdiction: z.string().optional(),
    status: z.string().optional(),
    leads: z.array(z.string()),
    due: z.string().nullable(),
    escalation: z.number(),
    extended: z.boolean(),
    kind: z.string().optional(),
    running: z.boolean(),
  })
  .meta({ id: 'TaskSummary' });

/** A task as its workflow shows it; an agency sees its own part and the other leads' parts as `otherParts`. */
export const TaskViewSchema = z
  .looseObject({
    workflowId: z.string(),
    facts: z.looseObject({ planId: z.string(), title: z.string(), ref: z.string(), jurisdiction: z.string() }),
    kind: z.string(),
    status: z.enum(TASK_STATUSES),
    due: z.string().nullable(),
    escalationLevel: z.number(),
    extended: z.boolean(),
    leads: z.array(z.string()),
    obligations: z.array(z.looseObject({ id: z.string(), agency: z.string(), status: z.enum(TASK_STATUSES), due: z.string() })),
    otherParts: z.array(z.looseObject({ agency: z.string(), status: z.enum(TASK_STATUSES) })).optional(),
    instances: z.array(z.looseObject({ workflowId: z.string(), status: z.enum(TASK_STATUSES) })),
    timeline: z.array(z.looseObject({ at: z.string(), type: z.string(), text: z.string() })),
    template: z
      .object({ id: z.string(), version: z.number().int(), name: z.string().nullable().optional() })
      .nullable()
      .optional()
      .describe('Mẫu nhắc việc (và phiên bản) nhiệm vụ theo (tên mẫu khi xem một nhiệm vụ); null khi theo quy trình mặc định.'),
  })
  .meta({ id: 'TaskView' });

export const InstanceViewSchema = z
  .looseObject({ workflowId: z.string(), label: z.string(), due: z.string().nullable(), status: z.enum(TASK_STATUSES) })
  .meta({ id: 'InstanceView' });

export const FileSummarySchema = z
  .object({
    code: z.string(),
    workflowId: z.string(),
    jurisdiction: z.string().nullable(),
    status: z.string().optional(),
    outcome: z.string().nullable(),
    holder: z.string().nullable(),
    appointment: z.string().nullable(),
    escalation: z.number(),
    reappointed: z.boolean(),
    running: z.boolean(),
  })
  .meta({ id: 'FileSummary' });

export const FileViewSchema = z
  .looseObject({
    workflowId: z.string(),
    file: z.looseObject({ code: z.string(), receivingUnit: z.string(), agencies: z.array(z.string()), jurisdiction: z.string() }),
    status: z.string(),
    outcome: z.string().nullable(),
    holder: z.string(),
    appointment: z.looseObject({ date: z.string() }).nullable(),
    escalationLevel: z.number(),
    timeline: z.array(z.looseObject({ at: z.string(), type: z.string(), text: z.string() })),
    template: z
      .object({ id: z.string(), version: z.number().int(), name: z.string() })
      .nullable()
      .optional()
      .describe('Mẫu nhắc việc (và phiên bản) hồ sơ theo; null với hồ sơ tiếp nhận trước khi có mẫu.'),
  })
  .meta({ id: 'FileView' });

/** What an import of tasks reports (a plan file, or one task from JSON). */
export const ImportReportSchema = z.looseObject({
  started: z.array(z.string()).optional().describe('Các nhiệm vụ bắt đầu theo dõi (vắng mặt khi chỉ đọc thử).'),
  problems: z.array(z.unknown()).optional(),
});

export const OutboxEntrySchema = z.looseObject({ key: z.string(), agencies: z.array(z.string()) }).meta({ id: 'OutboxEntry' });

export const AuditRecordSchema = z
  .looseObject({ id: z.string(), at: date, actor: z.string(), action: z.string(), outcome: z.number().nullable() })
  .meta({ id: 'AuditRecord' });

/** A file answered as a download or a page. */
export function download(contentType: string, description: string) {
  return { description, content: { [contentType]: { schema: BinarySchema } } };
}

/** A file's bytes (or text) in an answer. */
export const BinarySchema = z.unknown().meta({ type: 'string', format: 'binary' });

/** A raw file as the request body (a plan workbook, a CSV export). */
export const RawFileSchema = z.unknown().meta({ type: 'string', format: 'binary', description: 'Nội dung tệp, gửi nguyên dạng.' });

export const DirectoryVersionSchema = z.object({ version: z.number().int(), savedBy: z.string(), savedAt: date, note: z.string().nullable() });

/**
 * An Update's body as a caller sends it: the domain's schema without the actor (the API names the
 * caller); a missing body is an empty one, so that the answer names each missing field.
 */
export function withoutActor(schema: object): z.ZodType<Record<string, unknown>> {
  return (schema as z.ZodObject<{ actor: z.ZodType }>).omit({ actor: true }).prefault({}) as unknown as z.ZodType<Record<string, unknown>>;
}
