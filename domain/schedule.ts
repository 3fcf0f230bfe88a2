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
    monthOfPeriod: z.enum(['first', 'last']).optional(),
    weekday: z.number().int().min(1).max(7).optional(),
    time: z
      .string()
      .regex(/^\d{2}:\d{2}$/)
      .optional(),
    before: z.boolean().optional(),
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
};

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
    }),
  ),
);

export function recurrences(schedule: Schedule): Recurrence[] {
  const r = schedule.recurrence;
  return r === null ? [] : Array.isArray(r) ? r : [r];
}
