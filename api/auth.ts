/**
 * Who is calling, decided once per request in the onRequest hook (authenticateRequest):
 * - a machine (a one-stop system, a script) sends `Authorization: Bearer <token>`;
 * - a person signed in to the dashboard sends the session cookie, and on every mutating request
 *   (POST, PUT, PATCH, DELETE) the session's CSRF token in `x-csrf-token` (refused with 403 without it).
 * Roles: admin (directory, users, templates, imports), monitor (Văn phòng UBND: acts within its
 * jurisdiction, reads below it), agency (its own tasks and files), desk (a one-stop reception desk:
 * intake and file events for its unit), viewer (reads within its jurisdiction, acts on nothing).
 * What each may read and do is decided in api/access.ts.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../workflows/task-api';
import { MISSING_TOKEN, type User, type UserStore } from '../storage/accounts';
import type { SessionStore } from '../storage/sessions';

export type { User } from '../storage/accounts';

export class AuthError extends Error {
  constructor(
    readonly statusCode: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/** The cookie that carries a dashboard session. */
export const SESSION_COOKIE = 'dondoc_session';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_REFUSAL = 'Thiếu hoặc sai mã chống giả mạo yêu cầu (tiêu đề x-csrf-token); hãy tải lại trang và thử lại.';
export const SESSION_ENDED = 'Phiên đăng nhập đã hết hạn hoặc đã kết thúc; hãy đăng nhập lại.';

/** How a role is named to people. */
export const ROLE_NAMES: Record<User['role'], string> = {
  admin: 'quản trị',
  monitor: 'văn phòng theo dõi',
  agency: 'cơ quan',
  desk: 'bộ phận một cửa',
  viewer: 'chỉ xem',
};

export function requireRole(user: User, ...roles: User['role'][]): void {
  if (!roles.includes(user.role)) throw new AuthError(403, `Tài khoản ${ROLE_NAMES[user.role]} không được thực hiện thao tác này.`);
}

/**
 * The actor a workflow records and checks: a desk acts as its receiving unit (the file workflow
 * lets the receiving desk do the desk's steps); a viewer never acts.
 */
export function actorOf(user: User): Actor {
  if (user.role === 'viewer') throw new AuthError(403, `Tài khoản ${ROLE_NAMES.viewer} không được thực hiện thao tác này.`);
  if (user.role === 'desk') return { name: user.name, role: 'agency', agency: user.agency };
  return { name: user.name, role: user.role, agency: user.agency };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook for every /api/ route, before the body is read. */
    user: User | null;
    /** How the caller authenticated (null: not yet, or not at all). */
    authenticatedBy: 'token' | 'session' | null;
    /** Who the audit log names for a request refused before it was authenticated (a cookie without its CSRF token, a sign-in). */
    auditActor: User | null;
  }
}

/** The authenticated caller of an /api/ route (the onRequest hook has checked the token or the session). */
export function userOf(request: FastifyRequest): User {
  if (!request.user) throw new AuthError(401, MISSING_TOKEN);
  return request.user;
}

export function isMutating(method: string): boolean {
  return method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Authenticates a request by its bearer token or its session cookie (the token wins when both are
 * sent); throws AuthError 401 without either, 403 for a cookie request that changes something
 * without the session's CSRF token. Reads the database every time: no cache.
 */
export async function authenticateRequest(request: FastifyRequest, deps: { users: UserStore; sessions: SessionStore }): Promise<User> {
  if (request.headers.authorization !== undefined) {
    request.user = await deps.users.authenticate(request.headers.authorization);
    request.authenticatedBy = 'token';
    return request.user;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie === undefined) throw new AuthError(401, MISSING_TOKEN);
  const session = await deps.sessions.resolve(cookie);
  if (!session) throw new AuthError(401, SESSION_ENDED);
  // Known before the CSRF check, so that a refused request is audited with its account.
  request.user = session.user;
  request.authenticatedBy = 'session';
  if (isMutating(request.method)) {
    const given = request.headers[CSRF_HEADER];
    if (typeof given !== 'string' || !sameSecret(given, session.csrfToken)) {
      request.user = null;
      request.auditActor = session.user;
      throw new AuthError(403, CSRF_REFUSAL);
    }
  }
  return session.user;
}
