/**
 * The Vietnamese working-day calendar of state agencies: Monday–Friday, except public holidays,
 * compensatory days and the blocks the Prime Minister decides, plus the Saturdays worked in
 * exchange. Built from data only (year overlays), pure and deterministic, so workflow code may use
 * it; loading overlays from disk is in load.ts (Node only).
 *
 * Days are indexed from 1/1/FIRST_YEAR; each year's status table is filled on first use (the lunar
 * computation costs a few milliseconds per year) and years that overlays touch are filled at
 * creation, so conflicting data fails at once.
 */
import { addDays, daysBetween, dayOfWeek, formatVietnamese, isoDate, type IsoDate } from '../dates';
import {
  civilDeadline,
  processingDeadline,
  type CivilDeadline,
  type ProcessingDeadline,
  type ProcessingOptions,
} from './deadlines';
import { CalendarInputError, requireCount, requireDate } from './input';
import { anchorDate, DECIDED_EACH_YEAR, OCCASION_NAMES, type Occasion } from './occasions';
import {
  CalendarConfigError,
  FIRST_YEAR,
  LAST_YEAR,
  occasionKey,
  parseYearOverlay,
  periodName,
  type HolidayPeriod,
  type YearOverlay,
} from './overlay';
import { ruleDaysOff } from './rules';

export type DayKind =
  /** Monday–Friday, working. */
  | 'weekday'
  /** Saturday or Sunday, no holiday. */
  | 'weekend'
  /** A day off for a holiday: the holiday itself, a compensatory day or a day of a decided block. */
  | 'holiday'
  /** A Saturday or Sunday worked in exchange for a day off (ngày làm bù). */
  | 'make-up';

export type DayInfo = {
  date: IsoDate;
  working: boolean;
  kind: DayKind;
  /** Vietnamese name of the holiday, e.g. "Tết Nguyên đán", "Nghỉ bù Giỗ Tổ Hùng Vương"; "Ngày làm bù" for make-up days. */
  name: string | null;
  /** Extra Vietnamese explanation, e.g. which day a swapped day pays back. */
  note: string | null;
  /** The legal basis or decision. */
  source: string | null;
  /** True when the Prime Minister decides this day and no decision for it is loaded. */
  estimated: boolean;
  /** False while an admin still has to confirm the decision's dates. */
  confirmed: boolean;
};

export interface WorkingCalendar {
  readonly firstYear: number;
  readonly lastYear: number;
  isWorkingDay(date: IsoDate): boolean;
  /** Name of the holiday that makes `date` a day off; null for working days and plain weekends. */
  holidayName(date: IsoDate): string | null;
  dayInfo(date: IsoDate): DayInfo;
  /** Every non-working day from `from` to `to`, both included, in date order. */
  daysOff(from: IsoDate, to: IsoDate): DayInfo[];
  /** The n-th working day after `date` (n < 0: before). `date` itself is never counted; n = 0 returns it. */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /**
   * Working days in (a, b]: `a` excluded, `b` included; when b is before a, minus the count for
   * (b, a]. So between(a, b) + between(b, c) = between(a, c), and addWorkingDays(a, n) lands on a
   * day d with between(a, d) = n whenever n ≥ 0 or `a` is a working day.
   */
  workingDaysBetween(a: IsoDate, b: IsoDate): number;
  /** `date` if it is a working day, else the first working day after it. */
  nextWorkingDay(date: IsoDate): IsoDate;
  /** `date` if it is a working day, else the last working day before it. */
  previousWorkingDay(date: IsoDate): IsoDate;
  /** The occasions of `year` whose days are estimated because no decision is loaded ('tet', 'national-day'). */
  pendingDecisions(year: number): Occasion[];
  /** Bộ luật Dân sự 2015, Điều 147–148: `days` calendar days after `start`, moved off days off. */
  civilDeadline(start: IsoDate, days: number): CivilDeadline;
  /** One-stop-shop appointment day for a file received at `receivedAt` (see docs/working-days.md). */
  processingDeadline(receivedAt: Date, workingDays: number, opts?: ProcessingOptions): ProcessingDeadline;
}

export type CreateCalendarOptions = {
  /** Where each overlay came from (file path), in the same order, for error messages. */
  origins?: readonly string[];
};

type Note = Omit<DayInfo, 'date' | 'working' | 'kind'> & { kind: 'holiday' | 'make-up' };

