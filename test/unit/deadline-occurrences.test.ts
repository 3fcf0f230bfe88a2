/**
 * occurrences(): the period and due date of each instance of a recurring duty. The task workflow
 * opens one instance per occurrence, so every date here must be exact.
 */
import { describe, expect, it } from 'vitest';
import { isValidIsoDate } from '../../domain/dates';
import { occurrences } from '../../domain/deadline/occurrences';

const dues = (list: { due: string }[]): string[] => list.map((o) => o.due);

describe('quarters', () => {
  it('a full year of quarters: labels, periods and due dates', () => {
    expect(occurrences({ every: 'quarter' }, '2025-01-01', '2025-12-31')).toEqual([
      { label: 'Quý I/2025', start: '2025-01-01', end: '2025-03-31', due: '2025-03-31' },
      { label: 'Quý II/2025', start: '2025-04-01', end: '2025-06-30', due: '2025-06-30' },
      { label: 'Quý III/2025', start: '2025-07-01', end: '2025-09-30', due: '2025-09-30' },
      { label: 'Quý IV/2025', start: '2025-10-01', end: '2025-12-31', due: '2025-12-31' },
    ]);
  });

  it('"Ngày 30 tháng cuối cùng của quý": day 30 of March, June, September, December', () => {
    expect(dues(occurrences({ every: 'quarter', day: 30, monthOfPeriod: 'last' }, '2025-01-01', '2025-12-31'))).toEqual([
      '2025-03-30',
      '2025-06-30',
      '2025-09-30',
      '2025-12-30',
    ]);
  });

  it('clamps day 31 to the length of the month', () => {
    expect(dues(occurrences({ every: 'quarter', day: 31, monthOfPeriod: 'last' }, '2025-01-01', '2025-12-31'))).toEqual([
      '2025-03-31',
      '2025-06-30',
      '2025-09-30',
      '2025-12-31',
    ]);
  });

  it('"trước ngày 20 của tháng đầu quý": the 19th of January, April, July, October', () => {
    expect(dues(occurrences({ every: 'quarter', day: 20, monthOfPeriod: 'first', before: true }, '2025-01-01', '2025-12-31'))).toEqual([
      '2025-01-19',
      '2025-04-19',
      '2025-07-19',
      '2025-10-19',
    ]);
  });

  it('includes both ends of the window and only due dates inside it', () => {
    expect(dues(occurrences({ every: 'quarter' }, '2025-03-31', '2025-06-30'))).toEqual(['2025-03-31', '2025-06-30']);
    expect(occurrences({ every: 'quarter' }, '2025-04-01', '2025-06-29')).toEqual([]);
  });
});

describe('months', () => {
  it('ends each month on its own last day: 28, 29, 30 or 31', () => {
    expect(dues(occurrences({ every: 'month' }, '2024-01-01', '2024-12-31'))).toEqual([
      '2024-01-31',
      '2024-02-29',
      '2024-03-31',
      '2024-04-30',
      '2024-05-31',
      '2024-06-30',
      '2024-07-31',
      '2024-08-31',
      '2024-09-30',
      '2024-10-31',
      '2024-11-30',
      '2024-12-31',
    ]);
    expect(occurrences({ every: 'month' }, '2025-02-01', '2025-02-28')).toEqual([
      { label: 'Tháng 2/2025', start: '2025-02-01', end: '2025-02-28', due: '2025-02-28' },
    ]);
  });

  it('day 31 each month falls back to the last day of shorter months', () => {
    expect(dues(occurrences({ every: 'month', day: 31 }, '2025-01-01', '2025-06-30'))).toEqual([
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
    ]);
    expect(dues(occurrences({ every: 'month', day: 30 }, '2024-02-01', '2024-02-29'))).toEqual(['2024-02-29']);
  });

  it('"trước ngày 18 hằng tháng" is due on the 17th', () => {
    expect(dues(occurrences({ every: 'month', day: 18, before: true }, '2025-01-01', '2025-03-31'))).toEqual(['2025-01-17', '2025-02-17', '2025-03-17']);
  });

  it('"trước ngày 01 hằng tháng" is due on the last day of the month before, counted in its own period', () => {
    const list = occurrences({ every: 'month', day: 1, before: true }, '2025-01-01', '2025-03-31');
    expect(list.map((o) => [o.label, o.due])).toEqual([
      ['Tháng 2/2025', '2025-01-31'],
      ['Tháng 3/2025', '2025-02-28'],
      ['Tháng 4/2025', '2025-03-31'],
    ]);
  });
});

