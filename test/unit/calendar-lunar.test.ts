/** Lunar → solar conversion for the two lunar holidays, against published Vietnamese calendars. */
import { describe, expect, it } from 'vitest';
import { hungKingsDay, lunarNewYear } from '../../domain/calendar';

describe('Vietnamese lunar calendar', () => {
  it('finds mùng 1 Tết', () => {
    const tet: Record<number, string> = {
      2021: '2021-02-12',
      2022: '2022-02-01',
      2023: '2023-01-22',
      2024: '2024-02-10',
      2025: '2025-01-29',
      2026: '2026-02-17',
      2027: '2027-02-06',
      2028: '2028-01-26',
      2029: '2029-02-13',
      // Vietnam (UTC+7) sees this new moon a day before China (UTC+8), whose Spring Festival is 3/2/2030.
      2030: '2030-02-02',
    };
    for (const [year, date] of Object.entries(tet)) expect(lunarNewYear(Number(year)), year).toBe(date);
  });

  it('finds Giỗ Tổ Hùng Vương (10/3 lunar)', () => {
    const hungKings: Record<number, string> = {
      2021: '2021-04-21',
      2022: '2022-04-10',
      2023: '2023-04-29',
      2024: '2024-04-18',
      2025: '2025-04-07',
      2026: '2026-04-26',
    };
    for (const [year, date] of Object.entries(hungKings)) expect(hungKingsDay(Number(year)), year).toBe(date);
  });
});
