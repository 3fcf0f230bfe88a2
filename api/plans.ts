/** POST /api/plans: import a plan file (the raw file as the body) and start its task workflows. */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { ImportError } from '../domain/import';
import type { Plan, Task } from '../domain/plan';
import { safeUploadName } from '../domain/import/upload';
import { parseColumnOverrides, type ColumnOverrides } from '../domain/import/headers';
import { parsePlanUpload } from '../worker/upload-parser';
import { SUPPORTED_YEARS } from '../domain/dates';
import { AuthError, userOf } from './auth';
import type { Access } from './access';
import { ApiError } from './errors';
import { BODY_LIMITS } from './limits';
import { isIn, isNot } from './clauses';
import { listAll } from './visibility';
import { SA } from '../workflows/search-attributes';
import { previewImport } from '../worker/import-preview';
import { startImport } from '../worker/import-runner';
import { checkedChooser, ImportChoiceError, parseTemplateChoices, TEMPLATE_CHOICE_PATTERN, type TemplateFor, withChosenVersions } from '../worker/import-templates';
import type { ApiApp, ApiDeps } from './server';
import { errors, ImportReportSchema, RawFileSchema, SIGNED_IN_ERRORS } from './contract/schemas';

const MAX_TEMPLATE_CHOICES = 500;

const TemplateChoiceSchema = () =>
  z
    .string()
    .trim()
    .min(3)
    .max(300)
    .regex(TEMPLATE_CHOICE_PATTERN, 'template: phải có dạng mã-nhiệm-vụ=mã-mẫu hoặc mã-nhiệm-vụ=mã-mẫu@phiên-bản (ví dụ A-01=bao-cao-cchc-quy)');

const QuerySchema = z.object({
  filename: z
    .string()
    .min(1)
    .max(200)
    // eslint-disable-next-line no-control-regex
    .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'filename: tên tệp không hợp lệ (chứa ký tự điều khiển)'),
  year: z.coerce
    .number()
    .int()
    .min(SUPPORTED_YEARS.first, `year: năm của kế hoạch phải từ ${SUPPORTED_YEARS.first} đến ${SUPPORTED_YEARS.last}`)
    .max(SUPPORTED_YEARS.last, `year: năm của kế hoạch phải từ ${SUPPORTED_YEARS.first} đến ${SUPPORTED_YEARS.last}`)
    .optional(),
  jurisdiction: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .max(100)
    .optional(),
  /** The plan's title and number when the file does not carry them (as `dondoc import --title/--number`). */
  title: z.string().trim().min(1).max(500).optional(),
  number: z.string().trim().min(1).max(100).optional(),
  acceptProblems: z.enum(['true', 'false']).default('false'),
  dryRun: z.enum(['true', 'false']).default('false'),
  /** A plan already under way: 'track' from today (one current notice per late item), or 'history' (statuses only, no messages). */
  mode: z.enum(['track', 'history']).default('track'),
  /** A column's role when its header is not recognised, as `dondoc import --column "Tên cột=vai trò"`; repeatable. */
  column: z.union([z.string().min(1).max(300), z.array(z.string().min(1).max(300)).max(50)]).optional(),
  /** The template chosen for a task in the import preview, over the matching rules; repeatable, as `dondoc import --template`. */
  template: z
    .union([TemplateChoiceSchema(), z.array(TemplateChoiceSchema()).max(MAX_TEMPLATE_CHOICES, `template: tối đa ${MAX_TEMPLATE_CHOICES} lựa chọn mẫu trong một lần nhập`)])
    .optional()
    .describe(
      'Mẫu chọn trực tiếp cho một nhiệm vụ, thay cho quy tắc khớp: "mã-nhiệm-vụ=mã-mẫu" hoặc "mã-nhiệm-vụ=mã-mẫu@phiên-bản" (ví dụ A-01=bao-cao-cchc-quy); lặp lại tham số cho mỗi nhiệm vụ. Dùng cho cả xem trước (dryRun=true) và nhập thật.',
    ),
});

/** The column roles the user chose, folded header → role; a malformed value is a 400 in the one error shape. */
function columnOverrides(column: string | string[] | undefined): ColumnOverrides | undefined {
  if (column === undefined) return undefined;
  try {
    return parseColumnOverrides(typeof column === 'string' ? [column] : column);
  } catch (err) {
    throw new ApiError(400, `column: ${(err as Error).message}`);
  }
}

