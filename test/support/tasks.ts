/** Building task workflow inputs and reading their timelines in tests. */
import { DEFAULT_POLICY, TaskPolicySchema, type TaskPolicyInput } from '../../domain/policy';
import type { Recurrence, ScheduleKind } from '../../domain/schedule';
import type { Milestone, TaskView, TaskWorkflowInput, TimelineEntry } from '../../workflows/task-api';
import { CURRENT_GENERATION } from '../../workflows/patches';
import type { Task } from '../../domain/plan';

export function taskInput(options: {
  kind?: ScheduleKind;
  leads?: string[];
  milestones?: Milestone[];
  recurrence?: Recurrence[];
  policy?: TaskPolicyInput;
  planYear?: number;
  title?: string;
}): TaskWorkflowInput {
  const leads = options.leads ?? ['Sở Tư pháp'];
  return {
    facts: {
      planId: '3322-qd-ubnd-2024',
      planTitle: 'Kế hoạch cải cách hành chính năm 2025',
      ref: '1.1.1',
      title: options.title ?? 'Xây dựng và ban hành Kế hoạch kiểm tra văn bản QPPL năm 2027',
      product: 'Kế hoạch',
      lead: leads,
      coordinating: [],
      deadlineText: 'Trước ngày 01/01/2027',
      explanation: 'Hạn cuối: 31/12/2026',
      jurisdiction: 'thua-thien-hue',
      planYear: options.planYear ?? 2026,
    },
    kind: options.kind ?? 'once',
    leads,
    milestones: options.milestones ?? [],
    recurrence: options.recurrence ?? [],
    policy: options.policy ? TaskPolicySchema.parse(options.policy) : DEFAULT_POLICY,
    // As every start now gives it (worker/import-runner.ts); test/workflow/patch-generation.test.ts starts runs without it.
    patches: CURRENT_GENERATION,
  };
}

/** "2027-01-05 08:00" in Vietnam time. */
export function vietnamTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3_600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** The timeline as "type[level] YYYY-MM-DD HH:MM" lines, for exact comparisons. */
export function events(view: TaskView, types: TimelineEntry['type'][] = ['reminder', 'overdue', 'escalation']): string[] {
  return view.timeline.filter((e) => types.includes(e.type)).map((e) => `${e.type}${e.level ? `[${e.level}]` : ''}${e.agency && view.leads.length > 1 ? ` ${e.agency}` : ''} ${vietnamTime(e.at)}`);
}

/**
 * What the default policy sends for a task due Wednesday 31/12/2036 (Tết Dương lịch on Thursday
 * 1/1/2037), from the first reminder to the end of January 2037, in Vietnam time.
 */
export const DEFAULT_LADDER_DUE_2036_12_31 = [
  'reminder 2036-12-22 08:00',
  'reminder 2036-12-30 08:00',
  'reminder 2036-12-31 08:00',
  'overdue 2037-01-01 08:00',
  'escalation[1] 2037-01-05 08:00',
  'escalation[1] 2037-01-08 08:00',
  'escalation[2] 2037-01-09 08:00',
  'escalation[1] 2037-01-13 08:00',
  'escalation[1] 2037-01-16 08:00',
  'escalation[2] 2037-01-16 08:00',
  'escalation[1] 2037-01-21 08:00',
  'escalation[2] 2037-01-23 08:00',
  'escalation[3] 2037-01-23 08:00',
  'escalation[1] 2037-01-26 08:00',
  'escalation[1] 2037-01-29 08:00',
  'escalation[2] 2037-01-30 08:00',
];

/** A plan task as the importer makes it (POST /api/tasks takes it): one report due before 31/12/2030. */
export function planTask(fields: Pick<Task, 'planId' | 'ref' | 'lead' | 'activity'> & Partial<Task>): Task {
  return {
    source: { file: 'test', row: 1 },
    area: null,
    group: null,
    objective: null,
    task: null,
    product: 'Báo cáo',
    leadText: fields.lead.join(', '),
    coordinating: [],
    deadlineText: 'Trước ngày 31/12/2030',
    schedule: {
      text: 'Trước ngày 31/12/2030',
      kind: 'once',
      due: '2030-12-30',
      milestones: ['2030-12-30'],
      recurrence: null,
      parts: [],
      explanation: 'Hạn cuối: 30/12/2030',
    },
    budget: null,
    notes: null,
    context: null,
    ...fields,
  };
}
