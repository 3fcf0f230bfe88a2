/**
 * `dondoc users …` in this process against a real PostgreSQL server (DATABASE_URL), and against the
 * embedded database while another holder has it open.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_BUSY, runAdd, runDisable, runList, runResetPassword, runTokenIssue, runTokenRevoke, type UsersIo } from '../../cli/users';
import { openStorage } from '../../storage';
import { UserStore } from '../../storage/accounts';
import { AuditLog } from '../../storage/audit';
import { testDatabaseUrl } from '../support/databases';

function io(stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const channel: UsersIo = { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => stdin };
  return { channel, out, err };
}

describe('dondoc users', () => {
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = { DATABASE_URL: await testDatabaseUrl(), DATA_DIR: mkdtempSync(join(tmpdir(), 'dondoc-users-cli-')) };
  });

  const withStore = async <T>(work: (users: UserStore, audit: AuditLog) => Promise<T>): Promise<T> => {
    const handle = await openStorage({ DATABASE_URL: env.DATABASE_URL, DATA_DIR: env.DATA_DIR! });
    try {
      return await work(new UserStore(handle.db), new AuditLog(handle.db));
    } finally {
      await handle.close();
    }
  };

  it('adds an agency officer by the agency’s id, printing a generated password once that signs in', async () => {
    const run = io();
    const code = await runAdd(
      { name: 'Nguyễn Văn An', login: 'an.stp', role: 'agency', agency: 'so-tu-phap', jurisdiction: 'thua-thien-hue' },
      run.channel,
      env,
    );
    expect(run.err).toEqual([]);
    expect(code).toBe(0);
    expect(run.out[0]).toMatch(/^Đã tạo tài khoản số \d+: an\.stp — Nguyễn Văn An \(cơ quan, Sở Tư pháp, thua-thien-hue\)\.$/);
    const password = /: (\S+)$/.exec(run.out[1]!)![1]!;
    expect(password).toHaveLength(16);
    await withStore(async (users, audit) => {
      expect(await users.verifyPassword('an.stp', password)).toMatchObject({ role: 'agency', agency: 'Sở Tư pháp', jurisdiction: 'thua-thien-hue' });
      const [entry] = await audit.list({ limit: 1 });
      expect(entry).toMatchObject({ action: 'account.created', actor: expect.stringMatching(/^Dòng lệnh \(.+\)$/) });
    });
  });

  it('takes a password from stdin and prints none; refuses a bad role, agency or a taken login', async () => {
    const run = io('mat-khau-tu-chon-1\n');
    expect(
      await runAdd({ name: 'Văn phòng tỉnh', login: 'vp.tth', role: 'monitor', jurisdiction: 'thua-thien-hue', passwordStdin: true }, run.channel, env),
    ).toBe(0);
    expect(run.out).toHaveLength(1);
    expect(run.out.join('\n')).not.toContain('mat-khau-tu-chon-1');
    await withStore(async (users) => expect(await users.verifyPassword('vp.tth', 'mat-khau-tu-chon-1')).toMatchObject({ role: 'monitor' }));

    const unknown = io();
    expect(await runAdd({ name: 'X', login: 'x.khong', role: 'agency', agency: 'so-khong-co' }, unknown.channel, env)).toBe(2);
    expect(unknown.err.join('\n')).toMatch(/^agency: không có cơ quan "so-khong-co"/);
    const missing = io();
    expect(await runAdd({ name: 'X', login: 'x.thieu', role: 'viewer' }, missing.channel, env)).toBe(2);
    expect(missing.err.join('\n')).toMatch(/^jurisdiction: /);
    const taken = io();
    expect(await runAdd({ name: 'Y', login: 'an.stp', role: 'viewer', jurisdiction: 'thua-thien-hue' }, taken.channel, env)).toBe(1);
    expect(taken.err.join('\n')).toContain('login: tên đăng nhập "an.stp" đã được dùng.');
  });

  it('issues a token once, lists it without the secret, revokes it by label or number', async () => {
    const issue = io();
    expect(await runTokenIssue('an.stp', { label: 'iGate Thừa Thiên Huế' }, issue.channel, env)).toBe(0);
    const token = issue.out[1]!;
    expect(token).toMatch(/^[\w-]{32}$/);
    await withStore(async (users) => expect(await users.authenticate(`Bearer ${token}`)).toMatchObject({ role: 'agency' }));

    const list = io();
    expect(await runList(list.channel, env)).toBe(0);
    const line = list.out.find((l) => l.includes('an.stp'))!;
    expect(line).toMatch(/đang dùng; mã truy cập: #\d+ "iGate Thừa Thiên Huế"/);
    expect(list.out.join('\n')).not.toContain(token);

    const revoke = io();
    expect(await runTokenRevoke('iGate Thừa Thiên Huế', revoke.channel, env)).toBe(0);
    await withStore(async (users) => await expect(users.authenticate(`Bearer ${token}`)).rejects.toThrow());
    const again = io();
    expect(await runTokenRevoke('iGate Thừa Thiên Huế', again.channel, env)).toBe(1);
    expect(again.err[0]).toContain('Không có mã truy cập đang dùng nào có nhãn');

    const second = io();
    await runTokenIssue('an.stp', { label: 'kịch bản' }, second.channel, env);
    const id = /#(\d+)/.exec(second.out[0]!)![1]!;
    expect(await runTokenRevoke(id, io().channel, env)).toBe(0);
    await withStore(async (users) => await expect(users.authenticate(`Bearer ${second.out[1]}`)).rejects.toThrow());
  });

  it('resets a password (printed once) and disables an account at once', async () => {
    const reset = io();
    expect(await runResetPassword('vp.tth', {}, reset.channel, env)).toBe(0);
    const password = /: (\S+)$/.exec(reset.out[1]!)![1]!;
    await withStore(async (users) => {
      expect(await users.verifyPassword('vp.tth', 'mat-khau-tu-chon-1')).toBeNull();
      expect(await users.verifyPassword('vp.tth', password)).not.toBeNull();
    });
    const disable = io();
    expect(await runDisable('vp.tth', disable.channel, env)).toBe(0);
    await withStore(async (users) => expect(await users.verifyPassword('vp.tth', password)).toBeNull());
    const list = io();
    await runList(list.channel, env);
    expect(list.out.find((l) => l.includes('vp.tth'))).toContain('đã khóa');
    const nobody = io();
    expect(await runDisable('khong.co.ai', nobody.channel, env)).toBe(1);
    expect(nobody.err[0]).toBe('Không có tài khoản với tên đăng nhập "khong.co.ai".');
  });

  it('says how to go on when the embedded database is held by a running dondoc', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-users-busy-'));
    const held = await openStorage({ DATA_DIR: dataDir });
    try {
      const run = io();
      expect(await runList(run.channel, { DATA_DIR: dataDir })).toBe(1);
      expect(run.err).toEqual([DATABASE_BUSY]);
    } finally {
      await held.close();
    }
    const free = io();
    expect(await runList(free.channel, { DATA_DIR: dataDir })).toBe(0);
    expect(free.out).toEqual(['Chưa có tài khoản nào.']);
  });
});
