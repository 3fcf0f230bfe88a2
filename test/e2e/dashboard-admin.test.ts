/// <reference lib="dom" />
/**
 * The administrator in the dashboard (issue 13): adds an agency to the directory through its form,
 * adds an account for it (the generated password is shown once and signs in), then imports a plan
 * through the preview: the tasks by area, each deadline as read and what would be sent today come
 * before anything starts; confirming starts them. A plan under way can be imported as history
 * (statuses only, nothing sent), and a lead column with an unusual header is given its role on the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Config } from '../../worker/config';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { addDays } from '../../domain/dates';
import { launchBrowser, loaded, originOf, PLAN_HEADER, PROVINCE, screenshots, signIn, TODAY, vn, YEAR } from './dashboard-support';

const ADMIN = { name: 'Hoàng Văn Quản', login: 'quan.hv.admin', password: 'Quan-tri-2026-an-toan' };
const NEW_AGENCY = { name: 'Ban Dân tộc tỉnh', email: 'vanthu.bdt@example.vn' };
const NEW_ACCOUNT = { name: 'Đặng Thu Trang', login: 'trang.dt.bdt' };

/** A plan under way whose lead column is headed “Đầu mối thực hiện” (not recognised): two tasks past due, one not yet. */
const HISTORY = {
  title: `Kế hoạch kiểm soát thủ tục hành chính tỉnh Thừa Thiên Huế năm ${YEAR}`,
  number: '81/KH-UBND',
  leadHeader: 'Đầu mối thực hiện',
  csv(): string {
    return [
      PLAN_HEADER.replace('Cơ quan chủ trì', this.leadHeader),
      `K-01,Kiểm soát TTHC,1,,Rà soát,Rà soát thủ tục hành chính năm ${YEAR - 1},Báo cáo,Sở Tư pháp,,Trước ngày 31/12/${YEAR - 1},,`,
      `K-02,Kiểm soát TTHC,2,,Công khai,Công khai thủ tục hành chính trên cổng dịch vụ công,Báo cáo,Sở Nội vụ,,Trước ngày ${vn(addDays(TODAY, -20))},,`,
      `K-03,Kiểm soát TTHC,3,,Tổng kết,Báo cáo tổng kết kiểm soát thủ tục hành chính,Báo cáo,Sở Tư pháp,,Trước ngày 31/12/${YEAR + 1},,`,
    ].join('\n');
  },
};

