/** Task routes: list and count through visibility, read the workflow's state, act on it through Updates. */
import { WorkflowUpdateFailedError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { rejectionReason } from './update-errors';
import {
  AcknowledgeSchema,
  CancelSchema,
  CompleteSchema,
  ExtendSchema,
  ProgressSchema,
  ReassignSchema,
  SetDeadlineSchema,
  TriggerSchema,
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
import { countOf, jurisdictionClause, listPage, quote, VisibilityValueSchema } from './visibility';
import { taskOf, type ResourceAction } from './contract/access-rules';
import {
  CursorSchema,
  errors,
  InstanceViewSchema,
  JurisdictionIdSchema,
  page,
  SIGNED_IN_ERRORS,
  TASK_STATUSES,
  TaskSummarySchema,
  TaskViewSchema,
  withoutActor,
} from './contract/schemas';
import type { ApiApp } from './server';

/** The Updates a caller may send, by the path's last segment, with their bodies (the actor is the caller). */
const ACTIONS = {
  complete: { update: completeUpdate, body: CompleteSchema, summary: 'Báo cáo hoàn thành (kèm minh chứng).' },
  progress: { update: reportProgressUpdate, body: ProgressSchema, summary: 'Báo cáo tiến độ.' },
  extend: { update: extendDeadlineUpdate, body: ExtendSchema, summary: 'Gia hạn (kèm lý do và người phê duyệt).' },
  'set-deadline': { update: setDeadlineUpdate, body: SetDeadlineSchema, summary: 'Đặt hạn cho nhiệm vụ chưa có hạn.' },
  reassign: { update: reassignUpdate, body: ReassignSchema, summary: 'Giao lại cơ quan chủ trì.' },
  acknowledge: { update: acknowledgeUpdate, body: AcknowledgeSchema, summary: 'Xác nhận đã nhận cảnh báo ở một cấp.' },
  cancel: { update: cancelUpdate, body: CancelSchema, summary: 'Hủy nhiệm vụ (kèm lý do).' },
  trigger: { update: triggerUpdate, body: TriggerSchema, summary: 'Ghi nhận một sự kiện, bắt đầu một lần thực hiện.' },
} as const;

/** Task and instance workflow ids: `task:<plan>:<ref>` and `task:<plan>:<ref>/<period>`. Anything else is not a task. */
// eslint-disable-next-line no-control-regex
const TaskIdSchema = z.string().regex(/^task:[^\u0000-\u001f\u007f]{1,590}$/);
const TaskParamsSchema = z.object({ id: TaskIdSchema.describe('Mã quy trình của nhiệm vụ: task:<kế hoạch>:<số thứ tự>[/<kỳ>].') });

export const TASK_CLOSED = 'Nhiệm vụ đã kết thúc; không thể thực hiện thêm thao tác.';

const FilterSchema = z.object({
  status: z.enum(TASK_STATUSES).optional(),
  plan: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .max(200)
    .optional(),
  lead: VisibilityValueSchema('lead').optional(),
  jurisdiction: JurisdictionIdSchema.optional(),
  type: z.enum(['task', 'instance']).optional(),
});

const ListQuerySchema = FilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(2000).default(500),
  cursor: CursorSchema.optional(),
});

const CountQuerySchema = FilterSchema.extend({
  by: z.enum(['status', 'lead', 'jurisdiction']).default('status').describe('Đếm theo trạng thái, cơ quan chủ trì hoặc đơn vị hành chính.'),
});

export type TaskSummary = z.infer<typeof TaskSummarySchema>;

export function taskConcern(view: TaskView): Concern {
  return { jurisdiction: view.facts.jurisdiction, agencies: view.leads };
}

const AGENCY_REFUSAL = 'Cơ quan của bạn không chủ trì nhiệm vụ này.';

/** The access rule of a task (api/contract/access-rules.ts): its state, if the caller may read (or act on) it. */
export function taskChecks(client: Client, access: Access) {
  return async (request: FastifyRequest, id: string, action: ResourceAction): Promise<TaskView> => {
    if (!TaskIdSchema.safeParse(id).success) throw notFound();
    const view = await client.workflow.getHandle(id).query(stateQuery);
    const user = userOf(request);
    if (action === 'act') access.assertAct(user, taskConcern(view), AGENCY_REFUSAL);
    else access.assertRead(user, taskConcern(view), AGENCY_REFUSAL);
    return view;
  };
}

/** The visibility query of a list or count: the caller's scope and the filters; null when the scope is empty. */
function taskQuery(user: User, access: Access, q: z.infer<typeof FilterSchema>): string[] | null {
  const scope = jurisdictionClause(access.readScope(user), q.jurisdiction);
  if (scope === null) return null;
  const clauses = [`DondocType = ${quote(q.type ?? 'task')}`, ...scope];
  if (q.status) clauses.push(`DondocStatus = ${quote(q.status)}`);
  if (q.plan) clauses.push(`DondocPlan = ${quote(q.plan)}`);
  const lead = user.role === 'agency' ? user.agency! : q.lead;
  if (lead) clauses.push(`DondocLead = ${quote(lead)}`);
  return clauses;
}

function summaryOf(wf: WorkflowExecutionInfo): TaskSummary {
  const sa = wf.typedSearchAttributes;
  const due = sa.get(SA.due);
  return {
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
  };
}

