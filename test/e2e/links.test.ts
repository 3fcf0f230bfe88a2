/// <reference lib="dom" />
/**
 * Every link in every message opens a page that shows what it names. On a dev-server stack: a task,
 * a recurring task (whose past quarters are instances), and a one-stop file. Every message kind is
 * rendered for each of them (and the daily digest for all three), the messages the stack really
 * wrote to its outbox are read too, and each link found is opened in Chromium, logged in with a
 * token through the login page: the page must show the task's title or the file's code, and no error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Config } from '../../worker/config';
import { Outbox } from '../../storage/outbox';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { renderMessage } from '../../domain/messages/render';
import { renderDigest } from '../../domain/messages/digest';
import { MessageKindSchema, type MessageKind, type NotifyRequest } from '../../domain/notification';
import { legacyTitleId, titleId } from '../../domain/import/metadata';
import { startImport } from '../../worker/import-runner';
import { taskWorkflowId, type Plan, type Task } from '../../domain/plan';
import { vietnamDateOf } from '../../domain/dates';
import { loadCalendar } from '../../domain/calendar/load';

const YEAR = Number(vietnamDateOf(Date.now()).slice(0, 4));
const TITLE = `Kế hoạch khắc phục tồn tại, hạn chế và nhiệm vụ, giải pháp nâng cao Chỉ số cải cách hành chính huyện Tuy Phước năm ${YEAR}`;
const plan: Plan = {
  id: titleId(TITLE, YEAR, 'tuy-phuoc'),
  number: null,
  issuer: 'Ủy ban nhân dân huyện Tuy Phước',
  jurisdiction: 'tuy-phuoc',
  issuedOn: null,
  title: TITLE,
  year: YEAR,
  source: 'links',
};

function task(ref: string, activity: string, schedule: Task['schedule']): Task {
  return {
    planId: plan.id,
    ref,
    source: { file: 'links', row: 1 },
    area: 'Cải cách hành chính',
    group: 'Nội dung cần khắc phục',
    objective: null,
    task: null,
    activity,
    product: 'Báo cáo',
    lead: ['Phòng Nội vụ'],
    leadText: 'Phòng Nội vụ',
    coordinating: [],
    deadlineText: schedule.text,
    schedule,
    budget: null,
    notes: null,
    context: null,
  };
}

const ONCE = task('1.khac-phuc.1.1', 'Rà soát, tham mưu UBND huyện hoàn thành 100% nhiệm vụ do UBND tỉnh giao', {
  text: `Trước ngày 31/12/${YEAR + 1}`,
  kind: 'once',
  due: `${YEAR + 1}-12-30`,
  milestones: [`${YEAR + 1}-12-30`],
  recurrence: null,
  parts: [],
  explanation: `Hạn cuối: 30/12/${YEAR + 1} (trước ngày 31/12/${YEAR + 1})`,
});
const RECURRING = task('1.duy-tri.1.2', 'Theo dõi, tổng hợp và báo cáo kết quả, tiến độ thực hiện của các cơ quan, đơn vị', {
  text: 'Hàng quý',
  kind: 'recurring',
  due: null,
  milestones: [],
  recurrence: { every: 'quarter' },
  parts: [],
  explanation: 'Hàng quý: hạn ngày cuối cùng của mỗi quý',
});
const FILE_CODE = `H57.22-LINKS-${Date.now()}`;
const calendar = loadCalendar();

/** The heading of the dashboard's home page (the overview). */
const HOME_HEADING = 'Tình hình thực hiện nhiệm vụ';

/** A page the dashboard shows for a link, and what must be on it. */
type Expectation = { url: string; shows: string; selector: string };

