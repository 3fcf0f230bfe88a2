/**
 * What a file workflow shows: its state as the API, the letter and the public page read it.
 * Types only (and their Vietnamese names), shared by the workflow, the activities and the API.
 */
import type { IsoDate } from '../dates';
import type { FileOutcome } from './clock';
import type { OneStopFile } from './file';

export type FileStatus = 'not_due' | 'due_soon' | 'overdue' | 'waiting_documents' | 'result_ready' | 'returned' | 'withdrawn';

export const FILE_STATUS_NAMES: Record<FileStatus, string> = {
  not_due: 'Đang giải quyết, chưa đến hẹn',
  due_soon: 'Sắp đến ngày hẹn',
  overdue: 'Trễ hẹn',
  waiting_documents: 'Chờ bổ sung hồ sơ (dừng tính thời gian)',
  result_ready: 'Đã có kết quả, chờ trả',
  returned: 'Đã trả kết quả',
  withdrawn: 'Đã rút hồ sơ',
};

/** A return time: the Vietnam date and the instant (hour included) written on the receipt. */
export type Appointment = { date: IsoDate; at: string };

export type ApologyRecord = {
  /** "12/PXL". */
  number: string;
  /** Date of the letter. */
  date: IsoDate;
  signer: string;
  signerTitle: string;
  /** Cơ quan chủ quản above the issuing agency in the letter's heading ("UBND huyện Tuy Phước"). */
  superiorBody: string | null;
  /** Place name of the letter's date line ("Tuy Phước"). */
  place: string | null;
  reason: string;
  newAppointment: Appointment;
  /** The agency that apologised: the one holding the file. */
  agency: string;
  by: string;
  submittedAt: string;
  /** Recorded before the appointment day (the rule asks for one day before at the latest). */
  timely: boolean;
  /** The appointment this apology moved. */
  originalAppointment: Appointment;
};

export type FileEventType =
  | 'received'
  | 'transferred'
  | 'documents_requested'
  | 'documents_received'
  | 'warning'
  | 'apology_required'
  | 'apology_overdue'
  | 'late'
  | 'late_again'
  | 'escalation'
  | 'acknowledged'
  | 'apology'
  | 'published'
  | 'unpublished'
  | 'result_ready'
  | 'returned'
  | 'withdrawn'
  | 'notification_failed';

export type FileTimelineEntry = {
  at: string;
  type: FileEventType;
  /** Vietnamese, for people. */
  text: string;
  by?: string;
  agency?: string;
  level?: number;
  key?: string;
};

export type FileView = {
  workflowId: string;
  file: OneStopFile;
  status: FileStatus;
  outcome: FileOutcome | null;
  /** The agency holding the file now (the last one that held it once closed). */
  holder: string;
  /** The appointment in force: the new one after an apology. Null for the moment the file is being set up. */
  appointment: Appointment | null;
  /** The appointment from the processing time (recomputed after additional documents), before any apology. */
  originalAppointment: Appointment | null;
  clock: { start: IsoDate | null; explanation: string | null; paused: boolean; restarts: number };
  /** Last day to apologise on time for the first appointment. */
  apologyBy: IsoDate | null;
  apology: ApologyRecord | null;
  documentRequests: { requestedAt: string; reason: string; by: string; receivedAt?: string }[];
  result: { at: string; agency: string; by: string; note?: string } | null;
  returnedAt: string | null;
  withdrawn: { at: string; reason: string; by: string } | null;
  /** The first appointment passed without a result. */
  late: { since: IsoDate; agency: string } | null;
  /** The re-appointed date passed without a result as well. */
  lateAgain: { since: IsoDate; agency: string } | null;
  escalationLevel: number;
  acknowledged: { level: number; by: string; at: string; comment: string }[];
  publication: { number: string; publishedAt: string | null; until: string; unpublishedAt: string | null } | null;
  timeline: FileTimelineEntry[];
};
