/**
 * What the dashboard reads about tasks, beyond the plain list: the overview of a jurisdiction
 * (counts by status and on-time rates by agency, counted by Temporal's visibility, never by
 * fetching every task), the filtered, sorted and paginated task list and its XLSX export, the
 * escalation queue (levels waiting for acknowledgement, oldest first) and an agency's own parts.
 * Who sees what is decided by api/access.ts (readScope); an agency only ever sees its own work.
 */
import pLimit from 'p-limit';
import { download, errors } from './contract/schemas';
import type { FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { addDays, dayOfWeek, endOfVietnamDay, vietnamDateOf, vietnamInstant, type IsoDate } from '../domain/dates';
import { sameName } from '../domain/messages/text';
import { SA } from '../workflows/search-attributes';
import { stateQuery, type TaskStatus, type TaskView } from '../workflows/task-api';
import { userOf, type User } from './auth';
import type { Access } from './access';
import { agencyTaskView } from './task-views';
import { extensionRequests } from './extension-requests';
import { dueWords, workingDaysUntil } from './dashboard-due';
import { TASK_STATUS_NAMES } from '../dashboard/names';
import { dueByClause, dueFromClause, jurisdictionClause, listAll, RUNNING, leadClause, leadsOf, partClause, partTokensOf, partLevelClause, VisibilityValueSchema, workflowsOf, type Listed } from './visibility';
import type { TaskMirror, TaskSource } from './task-mirror';
import { anyOf, allOf, compare, isIn, isNotNull, type Clause } from './clauses';
import { partFromTokens, type PartStatus } from '../domain/part-tokens';

export const TASK_STATUSES = ['overdue', 'due_soon', 'needs_deadline', 'not_due', 'done_late', 'done_on_time', 'cancelled'] as const satisfies readonly TaskStatus[];
/** Most urgent first: the order of "urgency" sorting. */
const URGENCY: Record<string, number> = Object.fromEntries(TASK_STATUSES.map((s, i) => [s, i]));

/** At most this many tasks are read for one sorted list or export; the answer says when there were more. */
export const MAX_SCAN = 5000;
/** The overview reads at most this many judged tasks (a province's several years of plans). */
const MAX_JUDGED = 50_000;
const MAX_QUEUE_TASKS = 150;
const MAX_OWN_TASKS = 150;
const CONCURRENCY = 12;

const slug = z.string().regex(/^[a-z0-9-]+$/, 'chỉ gồm chữ thường không dấu, số và dấu gạch ngang');
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD');

export const TaskListQuerySchema = z.object({
  status: z.enum(TASK_STATUSES).optional(),
  plan: slug.max(200).optional(),
  /** Words of the plan's title, all of them, in any case and with or without diacritics. */
  planTitle: z.string().max(200).optional(),
  agency: VisibilityValueSchema('agency').optional(),
  jurisdiction: slug.max(100).optional(),
  /** At least this escalation level. */
  escalation: z.coerce.number().int().min(0).max(10).optional(),
  dueFrom: isoDay.optional(),
  dueTo: isoDay.optional(),
  kind: z.enum(['once', 'milestones', 'recurring', 'ongoing', 'event', 'unspecified']).optional(),
  type: z.enum(['task', 'instance']).optional(),
  /** Words of the task's title. */
  q: z.string().max(200).optional(),
  sort: z.enum(['urgency', 'due', 'title', 'status', 'escalation', 'ref']).default('urgency'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  size: z.coerce.number().int().min(1).max(200).default(25),
});
export type TaskListQuery = z.infer<typeof TaskListQuerySchema>;

export type DashboardTaskRow = {
  workflowId: string;
  title: string | null;
  ref: string | null;
  planId: string | null;
  planTitle: string | null;
  type: string | null;
  jurisdiction: string | null;
  status: string | null;
  leads: string[];
  due: IsoDate | null;
  dueWords: string | null;
  escalation: number;
  extended: boolean;
  kind: string | null;
  running: boolean;
};

export type TaskListAnswer = { total: number; page: number; size: number; truncated: boolean; tasks: DashboardTaskRow[] };

/** An agency's tasks already judged (due and past): done on time, done late, overdue; `total` is their sum. */
export type AgencyRate = { agency: string; total: number; onTime: number; late: number; overdue: number; rate: number | null };
/** Tasks due in a month (YYYY-MM): how many were done on time, done late, or are overdue. */
export type MonthRate = { month: string; onTime: number; late: number; overdue: number; rate: number | null };
/** A plan's tasks already judged: done on time, done late, overdue; `total` is their sum. */
export type PlanRate = { planId: string; planTitle: string; total: number; onTime: number; late: number; overdue: number; rate: number | null };
export type OverviewAnswer = {
  asOf: IsoDate;
  total: number;
  counts: Record<(typeof TASK_STATUSES)[number], number>;
  agencies: AgencyRate[];
  /** Lowest rate first, as the agencies. */
  plans: PlanRate[];
  /** The last twelve months, oldest first, by due date. */
  months: MonthRate[];
  overdueThisWeek: DashboardTaskRow[];
  mostOverdue: AgencyRate[];
};

/** One agency's part of a task (one milestone), as the queues list it. */
export type TaskPartEntry = {
  workflowId: string;
  title: string;
  planTitle: string;
  agency: string;
  milestone: number;
  label: string;
  due: IsoDate;
};

export type QueueEntry = TaskPartEntry & {
  overdueWorkingDays: number | null;
  level: number;
  escalatedAt: string | null;
  status: TaskStatus;
};
export type QueueAnswer = { entries: QueueEntry[]; truncated: boolean };

export type OwnPart = {
  workflowId: string;
  title: string;
  planTitle: string;
  agency: string;
  milestone: number;
  label: string;
  due: IsoDate | null;
  dueWords: string | null;
  status: string;
  escalationLevel: number;
  progress: { percent: number; note: string } | null;
  completed: boolean;
};
export type OwnWorkAnswer = { parts: OwnPart[]; truncated: boolean };


/** Lowercase without diacritics, for matching words typed without them. */
export function folded(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}

/** True when every word of `words` is in `text` (diacritics and case ignored). */
export function hasWords(text: string | null, words: string | undefined): boolean {
  if (!words || !words.trim()) return true;
  const haystack = folded(text ?? '');
  return folded(words)
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => haystack.includes(w));
}

/** Rows in the order asked for; ties broken by due date, then id, so pages never overlap. */
export function sortRows(rows: DashboardTaskRow[], sort: TaskListQuery['sort'], order: TaskListQuery['order']): DashboardTaskRow[] {
  const due = (r: DashboardTaskRow) => r.due ?? '9999-12-31';
  const by: Record<TaskListQuery['sort'], (a: DashboardTaskRow, b: DashboardTaskRow) => number> = {
    urgency: (a, b) => (URGENCY[a.status ?? ''] ?? 9) - (URGENCY[b.status ?? ''] ?? 9),
    due: () => 0,
    title: (a, b) => (a.title ?? '').localeCompare(b.title ?? '', 'vi'),
    status: (a, b) => (URGENCY[a.status ?? ''] ?? 9) - (URGENCY[b.status ?? ''] ?? 9),
    escalation: (a, b) => b.escalation - a.escalation,
    ref: (a, b) => (a.ref ?? '').localeCompare(b.ref ?? '', 'vi', { numeric: true }),
  };
  const sign = order === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => sign * (by[sort](a, b) || due(a).localeCompare(due(b))) || a.workflowId.localeCompare(b.workflowId));
}