describe('every link in every message', () => {
  let config: Config;
  let stack: Stack;
  let admin: string;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const names = new Map<string, string>();
  let instanceId = '';

  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    stack.api.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${admin}` } });

  beforeAll(async () => {
    config = await stackConfig('links');
    stack = await startStack(config);
    admin = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    origin = `http://127.0.0.1:${(stack.api.server.address() as { port: number }).port}`;

    for (const t of [ONCE, RECURRING]) {
      const res = await call('POST', '/api/tasks', { plan, task: t });
      expect(res.statusCode, res.body).toBe(201);
      names.set(taskWorkflowId(plan.id, t.ref), t.activity!);
    }
    const parent = taskWorkflowId(plan.id, RECURRING.ref);
    const withInstances = await eventually(
      async () => (await call('GET', `/api/tasks/${encodeURIComponent(parent)}`)).json(),
      (v) => (v.instances?.length ?? 0) > 0,
    );
    instanceId = withInstances.instances[0].workflowId;
    // The child is listed as soon as it starts; its view answers once its first workflow task ran.
    const instance = await eventually(
      async () => (await call('GET', `/api/tasks/${encodeURIComponent(instanceId)}`)).json(),
      (v) => typeof v.facts?.title === 'string',
    );
    names.set(instanceId, instance.facts.title);

    const intake = await call('POST', '/api/one-stop/files', {
      code: FILE_CODE,
      procedure: { code: '1.009994', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 10 },
      applicant: { name: 'Nguyễn Văn An', email: 'an.nguyen@example.vn', phone: '0905123456' },
      receivingUnit: 'Bộ phận Một cửa huyện',
      agencies: ['Phòng Tài nguyên và Môi trường'],
      receivedAt: new Date().toISOString(),
      online: true,
    });
    expect(intake.statusCode, intake.body).toBe(201);
    names.set(`file:${FILE_CODE}`, FILE_CODE);

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    // Signs in as a technical account does: the access token, through the login page's own form.
    await page.goto(`${origin}/`);
    await page.click('#login .token-login summary');
    await page.fill('#token', admin);
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector('#logout:not([hidden])');
  });

  afterAll(async () => {
    await browser?.close();
    if (stack) await stopStack(stack);
  });

  /** The subject of a message about a workflow, as the workflows fill it. */
  const subject = (workflowId: string): NotifyRequest['subject'] => ({
    workflowId,
    planTitle: workflowId.startsWith('file:') ? null : plan.title,
    title: names.get(workflowId)!,
    product: null,
    lead: ['Phòng Nội vụ'],
    deadlineText: 'Hàng quý',
    explanation: null,
    due: `${YEAR}-03-31`,
  });

  const request = (kind: MessageKind, workflowId: string): NotifyRequest => ({
    key: `${workflowId}:${kind}:links`,
    kind,
    to: [{ role: 'monitor', jurisdiction: 'tuy-phuoc' }],
    subject: subject(workflowId),
    asOf: vietnamDateOf(Date.now()),
    level: 1,
    details: {
      jurisdiction: 'tuy-phuoc',
      period: `quý I/${YEAR}`,
      apologyBy: `${YEAR}-04-01`,
      failedKind: 'overdue',
      failedRecipients: 'Phòng Nội vụ',
      reason: 'hộp thư không tồn tại',
    },
  });

  /** Links (href) in a rendered HTML message, and in the plain text. */
  const linksIn = (html: string, text: string): string[] => [
    ...[...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')),
    ...[...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]),
  ];

  /** What the page behind a link must show: the thing named by its path (a task's title as the API gives it, a file's code). */
  const expectationFor = async (link: string): Promise<Expectation> => {
    const url = new URL(link);
    const target = `${origin}${url.pathname}${url.search}`;
    // The dashboard's home: the overview of the account's jurisdiction, counted by the server.
    if (url.pathname === '/' || url.pathname === '') return { url: target, shows: HOME_HEADING, selector: '#overview' };
    if (url.pathname.startsWith('/public/')) return { url: target, shows: '', selector: 'body' };
    const id = decodeURIComponent(url.pathname.replace(/^\/(tasks|files)\//, ''));
    const key = url.pathname.startsWith('/files/') ? `file:${id}` : id;
    if (!names.has(key) && key.startsWith(`task:${plan.id}:`)) {
      // Another period of the recurring task: its title, as the API knows it.
      const view = await call('GET', `/api/tasks/${encodeURIComponent(key)}`);
      if (view.statusCode === 200) names.set(key, view.json().facts.title);
    }
    const shows = names.get(key);
    if (!shows) throw new Error(`a link names something this test did not start: ${link}`);
    return { url: target, shows, selector: key.startsWith('file:') ? '#file' : '#task' };
  };

  async function open(expectation: Expectation): Promise<void> {
    const response = await page.goto(expectation.url);
    expect(response?.status(), expectation.url).toBe(200);
    if (expectation.selector === 'body') return;
    await page.waitForFunction(
      (selector) => {
        const error = document.getElementById('error');
        const section = document.querySelector(selector) as HTMLElement | null;
        // The overview and the task list have loaded when their tables have rows; a task's or file's page is built once its data is in.
        const loaded = section && !section.hidden && section.querySelector(selector === '#overview' || selector === '#task-list' ? 'tbody tr' : 'h1') !== null;
        return (error && !error.hidden) || loaded;
      },
      expectation.selector,
      // Generous: under a full suite on 2 cores a page waits for the API and Temporal behind it.
      { timeout: 45_000 },
    );
    const error = await page.locator('#error').evaluate((e: HTMLElement) => (e.hidden ? '' : e.textContent));
    expect(error, `${expectation.url} shows an error`).toBe('');
    expect(await page.locator(expectation.selector).textContent(), expectation.url).toContain(expectation.shows);
  }

  it('renders a link to the thing itself in every message kind, for a task, an instance and a file', async () => {
    const links = new Set<string>();
    const subjects = [taskWorkflowId(plan.id, ONCE.ref), instanceId, `file:${FILE_CODE}`];
    for (const workflowId of subjects) {
      const file = workflowId.startsWith('file:');
      for (const kind of MessageKindSchema.options) {
        if (kind === 'daily_digest') continue;
        if (file && ['needs_deadline', 'checkin', 'monthly_report'].includes(kind)) continue;
        if (!file && kind.startsWith('apology_')) continue;
        const m = renderMessage(request(kind, workflowId), 'Văn phòng HĐND và UBND huyện', { dashboardUrl: origin, calendar });
        const found = linksIn(m.html, m.text);
        expect(found.length, `${kind} for ${workflowId}`).toBeGreaterThan(0);
        for (const link of found) links.add(link);
      }
    }
    const digest = renderDigest(
      { agency: 'Phòng Nội vụ', date: vietnamDateOf(Date.now()), items: subjects.map((id) => request('overdue', id)), recipientsDescription: 'Phòng Nội vụ' },
      { dashboardUrl: origin, calendar },
    );
    for (const link of linksIn(digest.html, digest.text)) links.add(link);

    const pages = await Promise.all([...links].map(expectationFor));
    // Each of the three things has its own link, and so does the dashboard itself.
    for (const id of subjects) expect(pages.some((p) => p.shows === names.get(id)), id).toBe(true);
    for (const expectation of pages) await open(expectation);
  });

  it('opens the links of the messages the stack really wrote to its outbox', async () => {
    const outbox = new Outbox(stack.storage.db);
    const read = async () => {
      const emls: Buffer[] = [];
      for (const entry of await outbox.list({ limit: 1000 })) {
        const eml = entry.hasEml ? await outbox.readEml(entry.key) : null;
        if (eml) emls.push(eml);
      }
      return emls;
    };
    // The recurring task's past quarters are overdue: their instances send at once.
    const emls = await eventually(read, (f) => f.length > 0, 30_000);
    expect(emls.length).toBeGreaterThan(0);
    const links = new Set<string>();
    for (const eml of emls) {
      const decoded = eml
        .toString('utf8')
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      const body = Buffer.from(decoded, 'latin1').toString('utf8');
      for (const m of body.matchAll(/https?:\/\/[^\s<>"]+/g)) links.add(m[0]);
    }
    expect(links.size).toBeGreaterThan(0);
    for (const link of links) await open(await expectationFor(link));
  });

  it('opens the public list of apologies and the dashboard root', async () => {
    const root = await page.goto(`${origin}/`);
    expect(root?.status()).toBe(200);
    await open({ url: `${origin}/`, shows: HOME_HEADING, selector: '#overview' });
    // The task list shows the task itself.
    await open({ url: `${origin}/tasks`, shows: ONCE.activity!, selector: '#task-list' });
    const apologies = await page.goto(`${origin}/public/apologies`);
    expect(apologies?.status()).toBe(200);
    expect(await page.locator('h1').first().textContent()).toBeTruthy();
  });

  it('shows the file page with its facts: code, procedure, holder, appointment and timeline', async () => {
    for (const url of [`${origin}/tasks/${encodeURIComponent(`file:${FILE_CODE}`)}`, `${origin}/files/${encodeURIComponent(FILE_CODE)}`]) {
      await open({ url, shows: FILE_CODE, selector: '#file' });
      const text = (await page.locator('#file').textContent()) ?? '';
      expect(text).toContain('Cấp giấy phép xây dựng nhà ở riêng lẻ');
      expect(text).toContain('Phòng Tài nguyên và Môi trường');
      expect(text).toContain('Ngày hẹn trả kết quả');
      expect(text).toContain('Diễn biến');
      expect(text).not.toContain('Lỗi');
    }
  });

  it('shows an instance page that links back to its task, and the task lists its instances', async () => {
    await open({ url: `${origin}/tasks/${encodeURIComponent(instanceId)}`, shows: names.get(instanceId)!, selector: '#task' });
    await page.click('#task .parent a');
    await page.waitForSelector('#task .instances');
    expect(await page.locator('#task h1').textContent()).toBe(RECURRING.activity);
    expect(await page.locator('#task .instances a').count()).toBeGreaterThan(0);
  });

  it('a plan imported under its old long id keeps it when imported again: nothing starts twice', async () => {
    const old: Plan = { ...plan, title: `Kế hoạch tuyên truyền cải cách hành chính trên địa bàn huyện Tuy Phước năm ${YEAR}`, source: 'old' };
    old.id = legacyTitleId(old.title, old.year);
    const row = { ...ONCE, planId: old.id };
    const first = await call('POST', '/api/tasks', { plan: old, task: row });
    expect(first.statusCode, first.body).toBe(201);
    // Visibility is eventually consistent: wait until the old plan's workflow can be found.
    await eventually(async () => (await stack.cluster.client.workflow.count(`DondocPlan = '${old.id}'`)).count, (n) => n > 0);

    const now = { ...old, id: titleId(old.title, old.year, old.jurisdiction) };
    expect(now.id.length).toBeLessThan(old.id.length);
    const again = await startImport(stack.cluster.client, { plan: now, tasks: [{ ...row, planId: now.id }] }, await stack.directory.load(), { taskQueue: config.TEMPORAL_TASK_QUEUE });
    expect(again).toMatchObject({ planId: old.id, started: [], failed: [] });
    expect([...again.unchanged, ...again.updated]).toEqual([ONCE.ref]);
  });
});
