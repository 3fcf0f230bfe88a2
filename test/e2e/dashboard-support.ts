/// <reference lib="dom" />
/**
 * What the dashboard's browser tests share: Debian's Chromium through playwright-core, signing in
 * through the form, screenshots of a page at 1366 px and 360 px wide (docs/screenshots/*.jpg), and plans
 * imported through the API as an office would upload them.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Stack } from '../support/stack';
import { addDays, vietnamDateOf } from '../../domain/dates';
import { taskWorkflowId } from '../../domain/plan';

/** The README's pictures are refreshed with DONDOC_SCREENSHOTS=1; otherwise they go to a temporary folder (the checks still run). */
export const SCREENSHOTS = process.env.DONDOC_SCREENSHOTS
  ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
  : `${mkdtempSync(join(tmpdir(), 'dondoc-screens-'))}/`;
export const YEAR = Number(vietnamDateOf(Date.now()).slice(0, 4));
export const TODAY = vietnamDateOf(Date.now());

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const originOf = (stack: Stack): string => `http://127.0.0.1:${(stack.api.server.address() as { port: number }).port}`;

/** Signs in through the form on the page shown now; waits until the form is gone. */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.waitForSelector('#login-form');
  await page.fill('#username', login);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#logout:not([hidden])');
}

/** Waits until a page's section has loaded (`ready` inside it) and says no error. */
export async function loaded(page: Page, section: string, ready = 'h1'): Promise<void> {
  await page.waitForSelector(`${section} ${ready}`, { timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('.loading'), undefined, { timeout: 30_000 });
  const error = await page.locator('#error').evaluateAll((els) => els.map((e) => ((e as HTMLElement).hidden ? '' : e.textContent)).join(''));
  expect(error, `${section} shows an error`).toBe('');
}

/** The page as it is, at 1366 × 768 and at 360 px wide (a phone), whole length; back to 1366 after. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [width, height] of [
    [1366, 768],
    [360, 740],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(150);
    // Nothing runs off a phone's screen: the page itself never scrolls sideways (wide tables scroll in their own box).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${width} px runs off the screen`).toBeLessThanOrEqual(1);
    // JPEG keeps the README's pictures small; text stays readable at this quality.
    await page.screenshot({ path: `${SCREENSHOTS}${name}-${width}.jpg`, fullPage: true, type: 'jpeg', quality: 72 });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

export const vn = (date: string): string => date.split('-').reverse().join('/');

export const PLAN_HEADER = 'Mã,Lĩnh vực,STT,Mục tiêu,Nhiệm vụ,Hoạt động,Kết quả/Sản phẩm,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành,Kinh phí (triệu đồng),Ghi chú';

/** A province plan under way: one task long overdue, one overdue for a group of two agencies, one not yet due. */
export const PROVINCE = {
  title: `Kế hoạch cải cách hành chính tỉnh Thừa Thiên Huế năm ${YEAR}`,
  number: `77/KH-UBND`,
  jurisdiction: 'thua-thien-hue',
  longOverdue: { ref: 'A-01', title: `Kiểm tra văn bản quy phạm pháp luật năm ${YEAR - 1}`, lead: 'Sở Tư pháp' },
  group: { ref: 'A-02', title: 'Báo cáo rà soát quy định về thủ tục hành chính', leads: ['Sở Nội vụ', 'Sở Tài chính'] },
  notDue: { ref: 'A-03', title: 'Báo cáo tổng kết cải cách hành chính', lead: 'Văn phòng UBND tỉnh' },
  csv(): string {
    return [
      PLAN_HEADER,
      `A-01,Cải cách thể chế,1,,Kiểm tra văn bản,${this.longOverdue.title},Kế hoạch,${this.longOverdue.lead},,Trước ngày 31/12/${YEAR - 1},,`,
      `A-02,Cải cách thủ tục hành chính,2,,Rà soát quy định,${this.group.title},Báo cáo,"${this.group.leads.join(', ')}",,Trước ngày ${vn(addDays(TODAY, -40))},,`,
      `A-03,Cải cách thể chế,3,,Tổng kết,${this.notDue.title},Báo cáo,${this.notDue.lead},,Trước ngày 31/12/${YEAR + 1},,`,
    ].join('\n');
  },
};

/** A district plan (another jurisdiction): its overdue task must not show to the province's accounts. */
export const DISTRICT = {
  title: `Kế hoạch kiểm soát thủ tục hành chính huyện Tuy Phước năm ${YEAR}`,
  number: '12/KH-UBND',
  jurisdiction: 'tuy-phuoc',
  overdue: { ref: 'B-01', title: 'Rà soát thủ tục hành chính cấp huyện và báo cáo kết quả', lead: 'Phòng Nội vụ' },
  csv(): string {
    return [PLAN_HEADER, `B-01,Kiểm soát TTHC,1,,Rà soát,${this.overdue.title},Báo cáo,${this.overdue.lead},,Trước ngày ${vn(addDays(TODAY, -30))},,`].join('\n');
  },
};

/** Imports a plan's CSV as an admin (through POST /api/plans); the workflow id of each ref. */
export async function importPlan(stack: Stack, token: string, plan: { title: string; number: string; jurisdiction: string; csv(): string }): Promise<(ref: string) => string> {
  const res = await stack.api.inject({
    method: 'POST',
    url: `/api/plans?filename=ke-hoach.csv&jurisdiction=${plan.jurisdiction}&year=${YEAR}&number=${encodeURIComponent(plan.number)}&title=${encodeURIComponent(plan.title)}&acceptProblems=true`,
    payload: Buffer.from(plan.csv(), 'utf8'),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
  });
  expect(res.statusCode, res.body).toBe(201);
  const { planId } = res.json() as { planId: string };
  return (ref: string) => taskWorkflowId(planId, ref);
}
