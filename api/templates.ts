/**
 * Task templates over HTTP (admin: create, edit as a new version, clone, retire, restore, move
 * tasks to a newer version; admin and monitor: read, preview without saving, start tasks from a
 * template for a set of agencies or a group in their jurisdiction). Routes are relative: the
 * server registers this plugin under its API prefixes. Who may call each route is its
 * `config.access` (api/contract/access-rules.ts); errors are ApiError with Vietnamese text.
 */
import type { FastifyInstance } from 'fastify';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentCalendar } from '../activities/calendar';
import { addDays, IsoDateSchema } from '../domain/dates';
import { findAgency, findGroup, groupMembers } from '../domain/agencies';
import { isWithin } from '../domain/jurisdictions';
import { PlanSchema, TaskSchema, type Plan, type Task } from '../domain/plan';
import { parseDeadline } from '../domain/deadline';
import { LIMITS } from '../domain/input-limits';
import {
  TemplateSchema,
  TemplateUseError,
  describeDeadlineRule,
  previewTemplate,
  readDeadlineRule,
  toTaskPolicy,
  type Template,
  type TemplateRef,
} from '../domain/templates';
import { moveTemplateUpdate, stateQuery, type TaskView } from '../workflows/task-api';
import { SA } from '../workflows/search-attributes';
import { startImport } from '../worker/import-runner';
import type { Database } from '../storage';
import type { DirectoryStore } from '../storage/directory';
import { TemplateStore, TemplateStoreError, type TemplateVersion } from '../storage/templates';
import { actorOf, userOf } from './auth';
import type { Access } from './access';
import { ApiError } from './errors';
import { errors, SIGNED_IN_ERRORS } from './contract/schemas';
import { rejectionReason } from './update-errors';
import { listAll, RUNNING } from './visibility';
import { isIn } from './clauses';

export type TemplateRouteDeps = { client: Client; taskQueue: string; db: Database; directory: DirectoryStore; access: Access };

const TemplateIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'mã mẫu chỉ gồm chữ thường không dấu, chữ số và gạch ngang');
const IdParams = z.object({ id: TemplateIdSchema });
const VersionParams = z.object({ id: TemplateIdSchema, version: z.coerce.number().int().min(1).max(100_000) });
const TaskIdSchema = z.string().regex(/^task:[^\u0000-\u001f\u007f]{1,590}$/, 'mã nhiệm vụ phải có dạng task:<kế hoạch>:<số thứ tự>');
const YearSchema = z.number().int().min(2021).max(2040);

const TemplateVersionSchema = z.looseObject({
  id: z.string(),
  version: z.number().int(),
  template: z.looseObject({ name: z.string() }),
  savedBy: z.string(),
  savedAt: z.string(),
  retiredAt: z.string().nullable(),
  deadlineReading: z.string(),
});

const SampleSchema = z.object({
  title: z.string().trim().min(1).max(LIMITS.DOCUMENT_TEXT).default('Nhiệm vụ mẫu'),
  planTitle: z.string().max(LIMITS.DOCUMENT_TEXT).nullable().default('Kế hoạch mẫu'),
  product: z.string().max(LIMITS.DOCUMENT_TEXT).nullable().default(null),
  lead: z.string().trim().min(1).max(LIMITS.NAME).default('Sở Nội vụ'),
  deadlineText: z.string().max(LIMITS.REASON).nullable().default(null),
  jurisdiction: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .max(100)
    .optional(),
});

const PreviewBodySchema = z.object({
  /** A template not saved yet, or a saved one by id (and version). */
  template: z.union([z.object({ id: TemplateIdSchema, version: z.number().int().min(1).optional() }), z.looseObject({ name: z.string() })]),
  sample: SampleSchema.default({ title: 'Nhiệm vụ mẫu', planTitle: 'Kế hoạch mẫu', product: null, lead: 'Sở Nội vụ', deadlineText: null }),
  due: IsoDateSchema,
  start: IsoDateSchema,
  until: IsoDateSchema.optional(),
});