/** The task statuses the overview judges (rates): done on time, done late, overdue. */
const JUDGED: readonly PartStatus[] = ['overdue', 'done_on_time', 'done_late'];
const isJudged = (status: string | null): boolean => (JUDGED as readonly (string | null)[]).includes(status);

/** The agency a list is about: an agency account's own, else the agency filter. */
function agencyOf(user: User, q: Partial<TaskListQuery>): string | undefined {
  return user.role === 'agency' ? user.agency! : q.agency;
}

/** A status clause: on the agency's own part when a list is about one agency (api/visibility.ts partClause), else on the task. */
function statusClause(statuses: readonly PartStatus[], agency: string | undefined): Clause {
  return agency ? partClause(agency, statuses) : isIn(SA.status.name, statuses);
}

/** An escalation clause: the agency's own part's level, else the task's. */
function escalationClause(min: number, agency: string | undefined): Clause {
  return agency ? partLevelClause(agency, min) : compare(SA.escalation.name, '>=', min);
}

/** A list row; for one agency (`agency`), the status and level are its own part's when the task carries part tokens. */
function rowOf(wf: Listed, today: IsoDate, agency?: string): DashboardTaskRow {
  const sa = wf.typedSearchAttributes;
  const dueAt = sa.get(SA.due);
  const due = dueAt ? vietnamDateOf(dueAt.getTime() - 1) : null;
  const own = agency === undefined ? undefined : partFromTokens(partTokensOf(wf), agency);
  const status = own?.status ?? sa.get(SA.status) ?? null;
  const memo = (key: string) => (typeof wf.memo?.[key] === 'string' ? (wf.memo[key] as string) : null);
  return {
    workflowId: wf.workflowId,
    title: memo('title'),
    ref: memo('ref'),
    planId: sa.get(SA.plan) ?? null,
    planTitle: memo('planTitle'),
    type: sa.get(SA.type) ?? null,
    jurisdiction: sa.get(SA.jurisdiction) ?? null,
    status,
    leads: leadsOf(wf),
    due,
    dueWords: dueWords(today, due, status ?? undefined),
    escalation: own?.escalationLevel ?? sa.get(SA.escalation) ?? 0,
    extended: sa.get(SA.extended) ?? false,
    kind: sa.get(SA.kind) ?? null,
    running: wf.status.name === 'RUNNING',
  };
}

