/// <reference lib="dom" />
/**
 * The administrator in the dashboard (issue 13): adds an agency to the directory through its form,
 * adds an account for it (the generated password is shown once and signs in), then imports a plan
 * through the preview: the tasks by area, each deadline as read and what would be sent today come
 * before anything starts; confirming starts them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Config } from '../../worker/config';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { launchBrowser, loaded, originOf, PROVINCE, screenshots, signIn, YEAR } from './dashboard-support';

const ADMIN = { name: 'Hoàng Văn Quản', login: 'quan.hv.admin', password: 'Quan-tri-2026-an-toan' };
const NEW_AGENCY = { name: 'Ban Dân tộc tỉnh', email: 'vanthu.bdt@example.vn' };
const NEW_ACCOUNT = { name: 'Đặng Thu Trang', login: 'trang.dt.bdt' };

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
});
