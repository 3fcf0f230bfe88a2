/** Tasks the benchmarks start: one lead, one due date, nothing else. */
import type { Client } from '@temporalio/client';
import { vietnamDateOf } from '../domain/dates';
import type { Plan, Task } from '../domain/plan';
import { TaskPolicySchema, type TaskPolicy } from '../domain/policy';
import { shippedDirectory } from '../storage/directory';
import { startImport, taskStartOptions } from '../worker/import-runner';

export function benchTask(planId: string, i: number, due: string): Task {
  return {
    planId,
    ref: String(i),
    source: { file: 'bench', row: i },
    area: null,
    group: null,
    objective: null,
    task: null,
    activity: `Nhiệm vụ thử ${i}`,
    product: null,
    lead: ['Sở Tư pháp'],
    leadText: 'Sở Tư pháp',
    coordinating: [],
    deadlineText: due,
    schedule: { text: due, kind: 'once', due, milestones: [due], recurrence: null, parts: [], explanation: `Hạn cuối: ${due}` },
    budget: null,
    notes: null,
    context: null,
  };
}

/** The plan of bench tasks `name`, and the policy that puts each task's one reminder at `fireAt`. */
function benchPlan(name: string, fireAt: Date): { plan: Plan; due: string; policy: TaskPolicy } {
  const plan: Plan = {
    id: name,
    number: null,
    issuer: null,
    jurisdiction: 'thua-thien-hue',
    issuedOn: null,
    title: `Bench ${name}`,
    year: 2030,
    source: 'bench',
  };
  const vn = new Date(fireAt.getTime() + 7 * 3_600_000);
  const officeHour = `${String(vn.getUTCHours()).padStart(2, '0')}:${String(vn.getUTCMinutes()).padStart(2, '0')}`;
  return { plan, due: vietnamDateOf(fireAt), policy: TaskPolicySchema.parse({ reminderOffsets: [0], officeHour }) };
}

/**
 * Starts plan `name` of `count` bench tasks whose one reminder is due at `fireAt` (a whole minute:
 * the policy's office hour is HH:MM, Vietnam time), as an import does. Returns the plan id.
 */
export async function startBenchPlan(
  client: Client,
  name: string,
  count: number,
  fireAt: Date,
  options: { taskQueue: string; concurrency?: number },
): Promise<string> {
  const { plan, due, policy } = benchPlan(name, fireAt);
  // A fresh data directory: nobody has edited the directory, so the shipped one is in use.
  const report = await startImport(client, { plan, tasks: Array.from({ length: count }, (_, i) => benchTask(plan.id, i, due)) }, shippedDirectory(), {
    ...options,
    policy,
  });
  if (report.failed.length > 0) throw new Error(`${report.failed.length} starts failed: ${report.failed[0]!.error}`);
  return report.planId;
}

/** What the start of each bench task of plan `name` carries (by index): its input, memo and search attributes. */
export function benchStartContents(name: string, fireAt: Date) {
  const { plan, due, policy } = benchPlan(name, fireAt);
  const directory = shippedDirectory();
  return (i: number) => {
    const { args, memo, typedSearchAttributes } = taskStartOptions(plan, benchTask(plan.id, i, due), directory, { policy }).start;
    return { input: args[0], memo, typedSearchAttributes };
  };
}
