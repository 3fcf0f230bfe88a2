/**
 * Turns imported tasks into running task workflows, idempotently: the workflow id comes from the
 * plan and the task's ref, so importing the same file twice starts nothing new; a corrected file
 * revises the tasks whose content changed and reports which.
 */
import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { formatVietnamese } from '../domain/dates';
import { taskTitle, taskWorkflowId, type Plan, type Task } from '../domain/plan';
import { recurrences } from '../domain/schedule';
import { DEFAULT_POLICY, type TaskPolicy } from '../domain/policy';
import { groupMembers } from '../domain/agencies';
import type { Directory } from '../domain/directory';
import { reviseUpdate, TASK_QUEUE, type Milestone, type TaskWorkflowInput } from '../workflows/task-api';
import { SA } from '../workflows/search-attributes';
import { legacyTitleId, titleId } from '../domain/import/metadata';

export type ImportReport = {
  planId: string;
  started: string[];
  updated: string[];
  unchanged: string[];
  failed: { ref: string; error: string }[];
};

/** Group leads ("Các sở, ban, ngành cấp tỉnh") stand for their members, who each answer for themselves. */
export function expandLeads(lead: string[], directory: Directory): string[] {
  return [...new Set(lead.flatMap((name) => (groupMembers(directory, name).length > 0 ? groupMembers(directory, name) : [name])))];
}

export function milestonesOf(task: Task): Milestone[] {
  const { schedule } = task;
  const dates = schedule.kind === 'once' && schedule.due ? [schedule.due] : schedule.kind === 'milestones' ? schedule.milestones : [];
  return dates.map((due) => ({ label: `hạn ${formatVietnamese(due)}`, due }));
}

export function taskInput(plan: Plan, task: Task, directory: Directory, policy: TaskPolicy = DEFAULT_POLICY): TaskWorkflowInput {
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
    leads: expandLeads(task.lead, directory),
    milestones: milestonesOf(task),
    recurrence: recurrences(task.schedule),
    policy,
  };
}

export function fingerprint(input: TaskWorkflowInput): string {
  return createHash('sha256').update(JSON.stringify({ ...input, carried: undefined })).digest('hex');
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
  options: { policy?: TaskPolicy; concurrency?: number; taskQueue?: string } = {},
): Promise<ImportReport> {
  const planId = await existingPlanId(client, imported.plan);
  const plan = planId === imported.plan.id ? imported.plan : { ...imported.plan, id: planId };
  const report: ImportReport = { planId, started: [], updated: [], unchanged: [], failed: [] };
  const queue = [...imported.tasks];
  const worker = async () => {
    for (let task = queue.shift(); task; task = queue.shift()) {
      try {
        report[await startOne(client, plan, task, directory, options)].push(task.ref);
      } catch (err) {
        report.failed.push({ ref: task.ref, error: (err as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  for (const list of [report.started, report.updated, report.unchanged]) list.sort();
  return report;
}

async function startOne(
  client: Client,
  plan: Plan,
  task: Task,
  directory: Directory,
  options: { policy?: TaskPolicy; taskQueue?: string },
): Promise<'started' | 'updated' | 'unchanged'> {
  const input = taskInput(plan, task, directory, options.policy);
  const print = fingerprint(input);
  const workflowId = taskWorkflowId(plan.id, task.ref);
  try {
    await client.workflow.start('taskWorkflow', {
      workflowId,
      taskQueue: options.taskQueue ?? TASK_QUEUE,
      args: [input],
      memo: { fingerprint: print, title: input.facts.title, planTitle: plan.title, ref: task.ref },
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: SA.type, value: 'task' },
        { key: SA.plan, value: plan.id },
        { key: SA.jurisdiction, value: plan.jurisdiction },
        { key: SA.leads, value: input.leads },
        { key: SA.kind, value: input.kind },
      ],
    });
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
