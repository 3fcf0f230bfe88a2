/**
 * Bearer-token authentication with three separate roles: admin (templates, directory, imports),
 * monitor (Văn phòng UBND: extensions, deadlines, escalation acknowledgements) and agency (acts only
 * on its own tasks). Tokens are stored hashed in DATA_DIR/users.json.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../workflows/task-api';

export const UserSchema = z
  .object({
    name: z.string().min(1),
    role: z.enum(['admin', 'monitor', 'agency']),
    agency: z.string().optional(),
    jurisdiction: z.string().optional(),
    tokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .refine((u) => u.role !== 'agency' || u.agency, 'an agency user needs its agency')
  .refine((u) => u.role !== 'monitor' || u.jurisdiction, 'a monitor needs its jurisdiction');
export type User = z.infer<typeof UserSchema>;

const UsersFileSchema = z.object({ users: z.array(UserSchema) });

export class AuthError extends Error {
  constructor(
    readonly statusCode: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class UserStore {
  private users: User[];

  constructor(private readonly file: string) {
    this.users = existsSync(file) ? UsersFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).users : [];
  }

  static open(dataDir: string): UserStore {
    return new UserStore(join(dataDir, 'users.json'));
  }

  get isEmpty(): boolean {
    return this.users.length === 0;
  }

  /** Adds a user and returns its token, shown once. */
  add(user: Omit<User, 'tokenSha256'>): string {
    const token = randomBytes(24).toString('base64url');
    this.users.push(UserSchema.parse({ ...user, tokenSha256: hash(token) }));
    this.save();
    return token;
  }

  list(): Omit<User, 'tokenSha256'>[] {
    return this.users.map(({ tokenSha256: _, ...u }) => u);
  }

  authenticate(header: string | undefined): User {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!token) throw new AuthError(401, 'Cần đăng nhập (thiếu mã truy cập Bearer).');
    const digest = Buffer.from(hash(token), 'hex');
    const user = this.users.find((u) => timingSafeEqual(Buffer.from(u.tokenSha256, 'hex'), digest));
    if (!user) throw new AuthError(401, 'Mã truy cập không hợp lệ.');
    return user;
  }

  private save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ users: this.users }, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

/** How a role is named to people. */
export const ROLE_NAMES: Record<User['role'], string> = { admin: 'quản trị', monitor: 'văn phòng theo dõi', agency: 'cơ quan' };

export function requireRole(user: User, ...roles: User['role'][]): void {
  if (!roles.includes(user.role)) throw new AuthError(403, `Tài khoản ${ROLE_NAMES[user.role]} không được thực hiện thao tác này.`);
}

export function actorOf(user: User): Actor {
  return { name: user.name, role: user.role, agency: user.agency };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook for every /api/ route, before the body is read. */
    user: User | null;
  }
}

/** The authenticated caller of an /api/ route (the onRequest hook has checked the token). */
export function userOf(request: FastifyRequest): User {
  if (!request.user) throw new AuthError(401, 'Cần đăng nhập (thiếu mã truy cập Bearer).');
  return request.user;
}
