/**
 * The working-day calendar against the official schedules of 2024, 2025 and 2026 (config/calendar),
 * the law's rules for years without a decision, and working-day arithmetic.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCalendar, type WorkingCalendar } from '../../domain/calendar';
import { BUILT_IN_CALENDAR_DIR, readOverlayDirectory } from '../../domain/calendar/load';

const official: WorkingCalendar = createCalendar(readOverlayDirectory(BUILT_IN_CALENDAR_DIR).map((l) => l.overlay));
const lawOnly: WorkingCalendar = createCalendar([]);

/** Saturdays and Sundays of a year, computed without the calendar. */
function weekendsOf(year: number): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

type YearSchedule = {
  /** Every holiday day off, weekend days inside a block included, with the name shown. */
  holidays: Record<string, string>;
  /** Saturdays worked in exchange. */
  worked: string[];
};

const SCHEDULES: Record<number, YearSchedule> = {
  2024: {
    holidays: {
      '2024-01-01': 'Tết Dương lịch',
      '2024-02-08': 'Tết Nguyên đán',
      '2024-02-09': 'Tết Nguyên đán',
      '2024-02-10': 'Tết Nguyên đán',
      '2024-02-11': 'Tết Nguyên đán',
      '2024-02-12': 'Tết Nguyên đán',
      '2024-02-13': 'Tết Nguyên đán',
      '2024-02-14': 'Tết Nguyên đán',
      '2024-04-18': 'Giỗ Tổ Hùng Vương',
      '2024-04-27': 'Ngày Chiến thắng và Ngày Quốc tế Lao động',
      '2024-04-28': 'Ngày Chiến thắng và Ngày Quốc tế Lao động',
      '2024-04-29': 'Ngày Chiến thắng và Ngày Quốc tế Lao động',
      '2024-04-30': 'Ngày Chiến thắng',
      '2024-05-01': 'Ngày Quốc tế Lao động',
      '2024-08-31': 'Quốc khánh',
      '2024-09-01': 'Quốc khánh',
      '2024-09-02': 'Quốc khánh',
      '2024-09-03': 'Quốc khánh',
    },
    worked: ['2024-05-04'],
  },
  2025: {
    holidays: {
      '2025-01-01': 'Tết Dương lịch',
      '2025-01-25': 'Tết Nguyên đán',
      '2025-01-26': 'Tết Nguyên đán',
      '2025-01-27': 'Tết Nguyên đán',
      '2025-01-28': 'Tết Nguyên đán',
      '2025-01-29': 'Tết Nguyên đán',
      '2025-01-30': 'Tết Nguyên đán',
      '2025-01-31': 'Tết Nguyên đán',
      '2025-02-01': 'Tết Nguyên đán',
      '2025-02-02': 'Tết Nguyên đán',
      '2025-04-07': 'Giỗ Tổ Hùng Vương',
      '2025-04-30': 'Ngày Chiến thắng',
      '2025-05-01': 'Ngày Quốc tế Lao động',
      '2025-05-02': 'Ngày Chiến thắng và Ngày Quốc tế Lao động',
      '2025-05-03': 'Ngày Chiến thắng và Ngày Quốc tế Lao động',
      '2025-05-04': 'Ngày Chiến thắng và Ngày Quốc tế Lao động',
      '2025-08-30': 'Quốc khánh',
      '2025-08-31': 'Quốc khánh',
      '2025-09-01': 'Quốc khánh',
      '2025-09-02': 'Quốc khánh',
    },
    worked: ['2025-04-26'],
  },
  2026: {
    holidays: {
      '2026-01-01': 'Tết Dương lịch',
      '2026-01-02': 'Tết Dương lịch',
      '2026-01-03': 'Tết Dương lịch',
      '2026-01-04': 'Tết Dương lịch',
      '2026-02-14': 'Tết Nguyên đán',
      '2026-02-15': 'Tết Nguyên đán',
      '2026-02-16': 'Tết Nguyên đán',
      '2026-02-17': 'Tết Nguyên đán',
      '2026-02-18': 'Tết Nguyên đán',
      '2026-02-19': 'Tết Nguyên đán',
      '2026-02-20': 'Tết Nguyên đán',
      '2026-02-21': 'Tết Nguyên đán',
      '2026-02-22': 'Tết Nguyên đán',
      '2026-04-26': 'Giỗ Tổ Hùng Vương',
      '2026-04-27': 'Nghỉ bù Giỗ Tổ Hùng Vương',
      '2026-04-30': 'Ngày Chiến thắng',
      '2026-05-01': 'Ngày Quốc tế Lao động',
      '2026-08-29': 'Quốc khánh',
      '2026-08-30': 'Quốc khánh',
      '2026-08-31': 'Quốc khánh',
      '2026-09-01': 'Quốc khánh',
      '2026-09-02': 'Quốc khánh',
    },
    worked: ['2026-01-10', '2026-08-22'],
  },
};

