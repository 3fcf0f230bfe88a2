/**
 * The facts a message shows about its task or file, with Vietnamese labels, and the counting of
 * days left or late: calendar days for a task (its deadline is a calendar date), working days for
 * a one-stop file (its processing time and its lateness are counted in working days, Nghị định
 * 118/2025/NĐ-CP).
 */
import { addDays, daysBetween, formatVietnamese, isValidIsoDate, type IsoDate } from '../dates';
import type { MessageKind, Subject } from '../notification';
import type { FactRow } from './layout';
import { vietnameseDayAndDate } from './text';

/** The working-day count a file message needs: the calendar's (domain/calendar). */
export type WorkingDayCounter = {
  /** Working days in (a, b]; negative when b is before a. */
  workingDaysBetween(a: IsoDate, b: IsoDate): number;
};

/** The workflow id of a one-stop file is `file:<code>` (domain/onestop/file.ts, fileWorkflowId). */
export function isFileSubject(subject: Pick<Subject, 'workflowId'>): boolean {
  return subject.workflowId.startsWith('file:');
}

/** Whole days from `asOf` to `due`: positive = days left, 0 = due today, negative = days late. */
export function daysLeft(asOf: IsoDate, due: IsoDate): number {
  return daysBetween(asOf, due);
}

/** "Còn 7 ngày", "Đến hạn hôm nay", "Quá hạn 3 ngày". */
export function dueStatus(asOf: IsoDate, due: IsoDate): string {
  const left = daysLeft(asOf, due);
  if (left > 0) return `Còn ${left} ngày`;
  if (left === 0) return 'Đến hạn hôm nay';
  return `Quá hạn ${-left} ngày`;
}

/**
 * Working days from `asOf` to a file's appointment: positive = working days left, 0 = the
 * appointment is today (or `asOf` is a day off just before it), negative = working days late.
 */
export function workingDaysLeft(asOf: IsoDate, appointment: IsoDate, counter: WorkingDayCounter): number {
  if (asOf === appointment) return 0;
  return asOf < appointment ? counter.workingDaysBetween(asOf, appointment) : -counter.workingDaysBetween(appointment, asOf);
}

/**
 * For a one-stop file: "Còn 4 ngày làm việc đến ngày hẹn", "Hôm nay là ngày hẹn trả kết quả",
 * "Trễ hẹn 1 ngày làm việc".
 */
export function appointmentStatus(asOf: IsoDate, appointment: IsoDate, counter: WorkingDayCounter): string {
  const left = workingDaysLeft(asOf, appointment, counter);
  if (asOf === appointment) return 'Hôm nay là ngày hẹn trả kết quả';
  if (left > 0) return `Còn ${left} ngày làm việc đến ngày hẹn`;
  if (asOf < appointment) return 'Sắp đến ngày hẹn trả kết quả';
  if (left === 0) return 'Đã qua ngày hẹn trả kết quả';
  return `Trễ hẹn ${-left} ngày làm việc`;
}

/** The first day on which a task counts as late: the day after its due date. */
export function overdueSince(due: IsoDate): IsoDate {
  return addDays(due, 1);
}

export type Vocabulary = 'task' | 'file' | 'report' | 'digest';

/**
 * One-stop files (hồ sơ) are described with their own words, whatever the kind of message; so are
 * the monthly report and a failed daily digest. A delivery_failed message describes what failed
 * (`details.failedKind`).
 */
export function vocabularyOf(kind: MessageKind, failedKind?: string, subject?: Pick<Subject, 'workflowId'>): Vocabulary {
  const about = kind === 'delivery_failed' && failedKind ? failedKind : kind;
  if (about === 'monthly_report') return 'report';
  if (about === 'daily_digest') return 'digest';
  if (about === 'apology_required' || about === 'apology_overdue') return 'file';
  if (subject && isFileSubject(subject)) return 'file';
  return 'task';
}

const LABELS: Record<Vocabulary, Record<'plan' | 'title' | 'product' | 'lead' | 'deadlineText' | 'explanation' | 'due', string>> = {
  task: {
    plan: 'Kế hoạch',
    title: 'Nhiệm vụ',
    product: 'Sản phẩm',
    lead: 'Cơ quan chủ trì',
    deadlineText: 'Thời gian thực hiện',
    explanation: 'Cách tính thời hạn',
    due: 'Hạn hoàn thành',
  },
  file: {
    plan: 'Nơi tiếp nhận',
    title: 'Hồ sơ',
    product: 'Thủ tục hành chính',
    lead: 'Cơ quan đang giải quyết',
    deadlineText: 'Thời hạn giải quyết',
    explanation: 'Cách tính thời hạn',
    due: 'Ngày hẹn trả kết quả',
  },
  digest: {
    plan: 'Kế hoạch',
    title: 'Nội dung',
    product: 'Sản phẩm',
    lead: 'Cơ quan nhận',
    deadlineText: 'Thời gian',
    explanation: 'Ghi chú',
    due: 'Hạn',
  },
  report: {
    plan: 'Kế hoạch',
    title: 'Báo cáo',
    product: 'Nội dung',
    lead: 'Cơ quan thực hiện',
    deadlineText: 'Kỳ báo cáo',
    explanation: 'Ghi chú',
    due: 'Hạn báo cáo',
  },
};

