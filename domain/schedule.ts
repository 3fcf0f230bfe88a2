/**
 * A parsed "Thời gian" cell: when a task is due. Produced by the deadline parser, stored with each
 * imported task, and read by the task workflow to set its timers.
 */
import { z } from 'zod';
import { IsoDateSchema } from './dates';
import { lazy } from './lazy';

export const ScheduleKindSchema = lazy(() => z.enum(['once', 'milestones', 'recurring', 'ongoing', 'event', 'unspecified']));
export type ScheduleKind = z.infer<typeof ScheduleKindSchema>;

export const PeriodSchema = lazy(() => z.enum(['week', 'month', 'quarter', 'half-year', 'year']));
export type Period = z.infer<typeof PeriodSchema>;

/**
 * One periodic duty. Without a day rule a period is due on its last day.
 * - `day`: day of the month the duty is due (with `month` for yearly duties, `monthOfPeriod` for
 *   quarterly/half-yearly ones: "Ngày 30 tháng cuối cùng của quý" is { every: quarter, day: 30, monthOfPeriod: 'last' }).
 * - `before`: "trước ngày D" — strictly before D, so due the day before.
 * - `weekday` (1 = Monday … 7 = Sunday) and `time` ("HH:MM") for weekly duties.
 */
export const RecurrenceSchema = lazy(() =>
  z.object({
    every: PeriodSchema,
    day: z.number().int().min(1).max(31).optional(),
    month: z.number().int().min(1).max(12).optional(),
    /** 'second': the period's second month ("tháng thứ hai của quý"); without `day` the month's last day. */
    monthOfPeriod: z.enum(['first', 'second', 'last']).optional(),
    weekday: z.number().int().min(1).max(7).optional(),
    time: z
      .string()
      .regex(/^\d{2}:\d{2}$/)
      .optional(),
    before: z.boolean().optional(),
    /**
     * 'previous': each instance reports on the period before the one its due day falls in
     * ("trước ngày 20 của tháng đầu quý sau": the report on Q1 is due 19/04).
     */
    reportsOn: z.literal('previous').optional(),
    /** "trong 30 ngày kể từ ngày kết thúc quý": due this long after each period's last day (calendar days or months). */
    afterEnd: z
      .object({ amount: z.number().int().min(1).max(3660), unit: z.enum(['day', 'month']) })
      .optional(),
  }),
);
export type Recurrence = z.infer<typeof RecurrenceSchema>;

export type Schedule = {
  text: string;
  kind: ScheduleKind;
  /** Last calendar day on which completion counts as on time; null when there is none. */
  due: string | null;
  /** Dated checkpoints in date order; for a single deadline it is [due]. */
  milestones: string[];
  /** First day of the work when the cell gives one ("Từ ngày 01/3/2026 …", "Bắt đầu từ năm 2027"). */
  start?: string | null;
  recurrence: Recurrence | Recurrence[] | null;
  /** Multi-part cells: each agency's own schedule. */
  parts: { agency: string; schedule: Schedule }[];
  /** One Vietnamese sentence a person can check. */
  explanation: string;
  /** Recurring over a range ("giai đoạn 2026-2030, hằng năm"): last day of the last period covered. */
  end?: string | null;
  /** Recurring after a first dated deadline ("trước ngày 05/6/2026, sau đó hằng tháng"): that first due date. */
  firstDue?: string | null;
  /** Recurring, and also whenever asked ("hằng quý hoặc theo yêu cầu", "… và đột xuất"). */
  onRequest?: boolean;
  /** Event with a counted offset ("trong 05 ngày làm việc kể từ khi nhận được văn bản"). */
  after?: EventOffset | null;
};

export const EventOffsetSchema = lazy(() =>
  z.object({
    amount: z.number().int().min(0).max(100_000),
    unit: z.enum(['day', 'week', 'month', 'year']),
    workingDays: z.boolean(),
  }),
);
export type EventOffset = z.infer<typeof EventOffsetSchema>;

export const ScheduleSchema: z.ZodType<Schedule> = lazy(() =>
  z.lazy(() =>
    z.object({
      text: z.string(),
      kind: ScheduleKindSchema,
      due: IsoDateSchema.nullable(),
      milestones: z.array(IsoDateSchema),
      start: IsoDateSchema.nullable().optional(),
      recurrence: z.union([RecurrenceSchema, z.array(RecurrenceSchema)]).nullable(),
      parts: z.array(z.object({ agency: z.string(), schedule: ScheduleSchema })),
      explanation: z.string(),
      end: IsoDateSchema.nullable().optional(),
      firstDue: IsoDateSchema.nullable().optional(),
      onRequest: z.boolean().optional(),
      after: EventOffsetSchema.nullable().optional(),
    }),
  ),
);

export function recurrences(schedule: Schedule): Recurrence[] {
  const r = schedule.recurrence;
  return r === null ? [] : Array.isArray(r) ? r : [r];
}
