/// <reference lib="dom" />
/**
 * Task templates in the dashboard (issue 14): an administrator creates a template through its form
 * (a broken placeholder is refused at its field first), previews it before saving, imports a plan
 * through the import page whose tasks match its rules (the import preview names the template) and
 * sees the task tracked by it; then edits it (a new version) and moves the task, whose timeline
 * records the move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Config } from '../../worker/config';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { addDays } from '../../domain/dates';
import { launchBrowser, loaded, originOf, PLAN_HEADER, screenshots, signIn, TODAY, vn, YEAR } from './dashboard-support';

const ADMIN = { name: 'Lê Thị Mẫu', login: 'mau.lt.admin', password: 'Mau-nhiem-vu-2026-an-toan' };
const MONITOR = { name: 'Trần Văn Theo', login: 'theo.tv.vp', password: 'Theo-doi-2026-an-toan', jurisdiction: 'thua-thien-hue' };
const NAME = 'Báo cáo chuyên đề chuyển đổi số';
const TEMPLATE_ID = 'bao-cao-chuyen-de-chuyen-doi-so';

/** A plan with one task the new template's rules match (words “chuyển đổi số”, product “Báo cáo”) and one they do not. */
const PLAN = {
  title: `Kế hoạch chuyển đổi số tỉnh Thừa Thiên Huế năm ${YEAR}`,
  number: '95/KH-UBND',
  matched: { ref: 'CDS-01', title: `Báo cáo kết quả chuyển đổi số năm ${YEAR}` },
  other: { ref: 'CDS-02', title: 'Tổ chức hội nghị tập huấn kỹ năng số cho cán bộ' },
  csv(): string {
    return [
      PLAN_HEADER,
      `CDS-01,Chuyển đổi số,1,,Báo cáo,${this.matched.title},Báo cáo,Sở Tư pháp,,Trước ngày ${vn(addDays(TODAY, 60))},,`,
      `CDS-02,Chuyển đổi số,2,,Tập huấn,${this.other.title},Hội nghị,Sở Nội vụ,,Trước ngày ${vn(addDays(TODAY, 90))},,`,
    ].join('\n');
  },
};

