/**
 * A template as the workflows read it: the task workflow's policy (domain/policy.ts) or a one-stop
 * file's (domain/onestop/policy.ts). The ladder's timing is the template's; who receives a level is
 * the role it names.
 */
import { DEFAULT_POLICY, TaskPolicySchema, type EscalationTarget, type TaskPolicy } from '../policy';
import { FilePolicySchema, type FilePolicy } from '../onestop/policy';
import type { Template } from './schema';

/** A template that cannot drive a workflow as it is (said in Vietnamese). */
export class TemplateUseError extends Error {
  override name = 'TemplateUseError';
}

/** Where a task records the template it follows. */
export type TemplateRef = { id: string; version: number };

export function templateRefText(ref: TemplateRef): string {
  return `${ref.id}@${ref.version}`;
}

export function parseTemplateRef(text: string | undefined): TemplateRef | undefined {
  const m = text === undefined ? null : /^([a-z0-9][a-z0-9-]*)@(\d+)$/.exec(text);
  return m ? { id: m[1]!, version: Number(m[2]) } : undefined;
}

/**
 * The task workflow's policy. A level addressed to a named account cannot be sent yet (accounts
 * have no mail address, and a message names its recipients by role): refused with the reason.
 */
export function toTaskPolicy(template: Template): TaskPolicy {
  if (template.appliesTo !== 'task') throw new TemplateUseError(`Mẫu “${template.name}” dành cho hồ sơ thủ tục hành chính, không dùng cho nhiệm vụ kế hoạch.`);
  return TaskPolicySchema.parse({
    ...DEFAULT_POLICY,
    reminderOffsets: template.reminders.workingDaysBefore,
    officeHour: template.reminders.hour,
    checkinEvery: template.checkinEvery,
    escalation: template.escalation.map((step) => ({
      level: step.level,
      afterWorkingDays: step.afterWorkingDays,
      to: roleTarget(template, step),
      requireAck: step.requireAck,
      repeatEveryWorkingDays: step.repeatEveryWorkingDays,
    })),
  });
}

function roleTarget(template: Template, step: Template['escalation'][number]): EscalationTarget {
  if (step.to === 'head' || step.to === 'monitor' || step.to === 'chair') return step.to;
  throw new TemplateUseError(
    `Mẫu “${template.name}”, cấp ${step.level}: chưa gửi được thông báo tới một tài khoản riêng (${step.account ?? 'chưa ghi tài khoản'}); hãy chọn nơi nhận theo vai trò (Thủ trưởng cơ quan chủ trì, Văn phòng UBND, Chủ tịch UBND).`,
  );
}

/** A one-stop file's policy: the warning, then Văn phòng UBND and the chair as the template times them. */
export function toFilePolicy(template: Template): FilePolicy {
  if (template.appliesTo !== 'file') throw new TemplateUseError(`Mẫu “${template.name}” dành cho nhiệm vụ kế hoạch, không dùng cho hồ sơ thủ tục hành chính.`);
  const [monitor, chair] = template.escalation;
  return FilePolicySchema.parse({
    officeHour: template.reminders.hour,
    warnWorkingDays: Math.max(...template.reminders.workingDaysBefore),
    monitorAfterWorkingDays: monitor!.afterWorkingDays,
    monitorRepeatEveryWorkingDays: monitor!.repeatEveryWorkingDays,
    chairAfterWorkingDays: chair!.afterWorkingDays,
    chairRepeatEveryWorkingDays: chair!.repeatEveryWorkingDays,
  });
}
