/**
 * Dashboard sign-in: `POST /api/session` with a login and a password sets an HttpOnly, SameSite=Strict
 * session cookie and answers the account and the session's CSRF token; `GET /api/session` answers
 * them again while the cookie is valid; `DELETE /api/session` ends the session. Sign-in is limited
 * per login (5 attempts in 5 minutes) and per client address (50 in 5 minutes), in this process's
 * memory; a refusal never says whether the login exists.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { User, UserStore } from '../storage/accounts';
import type { SessionStore } from '../storage/sessions';
import { ABSOLUTE_MS } from '../storage/sessions';
import type { Access } from './access';
import { AuthError, authenticateRequest, SESSION_COOKIE, SESSION_ENDED } from './auth';
import { ApiError } from './errors';
import { errors, SessionSchema } from './contract/schemas';
import type { ApiApp } from './server';

export const SIGN_IN_REFUSAL = 'Tên đăng nhập hoặc mật khẩu không đúng.';
export const SIGN_IN_LIMIT = { perLogin: 5, perAddress: 50, window: '5 minutes' } as const;
const TOO_MANY = 'Đăng nhập sai quá nhiều lần; hãy thử lại sau ít phút.';

const SignInSchema = z.object({
  login: z.string().trim().min(1, 'không được để trống').max(200, 'tối đa 200 ký tự'),
  password: z.string().min(1, 'không được để trống').max(200, 'tối đa 200 ký tự'),
});

/** The login a sign-in names (for the per-login limit), read without trusting the body's shape. */
function loginOf(request: FastifyRequest): string {
  const login = (request.body as { login?: unknown } | null)?.login;
  return typeof login === 'string' ? login.trim().toLowerCase().slice(0, 200) : '';
}

function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
}

/** The sign-in limits, created once and shared by every version of the route. */
export type SessionLimits = { perAddress: ReturnType<FastifyInstance['rateLimit']>; perLogin: ReturnType<FastifyInstance['createRateLimit']> };

export function sessionLimits(app: FastifyInstance): SessionLimits {
  return {
    perAddress: app.rateLimit({ max: SIGN_IN_LIMIT.perAddress, timeWindow: SIGN_IN_LIMIT.window, errorResponseBuilder: () => tooMany() }),
    perLogin: app.createRateLimit({
      max: SIGN_IN_LIMIT.perLogin,
      timeWindow: SIGN_IN_LIMIT.window,
      keyGenerator: (request) => `login:${loginOf(request)}`,
    }),
  };
}

const tooMany = () => new ApiError(429, TOO_MANY);

export function registerSessionRoutes(app: ApiApp, deps: { users: UserStore; sessions: SessionStore; access: Access; limits: SessionLimits }): void {
  const { users, sessions, access, limits } = deps;
  const shown = (user: User) => ({
    id: user.id,
    name: user.name,
    role: user.role,
    ...(user.agency !== undefined ? { agency: user.agency } : {}),
    jurisdiction: access.jurisdictionOf(user) ?? null,
  });
  const clearCookie = (request: FastifyRequest, reply: FastifyReply) =>
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: isHttps(request) });

  // Two limits on one route: the address's as a hook, the login's (the body is read by then) called by hand.
  app.post(
    '/session',
    {
      config: { access: 'public' },
      onRequest: limits.perAddress,
      preHandler: async (request, reply) => {
        const limit = await limits.perLogin(request);
        if (!limit.isAllowed && limit.isExceeded) {
          reply.header('retry-after', limit.ttlInSeconds);
          throw tooMany();
        }
      },
      schema: {
        summary: 'Đăng nhập bảng theo dõi: đặt cookie phiên (HttpOnly, SameSite=Strict) và trả về mã chống giả mạo (CSRF).',
        tags: ['session'],
        security: [],
        body: SignInSchema,
        response: { 200: SessionSchema, ...errors(400, 401, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      request.auditSubject = `login:${body.login.toLowerCase()}`;
      const user = await users.verifyPassword(body.login, body.password);
      if (!user) throw new AuthError(401, SIGN_IN_REFUSAL);
      const session = await sessions.start(user);
      request.auditActor = user;
      await sessions.prune();
      reply.setCookie(SESSION_COOKIE, session.id, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: isHttps(request),
        maxAge: Math.floor(ABSOLUTE_MS / 1000),
      });
      return { user: shown(user), csrfToken: session.csrfToken };
    },
  );

  app.get(
    '/session',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Phiên đăng nhập hiện tại (theo cookie).',
        tags: ['session'],
        security: [{ session: [] }],
        response: { 200: SessionSchema, ...errors(401) },
      },
    },
    async (request) => {
      const session = await sessions.resolve(request.cookies[SESSION_COOKIE]);
      if (!session) throw new AuthError(401, SESSION_ENDED);
      return { user: shown(session.user), csrfToken: session.csrfToken };
    },
  );

  app.delete(
    '/session',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Đăng xuất: kết thúc phiên (cần tiêu đề x-csrf-token khi phiên còn hiệu lực).',
        tags: ['session'],
        security: [{ session: [], csrf: [] }],
        response: { 204: z.undefined().describe('Đã đăng xuất.'), ...errors(403) },
      },
    },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      // A live session is ended only with its CSRF token (the contract for every cookie request that changes something).
      if (request.headers.authorization === undefined && cookie !== undefined && (await sessions.resolve(cookie))) {
        await authenticateRequest(request, { users, sessions });
        await sessions.end(cookie);
      }
      clearCookie(request, reply);
      return reply.code(204).send();
    },
  );
}
