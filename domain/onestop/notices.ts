/**
 * The notification a file workflow sends, built from the file's view. Every kind speaks of the file
 * in its own words (domain/messages/file-templates.ts: the renderer knows a file by its workflow id
 * `file:<code>`): Hồ sơ, Thủ tục hành chính, Nơi tiếp nhận, Cơ quan đang giải quyết, Ngày hẹn trả
 * kết quả. `asOf` is the day the action is about; the notify activity states the facts as of the
 * day it sends.
 */
import { vietnamDateOf, type IsoDate } from '../dates';
import type { NotifyRequest, Recipient } from '../notification';
import type { FileView } from './view';

/** Detail a workflow may pass that repeats the "Cơ quan đang giải quyết" row. */
const HOLDER_DETAIL = 'Cơ quan đang giữ hồ sơ';

export function fileNotice(
  view: FileView,
  notice: { key: string; kind: NotifyRequest['kind']; to: Recipient[]; asOf: IsoDate; level?: number; details?: Record<string, string> },
): NotifyRequest {
  const f = view.file;
  const details: Record<string, string> = { ...notice.details };
  if (details[HOLDER_DETAIL] === view.holder) delete details[HOLDER_DETAIL];
  return {
    key: `${view.workflowId}:${notice.key}`,
    kind: notice.kind,
    to: notice.to,
    asOf: notice.asOf,
    level: notice.level,
    subject: {
      workflowId: view.workflowId,
      planTitle: f.receivingUnit,
      title: `${f.code} – ${f.procedure.name}`,
      product: `${f.procedure.name} (mã ${f.procedure.code})`,
      lead: [view.holder],
      deadlineText: `${f.procedure.workingDays} ngày làm việc`,
      explanation: view.clock.explanation,
      due: view.appointment?.date ?? null,
    },
    details: {
      jurisdiction: f.jurisdiction,
      receivedOn: vietnamDateOf(new Date(f.receivedAt)),
      ...details,
    },
  };
}
