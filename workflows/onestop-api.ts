/**
 * The messages a one-stop file workflow accepts and the view it returns. Shared by the workflow,
 * the API, the CLI and tests; definitions only (no workflow logic), so clients can import it.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { ApologySchema } from '../domain/onestop/apology';
import type { OneStopFile } from '../domain/onestop/file';
import type { FilePolicy } from '../domain/onestop/policy';
import type { FileView } from '../domain/onestop/view';
import { ActorSchema } from './task-api';

export type { FileView, FileStatus, FileTimelineEntry, ApologyRecord, Appointment } from '../domain/onestop/view';

export type OneStopFileWorkflowInput = {
  file: OneStopFile;
  policy: FilePolicy;
  /** Carried over by continue-as-new. */
  carried?: unknown;
};

/** When an event happened, if not now (a one-stop system reporting late); never in the future. */
const AtSchema = z.iso.datetime({ offset: true, message: 'thời điểm phải có dạng ISO 8601 kèm múi giờ' }).optional();

export const TransferSchema = z.object({
  actor: ActorSchema,
  /** The agency that takes the file over; default: the next one in the file's order. */
  to: z.string().trim().min(1).optional(),
  note: z.string().trim().optional(),
  at: AtSchema,
});
export type TransferInput = z.input<typeof TransferSchema>;

export const RequestDocumentsSchema = z.object({
  actor: ActorSchema,
  reason: z.string().trim().min(1, 'cần nêu giấy tờ cần bổ sung, hoàn thiện'),
  at: AtSchema,
});
export type RequestDocumentsInput = z.input<typeof RequestDocumentsSchema>;

export const DocumentsReceivedSchema = z.object({
  actor: ActorSchema,
  note: z.string().trim().optional(),
  at: AtSchema,
});
export type DocumentsReceivedInput = z.input<typeof DocumentsReceivedSchema>;

export const ResultSchema = z.object({
  actor: ActorSchema,
  note: z.string().trim().optional(),
  at: AtSchema,
});
export type ResultInput = z.input<typeof ResultSchema>;

export const WithdrawSchema = z.object({
  actor: ActorSchema,
  reason: z.string().trim().min(1, 'cần ghi lý do rút hồ sơ'),
  at: AtSchema,
});
export type WithdrawInput = z.input<typeof WithdrawSchema>;

export const SubmitApologySchema = ApologySchema.extend({ actor: ActorSchema });
export type SubmitApologyInput = z.input<typeof SubmitApologySchema>;

export const AcknowledgeFileSchema = z.object({
  actor: ActorSchema,
  /** 2 = Văn phòng UBND, 3 = the chair. */
  level: z.number().int().min(1),
  comment: z.string().trim().min(1, 'cần ý kiến khi xác nhận'),
});
export type AcknowledgeFileInput = z.input<typeof AcknowledgeFileSchema>;

export const fileStateQuery = defineQuery<FileView>('fileState');
export const transferUpdate = defineUpdate<FileView, [TransferInput]>('transfer');
export const requestDocumentsUpdate = defineUpdate<FileView, [RequestDocumentsInput]>('requestDocuments');
export const documentsReceivedUpdate = defineUpdate<FileView, [DocumentsReceivedInput]>('documentsReceived');
export const resultReadyUpdate = defineUpdate<FileView, [ResultInput]>('resultReady');
export const resultReturnedUpdate = defineUpdate<FileView, [ResultInput]>('resultReturned');
export const withdrawUpdate = defineUpdate<FileView, [WithdrawInput]>('withdraw');
export const submitApologyUpdate = defineUpdate<FileView, [SubmitApologyInput]>('submitApology');
export const acknowledgeFileUpdate = defineUpdate<FileView, [AcknowledgeFileInput]>('acknowledgeEscalation');
