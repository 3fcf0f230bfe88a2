/** Checks on the arguments callers pass to the calendar; errors are in Vietnamese and say what is wrong. */
import { isValidIsoDate, type IsoDate } from '../dates';

export class CalendarInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarInputError';
  }
}

export function requireCount(value: number, what: string, allowNegative: boolean): void {
  if (!Number.isInteger(value) || (!allowNegative && value < 0)) {
    throw new CalendarInputError(
      `${what} phải là số nguyên${allowNegative ? '' : ' không âm'}, nhận được ${String(value)}`,
    );
  }
}

export function requireDate(date: unknown, what: string): asserts date is IsoDate {
  if (typeof date !== 'string' || !isValidIsoDate(date)) {
    throw new CalendarInputError(`${what} không hợp lệ: "${String(date)}" (cần một ngày có thật, dạng YYYY-MM-DD)`);
  }
}

/** "HH:MM" → minutes after midnight, with a clear error naming the option. */
export function minutesOfDay(text: string, option: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  const hours = m ? Number(m[1]) : NaN;
  const minutes = m ? Number(m[2]) : NaN;
  if (!(hours <= 23 && minutes <= 59)) {
    throw new CalendarInputError(`${option} phải có dạng HH:MM (00:00–23:59), nhận được "${text}"`);
  }
  return hours * 60 + minutes;
}