/**
 * The rows describing the task or file, in a fixed order; empty fields are left out. `counter`
 * counts the working days of a file (required for the 'file' vocabulary when there is a due date).
 */
export function subjectFacts(subject: Subject, asOf: IsoDate, vocabulary: Vocabulary, counter?: WorkingDayCounter): FactRow[] {
  const label = LABELS[vocabulary];
  const rows: FactRow[] = [];
  const add = (l: string, v: string | null | undefined) => {
    if (v !== null && v !== undefined && v.trim() !== '') rows.push({ label: l, value: v.trim() });
  };
  add(label.plan, subject.planTitle);
  add(label.title, subject.title);
  add(label.product, subject.product);
  add(label.lead, subject.lead.join('; '));
  add(label.deadlineText, subject.deadlineText);
  add(label.explanation, subject.explanation);
  if (subject.due !== null) {
    add(label.due, vietnameseDayAndDate(subject.due));
    if (vocabulary === 'file') add(`Tình trạng (tính đến ${formatVietnamese(asOf)})`, appointmentStatus(asOf, subject.due, requireCounter(counter)));
    else if (vocabulary !== 'report') add(`Tình trạng (tính đến ${formatVietnamese(asOf)})`, dueStatus(asOf, subject.due));
  }
  return rows;
}

/**
 * `details` keys the templates know. A key not listed here is shown as it is written, so a
 * workflow may pass a Vietnamese label directly ({ "Ngày hẹn mới": "05/12/2025" }).
 * Values of date keys may be ISO dates; they are shown as dd/mm/yyyy.
 */
export const DETAIL_LABELS: Record<string, { label: string; date?: boolean } | null> = {
  /** Routing only: the jurisdiction whose monitoring office hears of failed deliveries. */
  jurisdiction: null,
  /** delivery_failed: the kind of the message that could not be delivered (shown in the text). */
  failedKind: null,
  /** delivery_failed: where to act when it is not the task's page (a failed digest). */
  link: null,
  /** Routing only: the task template and version whose texts the message uses ("bao-cao-cchc-quy@2"). */
  template: null,
  failedRecipients: { label: 'Người nhận không gửi được' },
  reason: { label: 'Lý do' },
  period: { label: 'Kỳ' },
  apologyBy: { label: 'Hạn gửi phiếu xin lỗi', date: true },
  newAppointment: { label: 'Ngày hẹn mới', date: true },
  receivedOn: { label: 'Ngày tiếp nhận', date: true },
  /** Extension requests and their answers: the date the agency asked for, and who asked. */
  requestedUntil: { label: 'Hạn đề nghị gia hạn', date: true },
  requestedBy: { label: 'Người đề nghị' },
};

export function detailFacts(details: Record<string, string>, omit: string[] = []): FactRow[] {
  const rows: FactRow[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (omit.includes(key) || value.trim() === '') continue;
    const known = DETAIL_LABELS[key];
    if (known === null) continue;
    if (known === undefined) rows.push({ label: key, value: value.trim() });
    else rows.push({ label: known.label, value: known.date ? displayDate(value) : value.trim() });
  }
  return rows;
}

/** The working-day counter a file message needs, or a clear error. */
export function requireCounter(counter: WorkingDayCounter | undefined): WorkingDayCounter {
  if (!counter) throw new MissingCalendarError('a one-stop file message counts working days: pass the working-day calendar (options.calendar)');
  return counter;
}

export class MissingCalendarError extends Error {
  override name = 'MissingCalendarError';
}

/** An ISO date as dd/mm/yyyy; any other text unchanged. */
export function displayDate(value: string): string {
  const v = value.trim();
  return isValidIsoDate(v) ? formatVietnamese(v) : v;
}

/** `${dashboardUrl}/tasks/${encodeURIComponent(workflowId)}`. */
export function taskLink(dashboardUrl: string, workflowId: string): string {
  return `${dashboardUrl.replace(/\/+$/, '')}/tasks/${encodeURIComponent(workflowId)}`;
}
