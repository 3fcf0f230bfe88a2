/**
 * Accounts, their passwords and their access tokens. A person signs in with a login and a password
 * (scrypt, storage/passwords.ts); a machine uses a named token, shown once, of which only the SHA-256
 * is stored, so a request is authenticated by one indexed lookup of that hash. Every lookup reads
 * the database: a disabled account or a revoked token stops working on the next request.
 * Changes to accounts are written to the audit log in the same transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AuthError } from '../api/auth';
import { AuditLog, SYSTEM_ACTOR } from './audit';
import type { Database } from './database';
import { decoyHash, generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords';

export const ROLES = ['admin', 'monitor', 'agency', 'desk', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose account must name its jurisdiction (an agency's comes from the directory when not given). */
const NEEDS_JURISDICTION: readonly Role[] = ['monitor', 'desk', 'viewer'];

export const LoginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới');
export const PasswordSchema = z.string().min(MIN_PASSWORD_LENGTH, `mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự`).max(200, 'mật khẩu tối đa 200 ký tự');
const TextSchema = () =>
  z
    .string()
    .trim()
    .min(1, 'không được để trống')
    .max(200, 'tối đa 200 ký tự')
    .refine((v) => !v.includes('\u0000'), 'không được chứa ký tự NUL');

/** An account's e-mail address: where a ladder level naming the account is sent. */
export const AccountEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'thư điện tử tối đa 254 ký tự')
  .pipe(z.email({ error: 'thư điện tử không hợp lệ (ví dụ ten@example.gov.vn)' }));

export const NewUserSchema = z
  .object({
    name: TextSchema(),
    role: z.enum(ROLES, { error: `vai trò phải là một trong ${ROLES.join(', ')}` }),
    /** The agency (agency accounts) or the receiving unit (desk accounts). */
    agency: TextSchema().optional(),
    jurisdiction: TextSchema().optional(),
    /** Login name for password sign-in; none for an account used only with tokens. */
    login: LoginSchema.optional(),
    /** Where escalations addressed to this account go (a template's ladder may name it). */
    email: AccountEmailSchema.optional(),
  })
  .refine((u) => !['agency', 'desk'].includes(u.role) || u.agency, {
    path: ['agency'],
    message: 'tài khoản cơ quan hoặc bộ phận một cửa cần mã cơ quan (nơi tiếp nhận)',
  })
  .refine((u) => !NEEDS_JURISDICTION.includes(u.role) || u.jurisdiction, {
    path: ['jurisdiction'],
    message: 'tài khoản văn phòng theo dõi, bộ phận một cửa hoặc người xem cần đơn vị hành chính',
  });
export type NewUser = z.input<typeof NewUserSchema>;

/** An authenticated account, as the API sees it. */
export type User = { id: number; name: string; role: Role; agency?: string; jurisdiction?: string };

/** An account as an admin lists it: never a password or a token. */
export type AccountSummary = User & {
  login: string | null;
  email: string | null;
  hasPassword: boolean;
  disabledAt: Date | null;
  createdAt: Date;
  createdBy: string | null;
};

