/**
 * Fuzzing every route of the API on a real dev server with the worker in this process: generated
 * bodies (JSON of any shape, near-valid Update and intake bodies with hostile fields, malformed JSON,
 * forms, raw bytes and would-be workbooks), query strings and path parameters, sent by each role
 * and without a token. A client's input never causes a 5xx, and no workflow ends FAILED, TERMINATED
 * or TIMED_OUT, nor is left retrying a failing workflow task.
 *
 * The bounded run in `npm test` sends FUZZ_RUNS requests (default 3,000) within 45 s (on top of starting the stack);
 * FUZZ_RUNS=20000 FUZZ_SEED=… runs longer or replays one sequence. Every 5xx is listed at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Config } from '../../worker/config';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { closeUploadParsers } from '../../worker/upload-parser';

const RUNS = Number(process.env.FUZZ_RUNS ?? 3_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
/** The bounded run stops sending after this long, whatever FUZZ_RUNS says (unless FUZZ_RUNS is set). */
const TIME_BUDGET_MS = process.env.FUZZ_RUNS ? Number.POSITIVE_INFINITY : 45_000;

const DESK = 'Bộ phận Một cửa huyện';
const TUPHAP = 'Phòng Tư pháp';
type Role = 'admin' | 'monitor' | 'monitorHue' | 'agency' | 'desk' | 'viewer' | 'none';
const ROLES: Role[] = ['admin', 'monitor', 'monitorHue', 'agency', 'desk', 'viewer', 'none'];

