/**
 * The one-stop API end to end on the Temporal dev server (SQLite file) with the worker in this
 * process: intake as an idempotent webhook, CSV import (API and CLI), the apology through the API,
 * the letter as HTML and .docx, the public page without login, and the monthly report files.
 * The server runs on the real clock, so the file is received "now" and its dates come from the calendar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import type { Config } from '../../worker/config';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { loadCalendar } from '../../domain/calendar/load';
import { vietnamDateOf } from '../../domain/dates';
import { runOneStopImport } from '../../cli/onestop';
import { storedTemplates } from '../../worker/import-templates';

const TNMT = 'Phòng Tài nguyên và Môi trường';
const DESK = 'Bộ phận Một cửa huyện';
const calendar = loadCalendar();

describe('the one-stop API on the dev server', () => {
  let config: Config;
  let stack: Stack;
  let api: FastifyInstance;
  const tokens: Record<'admin' | 'monitor' | 'desk' | 'tnmt' | 'outsider', string> = { admin: '', monitor: '', desk: '', tnmt: '', outsider: '' };
  const code = `H57.22-E2E-${Date.now()}`;
  const receivedAt = new Date().toISOString();
  const month = vietnamDateOf(Date.now()).slice(0, 7);

  const call = (method: 'GET' | 'POST', url: string, who?: keyof typeof tokens, payload?: unknown, headers: Record<string, string> = {}) =>
    api.inject({ method, url, payload: payload as never, headers: { ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...headers } });

  const body = () => ({
    code,
    procedure: { code: '1.009994', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 10 },
    applicant: { name: 'Nguyễn Văn An', email: 'an.nguyen@example.vn', phone: '0905123456', idNumber: '052090001234' },
    receivingUnit: 'bộ phận một cửa huyện',
    agencies: [TNMT],
    receivedAt,
    online: true,
  });

  beforeAll(async () => {
    config = await stackConfig('onestop-e2e');
    process.env.TEMPORAL_DEV_PORT = String(config.TEMPORAL_DEV_PORT);
    process.env.TEMPORAL_TASK_QUEUE = config.TEMPORAL_TASK_QUEUE;
    stack = await startStack(config);
    tokens.admin = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    tokens.monitor = await stack.users.add({ name: 'Văn phòng HĐND và UBND huyện', role: 'monitor', jurisdiction: 'tuy-phuoc' });
    tokens.desk = await stack.users.add({ name: 'Cán bộ một cửa', role: 'agency', agency: DESK });
    tokens.tnmt = await stack.users.add({ name: 'Cán bộ Phòng TN&MT', role: 'agency', agency: TNMT });
    tokens.outsider = await stack.users.add({ name: 'Cán bộ Phòng Tư pháp', role: 'agency', agency: 'Phòng Tư pháp' });
    api = stack.api;
  });

  afterAll(async () => {
    if (stack) await stopStack(stack);
  });

  it('intake needs a token, and the receiving desk or an admin', async () => {
    expect((await call('POST', '/api/one-stop/files', undefined, body())).statusCode).toBe(401);
    const outsider = await call('POST', '/api/one-stop/files', 'outsider', body());
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().error).toBe(`Chỉ nơi tiếp nhận (${DESK}) mới đăng ký hồ sơ này.`);
  });

  it('refuses a file naming an agency the directory does not know, saying which', async () => {
    const res = await call('POST', '/api/one-stop/files', 'admin', { ...body(), code: 'H57-BAD-1', agencies: ['Phòng Không Tồn Tại'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toEqual(['agencies.0: "Phòng Không Tồn Tại" không có trong danh bạ cơ quan (thêm cơ quan hoặc tên gọi khác vào danh bạ).']);
  });

  it('starts a file once: 201, then 200 with the same file for a retried webhook', async () => {
    const first = await call('POST', '/api/one-stop/files', 'desk', body());
    expect(first.statusCode).toBe(201);
    const view = first.json().file;
    const expected = calendar.processingDeadline(new Date(receivedAt), 10, { cutoff: '15:00' }).due;
    expect(view).toMatchObject({ workflowId: `file:${code}`, holder: TNMT, status: 'not_due', file: { receivingUnit: DESK, jurisdiction: 'tuy-phuoc' } });
    expect(view.appointment.date).toBe(expected);
    const again = await call('POST', '/api/one-stop/files', 'admin', body());
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, file: { workflowId: `file:${code}`, appointment: view.appointment } });
    const list = await eventually(
      async () => (await call('GET', '/api/one-stop/files?jurisdiction=tuy-phuoc', 'monitor')).json(),
      (l) => l.files?.some((f: { code: string }) => f.code === code),
    );
    expect(list.files.find((f: { code: string }) => f.code === code)).toMatchObject({ holder: TNMT, appointment: expected, running: true, reappointed: false });
  });

  it('the holder apologises through the API; a bad one is refused with the reason; the letter comes as HTML and .docx', async () => {
    const view = (await call('GET', `/api/one-stop/files/${code}`, 'tnmt')).json();
    expect((await call('GET', `/api/one-stop/files/${code}`, 'outsider')).statusCode).toBe(403);
    const original = view.appointment.date as string;
    const today = vietnamDateOf(Date.now());
    const apology = { number: '12/PXL', date: today, signer: 'Lê Văn Bình', signerTitle: 'Trưởng phòng', reason: 'Cần xác minh thực địa ranh giới thửa đất', newAppointment: calendar.addWorkingDays(original, 3) };

    const bad = await call('POST', `/api/one-stop/files/${code}/apology`, 'tnmt', { ...apology, newAppointment: original });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatch(/^Ngày hẹn mới \(\d\d\/\d\d\/\d{4}\) phải sau ngày hẹn ban đầu/);
    const malformed = await call('POST', `/api/one-stop/files/${code}/apology`, 'tnmt', { ...apology, number: 'mười hai' });
    expect(malformed.json().error).toBe('number: số phiếu phải có dạng "số/PXL", ví dụ 12/PXL hoặc 12/PXL-TNMT');
    expect((await call('POST', `/api/one-stop/files/${code}/apology`, 'desk', apology)).json().error).toBe(
      `Chỉ cơ quan đang giải quyết hồ sơ (${TNMT}) mới gửi phiếu xin lỗi; ${DESK} không giữ hồ sơ.`,
    );

    const ok = await call('POST', `/api/one-stop/files/${code}/apology`, 'tnmt', apology);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ apology: { number: '12/PXL', agency: TNMT, timely: true }, appointment: { date: apology.newAppointment } });

    expect((await call('GET', `/api/one-stop/files/${code}/apology.html`)).statusCode).toBe(401);
    const html = await call('GET', `/api/one-stop/files/${code}/apology.html`, 'tnmt');
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('Số: 12/PXL');
    expect(html.body).toContain(`Mã hồ sơ: ${code}.`);
    const docx = await call('GET', `/api/one-stop/files/${code}/apology.docx`, 'monitor');
    expect(docx.headers['content-disposition']).toBe(`attachment; filename="phieu-xin-loi-${code}.docx"`);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('the public page needs no login and shows the apology without the applicant’s contacts or number', async () => {
    const page = await eventually(
      () => call('GET', '/public/apologies'),
      (r) => r.body.includes(code),
    );
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('N. V. An');
    for (const secret of ['an.nguyen@example.vn', '0905123456', '052090001234', 'Nguyễn Văn An']) expect(page.body).not.toContain(secret);
  });

  it('imports the sample CSV through the API, then the CLI finds every file already there', async () => {
    const csv = readFileSync(fileURLToPath(new URL('../../plans/ho-so-mau.csv', import.meta.url)));
    const res = await call('POST', '/api/one-stop/files/import', 'admin', csv, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ started: ['H57.22-260209-0001', 'H57.22-260211-0002', 'H57.22-260213-0003', 'H57.22-260302-0004', 'H57.22-260303-0005'], existing: [], problems: [] });
    const lines: string[] = [];
    const code = await runOneStopImport(fileURLToPath(new URL('../../plans/ho-so-mau.csv', import.meta.url)), {}, { out: (l) => lines.push(l), err: (l) => lines.push(l) }, async () => ({ directory: await stack.directory.load(), templates: await storedTemplates(stack.storage.db) }));
    expect(code).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/: khởi chạy 0 hồ sơ, đã có 5, lỗi khởi chạy 0, dòng có lỗi 0\.$/)]);
    const liên = (await call('GET', '/api/one-stop/files/H57.22-260211-0002', 'admin')).json();
    expect(liên).toMatchObject({ file: { agencies: ['Chi nhánh Văn phòng Đăng ký đất đai', 'Chi cục Thuế huyện'], online: true }, appointment: { date: '2026-03-05' }, clock: { start: '2026-02-12' } });
  });

  it('the monthly report, for monitors and admins only, as JSON, CSV and XLSX', async () => {
    expect((await call('GET', `/api/one-stop/reports/${month}`, 'tnmt')).statusCode).toBe(403);
    expect((await call('GET', '/api/one-stop/reports/2037-13', 'admin')).statusCode).toBe(400);
    const json = await eventually(
      async () => (await call('GET', `/api/one-stop/reports/${month}`, 'monitor')).json(),
      (r) => r.total?.reappointed === 1,
    );
    expect(json).toMatchObject({ month, jurisdiction: 'tuy-phuoc', total: { agency: 'Toàn đơn vị', received: 1, reappointed: 1 } });
    expect(json.rows).toEqual([expect.objectContaining({ agency: TNMT, received: 1, reappointed: 1 })]);
    const csv = await call('GET', `/api/one-stop/reports/${month}?format=csv`, 'monitor');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.split('\r\n')[2]).toBe('Toàn đơn vị,1,0,0,0,0,0,0,,0,1,0,0');
    const xlsx = await call('GET', `/api/one-stop/reports/${month}?format=xlsx&jurisdiction=tuy-phuoc`, 'admin');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getRow(6).values).toEqual([undefined, 'Toàn đơn vị', 1, 0, 0, 0, 0, 0, 0, undefined, 0, 1, 0, 0]);
    const february = (await call('GET', '/api/one-stop/reports/2026-02', 'admin')).json();
    expect(february.total.received).toBe(3);
  });
});
