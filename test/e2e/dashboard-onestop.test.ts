/// <reference lib="dom" />
/**
 * The one-stop desk and the processing agency in the dashboard (issue 13): the desk registers a
 * file through the intake form and sees it in its files; the agency that processes it opens it,
 * submits an apology with a new appointment (the rules are explained on the form; a refusal is
 * said on it), and downloads the letter as DOCX.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Config } from '../../worker/config';
import { stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { loadCalendar } from '../../domain/calendar/load';
import { launchBrowser, loaded, originOf, screenshots, signIn } from './dashboard-support';

const DESK = { name: 'Phạm Thị Lan', login: 'lan.pt.motcua', password: 'Mot-cua-2026-an-toan', agency: 'Bộ phận Một cửa huyện' };
const AGENCY = { name: 'Võ Văn Hùng', login: 'hung.vv.tnmt', password: 'Tai-nguyen-2026-an-toan', agency: 'Phòng Tài nguyên và Môi trường' };
const CODE = `000.00.12.H57-${Date.now().toString().slice(-6)}-0001`;
const PROCEDURE = 'Cấp giấy chứng nhận quyền sử dụng đất lần đầu';

describe('the one-stop desk and the processing agency in the dashboard', () => {
  let config: Config;
  let stack: Stack;
  let admin: string;
  let origin: string;
  let browser: Browser;
  let desk: Page;
  let agency: Page;

  const newPage = async () => (await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true })).newPage();

  beforeAll(async () => {
    config = await stackConfig('dashboard-onestop');
    stack = await startStack(config);
    admin = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    await stack.users.create({ name: DESK.name, role: 'desk', agency: DESK.agency, jurisdiction: 'tuy-phuoc', login: DESK.login, password: DESK.password });
    await stack.users.create({ name: AGENCY.name, role: 'agency', agency: AGENCY.agency, jurisdiction: 'tuy-phuoc', login: AGENCY.login, password: AGENCY.password });
    origin = originOf(stack);
    browser = await launchBrowser();
    desk = await newPage();
    agency = await newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (stack) await stopStack(stack);
  });

  it('the desk registers a file through the intake form', async () => {
    await desk.goto(`${origin}/`);
    await signIn(desk, DESK.login, DESK.password);
    await loaded(desk, '#files', '.counts');
    await screenshots(desk, 'desk-files');
    await desk.click('a:has-text("Tiếp nhận hồ sơ mới")');
    await loaded(desk, '#intake', '#intake-form');
    const form = desk.locator('#intake-form');
    expect(await form.textContent()).toContain(DESK.agency);
    await form.locator('input[name=code]').fill(CODE);
    await form.locator('input[name=procedureCode]').fill('1.003003');
    await form.locator('input[name=procedureName]').fill(PROCEDURE);
    await form.locator('input[name=workingDays]').fill('15');
    await form.locator('input[name=applicant]').fill('Nguyễn Văn Bình');
    await form.locator('input[name=email]').fill('binh.nguyen@example.vn');
    // A processing agency that is not in the directory is refused on the form, naming it.
    await form.locator('textarea[name=agencies]').fill('Phòng Không Có Thật');
    await form.locator('button[type=submit]').click();
    await form.locator('.form-error:not([hidden])').waitFor();
    expect(await form.locator('.form-error').textContent()).toContain('Phòng Không Có Thật');
    await screenshots(desk, 'desk-intake');

    await form.locator('textarea[name=agencies]').fill(AGENCY.agency);
    await form.locator('button[type=submit]').click();
    await desk.waitForURL(`**/files/${encodeURIComponent(CODE)}`);
    await loaded(desk, '#file');
    expect(await desk.textContent('#file h1')).toBe(`Hồ sơ ${CODE}`);
    const text = (await desk.textContent('#file'))!;
    for (const part of [PROCEDURE, AGENCY.agency, 'Ngày hẹn trả kết quả', '15 ngày làm việc', 'Diễn biến']) expect(text).toContain(part);
    await screenshots(desk, 'desk-file');
  });

  it('the processing agency submits an apology and downloads the letter', async () => {
    const view = (await stack.api.inject({ method: 'GET', url: `/api/one-stop/files/${encodeURIComponent(CODE)}`, headers: { authorization: `Bearer ${admin}` } })).json();
    const appointment: string = view.appointment.date;
    const newAppointment = loadCalendar().addWorkingDays(appointment, 3);

    await agency.goto(`${origin}/files/${encodeURIComponent(CODE)}`);
    await signIn(agency, AGENCY.login, AGENCY.password);
    // Back on the file the address named, after the sign-in step.
    await loaded(agency, '#file');
    const form = agency.locator('#apology-form');
    expect(await form.textContent()).toContain('chỉ được hẹn lại một lần');
    await form.locator('input[name=number]').fill('12/PXL-TNMT');
    await form.locator('input[name=signer]').fill('Trần Quốc Toản');
    await form.locator('input[name=signerTitle]').fill('Trưởng phòng');
    await form.locator('textarea[name=reason]').fill('Cần xác minh thêm nguồn gốc sử dụng đất tại địa phương.');
    // A new appointment before the first one is refused on the form, in Vietnamese.
    await form.locator('input[name=newAppointment]').fill(appointment);
    await form.locator('button[type=submit]').click();
    await form.locator('.form-error:not([hidden])').waitFor();
    expect(await form.locator('.form-error').textContent()).toMatch(/Ngày hẹn mới .* phải sau ngày hẹn ban đầu/);
    await screenshots(agency, 'agency-apology-form');

    await form.locator('input[name=newAppointment]').fill(newAppointment);
    await form.locator('button[type=submit]').click();
    await agency.waitForSelector('#flash:not([hidden])');
    await agency.waitForFunction(() => document.getElementById('file')?.textContent?.includes('12/PXL-TNMT'));
    const after = (await stack.api.inject({ method: 'GET', url: `/api/one-stop/files/${encodeURIComponent(CODE)}`, headers: { authorization: `Bearer ${admin}` } })).json();
    expect(after.apology).toMatchObject({ number: '12/PXL-TNMT', signer: 'Trần Quốc Toản', agency: AGENCY.agency });
    expect(after.appointment.date).toBe(newAppointment);

    const [download] = await Promise.all([agency.waitForEvent('download'), agency.click('#letter-docx')]);
    expect(download.suggestedFilename()).toBe(`phieu-xin-loi-${CODE}.docx`);
    const docx = await readFile((await download.path())!);
    // A DOCX is a zip: it starts with "PK".
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(docx.length).toBeGreaterThan(2000);
    await screenshots(agency, 'agency-file-apology');
  });

  it('the desk sees the late files to act on, each list saying why it is empty', async () => {
    await desk.goto(`${origin}/files?late=late`);
    await loaded(desk, '#files', '.counts');
    expect(await desk.textContent('#files')).toContain('Không có hồ sơ nào trễ hẹn mà chưa có phiếu xin lỗi.');
    await screenshots(desk, 'desk-late-files');
  });
});