type Route = { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string };
/** Every route of buildApi(); the test fails when the API has a route this list lacks. */
const ROUTES: Route[] = [
  { method: 'GET', path: '/healthz' },
  { method: 'GET', path: '/api/me' },
  { method: 'POST', path: '/api/tasks' },
  { method: 'GET', path: '/api/tasks' },
  { method: 'GET', path: '/api/tasks/:id' },
  { method: 'POST', path: '/api/tasks/:id/:action' },
  { method: 'POST', path: '/api/plans' },
  { method: 'GET', path: '/api/outbox' },
  { method: 'GET', path: '/api/outbox/message.eml' },
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/tasks/*' },
  { method: 'GET', path: '/files/*' },
  { method: 'GET', path: '/dashboard/:name' },
  { method: 'POST', path: '/api/one-stop/files' },
  { method: 'POST', path: '/api/one-stop/files/import' },
  { method: 'GET', path: '/api/one-stop/files' },
  { method: 'GET', path: '/api/one-stop/files/:code' },
  { method: 'POST', path: '/api/one-stop/files/:code/:action' },
  { method: 'GET', path: '/api/one-stop/files/:code/apology.html' },
  { method: 'GET', path: '/api/one-stop/files/:code/apology.docx' },
  { method: 'GET', path: '/public/apologies' },
  { method: 'GET', path: '/api/one-stop/reports/:month' },
  { method: 'GET', path: '/api/directory' },
  { method: 'PUT', path: '/api/directory' },
  { method: 'GET', path: '/api/directory/versions' },
  { method: 'POST', path: '/api/session' },
  { method: 'GET', path: '/api/session' },
  { method: 'DELETE', path: '/api/session' },
  { method: 'GET', path: '/api/accounts' },
  { method: 'POST', path: '/api/accounts' },
  { method: 'POST', path: '/api/accounts/:id/disable' },
  { method: 'POST', path: '/api/accounts/:id/password' },
  { method: 'POST', path: '/api/accounts/:id/tokens' },
  { method: 'PUT', path: '/api/accounts/:id/email' },
  { method: 'DELETE', path: '/api/tokens/:id' },
  { method: 'GET', path: '/api/audit' },
  { method: 'GET', path: '/api/tasks/counts' },
  { method: 'GET', path: '/api/openapi.json' },
  { method: 'GET', path: '/api/docs' },
  { method: 'GET', path: '/api/templates' },
  { method: 'POST', path: '/api/templates' },
  { method: 'POST', path: '/api/templates/preview' },
  { method: 'GET', path: '/api/templates/:id' },
  { method: 'PUT', path: '/api/templates/:id' },
  { method: 'GET', path: '/api/templates/:id/versions/:version' },
  { method: 'POST', path: '/api/templates/:id/clone' },
  { method: 'POST', path: '/api/templates/:id/retire' },
  { method: 'POST', path: '/api/templates/:id/restore' },
  { method: 'POST', path: '/api/templates/:id/start' },
  { method: 'POST', path: '/api/templates/:id/move' },
  { method: 'GET', path: '/api/dashboard/overview' },
  { method: 'GET', path: '/api/dashboard/tasks' },
  { method: 'GET', path: '/api/dashboard/tasks.xlsx' },
  { method: 'GET', path: '/api/dashboard/escalations' },
  { method: 'GET', path: '/api/dashboard/own-work' },
  { method: 'GET', path: '/api/dashboard/files' },
  { method: 'GET', path: '/api/dashboard/plans' },
  { method: 'GET', path: '/api/dashboard/plans/:id' },
];

/** A served route as a template of ROUTES names it: without its version, each action as `:action`. */
function templateOf(path: string): string {
  return path
    .replace(/^\/api\/v1(?=\/|$)/, '/api')
    .replace(/^(\/api\/tasks\/:id)\/[a-z-]+$/, '$1/:action')
    .replace(/^(\/api\/one-stop\/files\/:code)\/[a-z-]+$/, '$1/:action');
}

const QUERY_KEYS = [
  'column',
  'status',
  'plan',
  'lead',
  'jurisdiction',
  'type',
  'limit',
  'holder',
  'outcome',
  'format',
  'agency',
  'key',
  'filename',
  'year',
  'acceptProblems',
  'dryRun',
];

/** Strings that broke something once, or might: prototype keys, paths, NUL, quotes, huge text. */
const NASTY = [
  '',
  ' ',
  '.',
  '..',
  '../..',
  '\u0000',
  'a\u0000b',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'x"',
  "x'",
  "' OR 1=1 --",
  '`Status`="x"',
  '<script>alert(1)</script>',
  '=cmd|" /C calc"!A0',
  '%',
  '%00',
  '%E0%A4%A',
  '\uD800',
  '🙂',
  'Phòng Tư pháp',
  'tuy-phuoc',
  'thua-thien-hue',
  'task:',
  'file:',
  '9999-12-31',
  '1970-01-01',
  '2000-01-01T00:00:00Z',
  '9999-12-31T23:59:59+07:00',
  '-1',
  '0',
  '1e308',
  'NaN',
  'true',
  'null',
  '[]',
  '{}',
  'x'.repeat(300),
  'ạ'.repeat(5_000),
];
const HUGE = 'Nội dung rất dài. '.repeat(62_000); // ≈ 1.1 MB: over every JSON body limit
const BIG = 'Nội dung dài. '.repeat(7_000); // ≈ 100 KB: under the body limit, over every field's

const nasty = fc.constantFrom(...NASTY);
const text = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);
const date = fc.oneof(
  fc.constantFrom('2026-03-01', '2025-12-31', '2019-12-31', '2041-01-01', '9999-12-31', '0000-01-01', '2026-02-30', '01/03/2026'),
  fc.date({ min: new Date('1900-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);
const instant = fc.oneof(
  fc.constantFrom('1970-01-01T00:00:00Z', '2000-01-01T00:00:00+07:00', '9999-12-31T23:59:59+07:00', 'now', '2026-13-01T00:00:00Z'),
  fc.date({ min: new Date('1900-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constant(new Date().toISOString()),
);
const num = fc.oneof(fc.integer({ min: -5, max: 10 }), fc.constantFrom(1e9, -0, 0.5, Number.MAX_SAFE_INTEGER), fc.double());
const anyValue: fc.Arbitrary<unknown> = fc.oneof(text, num, fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }));
/** A field: mostly plausible, sometimes anything, rarely 1.1 MB. */
const field = <T>(plausible: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 30, arbitrary: plausible as fc.Arbitrary<unknown> },
    { weight: 15, arbitrary: anyValue },
    { weight: 4, arbitrary: fc.constant(BIG) },
    { weight: 1, arbitrary: fc.constant(HUGE) },
  );

const TODAY = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
/** A body each action accepts (when the state allows it). */
const VALID: Record<string, Record<string, unknown>> = {
  complete: { evidence: 'Công văn 12/UBND' },
  progress: { percent: 50, note: 'Đang thực hiện' },
  extend: { newDue: '2026-12-31', reason: 'Chờ ý kiến của sở', approvedBy: 'Chủ tịch UBND' },
  'set-deadline': { due: '2026-12-31' },
  reassign: { leads: ['Sở Tư pháp'], reason: 'Điều chỉnh phân công' },
  acknowledge: { level: 1, comment: 'Đã biết, đề nghị khẩn trương' },
  cancel: { reason: 'Không còn phù hợp' },
  'request-extension': { until: '2026-12-31', reason: 'Chờ ý kiến góp ý của các sở' },
  'decline-extension': { reason: 'Phải hoàn thành đúng hạn' },
  trigger: { title: 'Hồ sơ trễ hẹn' },
  transfer: { note: 'Chuyển xử lý' },
  'request-documents': { reason: 'Thiếu bản sao giấy chứng nhận' },
  'documents-received': {},
  'result-ready': {},
  'result-returned': {},
  withdraw: { reason: 'Người nộp rút hồ sơ' },
  apology: { number: '12/PXL', date: TODAY, signer: 'Lê Văn C', reason: 'Cần xác minh thêm nguồn gốc đất', newAppointment: '2026-12-31' },
};
/** Actions that end a workflow are drawn less often, so the others keep something to act on. */
const TASK_ACTION = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('progress', 'extend', 'set-deadline', 'reassign', 'acknowledge', 'trigger', 'request-extension', 'decline-extension') },
  { weight: 1, arbitrary: fc.constantFrom('complete', 'cancel') },
  { weight: 1, arbitrary: nasty },
);
const FILE_ACTION = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('transfer', 'request-documents', 'documents-received', 'result-ready', 'apology', 'acknowledge') },
  { weight: 1, arbitrary: fc.constantFrom('result-returned', 'withdraw') },
  { weight: 1, arbitrary: nasty },
);

