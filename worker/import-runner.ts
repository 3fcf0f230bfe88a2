/**
 * Turns imported tasks into running task workflows, idempotently: the workflow id comes from the
 * plan and the task's ref, so importing the same file twice starts nothing new; a corrected file
 * revises the tasks whose content changed and reports which.
 *
 * A plan already under way starts as the user chose (domain/catch-up.ts StartMode): tracked from
 * today (the default), or as history — the workflow input then carries `importedAs: 'history'`,
 * and the task keeps statuses only and sends no message. The choice applies to tasks started by
 * this import; a task already running keeps how it was started.
 */
import pLimit from 'p-limit';
import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { endOfVietnamDay, formatVietnamese, vietnamDateOf } from '../domain/dates';
import { taskTitle, taskWorkflowId, type Plan, type Task } from '../domain/plan';
import { recurrences, type Schedule } from '../domain/schedule';
import { DEFAULT_POLICY, type TaskPolicy } from '../domain/policy';
import { groupMembers } from '../domain/agencies';
import type { Directory } from '../domain/directory';
import { milestoneLeads, reviseUpdate, TASK_AGENDA_HORIZON_DAYS, TASK_QUEUE, type Milestone, type TaskWorkflowInput } from '../workflows/task-api';
import { calendarForStart } from '../activities/calendar';
import { SA } from '../workflows/search-attributes';
import { CURRENT_GENERATION } from '../workflows/patches';
import { isHashedLead, leadValues, partsOf, taskListAttributes } from '../domain/part-tokens';
import { legacyTitleId, titleId } from '../domain/import/metadata';
import type { StartMode } from '../domain/catch-up';
import type { TemplateRef } from '../domain/templates/policy';

/** The task workflow's input as the importer starts it: a plan imported as history says so. */
export type ImportedTaskInput = TaskWorkflowInput & { importedAs?: 'history' };

export type ImportOptions = {
  policy?: TaskPolicy;
  concurrency?: number;
  taskQueue?: string;
  mode?: StartMode;
  /** Every task of this import follows this template version (its rules are `policy`): tasks started from a template. */
  template?: TemplateRef;
  /** Per task, the template it follows and its policy (worker/import-templates.ts); wins over `policy` and `template`. */
  templateFor?: (task: Task) => { policy: TaskPolicy; template: TemplateRef } | null;
};

export type ImportReport = {
  planId: string;
  started: string[];
  updated: string[];
  unchanged: string[];
  failed: { ref: string; error: string }[];
};

/** Group leads ("Các sở, ban, ngành cấp tỉnh") stand for their members, who each answer for themselves. */
export function expandLeads(lead: string[], directory: Directory, jurisdiction?: string): string[] {
  return [...new Set(lead.flatMap((name) => membersOr(directory, name, jurisdiction)))];
}

/** A group's members (of the plan's own jurisdiction's group of that name), or the name itself. */
function membersOr(directory: Directory, name: string, jurisdiction?: string): string[] {
  const members = groupMembers(directory, name, jurisdiction);
  return members.length > 0 ? members : [name];
}

/**
 * The task's dated checkpoints. When every dated part of the cell names an agency that is one of
 * the task's leads ("Sở A: trước 15/3; các huyện: trước 30/3"), each date binds only those leads.
 */
export function milestonesOf(task: Task, leadsNamed: (agency: string) => string[] = () => []): Milestone[] {
  const { schedule } = task;
  const dates = schedule.kind === 'once' && schedule.due ? [schedule.due] : schedule.kind === 'milestones' ? schedule.milestones : [];
  const dated = schedule.parts.filter((p) => partDates(p.schedule).length > 0);
  const owners = dated.map((p) => ({ dates: partDates(p.schedule), leads: leadsNamed(p.agency) }));
  const perAgency = owners.length > 1 && owners.every((o) => o.leads.length > 0);
  return dates.map((due) => {
    const agencies = perAgency ? [...new Set(owners.filter((o) => o.dates.includes(due)).flatMap((o) => o.leads))] : [];
    return { label: `hạn ${formatVietnamese(due)}`, due, ...(agencies.length > 0 ? { agencies } : {}) };
  });
}

function partDates(schedule: Schedule): string[] {
  return schedule.kind === 'once' || schedule.kind === 'milestones' ? schedule.milestones : [];
}

const folded = (name: string): string => name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

/** The leads (group leads expanded) a part's agency names: "Sở Nội vụ", "UBND các huyện" for a group lead of that name. */
export function leadsNamedBy(agency: string, lead: string[], directory: Directory, jurisdiction?: string): string[] {
  const name = folded(agency);
  if (name === '') return [];
  const hits = lead.filter((l) => {
    const candidate = folded(l);
    return candidate === name || candidate.includes(name) || name.includes(candidate);
  });
  return [...new Set(hits.flatMap((l) => membersOr(directory, l, jurisdiction)))];
}

