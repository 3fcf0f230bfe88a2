/// <reference lib="dom" />
/**
 * Plans and one-stop reports in the dashboard (issue 13): a district's monitoring office opens the
 * list of its plans and a plan's page, with the tasks grouped by area and the progress of each area
 * in numbers and words; sees the on-time rate by plan in the overview; filters the one-stop files by
 * procedure, with counts by procedure; opens the monthly report (table and chart) and downloads it
 * as XLSX; and anyone loads the public page of apologies, in the dashboard's style, without scripts.
 * Every page is photographed at 1366 px and 360 px wide.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Config } from '../../worker/config';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { addDays } from '../../domain/dates';
import { importPlan, launchBrowser, loaded, originOf, PLAN_HEADER, PROVINCE, screenshots, signIn, TODAY, vn, YEAR } from './dashboard-support';
import type { PlansAnswer } from '../../api/dashboard-plans';
import type { FileListAnswer } from '../../api/dashboard-files';
import { PublicationStore } from '../../storage/onestop';

const MONITOR = { name: 'Lê Thị Hoa', login: 'hoa.lt.vphuyen', password: 'Theo-doi-huyen-2026-an-toan', jurisdiction: 'tuy-phuoc' };
const MONTH = TODAY.slice(0, 7);

/** A district plan with tasks in two areas: one overdue and one done in the first, one not yet due in the second. */
const PLAN = {
  title: `Kế hoạch cải cách hành chính huyện Tuy Phước năm ${YEAR}`,
  number: '45/KH-UBND',
  jurisdiction: 'tuy-phuoc',
  csv(): string {
    return [
      PLAN_HEADER,
      `C-01,Cải cách thể chế,1,,Kiểm tra văn bản,Tự kiểm tra văn bản quy phạm pháp luật của huyện,Báo cáo,Phòng Tư pháp,,Trước ngày ${vn(addDays(TODAY, -30))},,`,
      `C-02,Cải cách thể chế,2,,Rà soát văn bản,Rà soát văn bản quy phạm pháp luật hết hiệu lực,Báo cáo,Phòng Nội vụ,,Trước ngày 31/12/${YEAR + 1},,`,
      `C-03,Cải cách thủ tục hành chính,3,,Niêm yết,Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa,Báo cáo,Phòng Nội vụ,,Trước ngày 31/12/${YEAR + 1},,`,
    ].join('\n');
  },
};

const PROCEDURES = {
  land: { code: '1.003003', name: 'Cấp giấy chứng nhận quyền sử dụng đất lần đầu', workingDays: 15 },
  marriage: { code: '1.001234', name: 'Đăng ký kết hôn có yếu tố nước ngoài', workingDays: 10 },
};
const STAMP = Date.now().toString().slice(-6);
const FILES = [
  { code: `H57.22-PLANS-${STAMP}-1`, procedure: PROCEDURES.land },
  { code: `H57.22-PLANS-${STAMP}-2`, procedure: PROCEDURES.land },
  { code: `H57.22-PLANS-${STAMP}-3`, procedure: PROCEDURES.marriage },
];

