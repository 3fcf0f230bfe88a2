/**
 * The messages a task workflow accepts and the view it returns. Shared by the workflow, the API
 * and tests; contains only definitions (no workflow logic), so clients can import it.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { ActorSchema } from '../domain/task-inputs';
import { IsoDateSchema, isSupportedYear } from '../domain/dates';
import { LIMITS } from '../domain/input-limits';
import { lazy } from '../domain/lazy';
import type { IsoDate } from '../domain/dates';
import type { EventOffset, ScheduleKind, Recurrence } from '../domain/schedule';
import type { TaskPolicy } from '../domain/policy';
import type {
  Actor,
  CompleteInput,
  ProgressInput,
  ExtendInput,
  SetDeadlineInput,
  ReassignInput,
  AcknowledgeInput,
  CancelInput,
  TriggerInput,
} from '../domain/task-inputs';

// The zod schemas of the Updates live in domain/task-inputs (shared by the worker's workflows, preloaded once).
export * from '../domain/task-inputs';

export const TASK_QUEUE = 'dondoc';

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

/**
 * A dated checkpoint. `agencies`: the leads it binds when the cell gives each agency its own date
 * ("Sở A: trước 15/3; các huyện: trước 30/3"); every lead when absent.
 */
export type Milestone = { label: string; due: IsoDate; agencies?: string[] };

export type TaskWorkflowInput = {
  facts: TaskFacts;
  kind: ScheduleKind;
  /** Agencies that answer for the task (group leads expanded to their members). */
  leads: string[];
  /** once / milestones: the dated checkpoints. */
  milestones: Milestone[];
  /** recurring: the periods that each start one instance. */
  recurrence: Recurrence[];
  /** recurring over a range ("giai đoạn 2026-2030, hằng năm"): periods starting in it; the plan year when absent. */
  horizon?: { from: IsoDate; to: IsoDate };
  /** recurring after a first deadline ("trước ngày 05/6/2026, sau đó hằng tháng"): that first due date. */
  firstDue?: IsoDate;
  /** event: how long after the event each instance is due ("trong 05 ngày làm việc kể từ khi …"). */
  eventAfter?: EventOffset;
  policy: TaskPolicy;
  /** Recurring and event instances: the parent task's workflow id. */
  parentId?: string;
  /** Continue as new past this many history events (default 4,000; lower in tests). */
  historyLimit?: number;
  /** Carried over by continue-as-new. */
  carried?: unknown;
};

/** A corrected plan file was imported again: new facts, leads or dates for the same task. */
export type ReviseInput = { actor: Actor; facts: TaskFacts; leads: string[]; milestones: Milestone[]; fingerprint: string };

const reviseText = (max: number) => z.string().max(max);
const supportedDate = lazy(() => IsoDateSchema.refine((d) => isSupportedYear(Number(d.slice(0, 4))), 'năm ngoài phạm vi lịch làm việc'));

/** The revise Update's argument (sent by the importer, checked all the same). */
export const ReviseSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    facts: z.object({
      planId: reviseText(LIMITS.CODE),
      planTitle: reviseText(LIMITS.DOCUMENT_TEXT),
      ref: reviseText(LIMITS.CODE),
      title: reviseText(LIMITS.DOCUMENT_TEXT),
      product: reviseText(LIMITS.DOCUMENT_TEXT).nullable(),
      lead: z.array(reviseText(LIMITS.DOCUMENT_TEXT)).max(LIMITS.LIST),
      coordinating: z.array(reviseText(LIMITS.DOCUMENT_TEXT)).max(LIMITS.LIST),
      deadlineText: reviseText(LIMITS.DOCUMENT_TEXT),
      explanation: reviseText(LIMITS.DOCUMENT_TEXT),
      jurisdiction: reviseText(LIMITS.CODE),
      planYear: z.number().int().refine(isSupportedYear, 'năm kế hoạch ngoài phạm vi lịch làm việc'),
    }),
    leads: z.array(z.string().min(1).max(LIMITS.NAME)).min(1).max(LIMITS.LIST),
    milestones: z
      .array(z.object({ label: reviseText(LIMITS.NAME), due: supportedDate, agencies: z.array(z.string().min(1).max(LIMITS.NAME)).max(LIMITS.LIST).optional() }))
      .max(LIMITS.LIST),
    fingerprint: reviseText(LIMITS.CODE),
  }),
);

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
