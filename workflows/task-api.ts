/**
 * The messages a task workflow accepts and the view it returns. Shared by the workflow, the API
 * and tests; contains only definitions (no workflow logic), so clients can import it.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { IsoDateSchema, type IsoDate } from '../domain/dates';
import type { ScheduleKind, Recurrence } from '../domain/schedule';
import type { TaskPolicy } from '../domain/policy';

export const TASK_QUEUE = 'dondoc';

export const ActorSchema = z.object({
  name: z.string().trim().min(1, 'thiếu tên người thực hiện'),
  role: z.enum(['admin', 'monitor', 'agency', 'system']),
  /** For the agency role: the canonical name of the agency the person acts for. */
  agency: z.string().optional(),
});
export type Actor = z.infer<typeof ActorSchema>;

export type TaskStatus = 'not_due' | 'due_soon' | 'overdue' | 'done_on_time' | 'done_late' | 'needs_deadline' | 'cancelled';

/** The plan-level facts a task shows in every message and on the dashboard. */
export type TaskFacts = {
  planId: string;
  planTitle: string;
  ref: string;
  title: string;
  product: string | null;
  /** Lead as written and resolved (group names kept). */
  lead: string[];
  coordinating: string[];
  deadlineText: string;
  explanation: string;
  /** Directory id of the jurisdiction whose monitoring office and chair receive escalations. */
  jurisdiction: string;
  planYear: number;
};

export type Milestone = { label: string; due: IsoDate };

export type TaskWorkflowInput = {
  facts: TaskFacts;
  kind: ScheduleKind;
  /** Agencies that answer for the task (group leads expanded to their members). */
  leads: string[];
  /** once / milestones: the dated checkpoints. */
  milestones: Milestone[];
  /** recurring: the periods that each start one instance. */
  recurrence: Recurrence[];
  policy: TaskPolicy;
  /** Recurring and event instances: the parent task's workflow id. */
  parentId?: string;
  /** Continue as new past this many history events (default 4,000; lower in tests). */
  historyLimit?: number;
  /** Carried over by continue-as-new. */
  carried?: unknown;
};

export const CompleteSchema = z.object({
  actor: ActorSchema,
  /** Group tasks: the member completing for itself (defaults to the actor's agency or the only lead). */
  agency: z.string().optional(),
  /** Milestone index (defaults to the first one not yet completed). */
  milestone: z.number().int().min(0).optional(),
  /** When the work was done (defaults to now); cannot be in the future. */
  completedAt: z.iso.datetime({ offset: true }).optional(),
  evidence: z.string().trim().min(1, 'cần số văn bản hoặc đường dẫn minh chứng'),
  note: z.string().optional(),
});
export type CompleteInput = z.input<typeof CompleteSchema>;

export const ProgressSchema = z.object({
  actor: ActorSchema,
  agency: z.string().optional(),
  percent: z.number().min(0, 'tiến độ từ 0 đến 100').max(100, 'tiến độ từ 0 đến 100'),
  note: z.string().trim().min(1, 'cần ghi nội dung tiến độ'),
});
export type ProgressInput = z.input<typeof ProgressSchema>;

export const ExtendSchema = z.object({
  actor: ActorSchema,
  newDue: IsoDateSchema,
  /** Which milestone to extend (defaults to the first one not yet completed). */
  milestone: z.number().int().min(0).optional(),
  reason: z.string().trim().min(1, 'cần nêu lý do gia hạn'),
  approvedBy: z.string().trim().min(1, 'cần người phê duyệt gia hạn'),
});
export type ExtendInput = z.input<typeof ExtendSchema>;

export const SetDeadlineSchema = z.object({
  actor: ActorSchema,
  due: IsoDateSchema,
  note: z.string().optional(),
});
export type SetDeadlineInput = z.input<typeof SetDeadlineSchema>;

export const ReassignSchema = z.object({
  actor: ActorSchema,
  leads: z.array(z.string().trim().min(1)).min(1, 'cần ít nhất một cơ quan chủ trì'),
  reason: z.string().trim().min(1, 'cần nêu lý do giao lại'),
});
export type ReassignInput = z.input<typeof ReassignSchema>;

