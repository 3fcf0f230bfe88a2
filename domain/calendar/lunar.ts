/**
 * Vietnamese lunar dates → solar (Gregorian) dates, with `date-chinese`'s CalendarVietnamese (the
 * Chinese rules computed for the UTC+7 meridian, which is why Tết 2030 falls on 2/2, not on 3/2 as
 * in China). Pure astronomy: deterministic, no I/O. One conversion costs a few milliseconds, so
 * results are memoised per year.
 */
import { CalendarVietnamese } from 'date-chinese';
import { isoDate, type IsoDate } from '../dates';

const lunar = new CalendarVietnamese();
const cache = new Map<string, IsoDate>();

/**
 * The solar date of lunar day `day` of (non-leap) lunar month `month` in the lunar year that begins
 * in the solar year `solarYear`.
 */
export function lunarToSolar(solarYear: number, month: number, day: number): IsoDate {
  const key = `${solarYear}-${month}-${day}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  // 1 July is always after Tết, so it lies in the lunar year that began in `solarYear`.
  lunar.fromGregorian(solarYear, 7, 1);
  const [cycle, yearInCycle] = lunar.get();
  const g = lunar.set(cycle, yearInCycle, month, false, day).toGregorian();
  const result = isoDate(g.year, g.month, g.day);
  cache.set(key, result);
  return result;
}

/** Mùng 1 Tết: the first day of the lunar year that begins in `solarYear`. */
export function lunarNewYear(solarYear: number): IsoDate {
  return lunarToSolar(solarYear, 1, 1);
}

/** Giỗ Tổ Hùng Vương: 10th day of the 3rd lunar month. */
export function hungKingsDay(solarYear: number): IsoDate {
  return lunarToSolar(solarYear, 3, 10);
}
