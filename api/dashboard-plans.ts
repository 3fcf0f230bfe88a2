/**
 * Plans for the dashboard: the plans of the caller's scope with their task counts, and one plan's
 * tasks grouped by area (lĩnh vực) with progress per area. Plans are not stored apart from their
 * tasks: each task's workflow carries its plan (search attribute DondocPlan) and, in its memo, the
 * plan's title, number and year and the task's area (worker/import-runner.ts). So both views are
 * one bounded listing of the task mirror (api/task-mirror.ts), grouped here. Who sees what is api/access.ts's readScope through
 * taskClauses: a monitor or viewer its jurisdiction and those below, an admin everything, an agency
 * only its own tasks of a plan (a plan where it has none is not found).
 */
import type { FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { vietnamDateOf, type IsoDate } from '../domain/dates';
import { SA } from '../workflows/search-attributes';
import { leadsOf, type Listed } from './visibility';
import { userOf, type User } from './auth';
import type { Access } from './access';
import { errors } from './contract/schemas';
import { dueWords } from './dashboard-due';
import { taskClauses } from './dashboard-tasks';
import type { Clause } from './clauses';
import type { TaskMirror, TaskSource } from './task-mirror';
import { ApiError } from './errors';

/** At most this many tasks are read for the list of plans (several years of a province's plans). */
export const MAX_PLAN_LIST_TASKS = 20_000;
/** At most this many tasks of one plan are grouped; the page says when the plan has more. */
export const MAX_PLAN_TASKS = 2_000;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'chỉ gồm chữ thường không dấu, số và dấu gạch ngang');

/** How a task stands for the progress of its plan and area. */
export type Progress = { total: number; done: number; inProgress: number; dueSoon: number; overdue: number; cancelled: number };

export type PlanSummary = Progress & { planId: string; title: string; number: string | null; year: number | null; jurisdiction: string | null };
export type PlansAnswer = { asOf: IsoDate; plans: PlanSummary[]; truncated: boolean; bound: number };

export type PlanTaskRow = {
  workflowId: string;
  ref: string | null;
  title: string;
  leads: string[];
  due: IsoDate | null;
  dueWords: string | null;
  status: string | null;
  escalation: number;
};
export type AreaProgress = Progress & { area: string | null; tasks: PlanTaskRow[] };
export type PlanAnswer = PlanSummary & { asOf: IsoDate; areas: AreaProgress[]; truncated: boolean; bound: number };

type Read = PlanTaskRow & {
  planId: string;
  planTitle: string | null;
  planNumber: string | null;
  planYear: number | null;
  area: string | null;
  jurisdiction: string | null;
};

const emptyProgress = (): Progress => ({ total: 0, done: 0, inProgress: 0, dueSoon: 0, overdue: 0, cancelled: 0 });

function tally(p: Progress, status: string | null): void {
  p.total++;
  if (status === 'done_on_time' || status === 'done_late') p.done++;
  else if (status === 'overdue') p.overdue++;
  else if (status === 'due_soon') p.dueSoon++;
  else if (status === 'cancelled') p.cancelled++;
  else p.inProgress++;
}

/** The plan's year: the memo's, or for tasks imported before it was kept, the id's last part ("…-2024"). */
function yearOf(memoYear: unknown, planId: string): number | null {
  if (typeof memoYear === 'number') return memoYear;
  const m = /-(\d{4})$/.exec(planId);
  return m ? Number(m[1]) : null;
}

function readOf(wf: Listed, today: IsoDate): Read {
  const sa = wf.typedSearchAttributes;
  const memo = (key: string) => (typeof wf.memo?.[key] === 'string' ? (wf.memo[key] as string) : null);
  const dueAt = sa.get(SA.due);
  const due = dueAt ? vietnamDateOf(dueAt.getTime() - 1) : null;
  const status = sa.get(SA.status) ?? null;
  const planId = sa.get(SA.plan) ?? '';
  return {
    workflowId: wf.workflowId,
    ref: memo('ref'),
    title: memo('title') ?? wf.workflowId,
    leads: leadsOf(wf),
    due,
    dueWords: dueWords(today, due, status ?? undefined),
    status,
    escalation: sa.get(SA.escalation) ?? 0,
    planId,
    planTitle: memo('planTitle'),
    planNumber: memo('planNumber'),
    planYear: yearOf(wf.memo?.planYear, planId),
    area: memo('area'),
    jurisdiction: sa.get(SA.jurisdiction) ?? null,
  };
}

/** Up to `max` tasks (not recurring instances) of the query; truncated when there were more. */
async function readTasks(source: TaskSource, clauses: readonly Clause[], max: number): Promise<{ rows: Read[]; truncated: boolean }> {
  const today = vietnamDateOf(Date.now());
  const rows: Read[] = [];
  for await (const wf of source.list(clauses)) {
    if (rows.length >= max) return { rows, truncated: true };
    rows.push(readOf(wf, today));
  }
  return { rows, truncated: false };
}

const byRef = (a: { ref: string | null; workflowId: string }, b: { ref: string | null; workflowId: string }) =>
  (a.ref ?? '').localeCompare(b.ref ?? '', 'vi', { numeric: true }) || a.workflowId.localeCompare(b.workflowId);