export function registerTaskRoutes(app: ApiApp, deps: { client: Client; access: Access }): void {
  const { client, access } = deps;
  const shown = (user: User, view: TaskView) => (user.role === 'agency' ? agencyTaskView(view, user.agency!) : view);

  app.get(
    '/tasks',
    {
      config: { access: { roles: 'any' } },
      schema: {
        summary: 'Danh sách nhiệm vụ trong phạm vi của tài khoản, lọc ở máy chủ; phân trang bằng con trỏ.',
        tags: ['tasks'],
        querystring: ListQuerySchema,
        response: { 200: page('tasks', TaskSummarySchema), ...errors(400, 401) },
      },
    },
    async (request) => {
      const user = userOf(request);
      const q = request.query;
      const clauses = taskQuery(user, access, q);
      if (clauses === null) return { tasks: [] };
      const found = await listPage(client, clauses.join(' AND '), q.limit, q.cursor);
      return { tasks: found.executions.map(summaryOf), ...(found.next ? { next: found.next } : {}) };
    },
  );

  app.get(
    '/tasks/counts',
    {
      config: { access: { roles: 'any' } },
      schema: {
        summary: 'Số nhiệm vụ theo trạng thái, cơ quan chủ trì hoặc đơn vị hành chính (đếm bằng visibility của Temporal).',
        tags: ['tasks'],
        querystring: CountQuerySchema,
        response: {
          200: z.object({ total: z.number().int(), by: z.string(), counts: z.record(z.string(), z.number().int()) }),
          ...errors(400, 401),
        },
      },
    },
    async (request) => {
      const user = userOf(request);
      const q = request.query;
      const clauses = taskQuery(user, access, q);
      if (clauses === null) return { total: 0, by: q.by, counts: {} };
      const values = await groupValues(q.by, user, access, q);
      const [total, ...counts] = await Promise.all([
        countOf(client, clauses.join(' AND ')),
        ...values.map(({ clause }) => countOf(client, [...clauses, clause].join(' AND '))),
      ]);
      return { total: total!, by: q.by, counts: Object.fromEntries(values.map(({ key }, i) => [key, counts[i]!]).filter(([, n]) => n !== 0)) };
    },
  );

  app.get(
    '/tasks/:id',
    {
      config: { access: { roles: 'any', task: 'read' } },
      schema: {
        summary: 'Một nhiệm vụ: trạng thái, nghĩa vụ của từng cơ quan, diễn biến. Cơ quan chỉ thấy phần của mình và trạng thái phần của cơ quan khác.',
        tags: ['tasks'],
        params: TaskParamsSchema,
        response: { 200: TaskViewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => shown(userOf(request), taskOf(request)),
  );

  for (const [action, { update, body, summary }] of Object.entries(ACTIONS)) {
    app.post(
      `/tasks/:id/${action}`,
      {
        config: { access: { roles: 'any', task: 'act' } },
        schema: {
          summary,
          tags: ['tasks'],
          params: TaskParamsSchema,
          body: withoutActor(body),
          response: { 200: action === 'trigger' ? InstanceViewSchema : TaskViewSchema, ...errors(...SIGNED_IN_ERRORS, 404, 422) },
        },
      },
      async (request, reply) => {
        const user = userOf(request);
        taskOf(request);
        const handle = client.workflow.getHandle(request.params.id);
        if ((await handle.describe()).status.name !== 'RUNNING') throw new ApiError(422, TASK_CLOSED);
        try {
          const result = await handle.executeUpdate(update as typeof completeUpdate, { args: [{ ...request.body, actor: actorOf(user) } as never] });
          return 'obligations' in result ? shown(user, result) : result;
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError) throw new ApiError(422, rejectionReason(err));
          if (err instanceof WorkflowNotFoundError || isClosedWorkflowError(err)) throw new ApiError(422, TASK_CLOSED);
          throw err;
        }
      },
    );
  }
}

/** The groups a count is split into, each with its visibility clause: statuses, the agencies or jurisdictions in the caller's scope. */
async function groupValues(
  by: 'status' | 'lead' | 'jurisdiction',
  user: User,
  access: Access,
  q: z.infer<typeof FilterSchema>,
): Promise<{ key: string; clause: string }[]> {
  if (by === 'status') return (q.status ? [q.status] : TASK_STATUSES).map((s) => ({ key: s, clause: `DondocStatus = ${quote(s)}` }));
  const scope = access.readScope(user);
  const jurisdictions = q.jurisdiction ? [q.jurisdiction] : scope.jurisdictions === 'all' ? access.jurisdictionIds() : scope.jurisdictions;
  if (by === 'jurisdiction') return jurisdictions.map((j) => ({ key: j, clause: `DondocJurisdiction = ${quote(j)}` }));
  const agencies = user.role === 'agency' ? [user.agency!] : q.lead ? [q.lead] : access.agencyNamesIn(jurisdictions);
  return agencies.map((a) => ({ key: a, clause: `DondocLead = ${quote(a)}` }));
}

/** The server's answer to an Update on a workflow that closed meanwhile. */
export function isClosedWorkflowError(err: unknown): boolean {
  return /workflow execution already completed|not found/i.test((err as Error)?.message ?? '');
}
