/**
 * A task template: how one kind of task is followed up, said once by an admin. Identity, a
 * deadline rule, reminders, the escalation ladder, the message texts and the matching rules.
 * Pure zod; every refusal is a Vietnamese sentence naming the field and the place (the level, the
 * kind of message, the placeholder).
 */
import { z } from 'zod';
import { lazy } from '../lazy';
import { LIMITS } from '../input-limits';
import { PeriodSchema, RecurrenceSchema } from '../schedule';
import { IsoDateSchema } from '../dates';
import { placeholderProblems, TASK_MESSAGE_KINDS, TASK_MESSAGE_KIND_NAMES, type TaskMessageKind } from './placeholders';
import { readDeadlineRule } from './deadline';

import { LEVEL_RECIPIENTS } from './names';

export { LEVEL_RECIPIENT_NAMES, LEVEL_RECIPIENTS, TEMPLATE_CATEGORIES, type LevelRecipient } from './names';

const name = (label: string, max: number) =>
  z
    .string({ error: `${label}: phải là chuỗi ký tự` })
    .trim()
    .min(1, `${label}: không được để trống`)
    .max(max, `${label}: tối đa ${max} ký tự`);

const HourSchema = lazy(() => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'giờ gửi phải có dạng HH:MM (ví dụ 08:00)'));

/**
 * The deadline rule: a Vietnamese phrase as plans write it (read by the deadline parser), or a
 * structured schedule (periods with their due-day rule, or one date).
 */
export const DeadlineRuleSchema = lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('phrase'), phrase: name('cụm từ thời hạn', LIMITS.REASON) }),
    z.object({ type: z.literal('recurring'), recurrence: z.array(RecurrenceSchema).min(1, 'lịch định kỳ cần ít nhất một kỳ').max(5) }),
    z.object({ type: z.literal('date'), due: IsoDateSchema }),
  ]),
);
export type DeadlineRule = z.infer<typeof DeadlineRuleSchema>;

/** One level of the ladder as an admin writes it (checked as a whole below, so each refusal names its level). */
export const LevelSchema = lazy(() =>
  z.object({
    level: z.number().int().min(1).max(10),
    /** Working days after the due date before the level fires (0 = first working day after due). */
    afterWorkingDays: z.number().int().min(0).max(250),
    to: z.enum(LEVEL_RECIPIENTS).optional(),
    /** The login of the account a level addressed to one person goes to. */
    account: z.string().trim().max(LIMITS.NAME).optional(),
    requireAck: z.boolean().default(true),
    /** Re-notify every N working days until someone of this level acknowledges. */
    repeatEveryWorkingDays: z.number().int().min(0).max(250),
  }),
);
export type Level = z.infer<typeof LevelSchema>;

/** A kind's texts: the subject line, the opening (paragraphs separated by a blank line), the action's label. */
export const MessageTextSchema = lazy(() =>
  z.object({
    subject: z.string().trim().min(1, 'tiêu đề thư không được để trống').max(300).optional(),
    body: z.string().trim().min(1, 'nội dung thư không được để trống').max(4_000).optional(),
    action: z.string().trim().min(1, 'nhãn đường dẫn không được để trống').max(200).optional(),
  }),
);
export type MessageText = z.infer<typeof MessageTextSchema>;
export type MessageTexts = Partial<Record<TaskMessageKind, MessageText>>;

const words = (label: string) => z.array(name(label, LIMITS.NAME)).max(50).default([]);

/**
 * Which imported tasks the template applies to. Every criterion given must hold (an empty one holds
 * for all); within a criterion any entry may match. `words`: each entry must appear in the task's
 * text, and an entry may list alternatives with "|" ("cải cách hành chính|CCHC").
 */
export const MatchingSchema = lazy(() =>
  z.object({
    plans: words('mã hoặc tên kế hoạch'),
    areas: words('lĩnh vực'),
    productTypes: words('loại sản phẩm'),
    leads: words('cơ quan chủ trì'),
    words: words('từ ngữ trong nhiệm vụ'),
    /** The periods of a recurring task ("Hàng quý": quarter). */
    every: z.array(PeriodSchema).max(5).default([]),
  }),
);
export type Matching = z.infer<typeof MatchingSchema>;

const TemplateObjectSchema = lazy(() =>
  z.object({
    name: name('tên mẫu', LIMITS.NAME),
    description: z.string().trim().max(LIMITS.REASON).default(''),
    category: name('nhóm mẫu', LIMITS.NAME),
    /** Plan tasks, or one-stop files (Nghị định 118/2025/NĐ-CP). */
    appliesTo: z.enum(['task', 'file']).default('task'),
    deadline: DeadlineRuleSchema.nullable().default(null),
    reminders: z
      .object({
        /** Working days before the due date; 0 is the due day itself. */
        workingDaysBefore: z.array(z.number().int().min(0).max(60)).max(10).default([7, 1, 0]),
        hour: HourSchema.default('08:00'),
      })
      .default({ workingDaysBefore: [7, 1, 0], hour: '08:00' }),
    escalation: z.array(LevelSchema).max(10),
    messages: z.partialRecord(z.enum(TASK_MESSAGE_KINDS), MessageTextSchema).default({}),
    matching: MatchingSchema.default({ plans: [], areas: [], productTypes: [], leads: [], words: [], every: [] }),
    /** The template a task gets when no other matches (one: the generic plan task). */
    fallback: z.boolean().default(false),
    /** Ongoing tasks: how often a progress report is asked for. */
    checkinEvery: PeriodSchema.default('quarter'),
  }),
);