/** Update bodies near the real shapes, every field hostile now and then. */
const updateBody = fc.record(
  {
    evidence: field(text),
    note: field(text),
    percent: field(fc.integer({ min: -10, max: 110 })),
    newDue: field(date),
    due: field(date),
    reason: field(fc.constantFrom('Cần thêm thời gian để xác minh', 'Lý do')),
    approvedBy: field(text),
    leads: field(fc.array(fc.constantFrom(TUPHAP, 'Phòng Nội vụ', 'Sở Tư pháp', '__proto__'), { maxLength: 3 })),
    level: field(fc.integer({ min: 0, max: 4 })),
    comment: field(text),
    milestone: field(fc.integer({ min: -1, max: 3 })),
    completedAt: field(instant),
    agency: field(fc.constantFrom(TUPHAP, 'Sở Tư pháp', DESK)),
    title: field(text),
    eventId: field(text),
    at: field(instant),
    to: field(fc.constantFrom(TUPHAP, 'Phòng Nội vụ', DESK)),
    number: field(fc.constantFrom('12/PXL', '1/PXL-TP', 'x')),
    date: field(date),
    signer: field(text),
    newAppointment: field(date),
    newAppointmentTime: field(fc.constantFrom('09:00', '25:00', 'x')),
    actor: field(fc.constant({ name: 'Giả mạo', role: 'admin' })),
  },
  { requiredKeys: [] },
);

