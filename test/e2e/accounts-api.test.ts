/**
 * Accounts and sign-in through the real API: the session cookie and its CSRF token, sign-out,
 * the sign-in limit, disabling an account, the admin routes and the audit log of every mutating call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../worker/config';
import { stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { SIGN_IN_REFUSAL } from '../../api/session';

const PASSWORD = 'mat-khau-du-dai-1';

describe('accounts and sign-in', () => {
  let config: Config;
  let stack: Stack;
  let api: FastifyInstance;
  let adminToken: string;
  let monitorToken: string;

  const signIn = (login: string, password: string, headers: Record<string, string> = {}) =>
    api.inject({ method: 'POST', url: '/api/session', payload: { login, password }, headers });
  const cookieOf = (res: { cookies: { name: string; value: string }[] }) => {
    const value = res.cookies.find((c) => c.name === 'dondoc_session')?.value;
    return `dondoc_session=${value}`;
  };

  beforeAll(async () => {
    config = await stackConfig('accounts');
    stack = await startStack(config);
    api = stack.api;
    adminToken = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    monitorToken = await stack.users.add({ name: 'Văn phòng UBND tỉnh Bình Định', role: 'monitor', jurisdiction: 'binh-dinh' });
  }, 120_000);
  afterAll(async () => {
    if (stack) await stopStack(stack);
  });

  const asAdmin = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
    api.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${adminToken}` } });

  it('lets an admin create an account with a generated password, shown once, and a monitor not', async () => {
    const refused = await api.inject({
      method: 'POST',
      url: '/api/accounts',
      payload: { name: 'Cán bộ', role: 'viewer', jurisdiction: 'binh-dinh', login: 'can-bo-x' },
      headers: { authorization: `Bearer ${monitorToken}` },
    });
    expect(refused.statusCode).toBe(403);

    const bad = await asAdmin('POST', '/api/accounts', { name: 'Cán bộ', role: 'monitor', login: 'van-phong' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/jurisdiction/);
    const unknownAgency = await asAdmin('POST', '/api/accounts', { name: 'Cán bộ', role: 'agency', agency: 'Sở Không Có' });
    expect(unknownAgency.statusCode).toBe(400);
    expect(unknownAgency.json().error).toMatch(/^agency: /);

    const created = await asAdmin('POST', '/api/accounts', {
      name: 'Cán bộ Phòng Nội vụ Tuy Phước',
      role: 'agency',
      agency: 'Phòng Nội vụ',
      login: 'noivu.tp',
    });
    expect(created.statusCode).toBe(201);
    const { account, password } = created.json();
    expect(account).toMatchObject({ name: 'Cán bộ Phòng Nội vụ Tuy Phước', role: 'agency', jurisdiction: 'tuy-phuoc', login: 'noivu.tp', hasPassword: true });
    expect(password).toMatch(/^\S{16}$/);
    expect(JSON.stringify(account)).not.toContain(password);
    const listed = (await asAdmin('GET', '/api/accounts')).json();
    expect(JSON.stringify(listed)).not.toContain(password);
    expect(listed.accounts.find((a: { login: string }) => a.login === 'noivu.tp')).toMatchObject({ hasPassword: true, disabledAt: null });
    expect((await asAdmin('POST', '/api/accounts', { name: 'Khác', role: 'viewer', jurisdiction: 'binh-dinh', login: 'noivu.tp' })).statusCode).toBe(409);

    const session = await signIn('noivu.tp', password);
    expect(session.statusCode).toBe(200);
  });

  it('signs in with an HttpOnly SameSite cookie that reads, and needs the CSRF token to change anything', async () => {
    await asAdmin('POST', '/api/accounts', {
      name: 'Văn phòng Tuy Phước',
      role: 'monitor',
      jurisdiction: 'tuy-phuoc',
      login: 'vp.tuyphuoc',
      password: PASSWORD,
    });
    const res = await signIn('VP.TuyPhuoc', PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ name: 'Văn phòng Tuy Phước', role: 'monitor', jurisdiction: 'tuy-phuoc' });
    expect(body.csrfToken).toMatch(/^\S{30,}$/);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^dondoc_session=[^;]+;/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
    expect(String((await signIn('vp.tuyphuoc', PASSWORD, { 'x-forwarded-proto': 'https' })).headers['set-cookie'])).toContain('Secure');

    const cookie = cookieOf(res);
    const me = await api.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ role: 'monitor', jurisdiction: 'tuy-phuoc' });
    expect((await api.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json()).toEqual(body);

    // A mutating call: without the CSRF token 403, with it the call goes through (to its own validation).
    const without = await api.inject({ method: 'POST', url: '/api/tasks/task:khong-co:1/progress', payload: {}, headers: { cookie } });
    expect(without.statusCode).toBe(403);
    expect(without.json().error).toMatch(/x-csrf-token/);
    const wrong = await api.inject({ method: 'POST', url: '/api/tasks/task:khong-co:1/progress', payload: {}, headers: { cookie, 'x-csrf-token': 'sai' } });
    expect(wrong.statusCode).toBe(403);
    const withToken = await api.inject({
      method: 'POST',
      url: '/api/tasks/task:khong-co:1/progress',
      payload: {},
      headers: { cookie, 'x-csrf-token': body.csrfToken },
    });
    expect(withToken.statusCode).toBe(404);

    // Sign-out ends the session in the database: the same cookie no longer works.
    expect((await api.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } })).statusCode).toBe(403);
    const out = await api.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, 'x-csrf-token': body.csrfToken } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/dondoc_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await api.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await api.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
  });

  it('answers a wrong password and an unknown login alike, and the 6th rapid attempt with 429', async () => {
    await asAdmin('POST', '/api/accounts', { name: 'Người xem', role: 'viewer', jurisdiction: 'binh-dinh', login: 'nguoi.xem', password: PASSWORD });
    const unknown = await signIn('khong.ai', PASSWORD);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual({ error: SIGN_IN_REFUSAL });
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await signIn('nguoi.xem', `sai-${attempt}-mat-khau`);
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toEqual({ error: SIGN_IN_REFUSAL });
    }
    const sixth = await signIn('nguoi.xem', PASSWORD);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().error).toMatch(/quá nhiều lần/);
    // The limit is the login's: another login still signs in from the same address.
    expect((await signIn('vp.tuyphuoc', PASSWORD)).statusCode).toBe(200);
  });

  it('stops a disabled account’s token and session at once, and refuses its sign-in like a wrong password', async () => {
    const created = (
      await asAdmin('POST', '/api/accounts', { name: 'Một cửa huyện', role: 'desk', agency: 'Bộ phận Một cửa huyện', login: 'motcua.tp', password: PASSWORD })
    ).json();
    expect(created).toHaveProperty('account');
    const id = created.account.id as number;
    expect(created.account).toMatchObject({ role: 'desk', jurisdiction: 'tuy-phuoc' });
    const issued = await asAdmin('POST', `/api/accounts/${id}/tokens`, { label: 'Hệ thống một cửa' });
    expect(issued.statusCode).toBe(201);
    const { token, id: tokenId } = issued.json();
    expect((await asAdmin('GET', '/api/accounts')).json().accounts.find((a: { id: number }) => a.id === id).tokens).toEqual([
      expect.objectContaining({ id: tokenId, label: 'Hệ thống một cửa', revokedAt: null }),
    ]);
    const session = await signIn('motcua.tp', PASSWORD);
    const cookie = cookieOf(session);
    expect((await api.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await api.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);

    expect((await asAdmin('POST', `/api/accounts/${id}/disable`)).statusCode).toBe(200);
    expect((await api.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await api.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    const again = await signIn('motcua.tp', PASSWORD);
    expect(again.statusCode).toBe(401);
    expect(again.json()).toEqual({ error: SIGN_IN_REFUSAL });
  });

  it('resets a password (shown once, old one and sessions end) and revokes a token', async () => {
    const created = (
      await asAdmin('POST', '/api/accounts', { name: 'Thanh tra tỉnh', role: 'viewer', jurisdiction: 'binh-dinh', login: 'thanhtra', password: PASSWORD })
    ).json();
    const id = created.account.id as number;
    const cookie = cookieOf(await signIn('thanhtra', PASSWORD));
    const reset = await asAdmin('POST', `/api/accounts/${id}/password`, {});
    expect(reset.statusCode).toBe(200);
    const { password } = reset.json();
    expect(password).toMatch(/^\S{16}$/);
    expect((await api.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await signIn('thanhtra', PASSWORD)).statusCode).toBe(401);
    expect((await signIn('thanhtra', password)).statusCode).toBe(200);

    const { token, id: tokenId } = (await asAdmin('POST', `/api/accounts/${id}/tokens`, { label: 'báo cáo' })).json();
    expect((await api.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    const revoked = await asAdmin('DELETE', `/api/tokens/${tokenId}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().token).toMatchObject({ id: tokenId, label: 'báo cáo' });
    expect(JSON.stringify(revoked.json())).not.toContain(token);
    expect((await api.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await asAdmin('DELETE', '/api/tokens/999999')).statusCode).toBe(404);
  });

  it('writes every mutating call to the audit log, refused ones too, without a secret; admins and monitors search it', async () => {
    const created = (await asAdmin('POST', '/api/accounts', { name: 'Cán bộ tư pháp', role: 'agency', agency: 'Phòng Tư pháp', login: 'tuphap.tp' })).json();
    const secret = created.password as string;
    await signIn('tuphap.tp', secret);
    await signIn('tuphap.tp', 'khong-phai-mat-khau');
    const { token } = (await asAdmin('POST', `/api/accounts/${created.account.id}/tokens`, { label: 'kịch bản' })).json();
    // Through the versioned path: logged under one name whichever version was called.
    await api.inject({ method: 'POST', url: '/api/v1/tasks/task:khong-co:2/complete', payload: {}, headers: { authorization: `Bearer ${token}` } });

    const page = await asAdmin('GET', '/api/audit?limit=200');
    expect(page.statusCode).toBe(200);
    const { entries } = page.json();
    const text = JSON.stringify(entries);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(token);
    expect(text).not.toContain('khong-phai-mat-khau');
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'POST /api/accounts', actor: 'Quản trị', actorRole: 'admin', subject: `account:${created.account.id}`, outcome: 201 }),
    );
    expect(entries).toContainEqual(expect.objectContaining({ action: 'POST /api/session', actor: 'Cán bộ tư pháp', subject: 'login:tuphap.tp', outcome: 200 }));
    expect(entries).toContainEqual(expect.objectContaining({ action: 'POST /api/session', actor: 'Chưa đăng nhập', subject: 'login:tuphap.tp', outcome: 401 }));
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'POST /api/tasks/:id/complete',
        actor: 'Cán bộ tư pháp',
        actorId: created.account.id,
        actorRole: 'agency',
        subject: 'task:khong-co:2',
        jurisdiction: 'tuy-phuoc',
        outcome: 404,
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'POST /api/tasks/:id/progress', actorRole: 'monitor', outcome: 403, subject: 'task:khong-co:1' }),
    );

    // Filters and the cursor.
    const bySubject = (await asAdmin('GET', `/api/audit?subject=${encodeURIComponent('task:khong-co:2')}`)).json().entries;
    expect(bySubject.map((e: { subject: string }) => e.subject)).toEqual(['task:khong-co:2']);
    const byActor = (await asAdmin('GET', `/api/audit?actor=${created.account.id}`)).json().entries;
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((e: { actorId: number }) => e.actorId === created.account.id)).toBe(true);
    const first = (await asAdmin('GET', '/api/audit?limit=2')).json();
    expect(first.entries).toHaveLength(2);
    const second = (await asAdmin('GET', `/api/audit?limit=2&cursor=${first.next}`)).json();
    expect(Number(second.entries[0].id)).toBeLessThan(Number(first.entries[1].id));

    // A monitor of Bình Định sees Tuy Phước (below it), not what the admin did without a jurisdiction.
    const monitor = await api.inject({ method: 'GET', url: '/api/audit?limit=200', headers: { authorization: `Bearer ${monitorToken}` } });
    expect(monitor.statusCode).toBe(200);
    const seen = monitor.json().entries as { jurisdiction: string | null }[];
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((e) => e.jurisdiction === 'binh-dinh' || e.jurisdiction === 'tuy-phuoc')).toBe(true);
    expect((await api.inject({ method: 'GET', url: '/api/audit', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(403);
  });
});
