/**
 * Working days inside workflow code: a small, serialisable snapshot of the calendar (the holidays
 * and make-up days of a date range), fetched by a local activity so admin edits to the calendar
 * reach running workflows while replay stays deterministic.
 */
import { addDays, dayOfWeekOfEpochDay, epochDay, isoDateOfEpochDay, type IsoDate } from './dates';
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

/** How far an agenda's calendar snapshot reaches around its due dates and its horizon (reminder offsets, repeats). */
const SNAPSHOT_MARGIN_DAYS = 120;

/** The calendar range an agenda of these due dates needs, today, planned up to `until`. */
export function agendaSnapshotRange(dues: IsoDate[], today: IsoDate, until: IsoDate): { from: IsoDate; to: IsoDate } {
  const sorted = [...dues].sort();
  const from = addDays(sorted[0]! < today ? sorted[0]! : today, -SNAPSHOT_MARGIN_DAYS);
  const to = addDays(sorted.at(-1)! > until ? sorted.at(-1)! : until, SNAPSHOT_MARGIN_DAYS);
  // The margins never ask the calendar for years it does not know (a due date early in its first year).
  return snapshotRange(from, to);
}

/** The part of a snapshot from `from` to `to`, exactly as a snapshot of that range; undefined when it does not cover it. */
export function narrowSnapshot(snapshot: WorkingDaysSnapshot, from: IsoDate, to: IsoDate): WorkingDaysSnapshot | undefined {
  if (snapshot.from > from || snapshot.to < to) return undefined;
  const within = (date: IsoDate) => date >= from && date <= to;
  return { from, to, holidays: snapshot.holidays.filter(within), makeUp: snapshot.makeUp.filter(within) };
}

export type SnapshotWorkingDays = WorkingDays & {
  isWorkingDay(date: IsoDate): boolean;
  covers(date: IsoDate): boolean;
  /** `isWorkingDay` on a day counted by `epochDay`. */
  isWorkingDayNumber(day: number): boolean;
};

/**
 * The working days of a snapshot. Days are counted as integers (`epochDay`): `addWorkingDays` steps
 * day by day, as it did on ISO strings, and throws `SnapshotOutOfRange` at the first day outside the
 * snapshot it reaches.
 */
export function workingDaysFrom(snapshot: WorkingDaysSnapshot): SnapshotWorkingDays {
  const holidays = new Set(snapshot.holidays.map(epochDay));
  const makeUp = new Set(snapshot.makeUp.map(epochDay));
  const first = epochDay(snapshot.from);
  const last = epochDay(snapshot.to);
  const covers = (date: IsoDate) => date >= snapshot.from && date <= snapshot.to;
  const isWorkingDayNumber = (day: number) => {
    if (!(day >= first && day <= last)) throw new SnapshotOutOfRange(`${isoDateOfEpochDay(day)} is outside the calendar snapshot ${snapshot.from}..${snapshot.to}`);
    if (makeUp.has(day)) return true;
    const weekday = dayOfWeekOfEpochDay(day);
    return weekday !== 0 && weekday !== 6 && !holidays.has(day);
  };
  const addWorkingDayNumbers = (day: number, n: number) => {
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0; ) {
      day += step;
      if (isWorkingDayNumber(day)) left--;
    }
    return day;
  };
  return {
    covers,
    isWorkingDayNumber,
    isWorkingDay: (date) => {
      if (!covers(date)) throw new SnapshotOutOfRange(`${date} is outside the calendar snapshot ${snapshot.from}..${snapshot.to}`);
      return isWorkingDayNumber(epochDay(date));
    },
    addWorkingDayNumbers,
    addWorkingDays: (date, n) => (n === 0 ? date : isoDateOfEpochDay(addWorkingDayNumbers(epochDay(date), n))),
  };
}