describe('plans and one-stop reports in the dashboard', () => {
  let config: Config;
  let stack: Stack;
  let admin: string;
  let monitorToken: string;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let task: (ref: string) => string;
  let planId: string;
  /** Browser requests to the dashboard's views, per page view. */
  const lists: string[] = [];

  const get = async <T>(url: string, token = monitorToken): Promise<T> =>
    (await stack.api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })).json() as T;

  beforeAll(async () => {
    config = await stackConfig('dashboard-plans');
    stack = await startStack(config);
    admin = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    await stack.users.create({ name: MONITOR.name, role: 'monitor', jurisdiction: MONITOR.jurisdiction, login: MONITOR.login, password: MONITOR.password });
    monitorToken = await stack.users.add({ name: 'Theo dõi huyện (kỹ thuật)', role: 'monitor', jurisdiction: MONITOR.jurisdiction });
    origin = originOf(stack);
    task = await importPlan(stack, admin, PLAN);
    planId = task('C-01').split(':')[1]!;
    // A province's plan: never shown to the district's office.
    await importPlan(stack, admin, PROVINCE);
    const done = await stack.api.inject({
      method: 'POST',
      url: `/api/tasks/${encodeURIComponent(task('C-02'))}/complete`,
      payload: { evidence: 'Báo cáo số 21/BC-PNV' },
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(done.statusCode, done.body).toBeLessThan(300);
    for (const f of FILES) {
      const res = await stack.api.inject({
        method: 'POST',
        url: '/api/one-stop/files',
        payload: {
          code: f.code,
          procedure: f.procedure,
          applicant: { name: 'Nguyễn Văn Bình', phone: '0905111222' },
          receivingUnit: 'Bộ phận Một cửa huyện',
          agencies: ['Phòng Nội vụ'],
          receivedAt: new Date().toISOString(),
          online: false,
        },
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    // Visibility and the file records are written a moment later.
    await eventually(
      async () => [await get<PlansAnswer>('/api/dashboard/plans?jurisdiction=tuy-phuoc'), await get<FileListAnswer>('/api/dashboard/files')] as const,
      ([plans, files]) =>
        plans.plans.some((p) => p.planId === planId && p.total === 3 && p.done === 1 && p.overdue === 1) &&
        files.procedures.reduce((n, p) => n + p.count, 0) >= FILES.length,
      60_000,
    );
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true })).newPage();
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/dashboard/')) lists.push(url.pathname);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (stack) await stopStack(stack);
  });

  it('lists the plans of its district only, with their counts', async () => {
    await page.goto(`${origin}/plans`);
    await signIn(page, MONITOR.login, MONITOR.password);
    lists.length = 0;
    await page.reload();
    await loaded(page, '#plans', '#plan-list');
    expect(lists).toEqual(['/api/dashboard/plans']);
    const row = page.locator('#plan-list tbody tr', { hasText: PLAN.title });
    expect(await row.count()).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(1, 6)).toEqual([PLAN.number, String(YEAR), '3', '1', '1']);
    expect(cells[6]).toContain('Đã hoàn thành: 1');
    expect(cells[6]).toContain('Quá hạn: 1');
    expect(await page.textContent('#plans')).not.toContain(PROVINCE.title);
    await screenshots(page, 'monitor-plans');
  });

  it('opens the plan: tasks by area, progress per area in numbers and words, each task linking to its page', async () => {
    await page.click(`#plan-list a:has-text("${PLAN.title}")`);
    await page.waitForURL(`**/plans/${planId}`);
    await loaded(page, '#plan-page', '.plan-area');
    const areas = page.locator('#plan-page .plan-area');
    expect(await areas.locator('h2').allTextContents()).toEqual(['Cải cách thể chế', 'Cải cách thủ tục hành chính']);
    const first = (await areas.nth(0).locator('.progress-legend').textContent())!;
    for (const words of ['Đã hoàn thành: 1', 'Đang thực hiện: 0', 'Sắp đến hạn: 0', 'Quá hạn: 1']) expect(first).toContain(words);
    const second = (await areas.nth(1).locator('.progress-legend').textContent())!;
    for (const words of ['Đã hoàn thành: 0', 'Đang thực hiện: 1', 'Quá hạn: 0']) expect(second).toContain(words);
    expect(await areas.nth(0).locator('tbody tr').count()).toBe(2);
    expect(await areas.nth(0).textContent()).toContain('Tự kiểm tra văn bản quy phạm pháp luật của huyện');
    expect(await page.locator('#plan-page .notice').count()).toBe(0);
    await screenshots(page, 'monitor-plan');
    // A task's page names its plan, linking back here.
    await areas.nth(1).locator('a', { hasText: 'Niêm yết công khai' }).click();
    await page.waitForURL(`**/tasks/${encodeURIComponent(task('C-03'))}`);
    await loaded(page, '#task', '.facts');
    await page.click(`#task .facts a:has-text("${PLAN.title}")`);
    await page.waitForURL(`**/plans/${planId}`);
    await loaded(page, '#plan-page', '.plan-area');
    // The task list filtered by the plan's title links back to the plan.
    await page.click('#plan-page a:has-text("Xem các nhiệm vụ của kế hoạch")');
    await page.waitForURL('**/tasks?planTitle=*');
    await loaded(page, '#task-list', '#plan-link');
    await page.click('#plan-link a');
    await page.waitForURL(`**/plans/${planId}`);
    await loaded(page, '#plan-page', '.plan-area');
  });

  it('sees the on-time rate by plan in the overview', async () => {
    await page.goto(`${origin}/`);
    await loaded(page, '#overview', '#plan-rates');
    const row = page.locator('#plan-rates tbody tr', { hasText: PLAN.title });
    // Judged: C-01 overdue, C-02 done on time: 50 %.
    expect((await row.locator('td').allTextContents()).slice(1, 6)).toEqual(['2', '1', '0', '1', '50%']);
    expect(await page.textContent('#plan-rates')).not.toContain(PROVINCE.title);
    await screenshots(page, 'monitor-overview-plans');
  });

  it('filters the one-stop files by procedure, with counts by procedure', async () => {
    await page.goto(`${origin}/files`);
    await loaded(page, '#files', '#file-list');
    const counts = page.locator('#file-procedures');
    await counts.locator('summary').click();
    const land = counts.locator('tr', { hasText: PROCEDURES.land.name });
    expect((await land.locator('td').allTextContents()).slice(1)).toEqual([PROCEDURES.land.code, '2']);
    await page.selectOption('select[name=procedure]', PROCEDURES.marriage.code);
    lists.length = 0;
    await page.click('#files form.filters button[type=submit]');
    await page.waitForURL(`**/files?procedure=${PROCEDURES.marriage.code}`);
    await loaded(page, '#files', '#file-list');
    expect(lists).toEqual(['/api/dashboard/files']);
    const codes = await page.locator('#file-list tbody tr td:first-child').allTextContents();
    expect(codes).toEqual([FILES[2]!.code]);
    expect(await page.textContent('#file-list')).toContain(PROCEDURES.marriage.name);
    await screenshots(page, 'monitor-files-by-procedure');
  });

  it('opens the monthly one-stop report, as a table and a chart, and downloads it as XLSX', async () => {
    await page.click('nav.menu a:has-text("Báo cáo một cửa")');
    await page.waitForURL('**/reports/one-stop');
    await loaded(page, '#one-stop-report', 'form');
    await page.fill('input[name=month]', MONTH);
    await page.click('#one-stop-report button[type=submit]');
    await page.waitForURL(`**/reports/one-stop?month=${MONTH}`);
    await loaded(page, '#one-stop-report', '#report-table');
    const total = page.locator('#report-table tr.total td');
    expect(await total.nth(0).textContent()).toBe('Toàn đơn vị');
    expect(await total.nth(1).textContent()).toBe(String(FILES.length));
    const chart = (await page.textContent('#report-chart'))!;
    expect(chart).toContain('Giải quyết trước hạn, đúng hạn');
    expect(chart).toContain('Phòng Nội vụ');
    expect(chart).toContain(`Tiếp nhận: ${FILES.length}`);
    await screenshots(page, 'monitor-one-stop-report');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report-xlsx')]);
    expect(download.suggestedFilename()).toBe(`bao-cao-mot-cua-${MONTH}-tuy-phuoc.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile((await download.path())!)) as never);
    const sheet = book.worksheets[0]!;
    expect(String(sheet.getCell('A1').value)).toContain(`tháng ${MONTH.slice(5)}/${MONTH.slice(0, 4)}`);
    const rows: unknown[][] = [];
    sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const totalRow = rows.find((r) => r[0] === 'Toàn đơn vị');
    expect(totalRow?.[1]).toBe(FILES.length);
  });

  it('shows the public page of apologies to anyone, in the dashboard’s style, without scripts', async () => {
    const visitor = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const empty = await visitor.goto(`${origin}/public/apologies`);
    expect(empty!.status()).toBe(200);
    expect(await visitor.textContent('#public-apologies')).toContain('Hiện không có phiếu xin lỗi nào đang được công khai.');
    // What the file workflow publishes when an apology is submitted (the same store).
    const REASON = 'Cần xác minh thêm nguồn gốc đất <img src=x onerror=alert(1)>';
    await new PublicationStore(stack.storage.db).publish({
      code: FILES[0]!.code,
      jurisdiction: 'tuy-phuoc',
      procedure: PROCEDURES.land.name,
      agency: 'Phòng Nội vụ',
      number: '12/PXL-PNV',
      date: TODAY,
      applicant: 'N. V. Bình',
      receivedOn: TODAY,
      originalAppointment: addDays(TODAY, 21),
      newAppointment: addDays(TODAY, 25),
      reason: REASON,
      publishedAt: new Date().toISOString(),
      until: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    const res = await visitor.goto(`${origin}/public/apologies`);
    expect(res!.headers()['content-security-policy']).toContain("script-src 'self'");
    await visitor.waitForSelector('#public-apologies h1');
    expect(await visitor.textContent('h1')).toBe('Công khai phiếu xin lỗi tổ chức, cá nhân do giải quyết hồ sơ trễ hẹn');
    const row = await visitor.locator('#public-apologies tbody tr').allTextContents();
    expect(row).toHaveLength(1);
    for (const part of ['12/PXL-PNV', FILES[0]!.code, PROCEDURES.land.name, 'N. V. Bình', REASON]) expect(row[0]).toContain(part);
    // The reason is text, not markup.
    expect(await visitor.locator('#public-apologies img').count()).toBe(0);
    expect(await visitor.locator('script').count()).toBe(0);
    expect(await visitor.locator('link[rel=stylesheet][href="/dashboard/styles.css"]').count()).toBe(1);
    // The dashboard's stylesheet applied: its header colour.
    expect(await visitor.locator('header.top').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(163, 29, 36)');
    await screenshots(visitor, 'public-apologies');
    await visitor.close();
  });
});
