/** `dondoc users add --email` and `dondoc users set-email` against a real PostgreSQL server (DATABASE_URL). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAdd, runList, runSetEmail, type UsersIo } from '../../cli/users';
import { testDatabaseUrl } from '../support/databases';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const channel: UsersIo = { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => '' };
  return { channel, out, err };
}

describe('dondoc users and e-mail addresses', () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    env = { DATABASE_URL: await testDatabaseUrl(), DATA_DIR: mkdtempSync(join(tmpdir(), 'dondoc-users-email-')) };
  });

  it('adds an account with an e-mail, shows it in the list, changes and clears it', async () => {
    const add = io();
    expect(
      await runAdd({ name: 'Lê Văn Phó', login: 'pho.vp', role: 'monitor', jurisdiction: 'thua-thien-hue', email: 'Pho.VP@Hue.gov.vn' }, add.channel, env),
    ).toBe(0);
    expect(add.out[0]).toMatch(/^Đã tạo tài khoản số \d+: pho\.vp — Lê Văn Phó \(.+, thua-thien-hue\) <pho\.vp@hue\.gov\.vn>\.$/);

    const set = io();
    expect(await runSetEmail('pho.vp', 'lanhdao@hue.gov.vn', {}, set.channel, env)).toBe(0);
    expect(set.out).toEqual(['Đã đặt thư điện tử của pho.vp là lanhdao@hue.gov.vn.']);
    const list = io();
    expect(await runList(list.channel, env)).toBe(0);
    expect(list.out.find((l) => l.includes('pho.vp'))).toContain('<lanhdao@hue.gov.vn>');

    const clear = io();
    expect(await runSetEmail('pho.vp', undefined, { clear: true }, clear.channel, env)).toBe(0);
    expect(clear.out).toEqual(['Đã xóa thư điện tử của pho.vp.']);
  });

  it('refuses a bad address (exit 2), both an address and --clear, and an unknown login (exit 1)', async () => {
    const bad = io();
    expect(await runAdd({ name: 'Sai', login: 'sai.thu', role: 'viewer', jurisdiction: 'thua-thien-hue', email: 'khong-phai-thu' }, bad.channel, env)).toBe(2);
    expect(bad.err).toEqual(['email: thư điện tử không hợp lệ (ví dụ ten@example.gov.vn)']);
    const both = io();
    expect(await runSetEmail('pho.vp', 'a@b.vn', { clear: true }, both.channel, env)).toBe(2);
    expect(both.err).toEqual(['Ghi đúng một trong hai: địa chỉ thư điện tử, hoặc --clear để xóa địa chỉ đang có.']);
    const unknown = io();
    expect(await runSetEmail('khong.ai', 'a@b.vn', {}, unknown.channel, env)).toBe(1);
    expect(unknown.err).toEqual(['Không có tài khoản với tên đăng nhập "khong.ai".']);
    const malformed = io();
    expect(await runSetEmail('pho.vp', 'a@', {}, malformed.channel, env)).toBe(2);
    expect(malformed.err).toEqual(['thư điện tử không hợp lệ (ví dụ ten@example.gov.vn)']);
  });
});
