/**
 * One-stop intake picks the file's template, end to end on the Temporal dev server: the template
 * named in the request, else the one-stop template whose rules match the file, else the shipped
 * one (Nghị định 118/2025/NĐ-CP). The workflow starts with that template's policy and the file's
 * view names the template and version. An unknown or retired id, or a plan-task template, is a 422
 * naming the field; a retried intake stays 200 and starts nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { defaultPayloadConverter } from '@temporalio/common';
import type { Config } from '../../worker/config';
import { stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { TemplateStore } from '../../storage/templates';
import type { OneStopFileWorkflowInput } from '../../workflows/onestop-api';

const TNMT = 'Phòng Tài nguyên và Môi trường';
const admin = { name: 'Quản trị', role: 'admin' as const };

describe('one-stop intake with templates', () => {
  let config: Config;
  let stack: Stack;
  let api: FastifyInstance;
  let desk = '';
  let adminToken = '';
  let matching: { id: string; version: number; name: string };
  let retiredId = '';
  const run = Date.now();
  let n = 0;

  const intake = (
    who: string,
    extra: Record<string, unknown> = {},
    procedure = { code: '1.009994', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 10 },
  ) =>
    api.inject({
      method: 'POST',
      url: '/api/v1/one-stop/files',
      headers: { authorization: `Bearer ${who}` },
      payload: {
        code: `H57.22-TPL-${run}-${++n}`,
        procedure,
        applicant: { name: 'Nguyễn Văn An', idNumber: '052090001234' },
        receivingUnit: 'Bộ phận Một cửa huyện',
        agencies: [TNMT],
        receivedAt: new Date().toISOString(),
        ...extra,
      },
    });

  /** The input the file's workflow started with (its first history event). */
  async function startInput(workflowId: string): Promise<OneStopFileWorkflowInput> {
    const history = await stack.cluster.client.workflow.getHandle(workflowId).fetchHistory();
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
    return defaultPayloadConverter.fromPayload(started.input!.payloads![0]!);
  }

  beforeAll(async () => {
    config = await stackConfig('onestop-templates');
    process.env.TEMPORAL_DEV_PORT = String(config.TEMPORAL_DEV_PORT);
    process.env.TEMPORAL_TASK_QUEUE = config.TEMPORAL_TASK_QUEUE;
    stack = await startStack(config);
    adminToken = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    desk = await stack.users.add({ name: 'Cán bộ một cửa', role: 'agency', agency: 'Bộ phận Một cửa huyện' });
    api = stack.api;
    const store = new TemplateStore(stack.storage.db);
    const fileTemplate = (name: string, words: string[], warn: number) => ({
      name,
      category: 'Hồ sơ thủ tục hành chính',
      appliesTo: 'file' as const,
      reminders: { workingDaysBefore: [warn, 1, 0], hour: '07:30' },
      escalation: [
        { level: 1, afterWorkingDays: 1, to: 'monitor' as const, repeatEveryWorkingDays: 3 },
        { level: 2, afterWorkingDays: 4, to: 'chair' as const, repeatEveryWorkingDays: 6 },
      ],
      matching: { plans: [], areas: [], productTypes: [], leads: [], words, every: [] },
    });
    const built = await store.create(fileTemplate('Hồ sơ xây dựng', ['xây dựng|1.009994'], 4), admin);
    matching = { id: built.id, version: 1, name: 'Hồ sơ xây dựng' };
    retiredId = (await store.create(fileTemplate('Hồ sơ đất đai cũ', ['đất đai'], 3), admin)).id;
    await store.retire(retiredId, admin);
  });

  afterAll(async () => {
    if (stack) await stopStack(stack);
  });

  it('follows the template named in the request, with its policy, and the view names it', async () => {
    const res = await intake(desk, { template: 'ho-so-mot-cua-118' });
    expect(res.statusCode).toBe(201);
    const file = res.json().file;
    expect(file.template).toEqual({ id: 'ho-so-mot-cua-118', version: 1, name: 'Hồ sơ thủ tục hành chính (Nghị định 118/2025/NĐ-CP)' });
    expect((await startInput(file.workflowId)).policy).toMatchObject({
      warnWorkingDays: 2,
      monitorAfterWorkingDays: 0,
      chairAfterWorkingDays: 3,
      officeHour: '08:00',
    });
    const view = await api.inject({ method: 'GET', url: `/api/v1/one-stop/files/${file.file.code}`, headers: { authorization: `Bearer ${desk}` } });
    expect(view.json().template).toEqual(file.template);
  });

  it('follows the one-stop template whose rules match the procedure, else the shipped one', async () => {
    const matched = await intake(desk);
    expect(matched.statusCode).toBe(201);
    expect(matched.json().file.template).toEqual(matching);
    expect((await startInput(matched.json().file.workflowId)).policy).toMatchObject({
      officeHour: '07:30',
      warnWorkingDays: 4,
      monitorAfterWorkingDays: 1,
      monitorRepeatEveryWorkingDays: 3,
      chairAfterWorkingDays: 4,
      chairRepeatEveryWorkingDays: 6,
    });

    // "đất đai" matches only the retired template: retired templates are not matched.
    const other = await intake(desk, {}, { code: '1.001234', name: 'Đăng ký đất đai lần đầu', workingDays: 5 });
    expect(other.statusCode).toBe(201);
    expect(other.json().file.template).toMatchObject({ id: 'ho-so-mot-cua-118', version: 1 });
  });

  it('refuses an unknown or retired template, or a plan-task template, with a 422 naming the field; nothing starts', async () => {
    const unknown = await intake(desk, { template: 'khong-co-mau-nay' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error).toBe('template: không có mẫu “khong-co-mau-nay”.');
    const retired = await intake(desk, { template: retiredId });
    expect(retired.statusCode).toBe(422);
    expect(retired.json().error).toBe('template: mẫu “Hồ sơ đất đai cũ” đã ngừng sử dụng; hãy chọn mẫu khác hoặc khôi phục mẫu này.');
    const task = await intake(desk, { template: 'nhiem-vu-ke-hoach' });
    expect(task.statusCode).toBe(422);
    expect(task.json().error).toMatch(/^template: mẫu “.+” dành cho nhiệm vụ trong kế hoạch, không áp dụng cho hồ sơ thủ tục hành chính\.$/);
    const malformed = await intake(desk, { template: 'Mẫu Sai' });
    expect(malformed.statusCode).toBe(400);
    const both = await intake(adminToken, { template: 'ho-so-mot-cua-118', policy: { warnWorkingDays: 3 } });
    expect(both.statusCode).toBe(422);
    expect(both.json().error).toBe('template: gửi mẫu nhắc việc hoặc chính sách riêng (policy), không gửi cả hai.');
    for (const code of [n - 4, n - 3, n - 2, n].map((i) => `H57.22-TPL-${run}-${i}`)) {
      const view = await api.inject({ method: 'GET', url: `/api/v1/one-stop/files/${code}`, headers: { authorization: `Bearer ${adminToken}` } });
      expect(view.statusCode, code).toBe(404);
    }
  });

  it('a retried intake answers 200 with the file and its template, starting nothing', async () => {
    const code = `H57.22-TPL-${run}-again`;
    const payload = {
      code,
      procedure: { code: '1.009994', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 10 },
      applicant: { name: 'Nguyễn Văn An', idNumber: '052090001234' },
      receivingUnit: 'Bộ phận Một cửa huyện',
      agencies: [TNMT],
      receivedAt: new Date().toISOString(),
    };
    const post = () => api.inject({ method: 'POST', url: '/api/v1/one-stop/files', headers: { authorization: `Bearer ${desk}` }, payload });
    const first = await post();
    expect(first.statusCode).toBe(201);
    const again = await post();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, file: { workflowId: `file:${code}`, template: matching } });
    const runs = [];
    for await (const wf of stack.cluster.client.workflow.list({ query: `WorkflowId = 'file:${code}'` })) runs.push(wf.runId);
    expect(runs).toHaveLength(1);
  });

  it('a CSV import gives each file the template its rules match, else the shipped one', async () => {
    const csv = readFileSync(fileURLToPath(new URL('../../plans/ho-so-mau.csv', import.meta.url)));
    const res = await api.inject({
      method: 'POST',
      url: '/api/v1/one-stop/files/import',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode).toBe(201);
    const templateOf = async (code: string) =>
      (await api.inject({ method: 'GET', url: `/api/v1/one-stop/files/${code}`, headers: { authorization: `Bearer ${adminToken}` } })).json().template;
    expect(await templateOf('H57.22-260209-0001')).toEqual(matching);
    expect(await templateOf('H57.22-260211-0002')).toMatchObject({ id: 'ho-so-mot-cua-118', version: 1 });
    expect((await startInput('file:H57.22-260209-0001')).policy).toMatchObject({ warnWorkingDays: 4, officeHour: '07:30' });
  });
});
