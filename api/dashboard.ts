/**
 * The dashboard: one HTML page, its script and its stylesheet. The script is the Preact app in
 * dashboard/ (TypeScript + TSX), bundled once per process with esbuild into memory, in the
 * background as the API starts (the API does not wait for it; the first request for it does).
 * The page carries no inline script or style (the CSP allows 'self' only). Every path a message
 * links to (/tasks/<workflow id>, /files/<code>) and every page of the app answers the same HTML;
 * the app reads the address.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';

const ENTRY = fileURLToPath(new URL('../dashboard/main.tsx', import.meta.url));
const STYLES = fileURLToPath(new URL('../dashboard/styles.css', import.meta.url));

/** The paths the app shows a page for (besides the task and file links). */
export const APP_PATHS = ['/', '/tasks', '/tasks/*', '/files', '/files/*', '/escalations', '/my-work', '/messages', '/late-files', '/intake', '/admin', '/admin/*', '/plans', '/plans/*', '/reports/one-stop'];

export const PAGE = `<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>dondoc – Theo dõi, đôn đốc nhiệm vụ</title>
  <link rel="stylesheet" href="/dashboard/styles.css">
  <script src="/dashboard/app.js" type="module"></script>
</head>
<body>
  <div id="app"><p class="loading">Đang tải…</p></div>
  <noscript>Trang theo dõi cần bật JavaScript.</noscript>
</body>
</html>
`;

/** The app bundled from dashboard/main.tsx (minified, one file). */
export async function bundleDashboard(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    target: ['es2020'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

type Asset = { type: string; body: string };

// Once per process, shared by every API the process builds (tests build several).
let script: Promise<Asset> | undefined;
let styles: Promise<Asset> | undefined;

export function registerDashboard(app: FastifyInstance): void {
  const assets: Record<string, () => Promise<Asset>> = {
    'app.js': () =>
      (script ??= bundleDashboard().then(
        (body) => ({ type: 'text/javascript; charset=utf-8', body }),
        (err) => {
          // Bundled again at the next request: a transient failure does not stay cached.
          script = undefined;
          throw err;
        },
      )),
    'styles.css': () => (styles ??= readFile(STYLES, 'utf8').then((body) => ({ type: 'text/css; charset=utf-8', body }))),
  };
  // Built in the background at start, so the first visitor does not wait for it.
  void assets['app.js']!().catch((err) => app.log.error({ err }, 'dashboard bundle failed'));

  const html = (_request: unknown, reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(PAGE);
  for (const path of APP_PATHS) app.get(path, html);
  app.get<{ Params: { name: string } }>('/dashboard/:name', async (request, reply) => {
    const load = Object.hasOwn(assets, request.params.name) ? assets[request.params.name] : undefined;
    if (!load) return reply.code(404).send({ error: 'Không tìm thấy.' });
    const asset = await load();
    return reply.type(asset.type).header('cache-control', 'no-cache').send(asset.body);
  });
}
