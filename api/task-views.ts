/**
 * What an agency sees of a task: its own part in full (status, due date, escalation level of its
 * own obligations), the other leads' parts only as names and statuses.
 */
import { sameName } from '../domain/messages/text';
import { partLevel, partStatus } from '../domain/part-tokens';
import type { ObligationView, TaskStatus, TaskView, TimelineEntry } from '../workflows/task-api';

export type OtherPart = Pick<ObligationView, 'agency' | 'milestone' | 'label' | 'status'>;
export type AgencyTaskView = Omit<TaskView, 'obligations'> & { obligations: ObligationView[]; otherParts: OtherPart[] };

const CLOSED: TaskStatus[] = ['done_on_time', 'done_late', 'cancelled'];

export function agencyTaskView(view: TaskView, agency: string): AgencyTaskView {
  const mine = (name: string | undefined) => name !== undefined && sameName(name, agency);
  const own = view.obligations.filter((o) => mine(o.agency));
  const others = view.obligations.filter((o) => !mine(o.agency));
  if (own.length === 0) return { ...view, obligations: [], otherParts: others.map(part) };
  const open = own.filter((o) => !o.completed && !CLOSED.includes(o.status));
  const dues = (open.length > 0 ? open : own).map((o) => o.due).sort();
  return {
    ...view,
    // The same part as the task's DondocParts tokens (domain/part-tokens.ts) say in lists and counts.
    status: partStatus(view.status, own),
    due: dues[0] ?? view.due,
    escalationLevel: partLevel(own),
    obligations: own,
    otherParts: others.map(part),
    timeline: view.timeline.filter((t: TimelineEntry) => t.agency === undefined || mine(t.agency)),
  };
}

function part(o: ObligationView): OtherPart {
  return { agency: o.agency, milestone: o.milestone, label: o.label, status: o.status };
}
