/**
 * How a task urges its agencies: reminder offsets, the escalation ladder and repeat intervals.
 * Data with defaults, so admin-defined task templates can supply their own.
 */
import { z } from 'zod';
import { PeriodSchema } from './schedule';
import { lazy } from './lazy';

/** Who receives an escalation level: the lead agency's head, Văn phòng UBND, or the chair. */
export const EscalationTargetSchema = lazy(() => z.enum(['head', 'monitor', 'chair']));
export type EscalationTarget = z.infer<typeof EscalationTargetSchema>;

export const EscalationStepSchema = lazy(() =>
  z.object({
    level: z.number().int().min(1),
    /** Fires at office hour on the working day after this many full working days past the due date (0 = first working day after due). */
    afterWorkingDays: z.number().int().min(0),
    to: EscalationTargetSchema,
    requireAck: z.boolean().default(true),
    /** Re-notify every N working days until someone of this level acknowledges. */
    repeatEveryWorkingDays: z.number().int().min(1).default(3),
    /**
     * A template's level naming an account: its login. The level is timed as `to` (the monitoring
     * office's); its messages go to the account (activities/mail/account-recipient.ts) and the
     * task's timeline names it.
     */
    account: z.string().min(1).max(64).optional(),
  }),
);
export type EscalationStep = z.infer<typeof EscalationStepSchema>;

const HourSchema = lazy(() => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'giờ phải có dạng HH:MM'));

export const TaskPolicySchema = lazy(() =>
  z
    .object({
      /** Working days before the due date; 0 is the due day itself. */
      reminderOffsets: z.array(z.number().int().min(0).max(60)).default([7, 1, 0]),
      /** Vietnam time at which reminders and escalations go out. */
      officeHour: HourSchema.default('08:00'),
      escalation: z.array(EscalationStepSchema).default([
        { level: 1, afterWorkingDays: 1, to: 'head', requireAck: true, repeatEveryWorkingDays: 3 },
        { level: 2, afterWorkingDays: 5, to: 'monitor', requireAck: true, repeatEveryWorkingDays: 5 },
        { level: 3, afterWorkingDays: 15, to: 'chair', requireAck: true, repeatEveryWorkingDays: 10 },
      ]),
      /** Ongoing tasks ("Thường xuyên"): how often a progress report is asked for. */
      checkinEvery: PeriodSchema.default('quarter'),
      /** Working days after a check-in before a reminder that no report came. */
      checkinGraceWorkingDays: z.number().int().min(1).default(10),
      /** Unspecified deadlines: the monitoring office is reminded every N days to set one. */
      needsDeadlineEveryDays: z.number().int().min(1).default(7),
      /** Event-triggered tasks: deadline of an instance when the event does not give one. */
      eventDefaultWorkingDays: z.number().int().min(1).default(10),
    })
    .refine((p) => p.escalation.every((s, i) => s.level === i + 1), 'các cấp báo cáo phải đánh số 1, 2, 3… theo thứ tự')
    .refine(
      (p) => p.escalation.every((s, i) => i === 0 || s.afterWorkingDays > p.escalation[i - 1]!.afterWorkingDays),
      'mỗi cấp báo cáo phải muộn hơn cấp trước',
    ),
);
export type TaskPolicy = z.infer<typeof TaskPolicySchema>;
export type TaskPolicyInput = z.input<typeof TaskPolicySchema>;

export const DEFAULT_POLICY: TaskPolicy = lazy(() => TaskPolicySchema.parse({}));

export function officeTime(policy: Pick<TaskPolicy, 'officeHour'>): { hour: number; minute: number } {
  const [hour, minute] = policy.officeHour.split(':').map(Number) as [number, number];
  return { hour, minute };
}
