/**
 * A year overlay: the official decisions for one year (the Tết and Quốc khánh blocks, swapped
 * working days, any extra day off), as stored in config/calendar/<year>.json or in an admin's
 * extra directory. Every entry names the decision it comes from.
 */
import { z } from 'zod';
import { compareDates, dayOfWeek, daysBetween, formatVietnamese, IsoDateSchema, type IsoDate } from '../dates';
import { anchorDate, OCCASION_NAMES, OccasionSchema, type Occasion } from './occasions';

export const FIRST_YEAR = 2021; // Bộ luật Lao động 2019 took effect on 1/1/2021
export const LAST_YEAR = 2100;
const LONGEST_BLOCK_DAYS = 20;

export const SwapSchema = z
  .object({
    /** A Monday–Friday given off to join the holiday block. */
    dayOff: IsoDateSchema,
    /** The Saturday or Sunday worked in exchange (ngày làm bù). */
    workingDay: IsoDateSchema,
  })
  .strict();
export type Swap = z.infer<typeof SwapSchema>;

export const HolidayPeriodSchema = z
  .object({
    /** The holidays this block is for; it replaces the computed days of those holidays that year. */
    occasions: z.array(OccasionSchema).min(1, 'cần ít nhất một dịp lễ'),
    /** Vietnamese name shown to people; defaults to the occasions' names. Required for 'other'. */
    name: z.string().trim().min(1).optional(),
    /** First and last day off of the block, weekends included. */
    from: IsoDateSchema,
    to: IsoDateSchema,
    /** The decision: number, date and issuer, e.g. "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ". */
    source: z.string().trim().min(1, 'cần ghi văn bản quyết định (số, ngày, cơ quan ban hành)'),
    /** false while the dates still need to be checked against the decision itself; default true. */
    confirmed: z.boolean().optional(),
    note: z.string().optional(),
    swaps: z.array(SwapSchema).optional(),
  })
  .strict();
export type HolidayPeriod = z.infer<typeof HolidayPeriodSchema>;

export const YearOverlaySchema = z
  .object({
    year: z.number().int().min(FIRST_YEAR).max(LAST_YEAR),
    holidays: z.array(HolidayPeriodSchema),
    note: z.string().optional(),
  })
  .strict()
  .superRefine((overlay, ctx) => {
    for (const problem of overlayProblems(overlay)) ctx.addIssue({ code: 'custom', ...problem });
  });
export type YearOverlay = z.infer<typeof YearOverlaySchema>;

export type OverlayProblem = { path: (string | number)[]; message: string };

/** The period's display name. */
export function periodName(period: HolidayPeriod): string {
  return period.name ?? period.occasions.map((o) => OCCASION_NAMES[o]).join(' và ');
}

/** Replacement key: a later overlay's block for the same key replaces an earlier one. */
export function occasionKey(year: number, occasion: Occasion, period: HolidayPeriod): string {
  return occasion === 'other' ? `${year}:other:${periodName(period)}` : `${year}:${occasion}`;
}

function isWeekend(date: IsoDate): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

function within(date: IsoDate, period: HolidayPeriod): boolean {
  return compareDates(period.from, date) <= 0 && compareDates(date, period.to) <= 0;
}

