/**
 * One-stop files for the dashboard: counts by status (from visibility), the filtered list one page
 * at a time with counts by procedure (the procedure is in each file's record, storage/onestop), the
 * late files the desk must act on today (due within one working day without an apology, and late
 * without one), and the monthly report of the caller's jurisdiction. An agency sees the files it
 * holds; a desk and a monitor those of their jurisdiction (api/access.ts).
 */
import { errors } from './contract/schemas';
import type { FastifyInstance } from 'fastify';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentCalendar } from '../activities/calendar';
import type { Database } from '../storage';
import { proceduresOf, type ProcedureRef } from '../storage/file-procedures';
import { endOfVietnamDay, vietnamDateOf, type IsoDate } from '../domain/dates';
import type { FileStatus } from '../domain/onestop/view';
import { SA } from '../workflows/search-attributes';
import { userOf, type User } from './auth';
import type { Access } from './access';
import { dueWords } from './dashboard-due';
import { MAX_SCAN } from './dashboard-tasks';
import { countOf, dueByClause, jurisdictionClause, listAll, RUNNING, VisibilityValueSchema, workflowsOf } from './visibility';
import { isIn, type Clause } from './clauses';

export const FILE_STATUSES = ['overdue', 'due_soon', 'not_due', 'waiting_documents', 'result_ready', 'returned', 'withdrawn'] as const satisfies readonly FileStatus[];
const URGENCY: Record<string, number> = Object.fromEntries(FILE_STATUSES.map((s, i) => [s, i]));

export const FileListQuerySchema = z.object({
  status: z.enum(FILE_STATUSES).optional(),
  holder: VisibilityValueSchema('holder').optional(),
  /** soon: due within one working day, no apology; late: late without an apology. */
  late: z.enum(['soon', 'late']).optional(),
  /** A procedure's code (mã thủ tục hành chính). */
  procedure: VisibilityValueSchema('procedure').optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  size: z.coerce.number().int().min(1).max(200).default(25),
});
export type FileListQuery = z.infer<typeof FileListQuerySchema>;

export type DashboardFileRow = {
  code: string;
  workflowId: string;
  jurisdiction: string | null;
  status: string | null;
  holder: string | null;
  appointment: IsoDate | null;
  dueWords: string | null;
  escalation: number;
  reappointed: boolean;
  running: boolean;
  procedure: ProcedureRef | null;
};
/** How many of the listed files (every filter but the procedure applied) are of each procedure, most first. */
export type ProcedureCount = ProcedureRef & { count: number };
export type FileListAnswer = {
  total: number;
  page: number;
  size: number;
  truncated: boolean;
  counts: Record<string, number>;
  procedures: ProcedureCount[];
  files: DashboardFileRow[];
};
/** At most this many procedures are counted in one answer (the most frequent). */
const MAX_PROCEDURES = 100;

function rowOf(wf: WorkflowExecutionInfo, today: IsoDate): DashboardFileRow {
  const sa = wf.typedSearchAttributes;
  const due = sa.get(SA.due);
  const appointment = due ? vietnamDateOf(due.getTime() - 1) : null;
  const status = sa.get(SA.status) ?? null;
  return {
    code: wf.workflowId.replace(/^file:/, ''),
    workflowId: wf.workflowId,
    jurisdiction: sa.get(SA.jurisdiction) ?? null,
    status,
    holder: sa.get(SA.leads)?.[0] ?? null,
    appointment,
    dueWords: status === 'waiting_documents' ? null : dueWords(today, appointment, status ?? undefined),
    escalation: sa.get(SA.escalation) ?? 0,
    reappointed: sa.get(SA.extended) ?? false,
    running: wf.status.name === 'RUNNING',
    procedure: null,
  };
}

/** The clauses every file query of this user starts with; null when its scope is empty. */
function baseClauses(user: User, access: Access): Clause[] | null {
  const scope = jurisdictionClause(access.readScope(user), undefined);
  if (scope === null) return null;
  const clauses = [...workflowsOf(['file']), ...scope];
  if (user.role === 'agency') clauses.push(isIn(SA.leads.name, [user.agency!]));
  return clauses;
}

