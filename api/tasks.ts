/** Task routes: list through visibility, read the workflow's state, act on it through Updates. */
import type { FastifyInstance } from 'fastify';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
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
import { actorOf, userOf, type User } from './auth';
import type { Access, Concern } from './access';
import { ApiError, notFound } from './errors';
import { agencyTaskView } from './task-views';
import { jurisdictionClause, quote, VisibilityValueSchema } from './visibility';

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

/** Task and instance workflow ids: `task:<plan>:<ref>` and `task:<plan>:<ref>/<period>`. Anything else is not a task. */
// eslint-disable-next-line no-control-regex
const TaskIdSchema = z.string().regex(/^task:[^\u0000-\u001f\u007f]{1,590}$/);

export const TASK_CLOSED = 'Nhiệm vụ đã kết thúc; không thể thực hiện thêm thao tác.';

const ListQuerySchema = z.object({
  status: z
    .string()
    .regex(/^[a-z_]+$/)
    .optional(),
  plan: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
  lead: VisibilityValueSchema('lead').optional(),
  jurisdiction: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
  type: z.enum(['task', 'instance']).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});

export type TaskSummary = {
  workflowId: string;
  title: string | null;
  ref: string | null;
  type: string | undefined;
  plan: string | undefined;
  jurisdiction: string | undefined;
  status: string | undefined;
  leads: string[];
  due: string | null;
  escalation: number;
  extended: boolean;
  kind: string | undefined;
  running: boolean;
};

export function taskConcern(view: TaskView): Concern {
  return { jurisdiction: view.facts.jurisdiction, agencies: view.leads };
}

const AGENCY_REFUSAL = 'Cơ quan của bạn không chủ trì nhiệm vụ này.';

export function registerTaskRoutes(app: FastifyInstance, deps: { client: Client; access: Access }): void {
  const { client, access } = deps;

  /** The task's state; 404 for an id that is not a task's or a workflow that does not exist. */
  const stateOf = async (id: string): Promise<TaskView> => {
    if (!TaskIdSchema.safeParse(id).success) throw notFound();
    return client.workflow.getHandle(id).query(stateQuery);
  };
  const shown = (user: User, view: TaskView) => (user.role === 'agency' ? agencyTaskView(view, user.agency!) : view);

  app.get('/api/tasks', async (request) => {
    const user = userOf(request);
    const q = ListQuerySchema.parse(request.query);
    const scope = jurisdictionClause(access.readScope(user), q.jurisdiction);
    if (scope === null) return { tasks: [] };
    const clauses = [`DondocType = ${quote(q.type ?? 'task')}`, ...scope];
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
        jurisdiction: sa.get(SA.jurisdiction),
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
    const user = userOf(request);
    const view = await stateOf(request.params.id);
    access.assertRead(user, taskConcern(view), AGENCY_REFUSAL);
    return shown(user, view);
  });

  app.post<{ Params: { id: string; action: string }; Body: unknown }>('/api/tasks/:id/:action', async (request, reply) => {
    const user = userOf(request);
    const { action, id } = request.params;
    if (!Object.hasOwn(ACTIONS, action)) throw new ApiError(404, `Không có thao tác "${action}". Các thao tác: ${Object.keys(ACTIONS).join(', ')}.`);
    const update = ACTIONS[action as keyof typeof ACTIONS];
    const view = await stateOf(id);
    access.assertAct(user, taskConcern(view), AGENCY_REFUSAL);
    const handle = client.workflow.getHandle(id);
    if ((await handle.describe()).status.name !== 'RUNNING') throw new ApiError(422, TASK_CLOSED);
    const body = typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body) ? request.body : {};
    try {
      const result = await handle.executeUpdate(update as typeof completeUpdate, { args: [{ ...body, actor: actorOf(user) } as never] });
      return 'obligations' in result ? shown(user, result) : result;
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) return reply.code(422).send({ error: rejectionReason(err) });
      if (err instanceof WorkflowNotFoundError || isClosedWorkflowError(err)) throw new ApiError(422, TASK_CLOSED);
      throw err;
    }
  });
}

/** The server's answer to an Update on a workflow that closed meanwhile. */
export function isClosedWorkflowError(err: unknown): boolean {
  return /workflow execution already completed|not found/i.test((err as Error)?.message ?? '');
}
