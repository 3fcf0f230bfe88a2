/**
 * Passwords, sessions, named tokens and disabled accounts in the database, on the embedded PGlite
 * and on a real PostgreSQL server.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../api/auth';
import { AccountError, UserStore } from '../storage/accounts';
import { AuditLog } from '../storage/audit';
import { hashPassword, verifyPassword } from '../storage/passwords';
import { ABSOLUTE_MS, IDLE_MS, SessionStore } from '../storage/sessions';
import type { DatabaseHandle } from '../storage';
import { DATABASE_KINDS, openTestDatabase } from './support/databases';

const PASSWORD = 'mot-mat-khau-dai';

describe('password hashes', () => {
  it('are salted scrypt strings that verify only the right password', async () => {
    const [a, b] = [await hashPassword(PASSWORD), await hashPassword(PASSWORD)];
    expect(a).toMatch(/^scrypt\$32768\$8\$3\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(PASSWORD, a)).toBe(true);
    expect(await verifyPassword(`${PASSWORD}x`, a)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'md5$abc')).toBe(false);
  });
});

describe.each(DATABASE_KINDS)('sign-in records on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let users: UserStore;
  let clock: Date;
  let sessions: SessionStore;
  const admin = { name: 'Quản trị', role: 'admin', id: 0 };

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    users = new UserStore(handle.db);
    clock = new Date('2026-11-26T08:00:00Z');
    sessions = new SessionStore(handle.db, () => clock);
  });

  it('verifies a password by login (any case), and refuses a wrong one or an unknown login the same way', async () => {
    const { user, password } = await users.create(
      { name: 'Cán bộ Phòng Nội vụ', role: 'agency', agency: 'Phòng Nội vụ', login: 'NoiVu.TP', password: PASSWORD },
      admin,
    );
    expect(password).toBeUndefined();
    const stored = await handle.db.selectFrom('accounts').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).not.toContain(PASSWORD);
    expect(await users.verifyPassword('noivu.tp', PASSWORD)).toMatchObject({ id: user.id, role: 'agency', agency: 'Phòng Nội vụ' });
    expect(await users.verifyPassword(' NOIVU.TP ', PASSWORD)).toMatchObject({ id: user.id });
    expect(await users.verifyPassword('noivu.tp', 'sai-mat-khau-roi')).toBeNull();
    expect(await users.verifyPassword('khong-co', PASSWORD)).toBeNull();
    await expect(users.create({ name: 'Khác', role: 'viewer', jurisdiction: 'tuy-phuoc', login: 'noivu.tp' }, admin)).rejects.toBeInstanceOf(AccountError);
    await expect(users.create({ name: 'Ngắn', role: 'viewer', jurisdiction: 'tuy-phuoc', login: 'ngan.qua', password: 'ngan' }, admin)).rejects.toThrow(
      /ít nhất 10/,
    );
  });

  it('generates a password when none is given, and a reset replaces it and ends the sessions', async () => {
    const { user, password } = await users.create({ name: 'Thanh tra', role: 'viewer', jurisdiction: 'binh-dinh', login: 'thanh-tra' }, admin);
    expect(password).toMatch(/^[\w-]{16}$/);
    expect(await users.verifyPassword('thanh-tra', password!)).toMatchObject({ id: user.id, role: 'viewer' });
    const session = await sessions.start(user);
    const reset = await users.resetPassword(user.id, admin);
    expect(reset.password).toMatch(/^[\w-]{16}$/);
    expect(await users.verifyPassword('thanh-tra', password!)).toBeNull();
    expect(await users.verifyPassword('thanh-tra', reset.password!)).toMatchObject({ id: user.id });
    expect(await sessions.resolve(session.id)).toBeNull();
    expect(await users.resetPassword(user.id, admin, 'mat-khau-tu-chon')).toEqual({});
    expect(await users.verifyPassword('thanh-tra', 'mat-khau-tu-chon')).not.toBeNull();
  });

  it('keeps a session for 12 hours idle and 7 days at most, stores only its hash, and ends it on sign-out', async () => {
    const { user } = await users.create({ name: 'Văn phòng huyện', role: 'monitor', jurisdiction: 'tuy-phuoc', login: 'vp-huyen', password: PASSWORD }, admin);
    const start = clock;
    const session = await sessions.start(user);
    const rows = await handle.db.selectFrom('sessions').select('id_sha256').execute();
    expect(JSON.stringify(rows)).not.toContain(session.id);
    expect(await sessions.resolve(session.id)).toEqual({
      user: expect.objectContaining({ id: user.id }),
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
    });
    expect(await sessions.resolve('khong-phai-phien')).toBeNull();

    // Used every 11 hours it lives on, up to its 7 days.
    for (let t = 11; t < 7 * 24; t += 11) {
      clock = new Date(start.getTime() + t * 3_600_000);
      expect(await sessions.resolve(session.id), `after ${t} h`).not.toBeNull();
    }
    clock = new Date(start.getTime() + ABSOLUTE_MS);
    expect(await sessions.resolve(session.id)).toBeNull();

    // Idle for 12 hours: ended.
    clock = start;
    const idle = await sessions.start(user);
    clock = new Date(start.getTime() + IDLE_MS - 60_000);
    expect(await sessions.resolve(idle.id)).not.toBeNull();
    clock = new Date(clock.getTime() + IDLE_MS);
    expect(await sessions.resolve(idle.id)).toBeNull();

    const out = await sessions.start(user);
    expect(await sessions.end(out.id)).toBe(true);
    expect(await sessions.resolve(out.id)).toBeNull();
    expect(await sessions.end(out.id)).toBe(false);
    clock = new Date('2026-11-26T08:00:00Z');
  });

  it('issues named tokens shown once, lists them without the secret, and revokes one by its id', async () => {
    const { user } = await users.create({ name: 'Hệ thống một cửa', role: 'desk', agency: 'Bộ phận Một cửa huyện', jurisdiction: 'tuy-phuoc' }, admin);
    const first = await users.issueToken(user.id, { label: 'iGate' }, admin);
    const second = await users.issueToken(user.id, { label: 'kịch bản' }, admin);
    expect(await users.authenticate(`Bearer ${first.token}`)).toMatchObject({ id: user.id, role: 'desk' });
    const listed = await users.tokens({ accountId: user.id });
    expect(listed.map((t) => t.label)).toEqual(['kịch bản', 'iGate']);
    expect(JSON.stringify(listed)).not.toContain(first.token);
    expect(await users.revokeToken(first.id, admin)).toMatchObject({ id: first.id, revokedAt: expect.any(Date) });
    await expect(users.authenticate(`Bearer ${first.token}`)).rejects.toBeInstanceOf(AuthError);
    expect(await users.authenticate(`Bearer ${second.token}`)).toMatchObject({ id: user.id });
    await expect(users.revokeToken(999_999, admin)).rejects.toThrow(/999999/);
  });

  it('stops a disabled account’s tokens, sessions and password at once, and keeps its history', async () => {
    const { user } = await users.create({ name: 'Cán bộ nghỉ việc', role: 'agency', agency: 'Phòng Tư pháp', login: 'nghi-viec', password: PASSWORD }, admin);
    const { token } = await users.issueToken(user.id, { label: 'máy trạm' }, admin);
    const session = await sessions.start(user);
    await users.disable(user.id, admin);
    await expect(users.authenticate(`Bearer ${token}`)).rejects.toBeInstanceOf(AuthError);
    expect(await sessions.resolve(session.id)).toBeNull();
    expect(await users.verifyPassword('nghi-viec', PASSWORD)).toBeNull();
    expect((await users.list()).map((u) => u.id)).not.toContain(user.id);
    expect((await users.find({ login: 'nghi-viec' })).disabledAt).toBeInstanceOf(Date);
    await expect(users.issueToken(user.id, { label: 'mới' }, admin)).rejects.toBeInstanceOf(AccountError);
    const history = (await new AuditLog(handle.db).list({ subject: `account:${user.id}`, limit: 10 })).map((e) => e.action);
    expect(history).toEqual(['account.disabled', 'token.issued', 'account.created']);
  });

  it('searches the audit log by actor and jurisdiction, page by page, newest first', async () => {
    const log = new AuditLog(handle.db);
    for (let i = 0; i < 5; i++)
      await log.record({ actor: 'Văn phòng huyện', actorId: 42, action: 'POST /api/x', jurisdiction: i % 2 ? 'tuy-phuoc' : 'binh-dinh', outcome: 200 });
    const first = await log.search({ actor: '42', limit: 3 });
    expect(first.entries).toHaveLength(3);
    expect(first.next).toBe(first.entries[2]!.id);
    const second = await log.search({ actor: 'VĂN PHÒNG HUYỆN', cursor: first.next, limit: 3 });
    expect(second.entries).toHaveLength(2);
    expect(second.next).toBeUndefined();
    expect([...first.entries, ...second.entries].map((e) => Number(e.id))).toEqual(
      [...first.entries, ...second.entries].map((e) => Number(e.id)).sort((a, b) => b - a),
    );
    expect((await log.search({ actor: '42', jurisdictions: ['tuy-phuoc'], limit: 10 })).entries).toHaveLength(2);
    expect((await log.search({ jurisdictions: [], limit: 10 })).entries).toEqual([]);
  });
});
