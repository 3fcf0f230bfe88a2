/**
 * What an agency sees of a task: its own part in full (status, due date, escalation level of its
 * own obligations), the other leads' parts only as names and statuses.
 */
import { sameName } from '../domain/messages/text';
import type { ObligationView, TaskStatus, TaskView, TimelineEntry } from '../workflows/task-api';

export type OtherPart = Pick<ObligationView, 'agency' | 'milestone' | 'label' | 'status'>;
export type AgencyTaskView = Omit<TaskView, 'obligations'> & { obligations: ObligationView[]; otherParts: OtherPart[] };

const CLOSED: TaskStatus[] = ['done_on_time', 'done_late', 'cancelled'];

function partStatus(view: TaskView, own: ObligationView[]): TaskStatus {
  if (view.status === 'cancelled' || own.length === 0) return view.status;
  const open = own.filter((o) => !CLOSED.includes(o.status)).map((o) => o.status);
  for (const worst of ['overdue', 'due_soon', 'needs_deadline'] as const) if (open.includes(worst)) return worst;
  if (open.length === 0) return own.some((o) => o.status === 'done_late') ? 'done_late' : 'done_on_time';
  return 'not_due';
}

export function agencyTaskView(view: TaskView, agency: string): AgencyTaskView {
  const mine = (name: string | undefined) => name !== undefined && sameName(name, agency);
  const own = view.obligations.filter((o) => mine(o.agency));
  const others = view.obligations.filter((o) => !mine(o.agency));
  if (own.length === 0) return { ...view, obligations: [], otherParts: others.map(part) };
  const open = own.filter((o) => !o.completed && !CLOSED.includes(o.status));
  const dues = (open.length > 0 ? open : own).map((o) => o.due).sort();
  return {
    ...view,
    status: partStatus(view, own),
    due: dues[0] ?? view.due,
    escalationLevel: Math.max(0, ...open.map((o) => o.escalationLevel)),
    obligations: own,
    otherParts: others.map(part),
    timeline: view.timeline.filter((t: TimelineEntry) => t.agency === undefined || mine(t.agency)),
  };
}

function part(o: ObligationView): OtherPart {
  return { agency: o.agency, milestone: o.milestone, label: o.label, status: o.status };
}