const intakeBody = fc.record(
  {
    code: field(fc.oneof(fc.constantFrom('H57-FUZZ-1', 'H57-FUZZ-2'), fc.stringMatching(/^[A-Z0-9][A-Z0-9.-]{2,20}$/))),
    procedure: field(
      fc.record(
        {
          code: field(fc.constant('1.001')),
          name: field(fc.constant('Chứng thực bản sao')),
          workingDays: field(fc.integer({ min: -1, max: 400 })),
          cutoff: field(fc.constantFrom('15:00', '99:99')),
        },
        { requiredKeys: [] },
      ),
    ),
    applicant: field(
      fc.record(
        {
          name: field(text),
          email: field(fc.constantFrom('a@b.vn', 'x')),
          phone: field(fc.constantFrom('0905123456', 'x')),
          idNumber: field(fc.constantFrom('052090001234', '1')),
        },
        { requiredKeys: [] },
      ),
    ),
    receivingUnit: field(fc.constantFrom(DESK, 'Bộ phận Một cửa cấp huyện', 'Không có')),
    agencies: field(fc.array(fc.constantFrom(TUPHAP, 'Phòng Tư pháp huyện', 'Phòng Nội vụ', 'Không có'), { maxLength: 4 })),
    receivedAt: field(instant),
    appointment: field(fc.record({ date: field(date), time: field(fc.constantFrom('17:00', '24:00')) }, { requiredKeys: [] })),
    online: field(fc.boolean()),
    jurisdiction: field(fc.constantFrom('tuy-phuoc', 'thua-thien-hue', 'x')),
    policy: field(fc.constant({})),
  },
  { requiredKeys: [] },
);

/** An account to create, a sign-in, a password or a token label: some fields right, some generated. */
const accountBody = fc.record(
  {
    name: field(fc.constantFrom('Cán bộ thử', '')),
    role: field(fc.constantFrom('admin', 'monitor', 'agency', 'desk', 'viewer', 'chair')),
    agency: field(fc.constantFrom('Phòng Tư pháp', 'so-tu-phap', 'Bộ phận Một cửa huyện', 'Sở Không Có')),
    jurisdiction: field(fc.constantFrom('tuy-phuoc', 'thua-thien-hue', 'x')),
    login: field(fc.constantFrom('can-bo.thu', 'ab', 'Cán Bộ')),
    password: field(fc.constantFrom('mat-khau-du-dai', 'ngan')),
    label: field(fc.constantFrom('iGate', '')),
  },
  { requiredKeys: [] },
);

type Payload = { contentType?: string; body?: string | Buffer | object; fileName?: string };

const json = (value: unknown) => ({ contentType: 'application/json', body: JSON.stringify(value) ?? 'null' });
/** A valid body for the action with up to three fields replaced by generated ones. */
const actionBody = (action: string) =>
  fc.tuple(updateBody, fc.nat(3)).map(([generated, n]) => ({ ...(VALID[action] ?? {}), ...Object.fromEntries(Object.entries(generated).slice(0, n)) }));
