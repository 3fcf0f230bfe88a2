/**
 * The API at its edge, without a Temporal server: what it answers to malformed, oversized, hostile
 * or unauthenticated requests before any workflow is involved. A client's input is a 4xx with one
 * error shape `{ error: "<Vietnamese>" }`, never a 5xx; every response carries the security headers.
 * (The client given to the API fails every call, as Temporal would when it is down.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { Client, Connection, QueryNotRegisteredError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApi } from '../../api/server';
import { answerFor, TEMPORAL_UNAVAILABLE } from '../../api/errors';
import { freePort } from '../support/ports';
import { UserStore } from '../../storage/accounts';
import { DirectoryStore, shippedDirectory } from '../../storage/directory';
import type { DatabaseHandle } from '../../storage';
import { openTestDatabase } from '../support/databases';
import { DirectorySchema } from '../../domain/directory';
import { renderLetterHtml } from '../../domain/onestop/letter';
import { pageStyleHashes, styleHashes } from '../../api/inline-styles';

const TEMPORAL_DOWN = '14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7233';

/** A Temporal client whose every call fails, counting the calls: the edge must refuse before reaching it. */
function unreachableClient(calls: string[]): Client {
  const fail = (what: string) => async () => {
    calls.push(what);
    throw new Error(TEMPORAL_DOWN);
  };
  return {
    options: { namespace: 'default' },
    workflowService: { describeTaskQueue: fail('describeTaskQueue') },
    workflow: {
      getHandle: () => ({ query: fail('query'), describe: fail('describe'), executeUpdate: fail('executeUpdate') }),
      list: () => ({
        [Symbol.asyncIterator]: () => ({ next: fail('list') }),
      }),
      start: fail('start'),
    },
  } as unknown as Client;
}

