/**
 * What the Updates of a task workflow carry, as zod schemas with Vietnamese messages: the API
 * validates requests with them and the workflow's validators check them again for any other client.
 * Pure and free of Temporal, so the worker preloads it once for all workflows.
 */
import { z } from 'zod';
import { IsoDateSchema } from './dates';
import { lazy } from './lazy';

export const ActorSchema = lazy(() =>
  z.object({
    name: z.string().trim().min(1, 'thiếu tên người thực hiện'),
    role: z.enum(['admin', 'monitor', 'agency', 'system']),
    /** For the agency role: the canonical name of the agency the person acts for. */
    agency: z.string().optional(),
  }),
);

export type Actor = z.infer<typeof ActorSchema>;

export const CompleteSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    /** Group tasks: the member completing for itself (defaults to the actor's agency or the only lead). */
    agency: z.string().optional(),
    /** Milestone index (defaults to the first one not yet completed). */
    milestone: z.number().int().min(0).optional(),
    /** When the work was done (defaults to now); cannot be in the future. */
    completedAt: z.iso.datetime({ offset: true }).optional(),
    evidence: z.string().trim().min(1, 'cần số văn bản hoặc đường dẫn minh chứng'),
    note: z.string().optional(),
  }),
);

export type CompleteInput = z.input<typeof CompleteSchema>;

export const ProgressSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    agency: z.string().optional(),
    percent: z.number().min(0, 'tiến độ từ 0 đến 100').max(100, 'tiến độ từ 0 đến 100'),
    note: z.string().trim().min(1, 'cần ghi nội dung tiến độ'),
  }),
);

export type ProgressInput = z.input<typeof ProgressSchema>;

export const ExtendSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    newDue: IsoDateSchema,
    /** Which milestone to extend (defaults to the first one not yet completed). */
    milestone: z.number().int().min(0).optional(),
    reason: z.string().trim().min(1, 'cần nêu lý do gia hạn'),
    approvedBy: z.string().trim().min(1, 'cần người phê duyệt gia hạn'),
  }),
);

export type ExtendInput = z.input<typeof ExtendSchema>;

export const SetDeadlineSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    due: IsoDateSchema,
    note: z.string().optional(),
  }),
);

export type SetDeadlineInput = z.input<typeof SetDeadlineSchema>;

export const ReassignSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    leads: z.array(z.string().trim().min(1)).min(1, 'cần ít nhất một cơ quan chủ trì'),
    reason: z.string().trim().min(1, 'cần nêu lý do giao lại'),
  }),
);

export type ReassignInput = z.input<typeof ReassignSchema>;

export const AcknowledgeSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    level: z.number().int().min(1),
    agency: z.string().optional(),
    milestone: z.number().int().min(0).optional(),
    comment: z.string().trim().min(1, 'cần ý kiến khi xác nhận'),
  }),
);

export type AcknowledgeInput = z.input<typeof AcknowledgeSchema>;

export const CancelSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    reason: z.string().trim().min(1, 'cần nêu lý do hủy'),
  }),
);

export type CancelInput = z.input<typeof CancelSchema>;

export const TriggerSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    /** What happened, e.g. "Hồ sơ 000.00.12.H57-250101-0001 trễ hẹn". */
    title: z.string().trim().min(1, 'cần mô tả sự kiện'),
    due: IsoDateSchema.optional(),
    /** Idempotency: the same event id never starts a second instance. */
    eventId: z.string().trim().min(1).max(120).optional(),
  }),
);

export type TriggerInput = z.input<typeof TriggerSchema>;