export const TemplateSchema = lazy(() =>
  TemplateObjectSchema.check((ctx) => {
    for (const problem of templateProblems(ctx.value)) ctx.issues.push({ code: 'custom', input: ctx.value, path: problem.path, message: problem.message });
  }),
);
export type Template = z.output<typeof TemplateSchema>;
export type TemplateInput = z.input<typeof TemplateSchema>;

export type TemplateProblem = { path: (string | number)[]; message: string };

/** What is wrong with a template beyond the shape of its fields, each naming its place. */
export function templateProblems(t: z.output<typeof TemplateObjectSchema>): TemplateProblem[] {
  return [...ladderProblems(t), ...reminderProblems(t), ...textProblems(t.messages), ...deadlineProblems(t)];
}

function ladderProblems(t: z.output<typeof TemplateObjectSchema>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  t.escalation.forEach((step, i) => {
    const at = (field: string) => ['escalation', i, field];
    const which = `Cấp ${step.level}`;
    if (step.level !== i + 1)
      problems.push({
        path: at('level'),
        message: `Cấp báo cáo thứ ${i + 1} phải là cấp ${i + 1} (đang ghi cấp ${step.level}); các cấp đánh số 1, 2, 3… theo thứ tự.`,
      });
    const before = t.escalation[i - 1];
    if (before && step.afterWorkingDays <= before.afterWorkingDays)
      problems.push({
        path: at('afterWorkingDays'),
        message: `${which} (sau ${step.afterWorkingDays} ngày làm việc quá hạn) phải muộn hơn cấp ${before.level} mà nó theo sau (sau ${before.afterWorkingDays} ngày làm việc).`,
      });
    if (step.repeatEveryWorkingDays < 1)
      problems.push({
        path: at('repeatEveryWorkingDays'),
        message: `${which}: chu kỳ nhắc lại phải từ 1 ngày làm việc trở lên (đang là ${step.repeatEveryWorkingDays}).`,
      });
    if (step.to === undefined)
      problems.push({
        path: at('to'),
        message: `${which}: chưa chọn nơi nhận (Thủ trưởng cơ quan chủ trì, Văn phòng UBND, Chủ tịch UBND hoặc một tài khoản).`,
      });
    if (step.to === 'account' && !step.account)
      problems.push({ path: at('account'), message: `${which}: gửi tới tài khoản được chỉ định nhưng chưa ghi tên đăng nhập của tài khoản.` });
    if (step.to !== 'account' && step.account)
      problems.push({ path: at('account'), message: `${which}: chỉ ghi tài khoản khi nơi nhận là “tài khoản được chỉ định”.` });
    if (t.appliesTo === 'file' && step.to !== 'monitor' && step.to !== 'chair')
      problems.push({ path: at('to'), message: `${which}: hồ sơ thủ tục hành chính chỉ báo cáo Văn phòng UBND rồi Chủ tịch UBND.` });
  });
  if (t.appliesTo === 'file') {
    const [first, second] = t.escalation;
    if (t.escalation.length !== 2 || first?.to !== 'monitor' || second?.to !== 'chair')
      problems.push({ path: ['escalation'], message: 'Hồ sơ thủ tục hành chính có đúng hai cấp: cấp 1 Văn phòng UBND, cấp 2 Chủ tịch UBND.' });
  }
  return problems;
}

function reminderProblems(t: z.output<typeof TemplateObjectSchema>): TemplateProblem[] {
  const offsets = t.reminders.workingDaysBefore;
  const problems: TemplateProblem[] = [];
  offsets.forEach((n, i) => {
    if (offsets.indexOf(n) !== i)
      problems.push({ path: ['reminders', 'workingDaysBefore', i], message: `Nhắc việc trước hạn ${n} ngày làm việc bị ghi hai lần.` });
  });
  if (t.appliesTo === 'file' && Math.max(0, ...offsets) < 2)
    problems.push({
      path: ['reminders', 'workingDaysBefore'],
      message: 'Hồ sơ thủ tục hành chính: cảnh báo sắp đến hẹn phải từ 2 ngày làm việc trước hẹn (trước hạn gửi phiếu xin lỗi).',
    });
  return problems;
}

function textProblems(messages: MessageTexts): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const kind of TASK_MESSAGE_KINDS) {
    const texts = messages[kind];
    if (!texts) continue;
    for (const field of ['subject', 'body', 'action'] as const) {
      const value = texts[field];
      if (value === undefined) continue;
      for (const problem of placeholderProblems(value, kind))
        problems.push({ path: ['messages', kind, field], message: `Thư “${TASK_MESSAGE_KIND_NAMES[kind]}”, ${FIELD_NAMES[field]}: ${problem}.` });
    }
  }
  return problems;
}

const FIELD_NAMES = { subject: 'tiêu đề', body: 'nội dung', action: 'nhãn đường dẫn' } as const;

function deadlineProblems(t: z.output<typeof TemplateObjectSchema>): TemplateProblem[] {
  if (!t.deadline || t.deadline.type !== 'phrase') return [];
  const read = readDeadlineRule(t.deadline, new Date().getUTCFullYear());
  if (read.kind !== 'unspecified') return [];
  return [{ path: ['deadline', 'phrase'], message: `dondoc không đọc được cụm từ thời hạn “${t.deadline.phrase}”: ${read.explanation}` }];
}