/** The template each task follows: the explicit choices (checked: a refusal is a 422 naming the task and the field), else the rules. */
async function chooser(deps: ApiDeps, result: { plan: Plan; tasks: Task[] }, template: string | string[] | undefined): Promise<TemplateFor> {
  const choices = parseTemplateChoices(template === undefined ? [] : typeof template === 'string' ? [template] : template);
  try {
    return checkedChooser(result.plan, result.tasks, await withChosenVersions(deps.db, choices), choices);
  } catch (err) {
    if (err instanceof ImportChoiceError) throw new ApiError(422, `template: ${err.message}`, { field: 'template', ref: err.ref });
    throw err;
  }
}

/** True when tasks of this plan already run for another jurisdiction (a re-import may not take them over). */
async function planBelongsElsewhere(client: Client, planId: string, jurisdiction: string): Promise<boolean> {
  for await (const _ of listAll(client, [isIn(SA.plan.name, [planId]), isNot(SA.jurisdiction.name, jurisdiction)], 1))
    return true;
  return false;
}

export function registerPlanRoutes(app: ApiApp, deps: ApiDeps & { access: Access }): void {
  const { access } = deps;

  app.post(
    '/plans',
    {
      bodyLimit: BODY_LIMITS.plan,
      config: { access: { roles: ['admin', 'monitor'] } },
      schema: {
        summary: 'Nhập tệp kế hoạch (XLSX, DOCX, CSV, văn bản) và bắt đầu theo dõi các nhiệm vụ; dryRun=true chỉ đọc thử.',
        tags: ['plans'],
        consumes: ['application/octet-stream'],
        querystring: QuerySchema,
        body: RawFileSchema,
        response: { 200: ImportReportSchema, 201: ImportReportSchema, ...errors(...SIGNED_IN_ERRORS, 422) },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const q = request.query;
      let fileName: string;
      try {
        fileName = safeUploadName(q.filename);
      } catch (err) {
        if (err instanceof ImportError) throw new ApiError(400, err.message, { problems: err.problems });
        throw err;
      }
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
        throw new ApiError(400, 'Gửi nội dung tệp kế hoạch làm thân yêu cầu (Content-Type: application/octet-stream).');
      }
      // A monitoring office imports for its own jurisdiction only.
      const jurisdiction = user.role === 'admin' ? q.jurisdiction : (q.jurisdiction ?? access.homeOf(user));
      if (jurisdiction !== undefined) access.assertCreateIn(user, jurisdiction);
      const columns = columnOverrides(q.column);
      const directory = await deps.directory.load();
      let result;
      try {
        // Parsed in a worker thread, with a row cap: a large workbook does not stall the API or the reminders.
        result = await parsePlanUpload({ fileName, data: request.body, directory, options: { year: q.year, jurisdiction, title: q.title, number: q.number, columns } });
      } catch (err) {
        if (err instanceof ImportError) throw new ApiError(422, err.message, { problems: err.problems });
        throw err;
      }
      access.assertCreateIn(user, result.plan.jurisdiction);
      const errors = result.problems.filter((p) => p.severity === 'error');
      // Each task follows the template chosen for it, else the one its rules match; the preview shows which, and the start uses it.
      const templateFor = await chooser(deps, result, q.template);
      if (q.dryRun === 'true') return { plan: result.plan, tasks: result.tasks, problems: result.problems, preview: previewImport(result, directory, { templateFor }) };
      if (errors.length > 0 && q.acceptProblems !== 'true') {
        throw new ApiError(422, `Tệp có ${errors.length} lỗi; sửa tệp hoặc gửi lại với acceptProblems=true.`, { problems: result.problems });
      }
      if (user.role !== 'admin' && (await planBelongsElsewhere(deps.client, result.plan.id, result.plan.jurisdiction))) {
        throw new AuthError(403, `Kế hoạch ${result.plan.id} đã được nhập cho đơn vị hành chính khác; tài khoản này không được nhập lại.`);
      }
      const report = await startImport(deps.client, result, directory, { taskQueue: deps.taskQueue, mode: q.mode, templateFor });
      return reply.code(report.started.length > 0 ? 201 : 200).send({ ...report, problems: result.problems });
    },
  );
}
