/**
 * The working-day calendar: pure code, safe for workflows. The Node-only loader that reads the
 * overlay files is `./load` and must not be imported from workflow code.
 */
export { createCalendar, type CreateCalendarOptions, type DayInfo, type DayKind, type WorkingCalendar } from './calendar';
export type { CivilDeadline, ProcessingDeadline, ProcessingOptions } from './deadlines';
export { CalendarInputError } from './input';
export { hungKingsDay, lunarNewYear, lunarToSolar } from './lunar';
export { OCCASION_NAMES, OccasionSchema, type Occasion } from './occasions';
export {
  CalendarConfigError,
  FIRST_YEAR,
  HolidayPeriodSchema,
  LAST_YEAR,
  parseYearOverlay,
  SwapSchema,
  YearOverlaySchema,
  type HolidayPeriod,
  type Swap,
  type YearOverlay,
} from './overlay';
