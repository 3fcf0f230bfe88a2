/** Task routes: list through visibility, read the workflow's state, act on it through Updates. */
import type { FastifyInstance } from 'fastify';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { rejectionReason } from './update-errors';
import { z } from 'zod';
import {
  acknowledgeUpdate,
  cancelUpdate,
  completeUpdate,
  extendDeadlineUpdate,
  reassignUpdate,
  reportProgressUpdate,
  setDeadlineUpdate,
  stateQuery,
  triggerUpdate,
  type TaskView,
} from '../workflows/task-api';
import { SA } from '../workflows/search-attributes';
import { actorOf, AuthError, type User } from './auth';

const ACTIONS = {
  complete: completeUpdate,
  progress: reportProgressUpdate,
  extend: extendDeadlineUpdate,
  'set-deadline': setDeadlineUpdate,
  reassign: reassignUpdate,
  acknowledge: acknowledgeUpdate,
  cancel: cancelUpdate,
  trigger: triggerUpdate,
} as const;

const ListQuerySchema = z.object({
  status: z.string().regex(/^[a-z_]+$/).optional(),
  plan: z.string().regex(/^[a-z0-9-]+$/).optional(),
  lead: z.string().max(200).optional(),
  type: z.enum(['task', 'instance', 'file']).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});

export type TaskSummary = {
  workflowId: string;
  title: string | null;
  ref: string | null;
  type: string | undefined;
  plan: string | undefined;
  status: string | undefined;
  leads: string[];
  due: string | null;
  escalation: number;
  extended: boolean;
  kind: string | undefined;
  running: boolean;
};

/** Visibility query text: string values quoted with single quotes, quotes inside escaped. */
function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function registerTaskRoutes(app: FastifyInstance, deps: { client: Client; authenticate: (header: string | undefined) => User }): void {
  const { client } = deps;

  app.get('/api/tasks', async (request) => {
    const user = deps.authenticate(request.headers.authorization);
    const q = ListQuerySchema.parse(request.query);
    const clauses = [`DondocType = ${quote(q.type ?? 'task')}`];
    if (q.status) clauses.push(`DondocStatus = ${quote(q.status)}`);
    if (q.plan) clauses.push(`DondocPlan = ${quote(q.plan)}`);
    const lead = user.role === 'agency' ? user.agency! : q.lead;
    if (lead) clauses.push(`DondocLead = ${quote(lead)}`);
    const tasks: TaskSummary[] = [];
    for await (const wf of client.workflow.list({ query: clauses.join(' AND ') })) {
      const sa = wf.typedSearchAttributes;
      const due = sa.get(SA.due);
      tasks.push({
        workflowId: wf.workflowId,
        title: typeof wf.memo?.title === 'string' ? wf.memo.title : null,
        ref: typeof wf.memo?.ref === 'string' ? wf.memo.ref : null,
        type: sa.get(SA.type),
        plan: sa.get(SA.plan),
        status: sa.get(SA.status),
        leads: sa.get(SA.leads) ?? [],
        due: due ? new Date(due.getTime() - 1).toISOString() : null,
        escalation: sa.get(SA.escalation) ?? 0,
        extended: sa.get(SA.extended) ?? false,
        kind: sa.get(SA.kind),
        running: wf.status.name === 'RUNNING',
      });
      if (tasks.length >= q.limit) break;
    }
    return { tasks };
  });

  app.get<{ Params: { id: string } }>('/api/tasks/:id', async (request) => {
    const user = deps.authenticate(request.headers.authorization);
    const view = await client.workflow.getHandle(request.params.id).query(stateQuery);
    assertMayRead(user, view);
    return view;
  });

  app.post<{ Params: { id: string; action: string }; Body: Record<string, unknown> }>('/api/tasks/:id/:action', async (request, reply) => {
    const user = deps.authenticate(request.headers.authorization);
    const update = ACTIONS[request.params.action as keyof typeof ACTIONS];
    if (!update) return reply.code(404).send({ error: `Không có thao tác ${request.params.action}.` });
    const handle = client.workflow.getHandle(request.params.id);
    if (user.role === 'agency') assertMayRead(user, await handle.query(stateQuery));
    try {
      const body = typeof request.body === 'object' && request.body !== null ? request.body : {};
      return await handle.executeUpdate(update as typeof completeUpdate, { args: [{ ...body, actor: actorOf(user) } as never] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) return reply.code(422).send({ error: rejectionReason(err) });
      throw err;
    }
  });
}

function assertMayRead(user: User, view: TaskView): void {
  if (user.role === 'agency' && !view.leads.includes(user.agency!)) throw new AuthError(403, 'Cơ quan của bạn không chủ trì nhiệm vụ này.');
}

