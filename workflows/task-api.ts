/**
 * The messages a task workflow accepts and the view it returns. Shared by the workflow, the API
 * and tests; contains only definitions (no workflow logic), so clients can import it.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { ActorSchema, ExtendSchema } from '../domain/task-inputs';
import { IsoDateSchema, isSupportedYear } from '../domain/dates';
import { LIMITS, clientDate, requiredText, text } from '../domain/input-limits';
import { lazy } from '../domain/lazy';
import type { IsoDate } from '../domain/dates';
import type { EventOffset, ScheduleKind, Recurrence } from '../domain/schedule';
import type { TemplateRef } from '../domain/templates/policy';
import type { WorkingDaysSnapshot } from '../domain/workdays';
import type { PatchGeneration } from './patches';
import { TaskPolicySchema, type TaskPolicy, type TaskPolicyInput } from '../domain/policy';
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

/** How far ahead a task's escalation repeats are planned before its agenda is rebuilt. */
export const TASK_AGENDA_HORIZON_DAYS = 120;

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

/** The leads a milestone binds: its own agencies when the cell gave each agency its date, else every lead. */
export function milestoneLeads(milestone: Milestone | undefined, leads: string[]): string[] {
  const own = milestone?.agencies?.filter((agency) => leads.includes(agency));
  return own !== undefined && own.length > 0 ? own : leads;
}

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
  /** The task template and version the policy comes from (tasks started from or matched to a template). */
  template?: TemplateRef;
  /** Recurring and event instances: the parent task's workflow id. */
  parentId?: string;
  /** Continue as new past this many history events (default 4,000; lower in tests). */
  historyLimit?: number;
  /** Carried over by continue-as-new. */
  carried?: unknown;
  /**
   * The working-day calendar around the due dates, as the starter read it (`calendarForStart`): the
   * first agenda is built from it without a local activity. Not carried over by continue-as-new.
   */
  calendar?: WorkingDaysSnapshot;
  /**
   * 'history': a past plan imported for reports (`dondoc import --mode history`, POST /api/plans
   * mode=history): statuses only, no message ever; instances inherit it. Absent: tracked from today.
   */
  importedAs?: 'history';
  /** The patches its starter's code had (workflows/patches.ts): given by every start, continue-as-new and child. */
  patches?: PatchGeneration;
};

/** A task template's saved version (domain/templates). */
export type { TemplateRef };

/** Moves a running task to another template version: its policy (reminders, ladder) and its message texts. */
export type MoveTemplateInput = { actor: Actor; template: TemplateRef & { name: string }; policy: TaskPolicyInput };

/** The moveToTemplate Update's argument (the API converts the template version into its policy). */
export const MoveTemplateSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    template: z.object({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'mã mẫu chỉ gồm chữ thường không dấu, chữ số và gạch ngang'),
      version: z.number().int().min(1, 'phiên bản mẫu từ 1 trở lên'),
      name: z.string().trim().min(1, 'thiếu tên mẫu').max(LIMITS.NAME),
    }),
    policy: TaskPolicySchema,
  }),
);

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
    | 'revised'
    | 'template_moved'
    | 'extension_requested'
    | 'extension_declined';
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
  /** The agency's request for a later due date, waiting for the monitoring office (approve: extendDeadline; decline: declineExtension). */
  extensionRequest?: ExtensionRequest;
};

/** An agency's pending request to extend its part. */
export type ExtensionRequest = { until: IsoDate; reason: string; by: string; at: string };

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
  /** The template version the task follows now; null when it was started without one. */
  template: TemplateRef | null;
  timeline: TimelineEntry[];
};

/** Which part an extension request or its decision is about: the agency (its own for an agency officer) and the milestone. */
const partFields = () => ({
  agency: text('cơ quan đề nghị gia hạn', LIMITS.NAME).optional(),
  milestone: z.number().int().min(0).max(1_000).optional(),
});

/** An agency asks the monitoring office for a later due date for its part (the first open milestone unless named). */
export const RequestExtensionSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    ...partFields(),
    until: clientDate('hạn đề nghị'),
    reason: requiredText('lý do đề nghị gia hạn', LIMITS.REASON, 'cần nêu lý do đề nghị gia hạn'),
  }),
);
export type RequestExtensionInput = z.input<typeof RequestExtensionSchema>;

/** The monitoring office declines a pending request, with its reason (the agency is told). */
export const DeclineExtensionSchema = lazy(() =>
  z.object({
    actor: ActorSchema,
    ...partFields(),
    reason: requiredText('lý do không đồng ý gia hạn', LIMITS.REASON, 'cần nêu lý do không đồng ý gia hạn'),
  }),
);
export type DeclineExtensionInput = z.input<typeof DeclineExtensionSchema>;

/**
 * The extendDeadline Update's argument: the shared ExtendSchema, and optionally the one member whose
 * part is extended (approving its request); every open member of the milestone when absent.
 */
export const ExtendPartSchema = lazy(() => ExtendSchema.extend({ agency: text('cơ quan được gia hạn', LIMITS.NAME).optional() }));
export type ExtendPartInput = z.input<typeof ExtendPartSchema>;

export const stateQuery = defineQuery<TaskView>('state');
export const completeUpdate = defineUpdate<TaskView, [CompleteInput]>('complete');
export const reportProgressUpdate = defineUpdate<TaskView, [ProgressInput]>('reportProgress');
export const extendDeadlineUpdate = defineUpdate<TaskView, [ExtendInput | ExtendPartInput]>('extendDeadline');
/** An agency asks for a later due date; the monitoring office is told. */
export const requestExtensionUpdate = defineUpdate<TaskView, [RequestExtensionInput]>('requestExtension');
/** The monitoring office declines a pending extension request; the agency is told. */
export const declineExtensionUpdate = defineUpdate<TaskView, [DeclineExtensionInput]>('declineExtension');
export const setDeadlineUpdate = defineUpdate<TaskView, [SetDeadlineInput]>('setDeadline');
export const reassignUpdate = defineUpdate<TaskView, [ReassignInput]>('reassign');
export const acknowledgeUpdate = defineUpdate<TaskView, [AcknowledgeInput]>('acknowledge');
export const cancelUpdate = defineUpdate<TaskView, [CancelInput]>('cancel');
export const reviseUpdate = defineUpdate<TaskView, [ReviseInput]>('revise');
/** Moves a running task to another template version (admin): reschedules from its rules, never re-sends. */
export const moveTemplateUpdate = defineUpdate<TaskView, [MoveTemplateInput]>('moveToTemplate');
export const triggerUpdate = defineUpdate<InstanceView, [TriggerInput]>('trigger');
/** Instances tell their parent (recurring or event task) about their status. */
export const instanceStatusSignal = defineSignal<[InstanceView]>('instanceStatus');
