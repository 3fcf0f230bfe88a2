/// <reference lib="dom" />
/**
 * An extension asked and granted in the dashboard (issue 13): the agency officer asks for a later
 * date for its part of a group task, with its reason; the monitoring office finds the request in its
 * queue, approves it with the date prefilled; the agency sees its new due date, the other member's
 * part keeps its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Config } from '../../worker/config';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { importPlan, launchBrowser, loaded, originOf, PROVINCE, screenshots, signIn, TODAY, vn } from './dashboard-support';
import type { OwnWorkAnswer } from '../../api/dashboard-tasks';
import { addDays } from '../../domain/dates';

const OFFICER = { name: 'Lê Thị Hồng Nhung', login: 'nhung.lth.snv', password: 'So-noi-vu-2026-an-toan' };
const MONITOR = { name: 'Trần Văn Bình', login: 'binh.tv.vpubnd', password: 'Van-phong-2026-an-toan' };
const UNTIL = addDays(TODAY, 45);
const REASON = 'Chờ Bộ Nội vụ hướng dẫn bộ tiêu chí mới để rà soát';

describe('an extension asked by an agency and granted by the monitoring office', () => {
  let config: Config;
  let stack: Stack;
  let admin: string;
  let origin: string;
  let browser: Browser;
  let agencyPage: Page;
  let monitorPage: Page;
  let province: (ref: string) => string;

  const asAdmin = async (url: string) => (await stack.api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${admin}` } })).json();

  beforeAll(async () => {
    config = await stackConfig('dashboard-extension');
    stack = await startStack(config);
    admin = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    await stack.users.create({ name: OFFICER.name, role: 'agency', agency: 'Sở Nội vụ', jurisdiction: 'thua-thien-hue', login: OFFICER.login, password: OFFICER.password });
    await stack.users.create({ name: MONITOR.name, role: 'monitor', jurisdiction: 'thua-thien-hue', login: MONITOR.login, password: MONITOR.password });
    const token = await stack.users.add({ name: 'Sở Nội vụ (kỹ thuật)', role: 'agency', agency: 'Sở Nội vụ', jurisdiction: 'thua-thien-hue' });
    origin = originOf(stack);
    province = await importPlan(stack, admin, PROVINCE);
    await eventually(
      async () => (await stack.api.inject({ method: 'GET', url: '/api/dashboard/own-work', headers: { authorization: `Bearer ${token}` } })).json() as OwnWorkAnswer,
      (w) => w.parts.some((p) => p.workflowId === province('A-02')),
      60_000,
    );
    browser = await launchBrowser();
    agencyPage = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    monitorPage = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (stack) await stopStack(stack);
  });

  it('the agency officer asks for a later date for its own part, with its reason', async () => {
    await agencyPage.goto(`${origin}/tasks/${encodeURIComponent(province('A-02'))}`);
    await signIn(agencyPage, OFFICER.login, OFFICER.password);
    await loaded(agencyPage, '#task');
    const form = agencyPage.locator('#task form.request-extension');
    expect(await form.locator('h3').textContent()).toBe('Đề nghị gia hạn');
    // Without a date the form says what is missing, on the field.
    await form.locator('button[type=submit]').click();
    expect(await form.locator('input[name=until]').evaluate((e: HTMLInputElement) => e.validity.valueMissing)).toBe(true);
    await form.locator('input[name=until]').fill(UNTIL);
    await form.locator('textarea[name=reason]').fill(REASON);
    await form.locator('button[type=submit]').click();
    await agencyPage.waitForSelector('#flash:not([hidden])');
    expect(await agencyPage.textContent('#flash')).toBe('Đã gửi đề nghị gia hạn đến Văn phòng UBND.');
    await agencyPage.waitForSelector('#parts .pending-request');
    expect(await agencyPage.textContent('#parts .pending-request')).toBe(`Đề nghị gia hạn đến ${vn(UNTIL)}, chờ Văn phòng UBND xem xét`);
    // The form gives way to what is waiting: the same part cannot be asked for twice.
    expect(await agencyPage.locator('#task form.request-extension').count()).toBe(0);
    expect(await agencyPage.textContent('#task .extension-request')).toContain(`Đã đề nghị gia hạn đến ${vn(UNTIL)}, đang chờ Văn phòng UBND xem xét.`);
    await screenshots(agencyPage, 'agency-extension-request');
  });

  it('the monitoring office finds it in its queue and approves it, the date prefilled', async () => {
    // Visibility catches up with the request before the office opens its queue.
    await eventually(
      () => asAdmin('/api/dashboard/escalations'),
      (q) => q.extensionRequests?.entries.some((r: { workflowId: string }) => r.workflowId === province('A-02')),
      30_000,
    );
    await monitorPage.goto(`${origin}/escalations`);
    await signIn(monitorPage, MONITOR.login, MONITOR.password);
    await loaded(monitorPage, '#escalations', '#extension-requests .queue-entry');
    const entry = monitorPage.locator('#extension-requests .queue-entry', { hasText: PROVINCE.group.title });
    expect(await entry.locator('.extension-answer > h3').textContent()).toBe('Đề nghị gia hạn của Sở Nội vụ');
    expect(await entry.locator('.request-facts').textContent()).toContain(`đến ${vn(UNTIL)}; lý do: ${REASON}`);
    const approve = entry.locator('form.approve-extension');
    expect(await approve.locator('input[name=newDue]').inputValue()).toBe(UNTIL);
    // Declining asks for a reason first.
    const decline = entry.locator('form.decline-extension');
    await decline.locator('button[type=submit]').click();
    expect(await decline.locator('textarea[name=reason]').evaluate((e: HTMLTextAreaElement) => e.validity.valueMissing)).toBe(true);
    await screenshots(monitorPage, 'monitor-extension-requests');

    await approve.locator('input[name=approvedBy]').fill('Phó Chủ tịch UBND tỉnh');
    await approve.locator('button[type=submit]').click();
    await monitorPage.waitForSelector('#extension-requests .empty');
    expect(await monitorPage.textContent('#extension-requests')).toContain('Không có đề nghị gia hạn nào đang chờ Văn phòng trả lời.');

    const view = await asAdmin(`/api/tasks/${encodeURIComponent(province('A-02'))}`);
    const own = view.obligations.find((o: { agency: string }) => o.agency === 'Sở Nội vụ');
    const other = view.obligations.find((o: { agency: string }) => o.agency === 'Sở Tài chính');
    expect(own).toMatchObject({ due: UNTIL });
    expect(own.extensionRequest).toBeUndefined();
    expect(other.due).not.toBe(UNTIL);
  });

  it('the agency sees its new due date', async () => {
    await agencyPage.reload();
    await loaded(agencyPage, '#task', '#parts');
    const row = agencyPage.locator('#parts tbody tr', { hasText: 'Sở Nội vụ' }).first();
    expect(await row.textContent()).toContain(`${vn(UNTIL)} (hạn ban đầu`);
    expect(await agencyPage.locator('#parts .pending-request').count()).toBe(0);
    expect(await agencyPage.textContent('#task .timeline')).toContain(`Gia hạn`);
    // "Việc của tôi" says the new date too.
    await agencyPage.goto(`${origin}/`);
    await loaded(agencyPage, '#my-work', '#tasks tbody tr');
    expect(await agencyPage.locator('#tasks tbody tr', { hasText: PROVINCE.group.title }).textContent()).toContain(vn(UNTIL));
  });
});
