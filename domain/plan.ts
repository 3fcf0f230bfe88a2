/** A plan (kế hoạch) and the tasks of its appendix, as the importer produces them. */
import { z } from 'zod';
import { IsoDateSchema } from './dates';
import { LIMITS, PlanYearSchema, boundedList, clientDate, rawText } from './input-limits';
import { lazy } from './lazy';
import { ScheduleSchema, type Schedule } from './schedule';

export const PlanSchema = z.object({
  /** Stable id from the document number and year, e.g. "3322-qd-ubnd-2024"; used in workflow ids. */
  id: z
    .string()
    .max(LIMITS.CODE, `mã kế hoạch quá dài: tối đa ${LIMITS.CODE} ký tự`)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'mã kế hoạch chỉ gồm chữ thường không dấu, chữ số và gạch ngang'),
  number: rawText('số văn bản', LIMITS.CODE).nullable(),
  issuer: rawText('cơ quan ban hành', LIMITS.NAME).nullable(),
  /** The jurisdiction whose monitoring office and chair receive escalations (directory id). */
  jurisdiction: rawText('đơn vị hành chính', LIMITS.CODE),
  issuedOn: IsoDateSchema.nullable(),
  title: rawText('tên kế hoạch', LIMITS.REASON),
  year: PlanYearSchema,
  source: rawText('tệp nguồn', LIMITS.NAME),
});
export type Plan = z.infer<typeof PlanSchema>;

export const BudgetSchema = z.union([z.object({ millionVnd: z.number().nonnegative() }), z.object({ text: rawText('kinh phí', LIMITS.REASON).min(1) })]);
export type Budget = z.infer<typeof BudgetSchema>;

/** Every date of a schedule (due, milestones, start, and those of its parts), with its path. */
function scheduleDates(schedule: Schedule, path: (string | number)[]): { date: string; path: (string | number)[] }[] {
  const dates: { date: string; path: (string | number)[] }[] = [];
  if (schedule.due) dates.push({ date: schedule.due, path: [...path, 'due'] });
  schedule.milestones.forEach((date, i) => dates.push({ date, path: [...path, 'milestones', i] }));
  if (schedule.start) dates.push({ date: schedule.start, path: [...path, 'start'] });
  schedule.parts.forEach((part, i) => dates.push(...scheduleDates(part.schedule, [...path, 'parts', i, 'schedule'])));
  return dates;
}

/** Schedules sent with a task: bounded in size, every date in the years the calendar covers. */
const TaskScheduleSchema = lazy(() =>
  ScheduleSchema.check((ctx) => {
    const schedule = ctx.value;
    if (schedule.text.length > LIMITS.REASON)
      ctx.issues.push({ code: 'custom', input: schedule, path: ['text'], message: `thời hạn quá dài: tối đa ${LIMITS.REASON} ký tự` });
    const dates = scheduleDates(schedule, []);
    if (dates.length > 1_000) ctx.issues.push({ code: 'custom', input: schedule, message: 'thời hạn có quá nhiều mốc: tối đa 1.000' });
    const dateSchema = clientDate('thời hạn');
    for (const { date, path } of dates.slice(0, 1_000)) {
      const parsed = dateSchema.safeParse(date);
      if (!parsed.success) ctx.issues.push({ code: 'custom', input: date, path, message: parsed.error.issues[0]!.message });
    }
  }),
);

export const TaskSchema = z.object({
  planId: z.string().max(LIMITS.CODE, `mã kế hoạch quá dài: tối đa ${LIMITS.CODE} ký tự`),
  /** Stable within the plan, from the document's own numbering: re-importing updates the same task. */
  ref: rawText('số thứ tự nhiệm vụ', LIMITS.CODE).min(1),
  /** Where in the source the task was read: line (text) or row (spreadsheet). */
  source: z.object({ file: rawText('tệp nguồn', LIMITS.NAME), row: z.number().int().nonnegative() }),
  area: rawText('lĩnh vực', LIMITS.DOCUMENT_TEXT).nullable(),
  group: rawText('nhóm nhiệm vụ', LIMITS.DOCUMENT_TEXT).nullable(),
  objective: rawText('mục tiêu', LIMITS.DOCUMENT_TEXT).nullable(),
  task: rawText('nhiệm vụ', LIMITS.DOCUMENT_TEXT).nullable(),
  activity: rawText('hoạt động', LIMITS.DOCUMENT_TEXT).nullable(),
  product: rawText('sản phẩm', LIMITS.DOCUMENT_TEXT).nullable(),
  /** Canonical names (directory) of the lead agencies; a group name stands for its members. */
  lead: boundedList(rawText('tên cơ quan chủ trì', LIMITS.NAME), 'danh sách cơ quan chủ trì').min(1),
  leadText: rawText('cột chủ trì', LIMITS.REASON),
  coordinating: boundedList(rawText('tên cơ quan phối hợp', LIMITS.NAME), 'danh sách cơ quan phối hợp'),
  deadlineText: rawText('cột thời gian', LIMITS.REASON),
  schedule: TaskScheduleSchema,
  budget: BudgetSchema.nullable(),
  notes: rawText('ghi chú', LIMITS.NOTE).nullable(),
  /** The row's content when one row was split into several tasks. */
  context: rawText('nội dung dòng', LIMITS.DOCUMENT_TEXT).nullable(),
});
export type Task = z.infer<typeof TaskSchema>;

/** Title shown to people: the most specific of activity, task, objective. */
export function taskTitle(task: Pick<Task, 'activity' | 'task' | 'objective' | 'ref'>): string {
  return task.activity ?? task.task ?? task.objective ?? task.ref;
}

export function taskWorkflowId(planId: string, ref: string): string {
  return `task:${planId}:${ref}`;
}
