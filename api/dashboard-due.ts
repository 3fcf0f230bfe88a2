/**
 * How the dashboard says a due date in words, counted in working days by the working calendar:
 * "còn 3 ngày làm việc", "đến hạn hôm nay", "quá hạn 12 ngày làm việc".
 */
import { currentCalendar } from '../activities/calendar';
import type { IsoDate } from '../domain/dates';

const CLOSED = new Set(['done_on_time', 'done_late', 'cancelled', 'returned', 'withdrawn', 'result_ready']);

/** Working days from `today` to `due`: positive ahead, negative past; null outside the calendar's years. */
export function workingDaysUntil(today: IsoDate, due: IsoDate): number | null {
  try {
    return currentCalendar().workingDaysBetween(today, due);
  } catch {
    return null;
  }
}

/** The phrase for an open item's due date; null for a closed item or one without a date. */
export function dueWords(today: IsoDate, due: IsoDate | null, status: string | undefined): string | null {
  if (due === null || (status !== undefined && CLOSED.has(status))) return null;
  const days = workingDaysUntil(today, due);
  if (days === null) return null;
  if (days === 0) return 'đến hạn hôm nay';
  return days > 0 ? `còn ${days} ngày làm việc` : `quá hạn ${-days} ngày làm việc`;
}
