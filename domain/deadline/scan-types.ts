/** What the scanner finds in one deadline phrase, before any of it is turned into dates. */
import type { Period } from '../schedule';

/** Character range in the phrase (end exclusive). */
export type Range = { start: number; end: number };

export type AtomUnit = 'day' | 'month' | 'quarter' | 'half' | 'year' | 'now';

/** Holidays a cell can name instead of a date. */
export type Holiday = 'tet' | 'hung-kings' | 'mid-autumn' | 'reunification' | 'labour' | 'national-day' | 'new-year';

/** One calendar reference as written: "ngày 15/12", "tháng 5/2024", "quý III", "năm tiếp theo". */
export type Atom = Range & {
  unit: AtomUnit;
  day?: number;
  month?: number;
  quarter?: number;
  half?: 1 | 2;
  /** Year written in the phrase. */
  year?: number;
  /** Year relative to the plan year ("năm nay" = 0, "năm tiếp theo" = 1). */
  yearOffset?: number;
  /** "đầu / giữa / cuối" a month, quarter or year. */
  part?: 'early' | 'mid' | 'late';
  /**
   * Days of a month the cell names ("thượng tuần", "nửa đầu", "tuần thứ 2" tháng 3): from `first` to
   * `last` ('end': the month's last day; a negative `first` counts back from it, "tuần cuối").
   */
  within?: MonthDays;
  /** A holiday named by the cell ("trước Tết Nguyên đán", "dịp 2/9"); the day is that holiday in the atom's year. */
  holiday?: Holiday;
  /** "Tết Bính Ngọ": the year's place in the 60-year cycle (year % 60); resolved to the plan year ± 1. */
  cycleYear?: number;
  /** "năm học 2026-2027": the first year of the school year (the atom is its last day, 31/05 of the second). */
  schoolYear?: number;
  /** Why this is not a real calendar reference (Vietnamese), e.g. "ngày 31/02/2025 không tồn tại". */
  invalid?: string;
};

export type MonthDays = { first: number; last: number | 'end'; label: string };

/** One element of a date group: a single reference or a range "A - B". */
export type GroupItem = { from: Atom; to?: Atom; toBefore?: boolean };

/** How the words before a group bind it. */
export type GroupPrefix = 'none' | 'before' | 'by' | 'from' | 'after';

/** References joined by lists and ranges: "Quý II, III", "Tháng 9 - 10/2025". */
export type DateGroup = Range & {
  items: GroupItem[];
  prefix: GroupPrefix;
  /** "… và các năm tiếp theo", "… trở đi". */
  openEnd: boolean;
  /** "Năm 2026: trước 30/6": a year before a colon only gives the year of the dates after it. */
  heading?: boolean;
};

export type RecurMark = Range & {
  every: Period;
  /** A period named without "hằng / mỗi / định kỳ" ("Báo cáo 6 tháng", "quý, năm"). */
  bare?: boolean;
  /** "hằng năm học": each school year, due on its last day (31/05). */
  schoolYear?: boolean;
};

/** "Ngày 30 tháng cuối cùng của quý": a day in a given month of each period. */
export type DayRuleMark = Range & {
  /** 'month': "ngày 05 của tháng sau" (a day of each month); null: the period is named elsewhere ("kỳ"). */
  every: 'month' | 'quarter' | 'half-year' | null;
  /** Absent for "tháng thứ hai của quý": the month's last day. */
  day?: number;
  monthOfPeriod: 'first' | 'second' | 'last';
  before: boolean;
  /** "… quý sau", "… tháng tiếp theo": each instance reports on the period before its due day. */
  reportsOn?: 'previous';
};

export type WeekdayMark = Range & { weekday: number; before: boolean };
export type TimeMark = Range & { hour: number; minute: number };

/** "trong vòng 30 ngày kể từ ngày ký". */
export type RelativeMark = Range & {
  amount: number;
  unit: 'day' | 'week' | 'month' | 'year';
  working: boolean;
  /** What the period is counted from. */
  anchor: { kind: 'issue' } | { kind: 'date'; atom: Atom } | { kind: 'event'; clause: Range } | { kind: 'none' };
};

export type MarkType = 'ongoing' | 'daily' | 'upkeep' | 'complete' | 'periodic' | 'adhoc';
export type Mark = Range & { type: MarkType };

export type Scan = {
  groups: DateGroup[];
  recurrences: RecurMark[];
  dayRules: DayRuleMark[];
  weekdays: WeekdayMark[];
  times: TimeMark[];
  relatives: RelativeMark[];
  marks: Mark[];
  /** "Theo quy định …": the time is set elsewhere. */
  theo: Range[];
  /** "Khi có …", "Sau khi …": the work is triggered by an event. */
  events: Range[];
  /** "… đến khi hoàn thành …": open-ended until an event. */
  untils: Range[];
  /** Text in brackets: "(báo cáo quý I)". */
  asides: Range[];
  /** Things that looked like dates but are not (Vietnamese). */
  notes: string[];
};