/**
 * The visibility clauses of a task query for this user; null when nothing can match (outside its
 * scope). When the query is about one agency (an agency account, or the agency filter), the status
 * and escalation filters apply to that agency's own part of the task.
 */
export function taskClauses(user: User, access: Access, q: Partial<TaskListQuery>): Clause[] | null {
  const scope = jurisdictionClause(access.readScope(user), q.jurisdiction);
  if (scope === null) return null;
  const agency = agencyOf(user, q);
  const clauses = [...workflowsOf(q.type ? [q.type] : ['task', 'instance']), ...scope];
  if (q.status) clauses.push(statusClause([q.status], agency));
  if (q.plan) clauses.push(isIn(SA.plan.name, [q.plan]));
  if (q.kind) clauses.push(isIn(SA.kind.name, [q.kind]));
  if (q.escalation) clauses.push(escalationClause(q.escalation, agency));
  if (q.dueFrom) clauses.push(dueFromClause(q.dueFrom));
  if (q.dueTo) clauses.push(dueByClause(q.dueTo));
  if (agency) clauses.push(leadClause(agency));
  return clauses;
}

/** Every task of the query (at most MAX_SCAN), with the in-memory filters applied; rows of `agency`'s own part when given. */
async function scan(client: Client, clauses: readonly Clause[], q: Partial<TaskListQuery>, agency: string | undefined): Promise<{ rows: DashboardTaskRow[]; truncated: boolean }> {
  const today = vietnamDateOf(Date.now());
  const rows: DashboardTaskRow[] = [];
  let read = 0;
  for await (const wf of listAll(client, clauses)) {
    if (++read > MAX_SCAN) return { rows, truncated: true };
    const row = rowOf(wf, today, agency);
    if (!hasWords(row.title, q.q) || !hasWords(row.planTitle, q.planTitle)) continue;
    rows.push(row);
  }
  return { rows, truncated: false };
}

/** The filtered list, sorted, one page of it. */
export async function listTasks(client: Client, user: User, access: Access, q: TaskListQuery): Promise<TaskListAnswer> {
  const clauses = taskClauses(user, access, q);
  if (clauses === null) return { total: 0, page: q.page, size: q.size, truncated: false, tasks: [] };
  const { rows, truncated } = await scan(client, clauses, q, agencyOf(user, q));
  const sorted = sortRows(rows, q.sort, q.order);
  return { total: sorted.length, page: q.page, size: q.size, truncated, tasks: sorted.slice((q.page - 1) * q.size, q.page * q.size) };
}