describe('task templates in the dashboard', () => {
  let config: Config;
  let stack: Stack;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let taskId: string;

  const json = <T>(path: string) => page.evaluate(async (url) => (await fetch(url)).json(), path) as Promise<T>;
  const field = (path: string) => page.locator(`#template-form [name="${path}"]`);

  beforeAll(async () => {
    config = await stackConfig('dashboard-templates');
    stack = await startStack(config);
    await stack.users.create({ name: ADMIN.name, role: 'admin', login: ADMIN.login, password: ADMIN.password });
    await stack.users.create({ name: MONITOR.name, role: 'monitor', jurisdiction: MONITOR.jurisdiction, login: MONITOR.login, password: MONITOR.password });
    origin = originOf(stack);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (stack) await stopStack(stack);
  });

  it('creates a template through the form: a broken placeholder and an impossible ladder are refused at their fields, the preview lists what it would send', async () => {
    await page.goto(`${origin}/admin/templates`);
    await signIn(page, ADMIN.login, ADMIN.password);
    await loaded(page, '#templates', '#template-list');
    expect(await page.textContent('#template-list')).toContain('Báo cáo cải cách hành chính hằng quý');
    expect(await page.textContent('nav.menu a[aria-current=page]')).toBe('Mẫu nhiệm vụ');
    await screenshots(page, 'admin-templates');

    await page.click('#new-template');
    await loaded(page, '#template-edit', '#template-form');
    await field('name').fill(NAME);
    await field('category').fill('Nhiệm vụ UBND tỉnh giao');
    await field('description').fill('Báo cáo chuyên đề gửi Văn phòng UBND tỉnh.');
    await field('reminders.workingDaysBefore.0').fill('5');
    await field('reminders.hour').fill('07:30');
    // The third level goes; the second is first set no later than the first (refused below).
    await page.click('#ladder button[aria-label="Bỏ cấp 3"]');
    expect(await page.locator('#ladder .level-row').count()).toBe(2);
    await field('escalation.1.afterWorkingDays').fill('1');
    await page.click('details[data-kind=reminder] summary');
    expect(await page.textContent('details[data-kind=reminder] .placeholders')).toContain('{soNgayConLai}');
    await field('messages.reminder.subject').fill('[Chuyển đổi số] Còn {soNgayConLai} ngày: {tenNhiemVu} — {tenCoQuan}');
    await field('matching.words').fill('chuyển đổi số');
    await field('matching.productTypes').fill('Báo cáo');

    await page.click('#save-template');
    const refused = page.locator('[data-path="messages.reminder.subject"] .field-error');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('trường thay thế {tenCoQuan} không dùng được trong thư “Nhắc việc trước hạn”');
    const ladderRefused = page.locator('[data-path="escalation.1.afterWorkingDays"] .field-error');
    expect(await ladderRefused.textContent()).toBe('Cấp 2 (sau 1 ngày làm việc quá hạn) phải muộn hơn cấp 1 mà nó theo sau (sau 1 ngày làm việc).');
    // The first field refused takes the focus.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('escalation.1.afterWorkingDays');
    expect((await json<{ templates: { id: string }[] }>('/api/templates')).templates.map((t) => t.id)).not.toContain(TEMPLATE_ID);

    await field('escalation.1.afterWorkingDays').fill('4');
    await field('messages.reminder.subject').fill('[Chuyển đổi số] Còn {soNgayConLai} ngày: {tenNhiemVu}');
    // A field fixed no longer says its refusal.
    expect(await page.locator('#template-form .field-error').count()).toBe(0);
    await page.fill('#template-preview input[name=sample-title]', 'Báo cáo chuyển đổi số quý IV');
    await page.fill('#template-preview input[name=sample-lead]', 'Sở Tư pháp');
    await page.fill('#template-preview input[name=sample-start]', TODAY);
    await page.fill('#template-preview input[name=sample-due]', addDays(TODAY, 30));
    await page.click('#run-preview');
    await page.waitForSelector('#template-preview-result');
    const preview = (await page.textContent('#template-preview-result'))!;
    expect(preview).toMatch(/\[Chuyển đổi số\] Còn \d+ ngày: Báo cáo chuyển đổi số quý IV/);
    for (const part of ['07:30', 'Sở Tư pháp', 'Báo cáo cấp trên cấp 1', 'Báo cáo cấp trên cấp 2', 'Chuyển trạng thái: quá hạn'])
      expect(preview).toContain(part);
    expect(preview).not.toContain('cấp 3');
    // A structured schedule reads as dondoc reads it; back to the plan's own deadlines after.
    await page.check('#deadline-rule input[value=recurring]');
    await field('deadline.recurrence.0.every').selectOption('quarter');
    await field('deadline.recurrence.0.day').fill('15');
    await field('deadline.recurrence.0.monthOfPeriod').selectOption('last');
    await page.click('#run-preview');
    await page.waitForFunction(() => document.getElementById('template-preview-result')?.textContent?.includes('Định kỳ hằng quý'));
    expect(await page.textContent('#template-preview-result')).toContain('Thời hạn đọc được: Định kỳ hằng quý: hạn là ngày 15 của tháng cuối mỗi quý');
    await page.check('#deadline-rule input[value=none]');
    await page.click('#run-preview');
    await page.waitForFunction(() => document.getElementById('template-preview-result')?.textContent?.includes('Theo thời hạn ghi trong kế hoạch'));
    // Still nothing saved.
    expect((await json<{ templates: { id: string }[] }>('/api/templates')).templates.map((t) => t.id)).not.toContain(TEMPLATE_ID);
    await screenshots(page, 'admin-template-form');

    await page.click('#save-template');
    await loaded(page, '#template', '#saved');
    expect(page.url()).toContain(`/admin/templates/${TEMPLATE_ID}`);
    expect(await page.textContent('#saved')).toBe('Đã lưu phiên bản 1.');
    expect(await page.textContent('#reminder-reading')).toBe('trước 5 ngày làm việc, trước 1 ngày làm việc, đúng ngày hạn; gửi lúc 07:30.');
    const ladder = (await page.textContent('#template-ladder'))!;
    expect(ladder).toContain('Cấp 2: sau 4 ngày làm việc quá hạn — Văn phòng UBND');
    expect(ladder).not.toContain('Cấp 3');
    expect(await page.textContent('#template-matching')).toContain('“chuyển đổi số”');
    expect(await page.textContent('#template-versions')).toContain(ADMIN.name);
    await screenshots(page, 'admin-template-page');
  });

  it('imports a plan whose task matches the template: the import preview names it, the task page shows the task tracked by it', async () => {
    await page.click('nav.menu a:has-text("Nhập kế hoạch")');
    await page.waitForSelector('#import-form');
    await page.setInputFiles('#import-form input[type=file]', { name: 'ke-hoach-cds.csv', mimeType: 'text/csv', buffer: Buffer.from(PLAN.csv(), 'utf8') });
    await page.fill('#import-form input[name=year]', String(YEAR));
    await page.selectOption('#import-form select[name=jurisdiction]', 'thua-thien-hue');
    await page.fill('#import-form input[name=title]', PLAN.title);
    await page.fill('#import-form input[name=number]', PLAN.number);
    await page.click('#import-form button[type=submit]');
    await page.waitForSelector('#import-preview');
    expect(await page.textContent('#import-templates')).toContain(`${NAME}: 1 nhiệm vụ (${PLAN.matched.ref})`);
    const followed = (title: string) => page.locator('#import-preview tr', { hasText: title }).locator('.template-name').textContent();
    expect(await followed(PLAN.matched.title)).toBe(NAME);
    expect(await followed(PLAN.other.title)).not.toBe(NAME);
    // The admin picks a template for the other task: one dry run again, and the pick wins over the rules.
    let dryRuns = 0;
    const counted = (r: { url: () => string }) => {
      if (r.url().includes('/api/plans?') && r.url().includes('dryRun=true')) dryRuns++;
    };
    page.on('request', counted);
    expect(await page.inputValue(`#import-preview select[name="template-${PLAN.other.ref}"]`)).toBe('');
    await page.selectOption(`#import-preview select[name="template-${PLAN.other.ref}"]`, 'ke-hoach-kiem-tra-nam');
    await page.waitForFunction(
      (title) => Array.from(document.querySelectorAll('#import-preview tr')).find((tr) => tr.textContent?.includes(title))?.querySelector('.template-name')?.textContent === 'Kế hoạch kiểm tra hằng năm',
      PLAN.other.title,
    );
    page.off('request', counted);
    expect(dryRuns).toBe(1);
    expect(await page.locator('#import-preview tr', { hasText: PLAN.other.title }).textContent()).toContain('Chọn trực tiếp khi nhập kế hoạch');
    await screenshots(page, 'admin-import-template-pick');
    expect(await followed(PLAN.matched.title)).toBe(NAME);

    await page.click('#confirm-import');
    await page.waitForSelector('#import-report');
    expect(await page.textContent('#import-report')).toContain('Khởi tạo 2 nhiệm vụ');
    const planId = new URL((await page.getAttribute('#import-report a', 'href'))!, origin).searchParams.get('plan')!;
    taskId = `task:${planId}:${PLAN.matched.ref}`;
    const view = await eventually(
      () => json<{ template?: { id: string; version: number } }>(`/api/tasks/${encodeURIComponent(taskId)}`),
      (v) => v.template !== undefined,
    );
    expect(view.template).toMatchObject({ id: TEMPLATE_ID, version: 1 });
    // The confirm sent the same pick.
    const picked = await eventually(
      () => json<{ template?: { id: string; version: number } }>(`/api/tasks/${encodeURIComponent(`task:${planId}:${PLAN.other.ref}`)}`),
      (v) => v.template !== undefined,
    );
    expect(picked.template).toMatchObject({ id: 'ke-hoach-kiem-tra-nam', version: 1 });

    await page.goto(`${origin}/tasks/${encodeURIComponent(taskId)}`);
    await loaded(page, '#task', '#task-template a');
    expect(await page.textContent('#task-template')).toBe(`${NAME} — phiên bản 1`);
    await screenshots(page, 'admin-task-template');
  });

  it('edits the template (a new version) and moves the task to it; the task’s timeline records the move', async () => {
    await page.click('#task-template a');
    await loaded(page, '#template', '#template-ladder');
    await page.click('#edit-template');
    await loaded(page, '#template-edit', '#template-form');
    expect(await field('name').inputValue()).toBe(NAME);
    expect(await field('messages.reminder.subject').inputValue()).toBe('[Chuyển đổi số] Còn {soNgayConLai} ngày: {tenNhiemVu}');
    await field('reminders.hour').fill('08:15');
    await field('escalation.1.afterWorkingDays').fill('6');
    expect(await page.textContent('#save-template')).toBe('Lưu thành phiên bản 2');
    await page.click('#save-template');
    await loaded(page, '#template', '#saved');
    expect(await page.textContent('#saved')).toBe('Đã lưu phiên bản 2.');
    expect(await page.textContent('#template-ladder')).toContain('Cấp 2: sau 6 ngày làm việc quá hạn');
    expect(await page.locator('#template-versions tbody tr').count()).toBe(2);

    // The running task keeps version 1 until it is moved; its page says a newer one exists.
    await page.goto(`${origin}/tasks/${encodeURIComponent(taskId)}`);
    await loaded(page, '#task', '#task-template a');
    // The note of a newer version comes with the template's data, which loads after the task's.
    await expect.poll(() => page.textContent('#task-template')).toBe(`${NAME} — phiên bản 1 (mẫu đã có phiên bản 2)`);
    await page.click('#task-template a');
    await loaded(page, '#template', '#move-form');
    expect(await page.inputValue('#move-form textarea[name=taskIds]')).toBe(taskId);
    await page.click('#move-form button[type=submit]');
    await page.waitForSelector('#move-result');
    expect(await page.textContent('#move-result')).toContain('Đã chuyển 1 nhiệm vụ sang phiên bản 2');
    await screenshots(page, 'admin-template-move');

    await page.click(`#move-result a`);
    await loaded(page, '#task', '#task-template a');
    await expect.poll(() => page.textContent('#task-template')).toBe(`${NAME} — phiên bản 2`);
    expect(await page.textContent('.timeline')).toContain(
      `Chuyển sang mẫu “${NAME}” phiên bản 2 (trước: ${TEMPLATE_ID}@1): nhắc trước 5, 1, 0 ngày làm việc lúc 08:15`,
    );
    await screenshots(page, 'admin-task-template-moved');

    // The old version stays readable.
    await page.goto(`${origin}/admin/templates/${TEMPLATE_ID}?version=1`);
    await loaded(page, '#template', '#template-ladder');
    expect(await page.textContent('#template .notice')).toContain('Đang xem phiên bản 1; phiên bản mới nhất là phiên bản 2');
    expect(await page.textContent('#template-ladder')).toContain('Cấp 2: sau 4 ngày làm việc quá hạn');
  });

  it('a monitor reads the template without editing it and starts a task from it for a group of its jurisdiction', async () => {
    const other = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await other.goto(`${origin}/admin/templates/${TEMPLATE_ID}`);
    await signIn(other, MONITOR.login, MONITOR.password);
    await loaded(other, '#template', '#template-ladder');
    expect(await other.locator('#edit-template, #template-manage, #move-form, #template-edit').count()).toBe(0);
    const form = other.locator('#start-form');
    await form.locator('input[name=way][value=group]').check();
    await form.locator('select[name=group]').selectOption('UBND cấp huyện');
    await form.locator('input[name=title]').fill(`Báo cáo chuyển đổi số cấp huyện năm ${YEAR}`);
    // The template has no deadline rule of its own: the start is refused, naming the deadline field.
    await form.locator('button[type=submit]').click();
    await form.locator('.form-error:not([hidden])').waitFor();
    expect(await form.locator('.form-error').textContent()).toContain('không có quy tắc thời hạn; cần ghi thời hạn');
    expect(await other.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('deadlineText');
    await form.locator('input[name=deadlineText]').fill(`Trước ngày ${vn(addDays(TODAY, 45))}`);
    await form.locator('button[type=submit]').click();
    await other.waitForSelector('#start-result');
    expect(await other.textContent('#start-result')).toContain('Đã khởi tạo nhiệm vụ 1 theo phiên bản 2');
    const planId = new URL((await other.getAttribute('#start-result a', 'href'))!, origin).searchParams.get('plan')!;
    const view = await eventually(
      () =>
        other.evaluate(async (url) => (await fetch(url)).json(), `/api/tasks/${encodeURIComponent(`task:${planId}:1`)}`) as Promise<{
          template?: unknown;
          leads?: string[];
        }>,
      (v) => v.template !== undefined,
    );
    expect(view.template).toMatchObject({ id: TEMPLATE_ID, version: 2 });
    expect(view.leads!.length).toBeGreaterThan(1);
    await screenshots(other, 'monitor-template-start');
    await other.context().close();
  });
});