const StartBodySchema = z
  .object({
    version: z.number().int().min(1).optional(),
    /** Lead agencies (names, aliases or ids of the directory), or one group whose members each answer for themselves. */
    agencies: z.array(z.string().trim().min(1).max(LIMITS.NAME)).max(LIMITS.LIST).optional(),
    group: z.string().trim().min(1).max(LIMITS.NAME).optional(),
    jurisdiction: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .max(100)
      .optional(),
    year: YearSchema,
    planId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'mã kế hoạch chỉ gồm chữ thường không dấu, chữ số và gạch ngang')
      .max(LIMITS.CODE)
      .optional(),
    planTitle: z.string().trim().min(1).max(LIMITS.REASON).optional(),
    ref: z.string().trim().min(1).max(LIMITS.CODE).optional(),
    title: z.string().trim().min(1).max(LIMITS.DOCUMENT_TEXT).optional(),
    product: z.string().trim().min(1).max(LIMITS.DOCUMENT_TEXT).optional(),
    /** A deadline phrase instead of the template's rule. */
    deadlineText: z.string().trim().min(1).max(LIMITS.REASON).optional(),
  })
  .refine((b) => (b.agencies?.length ?? 0) > 0 !== (b.group !== undefined), 'cần đúng một trong hai: danh sách cơ quan (agencies) hoặc một nhóm (group)');

const MoveBodySchema = z
  .object({
    /** The version to move to (the newest when absent). */
    version: z.number().int().min(1).optional(),
    taskIds: z.array(TaskIdSchema).max(500).optional(),
    /** Every running task of the template on an older version. */
    all: z.literal(true).optional(),
  })
  .refine((b) => (b.taskIds !== undefined) !== (b.all === true), 'cần đúng một trong hai: danh sách nhiệm vụ (taskIds) hoặc tất cả (all: true)');

const MoveResultSchema = z.object({
  template: z.object({ id: z.string(), version: z.number().int() }),
  moved: z.array(z.string()),
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
});

/** JSON-ready: dates as ISO text, the deadline rule as dondoc reads it. */
function shown(v: TemplateVersion) {
  return {
    id: v.id,
    version: v.version,
    template: v.template,
    savedBy: v.savedBy,
    savedAt: v.savedAt.toISOString(),
    retiredAt: v.retiredAt?.toISOString() ?? null,
    deadlineReading: describeDeadlineRule(v.template.deadline, new Date().getUTCFullYear()),
  };
}