/** The `n` months up to the one `date` is in, oldest first (YYYY-MM). */
export function lastMonths(date: IsoDate, n: number): string[] {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const k = year * 12 + (month - 1) - (n - 1 - i);
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

/** The monday of the week `date` is in. */
function mondayOf(date: IsoDate): IsoDate {
  return addDays(date, -((dayOfWeek(date) + 6) % 7));
}

/**
 * The overview of what the user may read: the counts by status, and the rates by agency, plan and
 * month from the tasks already judged (overdue, done on time, done late), read from the task mirror
 * (api/task-mirror.ts): visibility cannot group by a custom attribute.
 */
export async function overview(source: TaskSource, user: User, access: Access, jurisdiction: string | undefined): Promise<OverviewAnswer> {
  const asOf = vietnamDateOf(Date.now());
  const empty = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as OverviewAnswer['counts'];
  const base = taskClauses(user, access, { jurisdiction });
  if (base === null) return { asOf, total: 0, counts: empty, agencies: [], plans: [], months: [], overdueThisWeek: [], mostOverdue: [] };
  const own = user.role === 'agency' ? user.agency! : null;
  // An agency's overview is its own parts. Otherwise the rates by agency also read the open group
  // tasks with tokens, where one lead's part may be judged (done) while the task is not.
  const judgedClause =
    own !== null
      ? statusClause(JUDGED, own)
      : anyOf(isIn(SA.status.name, JUDGED), allOf([isIn(SA.status.name, ['due_soon', 'not_due']), isNotNull(SA.parts.name)]));
  const scope = source.within(base);
  const [total, statusCounts, judged] = await Promise.all([
    scope.count([]),
    Promise.all(TASK_STATUSES.map((s) => scope.count([statusClause([s], own ?? undefined)]))),
    judgedTasks(scope, [judgedClause], own),
  ]);
  const counts = { ...empty };
  TASK_STATUSES.forEach((s, i) => (counts[s] = statusCounts[i]!));

  const months = lastMonths(asOf, 12);
  const byMonth = new Map(months.map((m) => [m, { month: m, onTime: 0, late: 0, overdue: 0, rate: null as number | null }]));
  const byAgency = new Map<string, AgencyRate>();
  const byPlan = new Map<string, PlanRate>();
  const tally = (r: { onTime: number; late: number; overdue: number }, status: string | null) => {
    if (status === 'done_on_time') r.onTime++;
    else if (status === 'done_late') r.late++;
    else if (status === 'overdue') r.overdue++;
  };
  for (const row of judged) {
    const tokens = row.tokens;
    for (const agency of row.leads) {
      if (own !== null && !sameName(agency, own)) continue;
      const status = (tokens && partFromTokens(tokens, agency)?.status) ?? row.status;
      if (!isJudged(status)) continue;
      let r = byAgency.get(agency);
      if (!r) byAgency.set(agency, (r = { agency, total: 0, onTime: 0, late: 0, overdue: 0, rate: null }));
      r.total++;
      tally(r, status);
    }
    if (!isJudged(row.status)) continue;
    const month = row.due?.slice(0, 7);
    const m = month ? byMonth.get(month) : undefined;
    if (m) tally(m, row.status);
    if (row.planId) {
      let p = byPlan.get(row.planId);
      if (!p) byPlan.set(row.planId, (p = { planId: row.planId, planTitle: row.planTitle ?? row.planId, total: 0, onTime: 0, late: 0, overdue: 0, rate: null }));
      p.total++;
      tally(p, row.status);
    }
  }
  const rate = <T extends { onTime: number; late: number; overdue: number; rate: number | null }>(r: T): T => {
    const sum = r.onTime + r.late + r.overdue;
    return { ...r, rate: sum > 0 ? r.onTime / sum : null };
  };
  const plans = [...byPlan.values()].map(rate).sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2) || b.total - a.total || a.planTitle.localeCompare(b.planTitle, 'vi'));
  const agencies = [...byAgency.values()].map(rate).sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2) || b.total - a.total || a.agency.localeCompare(b.agency, 'vi'));
  // Overdue from the day after the due date: became overdue this week when due on Sunday or later.
  const sunday = addDays(mondayOf(asOf), -1);
  const week = judged.filter((r) => r.status === 'overdue' && r.due !== null && r.due >= sunday).map((r) => rowOf(r.wf, asOf, own ?? undefined));
  return {
    asOf,
    total,
    counts,
    agencies,
    plans,
    months: months.map((m) => rate(byMonth.get(m)!)),
    overdueThisWeek: sortRows(week, 'due', 'asc').slice(0, 50),
    mostOverdue: agencies
      .filter((r) => r.overdue > 0)
      .sort((a, b) => b.overdue - a.overdue || a.agency.localeCompare(b.agency, 'vi'))
      .slice(0, 5),
  };
}

