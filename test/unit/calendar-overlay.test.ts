/**
 * Admin overlays: extra decision files from DONDOC_CALENDAR_DIR, later files winning, and clear
 * errors naming the file and the field when a file is wrong.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CalendarConfigError, createCalendar, type YearOverlay } from '../../domain/calendar';
import { loadCalendar } from '../../domain/calendar/load';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dondoc-calendar-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

const tet2027 = {
  year: 2027,
  holidays: [
    {
      occasions: ['tet'],
      from: '2027-02-05',
      to: '2027-02-14',
      source: 'Thông báo giả định số 1/TB-BNV (dữ liệu kiểm thử)',
      swaps: [{ dayOff: '2027-02-12', workingDay: '2027-02-20' }],
    },
  ],
};

function loadError(): CalendarConfigError {
  try {
    loadCalendar(dir);
  } catch (error) {
    if (error instanceof CalendarConfigError) return error;
    throw error;
  }
  throw new Error('loadCalendar accepted the file');
}

describe('extra decision files', () => {
  it('a file for next year replaces the estimate of Tết with the decided block and its swap', () => {
    write('2027.json', tet2027);
    const cal = loadCalendar(dir);
    expect(cal.pendingDecisions(2027)).toEqual(['national-day']);
    expect(cal.isWorkingDay('2027-02-04')).toBe(true); // estimated off without the file
    expect(cal.isWorkingDay('2027-02-12')).toBe(false);
    expect(cal.dayInfo('2027-02-12').note).toBe('Nghỉ hoán đổi, làm bù thứ Bảy 20/02/2027');
    expect(cal.isWorkingDay('2027-02-20')).toBe(true);
    expect(cal.isWorkingDay('2027-02-15')).toBe(true);
    // The built-in years are still there.
    expect(cal.holidayName('2026-02-17')).toBe('Tết Nguyên đán');
  });

  it('is read from DONDOC_CALENDAR_DIR when no directory is given', () => {
    write('2027.json', tet2027);
    const saved = process.env.DONDOC_CALENDAR_DIR;
    process.env.DONDOC_CALENDAR_DIR = dir;
    try {
      expect(loadCalendar().isWorkingDay('2027-02-12')).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.DONDOC_CALENDAR_DIR;
      else process.env.DONDOC_CALENDAR_DIR = saved;
    }
  });

  it('a later file wins over the built-in file for the same holiday, swaps included', () => {
    write('2026-quoc-khanh.json', {
      year: 2026,
      holidays: [{ occasions: ['national-day'], from: '2026-09-01', to: '2026-09-02', source: 'Quyết định sửa đổi giả định (kiểm thử)' }],
    });
    const cal = loadCalendar(dir);
    expect(cal.isWorkingDay('2026-08-31')).toBe(true);
    expect(cal.isWorkingDay('2026-08-22')).toBe(false); // the built-in make-up Saturday went with its block
    expect(cal.dayInfo('2026-09-01').source).toBe('Quyết định sửa đổi giả định (kiểm thử)');
    // Other 2026 decisions of the built-in file are untouched.
    expect(cal.isWorkingDay('2026-01-10')).toBe(true);
    expect(cal.isWorkingDay('2026-02-20')).toBe(false);
  });

  it('files of one directory apply in name order', () => {
    const block = (to: string, source: string) => ({ year: 2027, holidays: [{ occasions: ['tet'], from: '2027-02-04', to, source }] });
    write('a.json', block('2027-02-10', 'tệp a'));
    write('b.json', block('2027-02-12', 'tệp b'));
    const cal = loadCalendar(dir);
    expect(cal.dayInfo('2027-02-11').source).toBe('tệp b');
    expect(cal.isWorkingDay('2027-02-12')).toBe(false);
  });

  it('an extra day off the law does not know needs a name', () => {
    write('2026-van-hoa.json', {
      year: 2026,
      holidays: [{ occasions: ['other'], name: 'Ngày Văn hóa Việt Nam', from: '2026-11-24', to: '2026-11-24', source: 'Luật sửa đổi giả định (kiểm thử)' }],
    });
    expect(loadCalendar(dir).holidayName('2026-11-24')).toBe('Ngày Văn hóa Việt Nam');
  });
});

describe('validation errors name the file and the field', () => {
  it('an impossible date', () => {
    const file = write('2027.json', { ...tet2027, holidays: [{ ...tet2027.holidays[0], from: '2027-02-30' }] });
    const error = loadError();
    expect(error.origin).toBe(file);
    expect(error.message).toContain(`Tệp lịch ngày nghỉ "${file}" không hợp lệ`);
    expect(error.message).toContain('trường holidays[0].from: ngày không tồn tại');
  });

  it('a missing decision number', () => {
    const { source: _source, ...withoutSource } = tet2027.holidays[0]!;
    write('2027.json', { ...tet2027, holidays: [withoutSource] });
    expect(loadError().message).toMatch(/trường holidays\[0\]\.source: /);
  });

  it('a block that does not contain its holiday', () => {
    write('2027.json', { ...tet2027, holidays: [{ ...tet2027.holidays[0], from: '2027-02-08', to: '2027-02-12', swaps: [] }] });
    expect(loadError().message).toContain('trường holidays[0].occasions: kỳ nghỉ Tết Nguyên đán năm 2027 phải chứa ngày 06/02/2027');
  });

  it('a make-up day that is not a weekend, and a day off outside its block', () => {
    write('2027.json', { ...tet2027, holidays: [{ ...tet2027.holidays[0], swaps: [{ dayOff: '2027-02-17', workingDay: '2027-02-19' }] }] });
    const message = loadError().message;
    expect(message).toContain('trường holidays[0].swaps[0].workingDay: ngày làm bù 19/02/2027 phải là thứ Bảy hoặc Chủ nhật');
    expect(message).toContain('trường holidays[0].swaps[0].dayOff: ngày được nghỉ 17/02/2027 phải là ngày thứ Hai–thứ Sáu nằm trong kỳ nghỉ 05/02/2027–14/02/2027');
  });

  it('an unknown occasion or field', () => {
    write('2027.json', { year: 2027, holidays: [{ ...tet2027.holidays[0], occasions: ['tet-am-lich'] }], extra: 1 });
    const message = loadError().message;
    expect(message).toMatch(/trường holidays\[0\]\.occasions\[0\]: /);
    expect(message).toMatch(/trường \(gốc\): .*extra/);
  });

  it('a year the calendar does not cover', () => {
    write('2019.json', { year: 2019, holidays: [] });
    expect(loadError().message).toMatch(/trường year: /);
  });

  it('a file that is not JSON', () => {
    const file = write('2027.json', '{ "year": 2027, ');
    const error = loadError();
    expect(error.origin).toBe(file);
    expect(error.message).toMatch(/không đọc được JSON/);
  });

  it('a directory that does not exist', () => {
    const missing = join(dir, 'missing');
    expect(() => loadCalendar(missing)).toThrow(`Tệp lịch ngày nghỉ "${missing}" không hợp lệ:\n  - trường (gốc): thư mục lịch ngày nghỉ không tồn tại`);
  });

  it('ignores files that are not .json', () => {
    write('README.txt', 'not a calendar');
    mkdirSync(join(dir, 'old'));
    expect(loadCalendar(dir).isWorkingDay('2026-02-13')).toBe(true);
  });

  it('a make-up Saturday that is a public holiday is refused when the calendar is built', () => {
    // 1/5/2027 is a Saturday and Ngày Quốc tế Lao động.
    const file = write('2027.json', {
      year: 2027,
      holidays: [{ occasions: ['hung-kings'], from: '2027-04-15', to: '2027-04-18', source: 'kiểm thử', swaps: [{ dayOff: '2027-04-15', workingDay: '2027-05-01' }] }],
    });
    const error = loadError();
    expect(error.origin).toBe(file);
    expect(error.message).toContain('ngày làm bù thứ Bảy 01/05/2027 trùng với Ngày Quốc tế Lao động');
  });

  it('createCalendar checks overlays built in code too', () => {
    const overlay = { year: 2026, holidays: [{ occasions: ['tet'], from: '2026-02-14', to: '2026-02-10', source: 'x' }] } as YearOverlay;
    expect(() => createCalendar([overlay])).toThrow(
      'Tệp lịch ngày nghỉ "overlay[0] (năm 2026)" không hợp lệ:\n  - trường holidays[0].to: ngày kết thúc 10/02/2026 trước ngày bắt đầu 14/02/2026',
    );
  });
});
