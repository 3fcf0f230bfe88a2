/**
 * Every route × every role × jurisdiction, on the dev server: who may read, who may act, who gets
 * nothing. The routes are enumerated from the OpenAPI document the API serves (/api/openapi.json):
 * an operation without an expectation here fails the test, and so does an expectation for an
 * operation the document does not have. Each operation is probed at its versioned path and at the
 * unversioned alias, with the same expected cells.
 *
 * Jurisdictions: Tuy Phước (district) lies under Bình Định (province); Thừa Thiên Huế is another
 * province. The items: a Tuy Phước task led by Phòng Nội vụ, a Tuy Phước file received by the
 * district's one-stop desk and processed by Phòng Nội vụ, and a message of the outbox about it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Config } from '../../worker/config';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import type { Plan, Task } from '../../domain/plan';
import { Outbox } from '../../storage/outbox';
import { vietnamDateOf } from '../../domain/dates';
import { planTask } from '../support/tasks';

const WHO = ['none', 'admin', 'monitorTp', 'monitorBd', 'monitorHue', 'lead', 'other', 'desk', 'viewerBd', 'viewerHue'] as const;
type Who = (typeof WHO)[number];

/**
 * ok: 2xx. pass: past the access check (a 4xx from validation, never 401/403/404, never 5xx).
 * shown / hidden: a list that has / has not the item. A number: that refusal.
 */
type Outcome = 'ok' | 'pass' | 'shown' | 'hidden' | 401 | 403 | 404;
type Cell = Record<Who, Outcome>;
type Probe = {
  label: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  cells: Cell;
  item?: (res: LightMyRequestResponse) => boolean;
};

const PUBLIC: Cell = {
  none: 'ok',
  admin: 'ok',
  monitorTp: 'ok',
  monitorBd: 'ok',
  monitorHue: 'ok',
  lead: 'ok',
  other: 'ok',
  desk: 'ok',
  viewerBd: 'ok',
  viewerHue: 'ok',
};
const ANY_USER: Cell = { ...PUBLIC, none: 401 };
const ADMIN_ONLY: Cell = {
  none: 401,
  admin: 'pass',
  monitorTp: 403,
  monitorBd: 403,
  monitorHue: 403,
  lead: 403,
  other: 403,
  desk: 403,
  viewerBd: 403,
  viewerHue: 403,
};
/**
 * Reading one Tuy Phước item: the district, its province and the admin; the lead; the district's
 * desk and the province's viewer (they read their jurisdiction); others refused.
 */
const READ_TASK: Cell = {
  none: 401,
  admin: 'ok',
  monitorTp: 'ok',
  monitorBd: 'ok',
  monitorHue: 404,
  lead: 'ok',
  other: 403,
  desk: 'ok',
  viewerBd: 'ok',
  viewerHue: 404,
};
/** Acting on a task: never a desk (it only reads tasks) nor a viewer. */
const ACT_TASK: Cell = {
  none: 401,
  admin: 'pass',
  monitorTp: 'pass',
  monitorBd: 403,
  monitorHue: 404,
  lead: 'pass',
  other: 403,
  desk: 403,
  viewerBd: 403,
  viewerHue: 404,
};
const READ_FILE: Cell = READ_TASK;
/** Acting on a file: also the desk that received it. */
const ACT_FILE: Cell = { ...ACT_TASK, desk: 'pass' };
const LIST_TASKS: Cell = {
  none: 401,
  admin: 'shown',
  monitorTp: 'shown',
  monitorBd: 'shown',
  monitorHue: 'hidden',
  lead: 'shown',
  other: 'hidden',
  desk: 'shown',
  viewerBd: 'shown',
  viewerHue: 'hidden',
};
/** The list of files shows an agency the files it holds, a desk and a viewer what is in their jurisdiction. */
const LIST_FILES: Cell = LIST_TASKS;
/** Messages: a desk sees those that name its unit (this one does not). */
const LIST_MESSAGES: Cell = { ...LIST_TASKS, desk: 'hidden' };
const READ_MESSAGE: Cell = {
  none: 401,
  admin: 'ok',
  monitorTp: 'ok',
  monitorBd: 'ok',
  monitorHue: 404,
  lead: 'ok',
  other: 404,
  desk: 404,
  viewerBd: 'ok',
  viewerHue: 404,
};
const MONITORS_ONLY: Cell = {
  none: 401,
  admin: 'pass',
  monitorTp: 'pass',
  monitorBd: 'pass',
  monitorHue: 'pass',
  lead: 403,
  other: 403,
  desk: 403,
  viewerBd: 403,
  viewerHue: 403,
};
/** Counts: every account, within its scope (an agency counts its own tasks). */
const COUNT_TASKS: Cell = LIST_TASKS;
/** Reading templates: admins and every monitor; nobody else. */
const TEMPLATE_READERS: Cell = { ...MONITORS_ONLY, admin: 'ok', monitorTp: 'ok', monitorBd: 'ok', monitorHue: 'ok' };
/** Changing an unknown template: the admin learns it does not exist; the others are refused by role first. */
const ADMIN_UNKNOWN: Cell = { ...ADMIN_ONLY, admin: 404 };

