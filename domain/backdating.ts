/**
 * Dating a report back (a completion, a file's result or return): allowed within limits, and always
 * shown. A time can never be before the thing began (the task's start, the file's reception or its
 * last recorded event), nor in the future; an agency may date back at most a few days, a monitor or
 * an admin further. The timeline says who dated back and by how much ("ghi lùi 5 ngày").
 */
import { formatVietnamese, isSupportedYear, SUPPORTED_YEARS, vietnamDateOf } from './dates';

export const AGENCY_BACKDATE_DAYS = 3;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type BackdateCheck = {
  /** What is being dated, in Vietnamese ("thời điểm hoàn thành"). */
  what: string;
  at: number;
  now: number;
  /** The earliest acceptable instant and what it is ("ngày bắt đầu theo dõi nhiệm vụ"). */
  notBefore: { at: number; what: string };
  role: 'admin' | 'monitor' | 'agency' | 'system';
  /** Tolerated clock skew into the future. */
  futureSkewMs?: number;
};

/** Why the time is refused (Vietnamese), or null when it is acceptable. */
export function backdateProblem(c: BackdateCheck): string | null {
  if (!Number.isFinite(c.at)) return `${capitalised(c.what)} không hợp lệ.`;
  const year = Number(vietnamDateOf(c.at).slice(0, 4));
  if (!isSupportedYear(year)) return `${capitalised(c.what)}: năm ${year} ngoài phạm vi lịch làm việc ${SUPPORTED_YEARS.first}–${SUPPORTED_YEARS.last}.`;
  if (c.at > c.now + (c.futureSkewMs ?? 0)) return `${capitalised(c.what)} không thể ở tương lai.`;
  if (c.at < c.notBefore.at) return `${capitalised(c.what)} (${shown(c.at)}) trước ${c.notBefore.what} (${shown(c.notBefore.at)}).`;
  if (c.now - c.at > AGENCY_BACKDATE_DAYS * DAY_MS && c.role !== 'monitor' && c.role !== 'admin') {
    return `${capitalised(c.what)} chỉ được ghi lùi tối đa ${AGENCY_BACKDATE_DAYS} ngày; ghi lùi xa hơn do Văn phòng UBND hoặc quản trị viên thực hiện.`;
  }
  return null;
}

/** "Nguyễn Văn A ghi lùi 5 ngày" when the time is an hour or more before now, else null. */
export function backdateNote(by: string, at: number, now: number): string | null {
  const back = now - at;
  if (back < HOUR_MS) return null;
  const days = Math.floor(back / DAY_MS);
  return `${by} ghi lùi ${days >= 1 ? `${days} ngày` : `${Math.floor(back / HOUR_MS)} giờ`}`;
}

function shown(ms: number): string {
  return formatVietnamese(vietnamDateOf(ms));
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
