/**
 * The template routes (api/templates.ts) on a real dev server, worker and database, through a small
 * Fastify app that authenticates and checks roles as api/server.ts does: who may read, write,
 * preview, start and move; Vietnamese refusals naming the field; start and move reaching the
 * task workflows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import type { Config } from '../../worker/config';
import { eventually, startStack, stackConfig, stopStack, type Stack } from '../support/stack';
import { registerTemplateRoutes } from '../../api/templates';
import { Access } from '../../api/access';
import { authenticateRequest } from '../../api/auth';
import { sendError } from '../../api/errors';
import { checkRole, needsSignIn } from '../../api/contract/access-rules';
import { registerOpenApi } from '../../api/contract/openapi';
import { SessionStore } from '../../storage/sessions';
import { stateQuery, type TaskView } from '../../workflows/task-api';
import { taskWorkflow } from '../../workflows/task';
import { taskInput } from '../support/tasks';
import { toTaskPolicy, type TemplateInput } from '../../domain/templates';
import { TemplateStore } from '../../storage/templates';

type Who = 'admin' | 'monitorHue' | 'monitorTp' | 'agency' | 'viewer' | 'none';

let config: Config;
let stack: Stack;
let app: FastifyInstance;
const tokens = {} as Record<Who, string>;

const call = (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  app.inject({ method, url: `/api/v1${url}`, payload: payload as never, headers: who === 'none' ? {} : { authorization: `Bearer ${tokens[who]}` } });

const template: TemplateInput = {
  name: 'Báo cáo chuyên đề chuyển đổi số',
  description: 'Báo cáo một lần gửi Văn phòng UBND.',
  category: 'Nhiệm vụ UBND tỉnh giao',
  deadline: { type: 'phrase', phrase: 'Trước ngày 31/3/2027' },
  reminders: { workingDaysBefore: [5, 0], hour: '08:00' },
  escalation: [
    { level: 1, afterWorkingDays: 1, to: 'head', repeatEveryWorkingDays: 2 },
    { level: 2, afterWorkingDays: 3, to: 'monitor', repeatEveryWorkingDays: 3 },
  ],
  messages: { reminder: { subject: '[Chuyển đổi số] Còn {soNgayConLai} ngày: {tenNhiemVu}' } },
};

beforeAll(async () => {
  config = await stackConfig('templates');
  stack = await startStack(config);
  tokens.admin = await stack.users.add({ name: 'Quản trị', role: 'admin' });
  tokens.monitorHue = await stack.users.add({ name: 'Văn phòng UBND tỉnh Thừa Thiên Huế', role: 'monitor', jurisdiction: 'thua-thien-hue' });
  tokens.monitorTp = await stack.users.add({ name: 'Văn phòng HĐND và UBND huyện Tuy Phước', role: 'monitor', jurisdiction: 'tuy-phuoc' });
  tokens.agency = await stack.users.add({ name: 'Cán bộ Phòng Nội vụ', role: 'agency', agency: 'Phòng Nội vụ' });
  tokens.viewer = await stack.users.add({ name: 'Thanh tra tỉnh', role: 'viewer', jurisdiction: 'thua-thien-hue' });
  const sessions = new SessionStore(stack.storage.db);
  app = Fastify();
  await app.register(cookie);
  registerOpenApi(app, 'test');
  app.decorateRequest('user', null);
  app.decorateRequest('authenticatedBy', null);
  app.decorateRequest('auditActor', null);
  app.decorateRequest('resource', null);
  app.setErrorHandler((err, request, reply) => sendError(err, request, reply));
  app.addHook('onRequest', async (request) => {
    if (!needsSignIn(request)) return;
    await authenticateRequest(request, { users: stack.users, sessions });
    await stack.directory.load();
    checkRole(request);
  });
  const access = new Access(() => stack.directory.current());
  await app.register(
    async (api) =>
      registerTemplateRoutes(api, {
        client: stack.cluster.client,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        db: stack.storage.db,
        directory: stack.directory,
        access,
      }),
    { prefix: '/api/v1' },
  );
  await app.ready();
}, 240_000);

afterAll(async () => {
  await app?.close();
  if (stack) await stopStack(stack);
});

describe('reading templates', () => {
  it('lists the shipped templates to admins and monitors, refuses other roles and anonymous callers', async () => {
    const listed = await call('admin', 'GET', '/templates');
    expect(listed.statusCode, listed.body).toBe(200);
    const ids = (listed.json() as { templates: { id: string; deadlineReading: string }[] }).templates.map((t) => t.id);
    expect(ids).toContain('bao-cao-cchc-quy');
    expect(ids).toHaveLength(8);
    expect((await call('monitorTp', 'GET', '/templates')).statusCode).toBe(200);
    expect((await call('agency', 'GET', '/templates')).statusCode).toBe(403);
    expect((await call('viewer', 'GET', '/templates')).json()).toEqual({ error: 'Tài khoản chỉ xem không được thực hiện thao tác này.' });
    expect((await call('none', 'GET', '/templates')).statusCode).toBe(401);
    const one = await call('monitorHue', 'GET', '/templates/ke-hoach-cchc-nam');
    expect(one.json()).toMatchObject({
      id: 'ke-hoach-cchc-nam',
      version: 1,
      deadlineReading: expect.stringContaining('hạn là ngày 24/12 mỗi năm'),
      versions: [{ version: 1, savedBy: 'Hệ thống' }],
    });
    expect((await call('admin', 'GET', '/templates/khong-co')).json()).toEqual({ error: 'Không có mẫu “khong-co”.' });
  });
});

it('documents every route in the OpenAPI contract', async () => {
  const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  expect(
    Object.keys(doc.paths)
      .filter((p) => p.includes('templates'))
      .sort(),
  ).toEqual([
    '/api/v1/templates',
    '/api/v1/templates/preview',
    '/api/v1/templates/{id}',
    '/api/v1/templates/{id}/clone',
    '/api/v1/templates/{id}/move',
    '/api/v1/templates/{id}/restore',
    '/api/v1/templates/{id}/retire',
    '/api/v1/templates/{id}/start',
    '/api/v1/templates/{id}/versions/{version}',
  ]);
  expect(Object.keys(doc.paths['/api/v1/templates']!).sort()).toEqual(['get', 'post']);
});

describe('writing templates', () => {
  let id: string;

  it('creates (admin only) and refuses impossible ladders and unknown placeholders in Vietnamese', async () => {
    expect((await call('monitorHue', 'POST', '/templates', template)).statusCode).toBe(403);
    const created = await call('admin', 'POST', '/templates', template);
    expect(created.statusCode, created.body).toBe(201);
    id = (created.json() as { id: string }).id;
    expect(created.json()).toMatchObject({
      id: 'bao-cao-chuyen-de-chuyen-doi-so',
      version: 1,
      savedBy: 'Quản trị',
      deadlineReading: expect.stringContaining('“Trước ngày 31/3/2027”'),
    });

    const ladder = await call('admin', 'POST', '/templates', {
      ...template,
      escalation: [
        { level: 1, afterWorkingDays: 3, to: 'head', repeatEveryWorkingDays: 0 },
        { level: 2, afterWorkingDays: 2, repeatEveryWorkingDays: 2 },
      ],
    });
    expect(ladder.statusCode).toBe(400);
    const error = (ladder.json() as { error: string }).error;
    expect(error).toContain('Cấp 1: chu kỳ nhắc lại phải từ 1 ngày làm việc trở lên (đang là 0).');
    expect(error).toContain('Cấp 2 (sau 2 ngày làm việc quá hạn) phải muộn hơn cấp 1 mà nó theo sau (sau 3 ngày làm việc).');
    expect(error).toContain('Cấp 2: chưa chọn nơi nhận');
    const placeholder = await call('admin', 'POST', '/templates', { ...template, messages: { escalation: { subject: 'Cấp {capBaoCao}: {tenCoQuan}' } } });
    expect(placeholder.statusCode).toBe(400);
    expect((placeholder.json() as { error: string }).error).toContain('Thư “Báo cáo lên cấp trên”, tiêu đề: trường thay thế {tenCoQuan} không dùng được');
  });

  it('saves an edit as a new version, keeps the old one, clones, retires and restores (admin only)', async () => {
    expect((await call('monitorHue', 'PUT', `/templates/${id}`, template)).statusCode).toBe(403);
    const edited = await call('admin', 'PUT', `/templates/${id}`, { ...template, reminders: { workingDaysBefore: [7, 2, 0], hour: '07:30' } });
    expect(edited.statusCode, edited.body).toBe(201);
    expect(edited.json()).toMatchObject({ version: 2, template: { reminders: { hour: '07:30' } } });
    expect((await call('admin', 'GET', `/templates/${id}/versions/1`)).json()).toMatchObject({ version: 1, template: { reminders: { hour: '08:00' } } });
    expect(((await call('admin', 'GET', `/templates/${id}`)).json() as { versions: { version: number }[] }).versions.map((v) => v.version)).toEqual([2, 1]);

    const clone = await call('admin', 'POST', `/templates/${id}/clone`, { name: 'Báo cáo chuyên đề (bản huyện)', version: 1 });
    expect(clone.statusCode, clone.body).toBe(201);
    expect(clone.json()).toMatchObject({ id: 'bao-cao-chuyen-de-ban-huyen', version: 1, template: { reminders: { hour: '08:00' } } });
    expect((await call('monitorHue', 'POST', '/templates/bao-cao-chuyen-de-ban-huyen/retire')).statusCode).toBe(403);
    expect((await call('admin', 'POST', '/templates/bao-cao-chuyen-de-ban-huyen/retire')).json()).toMatchObject({ retiredAt: expect.any(String) });
    expect((await call('admin', 'POST', '/templates/bao-cao-chuyen-de-ban-huyen/retire')).statusCode).toBe(409);
    expect(((await call('admin', 'GET', '/templates')).json() as { templates: { id: string }[] }).templates.map((t) => t.id)).not.toContain(
      'bao-cao-chuyen-de-ban-huyen',
    );
    expect((await call('admin', 'GET', '/templates?includeRetired=true')).body).toContain('bao-cao-chuyen-de-ban-huyen');
    expect((await call('admin', 'POST', '/templates/bao-cao-chuyen-de-ban-huyen/restore')).json()).toMatchObject({ retiredAt: null });
  });

  it('previews a template not saved yet, and a saved version, for admins and monitors', async () => {
    const sample = { title: 'Báo cáo chuyển đổi số quý I', lead: 'Sở Tư pháp', jurisdiction: 'thua-thien-hue' };
    const unsaved = await call('monitorHue', 'POST', '/templates/preview', { template, sample, due: '2027-03-31', start: '2027-03-01', until: '2027-04-10' });
    expect(unsaved.statusCode, unsaved.body).toBe(200);
    const entries = (unsaved.json() as { entries: { type: string; at: string; to: string; message: { subject: string } | null }[] }).entries;
    expect(entries.map((e) => e.type)).toEqual([
      'status',
      'reminder',
      'due_today',
      'status',
      'overdue',
      'escalation',
      'escalation',
      'escalation',
      'escalation',
      'escalation',
    ]);
    expect(entries[1]).toMatchObject({
      at: '2027-03-24T01:00:00.000Z',
      to: 'Sở Tư pháp',
      message: { subject: '[Chuyển đổi số] Còn 7 ngày: Báo cáo chuyển đổi số quý I' },
    });
    const saved = await call('admin', 'POST', '/templates/preview', { template: { id, version: 2 }, sample, due: '2027-03-31', start: '2027-03-01' });
    expect((saved.json() as { entries: { type: string; at: string }[] }).entries.find((e) => e.type === 'reminder')?.at).toBe('2027-03-22T00:30:00.000Z');
    expect((await call('agency', 'POST', '/templates/preview', { template, due: '2027-03-31', start: '2027-03-01' })).statusCode).toBe(403);
    expect((await call('admin', 'POST', '/templates/preview', { template, due: '2027-03-31', start: '2027-04-01' })).json()).toEqual({
      error: 'due: hạn hoàn thành không được trước ngày bắt đầu.',
    });
  });

  it('starts a task from a template for a group in the monitor’s own jurisdiction only', async () => {
    const body = { group: 'UBND cấp huyện', year: 2027, title: 'Báo cáo chuyển đổi số năm 2027' };
    const foreign = await call('monitorTp', 'POST', `/templates/${id}/start`, { ...body, jurisdiction: 'thua-thien-hue' });
    expect(foreign.statusCode).toBe(403);
    const both = await call('admin', 'POST', `/templates/${id}/start`, { ...body, agencies: ['Sở Tư pháp'], jurisdiction: 'thua-thien-hue' });
    expect(both.json()).toEqual({ error: 'cần đúng một trong hai: danh sách cơ quan (agencies) hoặc một nhóm (group)' });
    const unknown = await call('monitorHue', 'POST', `/templates/${id}/start`, { agencies: ['Sở Không Có'], year: 2027 });
    expect(unknown.json()).toEqual({ error: 'agencies.0: không có cơ quan “Sở Không Có” trong danh bạ.' });
    const started = await call('monitorHue', 'POST', `/templates/${id}/start`, body);
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toMatchObject({ planId: `${id}-thua-thien-hue-2027`, started: ['1'], template: { id, version: 2 } });
    const view = await stack.cluster.client.workflow.getHandle(`task:${id}-thua-thien-hue-2027:1`).query(stateQuery);
    expect(view.leads).toHaveLength(9);
    expect(view.facts).toMatchObject({ title: 'Báo cáo chuyển đổi số năm 2027', deadlineText: 'Trước ngày 31/3/2027', jurisdiction: 'thua-thien-hue' });
    expect(view.due).toBe('2027-03-30');
    // Starting it again changes nothing.
    expect((await call('monitorHue', 'POST', `/templates/${id}/start`, body)).json()).toMatchObject({ unchanged: ['1'] });
  });

  it('a task started from a template follows that version (worker/import-runner.ts passes ImportOptions.template)', async () => {
    const view = await stack.cluster.client.workflow.getHandle(`task:${id}-thua-thien-hue-2027:1`).query(stateQuery);
    expect(view.template).toEqual({ id, version: 2 });
  });

  it('moves chosen tasks, or every task of the template on an older version, to a version (admin only)', async () => {
    const store = new TemplateStore(stack.storage.db);
    const v1 = await store.get(id, 1);
    const start = (n: number) =>
      stack.cluster.client.workflow.start(taskWorkflow, {
        args: [
          { ...taskInput({ milestones: [{ label: 'hạn 30/12/2036', due: '2036-12-30' }] }), policy: toTaskPolicy(v1.template), template: { id, version: 1 } },
        ],
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowId: `task:mau-di-chuyen:${n}`,
      });
    await Promise.all([1, 2, 3].map(start));
    expect((await call('monitorHue', 'POST', `/templates/${id}/move`, { taskIds: ['task:mau-di-chuyen:1'] })).statusCode).toBe(403);
    const chosen = await call('admin', 'POST', `/templates/${id}/move`, { taskIds: ['task:mau-di-chuyen:1', 'task:khong-co:1'] });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json()).toEqual({
      template: { id, version: 2 },
      moved: ['task:mau-di-chuyen:1'],
      skipped: [{ id: 'task:khong-co:1', reason: 'Không tìm thấy nhiệm vụ.' }],
    });
    const again = await call('admin', 'POST', `/templates/${id}/move`, { taskIds: ['task:mau-di-chuyen:1'] });
    expect(again.json()).toMatchObject({
      moved: [],
      skipped: [{ id: 'task:mau-di-chuyen:1', reason: 'Nhiệm vụ đang theo mẫu “Báo cáo chuyên đề chuyển đổi số” phiên bản 2.' }],
    });

    // Visibility lists the memo the workflows wrote: wait until the two left on version 1 show.
    const all = await eventually(
      async () => (await call('admin', 'POST', `/templates/${id}/move`, { all: true })).json() as { moved: string[] },
      (r) => r.moved.length >= 2,
      30_000,
    );
    expect(all.moved.filter((m) => m.startsWith('task:mau-di-chuyen:'))).toEqual(['task:mau-di-chuyen:2', 'task:mau-di-chuyen:3']);
    for (const n of [1, 2, 3]) {
      const view: TaskView = await stack.cluster.client.workflow.getHandle(`task:mau-di-chuyen:${n}`).query(stateQuery);
      expect(view.template).toEqual({ id, version: 2 });
      expect(view.timeline.filter((e) => e.type === 'template_moved')).toHaveLength(1);
    }
    expect((await call('admin', 'POST', `/templates/${id}/move`, {})).json()).toEqual({
      error: 'cần đúng một trong hai: danh sách nhiệm vụ (taskIds) hoặc tất cả (all: true)',
    });
  });
});