const UNKNOWN = 0;
const WORKING = 1;
const OFF = 2;
const FIRST_DAY = isoDate(FIRST_YEAR, 1, 1);
const SPAN = daysBetween(FIRST_DAY, isoDate(LAST_YEAR + 1, 1, 1));
const DAY_MS = 86_400_000;
const FIRST_EPOCH_DAY = Date.UTC(FIRST_YEAR, 0, 1) / DAY_MS;
const WEEKDAY_NAMES = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];

function isWeekend(date: IsoDate): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

function describe(date: IsoDate): string {
  return `${WEEKDAY_NAMES[dayOfWeek(date)]} ${formatVietnamese(date)}`;
}

type ActivePeriod = { period: HolidayPeriod; year: number; keys: string[]; file: number; origin: string };

/** Later overlays win: a block replaces every earlier overlay's block sharing one of its occasions. */
function activePeriods(overlays: readonly YearOverlay[], origins: readonly string[]): ActivePeriod[] {
  let active: ActivePeriod[] = [];
  overlays.forEach((overlay, file) => {
    for (const period of overlay.holidays) {
      const keys = period.occasions.map((o) => occasionKey(overlay.year, o, period));
      active = active.filter((a) => a.file === file || !a.keys.some((k) => keys.includes(k)));
      active.push({ period, year: overlay.year, keys, file, origin: origins[file]! });
    }
  });
  return active;
}

/** The day notes the decisions give, later overlays overwriting earlier ones date by date. */
function decidedDays(active: readonly ActivePeriod[]): Map<IsoDate, Note & { origin: string }> {
  const days = new Map<IsoDate, Note & { origin: string }>();
  for (const { period, year, origin } of active) {
    const confirmed = period.confirmed ?? true;
    const anchors = new Map<IsoDate, Occasion>();
    for (const o of period.occasions) {
      const anchor = anchorDate(o, year);
      if (anchor !== null) anchors.set(anchor, o);
    }
    const swappedFor = new Map((period.swaps ?? []).map((s) => [s.dayOff, s.workingDay]));
    for (let date = period.from; date <= period.to; date = addDays(date, 1)) {
      const anchor = anchors.get(date);
      const payback = swappedFor.get(date);
      days.set(date, {
        kind: 'holiday',
        name: anchor !== undefined && anchor !== 'tet' ? OCCASION_NAMES[anchor] : periodName(period),
        note: payback !== undefined ? `Nghỉ hoán đổi, làm bù ${describe(payback)}` : (period.note ?? null),
        source: period.source,
        estimated: false,
        confirmed,
        origin,
      });
    }
    for (const swap of period.swaps ?? []) {
      days.set(swap.workingDay, {
        kind: 'make-up',
        name: 'Ngày làm bù',
        note: `Làm bù cho ${describe(swap.dayOff)} (${periodName(period)})`,
        source: period.source,
        estimated: false,
        confirmed,
        origin,
      });
    }
  }
  return days;
}

