/**
 * The messages a one-stop file workflow accepts and the view it returns. Shared by the workflow,
 * the API, the CLI and tests; definitions only (no workflow logic), so clients can import it.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { OneStopFile } from '../domain/onestop/file';
import type { FilePolicy } from '../domain/onestop/policy';
import type { FileView } from '../domain/onestop/view';
import type { PatchGeneration } from './patches';
import type {
  TransferInput,
  RequestDocumentsInput,
  DocumentsReceivedInput,
  ResultInput,
  WithdrawInput,
  SubmitApologyInput,
  AcknowledgeFileInput,
} from '../domain/onestop/inputs';

// The zod schemas of the Updates live in domain/onestop/inputs (pure, preloaded once by the worker).
export * from '../domain/onestop/inputs';

export type { FileView, FileStatus, FileTimelineEntry, ApologyRecord, Appointment } from '../domain/onestop/view';

export type OneStopFileWorkflowInput = {
  file: OneStopFile;
  policy: FilePolicy;
  /** Carried over by continue-as-new. */
  carried?: unknown;
  /** The patches its starter's code had (workflows/patches.ts): given by every start and continue-as-new. */
  patches?: PatchGeneration;
};

export const fileStateQuery = defineQuery<FileView>('fileState');
export const transferUpdate = defineUpdate<FileView, [TransferInput]>('transfer');
export const requestDocumentsUpdate = defineUpdate<FileView, [RequestDocumentsInput]>('requestDocuments');
export const documentsReceivedUpdate = defineUpdate<FileView, [DocumentsReceivedInput]>('documentsReceived');
export const resultReadyUpdate = defineUpdate<FileView, [ResultInput]>('resultReady');
export const resultReturnedUpdate = defineUpdate<FileView, [ResultInput]>('resultReturned');
export const withdrawUpdate = defineUpdate<FileView, [WithdrawInput]>('withdraw');
export const submitApologyUpdate = defineUpdate<FileView, [SubmitApologyInput]>('submitApology');
export const acknowledgeFileUpdate = defineUpdate<FileView, [AcknowledgeFileInput]>('acknowledgeEscalation');
