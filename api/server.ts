/** The HTTP API: health, plans, tasks, directory. Every mutating call is authenticated. */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import { z, ZodError } from 'zod';
import { PlanSchema, TaskSchema } from '../domain/plan';
import type { Logger } from 'pino';
import { checkHealth } from './health';
import { AuthError, requireRole, UserStore } from './auth';
import { registerTaskRoutes } from './tasks';
import { registerPlanRoutes } from './plans';
import { registerOutboxRoutes } from './outbox';
import { registerDashboard } from './dashboard';
import { registerOneStopRoutes } from './onestop';
import { DirectoryStore } from '../activities/directory-store';
import { startImport } from '../worker/import-runner';

export type ApiDeps = {
  client: Client;
  taskQueue: string;
  users: UserStore;
  directory: DirectoryStore;
  logger: Logger;
  /** Where the outbox is; defaults to DATA_DIR. */
  dataDir?: string;
};

export function buildApi(deps: ApiDeps): FastifyInstance {
  const app = Fastify({ loggerInstance: deps.logger.child({ component: 'api' }) as FastifyBaseLogger, bodyLimit: 50 * 1024 * 1024 }) as unknown as FastifyInstance;
  app.addContentTypeParser(['application/octet-stream', 'text/plain', 'text/csv'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const authenticate = (header: string | undefined) => deps.users.authenticate(header);

  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof AuthError) return reply.code(err.statusCode).send({ error: err.message });
    if (err instanceof ZodError) return reply.code(400).send({ error: err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    if ((err as { code?: number }).code === 5 || /not found/i.test((err as Error).message)) return reply.code(404).send({ error: 'Không tìm thấy.' });
    deps.logger.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'Lỗi máy chủ.' });
  });

  app.get('/healthz', async (_request, reply) => {
    const health = await checkHealth(deps.client, deps.taskQueue);
    return reply.code(health.ok ? 200 : 503).send(health);
  });

  app.get('/api/me', async (request) => {
    const { tokenSha256: _, ...user } = authenticate(request.headers.authorization);
    return user;
  });

  /** Start one task from JSON (what an import does for each row). */
  app.post('/api/tasks', async (request, reply) => {
    requireRole(authenticate(request.headers.authorization), 'admin');
    const body = z.object({ plan: PlanSchema, task: TaskSchema }).parse(request.body);
    const report = await startImport(deps.client, { plan: body.plan, tasks: [body.task] }, deps.directory.load(), { taskQueue: deps.taskQueue });
    return reply.code(report.started.length ? 201 : 200).send(report);
  });

  registerTaskRoutes(app, { client: deps.client, authenticate });
  registerPlanRoutes(app, { ...deps, authenticate });
  registerOutboxRoutes(app, { dataDir: deps.dataDir, authenticate });
  registerDashboard(app);
  registerOneStopRoutes(app, { ...deps, authenticate });

  app.get('/api/directory', async (request) => {
    authenticate(request.headers.authorization);
    return deps.directory.load();
  });
  app.put('/api/directory', async (request) => {
    requireRole(authenticate(request.headers.authorization), 'admin');
    return deps.directory.save(request.body);
  });

  return app;
}