describe('official schedules 2024–2026', () => {
  for (const [yearText, schedule] of Object.entries(SCHEDULES)) {
    const year = Number(yearText);

    it(`${year}: the days off are exactly the weekends and the listed holidays, less the Saturdays worked`, () => {
      const expected = new Set([...weekendsOf(year), ...Object.keys(schedule.holidays)]);
      for (const day of schedule.worked) expected.delete(day);
      const actual = official.daysOff(`${year}-01-01`, `${year}-12-31`).map((d) => d.date);
      expect(actual).toEqual([...expected].sort());
      // 104 weekend days, 11 legal holidays; every swap trades a Saturday for a weekday.
      expect(actual).toHaveLength(115);
    });

    it(`${year}: each holiday has its Vietnamese name and source; worked Saturdays are working days`, () => {
      for (const [date, name] of Object.entries(schedule.holidays)) {
        expect(official.holidayName(date), date).toBe(name);
        expect(official.dayInfo(date).source, date).toMatch(/\S/);
        expect(official.dayInfo(date).estimated, date).toBe(false);
      }
      for (const day of schedule.worked) {
        expect(official.isWorkingDay(day), day).toBe(true);
        expect(official.dayInfo(day)).toMatchObject({ kind: 'make-up', name: 'Ngày làm bù' });
        expect(official.holidayName(day)).toBeNull();
      }
      expect(official.pendingDecisions(year)).toEqual([]);
    });
  }

  it('names the day paid back by a swap', () => {
    expect(official.dayInfo('2026-01-02').note).toBe('Nghỉ hoán đổi, làm bù thứ Bảy 10/01/2026');
    expect(official.dayInfo('2026-01-10').note).toBe('Làm bù cho thứ Sáu 02/01/2026 (Tết Dương lịch)');
    expect(official.dayInfo('2024-05-04').note).toBe('Làm bù cho thứ Hai 29/04/2024 (Ngày Chiến thắng và Ngày Quốc tế Lao động)');
    expect(official.dayInfo('2026-08-31').source).toContain('9441/TB-BNV');
  });

  it('the days around the blocks are ordinary working days', () => {
    for (const day of ['2026-02-13', '2026-02-23', '2024-02-07', '2024-02-15', '2025-01-24', '2025-02-03', '2026-04-28', '2026-04-29', '2026-08-28', '2026-09-03', '2026-01-05']) {
      expect(official.isWorkingDay(day), day).toBe(true);
      expect(official.dayInfo(day).kind, day).toBe('weekday');
    }
  });

  it('a plain weekend is a day off without a holiday name', () => {
    expect(official.isWorkingDay('2026-03-07')).toBe(false);
    expect(official.holidayName('2026-03-07')).toBeNull();
    expect(official.dayInfo('2026-03-08')).toMatchObject({ kind: 'weekend', working: false });
  });
});

