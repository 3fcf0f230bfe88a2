/**
 * Civil Code periods and one-stop-shop appointment days, in Vietnam time whatever the host's zone.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../domain/calendar';
import { BUILT_IN_CALENDAR_DIR, readOverlayDirectory } from '../../domain/calendar/load';

const cal = createCalendar(readOverlayDirectory(BUILT_IN_CALENDAR_DIR).map((l) => l.overlay));
const vn = (local: string) => new Date(`${local}+07:00`);

describe('civilDeadline (Bộ luật Dân sự 2015, Điều 147–148)', () => {
  it('does not count the first day and ends at 24:00 Vietnam time of the last day', () => {
    const d = cal.civilDeadline('2026-03-02', 10);
    expect(d.due).toBe('2026-03-12');
    expect(d.dueAt.toISOString()).toBe('2026-03-12T17:00:00.000Z');
    expect(cal.civilDeadline('2026-03-02', 1).due).toBe('2026-03-03');
  });

  it('counts days off inside the period but moves a last day that is off to the next working day', () => {
    // 10/2 + 5 days = Sunday 15/2, inside Tết 2026 (14/2–22/2): the period ends on Monday 23/2.
    expect(cal.civilDeadline('2026-02-10', 5).due).toBe('2026-02-23');
    // 21/4 + 5 days = Sunday 26/4 (Giỗ Tổ), Monday 27/4 is its compensatory day: Tuesday 28/4.
    expect(cal.civilDeadline('2026-04-21', 5).due).toBe('2026-04-28');
    // Ends on a Saturday: the following Monday.
    expect(cal.civilDeadline('2026-03-02', 5).due).toBe('2026-03-09');
  });

  it('a last day on a Saturday worked by swap is a working day', () => {
    expect(cal.civilDeadline('2026-01-05', 5).due).toBe('2026-01-10');
  });

  it('rejects a negative or fractional number of days', () => {
    expect(() => cal.civilDeadline('2026-03-02', -1)).toThrow(/Số ngày của thời hạn phải là số nguyên không âm, nhận được -1/);
    expect(() => cal.civilDeadline('2026-3-2', 3)).toThrow(/Ngày bắt đầu thời hạn không hợp lệ: "2026-3-2"/);
  });
});

describe('processingDeadline (one-stop-shop files)', () => {
  it('received on a working day before the 15:00 cut-off: that day is day 0', () => {
    const d = cal.processingDeadline(vn('2026-03-10T10:00:00'), 3);
    expect(d).toEqual({ start: '2026-03-10', due: '2026-03-13', dueAt: vn('2026-03-13T17:00:00') });
  });

  it('received after the cut-off: counting starts from the next working day', () => {
    const d = cal.processingDeadline(vn('2026-03-10T16:00:00'), 3);
    expect(d).toMatchObject({ start: '2026-03-11', due: '2026-03-16' });
    expect(cal.processingDeadline(vn('2026-03-10T15:00:00'), 3).start).toBe('2026-03-11');
    expect(cal.processingDeadline(vn('2026-03-10T14:59:59.999'), 3).start).toBe('2026-03-10');
  });

  it('received on a Saturday: counting starts on Monday', () => {
    expect(cal.processingDeadline(vn('2026-03-07T09:00:00'), 3)).toMatchObject({ start: '2026-03-09', due: '2026-03-12' });
  });

  it('received on a Saturday worked by swap, before the cut-off: that Saturday is day 0', () => {
    expect(cal.processingDeadline(vn('2026-01-10T09:00:00'), 2)).toMatchObject({ start: '2026-01-10', due: '2026-01-13' });
  });

  it('received just before Tết 2026: the nine days of Tết are skipped', () => {
    expect(cal.processingDeadline(vn('2026-02-13T10:00:00'), 3)).toMatchObject({ start: '2026-02-13', due: '2026-02-25' });
    expect(cal.processingDeadline(vn('2026-02-13T16:00:00'), 3)).toMatchObject({ start: '2026-02-23', due: '2026-02-26' });
    expect(cal.processingDeadline(vn('2026-02-17T09:00:00'), 1)).toMatchObject({ start: '2026-02-23', due: '2026-02-24' });
    expect(cal.processingDeadline(vn('2026-02-12T11:00:00'), 15).due).toBe('2026-03-12');
  });

  it('uses the Vietnam calendar day of the instant, not the UTC one', () => {
    // 17:30 UTC on Monday 9/3 is 00:30 on Tuesday 10/3 in Vietnam.
    expect(cal.processingDeadline(new Date('2026-03-09T17:30:00Z'), 1)).toMatchObject({ start: '2026-03-10', due: '2026-03-11' });
    // 08:30 UTC is 15:30 in Vietnam: after the cut-off.
    expect(cal.processingDeadline(new Date('2026-03-10T08:30:00Z'), 1).start).toBe('2026-03-11');
  });

  it('zero working days: due the day counting starts', () => {
    expect(cal.processingDeadline(vn('2026-03-10T10:00:00'), 0)).toMatchObject({ start: '2026-03-10', due: '2026-03-10' });
  });

  it('takes a custom cut-off and closing time', () => {
    const d = cal.processingDeadline(vn('2026-03-10T16:00:00'), 1, { cutoff: '16:30', officeHours: { close: '16:45' } });
    expect(d).toEqual({ start: '2026-03-10', due: '2026-03-11', dueAt: vn('2026-03-11T16:45:00') });
  });

  it('rejects bad options and counts with a Vietnamese message', () => {
    expect(() => cal.processingDeadline(vn('2026-03-10T10:00:00'), 3, { cutoff: '25:00' })).toThrow(/Giờ chốt tiếp nhận \(cutoff\) phải có dạng HH:MM.*"25:00"/);
    expect(() => cal.processingDeadline(vn('2026-03-10T10:00:00'), 3, { officeHours: { close: '5pm' } })).toThrow(/officeHours\.close/);
    expect(() => cal.processingDeadline(vn('2026-03-10T10:00:00'), -2)).toThrow(/Số ngày làm việc giải quyết hồ sơ phải là số nguyên không âm/);
    expect(() => cal.processingDeadline(new Date('not a date'), 3)).toThrow(/Thời điểm tiếp nhận hồ sơ không hợp lệ/);
  });
});

describe('independent of the host time zone', () => {
  const calendarModule = fileURLToPath(new URL('../../domain/calendar/load.ts', import.meta.url));
  const script = `
    const { loadCalendar } = await import(${JSON.stringify(calendarModule)});
    const cal = loadCalendar(undefined);
    const at = (s) => new Date(s);
    console.log(JSON.stringify({
      offset: new Date('2026-03-10T12:00:00Z').getTimezoneOffset(),
      before: cal.processingDeadline(at('2026-02-13T10:00:00+07:00'), 3),
      after: cal.processingDeadline(at('2026-02-13T16:00:00+07:00'), 3),
      midnight: cal.processingDeadline(at('2026-03-09T17:30:00Z'), 1),
      civil: cal.civilDeadline('2026-02-10', 5),
      names: ['2026-02-17', '2026-04-27', '2026-01-10'].map((d) => [cal.isWorkingDay(d), cal.holidayName(d)]),
    }));`;

  function runWithZone(zone: string) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, TZ: zone, DONDOC_CALENDAR_DIR: '' },
      encoding: 'utf8',
    });
    expect(child.stderr).not.toMatch(/Error/);
    expect(child.status).toBe(0);
    return JSON.parse(child.stdout) as { offset: number } & Record<string, unknown>;
  }

  it('gives the same results under TZ=America/Los_Angeles, UTC and Asia/Ho_Chi_Minh', () => {
    const losAngeles = runWithZone('America/Los_Angeles');
    const utc = runWithZone('UTC');
    const saigon = runWithZone('Asia/Ho_Chi_Minh');
    // The zones really differ in the children …
    expect([losAngeles.offset, utc.offset, saigon.offset]).toEqual([420, 0, -420]);
    // … and the calendar does not notice.
    const { offset: _la, ...la } = losAngeles;
    const { offset: _u, ...u } = utc;
    const { offset: _s, ...s } = saigon;
    expect(la).toEqual(u);
    expect(s).toEqual(u);
    expect(u).toEqual({
      before: { start: '2026-02-13', due: '2026-02-25', dueAt: '2026-02-25T10:00:00.000Z' },
      after: { start: '2026-02-23', due: '2026-02-26', dueAt: '2026-02-26T10:00:00.000Z' },
      midnight: { start: '2026-03-10', due: '2026-03-11', dueAt: '2026-03-11T10:00:00.000Z' },
      civil: { due: '2026-02-23', dueAt: '2026-02-23T17:00:00.000Z' },
      names: [
        [false, 'Tết Nguyên đán'],
        [false, 'Nghỉ bù Giỗ Tổ Hùng Vương'],
        [true, null],
      ],
    });
  });
});
