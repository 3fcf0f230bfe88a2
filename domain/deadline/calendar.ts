/**
 * Calendar periods used by deadline phrases: months, quarters, half-years, years and ISO weeks,
 * with the Vietnamese labels plans use for them. Pure date arithmetic on ISO strings.
 */
import { addDays, daysInMonth, isoDate, lastDayOfMonth, parts, type IsoDate } from '../dates';

/** Years the parser accepts; anything outside is treated as a typo, not a date. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

export function isSupportedYear(year: number): boolean {
  return Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
}

export type Span = { start: IsoDate; end: IsoDate };

export function monthSpan(year: number, month: number): Span {
  return { start: isoDate(year, month, 1), end: lastDayOfMonth(year, month) };
}

export function quarterSpan(year: number, quarter: number): Span {
  return { start: isoDate(year, quarter * 3 - 2, 1), end: lastDayOfMonth(year, quarter * 3) };
}

export function halfYearSpan(year: number, half: number): Span {
  return half === 1
    ? { start: isoDate(year, 1, 1), end: isoDate(year, 6, 30) }
    : { start: isoDate(year, 7, 1), end: isoDate(year, 12, 31) };
}

export function yearSpan(year: number): Span {
  return { start: isoDate(year, 1, 1), end: isoDate(year, 12, 31) };
}

/** The date `day` of a month, moved back to the month's last day when the month is shorter. */
export function clampedDate(year: number, month: number, day: number): IsoDate {
  return isoDate(year, month, Math.min(day, daysInMonth(year, month)));
}

/** Same day `months` later (civil-code counting: 31/01 + 1 month = 28 or 29/02). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  return clampedDate(Math.floor(index / 12), (index % 12) + 1, day);
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

export function toRoman(n: number): string {
  return ROMAN[n - 1] ?? String(n);
}

/** "ii" → 2; null when the word is not a Roman numeral from I to XII. */
export function fromRoman(word: string): number | null {
  const i = ROMAN.indexOf(word.toUpperCase());
  return i < 0 ? null : i + 1;
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  const { year, month, day } = parts(date);
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

export function mondayOf(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** ISO 8601 week: the week (Monday–Sunday) belongs to the year of its Thursday. */
export function isoWeekOf(date: IsoDate): { year: number; week: number } {
  const thursday = addDays(mondayOf(date), 3);
  const year = parts(thursday).year;
  const firstThursday = addDays(mondayOf(isoDate(year, 1, 4)), 3);
  const week = Math.round((Date.parse(thursday) - Date.parse(firstThursday)) / (7 * 86_400_000)) + 1;
  return { year, week };
}

export const WEEKDAY_NAMES = ['thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];