/** Store refusals and templates that cannot drive a task, as API errors. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TemplateStoreError) throw new ApiError(error.status, error.message);
    if (error instanceof TemplateUseError) throw new ApiError(422, error.message);
    throw error;
  }
}

export function registerTemplateRoutes(app: FastifyInstance, deps: TemplateRouteDeps): void {
  const store = new TemplateStore(deps.db);
  void app.register(async (plugin) => {
    plugin.setValidatorCompiler(validatorCompiler);
    plugin.setSerializerCompiler(serializerCompiler);
    routes(plugin, deps, store);
  });
}

function routes(plugin: FastifyInstance, deps: TemplateRouteDeps, store: TemplateStore): void {
  const zapi = plugin.withTypeProvider<ZodTypeProvider>();
  const readers = { roles: ['admin', 'monitor'] as const };
  const admins = { roles: ['admin'] as const };

  zapi.get(
    '/templates',
    {
      config: { access: readers },
      schema: {
        summary: 'Các mẫu nhiệm vụ (phiên bản mới nhất của mỗi mẫu).',
        tags: ['templates'],
        querystring: z.object({ includeRetired: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ templates: z.array(TemplateVersionSchema.extend({ versions: z.number().int() })) }), ...errors(401, 403) },
      },
    },
    async (request) => ({
      templates: (await store.list({ includeRetired: request.query.includeRetired === 'true' })).map((t) => ({ ...shown(t), versions: t.versions })),
    }),
  );

  zapi.get(
    '/templates/:id',
    {
      config: { access: readers },
      schema: {
        summary: 'Một mẫu: phiên bản mới nhất và danh sách mọi phiên bản (ai lưu, khi nào).',
        tags: ['templates'],
        params: IdParams,
        response: {
          200: TemplateVersionSchema.extend({
            versions: z.array(z.object({ version: z.number().int(), name: z.string(), savedBy: z.string(), savedAt: z.string() })),
          }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) =>
      answering(async () => ({
        ...shown(await store.get(request.params.id)),
        versions: (await store.versions(request.params.id)).map((v) => ({ ...v, savedAt: v.savedAt.toISOString() })),
      })),
  );

  zapi.get(
    '/templates/:id/versions/:version',
    {
      config: { access: readers },
      schema: {
        summary: 'Một phiên bản của mẫu.',
        tags: ['templates'],
        params: VersionParams,
        response: { 200: TemplateVersionSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => answering(async () => shown(await store.get(request.params.id, request.params.version))),
  );

  zapi.post(
    '/templates',
    {
      config: { access: admins },
      schema: {
        summary: 'Tạo mẫu mới (phiên bản 1); lỗi nêu trường và vị trí (cấp báo cáo, loại thư, trường thay thế).',
        tags: ['templates'],
        body: TemplateSchema,
        response: { 201: TemplateVersionSchema, ...errors(...SIGNED_IN_ERRORS) },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      return reply.code(201).send(shown(await store.create(request.body, { name: user.name, role: user.role })));
    },
  );

  zapi.put(
    '/templates/:id',
    {
      config: { access: admins },
      schema: {
        summary: 'Lưu thay đổi thành phiên bản mới (mọi phiên bản được giữ; nhiệm vụ đang chạy giữ phiên bản cũ đến khi được chuyển).',
        tags: ['templates'],
        params: IdParams,
        body: TemplateSchema,
        response: { 201: TemplateVersionSchema, ...errors(...SIGNED_IN_ERRORS, 404, 409) },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      return reply.code(201).send(shown(await answering(() => store.saveVersion(request.params.id, request.body, { name: user.name, role: user.role }))));
    },
  );

  zapi.post(
    '/templates/:id/clone',
    {
      config: { access: admins },
      schema: {
        summary: 'Sao chép một phiên bản thành mẫu mới.',
        tags: ['templates'],
        params: IdParams,
        body: z.object({ name: z.string().trim().min(1).max(LIMITS.NAME).optional(), version: z.number().int().min(1).optional() }).default({}),
        response: { 201: TemplateVersionSchema, ...errors(...SIGNED_IN_ERRORS, 404) },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      return reply.code(201).send(shown(await answering(() => store.clone(request.params.id, { name: user.name, role: user.role }, request.body))));
    },
  );

  for (const [verb, summary] of [
    ['retire', 'Ngừng sử dụng mẫu (không áp dụng cho nhiệm vụ mới; nhiệm vụ đang chạy không đổi).'],
    ['restore', 'Khôi phục mẫu đã ngừng sử dụng.'],
  ] as const) {
    zapi.post(
      `/templates/:id/${verb}`,
      {
        config: { access: admins },
        schema: { summary, tags: ['templates'], params: IdParams, response: { 200: TemplateVersionSchema, ...errors(...SIGNED_IN_ERRORS, 404, 409) } },
      },
      async (request) => {
        const user = userOf(request);
        const who = { name: user.name, role: user.role };
        return shown(await answering(() => (verb === 'retire' ? store.retire(request.params.id, who) : store.restore(request.params.id, who))));
      },
    );
  }

  zapi.post(
    '/templates/preview',
    {
      config: { access: readers },
      schema: {
        summary: 'Xem trước, không lưu: mọi lần nhắc việc, chuyển trạng thái và báo cáo lên cấp trên của một nhiệm vụ mẫu, với ngày, nơi nhận và nội dung thư.',
        tags: ['templates'],
        body: PreviewBodySchema,
        response: {
          200: z.object({ deadlineReading: z.string(), entries: z.array(z.looseObject({ at: z.string(), type: z.string() })) }),
          ...errors(...SIGNED_IN_ERRORS, 404),
        },
      },
    },
    async (request) => {
      const user = userOf(request);
      const body = request.body;
      const { template, ref } = await answering(async () => {
        if ('id' in body.template && typeof body.template.id === 'string' && !('name' in body.template)) {
          const saved = await store.get(body.template.id, (body.template as { version?: number }).version);
          return { template: saved.template, ref: { id: saved.id, version: saved.version } as TemplateRef | undefined };
        }
        return { template: TemplateSchema.parse(body.template), ref: undefined };
      });
      if (body.due < body.start) throw new ApiError(400, 'due: hạn hoàn thành không được trước ngày bắt đầu.');
      const until = body.until ?? addDays(body.due, 60);
      if (until > addDays(body.due, 400)) throw new ApiError(400, 'until: chỉ xem trước tối đa 400 ngày sau hạn.');
      const directory = await deps.directory.load();
      const jurisdiction = body.sample.jurisdiction ?? deps.access.jurisdictionOf(user) ?? directory.jurisdictions[0]!.id;
      const sample = { ...body.sample, jurisdiction, explanation: body.sample.deadlineText };
      const entries = previewTemplate(template, sample, body.due, body.start, currentCalendar(), { until, directory, ref });
      return { deadlineReading: describeDeadlineRule(template.deadline, Number(body.due.slice(0, 4))), entries };
    },
  );

  zapi.post(
    '/templates/:id/start',
    {
      config: { access: readers },
      schema: {
        summary: 'Bắt đầu theo dõi một nhiệm vụ theo mẫu cho danh sách cơ quan hoặc một nhóm (như nhiệm vụ nhập từ kế hoạch).',
        tags: ['templates'],
        params: IdParams,
        body: StartBodySchema,
        response: {
          200: z.looseObject({ planId: z.string(), template: z.object({ id: z.string(), version: z.number().int() }) }),
          201: z.looseObject({ planId: z.string(), template: z.object({ id: z.string(), version: z.number().int() }) }),
          ...errors(...SIGNED_IN_ERRORS, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const body = request.body;
      const saved = await answering(() => store.get(request.params.id, body.version));
      if (saved.retiredAt !== null) throw new ApiError(409, `Mẫu “${saved.template.name}” đã ngừng sử dụng.`);
      const policy = await answering(async () => toTaskPolicy(saved.template));
      const directory = await deps.directory.load();
      const jurisdiction = body.jurisdiction ?? deps.access.homeOf(user) ?? user.jurisdiction;
      if (!jurisdiction) throw new ApiError(400, 'jurisdiction: cần mã đơn vị hành chính của nhiệm vụ.');
      if (!directory.jurisdictions.some((j) => j.id === jurisdiction))
        throw new ApiError(400, `jurisdiction: không có đơn vị hành chính “${jurisdiction}” trong danh bạ.`);
      deps.access.assertCreateIn(user, jurisdiction);
      const lead = leadsOf(body, directory, jurisdiction);
      const plan = planOf(saved, body, jurisdiction);
      const task = taskOf(saved.template, body, plan, lead);
      const template: TemplateRef = { id: saved.id, version: saved.version };
      // The task carries the template it follows (worker/import-runner.ts: ImportOptions.template).
      const options: NonNullable<Parameters<typeof startImport>[3]> & { template: TemplateRef } = { taskQueue: deps.taskQueue, policy, template };
      const report = await startImport(deps.client, { plan, tasks: [task] }, directory, options);
      if (report.failed.length > 0) throw new ApiError(422, report.failed.map((f) => f.error).join('; '));
      return reply.code(report.started.length > 0 ? 201 : 200).send({ ...report, template });
    },
  );

  zapi.post(
    '/templates/:id/move',
    {
      config: { access: admins },
      schema: {
        summary:
          'Chuyển nhiệm vụ đang chạy (đã chọn, hoặc mọi nhiệm vụ của mẫu) sang phiên bản mới: lịch nhắc và báo cáo lập lại theo mẫu mới, thông báo đã gửi không gửi lại.',
        tags: ['templates'],
        params: IdParams,
        body: MoveBodySchema,
        response: { 200: MoveResultSchema, ...errors(...SIGNED_IN_ERRORS, 404, 422) },
      },
    },
    async (request) => {
      const user = userOf(request);
      const target = await answering(() => store.get(request.params.id, request.body.version));
      const policy = await answering(async () => toTaskPolicy(target.template));
      const ids = request.body.all ? await tasksOfTemplate(deps.client, target) : request.body.taskIds!;
      const result: z.infer<typeof MoveResultSchema> = { template: { id: target.id, version: target.version }, moved: [], skipped: [] };
      const queue = [...new Set(ids)];
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          const handle = deps.client.workflow.getHandle(id);
          const view = await handle.executeUpdate(moveTemplateUpdate, {
            args: [{ actor: actorOf(user), template: { id: target.id, version: target.version, name: target.template.name }, policy }],
          });
          result.moved.push(id);
          // A recurring task's open periods follow it (its later ones start from its new rules).
          if (!request.body.all) for (const i of openInstances(view)) if (!queue.includes(i) && !result.moved.includes(i)) queue.push(i);
        } catch (error) {
          if (error instanceof WorkflowUpdateFailedError) result.skipped.push({ id, reason: rejectionReason(error) });
          else if (error instanceof WorkflowNotFoundError) result.skipped.push({ id, reason: 'Không tìm thấy nhiệm vụ.' });
          else throw error;
        }
      }
      return result;
    },
  );
}

function openInstances(view: TaskView): string[] {
  return view.instances.filter((i) => i.status !== 'done_on_time' && i.status !== 'done_late' && i.status !== 'cancelled').map((i) => i.workflowId);
}

/** The running tasks and periods that follow an older version of the template (their memo names it). */
async function tasksOfTemplate(client: Client, target: TemplateVersion): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of listAll(client, [isIn(SA.type.name, ['task', 'instance']), RUNNING])) {
    const followed = typeof wf.memo?.template === 'string' ? wf.memo.template : '';
    const m = /^(.+)@(\d+)$/.exec(followed);
    if (m && m[1] === target.id && Number(m[2]) < target.version) ids.push(wf.workflowId);
  }
  return ids.sort();
}

