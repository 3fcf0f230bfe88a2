/// <reference lib="dom" />
/**
 * Issue 12's "done when", exactly: a new agency officer is created with one command (the real
 * `dondoc users add`, in its own process, on the PostgreSQL server the running stack uses), signs in
 * to the dashboard in Chromium with the printed password, sees its agency's task and not another
 * agency's, and completes it with evidence. Around that: a wrong password is refused on the form, the
 * session cookie is HttpOnly and SameSite=Strict, a request without the CSRF token is refused, a
 * session that ends while the page is open sends the user back to the sign-in form, and signing out
 * ends the session in the database (the old cookie then gets 401).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Config } from '../../worker/config';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { testDatabaseUrl } from '../support/databases';
import { titleId } from '../../domain/import/metadata';
import { taskWorkflowId, type Plan, type Task } from '../../domain/plan';
import { vietnamDateOf } from '../../domain/dates';

const CLI = fileURLToPath(new URL('../../cli/bin.js', import.meta.url));
const YEAR = Number(vietnamDateOf(Date.now()).slice(0, 4));
const TITLE = `Kế hoạch kiểm tra, rà soát văn bản quy phạm pháp luật trên địa bàn tỉnh năm ${YEAR}`;
const plan: Plan = {
  id: titleId(TITLE, YEAR, 'thua-thien-hue'),
  number: null,
  issuer: 'Ủy ban nhân dân tỉnh Thừa Thiên Huế',
  jurisdiction: 'thua-thien-hue',
  issuedOn: null,
  title: TITLE,
  year: YEAR,
  source: 'agency-officer',
};

function task(ref: string, activity: string, lead: string): Task {
  const due = `${YEAR + 1}-06-29`;
  return {
    planId: plan.id,
    ref,
    source: { file: 'agency-officer', row: 1 },
    area: 'Xây dựng và thi hành pháp luật',
    group: null,
    objective: null,
    task: null,
    activity,
    product: 'Báo cáo',
    lead: [lead],
    leadText: lead,
    coordinating: [],
    deadlineText: `Trước ngày 30/06/${YEAR + 1}`,
    schedule: {
      text: `Trước ngày 30/06/${YEAR + 1}`,
      kind: 'once',
      due,
      milestones: [due],
      recurrence: null,
      parts: [],
      explanation: `Hạn cuối: 29/06/${YEAR + 1} (trước ngày 30/06/${YEAR + 1})`,
    },
    budget: null,
    notes: null,
    context: null,
  };
}

/** Agency A's task (Sở Tư pháp, the officer's agency) and agency B's (Sở Tài chính), in one plan. */
const OWN = task('1.1', 'Tự kiểm tra văn bản quy phạm pháp luật do Hội đồng nhân dân, Ủy ban nhân dân tỉnh ban hành', 'Sở Tư pháp');
const OTHER = task('1.2', 'Rà soát văn bản quy phạm pháp luật về quản lý ngân sách nhà nước', 'Sở Tài chính');
const OWN_ID = taskWorkflowId(plan.id, OWN.ref);
const OTHER_ID = taskWorkflowId(plan.id, OTHER.ref);

const OFFICER = { name: 'Nguyễn Thị Thu Hà', login: 'ha.ntt.stp', agency: 'so-tu-phap', agencyName: 'Sở Tư pháp', jurisdiction: 'thua-thien-hue' };
const EVIDENCE = `Báo cáo số 125/BC-STP ngày 15/06/${YEAR + 1} của Sở Tư pháp`;
const WRONG_PASSWORD = 'Tên đăng nhập hoặc mật khẩu không đúng.';
const SIGNED_OUT = 'Phiên đăng nhập đã kết thúc hoặc không còn hiệu lực. Vui lòng đăng nhập lại.';

type Run = { code: number | null; stdout: string; stderr: string };

