/**
 * Accounts, for admins: list them with their tokens (never a secret), create one (a generated
 * password is answered once when none is given), disable one, reset its password (answered once),
 * issue a named token (answered once) and revoke a token. Bodies are checked at the edge; the
 * agency and jurisdiction an account names must exist in the directory.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Directory } from '../domain/directory';
import { findAgency } from '../domain/messages/recipients';
import { AccountError, LoginSchema, NewUserSchema, PasswordSchema, ROLES, type NewUser, type UserStore } from '../storage/accounts';
import { requireRole, userOf, type User } from './auth';
import { topJurisdiction } from './access';
import { ApiError } from './errors';

const IdSchema = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
});

const CreateSchema = z
  .object({
    name: z.string(),
    role: z.enum(ROLES),
    agency: z.string().optional(),
    jurisdiction: z.string().optional(),
    login: LoginSchema.optional(),
    password: PasswordSchema.optional(),
  })
  .strict();

const PasswordBodySchema = z.object({ password: PasswordSchema.optional() }).strict();
const TokenBodySchema = z.object({ label: z.string().trim().min(1, 'không được để trống').max(200, 'tối đa 200 ký tự') }).strict();

/**
 * The account as the directory places it: an agency's or desk's unit must exist (its id is kept),
 * the jurisdiction must exist, and an agency or desk takes its unit's jurisdiction when none is given;
 * an admin without one gets the directory's top jurisdiction, when it has a single one.
 */
export function placeAccount(input: NewUser, directory: Directory): NewUser {
  const out = { ...input };
  if (out.agency !== undefined) {
    const agency = directory.agencies.find((a) => a.id === out.agency) ?? findAgency(directory, out.agency);
    if (!agency) throw new ApiError(400, `agency: không có cơ quan "${out.agency}" trong danh bạ.`);
    // Kept by its name, as tasks and files name their agencies.
    out.agency = agency.name;
    out.jurisdiction ??= agency.jurisdiction;
    if (out.jurisdiction !== agency.jurisdiction)
      throw new ApiError(400, `jurisdiction: ${agency.name} thuộc đơn vị hành chính "${agency.jurisdiction}", không phải "${out.jurisdiction}".`);
  }
  if (out.role === 'admin') out.jurisdiction ??= topJurisdiction(directory);
  if (out.jurisdiction !== undefined && !directory.jurisdictions.some((j) => j.id === out.jurisdiction))
    throw new ApiError(400, `jurisdiction: không có đơn vị hành chính "${out.jurisdiction}" trong danh bạ.`);
  return out;
}

/** Storage's refusals (unknown account, login taken) as API errors. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AccountError) throw new ApiError(err.statusCode, err.message);
    throw err;
  }
}

const by = (user: User) => ({ name: user.name, role: user.role, id: user.id });

export function registerAccountRoutes(app: FastifyInstance, deps: { users: UserStore; directory: { load(): Promise<Directory> } }): void {
  const { users } = deps;
  const admin = (request: Parameters<typeof userOf>[0]) => {
    const user = userOf(request);
    requireRole(user, 'admin');
    return user;
  };

  app.get('/api/accounts', async (request) => {
    admin(request);
    const tokens = await users.tokens();
    return { accounts: (await users.accounts()).map((a) => ({ ...a, tokens: tokens.filter((t) => t.accountId === a.id) })) };
  });

  app.post('/api/accounts', async (request, reply) => {
    const user = admin(request);
    const body = CreateSchema.parse(request.body);
    const { password, ...fields } = body;
    const input = NewUserSchema.parse(placeAccount(fields, await deps.directory.load()));
    const created = await answering(() => users.create({ ...input, ...(password !== undefined ? { password } : {}) }, by(user)));
    request.auditSubject = `account:${created.user.id}`;
    return reply.code(201).send({ account: await users.find({ id: created.user.id }), ...(created.password ? { password: created.password } : {}) });
  });

  app.post('/api/accounts/:id/disable', async (request) => {
    const user = admin(request);
    const { id } = IdSchema.parse(request.params);
    if (id === user.id) throw new ApiError(409, 'Không thể tự khóa tài khoản đang dùng.');
    return { account: await answering(() => users.disable(id, by(user))) };
  });

  app.post('/api/accounts/:id/password', async (request) => {
    const user = admin(request);
    const { id } = IdSchema.parse(request.params);
    const body = PasswordBodySchema.parse(request.body ?? {});
    return answering(() => users.resetPassword(id, by(user), body.password));
  });

  app.post('/api/accounts/:id/tokens', async (request, reply) => {
    const user = admin(request);
    const { id } = IdSchema.parse(request.params);
    const body = TokenBodySchema.parse(request.body);
    return reply.code(201).send(await answering(() => users.issueToken(id, body, by(user))));
  });

  app.delete('/api/tokens/:id', async (request) => {
    const user = admin(request);
    const { id } = IdSchema.parse(request.params);
    return { token: await answering(() => users.revokeToken(id, by(user))) };
  });
}
