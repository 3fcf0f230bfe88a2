/** Accounts and access tokens in the database, on the embedded PGlite and on a real PostgreSQL server. */
import { describe, expect, it, beforeAll } from 'vitest';
import { AuthError } from '../api/auth';
import { tokenHash, UserStore } from '../storage/accounts';
import { AuditLog } from '../storage/audit';
import type { DatabaseHandle } from '../storage';
import { DATABASE_KINDS, openTestDatabase } from './support/databases';

async function refusal(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe.each(DATABASE_KINDS)('accounts on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let users: UserStore;

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    users = new UserStore(handle.db);
  });

  it('starts empty, then authenticates each token as its own account', async () => {
    expect(await users.isEmpty()).toBe(true);
    const admin = await users.add({ name: 'Quản trị', role: 'admin' });
    const monitor = await users.add({ name: 'Văn phòng HĐND và UBND huyện', role: 'monitor', jurisdiction: 'tuy-phuoc' });
    const agency = await users.add({ name: 'Cán bộ Phòng Nội vụ', role: 'agency', agency: 'Phòng Nội vụ' }, { name: 'Quản trị', role: 'admin' });
    expect(await users.isEmpty()).toBe(false);
    expect(new Set([admin, monitor, agency]).size).toBe(3);

    expect(await users.authenticate(`Bearer ${admin}`)).toMatchObject({ name: 'Quản trị', role: 'admin' });
    const m = await users.authenticate(`bearer ${monitor}`);
    expect(m).toMatchObject({ name: 'Văn phòng HĐND và UBND huyện', role: 'monitor', jurisdiction: 'tuy-phuoc' });
    expect(m).not.toHaveProperty('agency');
    expect(await users.authenticate(`Bearer ${agency}`)).toMatchObject({ role: 'agency', agency: 'Phòng Nội vụ' });
    expect((await users.list()).map((u) => u.name)).toEqual(['Quản trị', 'Văn phòng HĐND và UBND huyện', 'Cán bộ Phòng Nội vụ']);
  });

  it('keeps only the hash of a token', async () => {
    const token = await users.add({ name: 'Cán bộ Phòng Tư pháp', role: 'agency', agency: 'Phòng Tư pháp' });
    const rows = await handle.db.selectFrom('access_tokens').select('token_sha256').execute();
    expect(rows.map((r) => r.token_sha256)).toContain(tokenHash(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('refuses a missing, malformed or unknown token with 401 and the Vietnamese message', async () => {
    const missing = await refusal(users.authenticate(undefined));
    expect(missing.statusCode).toBe(401);
    expect(missing.message).toBe('Cần đăng nhập (thiếu mã truy cập Bearer).');
    expect((await refusal(users.authenticate('Basic abc'))).message).toBe('Cần đăng nhập (thiếu mã truy cập Bearer).');
    const wrong = await refusal(users.authenticate('Bearer not-a-token'));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.message).toBe('Mã truy cập không hợp lệ.');
  });

  it('refuses an account without its agency or a monitor without its jurisdiction, storing nothing', async () => {
    const before = (await users.list()).length;
    await expect(users.add({ name: 'Cán bộ', role: 'agency' })).rejects.toThrow(/agency/);
    await expect(users.add({ name: 'Văn phòng', role: 'monitor' })).rejects.toThrow(/jurisdiction/);
    expect(await users.list()).toHaveLength(before);
  });

  it('notes the last use at most once a minute', async () => {
    const token = await users.add({ name: 'Cán bộ một cửa', role: 'agency', agency: 'Bộ phận Một cửa huyện' });
    const lastUsed = async () =>
      (await handle.db.selectFrom('access_tokens').select('last_used_at').where('token_sha256', '=', tokenHash(token)).executeTakeFirstOrThrow()).last_used_at;
    expect(await lastUsed()).toBeNull();
    await users.authenticate(`Bearer ${token}`);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await users.authenticate(`Bearer ${token}`);
    expect((await lastUsed())?.getTime()).toBe(first!.getTime());
    // A use noted more than a minute ago is noted again.
    await handle.db
      .updateTable('access_tokens')
      .set({ last_used_at: new Date(Date.now() - 61_000) })
      .where('token_sha256', '=', tokenHash(token))
      .execute();
    await users.authenticate(`Bearer ${token}`);
    expect(Date.now() - (await lastUsed())!.getTime()).toBeLessThan(10_000);
  });

  it('refuses a revoked token', async () => {
    const token = await users.add({ name: 'Cán bộ tạm', role: 'agency', agency: 'Phòng Nội vụ' });
    await users.authenticate(`Bearer ${token}`);
    expect(await users.revoke(token)).toBe(1);
    expect((await refusal(users.authenticate(`Bearer ${token}`))).message).toBe('Mã truy cập không hợp lệ.');
    expect(await users.revoke(token)).toBe(0);
  });

  it('audits every account it creates, with who created it', async () => {
    const entries = await new AuditLog(handle.db).list({ limit: 100 });
    const created = entries.filter((e) => e.action === 'account.created');
    expect(created).toHaveLength((await handle.db.selectFrom('accounts').select('id').execute()).length);
    const agency = created.find((e) => e.details.name === 'Cán bộ Phòng Nội vụ')!;
    expect(agency).toMatchObject({ actor: 'Quản trị', actorRole: 'admin', details: { role: 'agency', agency: 'Phòng Nội vụ' } });
    expect(agency.subject).toMatch(/^account:\d+$/);
    const monitor = created.find((e) => e.details.name === 'Văn phòng HĐND và UBND huyện')!;
    expect(monitor).toMatchObject({ actor: 'Hệ thống', actorRole: null, jurisdiction: 'tuy-phuoc' });
    expect(await new AuditLog(handle.db).list({ subject: agency.subject!, limit: 10 })).toEqual([agency]);
  });
});
