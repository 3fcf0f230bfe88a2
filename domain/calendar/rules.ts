/**
 * The days off the law gives in a year without any decision loaded: the fixed and lunar holidays
 * (Bộ luật Lao động 2019, Điều 112), compensatory days when one falls on a weekend (Điều 111
 * khoản 3), and an estimate of the two blocks the Prime Minister decides each year (Tết and the
 * day next to 2/9), flagged `estimated`.
 */
import { addDays, dayOfWeek, isoDate, type IsoDate } from '../dates';
import { anchorDate, LAW, OCCASION_NAMES, type Occasion } from './occasions';

export type RuleDayOff = {
  date: IsoDate;
  occasion: Occasion;
  name: string;
  source: string;
  /** True when the Prime Minister decides this day and no decision is loaded. */
  estimated: boolean;
  compensatory: boolean;
};

function isWeekend(date: IsoDate): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

/**
 * Estimated Tết block: the five Monday–Friday days counted from two days before mùng 1. This
 * reproduces every official Tết schedule from 2018 to 2026 (see docs/working-days.md); the weekend
 * days between the first and the last are part of the block.
 */
export function estimatedTetDays(year: number): IsoDate[] {
  const newYear = anchorDate('tet', year)!;
  const weekdays: IsoDate[] = [];
  for (let d = addDays(newYear, -2); weekdays.length < 5; d = addDays(d, 1)) {
    if (!isWeekend(d)) weekdays.push(d);
  }
  const days: IsoDate[] = [];
  for (let d = weekdays[0]!; d <= weekdays[4]!; d = addDays(d, 1)) days.push(d);
  return days;
}

/**
 * Estimated day next to 2/9, chosen (as past decisions did) to join a weekend: Monday → 3/9,
 * Tuesday → 1/9, Wednesday → 1/9, Thursday → 3/9, Friday → 1/9, Saturday → 1/9, Sunday → 3/9.
 */
export function estimatedNationalDayNeighbour(year: number): IsoDate {
  const nationalDay = isoDate(year, 9, 2);
  const step = [1, 1, -1, -1, 1, -1, -1][dayOfWeek(nationalDay)]!;
  return addDays(nationalDay, step);
}

const SINGLE_DAY: readonly Occasion[] = ['new-year', 'hung-kings', 'reunification', 'labour', 'national-day'];

/**
 * Rule days off of `year`, leaving out the occasions a loaded decision `replaced`. `offOtherwise`
 * tells whether a date is already a day off by a decision, so compensation skips it.
 */
export function ruleDaysOff(
  year: number,
  replaced: (occasion: Occasion) => boolean,
  offOtherwise: (date: IsoDate) => boolean,
): RuleDayOff[] {
  const days: RuleDayOff[] = [];
  const legal = (occasion: Occasion, date: IsoDate, estimated = false): RuleDayOff => ({
    date,
    occasion,
    name: OCCASION_NAMES[occasion],
    source: estimated ? LAW.estimate : LAW.holidays,
    estimated,
    compensatory: false,
  });

  if (!replaced('tet')) {
    for (const date of estimatedTetDays(year)) days.push(legal('tet', date, true));
  }
  for (const occasion of SINGLE_DAY) {
    if (!replaced(occasion)) days.push(legal(occasion, anchorDate(occasion, year)!));
  }
  if (!replaced('national-day')) days.push(legal('national-day', estimatedNationalDayNeighbour(year), true));

  const taken = new Set(days.map((d) => d.date));
  const onWeekend = days
    .filter((d) => SINGLE_DAY.includes(d.occasion) && !d.estimated && isWeekend(d.date))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  for (const holiday of onWeekend) {
    let date = addDays(holiday.date, 1);
    while (isWeekend(date) || taken.has(date) || offOtherwise(date)) date = addDays(date, 1);
    taken.add(date);
    days.push({
      date,
      occasion: holiday.occasion,
      name: `Nghỉ bù ${holiday.name}`,
      source: LAW.compensation,
      estimated: false,
      compensatory: true,
    });
  }
  return days;
}
