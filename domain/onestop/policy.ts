/**
 * How a file urges the agency holding it, and the escalation ladder of a late file, as data with
 * defaults. The ladder is run by the shared agenda builder (domain/agenda.ts): this module only
 * translates a file policy into the agenda's policy for the phase the file is in.
 *
 * Levels keep the meaning they have everywhere in dondoc (2 = Văn phòng UBND, 3 = the chair), so a
 * message, a search attribute and the dashboard say the same thing for tasks and files.
 */
import { z } from 'zod';
import { DEFAULT_POLICY, type EscalationStep, type TaskPolicy } from '../policy';
import { HourSchema } from './file';
import { lazy } from '../lazy';

export const MONITOR_LEVEL = 2;
export const CHAIR_LEVEL = 3;

export const FilePolicySchema = lazy(() =>
  z
    .object({
      /** Vietnam time at which warnings and escalations go out. */
      officeHour: HourSchema.default('08:00'),
      /** The due-soon warning: this many working days before the appointment (at least 2, so it comes before the apology is due). */
      warnWorkingDays: z.number().int().min(2, 'cảnh báo sắp đến hẹn phải sớm hơn hạn gửi phiếu xin lỗi (ít nhất 2 ngày làm việc)').max(30).default(2),
      /** Văn phòng UBND: on the working day after this many full working days past a missed appointment (0 = at once). */
      monitorAfterWorkingDays: z.number().int().min(0).default(0),
      monitorRepeatEveryWorkingDays: z.number().int().min(1).default(2),
      chairAfterWorkingDays: z.number().int().min(0).default(3),
      chairRepeatEveryWorkingDays: z.number().int().min(1).default(5),
      /** How long a submitted apology stays on the public page, in calendar days. */
      publishDays: z.number().int().min(1).max(365).default(30),
    })
    .refine((p) => p.chairAfterWorkingDays > p.monitorAfterWorkingDays, 'báo cáo Chủ tịch phải sau báo cáo Văn phòng UBND'),
);
export type FilePolicy = z.infer<typeof FilePolicySchema>;
export type FilePolicyInput = z.input<typeof FilePolicySchema>;

export const DEFAULT_FILE_POLICY: FilePolicy = lazy(() => FilePolicySchema.parse({}));

/**
 * The agenda policy of a file.
 * - First appointment: warning at `warnWorkingDays`, apology demanded 1 working day before,
 *   apology overdue on the appointment day (offset 0); once late, Văn phòng UBND then the chair.
 * - After its one re-appointment: the warning only, and a miss goes straight to the chair.
 */
export function agendaPolicy(policy: FilePolicy, reappointed: boolean): TaskPolicy {
  const monitor: EscalationStep = {
    level: MONITOR_LEVEL,
    afterWorkingDays: policy.monitorAfterWorkingDays,
    to: 'monitor',
    requireAck: true,
    repeatEveryWorkingDays: policy.monitorRepeatEveryWorkingDays,
  };
  const chair = (afterWorkingDays: number): EscalationStep => ({
    level: CHAIR_LEVEL,
    afterWorkingDays,
    to: 'chair',
    requireAck: true,
    repeatEveryWorkingDays: policy.chairRepeatEveryWorkingDays,
  });
  return {
    ...DEFAULT_POLICY,
    officeHour: policy.officeHour,
    reminderOffsets: reappointed ? [policy.warnWorkingDays] : [policy.warnWorkingDays, 1, 0],
    escalation: reappointed ? [chair(0)] : [monitor, chair(policy.chairAfterWorkingDays)],
  };
}