const payload = (
  route: Route,
  action: string,
  templates: { csv: string; plan: Buffer; xlsx: Buffer; directory: unknown; task: unknown },
): fc.Arbitrary<Payload> => {
  if (route.method === 'GET') return fc.constant({});
  const common: fc.Arbitrary<Payload>[] = [
    fc.jsonValue({ maxDepth: 3 }).map(json),
    fc.constantFrom<Payload>(
      { contentType: 'application/json', body: '' },
      { contentType: 'application/json', body: '{' },
      { contentType: 'application/json', body: '"x"' },
      { contentType: 'application/json', body: '{"__proto__":{"x":1}}' },
      { contentType: 'application/x-www-form-urlencoded', body: 'a=1&b=2' },
      { contentType: 'multipart/form-data; boundary=x', body: '--x\r\n\r\n--x--' },
      { contentType: 'text/plain', body: 'xin chào' },
      { contentType: 'application/xml', body: '<a/>' },
      {},
    ),
  ];
  if (route.path === '/api/plans') {
    const bytes = fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.from(b));
    const mutated = fc
      .tuple(fc.constantFrom(templates.xlsx, templates.plan), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 50 }))
      .map(([t, at, patch]) => {
        const copy = Buffer.from(t);
        copy.set(patch.subarray(0, Math.max(0, copy.length - (at % copy.length))), at % copy.length);
        return copy;
      });
    const upload = fc
      .tuple(
        fc.oneof(bytes, mutated, fc.constant(templates.plan), fc.constant(templates.xlsx), fc.constant(Buffer.alloc(0))),
        fc.constantFrom('application/octet-stream', 'application/octet-stream', 'application/octet-stream', 'text/csv', 'text/plain'),
      )
      .map(([body, contentType]): Payload => ({ contentType, body }));
    return fc.oneof({ weight: 6, arbitrary: upload }, ...common);
  }
  if (route.path === '/api/one-stop/files/import') {
    const lines = templates.csv.split('\n');
    const mangled = fc
      .array(
        fc.oneof(
          fc.constantFrom(...lines),
          fc.string({ maxLength: 80 }),
          fc.constant(`${lines[1]!.replace('Phòng Tư pháp', 'Phòng Tư pháp; Phòng Tư pháp huyện')}`),
        ),
        { maxLength: 6 },
      )
      .map((rows) => [lines[0], ...rows].join('\n'));
    return fc.oneof(
      {
        weight: 6,
        arbitrary: fc.oneof(mangled, fc.string({ maxLength: 200 }), fc.constant(templates.csv)).map((body) => ({ contentType: 'text/csv', body })),
      },
      fc.uint8Array({ maxLength: 500 }).map((b) => ({ contentType: 'text/csv', body: Buffer.from(b) })),
      ...common,
    );
  }
  if (route.path === '/api/one-stop/files') return fc.oneof({ weight: 4, arbitrary: intakeBody.map(json) }, ...common);
  if (route.path.endsWith('/:action'))
    return fc.oneof({ weight: 6, arbitrary: actionBody(action).map(json) }, { weight: 1, arbitrary: updateBody.map(json) }, ...common);
  if (route.path === '/api/directory') return fc.oneof(fc.constant(json(templates.directory)), ...common);
  if (route.path.startsWith('/api/accounts') || route.path === '/api/session') return fc.oneof({ weight: 4, arbitrary: accountBody.map(json) }, ...common);
  if (route.path === '/api/tasks') {
    const task = templates.task as { plan: Record<string, unknown>; task: Record<string, unknown> };
    const hostile = fc.record({
      key: fc.constantFrom(...Object.keys(task.task)),
      value: anyValue,
      planKey: fc.constantFrom(...Object.keys(task.plan)),
      planValue: anyValue,
      which: fc.nat(2),
    });
    return fc.oneof(
      hostile.map(({ key, value, planKey, planValue, which }) =>
        json(which === 0 ? { ...task, task: { ...task.task, [key]: value } } : which === 1 ? { ...task, plan: { ...task.plan, [planKey]: planValue } } : task),
      ),
      ...common,
    );
  }
  return fc.oneof(...common);
};

/** Percent-encodes a path segment; a lone surrogate becomes the (invalid UTF-8) bytes a client could send. */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '')) + '%ED%A0%80';
  }
}

type Sent = { role: Role; method: string; url: string; contentType?: string; body?: string };

