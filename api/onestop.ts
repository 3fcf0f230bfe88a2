/**
 * One-stop routes: intake (JSON, idempotent on the file code, so a one-stop system can call it as
 * a webhook and retry; CSV import), the file's events as Updates, the apology letter (HTML, .docx),
 * the public page of apologies (no login) and the monthly report (JSON, CSV, XLSX).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { rejectionReason } from './update-errors';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { z } from 'zod';
import { vietnamDateOf } from '../domain/dates';
import type { Directory } from '../domain/directory';
import { parseOneStopCsv, type CsvProblem } from '../domain/onestop/csv';
import { jurisdictionOfUnit, resolveFileAgencies } from '../domain/onestop/directory';
import { fileWorkflowId, FileCodeSchema, FileInputError, parseOneStopFile, type OneStopFile } from '../domain/onestop/file';
import { apologyLetter, renderLetterHtml } from '../domain/onestop/letter';
import { DEFAULT_FILE_POLICY, FilePolicySchema, type FilePolicy } from '../domain/onestop/policy';
import { renderPublicPage } from '../domain/onestop/publication';
import { MonthSchema, reportCsv } from '../domain/onestop/report';
import { sameName } from '../domain/messages/text';
import { apologyLetterDocx, defaultDataDir, PublicationStore, readMonthlyReport, reportXlsx } from '../activities/onestop';
import { SA } from '../workflows/search-attributes';
import { TASK_QUEUE } from '../workflows/task-api';
import {
  acknowledgeFileUpdate,
  documentsReceivedUpdate,
  fileStateQuery,
  requestDocumentsUpdate,
  resultReadyUpdate,
  resultReturnedUpdate,
  submitApologyUpdate,
  transferUpdate,
  withdrawUpdate,
  type FileView,
} from '../workflows/onestop-api';
import { actorOf, AuthError, requireRole, type User } from './auth';

export type OneStopDeps = {
  client: Client;
  taskQueue?: string;
  directory: { load(): Directory };
  authenticate: (header: string | undefined) => User;
  /** Where the publication and record stores are; default DATA_DIR. */
  dataDir?: string;
};

const ACTIONS = {
  transfer: transferUpdate,
  'request-documents': requestDocumentsUpdate,
  'documents-received': documentsReceivedUpdate,
  'result-ready': resultReadyUpdate,
  'result-returned': resultReturnedUpdate,
  withdraw: withdrawUpdate,
  apology: submitApologyUpdate,
  acknowledge: acknowledgeFileUpdate,
} as const;

export type StartResult = { created: boolean; view: FileView };

/**
 * Starts the file's workflow unless it exists (running or closed): the workflow id is
 * `file:<code>`, so calling twice with the same code starts one workflow and returns its view.
 */
export async function startOneStopFile(client: Client, file: OneStopFile, options: { taskQueue?: string; policy?: FilePolicy } = {}): Promise<StartResult> {
  const workflowId = fileWorkflowId(file.code);
  let created = false;
  try {
    await client.workflow.start('oneStopFileWorkflow', {
      workflowId,
      taskQueue: options.taskQueue ?? TASK_QUEUE,
      args: [{ file, policy: options.policy ?? DEFAULT_FILE_POLICY }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: SA.type, value: 'file' },
        { key: SA.jurisdiction, value: file.jurisdiction },
        { key: SA.leads, value: [file.agencies[0]!] },
      ],
    });
    created = true;
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { created, view: await settledView(client, workflowId) };
}

