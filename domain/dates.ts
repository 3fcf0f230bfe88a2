/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`), with arithmetic done in UTC so the result never
 * depends on the host's time zone. Deadlines are Vietnam calendar days; instants are converted with
 * the fixed offset of Asia/Ho_Chi_Minh (UTC+7, no daylight saving since 1975).
 */
import { z } from 'zod';
import { lazy } from './lazy';

export type IsoDate = string;

export const IsoDateSchema = lazy(() =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD')
    .refine(isValidIsoDate, 'ngày không tồn tại'),
);

/**
 * The years dondoc's working-day calendar answers for (holiday rules and lunar dates). Every date a
 * client sends (deadlines, appointments, reception and completion times, plan years) must fall in
 * them (the calendar starts with the Labour Code 2019, in force from 1/1/2021); anything else is
 * refused at the edge and in the workflows' validators.
 */
export const SUPPORTED_YEARS = { first: 2021, last: 2040 } as const;

export function isSupportedYear(year: number): boolean {
  return Number.isInteger(year) && year >= SUPPORTED_YEARS.first && year <= SUPPORTED_YEARS.last;
}

export const VIETNAM_UTC_OFFSET_HOURS = 7;
const DAY_MS = 86_400_000;

export function isValidIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function parts(date: IsoDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function lastDayOfMonth(year: number, month: number): IsoDate {
  return isoDate(year, month, daysInMonth(year, month));
}

function toUtcMs(date: IsoDate): number {
  const { year, month, day } = parts(date);
  return Date.UTC(year, month - 1, day);
}

function fromUtcMs(ms: number): IsoDate {
  const d = new Date(ms);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** The Vietnam calendar day that contains this instant. */
export function vietnamDateOf(instant: Date | number): IsoDate {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return fromUtcMs(Math.floor((ms + VIETNAM_UTC_OFFSET_HOURS * 3_600_000) / DAY_MS) * DAY_MS);
}

/** The instant of `hh:mm` Vietnam time on a Vietnam calendar day. */
export function vietnamInstant(date: IsoDate, hour = 0, minute = 0): Date {
  return new Date(toUtcMs(date) + (hour - VIETNAM_UTC_OFFSET_HOURS) * 3_600_000 + minute * 60_000);
}

/** End of a Vietnam calendar day (24:00 = 00:00 of the next day). */
export function endOfVietnamDay(date: IsoDate): Date {
  return vietnamInstant(addDays(date, 1));
}

/** dd/mm/yyyy, the way Vietnamese documents write dates. */
export function formatVietnamese(date: IsoDate): string {
  const { year, month, day } = parts(date);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

// ---------------------------------------------------------------- days as integers
// Hot loops (the agenda, working days) count days as integers and turn them into ISO strings only
// at their edges.

/** Days since 1970-01-01: the integer form of a date (the same day as `addDays`/`daysBetween` count). */
export function epochDay(date: IsoDate): number {
  return toUtcMs(date) / DAY_MS;
}

/** The date `day` days after 1970-01-01 (proleptic Gregorian, as `Date`), formatted as `isoDate` does. */
export function isoDateOfEpochDay(day: number): IsoDate {
  if (!(Math.abs(day) <= 100_000_000)) return fromUtcMs(day * DAY_MS); // beyond Date's range: as Date answers
  // civil_from_days (H. Hinnant): no Date object per call.
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return isoDate(yoe + era * 400 + (month <= 2 ? 1 : 0), month, doy - Math.floor((153 * mp + 2) / 5) + 1);
}

/** 0 = Sunday … 6 = Saturday, of a day counted by `epochDay` (1970-01-01 was a Thursday). */
export function dayOfWeekOfEpochDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The Vietnam calendar day (as `epochDay`) that contains this instant (epoch milliseconds), as `vietnamDateOf`. */
export function vietnamEpochDayOf(ms: number): number {
  return Math.floor((ms + VIETNAM_UTC_OFFSET_HOURS * 3_600_000) / DAY_MS);
}

/** The instant of `hh:mm` Vietnam time on a day counted by `epochDay`, in epoch milliseconds (as `vietnamInstant`). */
export function vietnamInstantMs(day: number, hour = 0, minute = 0): number {
  return day * DAY_MS + (hour - VIETNAM_UTC_OFFSET_HOURS) * 3_600_000 + minute * 60_000;
}
