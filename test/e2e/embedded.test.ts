/**
 * End to end on the Temporal dev server (SQLite file): the worker and the API in this process,
 * a task started through the API, found again through visibility (a list query on dondoc's custom
 * search attributes), and still there after the server is stopped and started again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ensureSchedules } from '../../worker/schedules';
import { readFileSync } from 'node:fs';
import type { Config } from '../../worker/config';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { chromium } from 'playwright-core';
import type { Plan, Task } from '../../domain/plan';

const plan: Plan = {
  id: 'e2e-kh-2026',
  number: '01/KH-UBND',
  issuer: 'UBND tỉnh Thừa Thiên Huế',
  jurisdiction: 'thua-thien-hue',
  issuedOn: '2026-01-05',
  title: 'Kế hoạch kiểm thử đầu cuối năm 2026',
  year: 2026,
  source: 'e2e',
};
const task: Task = {
  planId: plan.id,
  ref: '1.1.1',
  source: { file: 'e2e', row: 1 },
  area: 'Cải cách thể chế',
  group: null,
  objective: null,
  task: null,
  activity: 'Xây dựng và ban hành Kế hoạch kiểm tra văn bản QPPL năm 2027',
  product: 'Kế hoạch',
  lead: ['Sở Tư pháp'],
  leadText: 'Sở Tư pháp',
  coordinating: [],
  deadlineText: 'Trước ngày 31/12/2030',
  schedule: { text: 'Trước ngày 31/12/2030', kind: 'once', due: '2030-12-30', milestones: ['2030-12-30'], recurrence: null, parts: [], explanation: 'Hạn cuối: 30/12/2030 (trước ngày 31/12/2030)' },
  budget: null,
  notes: null,
  context: null,
};

describe('the embedded default, end to end', () => {
  let config: Config;
  let admin: string;
  let running: Stack;

  beforeAll(async () => {
    config = await stackConfig('e2e');
    running = await startStack(config);
    admin = await running.users.add({ name: 'Quản trị', role: 'admin' });
  });
  afterAll(async () => {
    if (running) await stopStack(running);
  });

  it('reports Temporal reachable, a worker polling and the task mirror listed', async () => {
    const health = await eventually(
      async () => (await running.api.inject({ method: 'GET', url: '/healthz', headers: { authorization: `Bearer ${admin}` } })).json(),
      (h) => h.ok === true && h.taskMirror?.ready === true,
    );
    expect(health).toMatchObject({ ok: true, temporal: { reachable: true }, worker: { polling: true, taskQueue: 'dondoc-e2e' }, taskMirror: { ready: true } });
    expect(health.taskMirror.tasks).toBeGreaterThanOrEqual(0);
  });

  it('schedules the daily digest at 07:30 and the monthly one-stop report on the 1st, Vietnam time', async () => {
    const digest = await running.cluster.client.schedule.getHandle('dondoc-daily-digest').describe();
    const next = digest.info.nextActionTimes[0]!;
    expect(new Date(next.getTime() + 7 * 3_600_000).toISOString().slice(11, 16)).toBe('07:30');
    const report = await running.cluster.client.schedule.getHandle('dondoc-onestop-monthly-report').describe();
    expect(new Date(report.info.nextActionTimes[0]!.getTime() + 7 * 3_600_000).toISOString().slice(8, 16)).toBe('01T00:05');
    // Creating them again at the next start is harmless.
    await ensureSchedules(running.cluster.client, config.TEMPORAL_TASK_QUEUE);
  });

  it('refuses to start a task without a token', async () => {
    const res = await running.api.inject({ method: 'POST', url: '/api/tasks', payload: { plan, task } });
    expect(res.statusCode).toBe(401);
  });

  it('starts a task through the API and finds it through visibility; it survives a restart', async () => {
    const started = await running.api.inject({ method: 'POST', url: '/api/tasks', headers: { authorization: `Bearer ${admin}` }, payload: { plan, task } });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toMatchObject({ started: ['1.1.1'] });

    const list = async () => (await running.api.inject({ method: 'GET', url: `/api/tasks?plan=${plan.id}`, headers: { authorization: `Bearer ${admin}` } })).json();
    const found = await eventually(list, (l) => l.tasks?.length === 1 && l.tasks[0].status === 'not_due');
    expect(found.tasks).toEqual([
      expect.objectContaining({ workflowId: 'task:e2e-kh-2026:1.1.1', status: 'not_due', leads: ['Sở Tư pháp'], due: '2030-12-30T16:59:59.999Z', escalation: 0, running: true }),
    ]);

    const again = await running.api.inject({ method: 'POST', url: '/api/tasks', headers: { authorization: `Bearer ${admin}` }, payload: { plan, task } });
    expect(again.json()).toMatchObject({ started: [], unchanged: ['1.1.1'] });

    await stopStack(running);
    // The account (and its token) is in the database: it outlives the restart.
    running = await startStack(config);
    const after = await eventually(list, (l) => l.tasks?.length === 1);
    expect(after.tasks[0]).toMatchObject({ workflowId: 'task:e2e-kh-2026:1.1.1', running: true });
    const view = await running.api.inject({ method: 'GET', url: '/api/tasks/task:e2e-kh-2026:1.1.1', headers: { authorization: `Bearer ${admin}` } });
    expect(view.json()).toMatchObject({ status: 'not_due', due: '2030-12-30', facts: { title: task.activity } });
  });

  it('imports a real plan through the API once: a second import starts nothing, a corrected file revises what changed', async () => {
    const seed = readFileSync(new URL('../../plans/3322-QD-UBND-2024-thua-thien-hue.txt', import.meta.url));
    const post = (body: Buffer) =>
      running.api.inject({
        method: 'POST',
        url: '/api/plans?filename=3322.txt',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/octet-stream' },
        payload: body,
      });
    const first = await post(seed);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ planId: '3322-qd-ubnd-2024', updated: [], failed: [] });
    expect(first.json().started).toHaveLength(38);

    const second = await post(seed);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ started: [], updated: [] });
    expect(second.json().unchanged).toHaveLength(38);

    const corrected = Buffer.from(seed.toString('utf8').replace('Trước ngày 25/12/2025', 'Trước ngày 31/12/2025'));
    const third = await post(corrected);
    expect(third.json()).toMatchObject({ started: [], updated: ['7.1.1'] });
    expect(third.json().unchanged).toHaveLength(37);
    const view = await running.api.inject({ method: 'GET', url: '/api/tasks/task:3322-qd-ubnd-2024:7.1.1', headers: { authorization: `Bearer ${admin}` } });
    expect(view.json()).toMatchObject({ due: '2025-12-30', facts: { deadlineText: 'Trước ngày 31/12/2025' } });
    expect(view.json().timeline.find((e: { type: string }) => e.type === 'revised')).toMatchObject({ by: 'Nhập kế hoạch', text: expect.stringContaining('30/12/2025') });
  });

  it('rejects a file that is not a plan with the problems it found, starting nothing', async () => {
    const res = await running.api.inject({
      method: 'POST',
      url: '/api/plans?filename=notes.txt',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('Biên bản họp, không có phụ lục.'),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems[0]).toMatchObject({ file: expect.stringContaining('notes.txt') });
  });

  it('the dashboard, in Chromium: log in, see the overdue tasks, open one, report it done', async () => {
    const address = running.api.server.address() as { port: number };
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${address.port}/`);
      await page.click('.token-login summary');
      await page.fill('#token', admin);
      await page.click('#token-form button');
      await page.waitForSelector('#logout:not([hidden])');
      expect(await page.textContent('#who .who-name')).toBe('Quản trị');
      expect(await page.textContent('#who .who-role')).toBe('Quản trị');
      await page.click('nav.menu a:has-text("Nhiệm vụ")');
      await page.waitForSelector('#task-list #filters');
      await page.fill('#filters input[name=planTitle]', 'Thừa Thiên Huế');
      await page.selectOption('#filters select[name=status]', 'overdue');
      await page.click('#filters button[type=submit]');
      // The list is filtered in place (history.pushState): no page load to wait for.
      await page.waitForURL(/status=overdue/, { waitUntil: 'commit' });
      await page.waitForSelector('#tasks tbody tr', { timeout: 60_000 });
      expect(await page.locator('#tasks tbody tr').count()).toBeGreaterThan(10);
      await page.click('#tasks a:has-text("Xây dựng, ban hành Kế hoạch cải cách hành chính năm 2026 của tỉnh")');
      await page.waitForSelector('#task h1');
      expect(await page.textContent('#task')).toContain('Sở Nội vụ');
      expect(await page.textContent('#task')).toContain('Trước ngày 31/12/2025');
      const complete = page.locator('#task form.action', { hasText: 'Báo cáo hoàn thành' });
      await complete.locator('input[name=evidence]').fill('Kế hoạch số 300/KH-UBND ngày 29/12/2025');
      await complete.locator('input[name=note]').fill('Đã ban hành');
      await complete.locator('button[type=submit]').click();
      await page.waitForSelector('#task .status-done_late');
      expect(await page.textContent('#task')).toContain('Kế hoạch số 300/KH-UBND ngày 29/12/2025');
      await page.screenshot({ path: join(config.DATA_DIR, 'dashboard.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
