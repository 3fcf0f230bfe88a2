/**
 * The HTTP API: health, plans, tasks, one-stop files, outbox, directory. Every /api/ route is
 * authenticated in an onRequest hook, before its body is read; who may read and act on what is
 * decided in api/access.ts; every error has the shape `{ error: "<Vietnamese>" }` (api/errors.ts).
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { PlanSchema, TaskSchema } from '../domain/plan';
import { DirectorySchema } from '../domain/directory';
import type { Logger } from 'pino';
import { checkHealth } from './health';
import { authenticateRequest, requireRole, userOf } from './auth';
import type { UserStore } from '../storage/accounts';
import { SessionStore } from '../storage/sessions';
import { registerSessionRoutes } from './session';
import { registerAccountRoutes } from './accounts';
import { addAuditHook, registerAuditRoutes } from './audit';
import type { DirectoryStore } from '../storage/directory';
import type { Database } from '../storage';
import { Access } from './access';
import { sendError } from './errors';
import { BODY_LIMITS, MAX_PARAM_LENGTH, refuseNulCharacters } from './limits';
import { pageStyleHashes } from './inline-styles';
import { registerTaskRoutes } from './tasks';
import { registerPlanRoutes } from './plans';
import { registerOutboxRoutes } from './outbox';
import { registerDashboard } from './dashboard';
import { registerOneStopRoutes } from './onestop';
import { startImport } from '../worker/import-runner';

export type ApiDeps = {
  client: Client;
  taskQueue: string;
  /** dondoc's own records (outbox, one-stop records, audit). */
  db: Database;
  users: UserStore;
  directory: DirectoryStore;
  logger: Logger;
};

/** Routes that answer without a token (the dashboard's files, the public page, health; sign-in decides for itself). */
function isPublic(url: string): boolean {
  return (!url.startsWith('/api/') && url !== '/api') || url === '/api/session' || url.startsWith('/api/session?');
}

export function buildApi(deps: ApiDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'api' }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMITS.json,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: (err, request, reply) => sendError(err, request, reply),
  }) as unknown as FastifyInstance;
  app.addContentTypeParser(['application/octet-stream', 'text/plain', 'text/csv'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.decorateRequest('user', null);
  app.decorateRequest('authenticatedBy', null);
  app.decorateRequest('auditActor', null);
  const sessions = new SessionStore(deps.db);
  const access = new Access(() => deps.directory.current());
  app.setErrorHandler((err, request, reply) => sendError(err, request, reply));
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'Không tìm thấy.' }));

  void app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // The letter and the public page carry their own stylesheet: allowed by hash, not 'unsafe-inline'.
        'style-src': ["'self'", ...pageStyleHashes()],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'font-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    hsts: false,
    crossOriginEmbedderPolicy: false,
  });
  void app.register(cookie);
  // Only the routes that ask for it (sign-in); the store is this process's memory.
  void app.register(rateLimit, { global: false });
  // After helmet's hook, so that a refusal carries the security headers too; before any body is read.
  void app.after(() => {
    addAuditHook(app, { db: deps.db, access });
    app.addHook('onRequest', async (request) => {
      if (isPublic(request.url)) return;
      await authenticateRequest(request, { users: deps.users, sessions });
      // The directory as it is now, for this request's access decisions (Access reads it synchronously).
      await deps.directory.load();
    });
  });
  void app.register(async (api) => registerRoutes(api, deps, access, sessions));
  return app;
}

function registerRoutes(app: FastifyInstance, deps: ApiDeps, access: Access, sessions: SessionStore): void {
  app.addHook('preValidation', refuseNulCharacters);

  app.get('/healthz', async (request, reply) => {
    const health = await checkHealth(deps.client, deps.taskQueue, deps.db);
    const code = health.ok ? 200 : 503;
    // The detail (Temporal's error text, the task queue) is for authenticated callers only.
    let detailed = false;
    try {
      detailed = Boolean(await deps.users.authenticate(request.headers.authorization));
    } catch {
      detailed = false;
    }
    return reply.code(code).send(detailed ? health : { ok: health.ok });
  });

  app.get('/api/me', async (request) => userOf(request));

  /** Start one task from JSON (what an import does for each row). */
  app.post('/api/tasks', async (request, reply) => {
    requireRole(userOf(request), 'admin');
    const body = z.object({ plan: PlanSchema, task: TaskSchema }).parse(request.body);
    const report = await startImport(deps.client, { plan: body.plan, tasks: [body.task] }, await deps.directory.load(), { taskQueue: deps.taskQueue });
    return reply.code(report.started.length ? 201 : 200).send(report);
  });

  registerTaskRoutes(app, { client: deps.client, access });
  registerPlanRoutes(app, { ...deps, access });
  registerOutboxRoutes(app, { db: deps.db, access });
  registerDashboard(app);
  registerOneStopRoutes(app, { ...deps, access });
  registerSessionRoutes(app, { users: deps.users, sessions, access });
  registerAccountRoutes(app, { users: deps.users, directory: deps.directory });
  registerAuditRoutes(app, { db: deps.db, access });

  app.get('/api/directory', async (request) => {
    userOf(request);
    return deps.directory.load();
  });
  app.put('/api/directory', { bodyLimit: BODY_LIMITS.directory }, async (request) => {
    const user = userOf(request);
    requireRole(user, 'admin');
    // A directory that does not hold together is a DirectoryProblemsError: 400 naming each field.
    const saved = await deps.directory.save(DirectorySchema.parse(request.body), user.name, undefined, user.role);
    return saved.directory;
  });
  /** Who saved each version of the directory, and when (admin only). */
  app.get('/api/directory/versions', async (request) => {
    requireRole(userOf(request), 'admin');
    return { versions: await deps.directory.versions() };
  });
}