/** The leads named by the body, as the directory writes them; each in the task's jurisdiction or below. */
function leadsOf(body: z.infer<typeof StartBodySchema>, directory: Awaited<ReturnType<DirectoryStore['load']>>, jurisdiction: string): string[] {
  const outside = (id: string) => !isWithin(directory, id, jurisdiction);
  if (body.group !== undefined) {
    const group = findGroup(directory, body.group);
    if (!group) throw new ApiError(400, `group: không có nhóm “${body.group}” trong danh bạ.`);
    const members = groupMembers(directory, group.name).map((name) => findAgency(directory, name));
    if (members.some((a) => a && outside(a.jurisdiction)))
      throw new ApiError(403, `group: nhóm “${group.name}” có cơ quan ngoài đơn vị hành chính “${jurisdiction}”.`);
    return [group.name];
  }
  return body.agencies!.map((name, i) => {
    const agency = findAgency(directory, name) ?? directory.agencies.find((a) => a.id === name);
    if (!agency) throw new ApiError(400, `agencies.${i}: không có cơ quan “${name}” trong danh bạ.`);
    if (outside(agency.jurisdiction)) throw new ApiError(403, `agencies.${i}: ${agency.name} không thuộc đơn vị hành chính “${jurisdiction}”.`);
    return agency.name;
  });
}