/** What the overview reads of a judged task; `tokens`, each lead's part, for a monitor's rates by agency. */
type JudgedTask = Pick<DashboardTaskRow, 'status' | 'leads' | 'due' | 'planId' | 'planTitle'> & { wf: Listed; tokens?: readonly string[] };

/**
 * The tasks matching `clauses` (at most MAX_JUDGED), with the status of `own`'s part for an agency.
 * A one-lead task that is not judged adds nothing to any rate and is left out: the rest of the row
 * (its due date in words) is made only for the few the overview lists.
 */
async function judgedTasks(source: TaskSource, clauses: readonly Clause[], own: string | null): Promise<JudgedTask[]> {
  const tasks: JudgedTask[] = [];
  let read = 0;
  for await (const wf of source.list(clauses)) {
    if (++read > MAX_JUDGED) break;
    const sa = wf.typedSearchAttributes;
    const tokens = partTokensOf(wf);
    const taskStatus = sa.get(SA.status) ?? null;
    const status = own === null ? taskStatus : (partFromTokens(tokens, own)?.status ?? taskStatus);
    const leads = leadsOf(wf);
    if (!isJudged(status) && leads.length < 2) continue;
    const dueAt = sa.get(SA.due);
    const planTitle = wf.memo?.planTitle;
    tasks.push({
      wf,
      status,
      leads,
      due: dueAt ? vietnamDateOf(dueAt.getTime() - 1) : null,
      planId: sa.get(SA.plan) ?? null,
      planTitle: typeof planTitle === 'string' ? planTitle : null,
      ...(own === null && tokens ? { tokens } : {}),
    });
  }
  return tasks;
}

/** The state of each running task, with what this user may see of it (an agency: its own part). */
async function states(client: Client, user: User, rows: DashboardTaskRow[]): Promise<TaskView[]> {
  const views = await pLimit(CONCURRENCY).map(rows, async (row) => {
    try {
      const view = await client.workflow.getHandle(row.workflowId).query(stateQuery);
      return user.role === 'agency' ? agencyTaskView(view, user.agency!) : view;
    } catch {
      // Closed or gone meanwhile: left out of this answer.
      return null;
    }
  });
  return views.filter((v): v is TaskView => v !== null);
}