/** A token as listed: its handle and label, never the token. */
export type TokenSummary = { id: number; accountId: number; label: string | null; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

/** Who makes a change, for the audit log. */
export type ChangedBy = { name: string; role?: string | undefined; id?: number | undefined };

/** last_used_at is written at most this often per token (not on every request). */
const LAST_USED_RESOLUTION_MS = 60_000;

export const MISSING_TOKEN = 'Cần đăng nhập (thiếu mã truy cập Bearer).';
export const INVALID_TOKEN = 'Mã truy cập không hợp lệ.';

export class AccountError extends Error {
  constructor(
    readonly statusCode: 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

/** Runs fn in the caller's transaction, or in a new one. */
function inTransaction<T>(db: Database, fn: (tx: Database) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

type AccountColumns = { id: number; name: string; role: string; agency: string | null; jurisdiction: string | null };

const ACCOUNT_COLUMNS = ['a.id', 'a.name', 'a.role', 'a.agency', 'a.jurisdiction'] as const;

export function userOfRow(row: AccountColumns): User {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    ...(row.agency !== null ? { agency: row.agency } : {}),
    ...(row.jurisdiction !== null ? { jurisdiction: row.jurisdiction } : {}),
  };
}

export class UserStore {
  private readonly audit: AuditLog;

  constructor(private readonly db: Database) {
    this.audit = new AuditLog(db);
  }

  async isEmpty(): Promise<boolean> {
    return (await this.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst()) === undefined;
  }

  /** Adds an account with one access token and returns the token: it is shown once and never stored. */
  async add(user: NewUser, createdBy: ChangedBy = { name: SYSTEM_ACTOR }): Promise<string> {
    return inTransaction(this.db, async (tx) => {
      const { user: created } = await new UserStore(tx).create(user, createdBy);
      // Part of the account's creation (one audit entry for both).
      const token = randomBytes(24).toString('base64url');
      await tx
        .insertInto('access_tokens')
        .values({ token_sha256: tokenHash(token), account_id: created.id, label: 'đầu tiên', created_at: new Date() })
        .execute();
      return token;
    });
  }

  /**
   * Adds an account. With a login, it gets a password: the one given, or a generated one returned
   * here once (only its hash is stored). A login already taken is a 409.
   */
  async create(input: NewUser & { password?: string }, createdBy: ChangedBy = { name: SYSTEM_ACTOR }): Promise<{ user: User; password?: string }> {
    const parsed = NewUserSchema.parse(input);
    const password = parsed.login ? (input.password !== undefined ? PasswordSchema.parse(input.password) : generatePassword()) : undefined;
    const passwordHash = password ? await hashPassword(password) : null;
    const now = new Date();
    const user = await inTransaction(this.db, async (tx) => {
      if (parsed.login && (await tx.selectFrom('accounts').select('id').where('login', '=', parsed.login).executeTakeFirst()))
        throw new AccountError(409, `login: tên đăng nhập "${parsed.login}" đã được dùng.`);
      const row = await tx
        .insertInto('accounts')
        .values({
          name: parsed.name,
          role: parsed.role,
          agency: parsed.agency ?? null,
          jurisdiction: parsed.jurisdiction ?? null,
          login: parsed.login ?? null,
          email: parsed.email ?? null,
          password_hash: passwordHash,
          created_at: now,
          created_by: createdBy.name,
        })
        .returning(['id', 'name', 'role', 'agency', 'jurisdiction'])
        .executeTakeFirstOrThrow();
      await this.audit.record(
        {
          actor: createdBy.name,
          actorId: createdBy.id,
          actorRole: createdBy.role,
          action: 'account.created',
          subject: `account:${row.id}`,
          jurisdiction: parsed.jurisdiction,
          details: {
            name: parsed.name,
            role: parsed.role,
            ...(parsed.agency ? { agency: parsed.agency } : {}),
            ...(parsed.login ? { login: parsed.login } : {}),
            ...(parsed.email ? { email: parsed.email } : {}),
          },
        },
        tx,
      );
      return userOfRow(row);
    });
    // The password is returned only when dondoc chose it: the caller who gave one knows it.
    return { user, ...(password && input.password === undefined ? { password } : {}) };
  }

  /** Every account that is not disabled, oldest first (no tokens). */
  async list(): Promise<User[]> {
    const rows = await this.db.selectFrom('accounts as a').select(ACCOUNT_COLUMNS).where('a.disabled_at', 'is', null).orderBy('a.id').execute();
    return rows.map(userOfRow);
  }

  /** Every account, disabled ones too, oldest first: what an admin manages. */
  async accounts(only: { id?: number; login?: string } = {}): Promise<AccountSummary[]> {
    let query = this.db
      .selectFrom('accounts as a')
      .select([...ACCOUNT_COLUMNS, 'a.login', 'a.email', 'a.password_hash', 'a.disabled_at', 'a.created_at', 'a.created_by'])
      .orderBy('a.id');
    if (only.id !== undefined) query = query.where('a.id', '=', only.id);
    if (only.login !== undefined) query = query.where('a.login', '=', only.login);
    const rows = await query.execute();
    return rows.map((r) => ({
      ...userOfRow(r),
      login: r.login,
      email: r.email,
      hasPassword: r.password_hash !== null,
      disabledAt: r.disabled_at,
      createdAt: r.created_at,
      createdBy: r.created_by,
    }));
  }

  /** One account by id or login (disabled too); AccountError 404 when there is none. */
  async find(key: { id: number } | { login: string }): Promise<AccountSummary> {
    const found = (await this.accounts('id' in key ? { id: key.id } : { login: key.login.trim().toLowerCase() }))[0];
    if (!found) throw new AccountError(404, 'id' in key ? `Không có tài khoản số ${key.id}.` : `Không có tài khoản với tên đăng nhập "${key.login}".`);
    return found;
  }

  /** Sets (or, with null, removes) the account's e-mail address; audited. */
  async setEmail(id: number, email: string | null, changedBy: ChangedBy): Promise<AccountSummary> {
    const value = email === null ? null : AccountEmailSchema.parse(email);
    const account = await this.find({ id });
    await inTransaction(this.db, async (tx) => {
      await tx.updateTable('accounts').set({ email: value }).where('id', '=', id).execute();
      await this.audit.record(
        {
          actor: changedBy.name,
          actorId: changedBy.id,
          actorRole: changedBy.role,
          action: 'account.email-changed',
          subject: `account:${id}`,
          jurisdiction: account.jurisdiction,
          details: { email: value },
        },
        tx,
      );
    });
    return { ...account, email: value };
  }

  /** Of these logins, the ones some account has (disabled accounts too). */
  async existingLogins(logins: string[]): Promise<Set<string>> {
    const wanted = [...new Set(logins.map((l) => l.trim().toLowerCase()))];
    if (wanted.length === 0) return new Set();
    const rows = await this.db.selectFrom('accounts').select('login').where('login', 'in', wanted).execute();
    return new Set(rows.map((r) => r.login!));
  }

  /**
   * The account a login and password name, or null when the login is unknown, the password wrong
   * or the account disabled: the caller cannot tell which, and each takes one scrypt.
   */
  async verifyPassword(login: string, password: string): Promise<User | null> {
    const row = await this.db
      .selectFrom('accounts as a')
      .select([...ACCOUNT_COLUMNS, 'a.password_hash', 'a.disabled_at'])
      .where('a.login', '=', login.trim().toLowerCase())
      .executeTakeFirst();
    const matches = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
    return row && row.password_hash !== null && row.disabled_at === null && matches ? userOfRow(row) : null;
  }

  /** Sets a new password (the one given, or a generated one returned once) and ends the account's sessions. */
  async resetPassword(id: number, changedBy: ChangedBy, given?: string): Promise<{ password?: string }> {
    const account = await this.find({ id });
    if (!account.login) throw new AccountError(409, `Tài khoản số ${id} không có tên đăng nhập nên không đăng nhập bằng mật khẩu; hãy cấp mã truy cập.`);
    const password = given !== undefined ? PasswordSchema.parse(given) : generatePassword();
    const hash = await hashPassword(password);
    await inTransaction(this.db, async (tx) => {
      await tx.updateTable('accounts').set({ password_hash: hash }).where('id', '=', id).execute();
      await tx.updateTable('sessions').set({ revoked_at: new Date() }).where('account_id', '=', id).where('revoked_at', 'is', null).execute();
      await this.audit.record(
        {
          actor: changedBy.name,
          actorId: changedBy.id,
          actorRole: changedBy.role,
          action: 'account.password-reset',
          subject: `account:${id}`,
          jurisdiction: account.jurisdiction,
        },
        tx,
      );
    });
    return given === undefined ? { password } : {};
  }

  /** Disables an account: its sessions and tokens stop working at once; its history stays. */
  async disable(id: number, changedBy: ChangedBy): Promise<AccountSummary> {
    const account = await this.find({ id });
    if (account.disabledAt) return account;
    const now = new Date();
    await inTransaction(this.db, async (tx) => {
      await tx.updateTable('accounts').set({ disabled_at: now }).where('id', '=', id).execute();
      await tx.updateTable('sessions').set({ revoked_at: now }).where('account_id', '=', id).where('revoked_at', 'is', null).execute();
      await this.audit.record(
        {
          actor: changedBy.name,
          actorId: changedBy.id,
          actorRole: changedBy.role,
          action: 'account.disabled',
          subject: `account:${id}`,
          jurisdiction: account.jurisdiction,
        },
        tx,
      );
    });
    return { ...account, disabledAt: now };
  }

  /** Issues a named token for an account and returns it: shown once, only its hash is stored. */
  async issueToken(accountId: number, options: { label: string }, changedBy: ChangedBy): Promise<{ id: number; token: string; label: string }> {
    const label = z.object({ label: TextSchema() }).parse(options).label;
    const account = await this.find({ id: accountId });
    if (account.disabledAt) throw new AccountError(409, `Tài khoản số ${accountId} đã bị khóa; không cấp mã truy cập.`);
    const token = randomBytes(24).toString('base64url');
    return inTransaction(this.db, async (tx) => {
      const { id } = await tx
        .insertInto('access_tokens')
        .values({ token_sha256: tokenHash(token), account_id: accountId, label, created_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit.record(
        {
          actor: changedBy.name,
          actorId: changedBy.id,
          actorRole: changedBy.role,
          action: 'token.issued',
          subject: `account:${accountId}`,
          jurisdiction: account.jurisdiction,
          details: { tokenId: id, label },
        },
        tx,
      );
      return { id, token, label };
    });
  }

  /** Tokens (of one account, or one by id, or all), newest first, without the tokens themselves. */
  async tokens(only: { accountId?: number; id?: number } = {}): Promise<TokenSummary[]> {
    let query = this.db.selectFrom('access_tokens').select(['id', 'account_id', 'label', 'created_at', 'last_used_at', 'revoked_at']).orderBy('id', 'desc');
    if (only.accountId !== undefined) query = query.where('account_id', '=', only.accountId);
    if (only.id !== undefined) query = query.where('id', '=', only.id);
    return (await query.execute()).map((r) => ({
      id: r.id,
      accountId: r.account_id,
      label: r.label,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    }));
  }

  /** Revokes a token by its id; AccountError 404 when there is no such token (revoking twice is fine). */
  async revokeToken(id: number, changedBy: ChangedBy): Promise<TokenSummary> {
    const found = (await this.tokens({ id }))[0];
    if (!found) throw new AccountError(404, `Không có mã truy cập số ${id}.`);
    if (found.revokedAt) return found;
    const now = new Date();
    await inTransaction(this.db, async (tx) => {
      await tx.updateTable('access_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
      await this.audit.record(
        {
          actor: changedBy.name,
          actorId: changedBy.id,
          actorRole: changedBy.role,
          action: 'token.revoked',
          subject: `account:${found.accountId}`,
          details: { tokenId: id },
        },
        tx,
      );
    });
    return { ...found, revokedAt: now };
  }

  /** The account a `Bearer <token>` header names; AuthError 401 when it is missing, unknown, revoked, expired or disabled. */
  async authenticate(header: string | undefined): Promise<User> {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!token) throw new AuthError(401, MISSING_TOKEN);
    const digest = tokenHash(token);
    const now = new Date();
    const row = await this.db
      .selectFrom('access_tokens as t')
      .innerJoin('accounts as a', 'a.id', 't.account_id')
      .select([...ACCOUNT_COLUMNS, 't.last_used_at'])
      .where('t.token_sha256', '=', digest)
      .where('t.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now)]))
      .where('a.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new AuthError(401, INVALID_TOKEN);
    if (row.last_used_at === null || now.getTime() - row.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
      await this.db.updateTable('access_tokens').set({ last_used_at: now }).where('token_sha256', '=', digest).execute();
    }
    return userOfRow(row);
  }

  /** Revokes one token (the token itself) or every token of an account (its id); how many were revoked. */
  async revoke(target: string | number): Promise<number> {
    let query = this.db.updateTable('access_tokens').set({ revoked_at: new Date() }).where('revoked_at', 'is', null);
    query = typeof target === 'number' ? query.where('account_id', '=', target) : query.where('token_sha256', '=', tokenHash(target));
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
