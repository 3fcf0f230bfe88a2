/** An account's e-mail address (migration 002), on the embedded PGlite and on a real PostgreSQL server. */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { ZodError } from 'zod';
import { sql } from 'kysely';
import { UserStore } from '../storage/accounts';
import type { DatabaseHandle } from '../storage';
import { DATABASE_KINDS, openTestDatabase } from './support/databases';

const admin = { name: 'Quản trị', role: 'admin', id: 1 };

describe.each(DATABASE_KINDS)('account e-mail on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let users: UserStore;

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    users = new UserStore(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('migration 002 ran after 001', async () => {
    const { rows } = await sql<{ name: string }>`select name from dondoc_migrations order by name`.execute(handle.db);
    expect(rows.map((r) => r.name)).toEqual(['001-initial', '002-account-email']);
  });

  it('keeps the address given at creation (trimmed, lower case), changes and removes it, each change audited', async () => {
    const { user } = await users.create({
      name: 'Lê Văn Phó',
      role: 'monitor',
      jurisdiction: 'tuy-phuoc',
      login: 'pho.vp',
      email: '  Pho.VP@TuyPhuoc.gov.vn ',
    });
    expect((await users.find({ login: 'pho.vp' })).email).toBe('pho.vp@tuyphuoc.gov.vn');
    const other = await users.create({ name: 'Không thư', role: 'viewer', jurisdiction: 'tuy-phuoc', login: 'khong.thu' });
    expect((await users.find({ id: other.user.id })).email).toBeNull();

    expect((await users.setEmail(other.user.id, 'xem@tuyphuoc.gov.vn', admin)).email).toBe('xem@tuyphuoc.gov.vn');
    expect((await users.accounts()).map((a) => [a.login, a.email])).toEqual([
      ['pho.vp', 'pho.vp@tuyphuoc.gov.vn'],
      ['khong.thu', 'xem@tuyphuoc.gov.vn'],
    ]);
    await users.setEmail(user.id, null, admin);
    expect((await users.find({ id: user.id })).email).toBeNull();
    const { rows } = await sql<{
      action: string;
      details: unknown;
    }>`select action, details from audit_log where subject = ${`account:${user.id}`} order by at`.execute(handle.db);
    expect(rows.map((r) => r.action)).toEqual(['account.created', 'account.email-changed']);
    expect(rows[0]!.details).toMatchObject({ email: 'pho.vp@tuyphuoc.gov.vn' });
  });

  it('refuses an address that is not one, in Vietnamese', async () => {
    const created = users.create({ name: 'Sai thư', role: 'viewer', jurisdiction: 'tuy-phuoc', login: 'sai.thu', email: 'khong-phai-thu' });
    await expect(created).rejects.toThrow(ZodError);
    await expect(created).rejects.toThrow('thư điện tử không hợp lệ');
    const { user } = await users.create({ name: 'Đúng thư', role: 'viewer', jurisdiction: 'tuy-phuoc', login: 'dung.thu' });
    await expect(users.setEmail(user.id, 'a@', admin)).rejects.toThrow('thư điện tử không hợp lệ');
  });

  it('tells which of a list of logins exist', async () => {
    expect([...(await users.existingLogins(['PHO.VP', 'khong.ai', 'khong.thu']))].sort()).toEqual(['khong.thu', 'pho.vp']);
    expect(await users.existingLogins([])).toEqual(new Set());
  });
});
