/**
 * A template as the workflows read it: the task workflow's policy (domain/policy.ts) or a one-stop
 * file's (domain/onestop/policy.ts). The ladder's timing is the template's; who receives a level is
 * the role it names. A level naming an account runs in the workflow as a level to the monitoring
 * office; the notification activity sends it to the account's e-mail address instead (it reads the
 * level from the template version the message names), and to the monitoring office, saying why,
 * when the account is disabled or has no address.
 */
import { DEFAULT_POLICY, TaskPolicySchema, type EscalationTarget, type TaskPolicy } from '../policy';
import { FilePolicySchema, type FilePolicy } from '../onestop/policy';
import type { Template, TemplateProblem } from './schema';

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

/** The task workflow's policy. A level addressed to a named account is timed as a level to the monitoring office (see above). */
export function toTaskPolicy(template: Template): TaskPolicy {
  if (template.appliesTo !== 'task') throw new TemplateUseError(`Mẫu “${template.name}” dành cho hồ sơ thủ tục hành chính, không dùng cho nhiệm vụ kế hoạch.`);
  return TaskPolicySchema.parse({
    ...DEFAULT_POLICY,
    reminderOffsets: template.reminders.workingDaysBefore,
    officeHour: template.reminders.hour,
    checkinEvery: template.checkinEvery,
    escalation: template.escalation.map((step) => {
      const account = levelAccount(template, step.level);
      return {
        level: step.level,
        afterWorkingDays: step.afterWorkingDays,
        to: roleTarget(template, step),
        requireAck: step.requireAck,
        repeatEveryWorkingDays: step.repeatEveryWorkingDays,
        ...(account ? { account } : {}),
      };
    }),
  });
}

function roleTarget(template: Template, step: Template['escalation'][number]): EscalationTarget {
  if (step.to === 'head' || step.to === 'monitor' || step.to === 'chair') return step.to;
  if (step.to === 'account' && step.account) return 'monitor';
  throw new TemplateUseError(`Mẫu “${template.name}”, cấp ${step.level}: chưa chọn nơi nhận.`);
}

/** The account a level of the template names (its login, lower case), if it names one. */
export function levelAccount(template: Template, level: number | undefined): string | undefined {
  const step = level === undefined ? undefined : template.escalation.find((s) => s.level === level);
  return step?.to === 'account' && step.account ? step.account.trim().toLowerCase() : undefined;
}

/** Every level naming an account: where it is in the template and the login. */
export function accountLevels(template: Template): { path: (string | number)[]; level: number; login: string }[] {
  return template.escalation.flatMap((step, i) => {
    const login = levelAccount(template, step.level);
    return login === undefined ? [] : [{ path: ['escalation', i, 'account'], level: step.level, login }];
  });
}

/** Levels naming an account that does not exist (`known`: the logins that do), each refused naming its level. */
export function unknownAccountProblems(template: Template, known: ReadonlySet<string>): TemplateProblem[] {
  return accountLevels(template)
    .filter((a) => !known.has(a.login))
    .map((a) => ({ path: a.path, message: `Cấp ${a.level}: không có tài khoản với tên đăng nhập “${a.login}”.` }));
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