describe('the administrator in the dashboard', () => {
  let config: Config;
  let stack: Stack;
  let origin: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    config = await stackConfig('dashboard-admin');
    stack = await startStack(config);
    await stack.users.create({ name: ADMIN.name, role: 'admin', login: ADMIN.login, password: ADMIN.password });
    origin = originOf(stack);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (stack) await stopStack(stack);
  });

  it('adds an agency to the directory', async () => {
    await page.goto(`${origin}/admin/directory`);
    await signIn(page, ADMIN.login, ADMIN.password);
    await loaded(page, '#directory', '#agency-list');
    const form = page.locator('#agency-form');
    await form.locator('input[name=name]').fill(NEW_AGENCY.name);
    await form.locator('select[name=jurisdiction]').selectOption('thua-thien-hue');
    // A contact without a valid address is refused on the form, naming the field.
    await form.locator('textarea[name=officers]').fill('Văn thư <khong-phai-thu>');
    await form.locator('button[type=submit]').click();
    await form.locator('.form-error:not([hidden])').waitFor();
    expect(await form.locator('.form-error').textContent()).toMatch(/email|thư/i);
    await form.locator('textarea[name=officers]').fill(`Văn thư Sở <${NEW_AGENCY.email}>, Văn thư`);
    await form.locator('button[type=submit]').click();
    await page.waitForFunction((name) => document.getElementById('agency-list')?.textContent?.includes(name), NEW_AGENCY.name);
    const directory = await stack.directory.load();
    expect(directory.agencies.find((a) => a.name === NEW_AGENCY.name)).toMatchObject({
      id: 'ban-dan-toc-tinh',
      jurisdiction: 'thua-thien-hue',
      contacts: { officer: [{ email: NEW_AGENCY.email }] },
    });
    // The list narrowed to the new agency (the whole directory is a very long page).
    await page.fill('#directory input[type=search]', 'Ban');
    await page.waitForFunction(() => document.querySelectorAll('#agency-list tbody tr').length < 10);
    await screenshots(page, 'admin-directory');
  });

  it('adds an account for it; the password shown once signs in', async () => {
    await page.click('nav.menu a:has-text("Tài khoản")');
    await loaded(page, '#accounts', '#account-list');
    const form = page.locator('#account-form');
    await form.locator('input[name=name]').fill(NEW_ACCOUNT.name);
    await form.locator('select[name=role]').selectOption('agency');
    await form.locator('input[name=login]').fill(NEW_ACCOUNT.login);
    await form.locator('select[name=agency]').selectOption('ban-dan-toc-tinh');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('#accounts .notice:not([hidden])');
    const notice = (await page.textContent('#accounts .notice'))!;
    const password = notice.trim().split(/\s+/).at(-1)!;
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(await page.textContent('#account-list')).toContain(NEW_ACCOUNT.name);
    await screenshots(page, 'admin-accounts');

    const other = await (await browser.newContext()).newPage();
    await other.goto(`${origin}/`);
    await signIn(other, NEW_ACCOUNT.login, password);
    await other.waitForFunction((name) => document.getElementById('who')?.textContent?.includes(name), NEW_AGENCY.name);
    await loaded(other, '#my-work');
    await other.context().close();
  });

  it('imports a plan through the preview', async () => {
    await page.click('nav.menu a:has-text("Nhập kế hoạch")');
    await page.waitForSelector('#import-form');
    await page.setInputFiles('#import-form input[type=file]', { name: 'ke-hoach-cchc.csv', mimeType: 'text/csv', buffer: Buffer.from(PROVINCE.csv(), 'utf8') });
    await page.fill('#import-form input[name=year]', String(YEAR));
    await page.selectOption('#import-form select[name=jurisdiction]', 'thua-thien-hue');
    await page.fill('#import-form input[name=title]', PROVINCE.title);
    await page.fill('#import-form input[name=number]', PROVINCE.number);
    await page.click('#import-form button[type=submit]');
    await page.waitForSelector('#import-preview');
    const preview = (await page.textContent('#import-preview'))!;
    for (const part of [PROVINCE.title, 'Cải cách thể chế', 'Cải cách thủ tục hành chính', PROVINCE.longOverdue.title, `Hạn cuối: 30/12/${YEAR - 1}`, 'Thư sẽ gửi hôm nay', 'Sở Tư pháp'])
      expect(preview).toContain(part);
    // Nothing started yet.
    expect((await stack.cluster.client.workflow.count(`DondocType = 'task'`)).count).toBe(0);
    await screenshots(page, 'admin-import-preview');

    await page.click('#confirm-import');
    await page.waitForSelector('#import-report');
    expect(await page.textContent('#import-report')).toContain('Khởi tạo 3 nhiệm vụ');
    const started = await eventually(
      async () => (await stack.cluster.client.workflow.count(`DondocType = 'task'`)).count,
      (n) => n === 3,
    );
    expect(started).toBe(3);
  });

  it('imports a plan under way as history after naming its lead column: the tasks start and nothing is sent', async () => {
    await page.goto(`${origin}/admin/import`);
    await page.waitForSelector('#import-form');
    await page.setInputFiles('#import-form input[type=file]', { name: 'ke-hoach-kiem-soat.csv', mimeType: 'text/csv', buffer: Buffer.from(HISTORY.csv(), 'utf8') });
    await page.fill('#import-form input[name=year]', String(YEAR));
    await page.selectOption('#import-form select[name=jurisdiction]', 'thua-thien-hue');
    await page.fill('#import-form input[name=title]', HISTORY.title);
    await page.fill('#import-form input[name=number]', HISTORY.number);
    await page.click('#import-form button[type=submit]');
    // Without a lead column the file cannot be read; the page says so.
    await page.waitForSelector('.form-error:not([hidden])');
    expect(await page.textContent('.form-error')).toContain('cột cơ quan chủ trì');
    await page.fill('#column-picker input[name=column-header]', HISTORY.leadHeader);
    await page.selectOption('#column-picker select[name=column-role]', 'lead');
    await page.click('#apply-column');
    await page.waitForSelector('#import-preview');
    expect(await page.textContent('#column-choices')).toContain(`“${HISTORY.leadHeader}” là cột cơ quan chủ trì`);
    const preview = (await page.textContent('#import-preview'))!;
    expect(await page.textContent('#overdue-count')).toContain('2 nhiệm vụ đã quá hạn ngay khi nhập');
    for (const part of ['Theo dõi từ hôm nay', 'gửi ngay', 'Nhập làm hồ sơ lịch sử (chỉ ghi trạng thái, không gửi thông báo)', 'Sở Tư pháp', 'Sở Nội vụ']) expect(preview).toContain(part);
    expect(await page.isChecked('#import-mode input[value=track]')).toBe(true);
    await screenshots(page, 'admin-import-modes');

    await page.check('#import-mode input[value=history]');
    expect(await page.textContent('#confirm-import')).toContain('làm hồ sơ lịch sử');
    await page.click('#confirm-import');
    await page.waitForSelector('#import-report');
    const report = (await page.textContent('#import-report'))!;
    expect(report).toContain('Khởi tạo 3 nhiệm vụ');
    expect(report).toContain('không gửi thông báo nào');
    const planId = new URL((await page.getAttribute('#import-report a', 'href'))!, origin).searchParams.get('plan')!;
    expect(planId).not.toBe('');

    const get = (path: string) => page.evaluate(async (url) => (await fetch(url)).json(), path) as Promise<Record<string, { key?: string; id?: string }[]>>;
    const tasks = await eventually(
      () => get(`/api/tasks?plan=${encodeURIComponent(planId)}`),
      (a) => a.tasks?.length === 3,
    );
    expect(tasks.tasks!.length).toBe(3);
    // Each task answers a query (its first workflow task has run) and records its state: K-01 and K-02 late, K-03 not.
    const statuses: Record<string, string> = {};
    for (const ref of ['K-01', 'K-02', 'K-03']) {
      const view = (await page.evaluate(async (url) => (await fetch(url)).json(), `/api/tasks/${encodeURIComponent(`task:${planId}:${ref}`)}`)) as { status: string };
      statuses[ref] = view.status;
    }
    expect(statuses).toEqual({ 'K-01': 'overdue', 'K-02': 'overdue', 'K-03': 'not_due' });
    // The plan tracked from today (the test before) has its overdue notices in the outbox; this one has none.
    const outbox = await eventually(
      () => get('/api/outbox?limit=1000'),
      (a) => (a.messages ?? []).some((m) => m.key!.startsWith('task:') && !m.key!.startsWith(`task:${planId}:`)),
    );
    expect(outbox.messages!.some((m) => m.key!.startsWith('task:') && !m.key!.startsWith(`task:${planId}:`))).toBe(true);
    expect(outbox.messages!.filter((m) => m.key!.startsWith(`task:${planId}:`))).toEqual([]);
  });
});
