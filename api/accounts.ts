/**
 * Accounts, for admins: list them with their tokens (never a secret), create one (a generated
 * password is answered once when none is given), disable one, reset its password (answered once),
 * issue a named token (answered once) and revoke a token. Bodies are checked at the edge; the
 * agency and jurisdiction an account names must exist in the directory.
 */
import { z } from 'zod';
import type { Directory } from '../domain/directory';
import { findAgency } from '../domain/messages/recipients';
import { AccountEmailSchema, AccountError, LoginSchema, NewUserSchema, PasswordSchema, ROLES, type NewUser, type UserStore } from '../storage/accounts';
import { userOf, type User } from './auth';
import { topJurisdiction } from './access';
import { ApiError } from './errors';
import { AccountSchema, AccountWithTokensSchema, errors, page, SIGNED_IN_ERRORS, TokenSummarySchema } from './contract/schemas';
import type { ApiApp } from './server';

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
    email: AccountEmailSchema.optional().describe('Thư điện tử nhận các cấp báo cáo mẫu nhắc việc gửi tới tài khoản này.'),
    password: PasswordSchema.optional(),
  })
  .strict();

const EmailBodySchema = z.object({ email: AccountEmailSchema.nullable().describe('Thư điện tử mới; null để xóa.') }).strict();

const PasswordBodySchema = z.object({ password: PasswordSchema.optional() }).strict().prefault({});
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

const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  cursor: z
    .string()
    .regex(/^\d{1,10}$/, 'dùng giá trị “next” của trang trước')
    .optional()
    .describe('Giá trị `next` của trang trước.'),
});

const ADMIN = { access: { roles: ['admin'] as const } };
const tags = ['accounts'];

export function registerAccountRoutes(app: ApiApp, deps: { users: UserStore; directory: { load(): Promise<Directory> } }): void {
  const { users } = deps;

  app.get(
    '/accounts',
    {
      config: ADMIN,
      schema: {
        summary: 'Các tài khoản và mã truy cập của chúng (không bao giờ kèm mật khẩu hay mã); phân trang bằng con trỏ.',
        tags,
        querystring: ListQuerySchema,
        response: { 200: page('accounts', AccountWithTokensSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const after = cursor === undefined ? 0 : Number(cursor);
      const all = (await users.accounts()).filter((a) => a.id > after);
      const shown = all.slice(0, limit);
      const tokens = await users.tokens();
      const accounts = shown.map((a) => ({ ...a, tokens: tokens.filter((t) => t.accountId === a.id) }));
      return { accounts, ...(all.length > limit ? { next: String(shown.at(-1)!.id) } : {}) };
    },
  );

  app.post(
    '/accounts',
    {
      config: ADMIN,
      schema: {
        summary: 'Tạo tài khoản; mật khẩu tạo tự động được trả về một lần.',
        tags,
        body: CreateSchema,
        response: { 201: z.object({ account: AccountSchema, password: z.string().optional() }), ...errors(...SIGNED_IN_ERRORS, 409) },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const { password, ...fields } = request.body;
      const input = NewUserSchema.parse(placeAccount(fields, await deps.directory.load()));
      const created = await answering(() => users.create({ ...input, ...(password !== undefined ? { password } : {}) }, by(user)));
      request.auditSubject = `account:${created.user.id}`;
      return reply.code(201).send({ account: await users.find({ id: created.user.id }), ...(created.password ? { password: created.password } : {}) });
    },
  );

  app.post(
    '/accounts/:id/disable',
    {
      config: ADMIN,
      schema: {
        summary: 'Khóa tài khoản (giữ lịch sử); phiên và mã truy cập của nó ngừng hoạt động.',
        tags,
        params: IdSchema,
        response: { 200: z.object({ account: AccountSchema }), ...errors(...SIGNED_IN_ERRORS, 404, 409) },
      },
    },
    async (request) => {
      const user = userOf(request);
      const { id } = request.params;
      if (id === user.id) throw new ApiError(409, 'Không thể tự khóa tài khoản đang dùng.');
      return { account: await answering(() => users.disable(id, by(user))) };
    },
  );

  app.put(
    '/accounts/:id/email',
    {
      config: ADMIN,
      schema: {
        summary: 'Đặt hoặc xóa thư điện tử của tài khoản (nơi nhận các cấp báo cáo gửi tới tài khoản).',
        tags,
        params: IdSchema,
        body: EmailBodySchema,
        response: { 200: z.object({ account: AccountSchema }), ...errors(...SIGNED_IN_ERRORS, 404) },
      },
    },
    async (request) => {
      const user = userOf(request);
      return { account: await answering(() => users.setEmail(request.params.id, request.body.email, by(user))) };
    },
  );

  app.post(
    '/accounts/:id/password',
    {
      config: ADMIN,
      schema: {
        summary: 'Đặt lại mật khẩu (mật khẩu tạo tự động được trả về một lần); các phiên của tài khoản kết thúc.',
        tags,
        params: IdSchema,
        body: PasswordBodySchema,
        response: { 200: z.object({ password: z.string().optional() }), ...errors(...SIGNED_IN_ERRORS, 404, 409) },
      },
    },
    async (request) => {
      const user = userOf(request);
      return answering(() => users.resetPassword(request.params.id, by(user), request.body.password));
    },
  );

  app.post(
    '/accounts/:id/tokens',
    {
      config: ADMIN,
      schema: {
        summary: 'Cấp mã truy cập có tên cho tài khoản (mã được trả về một lần, chỉ lưu dạng băm).',
        tags,
        params: IdSchema,
        body: TokenBodySchema,
        response: { 201: z.object({ id: z.number().int(), token: z.string(), label: z.string() }), ...errors(...SIGNED_IN_ERRORS, 404, 409) },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      return reply.code(201).send(await answering(() => users.issueToken(request.params.id, request.body, by(user))));
    },
  );

  app.delete(
    '/tokens/:id',
    {
      config: ADMIN,
      schema: {
        summary: 'Thu hồi mã truy cập.',
        tags,
        params: IdSchema,
        response: { 200: z.object({ token: TokenSummarySchema }), ...errors(...SIGNED_IN_ERRORS, 404) },
      },
    },
    async (request) => {
      const user = userOf(request);
      return { token: await answering(() => users.revokeToken(request.params.id, by(user))) };
    },
  );
}