/** Consistency rules zod's shapes cannot express; each problem names the offending field. */
export function overlayProblems(overlay: YearOverlay): OverlayProblem[] {
  const problems: OverlayProblem[] = [];
  const seenKeys = new Map<string, number>();
  const workingDays = new Map<IsoDate, string>();
  overlay.holidays.forEach((period, i) => {
    const at = (...rest: (string | number)[]) => ['holidays', i, ...rest];
    if (compareDates(period.from, period.to) > 0) {
      problems.push({ path: at('to'), message: `ngày kết thúc ${formatVietnamese(period.to)} trước ngày bắt đầu ${formatVietnamese(period.from)}` });
      return;
    }
    if (daysBetween(period.from, period.to) >= LONGEST_BLOCK_DAYS) {
      problems.push({ path: at('to'), message: `kỳ nghỉ dài hơn ${LONGEST_BLOCK_DAYS} ngày, kiểm tra lại ngày bắt đầu và kết thúc` });
    }
    const years = [Number(period.from.slice(0, 4)), Number(period.to.slice(0, 4))];
    if (!years.includes(overlay.year)) {
      problems.push({ path: at('from'), message: `kỳ nghỉ không thuộc năm ${overlay.year}` });
    }
    if (new Set(period.occasions).size !== period.occasions.length) {
      problems.push({ path: at('occasions'), message: 'một dịp lễ được ghi hai lần' });
    }
    if (period.occasions.includes('other') && period.name === undefined) {
      problems.push({ path: at('name'), message: "dịp 'other' cần có tên (name) bằng tiếng Việt" });
    }
    for (const occasion of period.occasions) {
      const anchor = anchorDate(occasion, overlay.year);
      if (anchor !== null && !within(anchor, period)) {
        problems.push({
          path: at('occasions'),
          message: `kỳ nghỉ ${OCCASION_NAMES[occasion]} năm ${overlay.year} phải chứa ngày ${formatVietnamese(anchor)}`,
        });
      }
      const key = occasionKey(overlay.year, occasion, period);
      const earlier = seenKeys.get(key);
      if (earlier !== undefined) {
        problems.push({ path: at('occasions'), message: `${OCCASION_NAMES[occasion]} đã có ở holidays[${earlier}]` });
      } else seenKeys.set(key, i);
    }
    overlay.holidays.forEach((other, j) => {
      if (j < i && compareDates(other.from, period.to) <= 0 && compareDates(period.from, other.to) <= 0) {
        problems.push({ path: at('from'), message: `kỳ nghỉ trùng thời gian với holidays[${j}]` });
      }
    });
    (period.swaps ?? []).forEach((swap, k) => {
      if (!within(swap.dayOff, period) || isWeekend(swap.dayOff)) {
        problems.push({
          path: at('swaps', k, 'dayOff'),
          message: `ngày được nghỉ ${formatVietnamese(swap.dayOff)} phải là ngày thứ Hai–thứ Sáu nằm trong kỳ nghỉ ${formatVietnamese(period.from)}–${formatVietnamese(period.to)}`,
        });
      }
      if (!isWeekend(swap.workingDay)) {
        problems.push({ path: at('swaps', k, 'workingDay'), message: `ngày làm bù ${formatVietnamese(swap.workingDay)} phải là thứ Bảy hoặc Chủ nhật` });
      }
      if (Math.abs(daysBetween(swap.dayOff, swap.workingDay)) > 60) {
        problems.push({ path: at('swaps', k, 'workingDay'), message: `ngày làm bù ${formatVietnamese(swap.workingDay)} cách ngày được nghỉ hơn 60 ngày` });
      }
      const clash = overlay.holidays.findIndex((p) => within(swap.workingDay, p));
      if (clash >= 0) {
        problems.push({ path: at('swaps', k, 'workingDay'), message: `ngày làm bù ${formatVietnamese(swap.workingDay)} nằm trong kỳ nghỉ holidays[${clash}]` });
      }
      const twice = workingDays.get(swap.workingDay);
      if (twice !== undefined) {
        problems.push({ path: at('swaps', k, 'workingDay'), message: `ngày làm bù ${formatVietnamese(swap.workingDay)} đã dùng ở ${twice}` });
      } else workingDays.set(swap.workingDay, `holidays[${i}].swaps[${k}]`);
    });
  });
  return problems;
}

/** A calendar file (or overlay object) that is not valid; the message names the file and field. */
export class CalendarConfigError extends Error {
  constructor(
    readonly origin: string,
    readonly issues: OverlayProblem[],
  ) {
    super(
      `Tệp lịch ngày nghỉ "${origin}" không hợp lệ:\n` +
        issues.map((issue) => `  - trường ${formatPath(issue.path)}: ${issue.message}`).join('\n'),
    );
    this.name = 'CalendarConfigError';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(gốc)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}

/** Validates one overlay (parsed JSON); `origin` names it in errors (a file path). */
export function parseYearOverlay(data: unknown, origin: string): YearOverlay {
  const result = YearOverlaySchema.safeParse(data, { error: z.locales.vi().localeError });
  if (result.success) return result.data;
  throw new CalendarConfigError(
    origin,
    result.error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: issue.message })),
  );
}
