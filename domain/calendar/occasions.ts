/**
 * The public holidays of Bộ luật Lao động 2019, Điều 112 khoản 1, with their Vietnamese names and
 * the solar date each one is anchored to in a given year.
 */
import { z } from 'zod';
import { isoDate, type IsoDate } from '../dates';
import { hungKingsDay, lunarNewYear } from './lunar';

export const OccasionSchema = z.enum([
  'new-year', // Tết Dương lịch, 1/1
  'tet', // Tết Nguyên đán (Tết Âm lịch), 5 days chosen by the Prime Minister
  'hung-kings', // Giỗ Tổ Hùng Vương, 10/3 lunar
  'reunification', // Ngày Chiến thắng, 30/4
  'labour', // Ngày Quốc tế Lao động, 1/5
  'national-day', // Quốc khánh, 2/9 and one adjacent day chosen by the Prime Minister
  'other', // a day off the law does not list (e.g. a new holiday before this code knows it)
]);
export type Occasion = z.infer<typeof OccasionSchema>;

export const OCCASION_NAMES: Record<Occasion, string> = {
  'new-year': 'Tết Dương lịch',
  tet: 'Tết Nguyên đán',
  'hung-kings': 'Giỗ Tổ Hùng Vương',
  reunification: 'Ngày Chiến thắng',
  labour: 'Ngày Quốc tế Lao động',
  'national-day': 'Quốc khánh',
  other: 'Ngày nghỉ',
};

/** Occasions whose exact days the Prime Minister decides each year (Điều 112 khoản 3). */
export const DECIDED_EACH_YEAR: readonly Occasion[] = ['tet', 'national-day'];

export const LAW = {
  holidays: 'Bộ luật Lao động 2019, Điều 112 khoản 1',
  compensation: 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù khi ngày lễ trùng ngày nghỉ hằng tuần)',
  estimate:
    'Ước tính theo Bộ luật Lao động 2019, Điều 112 khoản 3: chưa có quyết định của Thủ tướng cho năm này, cần quản trị viên bổ sung',
} as const;

/** The solar date an occasion is anchored to in `year` (for Tết: mùng 1); null for 'other'. */
export function anchorDate(occasion: Occasion, year: number): IsoDate | null {
  switch (occasion) {
    case 'new-year':
      return isoDate(year, 1, 1);
    case 'tet':
      return lunarNewYear(year);
    case 'hung-kings':
      return hungKingsDay(year);
    case 'reunification':
      return isoDate(year, 4, 30);
    case 'labour':
      return isoDate(year, 5, 1);
    case 'national-day':
      return isoDate(year, 9, 2);
    case 'other':
      return null;
  }
}
