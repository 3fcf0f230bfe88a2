/// <reference lib="dom" />
/**
 * An agency officer in the dashboard (issue 13): "Việc của tôi" lists its own parts, most urgent
 * first, with due dates in words; it completes its part of a group task (the other member's part
 * stays open and is shown only by name and status) and cannot see another agency's work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Config } from '../../worker/config';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { importPlan, launchBrowser, loaded, originOf, PROVINCE, screenshots, signIn } from './dashboard-support';
import type { OwnWorkAnswer } from '../../api/dashboard-tasks';

const OFFICER = { name: 'Lê Thị Hồng Nhung', login: 'nhung.lth.snv', password: 'So-noi-vu-2026-an-toan', agency: 'so-noi-vu' };
const EVIDENCE = 'Báo cáo số 215/BC-SNV ngày 20/11/2026 của Sở Nội vụ';

describe('an agency officer in the dashboard', () => {
  let config: Config;
  let stack: Stack;
  let admin: string;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let province: (ref: string) => string;
  const lists: string[] = [];

  const asAdmin = async (url: string) => (await stack.api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${admin}` } })).json();

  beforeAll(async () => {
    config = await stackConfig('dashboard-agency');
    stack = await startStack(config);
    admin = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    await stack.users.create({ name: OFFICER.name, role: 'agency', agency: 'Sở Nội vụ', jurisdiction: 'thua-thien-hue', login: OFFICER.login, password: OFFICER.password });
    const token = await stack.users.add({ name: 'Sở Nội vụ (kỹ thuật)', role: 'agency', agency: 'Sở Nội vụ', jurisdiction: 'thua-thien-hue' });
    origin = originOf(stack);
    province = await importPlan(stack, admin, PROVINCE);
    await eventually(
      async () => (await stack.api.inject({ method: 'GET', url: '/api/dashboard/own-work', headers: { authorization: `Bearer ${token}` } })).json() as OwnWorkAnswer,
      (w) => w.parts.some((p) => p.workflowId === province('A-02')),
      60_000,
    );
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/dashboard/') || url.pathname === '/api/tasks' || url.pathname === '/api/outbox') lists.push(url.pathname);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (stack) await stopStack(stack);
  });

  it('sees its own parts, most urgent first, with due dates in words, and nothing of another agency', async () => {
    await page.goto(`${origin}/`);
    await signIn(page, OFFICER.login, OFFICER.password);
    await loaded(page, '#my-work', '#tasks tbody tr');
    expect(lists).toEqual(['/api/dashboard/own-work']);
    const rows = await page.locator('#tasks tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(PROVINCE.group.title);
    expect(rows[0]).toMatch(/quá hạn \d+ ngày làm việc/);
    expect((await page.textContent('#my-work'))!).not.toContain(PROVINCE.longOverdue.title);
    await screenshots(page, 'agency-my-work');

    // Another agency's task, opened by its address: refused, in Vietnamese, without its content.
    await page.goto(`${origin}/tasks/${encodeURIComponent(province('A-01'))}`);
    await page.waitForSelector('#error:not([hidden])');
    expect(await page.textContent('#error')).toMatch(/Cơ quan của bạn không chủ trì/);
    expect(await page.textContent('main')).not.toContain(PROVINCE.longOverdue.title);
  });

  it('completes its part of a group task; the other member’s part stays open', async () => {
    await page.goto(`${origin}/`);
    await loaded(page, '#my-work', '#tasks tbody tr');
    await page.click(`#tasks a:has-text("${PROVINCE.group.title}")`);
    await loaded(page, '#task');
    expect(await page.textContent('#task h1')).toBe(PROVINCE.group.title);
    const parts = (await page.textContent('#parts'))!;
    expect(parts).toContain('Sở Nội vụ');
    // The other member only by name and status.
    expect(await page.locator('#parts tr.other').textContent()).toContain('Sở Tài chính');
    await screenshots(page, 'agency-task');

    const form = page.locator('#task form.action', { hasText: 'Báo cáo hoàn thành' });
    // Only its own part can be picked.
    expect(await form.locator('select[name=part] option').allTextContents()).toEqual([expect.stringContaining('Sở Nội vụ')]);
    // Without evidence the form says what is missing, where the officer acted.
    await form.locator('button[type=submit]').click();
    expect(await form.locator('input[name=evidence]').evaluate((e: HTMLInputElement) => e.validity.valueMissing)).toBe(true);
    await form.locator('input[name=evidence]').fill(EVIDENCE);
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('#flash:not([hidden])');
    expect(await page.textContent('#flash')).toBe('Đã ghi nhận hoàn thành.');
    await page.waitForFunction((e) => document.getElementById('parts')?.textContent?.includes(e), EVIDENCE);

    const view = await asAdmin(`/api/tasks/${encodeURIComponent(province('A-02'))}`);
    const own = view.obligations.find((o: { agency: string }) => o.agency === 'Sở Nội vụ');
    const other = view.obligations.find((o: { agency: string }) => o.agency === 'Sở Tài chính');
    expect(own.completed).toMatchObject({ by: OFFICER.name, evidence: EVIDENCE });
    expect(other.completed).toBeUndefined();
    expect(view.status).toBe('overdue');
  });

  it('reads the messages it was sent', async () => {
    lists.length = 0;
    await page.click('nav.menu a:has-text("Thông báo đã nhận")');
    await page.waitForSelector('#messages h1');
    await page.waitForFunction(() => !document.querySelector('.loading'));
    expect(lists).toEqual(['/api/outbox']);
    const text = (await page.textContent('#messages'))!;
    // The overdue group task was reported to the agency when it was imported.
    expect(text).toMatch(/Sở Nội vụ|quá hạn/i);
    expect(text).not.toContain('Sở Tư pháp quá hạn');
  });
});
