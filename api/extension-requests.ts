/**
 * The extension requests waiting for an answer, for the monitoring office's queue: the running tasks
 * of the caller's scope that carry the pending-request token in DondocParts (one filtered visibility
 * query: the other tasks are never listed), then each such task's state for the requests themselves.
 * Only requests the caller may answer are listed (a monitor: its own jurisdiction; an admin: all),
 * oldest first.
 */
import pLimit from 'p-limit';
import type { Client } from '@temporalio/client';
import { stateQuery, type ExtensionRequest, type TaskView } from '../workflows/task-api';
import type { User } from './auth';
import type { Access } from './access';
import { taskClauses, type TaskPartEntry } from './dashboard-tasks';
import { taskConcern } from './tasks';
import { listPage, RUNNING } from './visibility';
import { isIn } from './clauses';
import { SA } from '../workflows/search-attributes';
import { PENDING_REQUEST_TOKEN } from '../domain/part-tokens';

/** At most this many tasks with pending requests are read for one answer; the answer says when there were more. */
const MAX_REQUEST_TASKS = 150;
const CONCURRENCY = 8;

export type ExtensionRequestEntry = TaskPartEntry & ExtensionRequest;
export type ExtensionRequestsAnswer = { entries: ExtensionRequestEntry[]; truncated: boolean };

/** The pending requests of one task, as the queue lists them. */
export function pendingRequests(view: TaskView): ExtensionRequestEntry[] {
  return view.obligations.flatMap((o) =>
    o.completed || !o.extensionRequest
      ? []
      : [
          {
            workflowId: view.workflowId,
            title: view.facts.title,
            planTitle: view.facts.planTitle,
            agency: o.agency,
            milestone: o.milestone,
            label: o.label,
            due: o.due,
            ...o.extensionRequest,
          },
        ],
  );
}

export async function extensionRequests(client: Client, user: User, access: Access, jurisdiction: string | undefined): Promise<ExtensionRequestsAnswer> {
  if (user.role !== 'monitor' && user.role !== 'admin') return { entries: [], truncated: false };
  // A monitor answers for its own jurisdiction only (api/access.ts mayAct): the listing is narrowed to it.
  const base = taskClauses(user, access, { jurisdiction: jurisdiction ?? (user.role === 'monitor' ? user.jurisdiction : undefined) });
  if (base === null) return { entries: [], truncated: false };
  const listed = await listPage(client, [...base, RUNNING, isIn(SA.parts.name, [PENDING_REQUEST_TOKEN])], MAX_REQUEST_TASKS + 1);
  const ids = listed.executions.map((wf) => wf.workflowId);
  const read = ids.slice(0, MAX_REQUEST_TASKS);
  // Closed or gone meanwhile: left out of this answer.
  const views = await pLimit(CONCURRENCY).map(read, (id) => client.workflow.getHandle(id).query(stateQuery).catch(() => null));
  const entries = views.flatMap((view) => (view && access.mayAct(user, taskConcern(view)) ? pendingRequests(view) : []));
  entries.sort((a, b) => a.at.localeCompare(b.at) || a.workflowId.localeCompare(b.workflowId) || a.agency.localeCompare(b.agency));
  return { entries, truncated: ids.length > read.length };
}