export async function listFiles(client: Client, db: Database, user: User, access: Access, q: FileListQuery): Promise<FileListAnswer> {
  const empty = Object.fromEntries(FILE_STATUSES.map((s) => [s, 0]));
  const base = baseClauses(user, access);
  if (base === null) return { total: 0, page: q.page, size: q.size, truncated: false, counts: empty, procedures: [], files: [] };
  const today = vietnamDateOf(Date.now());
  const clauses = [...base];
  if (q.holder && user.role !== 'agency') clauses.push(isIn(SA.leads.name, [q.holder]));
  if (q.late === 'late') clauses.push(isIn(SA.status.name, ['overdue']), RUNNING);
  else if (q.late === 'soon') {
    // Due by the end of the next working day.
    const next = currentCalendar().addWorkingDays(today, 1);
    clauses.push(isIn(SA.status.name, ['not_due', 'due_soon']), RUNNING, dueByClause(next));
  } else if (q.status) clauses.push(isIn(SA.status.name, [q.status]));
  const counted = await Promise.all(FILE_STATUSES.map(async (s) => [s, await countOf(client, [...base, isIn(SA.status.name, [s])])] as const));
  const rows: DashboardFileRow[] = [];
  let truncated = false;
  for await (const wf of listAll(client, clauses)) {
    if (rows.length >= MAX_SCAN) {
      truncated = true;
      break;
    }
    const row = rowOf(wf, today);
    // An apology moves the appointment once: a reappointed file is not "without an apology".
    if (q.late && row.reappointed) continue;
    rows.push(row);
  }
  const procedures = await proceduresOf(db, rows.map((r) => r.code));
  const byProcedure = new Map<string, ProcedureCount>();
  for (const row of rows) {
    row.procedure = procedures.get(row.code) ?? null;
    if (!row.procedure) continue;
    const c = byProcedure.get(row.procedure.code);
    if (c) c.count++;
    else byProcedure.set(row.procedure.code, { ...row.procedure, count: 1 });
  }
  const counts = [...byProcedure.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'vi')).slice(0, MAX_PROCEDURES);
  const shown = q.procedure ? rows.filter((r) => r.procedure?.code === q.procedure) : rows;
  shown.sort(
    (a, b) =>
      (URGENCY[a.status ?? ''] ?? 9) - (URGENCY[b.status ?? ''] ?? 9) || (a.appointment ?? '9999').localeCompare(b.appointment ?? '9999') || a.code.localeCompare(b.code),
  );
  return {
    total: shown.length,
    page: q.page,
    size: q.size,
    truncated,
    counts: Object.fromEntries(counted),
    procedures: counts,
    files: shown.slice((q.page - 1) * q.size, q.page * q.size),
  };
}

/** What a dashboard view receives (its shape is the dashboard's, in dashboard/types.ts). */
const DashboardAnswer = z.unknown().describe('Dữ liệu cho một trang của bảng điều khiển.');

/** Registers /dashboard/files under the prefix of the context it is called in (`/api/v1`, `/api`). */
export function registerDashboardFileRoutes(app: FastifyInstance, deps: { client: Client; db: Database; access: Access }): void {
  void app.register(async (scope) => {
    scope.setValidatorCompiler(validatorCompiler);
    scope.setSerializerCompiler(serializerCompiler);
    const api = scope.withTypeProvider<ZodTypeProvider>();
    api.get(
      '/dashboard/files',
      { config: { access: { roles: 'any' } }, schema: { summary: 'Hồ sơ một cửa: số theo tình trạng và theo thủ tục, danh sách đã lọc, hồ sơ trễ hẹn chưa có phiếu xin lỗi.', tags: ['dashboard'], response: { 200: DashboardAnswer, ...errors(400, 401, 403) }, querystring: FileListQuerySchema } },
      async (request) => listFiles(deps.client, deps.db, userOf(request), deps.access, request.query),
    );
  });
}
