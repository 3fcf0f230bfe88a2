/// <reference lib="dom" />
/**
 * Văn phòng UBND tỉnh in the dashboard (issue 13): signs in, sees the overview of its province
 * counted by the server, the overdue escalated tasks of its own jurisdiction only (a district's
 * overdue task in another province never shows), acknowledges a pending level with a comment from
 * the escalation queue, grants an extension on a task page, and exports the filtered list to XLSX.
 * Every main page is photographed at 1366 px and 360 px wide.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Config } from '../../worker/config';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { DISTRICT, importPlan, launchBrowser, loaded, originOf, PROVINCE, screenshots, signIn, TODAY, YEAR } from './dashboard-support';
import { addDays } from '../../domain/dates';
import type { QueueAnswer } from '../../api/dashboard-tasks';

const MONITOR = { name: 'Trần Minh Đức', login: 'duc.tm.vpubnd', password: 'Theo-doi-2026-an-toan', jurisdiction: 'thua-thien-hue' };
const COMMENT = 'Đã báo cáo Chủ tịch UBND tỉnh; đề nghị Sở Tư pháp hoàn thành trong tuần.';
const NEW_DUE = `${YEAR + 1}-03-31`;

describe('the monitoring office in the dashboard', () => {
  let config: Config;
  let stack: Stack;
  let admin: string;
  let monitorToken: string;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let province: (ref: string) => string;
  let district: (ref: string) => string;
  /** Browser requests to list endpoints, per page view. */
  const lists: string[] = [];

  const asMonitor = async <T>(url: string): Promise<T> => (await stack.api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${monitorToken}` } })).json() as T;

  beforeAll(async () => {
    config = await stackConfig('dashboard-monitor');
    stack = await startStack(config);
    admin = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    await stack.users.create({ name: MONITOR.name, role: 'monitor', jurisdiction: MONITOR.jurisdiction, login: MONITOR.login, password: MONITOR.password });
    monitorToken = await stack.users.add({ name: 'Theo dõi (kỹ thuật)', role: 'monitor', jurisdiction: MONITOR.jurisdiction });
    origin = originOf(stack);
    province = await importPlan(stack, admin, PROVINCE);
    district = await importPlan(stack, admin, DISTRICT);
    // The imported overdue tasks escalate at once; visibility is eventually consistent.
    const queue = await eventually(
      () => asMonitor<QueueAnswer>('/api/dashboard/escalations'),
      (q) => q.entries.some((e) => e.workflowId === province('A-01')) && q.entries.some((e) => e.workflowId === province('A-02')),
      60_000,
    );
    expect(queue.entries.length).toBeGreaterThan(0);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true })).newPage();
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/dashboard/') || url.pathname === '/api/tasks' || url.pathname === '/api/outbox') lists.push(url.pathname);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (stack) await stopStack(stack);
  });

  it('signs in and sees the overview of its province, counted by the server', async () => {
    await page.goto(`${origin}/`);
    lists.length = 0;
    await signIn(page, MONITOR.login, MONITOR.password);
    await loaded(page, '#overview', '.counts');
    expect(lists).toEqual(['/api/dashboard/overview']);
    const text = (await page.textContent('#overview'))!;
    expect(text).toContain('Tỉnh Thừa Thiên Huế');
    // Overdue count: the province's two overdue tasks, not the district's.
    const overdue = await page.locator('#overview .count.tone-bad', { hasText: 'Quá hạn' }).first().locator('strong').textContent();
    expect(Number(overdue)).toBe(2);
    // On-time rates by agency: the agencies of the province's tasks, with the words beside the colour.
    const rates = (await page.textContent('#agency-rates'))!;
    for (const agency of ['Sở Tư pháp', 'Sở Nội vụ', 'Sở Tài chính']) expect(rates).toContain(agency);
    expect(rates).not.toContain(DISTRICT.overdue.lead);
    expect(text).toContain('Cơ quan có nhiều việc quá hạn nhất');
    // By month of the due date: the group task's month has its one overdue task.
    const month = addDays(TODAY, -40).slice(0, 7).split('-').reverse().join('/');
    const row = page.locator('#month-rates tbody tr', { hasText: month });
    expect(await row.locator('td').nth(3).textContent()).toBe('1');
    await screenshots(page, 'monitor-overview');
  });

  it('lists the overdue escalated tasks of its own jurisdiction only', async () => {
    lists.length = 0;
    await page.click('nav.menu a:has-text("Nhiệm vụ")');
    await loaded(page, '#task-list', '#filters');
    await page.selectOption('#filters select[name=status]', 'overdue');
    await page.selectOption('#filters select[name=escalation]', '1');
    await page.click('#filters button[type=submit]');
    await page.waitForURL(/status=overdue/, { waitUntil: 'commit' });
    await loaded(page, '#task-list', '#tasks tbody tr');
    const list = (await page.textContent('#tasks tbody'))!;
    expect(list).toContain(PROVINCE.longOverdue.title);
    expect(list).toContain(PROVINCE.group.title);
    expect(list).not.toContain(PROVINCE.notDue.title);
    expect(list).not.toContain(DISTRICT.overdue.title);
    expect(list).toMatch(/quá hạn \d+ ngày làm việc/);
    expect(await page.locator('#tasks tbody tr').count()).toBe(2);
    // One list request per view: the filtered page.
    expect(lists.filter((l) => l === '/api/dashboard/tasks')).toHaveLength(2);
    // The district's task, opened by its address, is not shown either.
    const refused = await page.evaluate(async (id) => (await fetch(`/api/tasks/${encodeURIComponent(id)}`)).status, district('B-01'));
    expect(refused).toBe(404);
    await screenshots(page, 'monitor-tasks');
  });

  it('exports the filtered list to XLSX', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    expect(download.suggestedFilename()).toMatch(/^nhiem-vu-.*\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile((await download.path())!)) as never);
    const sheet = book.getWorksheet('Nhiệm vụ')!;
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    const titles = rows.map((r) => String(r[2]));
    expect(titles.sort()).toEqual([PROVINCE.longOverdue.title, PROVINCE.group.title].sort());
    expect(rows.every((r) => r[7] === 'Quá hạn')).toBe(true);
  });

  it('acknowledges a pending level from the escalation queue, with a comment', async () => {
    lists.length = 0;
    await page.click('nav.menu a:has-text("Chờ xác nhận")');
    await loaded(page, '#escalations', '#queue');
    expect(lists).toEqual(['/api/dashboard/escalations']);
    const queue = (await page.textContent('#queue'))!;
    expect(queue).toContain(PROVINCE.longOverdue.title);
    expect(queue).toContain('Sở Nội vụ');
    expect(queue).toContain('Sở Tài chính');
    expect(queue).not.toContain(DISTRICT.overdue.title);
    await screenshots(page, 'monitor-escalations');

    const before = await asMonitor<QueueAnswer>('/api/dashboard/escalations');
    // Oldest due date first: the long overdue task's levels head the queue.
    const first = before.entries[0]!;
    expect(first.workflowId).toBe(province('A-01'));
    // One card per agency's part, one acknowledgement per pending level.
    const entry = page.locator('#queue form.acknowledge').first();
    expect(await page.locator('#queue > li').first().textContent()).toContain(first.agency);
    expect(await entry.textContent()).toContain(`Cấp ${first.level}`);
    // Without a comment the form says so, in Vietnamese, where the user acted.
    await entry.locator('textarea[name=comment]').fill('   ');
    await entry.locator('button[type=submit]').click();
    await entry.locator('.form-error:not([hidden])').waitFor();
    expect(await entry.locator('.form-error').textContent()).toMatch(/ý kiến/);
    await entry.locator('textarea[name=comment]').fill(COMMENT);
    await entry.locator('button[type=submit]').click();
    await page.waitForFunction((n) => document.querySelectorAll('#queue form.acknowledge').length === n - 1, before.entries.length);

    const view = (await stack.api.inject({ method: 'GET', url: `/api/tasks/${encodeURIComponent(first.workflowId)}`, headers: { authorization: `Bearer ${admin}` } })).json();
    const part = view.obligations.find((o: { agency: string }) => o.agency === first.agency);
    expect(part.acknowledged).toContainEqual(expect.objectContaining({ level: first.level, by: MONITOR.name, comment: COMMENT }));
  });

  it('grants an extension on the task page', async () => {
    await page.goto(`${origin}/tasks/${encodeURIComponent(province('A-01'))}`);
    await loaded(page, '#task');
    expect(await page.textContent('#task h1')).toBe(PROVINCE.longOverdue.title);
    const form = page.locator('#task form.extend');
    await form.locator('input[name=newDue]').fill(NEW_DUE);
    await form.locator('input[name=approvedBy]').fill('Phó Chủ tịch UBND tỉnh Nguyễn Văn Phương');
    await form.locator('textarea[name=reason]').fill('Chờ ý kiến thẩm định của Bộ Tư pháp.');
    await form.locator('button[type=submit]').click();
    await form.locator('.ok:not([hidden])').waitFor();
    await page.waitForFunction(() => document.querySelector('#task dl.facts')?.textContent?.includes('đã gia hạn'));
    expect(await page.textContent('#parts')).toContain('31/03/');
    const view = (await stack.api.inject({ method: 'GET', url: `/api/tasks/${encodeURIComponent(province('A-01'))}`, headers: { authorization: `Bearer ${admin}` } })).json();
    expect(view.extended).toBe(true);
    expect(view.obligations[0].due).toBe(NEW_DUE);
    await screenshots(page, 'monitor-task');
  });
});
