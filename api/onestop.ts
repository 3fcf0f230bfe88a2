/**
 * One-stop routes: intake (JSON, idempotent on the file code, so a one-stop system can call it as
 * a webhook and retry; CSV import), the file's events as Updates, the apology letter (HTML, .docx),
 * the public page of apologies (no login) and the monthly report (JSON, CSV, XLSX).
 */
import type { FastifyInstance } from 'fastify';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { rejectionReason } from './update-errors';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/common';
import { z } from 'zod';
import { vietnamDateOf } from '../domain/dates';
import type { Directory } from '../domain/directory';
import type { CsvProblem } from '../domain/onestop/csv';
import { readOneStopCsvFiles, type OneStopCsvFiles } from '../domain/onestop/csv-files';
import { ImportError } from '../domain/import/types';
import { parseOneStopCsvUpload } from '../worker/upload-parser';
import { resolveFileAgencies } from '../domain/onestop/directory';
import { fileWorkflowId, FileCodeSchema, FileInputError, parseOneStopFile, type OneStopFile } from '../domain/onestop/file';
import { apologyLetter, renderLetterHtml } from '../domain/onestop/letter';
import { DEFAULT_FILE_POLICY, FilePolicySchema, type FilePolicy } from '../domain/onestop/policy';
import { renderPublicPage } from '../domain/onestop/publication';
import { MonthSchema } from '../domain/onestop/report';
import { reportCsv } from '../domain/onestop/report-csv';
import { apologyLetterDocx, readMonthlyReport, reportXlsx } from '../activities/onestop';
import type { Database } from '../storage';
import { PublicationStore } from '../storage/onestop';
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
import { actorOf, AuthError, requireRole, userOf } from './auth';
import type { Access, Concern } from './access';
import { ApiError, notFound } from './errors';
import { BODY_LIMITS } from './limits';
import { differingFields, receivedAtProblem } from './intake-rules';
import { isClosedWorkflowError } from './tasks';
import { jurisdictionClause, quote, VisibilityValueSchema } from './visibility';

export const FILE_CLOSED = 'Hồ sơ đã kết thúc xử lý; không thể thực hiện thêm thao tác.';

