/**
 * What the Updates of a task workflow carry, as zod schemas with Vietnamese messages: the API
 * validates requests with them and the workflow's validators check them again for any other client.
 * Pure and free of Temporal, so the worker preloads it once for all workflows.
 */
import { z } from 'zod';
import { LIMITS, boundedList, clientDate, clientDateTime, requiredText, text } from './input-limits';
import { lazy } from './lazy';

export const ActorSchema = lazy(() =>
  z.object({
    name: requiredText('tên người thực hiện', LIMITS.NAME, 'thiếu tên người thực hiện'),
    role: z.enum(['admin', 'monitor', 'agency', 'system']),
    /** For the agency role: the canonical name of the agency the person acts for. */
    agency: text('tên cơ quan của người thực hiện', LIMITS.NAME).optional(),
  }),
);

export type Actor = z.infer<typeof ActorSchema>;

export const CompleteSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    /** Group tasks: the member completing for itself (defaults to the actor's agency or the only lead). */
    agency: text('cơ quan hoàn thành', LIMITS.NAME).optional(),
    /** Milestone index (defaults to the first one not yet completed). */
    milestone: z.number().int().min(0).max(1_000).optional(),
    /** When the work was done (defaults to now); cannot be in the future. */
    completedAt: clientDateTime('thời điểm hoàn thành', 'thời điểm hoàn thành phải có dạng ISO 8601 kèm múi giờ').optional(),
    evidence: requiredText('minh chứng', LIMITS.REASON, 'cần số văn bản hoặc đường dẫn minh chứng'),
    note: text('ghi chú', LIMITS.NOTE).optional(),
  }),
);

export type CompleteInput = z.input<typeof CompleteSchema>;

export const ProgressSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    agency: text('cơ quan báo cáo', LIMITS.NAME).optional(),
    percent: z.number().min(0, 'tiến độ từ 0 đến 100').max(100, 'tiến độ từ 0 đến 100'),
    note: requiredText('nội dung tiến độ', LIMITS.NOTE, 'cần ghi nội dung tiến độ'),
  }),
);

export type ProgressInput = z.input<typeof ProgressSchema>;

export const ExtendSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    newDue: clientDate('hạn mới'),
    /** Which milestone to extend (defaults to the first one not yet completed). */
    milestone: z.number().int().min(0).max(1_000).optional(),
    reason: requiredText('lý do gia hạn', LIMITS.REASON, 'cần nêu lý do gia hạn'),
    approvedBy: requiredText('người phê duyệt gia hạn', LIMITS.NAME, 'cần người phê duyệt gia hạn'),
  }),
);

export type ExtendInput = z.input<typeof ExtendSchema>;

export const SetDeadlineSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    due: clientDate('hạn hoàn thành'),
    note: text('ghi chú', LIMITS.NOTE).optional(),
  }),
);

export type SetDeadlineInput = z.input<typeof SetDeadlineSchema>;

export const ReassignSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    leads: boundedList(requiredText('tên cơ quan chủ trì', LIMITS.NAME, 'tên cơ quan chủ trì trống'), 'danh sách cơ quan chủ trì').min(
      1,
      'cần ít nhất một cơ quan chủ trì',
    ),
    reason: requiredText('lý do giao lại', LIMITS.REASON, 'cần nêu lý do giao lại'),
  }),
);

export type ReassignInput = z.input<typeof ReassignSchema>;

export const AcknowledgeSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    level: z.number().int().min(1).max(10),
    agency: text('cơ quan được xác nhận', LIMITS.NAME).optional(),
    milestone: z.number().int().min(0).max(1_000).optional(),
    comment: requiredText('ý kiến', LIMITS.REASON, 'cần ý kiến khi xác nhận'),
  }),
);

export type AcknowledgeInput = z.input<typeof AcknowledgeSchema>;

export const CancelSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    reason: requiredText('lý do hủy', LIMITS.REASON, 'cần nêu lý do hủy'),
  }),
);

export type CancelInput = z.input<typeof CancelSchema>;

export const TriggerSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    /** What happened, e.g. "Hồ sơ 000.00.12.H57-250101-0001 trễ hẹn". */
    title: requiredText('mô tả sự kiện', LIMITS.REASON, 'cần mô tả sự kiện'),
    due: clientDate('hạn của sự kiện').optional(),
    /** Idempotency: the same event id never starts a second instance. */
    eventId: requiredText('mã sự kiện', LIMITS.CODE, 'mã sự kiện trống').optional(),
  }),
);

export type TriggerInput = z.input<typeof TriggerSchema>;
