/**
 * The HTTP API: health, plans, tasks, one-stop files, outbox, directory, accounts, audit.
 * - The contract: every route declares its params, query, body and answers as zod schemas
 *   (fastify-type-provider-zod); the OpenAPI document is generated from them (api/contract/openapi.ts).
 * - Versions: the routes are served under /api/v1, and again under /api as aliases until the
 *   dashboard moves (the same plugin registered twice; the aliases are hidden from the document).
 * - Access: every /api/ route declares `config.access` (api/contract/access-rules.ts); the caller is
 *   authenticated and its role checked in an onRequest hook, before the body is read, and the task
 *   or file a route names is checked before the body is validated.
 * - Errors: every error has the shape `{ error: "<Vietnamese>" }` (api/errors.ts).
 */
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import helmet from '@fastify/helmet';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { z } from 'zod';
import { PlanSchema, TaskSchema } from '../domain/plan';
import { DirectorySchema } from '../domain/directory';
import { checkHealth } from './health';
import { authenticateRequest, userOf } from './auth';
import type { UserStore } from '../storage/accounts';
import { SessionStore } from '../storage/sessions';
import { registerSessionRoutes, sessionLimits, type SessionLimits } from './session';
import { registerAccountRoutes } from './accounts';
import { addAuditHook, registerAuditRoutes } from './audit';
import { registerTemplateRoutes } from './templates';
import { TemplateStore } from '../storage/templates';
import { registerDashboardTaskRoutes } from './dashboard-tasks';
import { registerDashboardFileRoutes } from './dashboard-files';
import { registerDashboardPlanRoutes } from './dashboard-plans';
import type { DirectoryStore } from '../storage/directory';
import type { Database } from '../storage';
import { Access } from './access';
import { sendError } from './errors';
import { BODY_LIMITS, MAX_PARAM_LENGTH, refuseNulCharacters } from './limits';
import { pageStyleHashes } from './inline-styles';
import { registerTaskRoutes, taskChecks } from './tasks';
import { TaskMirror } from './task-mirror';
import { registerPlanRoutes } from './plans';
import { registerOutboxRoutes } from './outbox';
import { registerDashboard } from './dashboard';
import { fileChecks, registerOneStopRoutes } from './onestop';
import { registerPublicApologyRoutes } from './public-apologies';
import { startImport } from '../worker/import-runner';
import { addResourceHook, assertAccessDeclared, checkRole, needsSignIn } from './contract/access-rules';
import { API_ALIAS, API_V1, documentSecurity, hideAliases, markDocsPublic, registerOpenApi } from './contract/openapi';
import { DirectoryVersionSchema, errors, ImportReportSchema, SIGNED_IN_ERRORS, UserSchema } from './contract/schemas';

export type ApiDeps = {
  client: Client;
  taskQueue: string;
  /** dondoc's own records (outbox, one-stop records, audit). */
  db: Database;
  users: UserStore;
  directory: DirectoryStore;
  logger: Logger;
  /** Where counts and the overview read tasks (started and stopped with the API); one is made when not given. */
  mirror?: TaskMirror;
};

/** The API with the zod type provider: routes take zod schemas and their handlers are typed by them. */
export type ApiApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export function buildApi(deps: ApiDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'api' }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMITS.json,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: (err, request, reply) => sendError(err, request, reply),
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addContentTypeParser(['application/octet-stream', 'text/plain', 'text/csv'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.decorateRequest('user', null);
  app.decorateRequest('authenticatedBy', null);
  app.decorateRequest('auditActor', null);
  app.decorateRequest('resource', null);
  // Every route: the docs page's own routes are public, the aliases hidden from the document, and an /api/ route without an access rule refused.
  app.addHook('onRoute', (route) => {
    markDocsPublic(route);
    hideAliases(route);
    assertAccessDeclared(route);
    documentSecurity(route);
  });
  const sessions = new SessionStore(deps.db);
  const access = new Access(() => deps.directory.current());
  const mirror = deps.mirror ?? new TaskMirror(deps.client, deps.logger.child({ component: 'task-mirror' }));
  app.addHook('onReady', async () => mirror.start());
  app.addHook('onClose', async () => mirror.stop());
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
  registerOpenApi(app);
  // After helmet's hook, so that a refusal carries the security headers too; before any body is read.
  void app.after(() => {
    addAuditHook(app, { db: deps.db, access });
    app.addHook('onRequest', async (request) => {
      if (!needsSignIn(request)) return;
      await authenticateRequest(request, { users: deps.users, sessions });
      // The directory as it is now, for this request's access decisions (Access reads it synchronously).
      await deps.directory.load();
      checkRole(request);
    });
  });
  void app.register(async (site) => {
    registerPages(site as unknown as ApiApp, { ...deps, mirror });
    // Created once, shared by both versions: an alias is not a second allowance of sign-in attempts.
    const limits = sessionLimits(site);
    const routes = async (api: FastifyInstance) => registerRoutes(api as unknown as ApiApp, { ...deps, mirror }, access, sessions, limits);
    await site.register(routes, { prefix: API_V1 });
    await site.register(routes, { prefix: API_ALIAS });
  });
  return app;
}

/** What is served outside /api/: health, the dashboard's files, the public page of apologies. */
function registerPages(app: ApiApp, deps: ApiDeps & { mirror: TaskMirror }): void {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Tình trạng hệ thống (Temporal, tiến trình xử lý, cơ sở dữ liệu); chi tiết chỉ cho quản trị viên.',
        tags: ['health'],
        response: { 200: z.looseObject({ ok: z.boolean() }), 503: z.looseObject({ ok: z.boolean() }) },
      },
    },
    async (request, reply) => {
      const health = await checkHealth(deps.client, deps.taskQueue, deps.db, deps.mirror);
      const code = health.ok ? 200 : 503;
      // The detail (Temporal's error text, the task queue, how many tasks the whole system holds) is
      // for those who run the system: admins.
      let detailed = false;
      try {
        detailed = (await deps.users.authenticate(request.headers.authorization))?.role === 'admin';
      } catch {
        detailed = false;
      }
      return reply.code(code).send(detailed ? health : { ok: health.ok });
    },
  );
  registerDashboard(app as unknown as FastifyInstance);
  registerPublicApologyRoutes(app, deps);
}