describe('fuzzing every route', () => {
  let config: Config;
  let stack: Stack;
  let api: FastifyInstance;
  const tokens: Partial<Record<Role, string>> = {};
  const ids = { tasks: [] as string[], files: [] as string[] };
  const templates = {
    csv: readFileSync(fileURLToPath(new URL('../../plans/ho-so-mau.csv', import.meta.url)), 'utf8'),
    plan: readFileSync(fileURLToPath(new URL('../../plans/template.csv', import.meta.url))),
    xlsx: readFileSync(fileURLToPath(new URL('../../plans/template.xlsx', import.meta.url))),
    directory: null as unknown,
    task: null as unknown,
  };

  const inject = (role: Role, options: InjectOptions) =>
    api.inject({ ...options, headers: { ...(options.headers ?? {}), ...(tokens[role] ? { authorization: `Bearer ${tokens[role]}` } : {}) } });

  beforeAll(async () => {
    config = await stackConfig('fuzz');
    process.env.TEMPORAL_DEV_PORT = String(config.TEMPORAL_DEV_PORT);
    process.env.TEMPORAL_TASK_QUEUE = config.TEMPORAL_TASK_QUEUE;
    stack = await startStack(config);
    tokens.admin = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    tokens.monitor = await stack.users.add({ name: 'Văn phòng HĐND và UBND huyện', role: 'monitor', jurisdiction: 'tuy-phuoc' });
    tokens.monitorHue = await stack.users.add({ name: 'Văn phòng UBND tỉnh', role: 'monitor', jurisdiction: 'thua-thien-hue' });
    tokens.agency = await stack.users.add({ name: 'Cán bộ Phòng Tư pháp', role: 'agency', agency: TUPHAP });
    tokens.desk = await stack.users.add({ name: 'Cán bộ một cửa', role: 'desk', agency: DESK, jurisdiction: 'tuy-phuoc' });
    tokens.viewer = await stack.users.add({ name: 'Thanh tra tỉnh', role: 'viewer', jurisdiction: 'binh-dinh' });
    api = stack.api;

    // Something to act on: a plan's tasks (with instances) and one-stop files.
    const plan = await inject('admin', {
      method: 'POST',
      url: '/api/plans?filename=template.xlsx&acceptProblems=true',
      headers: { 'content-type': 'application/octet-stream' },
      payload: templates.xlsx,
    });
    expect(plan.statusCode, plan.body).toBeLessThan(300);
    const csv = await inject('admin', { method: 'POST', url: '/api/one-stop/files/import', headers: { 'content-type': 'text/csv' }, payload: templates.csv });
    expect(csv.statusCode, csv.body).toBeLessThan(300);
    const listed = await eventually(
      async () => {
        const answer = (await inject('admin', { method: 'GET', url: '/api/tasks?limit=100' })).json() as
          { tasks: { workflowId: string }[] } | { workflowId: string }[];
        return Array.isArray(answer) ? answer : (answer.tasks ?? []);
      },
      (rows) => rows.length >= 6,
    );
    ids.tasks = listed.map((r) => r.workflowId);
    const imported = JSON.parse(csv.body) as { started: string[]; existing: string[]; failed: { code: string }[] };
    ids.files = [...imported.started, ...imported.existing, ...imported.failed.map((f) => f.code)];
    templates.directory = (await inject('admin', { method: 'GET', url: '/api/directory' })).json();
    const dry = (
      await inject('admin', {
        method: 'POST',
        url: '/api/plans?filename=template.xlsx&dryRun=true',
        headers: { 'content-type': 'application/octet-stream' },
        payload: templates.xlsx,
      })
    ).json() as { plan: Record<string, unknown>; tasks: Record<string, unknown>[] };
    templates.task = { plan: { ...dry.plan, id: 'fuzz-2026' }, task: { ...dry.tasks[0], planId: 'fuzz-2026' } };
  });

  afterAll(async () => {
    await closeUploadParsers();
    if (stack) await stopStack(stack);
  });

  it('covers every route of the API', () => {
    for (const r of ROUTES)
      expect(
        api.hasRoute({ method: r.method, url: r.path.replace(':action', r.path.includes('one-stop') ? 'transfer' : 'complete') }),
        `${r.method} ${r.path}`,
      ).toBe(true);
    // Paths from Fastify's route tree ("└── /:id (GET, HEAD)" under "api/tasks" is /api/tasks/:id).
    const stack: string[] = [];
    const served: string[] = [];
    for (const line of api.printRoutes({ commonPrefix: false }).split('\n')) {
      const m = /^([\s│]*)[└├]── (\S+) \(/.exec(line);
      if (!m) continue;
      const depth = m[1]!.length / 4;
      const parent = depth === 0 ? '' : stack[depth - 1]!;
      const segment = m[2]!;
      // A segment that continues its parent's (".html" under "apology", when /apology is a route too) joins without a slash.
      const path = segment.startsWith('/') || segment.startsWith('.') || parent.endsWith('/') ? `${parent}${segment}` : `${parent}/${segment}`;
      stack[depth] = path;
      served.push(path);
    }
    const known = new Set(ROUTES.map((r) => r.path));
    // The tree shows wildcard routes as a bare "*" without their prefix; the docs page's own files are the plugin's.
    const missing = served
      .filter((p) => p.startsWith('/api') && !p.startsWith('/api/docs/'))
      .filter((p) => !known.has(templateOf(p)) && !(p.endsWith('*') && ROUTES.some((r) => r.path.endsWith('*'))));
    expect(served.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it(`answers ${RUNS} generated requests without a 5xx`, async () => {
    const odd = fc.oneof(
      { weight: 3, arbitrary: nasty },
      { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
      { weight: 1, arbitrary: fc.constant(`task:${'x'.repeat(700)}`) },
      { weight: 2, arbitrary: fc.constantFrom(...ids.tasks, ...ids.files, ...ids.files.map((c) => `file:${c}`)) },
    );
    const taskId = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ids.tasks) }, { weight: 2, arbitrary: odd });
    const fileCode = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ids.files) }, { weight: 2, arbitrary: odd });
    const mostly = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: good as fc.Arbitrary<string> }, { weight: 1, arbitrary: nasty });
    const planQuery = fc.record(
      {
        filename: mostly(fc.constantFrom('ke-hoach.xlsx', 'ke-hoach.csv', 'ke-hoach.txt', 'a.xls')),
        year: mostly(fc.constantFrom('2025', '2026', '2015', '9999')),
        jurisdiction: mostly(fc.constantFrom('tuy-phuoc', 'thua-thien-hue')),
        dryRun: mostly(fc.constantFrom('true', 'true', 'true', 'false')),
        acceptProblems: mostly(fc.constantFrom('true', 'false')),
      },
      { requiredKeys: ['filename'] },
    );
    const anyQuery = fc.dictionary(
      fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 8 })),
      fc.oneof(nasty, fc.string({ maxLength: 20 }), fc.integer().map(String)),
      { maxKeys: 4 },
    );
    const request = fc
      .record({
        route: fc.constantFrom(...ROUTES),
        role: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ROLES.filter((r) => r !== 'none')) }, { weight: 1, arbitrary: fc.constant<Role>('none') }),
      })
      .chain(({ route, role }) => {
        const files = route.path.includes('one-stop');
        return fc.record({
          route: fc.constant(route),
          role: fc.constant(role),
          // Accounts and tokens by number: past the fuzz's own accounts and tokens (1–6), so the roles keep theirs.
          id: files
            ? fileCode
            : route.path.startsWith('/api/tasks')
              ? taskId
              : /^\/api\/(accounts|tokens)\//.test(route.path)
                ? fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 7, max: 12 }).map(String) }, { weight: 1, arbitrary: odd })
                : odd,
          name: odd,
          action: files ? FILE_ACTION : TASK_ACTION,
          query:
            route.path === '/api/plans'
              ? fc.oneof({ weight: 4, arbitrary: planQuery as fc.Arbitrary<Record<string, string>> }, { weight: 1, arbitrary: anyQuery })
              : anyQuery,
          month: fc.oneof(fc.constantFrom('2026-02', '2026-13', '9999-01', 'x'), fc.string({ maxLength: 10 })),
          // The versioned path or today's alias.
          v1: fc.boolean(),
        });
      })
      .chain((r) => payload(r.route, r.action, templates).map((p) => ({ ...r, payload: p })));

    const failures: { sent: Sent; status: number; answer: string }[] = [];
    const statuses = new Map<number, number>();
    const perRoute = new Map<string, number>();
    const started = Date.now();
    let sent = 0;
    for (const r of fc.sample(request, { numRuns: RUNS, seed: SEED })) {
      if (Date.now() - started > TIME_BUDGET_MS) break;
      const path = (r.v1 ? r.route.path.replace(/^\/api\//, '/api/v1/') : r.route.path)
        .replace(':id', encodeSegment(r.id))
        .replace(':code', encodeSegment(r.id))
        .replace(':action', encodeSegment(r.action))
        .replace(':month', encodeSegment(r.month))
        .replace(':version', encodeSegment(r.month))
        .replace(':name', encodeSegment(r.name))
        .replace('*', encodeSegment(r.name));
      const query = new URLSearchParams(r.query).toString();
      const url = query ? `${path}?${query}` : path;
      const { contentType, body } = r.payload;
      const res = await inject(r.role, {
        method: r.route.method,
        url,
        headers: contentType ? { 'content-type': contentType } : {},
        ...(body !== undefined ? { payload: body as string } : {}),
      });
      sent++;
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const key = `${r.route.method} ${r.route.path} ${res.statusCode}`;
      perRoute.set(key, (perRoute.get(key) ?? 0) + 1);
      if (process.env.FUZZ_VERBOSE && (perRoute.get(key) ?? 0) <= 3)
        console.log(`${key} ← ${r.role} ${url.slice(0, 150)} ${String(r.payload.contentType)}: ${res.body.slice(0, 200)}`);
      if (res.statusCode >= 500) {
        const shown = typeof body === 'string' ? body.slice(0, 300) : Buffer.isBuffer(body) ? `<${body.length} bytes>` : undefined;
        failures.push({
          sent: { role: r.role, method: r.route.method, url: url.slice(0, 300), contentType, body: shown },
          status: res.statusCode,
          answer: res.body.slice(0, 300),
        });
      }
    }
    console.log(
      `fuzz: seed ${SEED}, ${sent} requests in ${Math.round((Date.now() - started) / 1000)} s, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    if (process.env.FUZZ_VERBOSE)
      console.log(
        [...perRoute]
          .sort()
          .map(([k, n]) => `${k}: ${n}`)
          .join('\n'),
      );
    expect(sent).toBeGreaterThanOrEqual(Math.min(RUNS, 300));
    expect(failures, `5xx answers (FUZZ_SEED=${SEED}):\n${failures.map((f) => JSON.stringify(f)).join('\n')}`).toEqual([]);
  }, 600_000);

  it('leaves no workflow failed, terminated, timed out, or retrying a failing workflow task', async () => {
    const client = stack.cluster.client;
    const broken: string[] = [];
    await new Promise((r) => setTimeout(r, 2_000)); // visibility is eventually consistent
    for await (const w of client.workflow.list({ query: `ExecutionStatus = "Failed" OR ExecutionStatus = "Terminated" OR ExecutionStatus = "TimedOut"` })) {
      broken.push(`${w.workflowId}: ${w.status.name}`);
    }
    // A workflow task that fails (an exception in workflow code) leaves the workflow running but
    // wedged: it retries forever. Any such failure in any history counts.
    for await (const w of client.workflow.list({ query: 'ExecutionStatus = "Running"' })) {
      const history = await client.workflow.getHandle(w.workflowId, w.runId).fetchHistory();
      for (const event of history.events ?? []) {
        const failed = event.workflowTaskFailedEventAttributes;
        if (failed?.failure?.message) broken.push(`${w.workflowId}: workflow task failed: ${failed.failure.message}`);
      }
    }
    expect(broken).toEqual([]);
  }, 120_000);
});