function templateProbes(): Record<string, Probe[]> {
  const builtin = 'nhiem-vu-ke-hoach';
  return {
    'GET /api/v1/templates': [{ label: 'templates', method: 'GET', url: '/templates', cells: TEMPLATE_READERS }],
    'GET /api/v1/templates/{id}': [{ label: 'template', method: 'GET', url: `/templates/${builtin}`, cells: TEMPLATE_READERS }],
    'GET /api/v1/templates/{id}/versions/{version}': [{ label: 'template version', method: 'GET', url: `/templates/${builtin}/versions/1`, cells: TEMPLATE_READERS }],
    'POST /api/v1/templates': [{ label: 'create a template (bad body)', method: 'POST', url: '/templates', payload: {}, cells: ADMIN_ONLY }],
    'PUT /api/v1/templates/{id}': [{ label: 'new template version (bad body)', method: 'PUT', url: `/templates/${builtin}`, payload: {}, cells: ADMIN_ONLY }],
    'POST /api/v1/templates/preview': [{ label: 'template preview (bad body)', method: 'POST', url: '/templates/preview', payload: {}, cells: MONITORS_ONLY }],
    'POST /api/v1/templates/{id}/clone': [{ label: 'clone an unknown template', method: 'POST', url: '/templates/khong-co/clone', payload: {}, cells: ADMIN_UNKNOWN }],
    'POST /api/v1/templates/{id}/retire': [{ label: 'retire an unknown template', method: 'POST', url: '/templates/khong-co/retire', cells: ADMIN_UNKNOWN }],
    'POST /api/v1/templates/{id}/restore': [{ label: 'restore an unknown template', method: 'POST', url: '/templates/khong-co/restore', cells: ADMIN_UNKNOWN }],
    'POST /api/v1/templates/{id}/move': [{ label: 'move tasks (bad body)', method: 'POST', url: `/templates/${builtin}/move`, payload: {}, cells: ADMIN_ONLY }],
    'POST /api/v1/templates/{id}/start': [{ label: 'start from a template (bad body)', method: 'POST', url: `/templates/${builtin}/start`, payload: {}, cells: MONITORS_ONLY }],
  };
}
const ALL: (outcome: Outcome) => Cell = (outcome) => Object.fromEntries(WHO.map((w) => [w, outcome])) as Cell;

// A plan with a long title-derived id: its task ids are over 100 characters, as the Tuy Phước sample's.
const plan: Plan = {
  id: 'khac-phuc-han-che-yeu-kem-qua-cong-bo-chi-so-cchc-huyen-tuy-phuoc-nam-2024',
  number: null,
  issuer: 'UBND huyện Tuy Phước',
  jurisdiction: 'tuy-phuoc',
  issuedOn: '2026-01-05',
  title: 'Kế hoạch khắc phục hạn chế, yếu kém qua công bố chỉ số CCHC huyện Tuy Phước năm 2024',
  year: 2026,
  source: 'matrix',
};
const task: Task = planTask({
  planId: plan.id,
  ref: 'II.3.1-cai-cach-thu-tuc-hanh-chinh',
  source: { file: 'matrix', row: 1 },
  area: 'Cải cách thủ tục hành chính',
  activity: 'Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền của huyện',
  lead: ['Phòng Nội vụ'],
});
const TASK_ID = `task:${plan.id}:${task.ref}`;
const FILE_CODE = `H57.22-MATRIX-${Date.now()}`;
const MESSAGE_KEY = `${TASK_ID}:matrix:1`;
/** A body every Update's schema refuses: the access check is what the matrix sees. */
const INVALID_UPDATE = {
  note: 42,
  reason: 42,
  comment: 42,
  level: 'x',
  to: 42,
  number: 42,
  evidence: 42,
  percent: 'x',
  newDue: 42,
  due: 42,
  leads: 42,
  title: 42,
  at: 42,
};
const TASK_ACTIONS = ['complete', 'progress', 'extend', 'set-deadline', 'reassign', 'acknowledge', 'cancel', 'trigger'];
const FILE_ACTIONS = ['transfer', 'request-documents', 'documents-received', 'result-ready', 'result-returned', 'withdraw', 'apology', 'acknowledge'];

