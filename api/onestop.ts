/**
 * One-stop routes: intake (JSON, idempotent on the file code, so a one-stop system can call it as
 * a webhook and retry; CSV import), the file's events as Updates, the apology letter (HTML, .docx),
 * the public page of apologies (no login) and the monthly report (JSON, CSV, XLSX).
 */
import type { FastifyRequest } from 'fastify';
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
import { fileWorkflowId, FileCodeSchema, FileInputError, OneStopFileSchema, parseOneStopFile, type OneStopFile } from '../domain/onestop/file';
import { apologyLetter, renderLetterHtml } from '../domain/onestop/letter';
import { DEFAULT_FILE_POLICY, FilePolicySchema, type FilePolicy } from '../domain/onestop/policy';
import { MonthSchema, REPORT_COLUMNS, type MonthlyReport } from '../domain/onestop/report';
import { reportCsv } from '../domain/onestop/report-csv';
import { apologyLetterDocx, readMonthlyReport, reportXlsx } from '../activities/onestop';
import type { Database } from '../storage';
import { SA } from '../workflows/search-attributes';
import { TASK_QUEUE } from '../workflows/task-api';
import {
  AcknowledgeFileSchema,
  DocumentsReceivedSchema,
  RequestDocumentsSchema,
  ResultSchema,
  SubmitApologySchema,
  TransferSchema,
  WithdrawSchema,
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
  type OneStopFileWorkflowInput,
} from '../workflows/onestop-api';
import { CURRENT_GENERATION } from '../workflows/patches';
import { actorOf, AuthError, requireRole, userOf } from './auth';
import type { Access, Concern } from './access';
import { ApiError, notFound } from './errors';
import { BODY_LIMITS } from './limits';
import {
  chooseFileTemplate,
  differingFields,
  fileTemplateMemo,
  fileTemplateOfMemo,
  fileTemplateChoice,
  IntakeTemplateIdSchema,
  loadFileTemplates,
  receivedAtProblem,
  type FileTemplate,
} from './intake-rules';
import { TemplateChoiceError } from '../domain/templates/match';
import { TemplateStore } from '../storage/templates';
import { isClosedWorkflowError } from './tasks';
import { jurisdictionClause, listPage, VisibilityValueSchema, workflowsOf } from './visibility';
import { isIn } from './clauses';
import { fileOf, type ResourceAction } from './contract/access-rules';
import {
  CursorSchema,
  download,
  errors,
  FileSummarySchema,
  FileViewSchema,
  page,
  RawFileSchema,
  SIGNED_IN_ERRORS,
  withoutActor,
  BinarySchema,
} from './contract/schemas';
import type { ApiApp } from './server';

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
  transfer: { update: transferUpdate, body: TransferSchema, summary: 'Chuyển hồ sơ cho cơ quan tiếp theo.' },
  'request-documents': {
    update: requestDocumentsUpdate,
    body: RequestDocumentsSchema,
    summary: 'Yêu cầu bổ sung, hoàn thiện hồ sơ (thời hạn tính lại khi nhận đủ).',
  },
  'documents-received': { update: documentsReceivedUpdate, body: DocumentsReceivedSchema, summary: 'Đã nhận đủ giấy tờ bổ sung.' },
  'result-ready': { update: resultReadyUpdate, body: ResultSchema, summary: 'Đã có kết quả giải quyết.' },
  'result-returned': { update: resultReturnedUpdate, body: ResultSchema, summary: 'Đã trả kết quả cho người nộp.' },
  withdraw: { update: withdrawUpdate, body: WithdrawSchema, summary: 'Người nộp rút hồ sơ.' },
  apology: { update: submitApologyUpdate, body: SubmitApologySchema, summary: 'Ghi nhận phiếu xin lỗi và ngày hẹn lại.' },
  acknowledge: { update: acknowledgeFileUpdate, body: AcknowledgeFileSchema, summary: 'Xác nhận đã nhận cảnh báo ở một cấp.' },
} as const;

