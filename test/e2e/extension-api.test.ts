/**
 * Extension requests through the API, on a dev-server stack: the lead asks (refusals at the edge and
 * in the workflow are Vietnamese and name the field), the district's monitoring office sees the
 * request in its queue (the province's office, which cannot answer it, does not), declines it with a
 * reason (the agency is told by mail), the lead asks again and the office approves it for that
 * agency: the new due date is the task's, and the queue is empty again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../worker/config';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import type { Plan, Task } from '../../domain/plan';
import { Outbox } from '../../storage/outbox';
import { planTask } from '../support/tasks';
import type { ExtensionRequestsAnswer } from '../../api/extension-requests';

const plan: Plan = {
  id: 'ke-hoach-cai-cach-hanh-chinh-huyen-tuy-phuoc-gia-han',
  number: null,
  issuer: 'UBND huyện Tuy Phước',
  jurisdiction: 'tuy-phuoc',
  issuedOn: '2026-01-05',
  title: 'Kế hoạch cải cách hành chính huyện Tuy Phước (gia hạn)',
  year: 2026,
  source: 'extension-api',
};
const task: Task = planTask({
  planId: plan.id,
  ref: 'I.2',
  activity: 'Rà soát, công bố danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của huyện',
  lead: ['Phòng Nội vụ'],
});
const TASK_ID = `task:${plan.id}:${task.ref}`;

describe('extension requests through the API', () => {
  let config: Config;
  let stack: Stack;
  let api: FastifyInstance;
  const tokens = {} as Record<'admin' | 'lead' | 'other' | 'monitorTp' | 'monitorBd', string>;

  const call = (who: keyof typeof tokens, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    api.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${tokens[who]}` } });
  const act = (who: keyof typeof tokens, action: string, payload: unknown) => call(who, 'POST', `/api/v1/tasks/${encodeURIComponent(TASK_ID)}/${action}`, payload);
  const queue = async (who: keyof typeof tokens) => (await call(who, 'GET', '/api/v1/dashboard/escalations')).json().extensionRequests as ExtensionRequestsAnswer;
  const extensionMail = async () =>
    (await new Outbox(stack.storage.db).list({ limit: 1000 })).filter((m) => m.key.startsWith(`${TASK_ID}:`) && m.kind.startsWith('extension_')).map((m) => m.kind).sort();

  beforeAll(async () => {
    config = await stackConfig('extension-api');
    stack = await startStack(config);
    api = stack.api;
    tokens.admin = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    tokens.lead = await stack.users.add({ name: 'Cán bộ Phòng Nội vụ', role: 'agency', agency: 'Phòng Nội vụ' });
    tokens.other = await stack.users.add({ name: 'Cán bộ Phòng Tư pháp', role: 'agency', agency: 'Phòng Tư pháp' });
    tokens.monitorTp = await stack.users.add({ name: 'Văn phòng HĐND và UBND huyện Tuy Phước', role: 'monitor', jurisdiction: 'tuy-phuoc' });
    tokens.monitorBd = await stack.users.add({ name: 'Văn phòng UBND tỉnh Bình Định', role: 'monitor', jurisdiction: 'binh-dinh' });
    const started = await call('admin', 'POST', '/api/tasks', { plan, task });
    expect(started.statusCode, started.body).toBe(201);
  }, 60_000);

  afterAll(async () => {
    if (stack) await stopStack(stack);
  });

  it('request → decline → request → approve, each seen by whom it concerns', async () => {
    // Refused at the edge, naming the field; refused by the workflow, saying why.
    const badDate = await act('lead', 'request-extension', { until: '31/01/2031', reason: 'Chờ ý kiến' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error).toMatch(/^until: ngày phải có dạng YYYY-MM-DD/);
    const noReason = await act('lead', 'request-extension', { until: '2031-01-31' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error).toContain('reason: cần nêu lý do đề nghị gia hạn');
    const early = await act('lead', 'request-extension', { until: '2030-12-01', reason: 'Chờ ý kiến' });
    expect(early.statusCode).toBe(422);
    expect(early.json().error).toBe('Hạn đề nghị (01/12/2030) phải sau hạn hiện tại (30/12/2030).');
    // Only the lead (or an admin) asks; only the task's own office answers.
    expect((await act('other', 'request-extension', { until: '2031-01-31', reason: 'x' })).statusCode).toBe(403);
    expect((await act('monitorTp', 'request-extension', { until: '2031-01-31', reason: 'x' })).statusCode).toBe(403);
    expect((await act('monitorBd', 'decline-extension', { reason: 'x' })).statusCode).toBe(403);
    expect((await act('lead', 'decline-extension', { reason: 'x' })).statusCode).toBe(403);

    const asked = await act('lead', 'request-extension', { until: '2031-01-31', reason: 'Chờ Sở Nội vụ hướng dẫn danh mục mới' });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().obligations[0].extensionRequest).toMatchObject({ until: '2031-01-31', reason: 'Chờ Sở Nội vụ hướng dẫn danh mục mới', by: 'Cán bộ Phòng Nội vụ' });
    const twice = await act('lead', 'request-extension', { until: '2031-02-28', reason: 'Lần nữa' });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().error).toBe('Phòng Nội vụ đã có đề nghị gia hạn đến 31/01/2031 đang chờ Văn phòng UBND xem xét.');

    // The district's office sees it in its queue (visibility catches up); the province's office, which cannot answer it, does not.
    const seen = await eventually(() => queue('monitorTp'), (q) => q.entries.length === 1, 30_000);
    expect(seen.entries[0]).toMatchObject({ workflowId: TASK_ID, agency: 'Phòng Nội vụ', due: '2030-12-30', until: '2031-01-31', reason: 'Chờ Sở Nội vụ hướng dẫn danh mục mới' });
    expect((await queue('monitorBd')).entries).toEqual([]);
    expect((await queue('lead')).entries).toEqual([]);
    // The office was told by mail.
    expect(await eventually(extensionMail, (kinds) => kinds.includes('extension_requested'), 30_000)).toEqual(['extension_requested']);

    const noAnswer = await act('monitorTp', 'decline-extension', { agency: 'Phòng Nội vụ' });
    expect(noAnswer.statusCode).toBe(400);
    expect(noAnswer.json().error).toContain('reason: cần nêu lý do không đồng ý gia hạn');
    const declined = await act('monitorTp', 'decline-extension', { agency: 'Phòng Nội vụ', reason: 'Danh mục đã được công bố; đề nghị hoàn thành đúng hạn' });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json().obligations[0].extensionRequest).toBeUndefined();
    expect(declined.json().obligations[0].due).toBe('2030-12-30');
    expect(await eventually(extensionMail, (kinds) => kinds.includes('extension_declined'), 30_000)).toEqual(['extension_declined', 'extension_requested']);
    const leadView = (await call('lead', 'GET', `/api/v1/tasks/${encodeURIComponent(TASK_ID)}`)).json();
    expect(leadView.timeline.at(-1).text).toContain('Không đồng ý đề nghị gia hạn đến 31/01/2031 của Phòng Nội vụ');
    expect((await eventually(() => queue('monitorTp'), (q) => q.entries.length === 0, 30_000)).entries).toEqual([]);

    // Asked again, approved for that agency with the date it asked for.
    expect((await act('lead', 'request-extension', { until: '2031-02-27', reason: 'Cần thêm thời gian lấy ý kiến các xã' })).statusCode).toBe(200);
    expect((await eventually(() => queue('monitorTp'), (q) => q.entries.length === 1 && q.entries[0]!.until === '2031-02-27', 30_000)).entries).toHaveLength(1);
    const approved = await act('monitorTp', 'extend', { agency: 'Phòng Nội vụ', newDue: '2031-02-27', reason: 'Đồng ý theo đề nghị', approvedBy: 'Phó Chủ tịch UBND huyện' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ due: '2031-02-27', extended: true });
    expect(approved.json().obligations[0]).toMatchObject({ due: '2031-02-27', originalDue: '2030-12-30' });
    expect(approved.json().obligations[0].extensionRequest).toBeUndefined();
    expect(await eventually(extensionMail, (kinds) => kinds.length === 4, 30_000)).toEqual(['extension_approved', 'extension_declined', 'extension_requested', 'extension_requested']);
    expect((await eventually(() => queue('monitorTp'), (q) => q.entries.length === 0, 30_000)).entries).toEqual([]);
    expect((await call('lead', 'GET', `/api/v1/tasks/${encodeURIComponent(TASK_ID)}`)).json().due).toBe('2031-02-27');
  }, 120_000);
});
