/**
 * Calendar snapshots are computed once per range and calendar version (issue 17): the same range
 * asked again is answered from the worker's cache, and an admin's new decision file still changes
 * the snapshot of that range asked a second later.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { currentCalendar, workingDaysSnapshot } from '../../activities/calendar';

let dir: string;
let saved: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dondoc-calendar-cache-'));
  saved = process.env.DONDOC_CALENDAR_DIR;
  process.env.DONDOC_CALENDAR_DIR = dir;
});
afterEach(() => {
  if (saved === undefined) delete process.env.DONDOC_CALENDAR_DIR;
  else process.env.DONDOC_CALENDAR_DIR = saved;
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('calendar snapshot cache', () => {
  it('answers the same range again without going through its days', async () => {
    const first = await workingDaysSnapshot('2026-01-01', '2026-06-30');
    expect(first.holidays).toContain('2026-02-17'); // Tết
    const dayInfo = vi.spyOn(currentCalendar(), 'dayInfo');
    const again = await workingDaysSnapshot('2026-01-01', '2026-06-30');
    expect(again).toEqual(first);
    expect(dayInfo).not.toHaveBeenCalled();
    // A copy: a caller that changes its snapshot does not change the next one.
    again.holidays.length = 0;
    expect((await workingDaysSnapshot('2026-01-01', '2026-06-30')).holidays).toEqual(first.holidays);
  });

  it("takes an admin's new decision file within a second, at the next snapshot of the same range", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const before = await workingDaysSnapshot('2027-02-01', '2027-02-28');
    expect(before.makeUp).not.toContain('2027-02-20');
    writeFileSync(
      join(dir, '2027.json'),
      JSON.stringify({
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
      }),
    );
    // The folder is listed again at most once a second (a burst of reminders does not list it per message).
    expect((await workingDaysSnapshot('2027-02-01', '2027-02-28')).makeUp).not.toContain('2027-02-20');
    vi.setSystemTime(Date.now() + 1_001);
    const after = await workingDaysSnapshot('2027-02-01', '2027-02-28');
    expect(after.makeUp).toContain('2027-02-20');
    expect(after.holidays).toContain('2027-02-12');
  });
});