/** Every escalation level waiting for acknowledgement, oldest due date first. */
export async function escalationQueue(client: Client, user: User, access: Access, jurisdiction: string | undefined): Promise<QueueAnswer> {
  const base = taskClauses(user, access, { jurisdiction });
  if (base === null) return { entries: [], truncated: false };
  const agency = agencyOf(user, {});
  const { rows } = await scan(client, [...base, escalationClause(1, agency), RUNNING], {}, agency);
  const oldest = sortRows(rows, 'due', 'asc');
  const today = vietnamDateOf(Date.now());
  const entries: QueueEntry[] = [];
  for (const view of await states(client, user, oldest.slice(0, MAX_QUEUE_TASKS))) {
    for (const o of view.obligations) {
      if (o.completed) continue;
      for (let level = 1; level <= o.escalationLevel; level++) {
        if (o.acknowledged.some((a) => a.level === level)) continue;
        const escalated = view.timeline.filter((t) => t.type === 'escalation' && t.level === level && (t.agency === undefined || sameName(t.agency, o.agency)));
        const days = workingDaysUntil(today, o.due);
        entries.push({
          workflowId: view.workflowId,
          title: view.facts.title,
          planTitle: view.facts.planTitle,
          agency: o.agency,
          milestone: o.milestone,
          label: o.label,
          due: o.due,
          overdueWorkingDays: days === null ? null : Math.max(0, -days),
          level,
          escalatedAt: escalated[0]?.at ?? null,
          status: o.status,
        });
      }
    }
  }
  entries.sort((a, b) => a.due.localeCompare(b.due) || a.workflowId.localeCompare(b.workflowId) || a.agency.localeCompare(b.agency) || a.level - b.level);
  return { entries, truncated: oldest.length > MAX_QUEUE_TASKS };
}

