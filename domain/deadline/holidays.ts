/**
 * Holidays a deadline cell may name instead of a date: "trước Tết Nguyên đán", "dịp 2/9",
 * "Tết Trung thu", "Giỗ Tổ Hùng Vương". Lunar ones come from the lunar calendar in domain/calendar.
 */
import { isoDate, type IsoDate } from '../dates';
import { anchorDate } from '../calendar/occasions';
import { lunarToSolar } from '../calendar/lunar';
import type { Holiday } from './scan-types';

export const HOLIDAY_NAMES: Record<Holiday, string> = {
  tet: 'Tết Nguyên đán',
  'hung-kings': 'Giỗ Tổ Hùng Vương',
  'mid-autumn': 'Tết Trung thu',
  reunification: 'ngày Giải phóng miền Nam 30/4',
  labour: 'ngày Quốc tế Lao động 1/5',
  'national-day': 'Quốc khánh 2/9',
  'new-year': 'Tết Dương lịch',
};

/** Solar holidays written as a date after "dịp", "lễ", "kỷ niệm": "dịp 2/9". */
const SOLAR: Record<string, Holiday> = { '2/9': 'national-day', '30/4': 'reunification', '1/5': 'labour', '1/1': 'new-year' };

export function solarHoliday(day: number, month: number): Holiday | undefined {
  return SOLAR[`${day}/${month}`];
}

/** The day of a holiday in a solar year (Tết: mùng 1), or null when the lunar calendar cannot say. */
export function holidayDate(holiday: Holiday, year: number): IsoDate | null {
  try {
    if (holiday === 'mid-autumn') return lunarToSolar(year, 8, 15);
    return anchorDate(holiday, year) ?? isoDate(year, 1, 1);
  } catch {
    return null;
  }
}

const STEMS = ['canh', 'tân', 'nhâm', 'quý', 'giáp', 'ất', 'bính', 'đinh', 'mậu', 'kỷ'];
const BRANCHES = ['thân', 'dậu', 'tuất', 'hợi', 'tý', 'sửu', 'dần', 'mão', 'thìn', 'tỵ', 'ngọ', 'mùi'];

/** "bính ngọ" → 2026 % 60; null when the words are not a stem and a branch. */
export function cycleIndex(stem: string | undefined, branch: string | undefined): number | null {
  const s = STEMS.indexOf(stem ?? '');
  const b = BRANCHES.indexOf(branch === 'tị' ? 'tỵ' : branch === 'mẹo' ? 'mão' : (branch ?? ''));
  if (s < 0 || b < 0) return null;
  for (let r = 0; r < 60; r++) if (r % 10 === s && r % 12 === b) return r;
  return null;
}