describe('a new agency officer, from one command to a completed task in the dashboard', () => {
  let config: Config;
  let stack: Stack;
  let admin: string;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let password = '';

  const asAdmin = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    stack.api.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${admin}` } });

  /** The `dondoc` command, as an administrator runs it, on the database the stack uses. */
  const dondoc = (args: string[]): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        env: { ...process.env, DATABASE_URL: config.DATABASE_URL, DATA_DIR: config.DATA_DIR, LOG_LEVEL: 'warn' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end();
    });

  type View = 'login' | 'overview' | 'task' | 'error';
  /** Waits until the dashboard shows `expected` (the sign-in form, a loaded page) or an error; which one it shows. */
  const shows = async (expected: View): Promise<View> =>
    page
      .waitForFunction(
        (view) => {
          const visible = (id: string) => {
            const e = document.getElementById(id);
            return e !== null && !e.hidden;
          };
          if (visible('error')) return 'error';
          const loaded = {
            login: () => true,
            overview: () => document.querySelector('#tasks tbody tr') !== null,
            task: () => document.querySelector('#task h1') !== null,
            error: () => false,
          };
          // The officer's home is "Việc của tôi" (#my-work).
          const section = { login: 'login', overview: 'my-work', task: 'task', error: 'error' }[view];
          return visible(section) && loaded[view]() ? view : false;
        },
        expected,
        { timeout: 20_000 },
      )
      .then((h) => h.jsonValue() as Promise<View>);

  const signIn = async (login: string, secret: string) => {
    await page.fill('#username', login);
    await page.fill('#password', secret);
    await page.click('#login-form button[type=submit]');
  };

  /** What a fetch from the page itself answers: with the page's cookies, without any CSRF header. */
  const fetchFromPage = (url: string, method = 'GET', body?: unknown): Promise<{ status: number; error?: string }> =>
    page.evaluate(
      async ([u, m, b]) => {
        const res = await fetch(u as string, {
          method: m as string,
          credentials: 'same-origin',
          ...(b ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) } : {}),
        });
        return { status: res.status, error: (await res.json().catch(() => ({}))).error };
      },
      [url, method, body] as const,
    );
  const fetchStatus = async (url: string, method?: string, body?: unknown) => (await fetchFromPage(url, method, body)).status;

  beforeAll(async () => {
    config = await stackConfig('agency-officer');
    // The command runs in its own process while the stack holds the database: a PostgreSQL server.
    config.DATABASE_URL = await testDatabaseUrl();
    stack = await startStack(config);
    admin = await stack.users.add({ name: 'Quản trị hệ thống', role: 'admin' });
    origin = `http://127.0.0.1:${(stack.api.server.address() as { port: number }).port}`;
    for (const t of [OWN, OTHER]) {
      const res = await asAdmin('POST', '/api/tasks', { plan, task: t });
      expect(res.statusCode, res.body).toBe(201);
    }
    // Lists come from visibility, which is eventually consistent.
    const listed = await eventually(
      async () => (await asAdmin('GET', `/api/tasks?plan=${plan.id}`)).json().tasks as { workflowId: string }[],
      (tasks) => tasks.length === 2,
    );
    expect(listed.map((t) => t.workflowId).sort()).toEqual([OWN_ID, OTHER_ID].sort());

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    if (stack) await stopStack(stack);
  });

  it('creates the officer with one command, which prints its password once', async () => {
    const run = await dondoc([
      'users',
      'add',
      '--name',
      OFFICER.name,
      '--login',
      OFFICER.login,
      '--role',
      'agency',
      '--agency',
      OFFICER.agency,
      '--jurisdiction',
      OFFICER.jurisdiction,
    ]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    // The generated password is the last word of the line that names it.
    const line = run.stdout.split('\n').find((l) => /mật khẩu/i.test(l));
    expect(line, run.stdout).toBeDefined();
    password = line!.trim().split(/\s+/).at(-1)!;
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(run.stderr).not.toContain(password);
  });

  it('signs in with the password, sees only its agency’s task, and completes it with evidence', async () => {
    expect(password, 'the officer was created').not.toBe('');
    await page.goto(`${origin}/`);
    expect(await shows('login')).toBe('login');
    expect(await page.isVisible('#logout')).toBe(false);

    // A wrong password is refused on the form, with the same message as an unknown login.
    await signIn(OFFICER.login, `${password}x`);
    await page.waitForFunction(() => !document.getElementById('login-message')!.hidden);
    expect(await page.textContent('#login-message')).toBe(WRONG_PASSWORD);
    expect(await page.isVisible('#login')).toBe(true);

    await signIn(OFFICER.login, password);
    expect(await shows('overview')).toBe('overview');
    // The header names who is signed in: name, role, agency and jurisdiction.
    await page.waitForFunction(() => document.getElementById('who')!.textContent!.includes('Tỉnh Thừa Thiên Huế'));
    const who = (await page.textContent('#who'))!;
    for (const part of [OFFICER.name, 'Cơ quan', OFFICER.agencyName, 'Tỉnh Thừa Thiên Huế']) expect(who).toContain(part);
    expect(await page.isVisible('#logout')).toBe(true);

    // Its agency's work, and nothing else.
    const list = (await page.textContent('#tasks tbody'))!;
    expect(list).toContain(OWN.activity);
    expect(list).not.toContain(OTHER.activity);
    expect(await page.locator('#tasks tbody tr').count()).toBe(1);
    await page.goto(`${origin}/tasks/${encodeURIComponent(OTHER_ID)}`);
    expect(await shows('error')).toBe('error');
    expect(await page.textContent('main')).not.toContain(OTHER.activity);

    // Its task; the session ends while the page is open: back to the sign-in form, then on where it was.
    await page.goto(`${origin}/`);
    expect(await shows('overview')).toBe('overview');
    await page.click(`#tasks a:has-text("${OWN.activity}")`);
    expect(await shows('task')).toBe('task');
    expect(await page.textContent('#task h1')).toBe(OWN.activity);
    await context.clearCookies();
    await page.fill('input[name=evidence]', EVIDENCE);
    await page.click('#task .actions button:has-text("Báo cáo hoàn thành")');
    expect(await shows('login')).toBe('login');
    expect(await page.textContent('#login-message')).toBe(SIGNED_OUT);
    expect((await asAdmin('GET', `/api/tasks/${encodeURIComponent(OWN_ID)}`)).json().status).toBe('not_due');

    await signIn(OFFICER.login, password);
    expect(await shows('task')).toBe('task');
    expect(page.url()).toBe(`${origin}/tasks/${encodeURIComponent(OWN_ID)}`);
    await page.fill('input[name=evidence]', EVIDENCE);
    await page.fill('input[name=note]', 'Đã hoàn thành tự kiểm tra, gửi kèm báo cáo.');
    await page.click('#task .actions button:has-text("Báo cáo hoàn thành")');
    await page.waitForFunction(() => document.querySelector('#task .status-done_on_time') !== null || !document.getElementById('error')!.hidden);
    expect(await page.locator('#error').evaluate((e: HTMLElement) => (e.hidden ? '' : e.textContent))).toBe('');
    expect(await page.textContent('#task')).toContain(EVIDENCE);
    await page.screenshot({ path: join(config.DATA_DIR, 'agency-officer.png'), fullPage: true });

    // The workflow recorded it as the officer's, for its agency.
    const view = (await asAdmin('GET', `/api/tasks/${encodeURIComponent(OWN_ID)}`)).json();
    expect(view.status).toBe('done_on_time');
    expect(view.obligations[0].completed).toMatchObject({ by: OFFICER.name, evidence: EVIDENCE, onTime: true });
    expect((await asAdmin('GET', `/api/tasks/${encodeURIComponent(OTHER_ID)}`)).json().status).toBe('not_due');
  });

  it('keeps the session in an HttpOnly cookie, refuses a change without the CSRF token, and signing out ends the session', async () => {
    expect(await page.isVisible('#logout'), 'signed in by the previous test').toBe(true);
    const cookies = await context.cookies(origin);
    const session = cookies.find((c) => c.name === 'dondoc_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('dondoc_session');
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toMatch(/csrf|dondoc_session/i);

    // The page's own cookie without the CSRF header: a change is refused (403, in Vietnamese) and does not happen.
    const csrfRefused = await fetchFromPage('/api/session', 'DELETE');
    expect(csrfRefused.status).toBe(403);
    expect(csrfRefused.error).toMatch(/x-csrf-token/);
    expect(await fetchStatus('/api/session')).toBe(200);
    expect((await fetchFromPage(`/api/tasks/${encodeURIComponent(OWN_ID)}/progress`, 'POST', { percent: 50, note: 'Không kèm mã chống giả mạo' })).status).toBe(
      403,
    );

    await page.click('#logout');
    expect(await shows('login')).toBe('login');
    expect(await page.textContent('#login-message')).toBe('Đã đăng xuất.');
    expect(await page.isVisible('#who')).toBe(false);
    expect(await page.isVisible('#logout')).toBe(false);
    expect(await fetchStatus('/api/session')).toBe(401);
    expect(await fetchStatus('/api/tasks')).toBe(401);
    await page.reload();
    expect(await shows('login')).toBe('login');

    // The session ended in the database, not only in this browser: its old cookie is refused too.
    const replayed = await stack.api.inject({ method: 'GET', url: '/api/session', headers: { cookie: `dondoc_session=${session!.value}` } });
    expect(replayed.statusCode).toBe(401);
    expect((await stack.api.inject({ method: 'GET', url: '/api/tasks', headers: { cookie: `dondoc_session=${session!.value}` } })).statusCode).toBe(401);
  });

  it('after too many wrong passwords for one login, the form says to wait, even for the right password', async () => {
    /** One sign-in from the form: what the form then says. */
    const attempt = async (secret: string) => {
      await page.evaluate(() => (document.getElementById('login-message')!.hidden = true));
      await signIn(OFFICER.login, secret);
      await page.waitForFunction(() => !document.getElementById('login-message')!.hidden || document.getElementById('login')!.hidden);
      return (await page.textContent('#login-message'))!;
    };
    const said: string[] = [];
    for (let n = 0; n < 8 && !/quá nhiều/i.test(said.at(-1) ?? ''); n++) said.push(await attempt(`sai-${n}`));
    expect(said[0]).toBe(WRONG_PASSWORD);
    expect(said.at(-1)).toMatch(/quá nhiều lần.*(chờ|thử lại sau)/i);
    expect(await attempt(password)).toMatch(/quá nhiều lần/i);
    expect(await page.isVisible('#login')).toBe(true);
  });
});