describe('the API at its edge', () => {
  let api: FastifyInstance;
  let storage: DatabaseHandle;
  let build: () => FastifyInstance;
  const calls: string[] = [];
  const tokens = { admin: '', monitor: '', agency: '' };
  const as = (who: keyof typeof tokens) => ({ authorization: `Bearer ${tokens[who]}` });

  beforeAll(async () => {
    storage = await openTestDatabase('embedded');
    const users = new UserStore(storage.db);
    tokens.admin = await users.add({ name: 'Quản trị', role: 'admin' });
    tokens.monitor = await users.add({ name: 'Văn phòng HĐND và UBND huyện', role: 'monitor', jurisdiction: 'tuy-phuoc' });
    tokens.agency = await users.add({ name: 'Cán bộ Phòng Nội vụ', role: 'agency', agency: 'Phòng Nội vụ' });
    build = () =>
      buildApi({
        client: unreachableClient(calls),
        taskQueue: 'dondoc-edge',
        db: storage.db,
        users,
        directory: new DirectoryStore(storage.db),
        logger: pino({ level: 'silent' }),
      });
    api = build();
    await api.ready();
  });
  afterAll(async () => {
    await api?.close();
  });

  const expectError = (res: { statusCode: number; json(): { error?: unknown } }, status: number, text?: RegExp) => {
    expect(res.statusCode).toBe(status);
    const body = res.json();
    expect(typeof body.error).toBe('string');
    expect(body.error).toMatch(text ?? /[àáảãạăâđèéêìíòóôơùúưỳý]/i);
  };

  it('answers malformed and empty JSON with 400, in Vietnamese', async () => {
    const malformed = await api.inject({
      method: 'POST',
      url: '/api/one-stop/files',
      headers: { ...as('admin'), 'content-type': 'application/json' },
      payload: '{"code": ',
    });
    expectError(malformed, 400, /^Thân yêu cầu không phải JSON hợp lệ\.$/);
    const empty = await api.inject({
      method: 'POST',
      url: '/api/tasks/task:a:1/complete',
      headers: { ...as('admin'), 'content-type': 'application/json' },
      payload: '',
    });
    expectError(empty, 400, /^Thân yêu cầu trống/);
  });

  it('answers a form-encoded body with 415', async () => {
    const res = await api.inject({
      method: 'POST',
      url: '/api/one-stop/files',
      headers: { ...as('admin'), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'code=1',
    });
    expectError(res, 415, /^Kiểu nội dung \(Content-Type\) không được hỗ trợ/);
  });

  it('answers a 51 MB plan, an 11 MB CSV and a JSON body over 256 KB with 413', async () => {
    const huge = await api.inject({
      method: 'POST',
      url: '/api/plans?filename=a.xlsx',
      headers: { ...as('admin'), 'content-type': 'application/octet-stream' },
      payload: Buffer.alloc(51 * 1024 * 1024, 1),
    });
    expectError(huge, 413, /vượt quá giới hạn/);
    const csv = await api.inject({
      method: 'POST',
      url: '/api/one-stop/files/import',
      headers: { ...as('admin'), 'content-type': 'text/csv' },
      payload: Buffer.alloc(11 * 1024 * 1024, 0x41),
    });
    expectError(csv, 413, /vượt quá giới hạn/);
    const note = await api.inject({
      method: 'POST',
      url: '/api/tasks/task:a:1/progress',
      headers: as('admin'),
      payload: { percent: 10, note: 'x'.repeat(300 * 1024) },
    });
    expectError(note, 413);
  });

  it('refuses a 49 MB body without a token with 401 before reading it: the answer comes while the body is still unsent', async () => {
    const server = build();
    const address = await server.listen({ host: '127.0.0.1', port: 0 });
    try {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${address}/api/plans?filename=a.xlsx`, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(49 * 1024 * 1024) },
        });
        const timer = setTimeout(() => {
          req.destroy();
          reject(new Error('no answer before the body was sent'));
        }, 3_000);
        req.on('response', (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, body });
            req.destroy();
          });
        });
        req.on('error', () => undefined);
        req.write(Buffer.alloc(64 * 1024, 1)); // 64 KB of the 49 MB announced; the rest never comes
      });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body).error).toMatch(/^Cần đăng nhập/);
    } finally {
      await server.close();
    }
  });

  it('answers JSON "x" to the intake with 400', async () => {
    const res = await api.inject({
      method: 'POST',
      url: '/api/one-stop/files',
      headers: { ...as('admin'), 'content-type': 'application/json' },
      payload: '"x"',
    });
    expectError(res, 400, /Thân yêu cầu phải là một đối tượng JSON/);
  });

  it('answers the action names __proto__, constructor and toString with 404, for tasks and files, without calling Temporal', async () => {
    calls.length = 0;
    for (const action of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      for (const url of [`/api/tasks/task:a:1/${action}`, `/api/one-stop/files/H57-0001/${action}`, `/api/v1/tasks/task:a:1/${action}`]) {
        const res = await api.inject({ method: 'POST', url, headers: as('admin'), payload: {} });
        // Each action is its own route: an unknown one is no route at all.
        expectError(res, 404, /^Không tìm thấy\.$/);
      }
    }
    for (const name of ['__proto__', 'constructor', 'toString']) {
      expectError(await api.inject({ method: 'GET', url: `/dashboard/${name}` }), 404, /^Không tìm thấy\.$/);
    }
    expect(calls).toEqual([]);
  });

  it('answers lead=x" and other quoting in list filters with 400, never a visibility syntax error', async () => {
    for (const url of ['/api/tasks?lead=x%22', "/api/tasks?lead=x'%20OR%201=1", '/api/tasks?lead=a%5C', '/api/one-stop/files?holder=x%22']) {
      const res = await api.inject({ method: 'GET', url, headers: as('monitor') });
      expectError(res, 400, /không được chứa dấu nháy/);
    }
  });

  it('answers an id of the wrong kind on a task route with 404, also for an agency, without asking Temporal', async () => {
    calls.length = 0;
    for (const who of ['admin', 'agency'] as const) {
      expectError(await api.inject({ method: 'GET', url: '/api/tasks/file:H57.22-0001', headers: as(who) }), 404, /^Không tìm thấy\.$/);
      expectError(
        await api.inject({ method: 'POST', url: '/api/tasks/file:H57.22-0001/complete', headers: as(who), payload: { evidence: 'x' } }),
        404,
        /^Không tìm thấy\.$/,
      );
      expectError(await api.inject({ method: 'GET', url: '/api/tasks/anything', headers: as(who) }), 404);
      expectError(await api.inject({ method: 'GET', url: '/api/one-stop/files/..%2F..', headers: as(who) }), 404);
    }
    expect(calls).toEqual([]);
  });

  it('takes ids longer than 100 characters (the Tuy Phước sample) to the route, not a 414', async () => {
    const id = `task:khac-phuc-han-che-yeu-kem-qua-cong-bo-chi-so-cchc-huyen-tuy-phuoc-nam-2024:${'II.3.1'.padEnd(40, 'x')}`;
    expect(id.length).toBeGreaterThan(104);
    const res = await api.inject({ method: 'GET', url: `/api/tasks/${encodeURIComponent(id)}`, headers: as('admin') });
    expect(res.statusCode).not.toBe(414);
    expect(calls.at(-1)).toBe('query');
    const tooLong = await api.inject({ method: 'GET', url: `/api/tasks/task:${'x'.repeat(700)}`, headers: as('admin') });
    expectError(tooLong, 414, /^Đường dẫn có tham số quá dài\.$/);
  });

  it('answers a malformed percent-encoding in a path with 400, in Vietnamese', async () => {
    expectError(await api.inject({ method: 'GET', url: '/api/tasks/task%E0%A4%A', headers: as('admin') }), 400, /^Đường dẫn không hợp lệ\.$/);
  });

  it('refuses the file names ".", ".." and one with NUL with 400', async () => {
    for (const name of ['.', '..', 'ke-hoach%00.xlsx', '%00']) {
      const res = await api.inject({
        method: 'POST',
        url: `/api/plans?filename=${name}`,
        headers: { ...as('admin'), 'content-type': 'application/octet-stream' },
        payload: Buffer.from('abc'),
      });
      expect(res.statusCode, name).toBe(400);
      expect(res.json().error).toMatch(name.includes('%00') ? /ký tự rỗng/ : /không hợp lệ/);
    }
  });

  it('refuses a garbage .xlsx with 422 and the reason', async () => {
    const res = await api.inject({
      method: 'POST',
      url: '/api/plans?filename=ke-hoach.xlsx&dryRun=true',
      headers: { ...as('admin'), 'content-type': 'application/octet-stream' },
      payload: Buffer.from('not a workbook at all'),
    });
    expectError(res, 422, /không phải tệp Excel \.xlsx hợp lệ/);
  });

  it('answers an unknown route with 404 in the same shape, and an unknown /api/ route with 401 without a token', async () => {
    expectError(await api.inject({ method: 'GET', url: '/khong-co' }), 404, /^Không tìm thấy\.$/);
    expectError(await api.inject({ method: 'GET', url: '/api/khong-co' }), 401);
  });

  it('/healthz says only whether all is well, except to an admin, who gets the detail', async () => {
    const anonymous = await api.inject({ method: 'GET', url: '/healthz' });
    expect(anonymous.statusCode).toBe(503);
    expect(anonymous.json()).toEqual({ ok: false });
    expect(anonymous.body).not.toContain('ECONNREFUSED');
    for (const role of ['monitor', 'agency'] as const)
      expect((await api.inject({ method: 'GET', url: '/healthz', headers: as(role) })).json(), role).toEqual({ ok: false });
    const detailed = await api.inject({ method: 'GET', url: '/healthz', headers: as('admin') });
    expect(detailed.json()).toMatchObject({ ok: false, temporal: { reachable: false, error: expect.stringContaining('ECONNREFUSED') } });
    // Temporal cannot be listed: the task mirror has not listed anything (lists and counts would read visibility).
    expect(detailed.json().taskMirror).toEqual({ ready: false, tasks: 0 });
  });

  it('sends CSP, nosniff and frame-ancestors on every response: page, script, API, error', async () => {
    for (const [url, headers] of [
      ['/', {}],
      ['/dashboard/app.js', {}],
      ['/api/me', as('admin')],
      ['/api/me', {}],
      ['/khong-co', {}],
      ['/public/apologies', {}],
    ] as const) {
      const res = await api.inject({ method: 'GET', url, headers });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).not.toContain('unsafe-inline');
    }
    // The public page uses the dashboard's stylesheet: nothing inline to allow.
    const page = await api.inject({ method: 'GET', url: '/public/apologies' });
    expect(page.body).not.toContain('<style');
    expect(page.body).toContain('href="/dashboard/styles.css"');
  });

  it('maps a query the workflow lacks to 404, but a workflow that fails to replay stays a logged 500', () => {
    const unregistered = new QueryNotRegisteredError('Workflow did not register a handler for state. Registered queries: [fileState]', 3);
    expect(answerFor(unregistered)).toEqual({ statusCode: 404, body: { error: 'Không tìm thấy.' }, log: false });
    const replay = new QueryNotRegisteredError('[TMPRL1100] Nondeterminism error: Non-deprecated patch marker encountered', 3);
    expect(answerFor(replay)).toEqual({ statusCode: 500, body: { error: 'Lỗi máy chủ.' }, log: true });
  });

  it('answers 503 with Retry-After when Temporal does not answer in time, with the error a real client gives', async () => {
    // A real client on a port where nothing listens: the error a request meets while Temporal restarts.
    const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: '1s' });
    const client = new Client({ connection });
    const err = await client.withDeadline(Date.now() + 2_000, () => client.workflow.getHandle('task:x').query('state')).catch((e: unknown) => e);
    const answer = answerFor(err);
    expect(answer).toMatchObject({ statusCode: 503, log: true, headers: { 'retry-after': '30' } });
    expect(answer.body.error).toBe(TEMPORAL_UNAVAILABLE);
    expect(TEMPORAL_UNAVAILABLE).toMatch(/^Hệ thống tạm thời chưa xử lý được yêu cầu/);
    // Any other fault of the server stays a 500.
    expect(answerFor(new Error('boom')).statusCode).toBe(500);
    await connection.close();
  });

  it("allows the apology letter's stylesheet by its hash, whatever the letter says", () => {
    const html = renderLetterHtml({
      draft: false,
      superiorBody: 'UBND HUYỆN TUY PHƯỚC',
      issuer: 'PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG',
      number: '12/PXL-TNMT',
      placeAndDate: 'Tuy Phước, ngày 26 tháng 11 năm 2026',
      title: 'PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
      salutation: 'Kính gửi: Công ty TNHH Minh Phát',
      paragraphs: ['Phòng Tài nguyên và Môi trường xin lỗi.', '<style>body{}</style>'],
      signature: { title: 'TRƯỞNG PHÒNG', note: '(Ký, ghi rõ họ tên)', name: 'Lê Văn Bình' },
      recipients: ['- Như trên;', '- Lưu: VT.'],
      fileCode: 'H57.22-0001',
    });
    expect(styleHashes(html)).toHaveLength(1);
    expect(pageStyleHashes()).toEqual(expect.arrayContaining(styleHashes(html)));
  });

  it('PUT /api/directory refuses duplicate ids, dangling monitors, unknown parents, cycles and no jurisdiction, naming the field', async () => {
    const shipped = shippedDirectory();
    const put = (directory: unknown, who: keyof typeof tokens = 'admin') =>
      api.inject({ method: 'PUT', url: '/api/directory', headers: as(who), payload: directory as never });
    const copy = () => DirectorySchema.parse(JSON.parse(JSON.stringify(shipped)));

    const duplicate = copy();
    duplicate.agencies.push({ ...duplicate.agencies[1]! });
    expectError(await put(duplicate), 400, /agencies\.\d+\.id: mã cơ quan "so-noi-vu" bị trùng/);

    const dangling = copy();
    dangling.jurisdictions[0]!.monitor = 'van-phong-khong-co';
    expectError(await put(dangling), 400, /jurisdictions\.0\.monitor: cơ quan "van-phong-khong-co" không có trong danh sách cơ quan/);

    const orphan = copy();
    orphan.jurisdictions.find((j) => j.id === 'tuy-phuoc')!.parent = 'gia-lai';
    expectError(await put(orphan), 400, /parent: đơn vị hành chính cấp trên "gia-lai" không có trong danh bạ/);

    const cycle = copy();
    cycle.jurisdictions.find((j) => j.id === 'binh-dinh')!.parent = 'tuy-phuoc';
    expectError(await put(cycle), 400, /vòng lặp/);

    expectError(await put({ ...copy(), jurisdictions: [] }), 400, /jurisdictions: danh bạ phải có ít nhất một đơn vị hành chính/);
    expectError(await put({ jurisdictions: 'x' }), 400);
    expectError(await put(copy(), 'monitor'), 403);
    // Nothing was saved: the shipped directory is still the one in use.
    expect((await new DirectoryStore(storage.db).load()).agencies).toHaveLength(shipped.agencies.length);
    expect(await new DirectoryStore(storage.db).versions()).toEqual([]);
    const ok = await put(copy());
    expect(ok.statusCode).toBe(200);
    const versions = await new DirectoryStore(storage.db).versions();
    expect(versions.map((v) => v.savedBy)).toEqual(['Quản trị']);
    const listed = await api.inject({ method: 'GET', url: '/api/directory/versions', headers: as('admin') });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().versions).toEqual([{ version: versions[0]!.version, savedBy: 'Quản trị', savedAt: versions[0]!.savedAt.toISOString(), note: null }]);
    expectError(await api.inject({ method: 'GET', url: '/api/directory/versions', headers: as('monitor') }), 403);
  });
});
