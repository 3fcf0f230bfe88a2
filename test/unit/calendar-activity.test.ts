/**
 * Issue 10, "dates outside the calendar wedge workflows": the calendar activities refuse a date the
 * calendar cannot answer for at once, as a non-retryable failure with the calendar's Vietnamese
 * reason, instead of failing in a way Temporal retries for ever.
 */
import { describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { addWorkingDays, planAgenda, workingDaysSnapshot } from '../../activities/calendar';
import { DEFAULT_POLICY } from '../../domain/policy';
import { CALENDAR_YEARS, snapshotRange, workingDaysFrom } from '../../domain/workdays';

async function failure(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('calendar activities on a date outside the calendar', () => {
  it.each([
    ['a snapshot reaching back to 2019', () => workingDaysSnapshot('2019-12-01', '2020-02-01')],
    ['a snapshot reaching 2101', () => workingDaysSnapshot('2100-12-01', '2101-02-01')],
    ['working days from 9999', () => addWorkingDays('9999-12-31', 3)],
    ['an agenda due in 1999', () => planAgenda([{ id: 'file', due: '1999-12-31', acknowledgedLevels: [] }], DEFAULT_POLICY, '2026-11-26T03:00:00Z', '2027-01-10', 'workflow')],
  ])('%s fails at once, not retried', async (_, call) => {
    const f = await failure(call());
    expect(f.nonRetryable).toBe(true);
    expect(f.type).toBe('CalendarOutOfRange');
    expect(f.message).toContain('Lịch ngày làm việc chỉ tính cho các năm');
  });

  it('a date inside the calendar is answered', async () => {
    expect(await addWorkingDays('2026-12-30', 1)).toBe('2026-12-31');
  });
});

describe('workflow snapshots stay inside the calendar', () => {
  it('the years workflow code knows are the calendar’s', async () => {
    const { FIRST_YEAR, LAST_YEAR } = await import('../../domain/calendar/overlay');
    expect(CALENDAR_YEARS).toEqual({ first: FIRST_YEAR, last: LAST_YEAR });
  });

  it('a due date early in the first year asks only for days the calendar knows', async () => {
    const range = snapshotRange('2020-09-17', '2021-09-30');
    expect(range).toEqual({ from: '2021-01-01', to: '2021-09-30' });
    const snapshot = await workingDaysSnapshot(range.from, range.to);
    expect(workingDaysFrom(snapshot).addWorkingDays('2021-01-15', -7)).toBe('2021-01-06');
  });
});
