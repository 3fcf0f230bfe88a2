/**
 * An account's e-mail address through the real API, and what it is for: a template level naming an
 * account (by login) is saved only when the account exists, and a task starts from such a template.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../worker/config';
import { stackConfig, startStack, stopStack, type Stack } from '../support/stack';

describe('account e-mail and ladder levels naming an account', () => {
  let config: Config;
  let stack: Stack;
  let api: FastifyInstance;
  let adminToken = '';
  let monitorToken = '';
  let leaderId = 0;

  beforeAll(async () => {
    config = await stackConfig('account-email');
    process.env.TEMPORAL_DEV_PORT = String(config.TEMPORAL_DEV_PORT);
    process.env.TEMPORAL_TASK_QUEUE = config.TEMPORAL_TASK_QUEUE;
    stack = await startStack(config);
    api = stack.api;
    adminToken = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    monitorToken = await stack.users.add({ name: 'Văn phòng UBND tỉnh', role: 'monitor', jurisdiction: 'thua-thien-hue' });
  }, 120_000);
  afterAll(async () => {
    if (stack) await stopStack(stack);
  });

  const as = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    api.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${token}` } });

  it('an admin gives an account an e-mail at creation, changes and removes it; a bad address is refused naming the field', async () => {
    const bad = await as(adminToken, 'POST', '/api/v1/accounts', {
      name: 'Lê Văn Phó',
      role: 'monitor',
      jurisdiction: 'thua-thien-hue',
      login: 'pho.vp',
      email: 'pho.vp@',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('email: thư điện tử không hợp lệ (ví dụ ten@example.gov.vn)');

    const created = await as(adminToken, 'POST', '/api/v1/accounts', {
      name: 'Lê Văn Phó',
      role: 'monitor',
      jurisdiction: 'thua-thien-hue',
      login: 'pho.vp',
      email: 'Pho.VP@Hue.gov.vn',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().account).toMatchObject({ login: 'pho.vp', email: 'pho.vp@hue.gov.vn' });
    leaderId = created.json().account.id;

    expect((await as(monitorToken, 'PUT', `/api/v1/accounts/${leaderId}/email`, { email: 'x@hue.gov.vn' })).statusCode).toBe(403);
    const changed = await as(adminToken, 'PUT', `/api/v1/accounts/${leaderId}/email`, { email: 'lanhdao.vp@hue.gov.vn' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().account.email).toBe('lanhdao.vp@hue.gov.vn');
    const cleared = await as(adminToken, 'PUT', `/api/v1/accounts/${leaderId}/email`, { email: null });
    expect(cleared.json().account.email).toBeNull();
    expect((await as(adminToken, 'PUT', '/api/v1/accounts/999999/email', { email: 'a@b.vn' })).statusCode).toBe(404);
    await as(adminToken, 'PUT', `/api/v1/accounts/${leaderId}/email`, { email: 'lanhdao.vp@hue.gov.vn' });
    const listed = (await as(adminToken, 'GET', '/api/v1/accounts')).json().accounts;
    expect(listed.find((a: { id: number }) => a.id === leaderId).email).toBe('lanhdao.vp@hue.gov.vn');
  });

  const template = (login: string) => ({
    name: `Nhiệm vụ báo ${login}`,
    category: 'Nhiệm vụ UBND tỉnh giao',
    escalation: [
      { level: 1, afterWorkingDays: 1, to: 'head', repeatEveryWorkingDays: 3 },
      { level: 2, afterWorkingDays: 4, to: 'account', account: login, repeatEveryWorkingDays: 3 },
    ],
  });

  it('a template level naming a login nobody has is refused, naming the level', async () => {
    const res = await as(adminToken, 'POST', '/api/v1/templates', template('khong.ai.ca'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('escalation.1.account: Cấp 2: không có tài khoản với tên đăng nhập “khong.ai.ca”.');
  });

  it('a task starts from a template whose level names an existing account', async () => {
    const saved = await as(adminToken, 'POST', '/api/v1/templates', template('pho.vp'));
    expect(saved.statusCode).toBe(201);
    const started = await as(monitorToken, 'POST', `/api/v1/templates/${saved.json().id}/start`, {
      agencies: ['Sở Tư pháp'],
      year: 2026,
      title: 'Báo cáo chuyên đề về kiểm soát thủ tục hành chính',
      deadlineText: 'Trước ngày 30/12/2026',
    });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toMatchObject({ template: { id: saved.json().id, version: 1 } });
    expect(started.json().started).toHaveLength(1);
  });
});