describe('half-years and years', () => {
  it('labels half-years the way plans do', () => {
    expect(occurrences({ every: 'half-year' }, '2025-01-01', '2025-12-31')).toEqual([
      { label: '6 tháng đầu năm 2025', start: '2025-01-01', end: '2025-06-30', due: '2025-06-30' },
      { label: '6 tháng cuối năm 2025', start: '2025-07-01', end: '2025-12-31', due: '2025-12-31' },
    ]);
  });

  it('a yearly date: "trước ngày 15/12 hằng năm" is 14/12 each year', () => {
    expect(occurrences({ every: 'year', month: 12, day: 15, before: true }, '2025-01-01', '2027-12-31')).toEqual([
      { label: 'Năm 2025', start: '2025-01-01', end: '2025-12-31', due: '2025-12-14' },
      { label: 'Năm 2026', start: '2026-01-01', end: '2026-12-31', due: '2026-12-14' },
      { label: 'Năm 2027', start: '2027-01-01', end: '2027-12-31', due: '2027-12-14' },
    ]);
  });

  it('29 February each year falls on the 28th outside leap years', () => {
    expect(dues(occurrences({ every: 'year', month: 2, day: 29 }, '2023-01-01', '2025-12-31'))).toEqual(['2023-02-28', '2024-02-29', '2025-02-28']);
  });

  it('a yearly month without a day is due at the end of that month', () => {
    expect(dues(occurrences({ every: 'year', month: 6 }, '2025-01-01', '2026-12-31'))).toEqual(['2025-06-30', '2026-06-30']);
  });

  it('a plain year is due on 31 December', () => {
    expect(occurrences({ every: 'year' }, '2025-06-01', '2026-06-01')).toEqual([
      { label: 'Năm 2025', start: '2025-01-01', end: '2025-12-31', due: '2025-12-31' },
    ]);
  });
});

describe('weeks', () => {
  it('"thứ Năm hằng tuần": every Thursday, labelled with its ISO week', () => {
    const list = occurrences({ every: 'week', weekday: 4, time: '15:00' }, '2024-12-23', '2025-01-12');
    expect(list).toEqual([
      { label: 'Tuần 52/2024', start: '2024-12-23', end: '2024-12-29', due: '2024-12-26' },
      { label: 'Tuần 1/2025', start: '2024-12-30', end: '2025-01-05', due: '2025-01-02' },
      { label: 'Tuần 2/2025', start: '2025-01-06', end: '2025-01-12', due: '2025-01-09' },
    ]);
  });

  it('a week that starts in one year can belong to the previous ISO year (week 53)', () => {
    expect(occurrences({ every: 'week', weekday: 5 }, '2021-01-01', '2021-01-01')).toEqual([
      { label: 'Tuần 53/2020', start: '2020-12-28', end: '2021-01-03', due: '2021-01-01' },
    ]);
  });

  it('without a weekday a week is due on Sunday; 2026 has 53 Thursdays', () => {
    expect(dues(occurrences({ every: 'week' }, '2025-03-01', '2025-03-16'))).toEqual(['2025-03-02', '2025-03-09', '2025-03-16']);
    expect(occurrences({ every: 'week', weekday: 4 }, '2026-01-01', '2026-12-31')).toHaveLength(53);
  });

  it('"trước thứ Sáu hằng tuần" is due on Thursday', () => {
    expect(dues(occurrences({ every: 'week', weekday: 5, before: true }, '2025-03-03', '2025-03-09'))).toEqual(['2025-03-06']);
  });
});

describe('window and input', () => {
  it('returns nothing when the window is reversed', () => {
    expect(occurrences({ every: 'month' }, '2025-12-31', '2025-01-01')).toEqual([]);
  });

  it('rejects dates that do not exist, naming the argument', () => {
    expect(() => occurrences({ every: 'month' }, '2025-02-30', '2025-12-31')).toThrow(/"from" must be an existing YYYY-MM-DD date, got "2025-02-30"/);
    expect(() => occurrences({ every: 'month' }, '2025-01-01', '31/12/2025')).toThrow(/"to"/);
  });

  it('over ten years every occurrence is in the window, in date order, with valid dates', () => {
    for (const recurrence of [
      { every: 'week' as const, weekday: 7 },
      { every: 'month' as const, day: 31, before: true },
      { every: 'quarter' as const, day: 15, monthOfPeriod: 'first' as const },
      { every: 'half-year' as const },
      { every: 'year' as const, month: 1, day: 1, before: true },
    ]) {
      const list = occurrences(recurrence, '2020-02-15', '2030-02-14');
      expect(list.length).toBeGreaterThan(9);
      for (const o of list) {
        expect([o.start, o.end, o.due].every(isValidIsoDate)).toBe(true);
        expect(o.due >= '2020-02-15' && o.due <= '2030-02-14').toBe(true);
        expect(o.start <= o.end).toBe(true);
      }
      expect(dues(list)).toEqual([...dues(list)].sort());
      expect(new Set(list.map((o) => o.label)).size).toBe(list.length);
    }
  });
});