/** The view once the workflow has computed the appointment (its first task), or as it is after a few seconds. */
async function settledView(client: Client, workflowId: string): Promise<FileView> {
  const handle = client.workflow.getHandle(workflowId);
  for (let attempt = 0; ; attempt++) {
    const view = await handle.query(fileStateQuery);
    if (view.appointment || attempt >= 20) return view;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Intake data checked against the directory and the schema; throws FileInputError listing the problems. */
export function prepareFile(body: unknown, directory: Directory): OneStopFile {
  if (typeof body !== 'object' || body === null) throw new FileInputError(['Thân yêu cầu phải là một đối tượng JSON mô tả hồ sơ.']);
  const resolved = resolveFileAgencies(body as never, directory);
  if (resolved.problems.length > 0) throw new FileInputError(resolved.problems);
  return parseOneStopFile(resolved.file);
}

const ListQuerySchema = z.object({
  status: z.string().regex(/^[a-z_]+$/).optional(),
  outcome: z.enum(['early', 'on_time', 'late_with_apology', 'late_without_apology', 'withdrawn']).optional(),
  holder: z.string().max(200).optional(),
  jurisdiction: z.string().regex(/^[a-z0-9-]+$/).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

const ReportQuerySchema = z.object({
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  jurisdiction: z.string().regex(/^[a-z0-9-]+$/).optional(),
});

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function registerOneStopRoutes(app: FastifyInstance, deps: OneStopDeps): void {
  const { client } = deps;
  const dataDir = () => deps.dataDir ?? defaultDataDir();
  const handleOf = (code: string) => client.workflow.getHandle(fileWorkflowId(FileCodeSchema.parse(code)));

  app.post('/api/one-stop/files', async (request, reply) => {
    const user = deps.authenticate(request.headers.authorization);
    requireRole(user, 'admin', 'monitor', 'agency');
    const body = request.body as Record<string, unknown> | null;
    const policy = body && 'policy' in body ? (requireRole(user, 'admin'), FilePolicySchema.parse(body.policy)) : undefined;
    const file = withFileErrors(reply, () => prepareFile(body && { ...body, policy: undefined }, deps.directory.load()));
    if (!file) return reply;
    if (user.role === 'agency' && !sameName(user.agency!, file.receivingUnit)) {
      throw new AuthError(403, `Chỉ nơi tiếp nhận (${file.receivingUnit}) mới đăng ký hồ sơ này.`);
    }
    const result = await startOneStopFile(client, file, { taskQueue: deps.taskQueue, policy });
    return reply.code(result.created ? 201 : 200).send({ created: result.created, file: result.view });
  });

  app.post('/api/one-stop/files/import', async (request, reply) => {
    requireRole(deps.authenticate(request.headers.authorization), 'admin', 'monitor');
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
      return reply.code(400).send({ error: 'Gửi nội dung tệp CSV làm thân yêu cầu (Content-Type: text/csv).' });
    }
    const directory = deps.directory.load();
    const report = await importOneStopCsv(client, request.body.toString('utf8'), directory, { taskQueue: deps.taskQueue });
    const code = report.started.length > 0 ? 201 : report.problems.length > 0 && report.existing.length === 0 ? 422 : 200;
    return reply.code(code).send(report);
  });

  app.get('/api/one-stop/files', async (request) => {
    const user = deps.authenticate(request.headers.authorization);
    const q = ListQuerySchema.parse(request.query);
    const clauses = [`DondocType = 'file'`];
    if (q.status) clauses.push(`DondocStatus = ${quote(q.status)}`);
    if (q.outcome) clauses.push(`DondocOutcome = ${quote(q.outcome)}`);
    if (q.jurisdiction) clauses.push(`DondocJurisdiction = ${quote(q.jurisdiction)}`);
    const holder = user.role === 'agency' ? user.agency! : q.holder;
    if (holder) clauses.push(`DondocLead = ${quote(holder)}`);
    const files = [];
    for await (const wf of client.workflow.list({ query: clauses.join(' AND ') })) {
      const sa = wf.typedSearchAttributes;
      const due = sa.get(SA.due);
      files.push({
        code: wf.workflowId.replace(/^file:/, ''),
        workflowId: wf.workflowId,
        status: sa.get(SA.status),
        outcome: sa.get(SA.outcome) ?? null,
        holder: sa.get(SA.leads)?.[0] ?? null,
        appointment: due ? vietnamDateOf(due.getTime() - 1) : null,
        escalation: sa.get(SA.escalation) ?? 0,
        reappointed: sa.get(SA.extended) ?? false,
        running: wf.status.name === 'RUNNING',
      });
      if (files.length >= q.limit) break;
    }
    return { files };
  });

  app.get<{ Params: { code: string } }>('/api/one-stop/files/:code', async (request) => {
    const user = deps.authenticate(request.headers.authorization);
    const view = await handleOf(request.params.code).query(fileStateQuery);
    assertMayRead(user, view);
    return view;
  });

  app.post<{ Params: { code: string; action: string }; Body: Record<string, unknown> }>('/api/one-stop/files/:code/:action', async (request, reply) => {
    const user = deps.authenticate(request.headers.authorization);
    const update = ACTIONS[request.params.action as keyof typeof ACTIONS];
    if (!update) return reply.code(404).send({ error: `Không có thao tác ${request.params.action}. Các thao tác: ${Object.keys(ACTIONS).join(', ')}.` });
    const handle = handleOf(request.params.code);
    if (user.role === 'agency') assertMayRead(user, await handle.query(fileStateQuery));
    try {
      const body = typeof request.body === 'object' && request.body !== null ? request.body : {};
      return await handle.executeUpdate(update as typeof transferUpdate, { args: [{ ...body, actor: actorOf(user) } as never] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) return reply.code(422).send({ error: rejectionReason(err) });
      throw err;
    }
  });

  app.get<{ Params: { code: string } }>('/api/one-stop/files/:code/apology.html', async (request, reply) => {
    const user = deps.authenticate(request.headers.authorization);
    const view = await handleOf(request.params.code).query(fileStateQuery);
    assertMayRead(user, view);
    return reply.type('text/html; charset=utf-8').send(renderLetterHtml(apologyLetter(view)));
  });

  app.get<{ Params: { code: string } }>('/api/one-stop/files/:code/apology.docx', async (request, reply) => {
    const user = deps.authenticate(request.headers.authorization);
    const view = await handleOf(request.params.code).query(fileStateQuery);
    assertMayRead(user, view);
    const letter = apologyLetter(view);
    const buffer = await apologyLetterDocx(letter);
    const name = `phieu-xin-loi-${view.file.code}${letter.draft ? '-du-thao' : ''}.docx`;
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(buffer);
  });

  app.get('/public/apologies', async (request, reply) => {
    const q = z.object({ jurisdiction: z.string().regex(/^[a-z0-9-]+$/).optional() }).parse(request.query);
    const items = (await new PublicationStore(dataDir()).list()).filter((a) => !q.jurisdiction || a.jurisdiction === q.jurisdiction);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(renderPublicPage(items, { generatedAt: new Date() }));
  });

  app.get<{ Params: { month: string } }>('/api/one-stop/reports/:month', async (request, reply) => {
    const user = deps.authenticate(request.headers.authorization);
    requireRole(user, 'admin', 'monitor');
    const month = MonthSchema.parse(request.params.month);
    const q = ReportQuerySchema.parse(request.query);
    if (user.role === 'monitor' && user.jurisdiction && q.jurisdiction && q.jurisdiction !== user.jurisdiction) {
      throw new AuthError(403, 'Chỉ xem được báo cáo của đơn vị mình.');
    }
    const jurisdiction = user.role === 'monitor' && user.jurisdiction ? user.jurisdiction : q.jurisdiction;
    const report = await readMonthlyReport(dataDir(), month, { jurisdiction });
    const base = `bao-cao-mot-cua-${month}${jurisdiction ? `-${jurisdiction}` : ''}`;
    switch (q.format) {
      case 'csv':
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${base}.csv"`).send(reportCsv(report));
      case 'xlsx':
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${base}.xlsx"`)
          .send(await reportXlsx([report]));
      default:
        return report;
    }
  });
}

export type CsvImportReport = { started: string[]; existing: string[]; failed: { code: string; error: string }[]; problems: CsvProblem[] };

/** The CSV's files, checked against the schema and the directory; rows with a problem are left out and reported. */
export function readOneStopCsv(text: string, directory: Directory): { files: { row: number; file: OneStopFile }[]; problems: CsvProblem[] } {
  const parsed = parseOneStopCsv(text, { jurisdictionOf: (unit) => jurisdictionOfUnit(directory, unit) });
  const files: { row: number; file: OneStopFile }[] = [];
  const problems = [...parsed.problems];
  for (const { row, file } of parsed.files) {
    const resolved = resolveFileAgencies(file, directory);
    if (resolved.problems.length > 0) problems.push(...resolved.problems.map((message) => ({ row, column: null, message })));
    else files.push({ row, file: parseOneStopFile(resolved.file) });
  }
  problems.sort((a, b) => a.row - b.row);
  return { files, problems };
}

/** Starts a workflow per valid row of the CSV (rows with problems are reported and skipped). */
export async function importOneStopCsv(client: Client, text: string, directory: Directory, options: { taskQueue?: string } = {}): Promise<CsvImportReport> {
  const { files, problems } = readOneStopCsv(text, directory);
  const report: CsvImportReport = { started: [], existing: [], failed: [], problems };
  for (const { file } of files) {
    try {
      const result = await startOneStopFile(client, file, { taskQueue: options.taskQueue });
      (result.created ? report.started : report.existing).push(file.code);
    } catch (err) {
      report.failed.push({ code: file.code, error: (err as Error).message });
    }
  }
  return report;
}

function withFileErrors<T>(reply: FastifyReply, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof FileInputError)) throw err;
    void reply.code(400).send({ error: err.message, problems: err.problems });
    return undefined;
  }
}

/** Admin and monitor read every file; an agency the files it processes or received. */
function assertMayRead(user: User, view: FileView): void {
  if (user.role !== 'agency') return;
  const mine = [...view.file.agencies, view.file.receivingUnit].some((a) => sameName(a, user.agency!));
  if (!mine) throw new AuthError(403, 'Cơ quan của bạn không tiếp nhận hoặc giải quyết hồ sơ này.');
}

