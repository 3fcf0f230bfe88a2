/**
 * The API's rules that need running workflows, on the dev server: a closed task refuses further
 * actions with a reason; ids of the wrong kind are 404; an agency sees its own part of a group
 * task; intake neither leaks a file through its code nor trusts the caller's jurisdiction or
 * clock; a monitor imports only for its own jurisdiction; agencies do not see server paths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../worker/config';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { planTask } from '../support/tasks';
import type { Plan, Task } from '../../domain/plan';
import { Outbox } from '../../storage/outbox';

const plan: Plan = {
  id: 'kh-quy-tac-api-2026',
  number: null,
  issuer: 'UBND huyện Tuy Phước',
  jurisdiction: 'tuy-phuoc',
  issuedOn: '2026-01-05',
  title: 'Kế hoạch kiểm thử quy tắc API năm 2026',
  year: 2026,
  source: 'rules',
};
const task = (ref: string, lead: string[]): Task =>
  planTask({ planId: plan.id, ref, lead, activity: `Nhiệm vụ kiểm thử ${ref}`, source: { file: 'rules', row: 1 } });

describe('API rules on running workflows', () => {
  let config: Config;
  let stack: Stack;
  let api: FastifyInstance;
  const tokens = { admin: '', monitorTp: '', monitorHue: '', noiVu: '', tuPhap: '', desk: '' };
  type Who = keyof typeof tokens;
  const call = (who: Who | null, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    api.inject({ method, url, payload: payload as never, headers: { ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...headers } });
  const stamp = Date.now();
  const intake = (code: string, extra: Record<string, unknown> = {}) => ({
    code,
    procedure: { code: '1.001234', name: 'Đăng ký kết hôn', workingDays: 5 },
    applicant: { name: 'Trần Thị Bích', email: 'bich@example.vn', phone: '0905111222', idNumber: '052090004321' },
    receivingUnit: 'Bộ phận Một cửa huyện',
    agencies: ['Phòng Nội vụ'],
    receivedAt: new Date().toISOString(),
    ...extra,
  });

  beforeAll(async () => {
    config = await stackConfig('rules');
    stack = await startStack(config);
    tokens.admin = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    tokens.monitorTp = await stack.users.add({ name: 'Văn phòng HĐND và UBND huyện', role: 'monitor', jurisdiction: 'tuy-phuoc' });
    tokens.monitorHue = await stack.users.add({ name: 'Văn phòng UBND tỉnh', role: 'monitor', jurisdiction: 'thua-thien-hue' });
    tokens.noiVu = await stack.users.add({ name: 'Cán bộ Phòng Nội vụ', role: 'agency', agency: 'Phòng Nội vụ' });
    tokens.tuPhap = await stack.users.add({ name: 'Cán bộ Phòng Tư pháp', role: 'agency', agency: 'Phòng Tư pháp' });
    tokens.desk = await stack.users.add({ name: 'Cán bộ một cửa', role: 'agency', agency: 'Bộ phận Một cửa huyện' });
    api = stack.api;
  }, 60_000);

  afterAll(async () => {
    if (stack) await stopStack(stack);
  });

  it('completing a finished task again is a 422 that says the task has ended', async () => {
    expect((await call('admin', 'POST', '/api/tasks', { plan, task: task('1', ['Phòng Nội vụ']) })).statusCode).toBe(201);
    const id = encodeURIComponent(`task:${plan.id}:1`);
    const first = await call('noiVu', 'POST', `/api/tasks/${id}/complete`, { evidence: 'Báo cáo số 15/BC-PNV' });
    expect(first.statusCode, first.body).toBe(200);
    await eventually(
      async () => (await stack.cluster.client.workflow.getHandle(`task:${plan.id}:1`).describe()).status.name,
      (s) => s !== 'RUNNING',
    );
    for (const who of ['noiVu', 'admin', 'monitorTp'] as const) {
      const again = await call(who, 'POST', `/api/tasks/${id}/complete`, { evidence: 'Báo cáo số 15/BC-PNV' });
      expect(again.statusCode, again.body).toBe(422);
      expect(again.json()).toEqual({ error: 'Nhiệm vụ đã kết thúc; không thể thực hiện thêm thao tác.' });
    }
    // The closed task still reads.
    expect((await call('noiVu', 'GET', `/api/tasks/${id}`)).json()).toMatchObject({ status: 'done_on_time' });
  });

  it('answers a file id or an unknown id on a task route with 404, for admins and agencies', async () => {
    const code = `H57-RULES-${stamp}-0`;
    expect((await call('admin', 'POST', '/api/one-stop/files', intake(code))).statusCode).toBe(201);
    for (const who of ['admin', 'noiVu'] as const) {
      for (const url of [`/api/tasks/file:${code}`, `/api/tasks/${encodeURIComponent(`task:${plan.id}:khong-co`)}`]) {
        const res = await call(who, 'GET', url);
        expect(res.statusCode, `${who} ${url}`).toBe(404);
        expect(res.json()).toEqual({ error: 'Không tìm thấy.' });
      }
      expect((await call(who, 'POST', `/api/tasks/file:${code}/complete`, { evidence: 'x' })).statusCode).toBe(404);
    }
  });

  it("shows an agency its own part of a group task: done, while the other lead's part is still open", async () => {
    expect((await call('admin', 'POST', '/api/tasks', { plan, task: task('2', ['Phòng Nội vụ', 'Phòng Tư pháp']) })).statusCode).toBe(201);
    const id = encodeURIComponent(`task:${plan.id}:2`);
    const done = await call('noiVu', 'POST', `/api/tasks/${id}/complete`, { evidence: 'Báo cáo số 16/BC-PNV' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done_on_time', otherParts: [{ agency: 'Phòng Tư pháp', status: 'not_due' }] });
    const mine = (await call('noiVu', 'GET', `/api/tasks/${id}`)).json();
    expect(mine).toMatchObject({ status: 'done_on_time', escalationLevel: 0, obligations: [{ agency: 'Phòng Nội vụ', status: 'done_on_time' }] });
    expect(mine.obligations).toHaveLength(1);
    expect(mine.otherParts).toEqual([{ agency: 'Phòng Tư pháp', milestone: 0, label: expect.any(String), status: 'not_due' }]);
    expect((await call('tuPhap', 'GET', `/api/tasks/${id}`)).json()).toMatchObject({ status: 'not_due', obligations: [{ agency: 'Phòng Tư pháp' }] });
    // The monitoring office sees the whole task.
    expect((await call('monitorTp', 'GET', `/api/tasks/${id}`)).json().obligations).toHaveLength(2);
  });

  it('returns a repeated intake only to who may read the file; different data under the code is a 409 naming the fields', async () => {
    const code = `H57-RULES-${stamp}-1`;
    const created = await call('desk', 'POST', '/api/one-stop/files', intake(code));
    expect(created.statusCode, created.body).toBe(201);
    expect((await call('tuPhap', 'GET', `/api/one-stop/files/${code}`)).statusCode).toBe(403);
    // Phòng Tư pháp is no desk: refused before anything. The other province's monitor cannot register here.
    expect((await call('tuPhap', 'POST', '/api/one-stop/files', intake(code))).statusCode).toBe(403);
    const foreign = await call('monitorHue', 'POST', '/api/one-stop/files', intake(code));
    expect(foreign.statusCode).toBe(403);
    expect(foreign.body).not.toContain('052090004321');
    // A second desk account of the same unit retries the webhook: it gets the file back.
    const again = await call('desk', 'POST', '/api/one-stop/files', { ...intake(code), receivedAt: created.json().file.file.receivedAt });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ created: false, file: { file: { code, applicant: { idNumber: '052090004321' } } } });
    const changed = await call('desk', 'POST', '/api/one-stop/files', {
      ...intake(code, { receivedAt: created.json().file.file.receivedAt }),
      applicant: { name: 'Lê Văn Cường', phone: '0905999888', idNumber: '052090004321' },
    });
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toEqual({
      error: `Mã hồ sơ ${code} đã được đăng ký với nội dung khác ở: tên người nộp hồ sơ, thư điện tử của người nộp, số điện thoại của người nộp.`,
      fields: ['tên người nộp hồ sơ', 'thư điện tử của người nộp', 'số điện thoại của người nộp'],
    });
  });

  it('tells a caller who may not read the file only that its code is taken, showing none of its data', async () => {
    // A Huế file, and the Tuy Phước desk naming its code (the desk may register, but not read Huế's files).
    const hueCode = `H57-RULES-${stamp}-3`;
    const hueFile = { ...intake(hueCode), receivingUnit: 'Trung tâm Phục vụ hành chính công tỉnh', agencies: ['Sở Tư pháp'] };
    expect((await call('admin', 'POST', '/api/one-stop/files', hueFile)).statusCode).toBe(201);
    expect((await call('desk', 'GET', `/api/one-stop/files/${hueCode}`)).statusCode).toBe(403);
    const leak = await call('desk', 'POST', '/api/one-stop/files', intake(hueCode));
    expect(leak.statusCode).toBe(409);
    expect(leak.json()).toEqual({ error: `Mã hồ sơ ${hueCode} đã được sử dụng.` });
    expect(leak.body).not.toContain('052090004321');
    expect(leak.body).not.toContain('Trần Thị Bích');
  });

  it('takes the jurisdiction from the account and bounds receivedAt', async () => {
    const other = await call('desk', 'POST', '/api/one-stop/files', intake(`H57-RULES-${stamp}-4`, { jurisdiction: 'thua-thien-hue' }));
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toMatch(/^jurisdiction: tài khoản này chỉ đăng ký hồ sơ cho đơn vị hành chính của mình \(tuy-phuoc\)/);
    const future = await call(
      'desk',
      'POST',
      '/api/one-stop/files',
      intake(`H57-RULES-${stamp}-5`, { receivedAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().error).toBe('receivedAt: thời điểm tiếp nhận không được ở tương lai.');
    const old = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const backdated = await call('desk', 'POST', '/api/one-stop/files', intake(`H57-RULES-${stamp}-6`, { receivedAt: old }));
    expect(backdated.statusCode).toBe(403);
    expect(backdated.json().error).toMatch(/nhập hồ sơ tồn đọng/);
    const y2000 = await call('admin', 'POST', '/api/one-stop/files', intake(`H57-RULES-${stamp}-7`, { receivedAt: '2000-03-01T09:00:00+07:00' }));
    expect(y2000.statusCode).toBe(400);
    // Refused at the edge by the file's schema, naming the field.
    expect(y2000.json().error).toMatch(/^receivedAt: .*năm 2000 ngoài phạm vi lịch làm việc/);
    // A backlog is the monitoring office's to record, in its own jurisdiction.
    const backlog = await call('monitorTp', 'POST', '/api/one-stop/files', intake(`H57-RULES-${stamp}-8`, { receivedAt: old }));
    expect(backlog.statusCode, backlog.body).toBe(201);
    expect(backlog.json().file.file.jurisdiction).toBe('tuy-phuoc');
  });

  it("lets a monitor import files and plans for its own jurisdiction only, and not take over another's plan", async () => {
    const csv = readFileSync(new URL('../../plans/ho-so-mau.csv', import.meta.url), 'utf8');
    const foreign = await call('monitorHue', 'POST', '/api/one-stop/files/import', csv, { 'content-type': 'text/csv' });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().started).toEqual([]);
    expect(foreign.json().problems[0].message).toMatch(/tài khoản này chỉ nhập hồ sơ của "thua-thien-hue"/);

    // A row naming one agency twice (the second time by an alias) is that row's problem, not a 500.
    const [heading, first] = csv.split('\n');
    const twice = first!
      .replace('Phòng Kinh tế và Hạ tầng', 'Phòng Kinh tế và Hạ tầng; Phòng Kinh tế - Hạ tầng')
      .replace('H57.22-260209-0001', `H57.22-TWICE-${stamp}`);
    const alias = await call('monitorTp', 'POST', '/api/one-stop/files/import', `${heading}\n${twice}\n`, { 'content-type': 'text/csv' });
    expect(alias.statusCode, alias.body).toBe(422);
    expect(alias.json().problems).toEqual([
      expect.objectContaining({ row: 2, message: expect.stringContaining('là cùng một cơ quan (Phòng Kinh tế và Hạ tầng)') }),
    ]);

    const seed = readFileSync(new URL('../../plans/3322-QD-UBND-2024-thua-thien-hue.txt', import.meta.url));
    const post = (who: Who, query: string) => call(who, 'POST', `/api/plans?filename=3322.txt&${query}`, seed, { 'content-type': 'application/octet-stream' });
    expect((await post('monitorTp', 'jurisdiction=thua-thien-hue&dryRun=true')).statusCode).toBe(403);
    const imported = await post('monitorHue', 'acceptProblems=true');
    expect(imported.statusCode, imported.body).toBe(201);
    const planId = imported.json().planId as string;
    await eventually(
      async () => (await call('admin', 'GET', `/api/tasks?plan=${planId}`)).json(),
      (l) => l.tasks?.length > 0,
    );
    const takeover = await post('monitorTp', 'acceptProblems=true');
    expect(takeover.statusCode).toBe(403);
    expect(takeover.json().error).toBe(`Kế hoạch ${planId} đã được nhập cho đơn vị hành chính khác; tài khoản này không được nhập lại.`);
    // The Huế tasks stay Huế's, and the Tuy Phước monitor does not see them.
    expect((await call('monitorTp', 'GET', `/api/tasks?plan=${planId}`)).json()).toEqual({ tasks: [] });
  }, 60_000);

  it("hides the server's reply (a server path) from agencies in the outbox", async () => {
    const outbox = new Outbox(stack.storage.db);
    const key = `task:${plan.id}:1:rules:1`;
    await outbox.claim(key, {
      kind: 'reminder',
      subject: 'Nhắc hạn',
      recipients: ['phong-noi-vu@tuyphuoc.example'],
      agencies: ['Phòng Nội vụ', 'phong-noi-vu'],
    });
    await outbox.markSent(key, { channel: 'outbox', accepted: ['phong-noi-vu@tuyphuoc.example'], rejected: [], response: `kept in ${config.DATA_DIR}/outbox` });
    const agency = (await call('noiVu', 'GET', '/api/outbox')).json().messages.find((m: { key: string }) => m.key === key);
    expect(agency).toBeDefined();
    expect(agency).not.toHaveProperty('response');
    expect(JSON.stringify(agency)).not.toContain(config.DATA_DIR);
    const monitor = (await call('monitorTp', 'GET', '/api/outbox')).json().messages.find((m: { key: string }) => m.key === key);
    expect(monitor.response).toBe(`kept in ${config.DATA_DIR}/outbox`);
  });
});