export function taskInput(plan: Plan, task: Task, directory: Directory, policy: TaskPolicy = DEFAULT_POLICY, template?: TemplateRef): TaskWorkflowInput {
  return {
    facts: {
      planId: plan.id,
      planTitle: plan.title,
      ref: task.ref,
      title: taskTitle(task),
      product: task.product,
      lead: task.lead,
      coordinating: task.coordinating,
      deadlineText: task.deadlineText,
      explanation: task.schedule.explanation,
      jurisdiction: plan.jurisdiction,
      planYear: plan.year,
    },
    kind: task.schedule.kind,
    leads: expandLeads(task.lead, directory, plan.jurisdiction),
    milestones: milestonesOf(task, (agency) => leadsNamedBy(agency, task.lead, directory, plan.jurisdiction)),
    recurrence: recurrences(task.schedule),
    ...scheduleExtras(task.schedule),
    policy,
    ...(template ? { template } : {}),
  };
}

/** Fields only newer readings carry; absent otherwise, so older tasks keep their fingerprint. */
export function scheduleExtras(schedule: Schedule): Pick<TaskWorkflowInput, 'horizon' | 'firstDue' | 'eventAfter'> {
  const extras: Pick<TaskWorkflowInput, 'horizon' | 'firstDue' | 'eventAfter'> = {};
  if (schedule.kind === 'recurring' && schedule.start && schedule.end) extras.horizon = { from: schedule.start, to: schedule.end };
  if (schedule.kind === 'recurring' && schedule.firstDue) extras.firstDue = schedule.firstDue;
  if (schedule.kind === 'event' && schedule.after) extras.eventAfter = schedule.after;
  return extras;
}

/** What a task is: the same content started either way has the same fingerprint (the mode is not content). */
/**
 * What an import compares to decide whether a running task changed. A task that follows a template
 * leaves its rules out: an edited template reaches running tasks by moving them, not by re-importing.
 */
export function fingerprint(input: ImportedTaskInput): string {
  const rules = input.template ? { policy: undefined, template: undefined } : {};
  return createHash('sha256').update(JSON.stringify({ ...input, carried: undefined, importedAs: undefined, ...rules })).digest('hex');
}

/** What the dashboard's plan pages read of a task from visibility (memo, not input: the fingerprint is unchanged). */
function planMemo(plan: Plan, task: Task): { planYear: number; planNumber?: string; area?: string } {
  return { planYear: plan.year, ...(plan.number ? { planNumber: plan.number } : {}), ...(task.area ? { area: task.area } : {}) };
}

/** The workflow start of one task: its input (marked when imported as history), memo and search attributes. */
export function workflowStart(plan: Plan, task: Task, directory: Directory, options: Pick<ImportOptions, 'policy' | 'mode' | 'template' | 'templateFor'> = {}) {
  const chosen = options.templateFor?.(task) ?? null;
  const base = taskInput(plan, task, directory, chosen?.policy ?? options.policy, chosen?.template ?? options.template);
  const input: ImportedTaskInput = options.mode === 'history' ? { ...base, importedAs: 'history' } : base;
  const print = fingerprint(input);
  return {
    workflowId: taskWorkflowId(plan.id, task.ref),
    input,
    fingerprint: print,
    memo: { fingerprint: print, title: input.facts.title, planTitle: plan.title, ref: task.ref, ...planMemo(plan, task), ...(options.mode === 'history' ? { importedAs: 'history' } : {}) },
  };
}

async function planHasWorkflows(client: Client, planId: string): Promise<boolean> {
  try {
    const { count } = await client.workflow.count(`${SA.plan.name} = '${planId}'`);
    return count > 0;
  } catch (err) {
    // The Java time-skipping test server has no visibility counts; it has no plans from before either.
    if ((err as { code?: number }).code === 12 /* UNIMPLEMENTED */) return false;
    throw err;
  }
}

/**
 * The id to import a plan under. A plan without a number that was imported before ids were made
 * short runs under its long title id: importing it again keeps that id (and so its workflows),
 * rather than starting every task a second time under the short one. Ids given by hand are kept.
 */
export async function existingPlanId(client: Client, plan: Plan): Promise<string> {
  if (plan.number !== null || plan.id !== titleId(plan.title, plan.year, plan.jurisdiction)) return plan.id;
  const legacy = legacyTitleId(plan.title, plan.year);
  if (legacy === plan.id || !/^[a-z0-9][a-z0-9-]*$/.test(legacy)) return plan.id;
  if (await planHasWorkflows(client, plan.id)) return plan.id;
  return (await planHasWorkflows(client, legacy)) ? legacy : plan.id;
}