export const AcknowledgeSchema = z.object({
  actor: ActorSchema,
  level: z.number().int().min(1),
  agency: z.string().optional(),
  milestone: z.number().int().min(0).optional(),
  comment: z.string().trim().min(1, 'cần ý kiến khi xác nhận'),
});
export type AcknowledgeInput = z.input<typeof AcknowledgeSchema>;

export const CancelSchema = z.object({
  actor: ActorSchema,
  reason: z.string().trim().min(1, 'cần nêu lý do hủy'),
});
export type CancelInput = z.input<typeof CancelSchema>;

/** A corrected plan file was imported again: new facts, leads or dates for the same task. */
export type ReviseInput = { actor: Actor; facts: TaskFacts; leads: string[]; milestones: Milestone[]; fingerprint: string };

export const TriggerSchema = z.object({
  actor: ActorSchema,
  /** What happened, e.g. "Hồ sơ 000.00.12.H57-250101-0001 trễ hẹn". */
  title: z.string().trim().min(1, 'cần mô tả sự kiện'),
  due: IsoDateSchema.optional(),
  /** Idempotency: the same event id never starts a second instance. */
  eventId: z.string().trim().min(1).max(120).optional(),
});
export type TriggerInput = z.input<typeof TriggerSchema>;

export type TimelineEntry = {
  at: string;
  type:
    | 'created'
    | 'reminder'
    | 'overdue'
    | 'escalation'
    | 'acknowledged'
    | 'completed'
    | 'progress'
    | 'extended'
    | 'deadline_set'
    | 'reassigned'
    | 'cancelled'
    | 'needs_deadline'
    | 'checkin'
    | 'instance_started'
    | 'instance_closed'
    | 'notification_failed'
    | 'revised';
  /** Vietnamese, for people. */
  text: string;
  by?: string;
  agency?: string;
  level?: number;
  key?: string;
};

export type ObligationView = {
  id: string;
  agency: string;
  milestone: number;
  label: string;
  due: IsoDate;
  originalDue: IsoDate;
  status: TaskStatus;
  completed?: { by: string; at: string; evidence: string; note?: string; onTime: boolean };
  progress?: { percent: number; note: string; at: string; by: string };
  escalationLevel: number;
  acknowledged: { level: number; by: string; at: string; comment: string }[];
};

export type InstanceView = { workflowId: string; label: string; due: IsoDate | null; status: TaskStatus };

export type TaskView = {
  workflowId: string;
  facts: TaskFacts;
  kind: ScheduleKind;
  status: TaskStatus;
  due: IsoDate | null;
  escalationLevel: number;
  extended: boolean;
  leads: string[];
  obligations: ObligationView[];
  instances: InstanceView[];
  timeline: TimelineEntry[];
};

export const stateQuery = defineQuery<TaskView>('state');
export const completeUpdate = defineUpdate<TaskView, [CompleteInput]>('complete');
export const reportProgressUpdate = defineUpdate<TaskView, [ProgressInput]>('reportProgress');
export const extendDeadlineUpdate = defineUpdate<TaskView, [ExtendInput]>('extendDeadline');
export const setDeadlineUpdate = defineUpdate<TaskView, [SetDeadlineInput]>('setDeadline');
export const reassignUpdate = defineUpdate<TaskView, [ReassignInput]>('reassign');
export const acknowledgeUpdate = defineUpdate<TaskView, [AcknowledgeInput]>('acknowledge');
export const cancelUpdate = defineUpdate<TaskView, [CancelInput]>('cancel');
export const reviseUpdate = defineUpdate<TaskView, [ReviseInput]>('revise');
export const triggerUpdate = defineUpdate<InstanceView, [TriggerInput]>('trigger');
/** Instances tell their parent (recurring or event task) about their status. */
export const instanceStatusSignal = defineSignal<[InstanceView]>('instanceStatus');