/** An agency's own parts (one per member obligation), most urgent first; closed tasks as their list rows say. */
export async function ownWork(client: Client, user: User, access: Access): Promise<OwnWorkAnswer> {
  const base = taskClauses(user, access, {});
  if (base === null || !user.agency) return { parts: [], truncated: false };
  // Rows of the agency's own part: its urgency orders the tasks read, and a closed task says how its part ended.
  const { rows } = await scan(client, base, {}, user.agency);
  const sorted = sortRows(rows, 'urgency', 'asc');
  const running = sorted.filter((r) => r.running).slice(0, MAX_OWN_TASKS);
  const today = vietnamDateOf(Date.now());
  const parts: OwnPart[] = [];
  for (const view of await states(client, user, running)) {
    for (const o of view.obligations) {
      parts.push({
        workflowId: view.workflowId,
        title: view.facts.title,
        planTitle: view.facts.planTitle,
        agency: o.agency,
        milestone: o.milestone,
        label: o.label,
        due: o.due,
        dueWords: o.completed ? null : dueWords(today, o.due, o.status),
        status: o.status,
        escalationLevel: o.escalationLevel,
        progress: o.progress ? { percent: o.progress.percent, note: o.progress.note } : null,
        completed: Boolean(o.completed),
      });
    }
  }
  for (const row of sorted.filter((r) => !r.running).slice(0, MAX_OWN_TASKS)) {
    parts.push({
      workflowId: row.workflowId,
      title: row.title ?? row.workflowId,
      planTitle: row.planTitle ?? '',
      agency: user.agency,
      milestone: 0,
      label: '',
      due: row.due,
      dueWords: null,
      status: row.status ?? 'done_on_time',
      escalationLevel: 0,
      progress: null,
      completed: true,
    });
  }
  const rank = (p: OwnPart) => (p.completed ? 10 : (URGENCY[p.status] ?? 9));
  parts.sort((a, b) => rank(a) - rank(b) || (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.workflowId.localeCompare(b.workflowId));
  return { parts, truncated: running.length < sorted.filter((r) => r.running).length };
}


/** The filtered list as a workbook (every row, not one page). */
export async function tasksWorkbook(rows: DashboardTaskRow[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Nhiệm vụ');
  sheet.columns = [
    { header: 'Mã', key: 'ref', width: 8 },
    { header: 'Nhiệm vụ', key: 'title', width: 60 },
    { header: 'Kế hoạch', key: 'planTitle', width: 40 },
    { header: 'Cơ quan chủ trì', key: 'leads', width: 30 },
    { header: 'Hạn', key: 'due', width: 12 },
    { header: 'Thời hạn', key: 'dueWords', width: 22 },
    { header: 'Tình trạng', key: 'status', width: 20 },
    { header: 'Cấp báo cáo', key: 'escalation', width: 12 },
    { header: 'Đã gia hạn', key: 'extended', width: 11 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    sheet.addRow({
      ref: r.ref ?? '',
      title: r.title ?? r.workflowId,
      planTitle: r.planTitle ?? '',
      leads: r.leads.join(', '),
      due: r.due ? r.due.split('-').reverse().join('/') : '',
      dueWords: r.dueWords ?? '',
      status: TASK_STATUS_NAMES[r.status ?? ''] ?? r.status ?? '',
      escalation: r.escalation || '',
      extended: r.extended ? 'Có' : '',
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * Registers the routes under the prefix of the context it is called in (`/api/v1` and the `/api`
 * alias): /dashboard/overview, /dashboard/tasks, /dashboard/tasks.xlsx, /dashboard/escalations,
 * /dashboard/own-work.
 */
/** What a dashboard view receives (its shape is the dashboard's, in dashboard/types.ts). */
const DashboardAnswer = z.unknown().describe('Dữ liệu cho một trang của bảng điều khiển.');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function registerDashboardTaskRoutes(app: FastifyInstance, deps: { client: Client; access: Access; mirror: TaskMirror }): void {
  const { client, access } = deps;
  void app.register(async (scope) => {
    scope.setValidatorCompiler(validatorCompiler);
    scope.setSerializerCompiler(serializerCompiler);
    const api = scope.withTypeProvider<ZodTypeProvider>();
    const anyone = { access: { roles: 'any' as const } };
    const jurisdictionQuery = z.object({ jurisdiction: slug.max(100).optional() });

    api.get(
      '/dashboard/overview',
      { config: anyone, schema: { summary: 'Tổng quan: số nhiệm vụ theo tình trạng, tỷ lệ đúng hạn theo cơ quan, quá hạn trong tuần.', tags: ['dashboard'], response: { 200: DashboardAnswer, ...errors(400, 401, 403) }, querystring: jurisdictionQuery } },
      async (request) => overview(await deps.mirror.source(), userOf(request), access, request.query.jurisdiction),
    );

    api.get(
      '/dashboard/tasks',
      { config: anyone, schema: { summary: 'Danh sách nhiệm vụ đã lọc, sắp xếp, phân trang.', tags: ['dashboard'], response: { 200: DashboardAnswer, ...errors(400, 401, 403) }, querystring: TaskListQuerySchema } },
      async (request) => listTasks(client, userOf(request), access, request.query),
    );

    api.get(
      '/dashboard/tasks.xlsx',
      { config: anyone, schema: { summary: 'Danh sách nhiệm vụ đã lọc, dạng Excel (mọi trang).', tags: ['dashboard'], response: { 200: download(XLSX, 'Danh sách nhiệm vụ (.xlsx).'), ...errors(400, 401, 403) }, querystring: TaskListQuerySchema } },
      async (request, reply) => {
        const user = userOf(request);
        const clauses = taskClauses(user, access, request.query);
        const rows = clauses === null ? [] : sortRows((await scan(client, clauses, request.query, agencyOf(user, request.query))).rows, request.query.sort, request.query.order);
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="nhiem-vu-${vietnamDateOf(Date.now())}.xlsx"`)
          .send(await tasksWorkbook(rows));
      },
    );

    api.get(
      '/dashboard/escalations',
      { config: anyone, schema: { summary: 'Các cấp báo cáo chờ xác nhận, hạn cũ nhất trước; các đề nghị gia hạn chờ Văn phòng UBND trả lời.', tags: ['dashboard'], response: { 200: DashboardAnswer, ...errors(400, 401, 403) }, querystring: jurisdictionQuery } },
      async (request) => {
        const user = userOf(request);
        // The extension requests waiting for this office's answer are a section of the same view.
        const [queue, requests] = await Promise.all([
          escalationQueue(client, user, access, request.query.jurisdiction),
          extensionRequests(client, user, access, request.query.jurisdiction),
        ]);
        return { ...queue, extensionRequests: requests };
      },
    );

    api.get(
      '/dashboard/own-work',
      { config: { access: { roles: ['agency'] as const } }, schema: { summary: 'Việc của cơ quan: các phần việc, việc khẩn nhất trước.', tags: ['dashboard'], response: { 200: DashboardAnswer, ...errors(400, 401, 403) } } },
      async (request) => ownWork(client, userOf(request), access),
    );
  });
}
