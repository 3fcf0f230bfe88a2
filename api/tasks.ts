/** Task routes: list and count through visibility, read the workflow's state, act on it through Updates. */
import { WorkflowUpdateFailedError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { TemplateStore } from '../storage/templates';
import type { TemplateRef } from '../domain/templates/policy';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { rejectionReason } from './update-errors';
import {
  AcknowledgeSchema,
  CancelSchema,
  CompleteSchema,
  DeclineExtensionSchema,
  ExtendPartSchema,
  ProgressSchema,
  RequestExtensionSchema,
  ReassignSchema,
  SetDeadlineSchema,
  TriggerSchema,
  acknowledgeUpdate,
  cancelUpdate,
  completeUpdate,
  declineExtensionUpdate,
  extendDeadlineUpdate,
  requestExtensionUpdate,
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
import type { Role } from '../storage/accounts';
import { ApiError, notFound } from './errors';
import { agencyTaskView } from './task-views';
import type { TaskMirror } from './task-mirror';
import { jurisdictionClause, leadClause, leadsOf, listPage, partClause, partTokensOf, partLevelClause, VisibilityValueSchema, workflowsOf } from './visibility';
import { allOf, compare, isIn, type Clause } from './clauses';
import { DONE_PART_STATUSES, OPEN_PART_STATUSES, partFromTokens, type PartStatus } from '../domain/part-tokens';
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

/** The Updates a caller may send, by the path's last segment, with their bodies (the actor is the caller); `roles` when not every role may. */
const ACTIONS: Record<string, { update: unknown; body: object; summary: string; roles?: readonly Role[] }> = {
  complete: { update: completeUpdate, body: CompleteSchema, summary: 'Báo cáo hoàn thành (kèm minh chứng).' },
  progress: { update: reportProgressUpdate, body: ProgressSchema, summary: 'Báo cáo tiến độ.' },
  extend: { update: extendDeadlineUpdate, body: ExtendPartSchema, summary: 'Gia hạn (kèm lý do và người phê duyệt); nêu cơ quan để gia hạn riêng phần của cơ quan đó (đồng ý đề nghị gia hạn).' },
  'request-extension': {
    update: requestExtensionUpdate,
    body: RequestExtensionSchema,
    summary: 'Cơ quan chủ trì đề nghị gia hạn phần việc của mình (hạn đề nghị và lý do); Văn phòng UBND được thông báo để xem xét.',
    roles: ['agency', 'admin'],
  },
  'decline-extension': {
    update: declineExtensionUpdate,
    body: DeclineExtensionSchema,
    summary: 'Văn phòng UBND không đồng ý đề nghị gia hạn (kèm lý do); cơ quan đề nghị được thông báo.',
    roles: ['monitor', 'admin'],
  },
  'set-deadline': { update: setDeadlineUpdate, body: SetDeadlineSchema, summary: 'Đặt hạn cho nhiệm vụ chưa có hạn.' },
  reassign: { update: reassignUpdate, body: ReassignSchema, summary: 'Giao lại cơ quan chủ trì.' },
  acknowledge: { update: acknowledgeUpdate, body: AcknowledgeSchema, summary: 'Xác nhận đã nhận cảnh báo ở một cấp.' },
  cancel: { update: cancelUpdate, body: CancelSchema, summary: 'Hủy nhiệm vụ (kèm lý do).' },
  trigger: { update: triggerUpdate, body: TriggerSchema, summary: 'Ghi nhận một sự kiện, bắt đầu một lần thực hiện.' },
};

/** Task and instance workflow ids: `task:<plan>:<ref>` and `task:<plan>:<ref>/<period>`. Anything else is not a task. */
// eslint-disable-next-line no-control-regex
const TaskIdSchema = z.string().regex(/^task:[^\u0000-\u001f\u007f]{1,590}$/);
const TaskParamsSchema = z.object({ id: TaskIdSchema.describe('Mã quy trình của nhiệm vụ: task:<kế hoạch>:<số thứ tự>[/<kỳ>].') });

export const TASK_CLOSED = 'Nhiệm vụ đã kết thúc; không thể thực hiện thêm thao tác.';

/** Groups of statuses a filter may name: every open one, or both done ones. */
const STATUS_GROUPS = { open: OPEN_PART_STATUSES, done: DONE_PART_STATUSES } as const;

const FilterSchema = z.object({
  status: z
    .enum([...TASK_STATUSES, 'open', 'done'])
    .optional()
    .describe('Trạng thái; “open”: mọi trạng thái chưa xong, “done”: đã hoàn thành. Khi có cơ quan chủ trì (hoặc tài khoản là cơ quan), lọc theo phần việc của chính cơ quan đó.'),
  plan: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .max(200)
    .optional(),
  lead: VisibilityValueSchema('lead').optional(),
  jurisdiction: JurisdictionIdSchema.optional(),
  type: z.enum(['task', 'instance']).optional(),
  escalation: z.coerce
    .number()
    .int()
    .min(1)
    .max(10)
    .optional()
    .describe('Cấp báo cáo từ mức này trở lên; khi có cơ quan chủ trì (hoặc tài khoản là cơ quan), theo phần việc của chính cơ quan đó.'),
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

type Filter = z.infer<typeof FilterSchema>;

/** The statuses a filter value stands for. */
function statusesOf(status: NonNullable<Filter['status']>): readonly PartStatus[] {
  return status === 'open' || status === 'done' ? STATUS_GROUPS[status] : [status];
}

/** A status filter: on the agency's own part when one agency is asked for, else on the task. */
function statusClause(status: NonNullable<Filter['status']>, lead: string | undefined): Clause {
  const statuses = statusesOf(status);
  return lead ? partClause(lead, statuses) : isIn(SA.status.name, statuses);
}

/** The agency a list or count is about: an agency account's own, else the `lead` filter. */
function leadOf(user: User, q: Filter): string | undefined {
  return user.role === 'agency' ? user.agency! : q.lead;
}

/**
 * The visibility query of a list or count: the caller's scope and the filters; null when the scope
 * is empty. `partFilters: false` leaves the status and level out (counts by agency put them on each agency's part).
 */
function taskQuery(user: User, access: Access, q: Filter, partFilters = true): Clause[] | null {
  const scope = jurisdictionClause(access.readScope(user), q.jurisdiction);
  if (scope === null) return null;
  const clauses = [...workflowsOf([q.type ?? 'task']), ...scope];
  const lead = leadOf(user, q);
  if (q.status && partFilters) clauses.push(statusClause(q.status, lead));
  if (q.plan) clauses.push(isIn(SA.plan.name, [q.plan]));
  if (q.escalation && partFilters) clauses.push(lead ? partLevelClause(lead, q.escalation) : compare(SA.escalation.name, '>=', q.escalation));
  if (lead) clauses.push(leadClause(lead));
  return clauses;
}

/** A list row; for one agency (`part`), the status and level are its own part's when the task carries part tokens. */
function summaryOf(wf: WorkflowExecutionInfo, part?: string): TaskSummary {
  const sa = wf.typedSearchAttributes;
  const due = sa.get(SA.due);
  const own = part === undefined ? undefined : partFromTokens(partTokensOf(wf), part);
  return {
    workflowId: wf.workflowId,
    title: typeof wf.memo?.title === 'string' ? wf.memo.title : null,
    ref: typeof wf.memo?.ref === 'string' ? wf.memo.ref : null,
    type: sa.get(SA.type),
    plan: sa.get(SA.plan),
    jurisdiction: sa.get(SA.jurisdiction),
    status: own?.status ?? sa.get(SA.status),
    leads: leadsOf(wf),
    due: due ? new Date(due.getTime() - 1).toISOString() : null,
    escalation: own?.escalationLevel ?? sa.get(SA.escalation) ?? 0,
    extended: sa.get(SA.extended) ?? false,
    kind: sa.get(SA.kind),
    running: wf.status.name === 'RUNNING',
  };
}

export function registerTaskRoutes(app: ApiApp, deps: { client: Client; access: Access; templates: TemplateStore; mirror: TaskMirror }): void {
  const { client, access } = deps;
  /** The view with its template named (the workflow knows the id and version; the name is in storage). */
  const withTemplateName = async (view: TaskView): Promise<TaskView> => {
    if (!view.template) return view;
    const stored = await deps.templates.get(view.template.id, view.template.version).catch(() => null);
    const template: TemplateRef & { name: string | null } = { ...view.template, name: stored?.template.name ?? null };
    return { ...view, template };
  };
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
      const found = await listPage(client, clauses, q.limit, q.cursor);
      const lead = leadOf(user, q);
      return { tasks: found.executions.map((wf) => summaryOf(wf, lead)), ...(found.next ? { next: found.next } : {}) };
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
      // By agency, the status and level filters apply to each agency's own part, not to the task.
      const grouped = q.by === 'lead' ? taskQuery(user, access, q, false)! : clauses;
      const values = groupValues(q.by, user, access, q);
      const source = await deps.mirror.source();
      // Narrowed views are shared: by status, the total's scope is the groups' own.
      const scope = source.within(grouped);
      const [total, ...counts] = await Promise.all([source.within(clauses).count([]), ...values.map(({ clause }) => scope.count([clause]))]);
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
    async (request) => shown(userOf(request), await withTemplateName(taskOf(request))),
  );

  for (const [action, { update, body, summary, roles }] of Object.entries(ACTIONS)) {
    app.post(
      `/tasks/:id/${action}`,
      {
        config: { access: { roles: roles ?? 'any', task: 'act' } },
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

/**
 * The groups a count is split into, each with its visibility clause: statuses (of the agency's own
 * part when one agency is asked for), the agencies (their own parts) or jurisdictions in the
 * caller's scope.
 */
function groupValues(by: 'status' | 'lead' | 'jurisdiction', user: User, access: Access, q: Filter): { key: string; clause: Clause }[] {
  const lead = leadOf(user, q);
  if (by === 'status') return (q.status ? [q.status] : TASK_STATUSES).map((s) => ({ key: s, clause: statusClause(s, lead) }));
  const scope = access.readScope(user);
  const jurisdictions = q.jurisdiction ? [q.jurisdiction] : scope.jurisdictions === 'all' ? access.jurisdictionIds() : scope.jurisdictions;
  if (by === 'jurisdiction') return jurisdictions.map((j) => ({ key: j, clause: isIn(SA.jurisdiction.name, [j]) }));
  const agencies = lead ? [lead] : access.agencyNamesIn(jurisdictions);
  return agencies.map((a) => ({
    key: a,
    clause: allOf([leadClause(a), ...(q.status ? [partClause(a, statusesOf(q.status))] : []), ...(q.escalation ? [partLevelClause(a, q.escalation)] : [])]),
  }));
}

/** The server's answer to an Update on a workflow that closed meanwhile. */
export function isClosedWorkflowError(err: unknown): boolean {
  return /workflow execution already completed|not found/i.test((err as Error)?.message ?? '');
}
