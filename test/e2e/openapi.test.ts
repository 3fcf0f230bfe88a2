/**
 * The API's contract on the dev server: the OpenAPI 3.1 document at /api/openapi.json lists every
 * route (its versioned path), is valid (Redocly's structural rules), documents the error shape and
 * the security of every operation; /api/docs is a page; and a client generated from the document
 * (openapi-typescript types, openapi-fetch) registers a one-stop file with a desk's token (201),
 * gets a bad body back as a 400 naming the field, and type-checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import openapiTS, { astToString } from 'openapi-typescript';
import createClient from 'openapi-fetch';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { chromium } from 'playwright-core';
import type { Config } from '../../worker/config';
import { stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { buildApi } from '../../api/server';
import { logger } from '../../worker/logger';
import { assertAccessDeclared, MissingAccessRuleError } from '../../api/contract/access-rules';

type Operation = { responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>; security?: unknown[] };
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

const DESK = 'Bộ phận Một cửa huyện';

describe('the OpenAPI contract', () => {
  let config: Config;
  let stack: Stack;
  let api: FastifyInstance;
  let doc: Document;
  let deskToken: string;
  const routes: { method: string; url: string; hidden: boolean; prefix: string }[] = [];
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dondoc-openapi-'));
    config = await stackConfig('openapi');
    stack = await startStack(config);
    deskToken = await stack.users.add({ name: 'Cán bộ một cửa', role: 'desk', agency: DESK, jurisdiction: 'tuy-phuoc' });
    // The same API, built again to hear every route Fastify registers.
    api = buildApi({
      client: stack.cluster.client,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      db: stack.storage.db,
      users: stack.users,
      directory: stack.directory,
      logger,
    });
    api.addHook('onRoute', (route) => {
      for (const method of [route.method].flat())
        if (method !== 'HEAD')
          routes.push({ method, url: route.url, hidden: Boolean(route.schema?.hide), prefix: (route as { prefix?: string }).prefix ?? '' });
    });
    await api.ready();
    const res = await api.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    if (stack) await stopStack(stack);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const documentPath = (url: string) => url.replace(/:([A-Za-z]+)/g, '{$1}');

  it('lists every route Fastify serves: the versioned path, its alias by its v1 twin', () => {
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    const missing: string[] = [];
    for (const route of routes) {
      // The docs page's own files, and pages without a contract (the dashboard's), are not operations.
      if (route.url === '/api/openapi.json' || route.url.startsWith('/api/docs')) continue;
      const api = route.url.startsWith('/api/');
      if (!api && route.hidden) continue;
      const path = route.prefix === '/api' ? route.url.replace(/^\/api\//, '/api/v1/') : route.url;
      if (!documented.has(`${route.method} ${documentPath(path)}`)) missing.push(`${route.method} ${route.url}`);
    }
    expect(routes.length).toBeGreaterThan(80);
    expect(missing).toEqual([]);
    // Only versioned paths (and the pages outside /api/) are listed.
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/') && !p.startsWith('/api/v1/'))).toEqual([]);
  });

  it('is a valid OpenAPI 3.1 document: every operation answers, documents its errors in the one shape and says how to authenticate', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'openapi.json',
      config: await createConfig({ rules: { struct: 'error', 'no-unresolved-refs': 'error' } } as never),
    });
    expect(problems.filter((p) => p.severity === 'error').map((p) => `${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'csrf', 'session']);
    const wrong: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        const statuses = Object.keys(op.responses ?? {});
        if (!statuses.some((s) => /^2/.test(s))) wrong.push(`${where}: no success answer`);
        if (!Array.isArray(op.security)) wrong.push(`${where}: no security requirement`);
        const signedIn = Array.isArray(op.security) && op.security.length > 0 && path.startsWith('/api/v1/') && !path.startsWith('/api/v1/session');
        if (signedIn && !statuses.includes('401')) wrong.push(`${where}: no 401`);
        // The health check answers 503 with its report, not an error.
        for (const status of statuses.filter((s) => /^[45]/.test(s) && !(path === '/healthz' && s === '503'))) {
          const schema = op.responses![status]!.content?.['application/json']?.schema as { $ref?: string } | undefined;
          if (schema?.$ref !== '#/components/schemas/Error') wrong.push(`${where} ${status}: not the error shape`);
        }
      }
    }
    expect(wrong).toEqual([]);
    const used = new Set(Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => Object.keys(op.responses ?? {}))));
    for (const status of ['400', '401', '403', '404', '409', '413', '415', '422', '429', '503']) expect(used, status).toContain(status);
  });

  it('serves the browsable page at /api/docs, its script from this server, without sign-in', async () => {
    const page = await api.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const scripts = [...page.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    // Every script is served here (the CSP allows 'self' only) and answers without a token.
    for (const src of scripts) {
      expect(src.startsWith('http')).toBe(false);
      const script = await api.inject({ method: 'GET', url: new URL(src, 'http://x/api/docs').pathname });
      expect(script.statusCode, src).toBe(200);
    }
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self';/);
    // Inline styles on this page only: the API's answers keep the strict policy.
    expect(page.headers['content-security-policy']).toMatch(/style-src 'self' 'unsafe-inline'/);
    const me = await api.inject({ method: 'GET', url: '/api/v1/me' });
    expect(me.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
    const json = await api.inject({ method: 'GET', url: '/api/docs/json' });
    expect(json.statusCode).toBe(200);
  });

  it("the page works in Chromium under the API's Content-Security-Policy: it lists the operations, with no refused script or style", async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
      });
      page.on('pageerror', (e) => refused.push(e.message));
      const address = stack.api.server.address() as { port: number };
      await page.goto(`http://127.0.0.1:${address.port}/api/docs`);
      await page.waitForSelector('.opblock', { timeout: 30_000 });
      expect(await page.locator('.opblock').count()).toBeGreaterThan(40);
      expect(await page.textContent('.opblock-summary-path >> nth=0')).toMatch(/^\/(api\/v1|healthz|public)/);
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it('refuses to start with an /api/ route that declares no access rule', async () => {
    expect(() => assertAccessDeclared({ method: 'GET', url: '/api/v1/quen', handler: async () => ({}) } as never)).toThrow(MissingAccessRuleError);
    const app = Fastify();
    app.addHook('onRoute', assertAccessDeclared);
    expect(() => app.get('/api/v1/quen', async () => ({ ok: true }))).toThrow(/declares no access rule/);
    await app.close();
    // The API itself registers its routes under the same hook: building it proves each declares one.
    // A route that declares one starts.
    const fine = Fastify();
    fine.addHook('onRoute', assertAccessDeclared);
    fine.get('/api/v1/nho', { config: { access: { roles: 'any' } } }, async () => ({ ok: true }));
    await fine.ready();
    await fine.close();
  });

  it('a client generated from the document registers a one-stop file with a desk token: 201, and a bad body is 400 naming the field', async () => {
    // Types generated from the served document (openapi-typescript also validates it while generating).
    const types = astToString(await openapiTS(JSON.stringify(doc)));
    writeFileSync(join(dir, 'dondoc-api.d.ts'), types);
    const address = stack.api.server.address() as { port: number };
    const baseUrl = `http://127.0.0.1:${address.port}`;
    const code = `H57.22-OPENAPI-${Date.now()}`;
    const body = {
      code,
      procedure: { code: '1.001234', name: 'Đăng ký khai sinh', workingDays: 3 },
      applicant: { name: 'Nguyễn Thị Hoa', phone: '0905111333' },
      receivingUnit: DESK,
      agencies: ['Phòng Tư pháp'],
      receivedAt: new Date().toISOString(),
    };
    // The same call, type-checked against the generated types: the document is something a client can code against.
    writeFileSync(
      join(dir, 'client.ts'),
      `import createClient from 'openapi-fetch';
import type { paths } from './dondoc-api';
const client = createClient<paths>({ baseUrl: '${baseUrl}', headers: { authorization: 'Bearer x' } });
export async function register() {
  const { data, error, response } = await client.POST('/api/v1/one-stop/files', { body: ${JSON.stringify(body)} });
  if (error) return error.error;
  return response.status === 201 && data?.created ? data.file.workflowId : undefined;
}
export async function tasks() {
  const { data } = await client.GET('/api/v1/tasks', { params: { query: { limit: 10, status: 'overdue' } } });
  return data?.tasks.map((t) => t.workflowId) ?? [];
}
`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'esnext',
          moduleResolution: 'bundler',
          target: 'es2022',
          skipLibCheck: true,
          typeRoots: [],
          types: [],
          baseUrl: process.cwd(),
          paths: { 'openapi-fetch': ['node_modules/openapi-fetch'] },
        },
        files: ['client.ts'],
      }),
    );
    execFileSync(join(process.cwd(), 'node_modules/.bin/tsc'), ['-p', join(dir, 'tsconfig.json')], { stdio: 'pipe' });

    // And at run time, over HTTP, with a desk's token.
    type Paths = Record<string, Record<string, unknown>>;
    const client = createClient<Paths>({ baseUrl, headers: { authorization: `Bearer ${deskToken}` } });
    const post = client.POST as unknown as (
      path: string,
      init: { body: unknown },
    ) => Promise<{ data?: { created: boolean; file: { workflowId: string } }; error?: { error: string }; response: Response }>;
    const created = await post('/api/v1/one-stop/files', { body });
    expect(created.response.status, JSON.stringify(created.error)).toBe(201);
    expect(created.data).toMatchObject({ created: true, file: { workflowId: `file:${code}` } });
    const again = await post('/api/v1/one-stop/files', { body });
    expect(again.response.status).toBe(200);
    const bad = await post('/api/v1/one-stop/files', { body: { ...body, code: `${code}-2`, procedure: { ...body.procedure, workingDays: 'ba' } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.error).toMatch(/^procedure\.workingDays: thời hạn giải quyết phải là số ngày làm việc/);
    const missing = await post('/api/v1/one-stop/files', { body: { ...body, code: `${code}-3`, applicant: undefined } });
    expect(missing.response.status).toBe(400);
    expect(missing.error?.error).toMatch(/^applicant: /);
  }, 120_000);
});