function registerRoutes(app: ApiApp, deps: ApiDeps & { mirror: TaskMirror }, access: Access, sessions: SessionStore, limits: SessionLimits): void {
  app.addHook('preValidation', refuseNulCharacters);
  addResourceHook(app as unknown as FastifyInstance, { task: taskChecks(deps.client, access), file: fileChecks(deps.client, access) });

  app.get(
    '/me',
    { config: { access: { roles: 'any' } }, schema: { summary: 'Tài khoản đang gọi.', tags: ['accounts'], response: { 200: UserSchema, ...errors(401) } } },
    async (request) => userOf(request),
  );

  /** Start one task from JSON (what an import does for each row). */
  app.post(
    '/tasks',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        summary: 'Bắt đầu theo dõi một nhiệm vụ (như một dòng của tệp kế hoạch).',
        tags: ['tasks'],
        body: z.object({ plan: PlanSchema, task: TaskSchema }),
        response: { 200: ImportReportSchema, 201: ImportReportSchema, ...errors(...SIGNED_IN_ERRORS, 422) },
      },
    },
    async (request, reply) => {
      const { plan, task } = request.body;
      const report = await startImport(deps.client, { plan, tasks: [task] }, await deps.directory.load(), { taskQueue: deps.taskQueue });
      return reply.code(report.started.length ? 201 : 200).send(report);
    },
  );

  registerTaskRoutes(app, { client: deps.client, access, templates: new TemplateStore(deps.db), mirror: deps.mirror });
  registerPlanRoutes(app, { ...deps, access });
  registerOutboxRoutes(app, { db: deps.db, access });
  registerOneStopRoutes(app, { ...deps, access });
  registerSessionRoutes(app, { users: deps.users, sessions, access, limits });
  registerAccountRoutes(app, { users: deps.users, directory: deps.directory });
  registerAuditRoutes(app, { db: deps.db, access });
  registerTemplateRoutes(app as unknown as FastifyInstance, { client: deps.client, taskQueue: deps.taskQueue, db: deps.db, directory: deps.directory, access });
  registerDashboardTaskRoutes(app as unknown as FastifyInstance, { client: deps.client, access, mirror: deps.mirror });
  registerDashboardFileRoutes(app as unknown as FastifyInstance, { client: deps.client, db: deps.db, access });
  registerDashboardPlanRoutes(app as unknown as FastifyInstance, { access, mirror: deps.mirror });

  app.get(
    '/directory',
    {
      config: { access: { roles: 'any' } },
      schema: { summary: 'Danh bạ: đơn vị hành chính, cơ quan, nhóm.', tags: ['directory'], response: { 200: DirectorySchema, ...errors(401) } },
    },
    async () => deps.directory.load(),
  );
  app.put(
    '/directory',
    {
      bodyLimit: BODY_LIMITS.directory,
      config: { access: { roles: ['admin'] } },
      schema: {
        summary: 'Lưu danh bạ mới (lỗi nêu từng trường).',
        tags: ['directory'],
        body: DirectorySchema,
        response: { 200: DirectorySchema, ...errors(...SIGNED_IN_ERRORS) },
      },
    },
    async (request) => {
      const user = userOf(request);
      // A directory that does not hold together is a DirectoryProblemsError: 400 naming each field.
      const saved = await deps.directory.save(request.body, user.name, undefined, user.role);
      return saved.directory;
    },
  );
  /** Who saved each version of the directory, and when (admin only). */
  app.get(
    '/directory/versions',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        summary: 'Các phiên bản của danh bạ: ai lưu, khi nào.',
        tags: ['directory'],
        response: { 200: z.object({ versions: z.array(DirectoryVersionSchema) }), ...errors(401, 403) },
      },
    },
    async () => ({ versions: await deps.directory.versions() }),
  );
}