const intake = () => ({
  code: FILE_CODE,
  procedure: { code: '1.001234', name: 'Đăng ký kết hôn có yếu tố nước ngoài', workingDays: 10 },
  applicant: { name: 'Trần Thị Bích', phone: '0905111222', idNumber: '052090004321' },
  receivingUnit: 'Bộ phận Một cửa huyện',
  agencies: ['Phòng Nội vụ'],
  receivedAt: receivedAt,
  online: false,
});
const receivedAt = new Date().toISOString();

describe('route × role × jurisdiction', () => {
  let config: Config;
  let stack: Stack;
  let api: FastifyInstance;
  /** The document's operations: `METHOD /api/v1/path/{param}`. */
  const operations = new Set<string>();
  const tokens = {} as Record<Who, string>;
  let spare: Awaited<ReturnType<Stack['users']['create']>>;
  let spareToken: { id: number };

  const call = (who: Who, probe: Pick<Probe, 'method' | 'url' | 'payload' | 'headers'>) =>
    api.inject({
      method: probe.method,
      url: probe.url,
      payload: probe.payload as never,
      headers: { ...(who === 'none' ? {} : { authorization: `Bearer ${tokens[who]}` }), ...probe.headers },
    });

  beforeAll(async () => {
    config = await stackConfig('matrix');
    stack = await startStack(config);
    tokens.admin = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    tokens.monitorTp = await stack.users.add({ name: 'Văn phòng HĐND và UBND huyện Tuy Phước', role: 'monitor', jurisdiction: 'tuy-phuoc' });
    tokens.monitorBd = await stack.users.add({ name: 'Văn phòng UBND tỉnh Bình Định', role: 'monitor', jurisdiction: 'binh-dinh' });
    tokens.monitorHue = await stack.users.add({ name: 'Văn phòng UBND tỉnh Thừa Thiên Huế', role: 'monitor', jurisdiction: 'thua-thien-hue' });
    tokens.lead = await stack.users.add({ name: 'Cán bộ Phòng Nội vụ', role: 'agency', agency: 'Phòng Nội vụ' });
    tokens.other = await stack.users.add({ name: 'Cán bộ Phòng Tư pháp', role: 'agency', agency: 'Phòng Tư pháp' });
    tokens.desk = await stack.users.add({ name: 'Cán bộ một cửa', role: 'desk', agency: 'Bộ phận Một cửa huyện', jurisdiction: 'tuy-phuoc' });
    tokens.viewerBd = await stack.users.add({ name: 'Thanh tra tỉnh Bình Định', role: 'viewer', jurisdiction: 'binh-dinh' });
    tokens.viewerHue = await stack.users.add({ name: 'Thanh tra tỉnh Thừa Thiên Huế', role: 'viewer', jurisdiction: 'thua-thien-hue' });
    // An account the admin routes act on (disabled, its token revoked): nobody above depends on it.
    spare = await stack.users.create({ name: 'Tài khoản thử', role: 'viewer', jurisdiction: 'tuy-phuoc', login: 'tai-khoan-thu' });
    spareToken = await stack.users.issueToken(spare.user.id, { label: 'thử' }, { name: 'Quản trị' });
    api = stack.api;
    // The operations, from the document itself.
    const doc = (await call('none', { method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    for (const [path, ops] of Object.entries(doc.paths)) for (const method of Object.keys(ops)) operations.add(`${method.toUpperCase()} ${path}`);
    const started = await call('admin', { method: 'POST', url: '/api/tasks', payload: { plan, task } });
    expect(started.statusCode, started.body).toBe(201);
    const file = await call('admin', { method: 'POST', url: '/api/one-stop/files', payload: intake() });
    expect(file.statusCode, file.body).toBe(201);
    const outbox = new Outbox(stack.storage.db);
    await outbox.claim(MESSAGE_KEY, {
      kind: 'escalation',
      subject: 'Nhiệm vụ quá hạn',
      recipients: ['phong-noi-vu@tuyphuoc.example'],
      agencies: ['Phòng Nội vụ', 'phong-noi-vu'],
      eml: Buffer.from('Subject: Nhiem vu qua han\r\n\r\nNoi dung.\r\n'),
    });
    await outbox.markSent(MESSAGE_KEY, {
      channel: 'outbox',
      accepted: ['phong-noi-vu@tuyphuoc.example'],
      rejected: [],
      response: `kept in ${config.DATA_DIR}/outbox`,
    });
    await eventually(
      async () => (await call('none', { method: 'GET', url: '/healthz' })).statusCode,
      (code) => code === 200,
    );
    // Visibility is eventually consistent: wait until both items are listed.
    await eventually(
      async () => [
        (await call('admin', { method: 'GET', url: '/api/tasks' })).json(),
        (await call('admin', { method: 'GET', url: '/api/one-stop/files' })).json(),
      ],
      ([t, f]) => t.tasks?.some((x: { workflowId: string }) => x.workflowId === TASK_ID) && f.files?.some((x: { code: string }) => x.code === FILE_CODE),
    );
  }, 60_000);

  afterAll(async () => {
    if (stack) await stopStack(stack);
  });

  const month = vietnamDateOf(Date.now()).slice(0, 7);
  const enc = encodeURIComponent;
  const hasTask = (res: LightMyRequestResponse) => res.json().tasks.some((t: { workflowId: string }) => t.workflowId === TASK_ID);
  const hasFile = (res: LightMyRequestResponse) => res.json().files.some((f: { code: string }) => f.code === FILE_CODE);
  const hasMessage = (res: LightMyRequestResponse) => res.json().messages.some((m: { key: string }) => m.key === MESSAGE_KEY);
  const octet = { 'content-type': 'application/octet-stream' };
  /** The counts include the Tuy Phước task: its lead counted, or counted under its status. */
  const countsTask = (res: LightMyRequestResponse) => {
    const { by, counts } = res.json() as { by: string; counts: Record<string, number> };
    return by === 'lead' ? (counts['Phòng Nội vụ'] ?? 0) > 0 : (counts.not_due ?? 0) > 0;
  };

  const V1 = '/api/v1';
  /** The expectations, by operation as the document names it; URLs are relative to the version's prefix. */
  const probes = (): Record<string, Probe[]> => ({
    'GET /healthz': [{ label: 'health', method: 'GET', url: '/healthz', cells: PUBLIC }],
    'GET /public/apologies': [{ label: 'public apologies', method: 'GET', url: '/public/apologies', cells: PUBLIC }],
    'GET /api/v1/me': [{ label: 'me', method: 'GET', url: '/me', cells: ANY_USER }],
    'GET /api/v1/directory': [{ label: 'directory', method: 'GET', url: '/directory', cells: ANY_USER }],
    'PUT /api/v1/directory': [
      {
        label: 'directory edit',
        method: 'PUT',
        url: '/directory',
        payload: JSON.parse(readFileSync(new URL('../../config/agencies.json', import.meta.url), 'utf8')),
        cells: ADMIN_ONLY,
      },
    ],
    'GET /api/v1/directory/versions': [{ label: 'directory versions', method: 'GET', url: '/directory/versions', cells: ADMIN_ONLY }],
    'POST /api/v1/tasks': [{ label: 'start a task', method: 'POST', url: '/tasks', payload: { plan, task }, cells: ADMIN_ONLY }],
    'GET /api/v1/tasks': [
      { label: 'task list', method: 'GET', url: '/tasks', cells: LIST_TASKS, item: hasTask },
      {
        label: 'task list for Tuy Phước',
        method: 'GET',
        url: '/tasks?jurisdiction=tuy-phuoc',
        cells: { ...LIST_TASKS, monitorHue: 'hidden' },
        item: hasTask,
      },
    ],
    'GET /api/v1/tasks/counts': [
      { label: 'task counts by lead', method: 'GET', url: '/tasks/counts?by=lead', cells: COUNT_TASKS, item: countsTask },
      {
        label: 'task counts by status',
        method: 'GET',
        url: '/tasks/counts?jurisdiction=tuy-phuoc',
        cells: { ...COUNT_TASKS, monitorHue: 'hidden' },
        item: countsTask,
      },
    ],
    'GET /api/v1/tasks/{id}': [{ label: 'task', method: 'GET', url: `/tasks/${enc(TASK_ID)}`, cells: READ_TASK }],
    ...Object.fromEntries(
      TASK_ACTIONS.map((action) => [
        `POST /api/v1/tasks/{id}/${action}`,
        [{ label: `task ${action}`, method: 'POST', url: `/tasks/${enc(TASK_ID)}/${action}`, payload: INVALID_UPDATE, cells: ACT_TASK }],
      ]),
    ),
    // Extension requests: asked by the lead (or an admin) for its own part, declined by the task's own monitoring office (or an admin).
    'POST /api/v1/tasks/{id}/request-extension': [
      {
        label: 'request an extension',
        method: 'POST',
        url: `/tasks/${enc(TASK_ID)}/request-extension`,
        payload: INVALID_UPDATE,
        cells: { ...ADMIN_ONLY, lead: 'pass' },
      },
    ],
    'POST /api/v1/tasks/{id}/decline-extension': [
      {
        label: 'decline an extension request',
        method: 'POST',
        url: `/tasks/${enc(TASK_ID)}/decline-extension`,
        payload: INVALID_UPDATE,
        cells: { ...ADMIN_ONLY, monitorTp: 'pass', monitorBd: 403, monitorHue: 404 },
      },
    ],
    'POST /api/v1/plans': [
      {
        label: 'plan import for Tuy Phước (dry run)',
        method: 'POST',
        url: '/plans?filename=tuy-phuoc.txt&dryRun=true&jurisdiction=tuy-phuoc',
        payload: readFileSync(new URL('../../plans/tuy-phuoc-cchc-2024.txt', import.meta.url)),
        headers: octet,
        cells: {
          none: 401,
          admin: 'pass',
          monitorTp: 'pass',
          monitorBd: 403,
          monitorHue: 403,
          lead: 403,
          other: 403,
          desk: 403,
          viewerBd: 403,
          viewerHue: 403,
        },
      },
    ],
    'GET /api/v1/outbox': [{ label: 'outbox', method: 'GET', url: '/outbox', cells: LIST_MESSAGES, item: hasMessage }],
    'GET /api/v1/outbox/message.eml': [{ label: 'message', method: 'GET', url: `/outbox/message.eml?key=${enc(MESSAGE_KEY)}`, cells: READ_MESSAGE }],
    'POST /api/v1/one-stop/files': [
      // The same file again: returned only to whom may read it; for the others the code is just taken.
      {
        label: 'repeated intake',
        method: 'POST',
        url: '/one-stop/files',
        payload: intake(),
        cells: { none: 401, admin: 'ok', monitorTp: 'ok', monitorBd: 403, monitorHue: 403, lead: 403, other: 403, desk: 'ok', viewerBd: 403, viewerHue: 403 },
      },
    ],
    'POST /api/v1/one-stop/files/import': [
      {
        label: 'CSV import',
        method: 'POST',
        url: '/one-stop/files/import',
        payload: 'ma_ho_so\n',
        headers: { 'content-type': 'text/csv' },
        cells: MONITORS_ONLY,
      },
    ],
    'GET /api/v1/one-stop/files': [{ label: 'file list', method: 'GET', url: '/one-stop/files', cells: LIST_FILES, item: hasFile }],
    'GET /api/v1/one-stop/files/{code}': [{ label: 'file', method: 'GET', url: `/one-stop/files/${FILE_CODE}`, cells: READ_FILE }],
    ...Object.fromEntries(
      FILE_ACTIONS.map((action) => [
        `POST /api/v1/one-stop/files/{code}/${action}`,
        [{ label: `file ${action}`, method: 'POST', url: `/one-stop/files/${FILE_CODE}/${action}`, payload: INVALID_UPDATE, cells: ACT_FILE }],
      ]),
    ),
    'GET /api/v1/one-stop/files/{code}/apology.html': [{ label: 'letter', method: 'GET', url: `/one-stop/files/${FILE_CODE}/apology.html`, cells: READ_FILE }],
    'GET /api/v1/one-stop/files/{code}/apology.docx': [
      { label: 'letter .docx', method: 'GET', url: `/one-stop/files/${FILE_CODE}/apology.docx`, cells: READ_FILE },
    ],
    'GET /api/v1/one-stop/reports/{month}': [
      {
        label: 'own report',
        method: 'GET',
        url: `/one-stop/reports/${month}`,
        cells: { ...MONITORS_ONLY, admin: 'ok', monitorTp: 'ok', monitorBd: 'ok', monitorHue: 'ok', desk: 'ok', viewerBd: 'ok', viewerHue: 'ok' },
      },
      {
        label: 'Tuy Phước report',
        method: 'GET',
        url: `/one-stop/reports/${month}?jurisdiction=tuy-phuoc`,
        cells: { none: 401, admin: 'ok', monitorTp: 'ok', monitorBd: 'ok', monitorHue: 403, lead: 403, other: 403, desk: 'ok', viewerBd: 'ok', viewerHue: 403 },
      },
    ],
    // Sign-in decides for itself: a bad body is refused for everyone; without a session cookie there is no session.
    'POST /api/v1/session': [{ label: 'sign in (bad body)', method: 'POST', url: '/session', payload: {}, cells: ALL('pass') }],
    'GET /api/v1/session': [{ label: 'session', method: 'GET', url: '/session', cells: ALL(401) }],
    'DELETE /api/v1/session': [{ label: 'sign out', method: 'DELETE', url: '/session', cells: ALL('ok') }],
    'GET /api/v1/accounts': [{ label: 'accounts', method: 'GET', url: '/accounts', cells: ADMIN_ONLY }],
    'POST /api/v1/accounts': [{ label: 'create an account (bad body)', method: 'POST', url: '/accounts', payload: {}, cells: ADMIN_ONLY }],
    'POST /api/v1/accounts/{id}/disable': [{ label: 'disable an account', method: 'POST', url: `/accounts/${spare.user.id}/disable`, cells: ADMIN_ONLY }],
    'POST /api/v1/accounts/{id}/password': [
      {
        label: 'reset a password (too short)',
        method: 'POST',
        url: `/accounts/${spare.user.id}/password`,
        payload: { password: 'ngan' },
        cells: ADMIN_ONLY,
      },
    ],
    'POST /api/v1/accounts/{id}/tokens': [
      { label: 'issue a token (no label)', method: 'POST', url: `/accounts/${spare.user.id}/tokens`, payload: {}, cells: ADMIN_ONLY },
    ],
    'DELETE /api/v1/tokens/{id}': [{ label: 'revoke a token', method: 'DELETE', url: `/tokens/${spareToken.id}`, cells: ADMIN_ONLY }],
    'PUT /api/v1/accounts/{id}/email': [
      { label: 'set an e-mail (not an address)', method: 'PUT', url: `/accounts/${spare.user.id}/email`, payload: { email: 'khong-phai-thu' }, cells: ADMIN_ONLY },
    ],
    // Templates: admins and monitors read and preview; only admins change them. Unknown ids answer 404 past the role check.
    ...templateProbes(),
    // The dashboard's views: every account within its scope; "Việc của tôi" is an agency's alone.
    'GET /api/v1/dashboard/overview': [{ label: 'overview', method: 'GET', url: '/dashboard/overview', cells: ANY_USER }],
    'GET /api/v1/dashboard/tasks': [{ label: 'dashboard task list', method: 'GET', url: '/dashboard/tasks', cells: ANY_USER }],
    'GET /api/v1/dashboard/tasks.xlsx': [{ label: 'task list export', method: 'GET', url: '/dashboard/tasks.xlsx', cells: ANY_USER }],
    'GET /api/v1/dashboard/escalations': [{ label: 'escalation queue', method: 'GET', url: '/dashboard/escalations', cells: ANY_USER }],
    'GET /api/v1/dashboard/own-work': [
      { label: 'own work', method: 'GET', url: '/dashboard/own-work', cells: { ...ADMIN_ONLY, admin: 403, lead: 'ok', other: 'ok' } },
    ],
    'GET /api/v1/dashboard/files': [{ label: 'dashboard file list', method: 'GET', url: '/dashboard/files', cells: ANY_USER }],
    // Plans: within the reader's scope; an agency sees a plan through its own tasks only; a desk has no plan pages.
    'GET /api/v1/dashboard/plans': [
      {
        label: 'plan list',
        method: 'GET',
        url: '/dashboard/plans',
        cells: { ...LIST_TASKS, desk: 403 },
        item: (res) => res.json().plans.some((p: { planId: string }) => p.planId === plan.id),
      },
    ],
    'GET /api/v1/dashboard/plans/{id}': [
      {
        label: 'plan page',
        method: 'GET',
        url: `/dashboard/plans/${plan.id}`,
        cells: { none: 401, admin: 'ok', monitorTp: 'ok', monitorBd: 'ok', monitorHue: 404, lead: 'ok', other: 404, desk: 403, viewerBd: 'ok', viewerHue: 404 },
      },
    ],
    'GET /api/v1/audit': [
      {
        label: 'audit log',
        method: 'GET',
        url: '/audit',
        cells: { none: 401, admin: 'ok', monitorTp: 'ok', monitorBd: 'ok', monitorHue: 'ok', lead: 403, other: 403, desk: 403, viewerBd: 403, viewerHue: 403 },
      },
    ],
  });

  /** A probe's URL at a version's prefix (routes outside /api/ have none). */
  const at = (prefix: string, route: string, probe: Probe): Probe =>
    route.startsWith(`${probe.method} ${V1}`) ? { ...probe, url: `${prefix}${probe.url}` } : probe;

  it('has an expectation for every operation of the OpenAPI document, and none for an operation it lacks', () => {
    const documented = [...operations].sort();
    expect(documented.length).toBeGreaterThan(40);
    expect(documented.filter((r) => !(r in probes()))).toEqual([]);
    expect(Object.keys(probes()).filter((r) => !documented.includes(r))).toEqual([]);
  });

  it('gives each role exactly its cells, at /api/v1 and at the /api alias', async () => {
    const wrong: string[] = [];
    for (const [route, list] of Object.entries(probes())) {
      for (const prefix of [V1, '/api']) {
        if (prefix === '/api' && !route.startsWith(`${route.split(' ')[0]} ${V1}`)) continue;
        for (const original of list) {
          const probe = at(prefix, route, original);
          for (const who of WHO) {
            const res = await call(who, probe);
            const want = probe.cells[who];
            const got = outcomeOf(res, want, probe.item);
            if (got !== want)
              wrong.push(`${route} [${probe.label}] at ${probe.url} as ${who}: expected ${want}, got ${got} (${res.statusCode} ${res.body.slice(0, 160)})`);
            if (res.statusCode >= 400 && !/\p{L}/u.test(String(res.json().error)))
              wrong.push(`${route} [${probe.label}] as ${who}: no Vietnamese error (${res.body.slice(0, 160)})`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it('keeps the items unchanged by refused and invalid calls', async () => {
    const view = (await call('admin', { method: 'GET', url: `/api/tasks/${enc(TASK_ID)}` })).json();
    expect(view).toMatchObject({ status: 'not_due', leads: ['Phòng Nội vụ'], due: '2030-12-30' });
    expect(view.timeline.filter((e: { type: string }) => e.type !== 'created')).toEqual([]);
  });
});

/** What the response means for the cell: the list cells look for the item. */
function outcomeOf(res: LightMyRequestResponse, want: Outcome, item?: (res: LightMyRequestResponse) => boolean): Outcome | `${number}` {
  const status = res.statusCode;
  if (status === 401 || status === 403 || status === 404) return status;
  if (status >= 500) return `${status}`;
  if (want === 'shown' || want === 'hidden') return status === 200 && item ? (item(res) ? 'shown' : 'hidden') : `${status}`;
  if (want === 'ok') return status >= 200 && status < 300 ? 'ok' : `${status}`;
  return 'pass';
}
