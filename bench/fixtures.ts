/** Tasks the benchmarks start: one lead, one due date, nothing else. */
import type { Task } from '../domain/plan';

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