function summaryOf(planId: string, rows: Read[]): PlanSummary {
  const first = rows.find((r) => r.planTitle) ?? rows[0];
  const progress = emptyProgress();
  for (const r of rows) tally(progress, r.status);
  return {
    planId,
    title: first?.planTitle ?? planId,
    number: rows.find((r) => r.planNumber)?.planNumber ?? null,
    year: first?.planYear ?? yearOf(undefined, planId),
    jurisdiction: first?.jurisdiction ?? null,
    ...progress,
  };
}

/** The plans the user may read, newest year first, with the counts of what it may read of each. */
export async function listPlans(mirror: TaskMirror, user: User, access: Access, jurisdiction: string | undefined): Promise<PlansAnswer> {
  const asOf = vietnamDateOf(Date.now());
  const clauses = taskClauses(user, access, { type: 'task', jurisdiction });
  if (clauses === null) return { asOf, plans: [], truncated: false, bound: MAX_PLAN_LIST_TASKS };
  const { rows, truncated } = await readTasks(await mirror.source(), clauses, MAX_PLAN_LIST_TASKS);
  const byPlan = new Map<string, Read[]>();
  for (const r of rows) {
    if (!r.planId) continue;
    const list = byPlan.get(r.planId);
    if (list) list.push(r);
    else byPlan.set(r.planId, [r]);
  }
  const plans = [...byPlan].map(([id, list]) => summaryOf(id, list));
  plans.sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || a.title.localeCompare(b.title, 'vi') || a.planId.localeCompare(b.planId));
  return { asOf, plans, truncated, bound: MAX_PLAN_LIST_TASKS };
}

/** One plan's tasks that the user may read, by area in the plan's order, with progress per area; 404 when it may read none. */
export async function planView(mirror: TaskMirror, user: User, access: Access, planId: string): Promise<PlanAnswer> {
  const asOf = vietnamDateOf(Date.now());
  const clauses = taskClauses(user, access, { type: 'task', plan: planId });
  const { rows, truncated } = clauses === null ? { rows: [], truncated: false } : await readTasks(await mirror.source(), clauses, MAX_PLAN_TASKS);
  if (rows.length === 0) throw new ApiError(404, 'Không tìm thấy kế hoạch này, hoặc tài khoản không được xem nhiệm vụ nào của kế hoạch.');
  rows.sort(byRef);
  const areas = new Map<string, AreaProgress>();
  for (const r of rows) {
    const key = r.area ?? '';
    let area = areas.get(key);
    if (!area) areas.set(key, (area = { area: r.area, ...emptyProgress(), tasks: [] }));
    tally(area, r.status);
    area.tasks.push({
      workflowId: r.workflowId,
      ref: r.ref,
      title: r.title,
      leads: r.leads,
      due: r.due,
      dueWords: r.dueWords,
      status: r.status,
      escalation: r.escalation,
    });
  }
  // Areas in the plan's own order (that of their first task); tasks without an area last.
  const ordered = [...areas.values()].sort((a, b) => Number(a.area === null) - Number(b.area === null));
  return { ...summaryOf(planId, rows), asOf, areas: ordered, truncated, bound: MAX_PLAN_TASKS };
}

/** What a dashboard view receives (its shape is the dashboard's, in dashboard/types.ts). */
const DashboardAnswer = z.unknown().describe('Dữ liệu cho một trang của bảng điều khiển.');
const PLAN_READERS = ['admin', 'monitor', 'viewer', 'agency'] as const;

/** Registers /dashboard/plans and /dashboard/plans/:id under the prefix of the context (`/api/v1`, `/api`). */
export function registerDashboardPlanRoutes(app: FastifyInstance, deps: { access: Access; mirror: TaskMirror }): void {
  const { mirror, access } = deps;
  void app.register(async (scope) => {
    scope.setValidatorCompiler(validatorCompiler);
    scope.setSerializerCompiler(serializerCompiler);
    const api = scope.withTypeProvider<ZodTypeProvider>();
    api.get(
      '/dashboard/plans',
      {
        config: { access: { roles: PLAN_READERS } },
        schema: {
          summary: 'Các kế hoạch trong phạm vi theo dõi: số nhiệm vụ, đã hoàn thành, quá hạn.',
          tags: ['dashboard'],
          querystring: z.object({ jurisdiction: slug.max(100).optional() }),
          response: { 200: DashboardAnswer, ...errors(400, 401, 403) },
        },
      },
      async (request) => listPlans(mirror, userOf(request), access, request.query.jurisdiction),
    );
    api.get(
      '/dashboard/plans/:id',
      {
        config: { access: { roles: PLAN_READERS } },
        schema: {
          summary: 'Một kế hoạch: các nhiệm vụ theo lĩnh vực và tiến độ của từng lĩnh vực.',
          tags: ['dashboard'],
          params: z.object({ id: slug.max(200) }),
          response: { 200: DashboardAnswer, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => planView(mirror, userOf(request), access, request.params.id),
    );
  });
}
