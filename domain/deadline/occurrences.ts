/**
 * The instances of a recurring duty: each period with its own due date. The task workflow uses
 * these to open one instance per period, so the rules here are the contract for "when is the
 * quarterly report for Q2 due".
 */
import { addDays, compareDates, isValidIsoDate, parts, type IsoDate } from '../dates';
import type { Recurrence } from '../schedule';
import {
  addMonths,
  clampedDate,
  halfYearSpan,
  isoWeekOf,
  mondayOf,
  monthSpan,
  quarterSpan,
  yearSpan,
  toRoman,
  type Span,
} from './calendar';

export type Occurrence = {
  /** Vietnamese name of the period: "Quý I/2025", "Tháng 3/2025", "6 tháng đầu năm 2025", "Năm 2025", "Tuần 12/2025". */
  label: string;
  start: IsoDate;
  end: IsoDate;
  due: IsoDate;
};

/** A period of a recurrence, with the months it spans (for day rules). */
export type Period = Span & { label: string; firstMonth: number; lastMonth: number; year: number };

/** Every occurrence whose due date falls in [from, to] (both included), in date order. */
export function occurrences(recurrence: Recurrence, from: IsoDate, to: IsoDate): Occurrence[] {
  if (!isValidIsoDate(from)) throw new RangeError(`occurrences: "from" must be an existing YYYY-MM-DD date, got "${from}"`);
  if (!isValidIsoDate(to)) throw new RangeError(`occurrences: "to" must be an existing YYYY-MM-DD date, got "${to}"`);
  if (compareDates(from, to) > 0) return [];
  const result: Occurrence[] = [];
  // A due date lies between the day before its period starts ("before" rules) and the period's
  // last day, so only periods touching [from, to + 1 day] can qualify.
  // With `reportsOn: 'previous'` a period's due date lies in the period after it, so start one earlier.
  const lastRelevant = addDays(to, 1);
  const lagged = recurrence.reportsOn === 'previous';
  const reach = recurrence.afterEnd ? (recurrence.afterEnd.unit === 'day' ? recurrence.afterEnd.amount : recurrence.afterEnd.amount * 31) : 0;
  const first = periodContaining(recurrence.every, addDays(from, -reach));
  for (let period = lagged ? previousPeriod(recurrence.every, first) : first; period.start <= lastRelevant; period = nextPeriod(recurrence.every, period)) {
    const due = dueIn(recurrence, lagged ? nextPeriod(recurrence.every, period) : period);
    if (due >= from && due <= to) result.push({ label: period.label, start: period.start, end: period.end, due });
  }
  return result.sort((a, b) => compareDates(a.due, b.due));
}

/** The due date of one period under the recurrence's day rule. */
function dueIn(recurrence: Recurrence, period: Period): IsoDate {
  const { afterEnd } = recurrence;
  if (afterEnd) return afterEnd.unit === 'day' ? addDays(period.end, afterEnd.amount) : addMonths(period.end, afterEnd.amount);
  const due = ruleDate(recurrence, period);
  return recurrence.before ? addDays(due, -1) : due;
}

function ruleDate(r: Recurrence, period: Period): IsoDate {
  switch (r.every) {
    case 'week':
      return r.weekday === undefined ? period.end : addDays(period.start, r.weekday - 1);
    case 'month':
      return r.day === undefined ? period.end : clampedDate(period.year, period.firstMonth, r.day);
    case 'quarter':
    case 'half-year': {
      if (r.monthOfPeriod === undefined) return period.end;
      const month = r.monthOfPeriod === 'first' ? period.firstMonth : r.monthOfPeriod === 'second' ? period.firstMonth + 1 : period.lastMonth;
      return clampedDate(period.year, month, r.day ?? 31);
    }
    case 'year': {
      if (r.month !== undefined && r.day !== undefined) return clampedDate(period.year, r.month, r.day);
      if (r.month !== undefined) return clampedDate(period.year, r.month, 31);
      if (r.day !== undefined) return clampedDate(period.year, 12, r.day);
      return period.end;
    }
  }
}

/** The period of the given kind that contains `date`. */
export function periodContaining(every: Recurrence['every'], date: IsoDate): Period {
  const { year, month } = parts(date);
  switch (every) {
    case 'week': {
      const start = mondayOf(date);
      const { year: weekYear, week } = isoWeekOf(date);
      const end = addDays(start, 6);
      return { start, end, label: `Tuần ${week}/${weekYear}`, year: weekYear, firstMonth: parts(start).month, lastMonth: parts(end).month };
    }
    case 'month':
      return { ...monthSpan(year, month), label: `Tháng ${month}/${year}`, year, firstMonth: month, lastMonth: month };
    case 'quarter': {
      const q = Math.ceil(month / 3);
      return { ...quarterSpan(year, q), label: `Quý ${toRoman(q)}/${year}`, year, firstMonth: q * 3 - 2, lastMonth: q * 3 };
    }
    case 'half-year': {
      const h = month <= 6 ? 1 : 2;
      const label = `6 tháng ${h === 1 ? 'đầu' : 'cuối'} năm ${year}`;
      return { ...halfYearSpan(year, h), label, year, firstMonth: h === 1 ? 1 : 7, lastMonth: h === 1 ? 6 : 12 };
    }
    case 'year':
      return { ...yearSpan(year), label: `Năm ${year}`, year, firstMonth: 1, lastMonth: 12 };
  }
}

function previousPeriod(every: Recurrence['every'], period: Period): Period {
  return periodContaining(every, addDays(period.start, -1));
}

function nextPeriod(every: Recurrence['every'], period: Period): Period {
  return periodContaining(every, addDays(period.end, 1));
}
