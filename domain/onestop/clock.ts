/**
 * The rules of a file's clock and of its outcome, pure. The working-day arithmetic itself is the
 * calendar's (`processingDeadline`, docs/working-days.md); this module says what the dates mean:
 * when an apology is on time, how a closed file is classified, and the sentence that explains
 * how an appointment was computed.
 */
import { vietnamDateOf, vietnamInstant, type IsoDate } from '../dates';
import { vietnameseDayAndDate } from '../messages/text';

export type FileOutcome = 'early' | 'on_time' | 'late_with_apology' | 'late_without_apology' | 'withdrawn';

export const OUTCOME_NAMES: Record<FileOutcome, string> = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late_with_apology: 'Quá hạn, đã xin lỗi đúng quy định',
  late_without_apology: 'Quá hạn, không xin lỗi đúng quy định',
  withdrawn: 'Rút hồ sơ',
};

/** The three buckets one-stop reports use. */
export type OutcomeBucket = 'trước hạn' | 'đúng hạn' | 'quá hạn';

export function bucketOf(outcome: FileOutcome): OutcomeBucket | null {
  switch (outcome) {
    case 'early':
      return 'trước hạn';
    case 'on_time':
      return 'đúng hạn';
    case 'withdrawn':
      return null;
    default:
      return 'quá hạn';
  }
}

/**
 * The apology must reach the applicant at the latest one day before the appointment: anything
 * recorded before the appointment day is on time.
 */
export function isApologyTimely(submittedOn: IsoDate, appointment: IsoDate): boolean {
  return submittedOn < appointment;
}

/**
 * How a file closed. `appointment` is the appointment before any apology: a result after it is
 * late, legitimately so only with an apology made on time. Results are compared by Vietnam date.
 */
export function outcomeOf(facts: { appointment: IsoDate; resultOn: IsoDate | null; apologyTimely: boolean | null; withdrawn: boolean }): FileOutcome | null {
  if (facts.resultOn === null) return facts.withdrawn ? 'withdrawn' : null;
  if (facts.resultOn < facts.appointment) return 'early';
  if (facts.resultOn === facts.appointment) return 'on_time';
  return facts.apologyTimely ? 'late_with_apology' : 'late_without_apology';
}

/** "16:05" in Vietnam time. */
export function vietnamClock(instant: Date): string {
  const ms = instant.getTime() - vietnamInstant(vietnamDateOf(instant)).getTime();
  const minutes = Math.floor(ms / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * One sentence a person can check, e.g. "Tiếp nhận lúc 16:00 Thứ Ba, 10/03/2037, sau giờ chốt
 * 15:00: tính từ ngày làm việc tiếp theo (Thứ Tư, 11/03/2037); 3 ngày làm việc, hẹn trả kết quả
 * Thứ Hai, 16/03/2037."
 */
export function clockExplanation(args: {
  from: Date;
  start: IsoDate;
  due: IsoDate;
  workingDays: number;
  cutoff: string;
  /** The clock restarted when additional documents arrived. */
  restart?: boolean;
}): string {
  const day = vietnamDateOf(args.from);
  const what = args.restart ? 'Nhận đủ hồ sơ bổ sung' : 'Tiếp nhận';
  const at = `${what} lúc ${vietnamClock(args.from)} ${vietnameseDayAndDate(day)}`;
  let counted: string;
  if (args.start === day) counted = `${at}, trước giờ chốt ${args.cutoff}: tính từ ngày ${args.restart ? 'nhận đủ' : 'tiếp nhận'}`;
  else if (vietnamClock(args.from) >= args.cutoff) counted = `${at}, từ giờ chốt ${args.cutoff} trở đi: tính từ ngày làm việc tiếp theo (${vietnameseDayAndDate(args.start)})`;
  else counted = `${at}, ngày nghỉ: tính từ ngày làm việc tiếp theo (${vietnameseDayAndDate(args.start)})`;
  const restart = args.restart ? ', thời gian giải quyết tính lại từ đầu' : '';
  return `${counted}${restart}; ${args.workingDays} ngày làm việc, hẹn trả kết quả ${vietnameseDayAndDate(args.due)}.`;
}