function planOf(saved: TemplateVersion, body: z.infer<typeof StartBodySchema>, jurisdiction: string): Plan {
  return PlanSchema.parse({
    id: body.planId ?? `${saved.id}-${jurisdiction}-${body.year}`.slice(0, LIMITS.CODE),
    number: null,
    issuer: null,
    jurisdiction,
    issuedOn: null,
    title: body.planTitle ?? `${saved.template.name} năm ${body.year}`,
    year: body.year,
    source: `mẫu ${saved.id}@${saved.version}`,
  });
}

function taskOf(template: Template, body: z.infer<typeof StartBodySchema>, plan: Plan, lead: string[]): Task {
  const schedule = body.deadlineText
    ? parseDeadline(body.deadlineText, { planYear: plan.year })
    : template.deadline
      ? readDeadlineRule(template.deadline, plan.year)
      : null;
  if (!schedule) throw new ApiError(400, `deadlineText: mẫu “${template.name}” không có quy tắc thời hạn; cần ghi thời hạn.`);
  const title = body.title ?? template.name;
  return TaskSchema.parse({
    planId: plan.id,
    ref: body.ref ?? '1',
    source: { file: plan.source, row: 0 },
    area: null,
    group: null,
    objective: null,
    task: null,
    activity: title,
    product: body.product ?? null,
    lead,
    leadText: lead.join(', '),
    coordinating: [],
    deadlineText: schedule.text,
    schedule,
    budget: null,
    notes: null,
    context: null,
  });
}