export type StartResult = { created: boolean; view: FileView & { template: FileTemplate | null } };

/** How a file's workflow starts (here and in the benchmarks): its id, input and first search attributes. */
export function fileWorkflowStart(file: OneStopFile, options: { taskQueue?: string; policy?: FilePolicy; template?: FileTemplate } = {}) {
  const input: OneStopFileWorkflowInput = { file, policy: options.policy ?? DEFAULT_FILE_POLICY, patches: CURRENT_GENERATION };
  return {
    workflowId: fileWorkflowId(file.code),
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    args: [input] as [OneStopFileWorkflowInput],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    ...(options.template ? { memo: fileTemplateMemo(options.template) } : {}),
    typedSearchAttributes: [
      { key: SA.type, value: 'file' },
      { key: SA.jurisdiction, value: file.jurisdiction },
      { key: SA.leads, value: [file.agencies[0]!] },
    ],
  };
}

/**
 * Starts the file's workflow unless it exists (running or closed): the workflow id is
 * `file:<code>`, so calling twice with the same code starts one workflow and returns its view.
 */
export async function startOneStopFile(
  client: Client,
  file: OneStopFile,
  options: { taskQueue?: string; policy?: FilePolicy; template?: FileTemplate } = {},
): Promise<StartResult> {
  const workflowId = fileWorkflowId(file.code);
  let created = false;
  try {
    await client.workflow.start('oneStopFileWorkflow', fileWorkflowStart(file, options));
    created = true;
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  const view = await settledView(client, workflowId);
  return { created, view: { ...view, template: created ? (options.template ?? null) : await fileTemplateOf(client, file.code) } };
}

/** The template a file follows (its workflow's memo), or null. */
export async function fileTemplateOf(client: Client, code: string): Promise<FileTemplate | null> {
  return fileTemplateOfMemo((await client.workflow.getHandle(fileWorkflowId(code)).describe()).memo);
}

/** The template a file follows and its policy; a bad choice is a 422 naming the field. */
async function templateForIntake(templates: TemplateStore, file: OneStopFile, explicit?: string) {
  try {
    return await chooseFileTemplate(templates, file, explicit);
  } catch (err) {
    if (err instanceof TemplateChoiceError) throw new ApiError(422, err.message, { field: 'template' });
    throw err;
  }
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
    .max(50)
    .optional(),
  outcome: z.enum(['early', 'on_time', 'late_with_apology', 'late_without_apology', 'withdrawn']).optional(),
  holder: VisibilityValueSchema('holder').optional(),
  jurisdiction: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  cursor: CursorSchema.optional(),
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

/** The access rule of a file (api/contract/access-rules.ts): its view, if the caller may read (or act on) it. */
export function fileChecks(client: Client, access: Access) {
  return async (request: FastifyRequest, code: string, action: ResourceAction): Promise<FileView> => {
    const parsed = FileCodeSchema.safeParse(code);
    if (!parsed.success) throw notFound();
    const view = await client.workflow.getHandle(fileWorkflowId(parsed.data)).query(fileStateQuery);
    const user = userOf(request);
    if (action === 'act') access.assertAct(user, fileConcern(view), AGENCY_REFUSAL);
    else access.assertRead(user, fileConcern(view), AGENCY_REFUSAL);
    return view;
  };
}

const FileParamsSchema = z.object({ code: FileCodeSchema.describe('Mã hồ sơ, ví dụ 000.00.12.H57-250101-0001.') });

/** What an intake (a one-stop system's webhook) sends: the file; its jurisdiction is the caller's unless an admin names one; a policy only from an admin. */
const IntakeSchema = z
  .object({
    ...OneStopFileSchema.shape,
    jurisdiction: OneStopFileSchema.shape.jurisdiction.optional(),
    policy: FilePolicySchema.optional().describe('Chính sách nhắc việc riêng cho hồ sơ (chỉ quản trị viên).'),
    template: IntakeTemplateIdSchema.optional(),
  })
  .meta({ id: 'OneStopIntake' });

const IntakeAnswerSchema = z.object({ created: z.boolean(), file: FileViewSchema });

const CsvImportReportSchema = z.object({
  started: z.array(z.string()),
  existing: z.array(z.string()),
  failed: z.array(z.object({ code: z.string(), error: z.string() })),
  problems: z.array(z.looseObject({ row: z.number(), message: z.string() })),
});

export function registerOneStopRoutes(app: ApiApp, deps: OneStopDeps): void {
  const { client, access } = deps;
  const templates = new TemplateStore(deps.db);

  app.post(
    '/one-stop/files',
    {
      config: { access: { roles: ['admin', 'monitor', 'agency', 'desk'] } },
      schema: {
        summary: 'Đăng ký hồ sơ một cửa (webhook của hệ thống một cửa). Gửi lại cùng mã hồ sơ với cùng nội dung trả về hồ sơ đã có (200); nội dung khác: 409.',
        tags: ['one-stop'],
        body: IntakeSchema,
        response: { 200: IntakeAnswerSchema, 201: IntakeAnswerSchema, ...errors(...SIGNED_IN_ERRORS, 409, 422) },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const { policy, template: templateId, jurisdiction: requested, ...fields } = request.body;
      if (policy !== undefined) requireRole(user, 'admin');
      const jurisdiction = access.intakeJurisdiction(user, requested);
      const timing = receivedAtProblem(fields.receivedAt, user);
      if (timing) throw new ApiError(timing.status, timing.message);
      const file = prepareFile({ ...fields, jurisdiction }, await deps.directory.load());
      access.assertIntake(user, file);
      if (policy !== undefined && templateId !== undefined)
        throw new ApiError(422, 'template: gửi mẫu nhắc việc hoặc chính sách riêng (policy), không gửi cả hai.', { field: 'template' });
      const chosen = policy === undefined ? await templateForIntake(templates, file, templateId) : null;
      const existing = await existingView(client, file.code);
      const result = existing
        ? { created: false, view: { ...existing, template: await fileTemplateOf(client, file.code) } }
        : await startOneStopFile(client, file, {
            taskQueue: deps.taskQueue,
            policy: policy ?? chosen?.policy,
            ...(chosen ? { template: chosen.template } : {}),
          });
      if (!result.created) {
        // A retried webhook gets its file back; nobody learns another file's content through a code.
        if (!access.mayRead(user, fileConcern(result.view))) throw new ApiError(409, `Mã hồ sơ ${file.code} đã được sử dụng.`);
        const differing = differingFields(result.view.file, file);
        if (differing.length > 0) {
          throw new ApiError(409, `Mã hồ sơ ${file.code} đã được đăng ký với nội dung khác ở: ${differing.join(', ')}.`, { fields: differing });
        }
      }
      return reply.code(result.created ? 201 : 200).send({ created: result.created, file: result.view });
    },
  );

  app.post(
    '/one-stop/files/import',
    {
      bodyLimit: BODY_LIMITS.csv,
      config: { access: { roles: ['admin', 'monitor'] } },
      schema: {
        summary: 'Nhập hồ sơ từ tệp CSV xuất từ hệ thống một cửa (mỗi dòng một hồ sơ; dòng lỗi được báo và bỏ qua).',
        tags: ['one-stop'],
        consumes: ['text/csv'],
        body: RawFileSchema,
        response: { 200: CsvImportReportSchema, 201: CsvImportReportSchema, ...errors(...SIGNED_IN_ERRORS, 422) },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
        throw new ApiError(400, 'Gửi nội dung tệp CSV làm thân yêu cầu (Content-Type: text/csv).');
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
        if (err instanceof ImportError) throw new ApiError(422, err.message, { problems: err.problems });
        throw err;
      }
      const known = await loadFileTemplates(templates);
      const report = await startOneStopFiles(client, read, {
        taskQueue: deps.taskQueue,
        check,
        chooseTemplate: async (file) => fileTemplateChoice(known, file),
      });
      if (report.started.length === 0 && report.existing.length === 0 && report.problems.length > 0) {
        // Nothing imported: an error like every other, with the report.
        throw new ApiError(422, `Không nhập được hồ sơ nào: ${report.problems.length} vấn đề trong tệp.`, report);
      }
      return reply.code(report.started.length > 0 ? 201 : 200).send(report);
    },
  );

  app.get(
    '/one-stop/files',
    {
      config: { access: { roles: 'any' } },
      schema: {
        summary: 'Danh sách hồ sơ trong phạm vi của tài khoản, lọc ở máy chủ; phân trang bằng con trỏ.',
        tags: ['one-stop'],
        querystring: ListQuerySchema,
        response: { 200: page('files', FileSummarySchema), ...errors(400, 401) },
      },
    },
    async (request) => {
      const user = userOf(request);
      const q = request.query;
      const scope = jurisdictionClause(access.readScope(user), q.jurisdiction);
      if (scope === null) return { files: [] };
      const clauses = [...workflowsOf(['file']), ...scope];
      if (q.status) clauses.push(isIn(SA.status.name, [q.status]));
      if (q.outcome) clauses.push(isIn(SA.outcome.name, [q.outcome]));
      const holder = user.role === 'agency' ? user.agency! : q.holder;
      if (holder) clauses.push(isIn(SA.leads.name, [holder]));
      const found = await listPage(client, clauses, q.limit, q.cursor);
      const files = found.executions.map((wf) => {
        const sa = wf.typedSearchAttributes;
        const due = sa.get(SA.due);
        return {
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
        };
      });
      return { files, ...(found.next ? { next: found.next } : {}) };
    },
  );

  app.get(
    '/one-stop/files/:code',
    {
      config: { access: { roles: 'any', file: 'read' } },
      schema: {
        summary: 'Một hồ sơ: trạng thái, ngày hẹn, diễn biến.',
        tags: ['one-stop'],
        params: FileParamsSchema,
        response: { 200: FileViewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({ ...fileOf(request), template: await fileTemplateOf(client, request.params.code) }),
  );

  for (const [action, { update, body, summary }] of Object.entries(ACTIONS)) {
    app.post(
      `/one-stop/files/:code/${action}`,
      {
        config: { access: { roles: 'any', file: 'act' } },
        schema: {
          summary,
          tags: ['one-stop'],
          params: FileParamsSchema,
          body: withoutActor(body),
          response: { 200: FileViewSchema, ...errors(...SIGNED_IN_ERRORS, 404, 422) },
        },
      },
      async (request, reply) => {
        const user = userOf(request);
        const handle = client.workflow.getHandle(fileOf(request).workflowId);
        if ((await handle.describe()).status.name !== 'RUNNING') throw new ApiError(422, FILE_CLOSED);
        try {
          return await handle.executeUpdate(update as typeof transferUpdate, { args: [{ ...request.body, actor: actorOf(user) } as never] });
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError) throw new ApiError(422, rejectionReason(err));
          if (err instanceof WorkflowNotFoundError || isClosedWorkflowError(err)) throw new ApiError(422, FILE_CLOSED);
          throw err;
        }
      },
    );
  }

  app.get(
    '/one-stop/files/:code/apology.html',
    {
      config: { access: { roles: 'any', file: 'read' } },
      schema: {
        summary: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả (trang in).',
        tags: ['one-stop'],
        params: FileParamsSchema,
        response: { 200: download('text/html', 'Phiếu xin lỗi (HTML).'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.type('text/html; charset=utf-8').send(renderLetterHtml(apologyLetter(fileOf(request)))),
  );

  app.get(
    '/one-stop/files/:code/apology.docx',
    {
      config: { access: { roles: 'any', file: 'read' } },
      schema: {
        summary: 'Phiếu xin lỗi (tệp Word).',
        tags: ['one-stop'],
        params: FileParamsSchema,
        response: { 200: download(DOCX, 'Phiếu xin lỗi (.docx).'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const view = fileOf(request);
      const letter = apologyLetter(view);
      const buffer = await apologyLetterDocx(letter);
      const name = `phieu-xin-loi-${view.file.code}${letter.draft ? '-du-thao' : ''}.docx`;
      return reply.type(DOCX).header('content-disposition', `attachment; filename="${name}"`).send(buffer);
    },
  );

  app.get(
    '/one-stop/reports/:month',
    {
      config: { access: { roles: ['admin', 'monitor', 'viewer', 'desk'] } },
      schema: {
        summary: 'Báo cáo tháng về hồ sơ một cửa (JSON, CSV hoặc XLSX) của đơn vị mình và các đơn vị cấp dưới; JSON kèm tên các cột.',
        tags: ['one-stop'],
        params: z.object({ month: MonthSchema }),
        querystring: ReportQuerySchema,
        response: {
          200: {
            description: 'Báo cáo tháng.',
            content: {
              'application/json': { schema: z.looseObject({}) },
              'text/csv': { schema: BinarySchema },
              [XLSX]: { schema: BinarySchema },
            },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const { month } = request.params;
      const q = request.query;
      const scope = access.readScope(user);
      if (scope.jurisdictions !== 'all' && q.jurisdiction && !scope.jurisdictions.includes(q.jurisdiction)) {
        throw new AuthError(403, 'jurisdiction: chỉ xem được báo cáo của đơn vị mình và các đơn vị cấp dưới.');
      }
      const jurisdiction = q.jurisdiction ?? access.homeOf(user);
      const report = await readMonthlyReport(deps.db, month, jurisdiction ? { jurisdiction } : {});
      const base = `bao-cao-mot-cua-${month}${jurisdiction ? `-${jurisdiction}` : ''}`;
      switch (q.format) {
        case 'csv':
          return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${base}.csv"`).send(reportCsv(report));
        case 'xlsx':
          return reply
            .type(XLSX)
            .header('content-disposition', `attachment; filename="${base}.xlsx"`)
            .send(await reportXlsx([report]));
        default:
          return { ...report, columns: REPORT_COLUMNS } satisfies MonthlyReportAnswer;
      }
    },
  );
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The file under this code as it is now, or null when no workflow has it. */
async function existingView(client: Client, code: string): Promise<FileView | null> {
  try {
    return await client.workflow.getHandle(fileWorkflowId(code)).query(fileStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

/** The monthly report as JSON: its rows, and its columns named in Vietnamese (for a page that shows them). */
export type MonthlyReportAnswer = MonthlyReport & { columns: typeof REPORT_COLUMNS };

export type CsvImportReport = { started: string[]; existing: string[]; failed: { code: string; error: string }[]; problems: CsvProblem[] };

/** The CSV's files, checked against the schema and the directory; rows with a problem are left out and reported. */
export function readOneStopCsv(text: string, directory: Directory): OneStopCsvFiles {
  return readOneStopCsvFiles(text, directory);
}

/** Starts a workflow per file read from a CSV; files the check refuses become problems of their row. */
export async function startOneStopFiles(
  client: Client,
  read: OneStopCsvFiles,
  options: {
    taskQueue?: string;
    check?: (file: OneStopFile) => string | null;
    /** The template each file follows (its rules, else the shipped one); none: the default file policy. */
    chooseTemplate?: (file: OneStopFile) => Promise<{ template: FileTemplate; policy: FilePolicy } | null>;
  } = {},
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
      const chosen = (await options.chooseTemplate?.(file)) ?? null;
      const result = await startOneStopFile(client, file, {
        taskQueue: options.taskQueue,
        ...(chosen ? { policy: chosen.policy, template: chosen.template } : {}),
      });
      (result.created ? report.started : report.existing).push(file.code);
    } catch (err) {
      report.failed.push({ code: file.code, error: (err as Error).message });
    }
  }
  problems.sort((a, b) => a.row - b.row);
  return report;
}
