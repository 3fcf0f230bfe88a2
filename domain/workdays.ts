/**
 * Working days inside workflow code: a small, serialisable snapshot of the calendar (the holidays
 * and make-up days of a date range), fetched by a local activity so admin edits to the calendar
 * reach running workflows while replay stays deterministic.
 */
import { addDays, dayOfWeek, type IsoDate } from './dates';
import type { WorkingDays } from './agenda';

export type WorkingDaysSnapshot = {
  from: IsoDate;
  to: IsoDate;
  /** Weekdays off (holidays, compensatory days, decided blocks). */
  holidays: IsoDate[];
  /** Saturdays and Sundays worked in exchange for a day off. */
  makeUp: IsoDate[];
};

export class SnapshotOutOfRange extends RangeError {}

/**
 * The years the working-day calendar answers for (domain/calendar/overlay.ts FIRST_YEAR and
 * LAST_YEAR, repeated here so workflow code does not bundle the lunar calendar; a unit test keeps
 * them equal). A snapshot never reaches outside them.
 */
export const CALENDAR_YEARS = { first: 2021, last: 2100 } as const;

/** A snapshot range clamped to the calendar's years. */
export function snapshotRange(from: IsoDate, to: IsoDate): { from: IsoDate; to: IsoDate } {
  const first = `${CALENDAR_YEARS.first}-01-01`;
  const last = `${CALENDAR_YEARS.last}-12-31`;
  return { from: from < first ? first : from, to: to > last ? last : to };
}

export function workingDaysFrom(snapshot: WorkingDaysSnapshot): WorkingDays & { isWorkingDay(date: IsoDate): boolean; covers(date: IsoDate): boolean } {
  const holidays = new Set(snapshot.holidays);
  const makeUp = new Set(snapshot.makeUp);
  const covers = (date: IsoDate) => date >= snapshot.from && date <= snapshot.to;
  const isWorkingDay = (date: IsoDate) => {
    if (!covers(date)) throw new SnapshotOutOfRange(`${date} is outside the calendar snapshot ${snapshot.from}..${snapshot.to}`);
    if (makeUp.has(date)) return true;
    const weekday = dayOfWeek(date);
    return weekday !== 0 && weekday !== 6 && !holidays.has(date);
  };
  return {
    covers,
    isWorkingDay,
    addWorkingDays(date, n) {
      const step = n < 0 ? -1 : 1;
      let day = date;
      for (let left = Math.abs(n); left > 0; ) {
        day = addDays(day, step);
        if (isWorkingDay(day)) left--;
      }
      return day;
    },
  };
}