/** Starts (or revises) one workflow per task, a few at a time. */
export async function startImport(
  client: Client,
  imported: { plan: Plan; tasks: Task[] },
  directory: Directory,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const planId = await existingPlanId(client, imported.plan);
  const plan = planId === imported.plan.id ? imported.plan : { ...imported.plan, id: planId };
  const report: ImportReport = { planId, started: [], updated: [], unchanged: [], failed: [] };
  await pLimit(options.concurrency ?? 16).map(imported.tasks, async (task) => {
    try {
      report[await startOne(client, plan, task, directory, options)].push(task.ref);
    } catch (err) {
      report.failed.push({ ref: task.ref, error: (err as Error).message });
    }
  });
  for (const list of [report.started, report.updated, report.unchanged]) list.sort();
  return report;
}

/** DondocLead, and DondocMore when the leads need it (the workflow adds its part tokens). */
function leadAttributes(leads: readonly string[]) {
  const [own, more] = leadValues(leads);
  return [{ key: SA.leads, value: own }, ...(more.length > 0 ? [{ key: SA.more, value: more }] : [])];
}

/**
 * What a new task with dated milestones shows at its first workflow task, given at its start so that
 * the workflow upserts nothing then (patch 'start-attributes', workflows/run-loop.ts: one visibility
 * write less per start, issue 17): not due yet, every lead's part not due, due at its first
 * milestone. Other tasks (recurring, ongoing, by event, without a date, imported as history, a date
 * already past, leads written as hashes) get their first attributes from the workflow, as before;
 * so does any task whose first workflow task finds them otherwise.
 */
function startAttributes(input: TaskWorkflowInput, now: Date) {
  const dated = input.kind === 'once' || input.kind === 'milestones';
  const first = input.milestones.map((m) => m.due).sort()[0];
  if (!dated || input.importedAs || first === undefined || endOfVietnamDay(first).getTime() <= now.getTime()) return leadAttributes(input.leads);
  const obligations = input.milestones.flatMap((m) => milestoneLeads(m, input.leads).map((agency) => ({ agency, status: 'not_due' as const, escalationLevel: 0 })));
  const lists = taskListAttributes(input.leads, partsOf('not_due', input.leads, obligations), false);
  if ([...lists.leads, ...lists.more].some(isHashedLead)) return leadAttributes(input.leads);
  return [
    { key: SA.leads, value: lists.leads },
    { key: SA.status, value: 'not_due' },
    { key: SA.due, value: endOfVietnamDay(first) },
    { key: SA.escalation, value: 0 },
    { key: SA.extended, value: false },
    { key: SA.parts, value: lists.parts },
    ...(lists.more.length > 0 ? [{ key: SA.more, value: lists.more }] : []),
    { key: SA.updated, value: now },
  ];
}

/**
 * How a new task's workflow is started: its id, input (with the calendar around its due dates and the
 * patch generation), memo and first search attributes. The worker-cost bench starts its baseline with
 * the same memo, attributes and input to tell their cost from the workflow's.
 */
export function taskStartOptions(plan: Plan, task: Task, directory: Directory, options: ImportOptions = {}) {
  const { workflowId, input, fingerprint, memo } = workflowStart(plan, task, directory, options);
  // Not part of the fingerprint: the calendar around its due dates (its first agenda needs no local
  // activity) and the patches this code has (taken without a marker: workflows/patches.ts).
  const first: TaskWorkflowInput = { ...input, calendar: calendarForStart(input.milestones.map((m) => m.due), vietnamDateOf(Date.now()), TASK_AGENDA_HORIZON_DAYS), patches: CURRENT_GENERATION };
  return {
    fingerprint,
    input,
    start: {
      workflowId,
      taskQueue: options.taskQueue ?? TASK_QUEUE,
      args: [first],
      memo,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: SA.type, value: 'task' },
        { key: SA.plan, value: plan.id },
        { key: SA.jurisdiction, value: plan.jurisdiction },
        // Within Temporal's size limit for a large group (hashed names; the workflow writes their names to its memo).
        ...startAttributes(input, new Date()),
        { key: SA.kind, value: input.kind },
      ],
    },
  };
}

async function startOne(
  client: Client,
  plan: Plan,
  task: Task,
  directory: Directory,
  options: ImportOptions,
): Promise<'started' | 'updated' | 'unchanged'> {
  const { fingerprint: print, input, start } = taskStartOptions(plan, task, directory, options);
  const { workflowId } = start;
  try {
    await client.workflow.start('taskWorkflow', start);
    return 'started';
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  const handle = client.workflow.getHandle(workflowId);
  const described = await handle.describe();
  if (described.memo?.fingerprint === print || described.status.name !== 'RUNNING') return 'unchanged';
  await handle.executeUpdate(reviseUpdate, {
    args: [{ actor: { name: 'Nhập kế hoạch', role: 'system' }, facts: input.facts, leads: input.leads, milestones: input.milestones, fingerprint: print }],
  });
  return 'updated';
}
