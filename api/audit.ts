/**
 * The audit log of the API: every mutating call (POST, PUT, PATCH, DELETE under /api/), refused
 * ones included, is written by one onResponse hook: who (account name and id, role), what (method
 * and route pattern), on which record (the task id, the file code or the account id of the route),
 * the caller's jurisdiction, and the outcome (HTTP status). Never a body (but the code of a file
 * being registered), a query, a cookie or a header: no password or token can reach the log. `GET /api/audit` searches it: admins everything,
 * monitors what callers of their jurisdiction and those below did.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuditRecordSchema, errors, page } from './contract/schemas';
import type { ApiApp } from './server';
import { z } from 'zod';
import { AuditLog } from '../storage/audit';
import type { Database } from '../storage';
import type { Access } from './access';
import { isMutating, userOf } from './auth';

declare module 'fastify' {
  interface FastifyRequest {
    /** The record a handler names for the audit log when the route's params do not (a new account, a sign-in's login). */
    auditSubject: string | null;
  }
}

/** Who the log names for a call nobody authenticated. */
export const ANONYMOUS = 'Chưa đăng nhập';

/** How each route parameter names its record. */
const SUBJECT_OF: { route: RegExp; param: string; subject: (value: string) => string }[] = [
  { route: /^\/api\/tasks\/:id/, param: 'id', subject: (id) => id },
  { route: /^\/api\/one-stop\/files\/:code/, param: 'code', subject: (code) => `file:${code}` },
  { route: /^\/api\/accounts\/:id/, param: 'id', subject: (id) => `account:${id}` },
  { route: /^\/api\/tokens\/:id/, param: 'id', subject: (id) => `token:${id}` },
];

/** The record a call concerns: the handler's word, the route's parameter, or the code of a file being registered. */
function subjectOf(request: FastifyRequest, route: string | undefined): string | undefined {
  if (request.auditSubject) return request.auditSubject;
  const params = (request.params ?? {}) as Record<string, unknown>;
  for (const rule of SUBJECT_OF) {
    const value = params[rule.param];
    if (route && rule.route.test(route) && typeof value === 'string') return rule.subject(value).slice(0, 300);
  }
  // Intake names its file in the body (the code only: nothing else of a body is read).
  const code = (request.body as { code?: unknown } | null | undefined)?.code;
  if (route === '/api/one-stop/files' && typeof code === 'string') return `file:${code.slice(0, 100)}`;
  return undefined;
}

/** A route pattern without its version. */
function unversioned(route: string | undefined): string | undefined {
  return route?.replace(/^\/api\/v1(?=\/|$)/, '/api');
}

/** Adds the hook to the whole API (call it on the root instance). */
export function addAuditHook(app: FastifyInstance, deps: { db: Database; access: Access }): void {
  const log = new AuditLog(deps.db);
  app.decorateRequest('auditSubject', null);
  app.addHook('onResponse', async (request, reply) => {
    if (!isMutating(request.method) || !request.url.startsWith('/api/')) return;
    // One name per route whichever version was called: /api/v1/tasks/:id/complete is logged as /api/tasks/:id/complete.
    const route = unversioned(request.routeOptions.url);
    const user = request.user ?? request.auditActor;
    const params = request.params && typeof request.params === 'object' ? (request.params as Record<string, unknown>) : {};
    try {
      await log.record({
        actor: user?.name ?? ANONYMOUS,
        actorId: user?.id,
        actorRole: user?.role,
        action: `${request.method} ${route ?? request.url.split('?')[0]!.slice(0, 200)}`,
        subject: subjectOf(request, route),
        jurisdiction: user ? deps.access.homeOf(user) : undefined,
        outcome: reply.statusCode,
        details: route && Object.keys(params).length > 0 ? { params } : {},
      });
    } catch (err) {
      request.log.error({ err }, 'audit log write failed');
    }
  });
}

const SearchSchema = z.object({
  subject: z.string().min(1).max(300).optional(),
  actor: z.string().min(1).max(200).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, 'dùng giá trị “next” của trang trước')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function registerAuditRoutes(app: ApiApp, deps: { db: Database; access: Access }): void {
  const log = new AuditLog(deps.db);
  app.get(
    '/audit',
    {
      config: { access: { roles: ['admin', 'monitor'] } },
      schema: {
        summary:
          'Nhật ký các thao tác thay đổi dữ liệu, mới nhất trước: quản trị viên xem tất cả, văn phòng theo dõi xem của đơn vị mình và cấp dưới; phân trang bằng con trỏ.',
        tags: ['audit'],
        querystring: SearchSchema,
        response: { 200: page('entries', AuditRecordSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const user = userOf(request);
      // An admin: everything; a monitor: its jurisdiction and those below (its read scope).
      return log.search({ ...request.query, jurisdictions: deps.access.readScope(user).jurisdictions });
    },
  );
}
