/** The monitoring dashboard: static files; the page itself calls the API with the user's token. */
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';

const file = (name: string) => readFileSync(new URL(`./dashboard/${name}`, import.meta.url));

const ASSETS = {
  'app.js': { type: 'text/javascript; charset=utf-8', body: file('app.js') },
  'styles.css': { type: 'text/css; charset=utf-8', body: file('styles.css') },
} as const;

export function registerDashboard(app: FastifyInstance): void {
  const page = file('index.html');
  const html = (_request: unknown, reply: { type(t: string): { send(b: Buffer): unknown } }) => reply.type('text/html; charset=utf-8').send(page);
  app.get('/', html);
  app.get('/tasks/*', html);
  app.get('/files/*', html);
  app.get<{ Params: { name: string } }>('/dashboard/:name', async (request, reply) => {
    if (!Object.hasOwn(ASSETS, request.params.name)) return reply.code(404).send({ error: 'Không tìm thấy.' });
    const asset = ASSETS[request.params.name as keyof typeof ASSETS];
    return reply.type(asset.type).send(asset.body);
  });
}
