/**
 * What the Updates of a one-stop file workflow carry, as zod schemas with Vietnamese messages.
 * Pure and free of Temporal, so the worker preloads it once for all workflows.
 */
import { z } from 'zod';
import { ApologySchema } from './apology';
import { ActorSchema } from '../task-inputs';
import { lazy } from '../lazy';
import { LIMITS, clientDateTime, requiredText, text } from '../input-limits';

/** When an event happened, if not now (a one-stop system reporting late); never in the future. */
const AtSchema = lazy(() => clientDateTime('thời điểm', 'thời điểm phải có dạng ISO 8601 kèm múi giờ').optional());

export const TransferSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    /** The agency that takes the file over; default: the next one in the file's order. */
    to: requiredText('cơ quan nhận hồ sơ', LIMITS.NAME, 'tên cơ quan nhận hồ sơ trống').optional(),
    note: text('ghi chú', LIMITS.NOTE).optional(),
    at: AtSchema,
  }),
);
export type TransferInput = z.input<typeof TransferSchema>;

export const RequestDocumentsSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    reason: requiredText('lý do yêu cầu bổ sung', LIMITS.REASON, 'cần nêu giấy tờ cần bổ sung, hoàn thiện'),
    at: AtSchema,
  }),
);
export type RequestDocumentsInput = z.input<typeof RequestDocumentsSchema>;

export const DocumentsReceivedSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    note: text('ghi chú', LIMITS.NOTE).optional(),
    at: AtSchema,
  }),
);
export type DocumentsReceivedInput = z.input<typeof DocumentsReceivedSchema>;

export const ResultSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    note: text('ghi chú', LIMITS.NOTE).optional(),
    at: AtSchema,
  }),
);
export type ResultInput = z.input<typeof ResultSchema>;

export const WithdrawSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    reason: requiredText('lý do rút hồ sơ', LIMITS.REASON, 'cần ghi lý do rút hồ sơ'),
    at: AtSchema,
  }),
);
export type WithdrawInput = z.input<typeof WithdrawSchema>;

export const SubmitApologySchema = lazy(() => ApologySchema.extend({ actor: ActorSchema }));
export type SubmitApologyInput = z.input<typeof SubmitApologySchema>;

export const AcknowledgeFileSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    /** 2 = Văn phòng UBND, 3 = the chair. */
    level: z.number().int().min(1).max(10),
    comment: requiredText('ý kiến', LIMITS.REASON, 'cần ý kiến khi xác nhận'),
  }),
);
export type AcknowledgeFileInput = z.input<typeof AcknowledgeFileSchema>;