describe('the law without decisions', () => {
  it('Giỗ Tổ on Sunday 26/4/2026 gives Monday 27/4 off', () => {
    expect(lawOnly.holidayName('2026-04-26')).toBe('Giỗ Tổ Hùng Vương');
    expect(lawOnly.holidayName('2026-04-27')).toBe('Nghỉ bù Giỗ Tổ Hùng Vương');
    expect(lawOnly.dayInfo('2026-04-27').source).toContain('Điều 111');
    expect(lawOnly.isWorkingDay('2026-04-28')).toBe(true);
  });

  it('a holiday on Saturday is compensated on the next working day', () => {
    // 1/5/2027 is a Saturday; 1/1/2028 is a Saturday.
    expect(lawOnly.holidayName('2027-05-03')).toBe('Nghỉ bù Ngày Quốc tế Lao động');
    expect(lawOnly.holidayName('2028-01-03')).toBe('Nghỉ bù Tết Dương lịch');
  });

  it('two holidays on one weekend take the next two working days', () => {
    // 2033: 30/4 Saturday, 1/5 Sunday.
    expect(lawOnly.holidayName('2033-05-02')).toBe('Nghỉ bù Ngày Chiến thắng');
    expect(lawOnly.holidayName('2033-05-03')).toBe('Nghỉ bù Ngày Quốc tế Lao động');
    expect(lawOnly.isWorkingDay('2033-05-04')).toBe(true);
  });

  it('compensation skips a day already off: 2/9/2029 on Sunday, the adjacent day Monday 3/9, compensation Tuesday 4/9', () => {
    expect(lawOnly.holidayName('2029-09-03')).toBe('Quốc khánh');
    expect(lawOnly.dayInfo('2029-09-03').estimated).toBe(true);
    expect(lawOnly.holidayName('2029-09-04')).toBe('Nghỉ bù Quốc khánh');
    expect(lawOnly.isWorkingDay('2029-09-05')).toBe(true);
  });

  it('estimates Tết as the five weekdays from two days before mùng 1, and says it is an estimate', () => {
    // Tết 2027 is Saturday 6/2.
    const off = lawOnly.daysOff('2027-01-25', '2027-02-20').filter((d) => d.kind === 'holiday').map((d) => d.date);
    expect(off).toEqual(['2027-02-04', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10']);
    expect(lawOnly.dayInfo('2027-02-04')).toMatchObject({ name: 'Tết Nguyên đán', estimated: true });
    expect(lawOnly.dayInfo('2027-02-04').source).toContain('Ước tính');
    expect(lawOnly.pendingDecisions(2027)).toEqual(['tet', 'national-day']);
  });

  it('the Tết estimate reproduces the official Tết days of 2024, 2025 and 2026', () => {
    for (const year of [2024, 2025, 2026]) {
      const range: [string, string] = [`${year}-01-15`, `${year}-03-01`];
      const working = (cal: WorkingCalendar) => cal.daysOff(...range).map((d) => d.date);
      expect(working(lawOnly), String(year)).toEqual(working(official));
    }
  });

  it('2/9 without a decision: the adjacent day joins a weekend', () => {
    expect(lawOnly.holidayName('2027-09-03')).toBe('Quốc khánh'); // Thursday 2/9 → Friday 3/9
    expect(lawOnly.holidayName('2028-09-01')).toBe('Quốc khánh'); // Saturday 2/9 → Friday 1/9 …
    expect(lawOnly.holidayName('2028-09-04')).toBe('Nghỉ bù Quốc khánh'); // … and Monday 4/9 for the Saturday
  });

  it('without the 2026 decisions the 2026 swaps do not exist', () => {
    expect(lawOnly.isWorkingDay('2026-01-02')).toBe(true);
    expect(lawOnly.isWorkingDay('2026-01-10')).toBe(false);
    expect(lawOnly.isWorkingDay('2026-08-22')).toBe(false);
  });
});

describe('working-day arithmetic', () => {
  it('addWorkingDays across Tết 2026', () => {
    expect(official.addWorkingDays('2026-02-12', 1)).toBe('2026-02-13');
    expect(official.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
    expect(official.addWorkingDays('2026-02-10', 5)).toBe('2026-02-24');
    expect(official.addWorkingDays('2026-02-23', -1)).toBe('2026-02-13');
    expect(official.addWorkingDays('2026-02-25', -3)).toBe('2026-02-13');
    // From a day off the first working day after it is day 1.
    expect(official.addWorkingDays('2026-02-17', 1)).toBe('2026-02-23');
    expect(official.addWorkingDays('2026-02-17', 0)).toBe('2026-02-17');
  });

  it('counts a swapped Saturday as a working day and skips the swapped weekday', () => {
    expect(official.addWorkingDays('2026-01-09', 1)).toBe('2026-01-10');
    expect(official.addWorkingDays('2026-01-10', 1)).toBe('2026-01-12');
    expect(official.addWorkingDays('2025-12-31', 1)).toBe('2026-01-05');
    expect(official.addWorkingDays('2026-08-28', 1)).toBe('2026-09-03');
  });

  it('workingDaysBetween excludes the first day and includes the last', () => {
    expect(official.workingDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
    expect(official.workingDaysBetween('2026-02-23', '2026-02-13')).toBe(-1);
    expect(official.workingDaysBetween('2026-02-13', '2026-02-13')).toBe(0);
    expect(official.workingDaysBetween('2026-01-01', '2026-12-31')).toBe(250);
    expect(official.workingDaysBetween('2023-12-31', '2024-12-31')).toBe(251);
  });

  it('nextWorkingDay and previousWorkingDay return the date itself when it is a working day', () => {
    expect(official.nextWorkingDay('2026-02-13')).toBe('2026-02-13');
    expect(official.nextWorkingDay('2026-02-14')).toBe('2026-02-23');
    expect(official.previousWorkingDay('2026-02-22')).toBe('2026-02-13');
    expect(official.previousWorkingDay('2026-02-23')).toBe('2026-02-23');
    expect(official.nextWorkingDay('2026-04-25')).toBe('2026-04-28');
  });

  const day = fc.integer({ min: 0, max: 3 * 365 }).map((i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));

  it('addWorkingDays and workingDaysBetween are inverse', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -60, max: 60 }), (start, n) => {
        const end = official.addWorkingDays(start, n);
        if (n !== 0) expect(official.isWorkingDay(end)).toBe(true);
        if (n >= 0 || official.isWorkingDay(start)) {
          expect(official.workingDaysBetween(start, end)).toBe(n);
        } else {
          // From a day off, "n working days before" skips the day off itself.
          expect(official.workingDaysBetween(start, end)).toBe(n + 1);
        }
        if (official.isWorkingDay(start)) expect(official.addWorkingDays(end, -n)).toBe(start);
      }),
      { numRuns: 500 },
    );
  });

  it('workingDaysBetween adds up over consecutive spans and counts what isWorkingDay says', () => {
    fc.assert(
      fc.property(day, day, day, (a, b, c) => {
        expect(official.workingDaysBetween(a, b) + official.workingDaysBetween(b, c)).toBe(official.workingDaysBetween(a, c));
      }),
      { numRuns: 300 },
    );
    let count = 0;
    for (let t = Date.UTC(2026, 1, 1); t <= Date.UTC(2026, 2, 31); t += 86_400_000) {
      if (official.isWorkingDay(new Date(t).toISOString().slice(0, 10))) count++;
    }
    expect(official.workingDaysBetween('2026-01-31', '2026-03-31')).toBe(count);
    expect(count).toBe(15 + 22); // February 2026: 20 weekdays less the 5 days of Tết; March: 22 weekdays.
  });

  it('rejects bad input with a Vietnamese message naming the value', () => {
    expect(() => official.isWorkingDay('2026-02-30')).toThrow(/Ngày không hợp lệ: "2026-02-30"/);
    expect(() => official.isWorkingDay('13/02/2026')).toThrow(/YYYY-MM-DD/);
    expect(() => official.addWorkingDays('2026-02-13', 1.5)).toThrow(/Số ngày làm việc phải là số nguyên, nhận được 1.5/);
    expect(() => official.isWorkingDay('2019-05-05')).toThrow(/chỉ tính cho các năm 2021–2100.*2019-05-05/);
    expect(() => official.addWorkingDays('2100-12-30', 5)).toThrow(/sau 31\/12\/2100/);
    expect(() => official.pendingDecisions(1999)).toThrow(/Năm phải là số nguyên từ 2021 đến 2100/);
  });
});