export type OneStopDeps = {
  client: Client;
  taskQueue?: string;
  directory: { load(): Promise<Directory> };
  access: Access;
  /** dondoc's records: the one-stop file records and the published apologies. */
  db: Database;
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
  status: z
    .string()
    .regex(/^[a-z_]+$/)
    .optional(),
  outcome: z.enum(['early', 'on_time', 'late_with_apology', 'late_without_apology', 'withdrawn']).optional(),
  holder: VisibilityValueSchema('holder').optional(),
  jurisdiction: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

const ReportQuerySchema = z.object({
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  jurisdiction: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
});

const AGENCY_REFUSAL = 'Cơ quan của bạn không tiếp nhận hoặc giải quyết hồ sơ này.';

/** What a file concerns: its jurisdiction, the agencies that process it and the desk that received it. */
export function fileConcern(view: FileView): Concern {
  return { jurisdiction: view.file.jurisdiction, agencies: [...view.file.agencies, view.file.receivingUnit] };
}

export function registerOneStopRoutes(app: FastifyInstance, deps: OneStopDeps): void {
  const { client, access } = deps;
  const publications = new PublicationStore(deps.db);
  /** The file's workflow; 404 for a code that cannot be one. */
  const handleOf = (code: string) => {
    const parsed = FileCodeSchema.safeParse(code);
    if (!parsed.success) throw notFound();
    return client.workflow.getHandle(fileWorkflowId(parsed.data));
  };
  const viewOf = (code: string) => handleOf(code).query(fileStateQuery);

  app.post('/api/one-stop/files', async (request, reply) => {
    const user = userOf(request);
    requireRole(user, 'admin', 'monitor', 'agency', 'desk');
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new FileInputError(['Thân yêu cầu phải là một đối tượng JSON mô tả hồ sơ.']);
    const fields = body as Record<string, unknown>;
    const policy = 'policy' in fields ? (requireRole(user, 'admin'), FilePolicySchema.parse(fields.policy)) : undefined;
    const jurisdiction = access.intakeJurisdiction(user, fields.jurisdiction);
    const timing = receivedAtProblem(fields.receivedAt, user);
    if (timing) throw new ApiError(timing.status, timing.message);
    const file = prepareFile({ ...fields, policy: undefined, jurisdiction }, await deps.directory.load());
    access.assertIntake(user, file);
    const existing = await existingView(client, file.code);
    const result = existing ? { created: false, view: existing } : await startOneStopFile(client, file, { taskQueue: deps.taskQueue, policy });
    if (!result.created) {
      // A retried webhook gets its file back; nobody learns another file's content through a code.
      if (!access.mayRead(user, fileConcern(result.view))) throw new ApiError(409, `Mã hồ sơ ${file.code} đã được sử dụng.`);
      const differing = differingFields(result.view.file, file);
      if (differing.length > 0) {
        throw new ApiError(409, `Mã hồ sơ ${file.code} đã được đăng ký với nội dung khác ở: ${differing.join(', ')}.`, { fields: differing });
      }
    }
    return reply.code(result.created ? 201 : 200).send({ created: result.created, file: result.view });
  });

  app.post('/api/one-stop/files/import', { bodyLimit: BODY_LIMITS.csv }, async (request, reply) => {
    const user = userOf(request);
    requireRole(user, 'admin', 'monitor');
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
      return reply.code(400).send({ error: 'Gửi nội dung tệp CSV làm thân yêu cầu (Content-Type: text/csv).' });
    }
    const directory = await deps.directory.load();
    const home = access.homeOf(user);
    const check = (file: OneStopFile): string | null => {
      if (user.role !== 'admin' && file.jurisdiction !== home)
        return `hồ sơ thuộc đơn vị hành chính "${file.jurisdiction}"; tài khoản này chỉ nhập hồ sơ của "${home}".`;
      return receivedAtProblem(file.receivedAt, user)?.message ?? null;
    };
    let read: OneStopCsvFiles;
    try {
      read = await parseOneStopCsvUpload({ data: request.body, directory });
    } catch (err) {
      if (err instanceof ImportError) return reply.code(422).send({ error: err.message, problems: err.problems });
      throw err;
    }
    const report = await startOneStopFiles(client, read, { taskQueue: deps.taskQueue, check });
    const code = report.started.length > 0 ? 201 : report.problems.length > 0 && report.existing.length === 0 ? 422 : 200;
    return reply.code(code).send(report);
  });

  app.get('/api/one-stop/files', async (request) => {
    const user = userOf(request);
    const q = ListQuerySchema.parse(request.query);
    const scope = jurisdictionClause(access.readScope(user), q.jurisdiction);
    if (scope === null) return { files: [] };
    const clauses = [`DondocType = 'file'`, ...scope];
    if (q.status) clauses.push(`DondocStatus = ${quote(q.status)}`);
    if (q.outcome) clauses.push(`DondocOutcome = ${quote(q.outcome)}`);
    const holder = user.role === 'agency' ? user.agency! : q.holder;
    if (holder) clauses.push(`DondocLead = ${quote(holder)}`);
    const files = [];
    for await (const wf of client.workflow.list({ query: clauses.join(' AND ') })) {
      const sa = wf.typedSearchAttributes;
      const due = sa.get(SA.due);
      files.push({
        code: wf.workflowId.replace(/^file:/, ''),
        workflowId: wf.workflowId,
        jurisdiction: sa.get(SA.jurisdiction) ?? null,
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
    const user = userOf(request);
    const view = await viewOf(request.params.code);
    access.assertRead(user, fileConcern(view), AGENCY_REFUSAL);
    return view;
  });

  app.post<{ Params: { code: string; action: string }; Body: unknown }>('/api/one-stop/files/:code/:action', async (request, reply) => {
    const user = userOf(request);
    const { action, code } = request.params;
    if (!Object.hasOwn(ACTIONS, action)) throw new ApiError(404, `Không có thao tác "${action}". Các thao tác: ${Object.keys(ACTIONS).join(', ')}.`);
    const update = ACTIONS[action as keyof typeof ACTIONS];
    const handle = handleOf(code);
    access.assertAct(user, fileConcern(await handle.query(fileStateQuery)), AGENCY_REFUSAL);
    if ((await handle.describe()).status.name !== 'RUNNING') throw new ApiError(422, FILE_CLOSED);
    const body = typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body) ? request.body : {};
    try {
      return await handle.executeUpdate(update as typeof transferUpdate, { args: [{ ...body, actor: actorOf(user) } as never] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) return reply.code(422).send({ error: rejectionReason(err) });
      if (err instanceof WorkflowNotFoundError || isClosedWorkflowError(err)) throw new ApiError(422, FILE_CLOSED);
      throw err;
    }
  });

  app.get<{ Params: { code: string } }>('/api/one-stop/files/:code/apology.html', async (request, reply) => {
    const user = userOf(request);
    const view = await viewOf(request.params.code);
    access.assertRead(user, fileConcern(view), AGENCY_REFUSAL);
    return reply.type('text/html; charset=utf-8').send(renderLetterHtml(apologyLetter(view)));
  });

  app.get<{ Params: { code: string } }>('/api/one-stop/files/:code/apology.docx', async (request, reply) => {
    const user = userOf(request);
    const view = await viewOf(request.params.code);
    access.assertRead(user, fileConcern(view), AGENCY_REFUSAL);
    const letter = apologyLetter(view);
    const buffer = await apologyLetterDocx(letter);
    const name = `phieu-xin-loi-${view.file.code}${letter.draft ? '-du-thao' : ''}.docx`;
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(buffer);
  });

  app.get('/public/apologies', async (request, reply) => {
    const q = z
      .object({
        jurisdiction: z
          .string()
          .regex(/^[a-z0-9-]+$/)
          .optional(),
      })
      .parse(request.query);
    const items = await publications.list(q.jurisdiction ? { jurisdiction: q.jurisdiction } : {});
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(renderPublicPage(items, { generatedAt: new Date() }));
  });

  app.get<{ Params: { month: string } }>('/api/one-stop/reports/:month', async (request, reply) => {
    const user = userOf(request);
    requireRole(user, 'admin', 'monitor', 'viewer');
    const month = MonthSchema.parse(request.params.month);
    const q = ReportQuerySchema.parse(request.query);
    const scope = access.readScope(user);
    if (scope.jurisdictions !== 'all' && q.jurisdiction && !scope.jurisdictions.includes(q.jurisdiction)) {
      throw new AuthError(403, 'Chỉ xem được báo cáo của đơn vị mình và các đơn vị cấp dưới.');
    }
    const jurisdiction = q.jurisdiction ?? (user.role === 'monitor' || user.role === 'viewer' ? (user.jurisdiction ?? undefined) : undefined);
    const report = await readMonthlyReport(deps.db, month, jurisdiction ? { jurisdiction } : {});
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

/** The file under this code as it is now, or null when no workflow has it. */
async function existingView(client: Client, code: string): Promise<FileView | null> {
  try {
    return await client.workflow.getHandle(fileWorkflowId(code)).query(fileStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

export type CsvImportReport = { started: string[]; existing: string[]; failed: { code: string; error: string }[]; problems: CsvProblem[] };

/** The CSV's files, checked against the schema and the directory; rows with a problem are left out and reported. */
export function readOneStopCsv(text: string, directory: Directory): OneStopCsvFiles {
  return readOneStopCsvFiles(text, directory);
}

/** Starts a workflow per valid row of the CSV (rows with problems are reported and skipped). */
export async function importOneStopCsv(
  client: Client,
  text: string,
  directory: Directory,
  options: { taskQueue?: string; check?: (file: OneStopFile) => string | null } = {},
): Promise<CsvImportReport> {
  return startOneStopFiles(client, readOneStopCsv(text, directory), options);
}

/** Starts a workflow per file read from a CSV; files the check refuses become problems of their row. */
export async function startOneStopFiles(
  client: Client,
  read: OneStopCsvFiles,
  options: { taskQueue?: string; check?: (file: OneStopFile) => string | null } = {},
): Promise<CsvImportReport> {
  const problems = [...read.problems];
  const report: CsvImportReport = { started: [], existing: [], failed: [], problems };
  for (const { row, file } of read.files) {
    const refusal = options.check?.(file);
    if (refusal) {
      problems.push({ row, column: null, message: refusal });
      continue;
    }
    try {
      const result = await startOneStopFile(client, file, { taskQueue: options.taskQueue });
      (result.created ? report.started : report.existing).push(file.code);
    } catch (err) {
      report.failed.push({ code: file.code, error: (err as Error).message });
    }
  }
  problems.sort((a, b) => a.row - b.row);
  return report;
}
