/**
 * The notification a file workflow sends, built from the file's view. Apology kinds use the file's
 * own words (Hồ sơ, Thủ tục hành chính, Nơi tiếp nhận, Ngày hẹn trả kết quả); the other kinds use the
 * shared task wording, so the subject is written to read right there ("Giải quyết hồ sơ …").
 */
import { vietnamDateOf, type IsoDate } from '../dates';
import type { NotifyRequest, Recipient } from '../notification';
import type { FileView } from './view';

export function fileNotice(
  view: FileView,
  notice: { key: string; kind: NotifyRequest['kind']; to: Recipient[]; asOf: IsoDate; level?: number; details?: Record<string, string> },
): NotifyRequest {
  const f = view.file;
  const fileWords = notice.kind === 'apology_required' || notice.kind === 'apology_overdue';
  return {
    key: `${view.workflowId}:${notice.key}`,
    kind: notice.kind,
    to: notice.to,
    asOf: notice.asOf,
    level: notice.level,
    subject: {
      workflowId: view.workflowId,
      planTitle: fileWords ? f.receivingUnit : null,
      title: fileWords ? `${f.code} – ${f.procedure.name}` : `Giải quyết hồ sơ ${f.code} – ${f.procedure.name}`,
      product: fileWords ? `${f.procedure.name} (mã ${f.procedure.code})` : null,
      lead: [view.holder],
      deadlineText: `${f.procedure.workingDays} ngày làm việc`,
      explanation: view.clock.explanation,
      due: view.appointment?.date ?? null,
    },
    details: {
      jurisdiction: f.jurisdiction,
      receivedOn: vietnamDateOf(new Date(f.receivedAt)),
      ...(fileWords ? {} : { 'Nơi tiếp nhận': f.receivingUnit }),
      ...notice.details,
    },
  };
}