export function createCalendar(overlays: readonly YearOverlay[], options: CreateCalendarOptions = {}): WorkingCalendar {
  const origins = overlays.map((o, i) => options.origins?.[i] ?? `overlay[${i}] (năm ${o.year})`);
  overlays.forEach((overlay, i) => parseYearOverlay(overlay, origins[i]!));
  const active = activePeriods(overlays, origins);
  const decided = decidedDays(active);
  const replaced = new Set(active.flatMap((a) => a.period.occasions.map((o) => `${a.year}:${o}`)));

  const codes = new Uint8Array(SPAN);
  const notes = new Map<number, Note>();

  function indexOf(date: IsoDate, what = 'Ngày'): number {
    requireDate(date, what);
    const index = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS - FIRST_EPOCH_DAY;
    inRange(index, date);
    return index;
  }

  function inRange(index: number, date: IsoDate | null): void {
    if (index < 0 || index >= SPAN) {
      const shown = date ?? (index < 0 ? `trước 01/01/${FIRST_YEAR}` : `sau 31/12/${LAST_YEAR}`);
      throw new CalendarInputError(
        `Lịch ngày làm việc chỉ tính cho các năm ${FIRST_YEAR}–${LAST_YEAR} (Bộ luật Lao động 2019), ngày cần tính: ${shown}`,
      );
    }
  }

  const dateAt = (index: number): IsoDate => addDays(FIRST_DAY, index);

  function fillYear(year: number): void {
    const first = daysBetween(FIRST_DAY, isoDate(year, 1, 1));
    const last = daysBetween(FIRST_DAY, isoDate(year, 12, 31));
    const rules = ruleDaysOff(
      year,
      (occasion) => replaced.has(`${year}:${occasion}`),
      (date) => decided.get(date)?.kind === 'holiday',
    );
    for (const rule of rules) {
      const clash = decided.get(rule.date);
      if (clash?.kind === 'make-up') {
        throw new CalendarConfigError(clash.origin, [
          { path: ['holidays'], message: `ngày làm bù ${describe(rule.date)} trùng với ${rule.name} (${rule.source})` },
        ]);
      }
    }
    for (let i = first; i <= last; i++) codes[i] = isWeekend(dateAt(i)) ? OFF : WORKING;
    for (const rule of rules) {
      const i = daysBetween(FIRST_DAY, rule.date);
      codes[i] = OFF;
      notes.set(i, { kind: 'holiday', name: rule.name, note: null, source: rule.source, estimated: rule.estimated, confirmed: true });
    }
    for (const [date, note] of decided) {
      if (Number(date.slice(0, 4)) !== year) continue;
      const i = daysBetween(FIRST_DAY, date);
      const { origin: _origin, ...shown } = note;
      codes[i] = note.kind === 'make-up' ? WORKING : OFF;
      notes.set(i, shown);
    }
  }

  function working(index: number): boolean {
    inRange(index, null);
    if (codes[index] === UNKNOWN) fillYear(Number(dateAt(index).slice(0, 4)));
    return codes[index] === WORKING;
  }

  function info(index: number): DayInfo {
    const isWorking = working(index);
    const date = dateAt(index);
    const note = notes.get(index);
    if (note !== undefined) return { date, working: isWorking, ...note };
    return {
      date,
      working: isWorking,
      kind: isWorking ? 'weekday' : 'weekend',
      name: null,
      note: null,
      source: null,
      estimated: false,
      confirmed: true,
    };
  }

  for (const date of decided.keys()) {
    const year = Number(date.slice(0, 4));
    if (year >= FIRST_YEAR && year <= LAST_YEAR) working(daysBetween(FIRST_DAY, date));
  }

  const arithmetic = {
    isWorkingDay(date: IsoDate): boolean {
      return working(indexOf(date));
    },
    addWorkingDays(date: IsoDate, n: number): IsoDate {
      requireCount(n, 'Số ngày làm việc', true);
      let index = indexOf(date);
      const step = n < 0 ? -1 : 1;
      for (let left = Math.abs(n); left > 0; ) {
        index += step;
        if (working(index)) left--;
      }
      return dateAt(index);
    },
    nextWorkingDay(date: IsoDate): IsoDate {
      let index = indexOf(date);
      while (!working(index)) index++;
      return dateAt(index);
    },
  };

  return {
    firstYear: FIRST_YEAR,
    lastYear: LAST_YEAR,
    ...arithmetic,
    holidayName(date) {
      const index = indexOf(date);
      return working(index) ? null : (notes.get(index)?.name ?? null);
    },
    dayInfo(date) {
      return info(indexOf(date));
    },
    daysOff(from, to) {
      const last = indexOf(to, 'Ngày kết thúc');
      const result: DayInfo[] = [];
      for (let index = indexOf(from, 'Ngày bắt đầu'); index <= last; index++) {
        if (!working(index)) result.push(info(index));
      }
      return result;
    },
    workingDaysBetween(a, b) {
      const ia = indexOf(a);
      const ib = indexOf(b);
      const [low, high, sign] = ia <= ib ? [ia, ib, 1] : [ib, ia, -1];
      let count = 0;
      for (let index = low + 1; index <= high; index++) if (working(index)) count++;
      return count === 0 ? 0 : sign * count;
    },
    previousWorkingDay(date) {
      let index = indexOf(date);
      while (!working(index)) index--;
      return dateAt(index);
    },
    pendingDecisions(year) {
      if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
        throw new CalendarInputError(`Năm phải là số nguyên từ ${FIRST_YEAR} đến ${LAST_YEAR}, nhận được ${String(year)}`);
      }
      return DECIDED_EACH_YEAR.filter((o) => !replaced.has(`${year}:${o}`));
    },
    civilDeadline(start, days) {
      return civilDeadline(arithmetic, start, days);
    },
    processingDeadline(receivedAt, workingDays, opts) {
      return processingDeadline(arithmetic, receivedAt, workingDays, opts);
    },
  };
}
