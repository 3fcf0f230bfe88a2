/** A plan (kế hoạch) and the tasks of its appendix, as the importer produces them. */
import { z } from 'zod';
import { IsoDateSchema } from './dates';
import { ScheduleSchema } from './schedule';

export const PlanSchema = z.object({
  /** Stable id from the document number and year, e.g. "3322-qd-ubnd-2024"; used in workflow ids. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  number: z.string().nullable(),
  issuer: z.string().nullable(),
  /** The jurisdiction whose monitoring office and chair receive escalations (directory id). */
  jurisdiction: z.string(),
  issuedOn: IsoDateSchema.nullable(),
  title: z.string(),
  year: z.number().int().min(2000).max(2100),
  source: z.string(),
});
export type Plan = z.infer<typeof PlanSchema>;

export const BudgetSchema = z.union([
  z.object({ millionVnd: z.number().nonnegative() }),
  z.object({ text: z.string().min(1) }),
]);
export type Budget = z.infer<typeof BudgetSchema>;

export const TaskSchema = z.object({
  planId: z.string(),
  /** Stable within the plan, from the document's own numbering: re-importing updates the same task. */
  ref: z.string().min(1),
  /** Where in the source the task was read: line (text) or row (spreadsheet). */
  source: z.object({ file: z.string(), row: z.number().int().nonnegative() }),
  area: z.string().nullable(),
  group: z.string().nullable(),
  objective: z.string().nullable(),
  task: z.string().nullable(),
  activity: z.string().nullable(),
  product: z.string().nullable(),
  /** Canonical names (directory) of the lead agencies; a group name stands for its members. */
  lead: z.array(z.string()).min(1),
  leadText: z.string(),
  coordinating: z.array(z.string()),
  deadlineText: z.string(),
  schedule: ScheduleSchema,
  budget: BudgetSchema.nullable(),
  notes: z.string().nullable(),
  /** The row's content when one row was split into several tasks. */
  context: z.string().nullable(),
});
export type Task = z.infer<typeof TaskSchema>;

/** Title shown to people: the most specific of activity, task, objective. */
export function taskTitle(task: Pick<Task, 'activity' | 'task' | 'objective' | 'ref'>): string {
  return task.activity ?? task.task ?? task.objective ?? task.ref;
}

export function taskWorkflowId(planId: string, ref: string): string {
  return `task:${planId}:${ref}`;
}
