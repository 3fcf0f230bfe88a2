/** Building task workflow inputs and reading their timelines in tests. */
import { DEFAULT_POLICY, TaskPolicySchema, type TaskPolicyInput } from '../../domain/policy';
import type { Recurrence, ScheduleKind } from '../../domain/schedule';
import type { Milestone, TaskView, TaskWorkflowInput, TimelineEntry } from '../../workflows/task-api';

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
