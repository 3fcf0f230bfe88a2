/**
 * `dondoc backup` / `dondoc restore` (storage/backup.ts): a dump of every dondoc table made on the
 * embedded database restores into a real PostgreSQL server row for row (and back), identity
 * sequences continue after the restored ids, a database with data is refused unless --replace, and
 * a truncated or corrupt dump leaves the database as it was.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runBackup, runRestore } from '../cli/backup';
import { backupDatabase, BackupError, dondocTables, restoreDatabase } from '../storage/backup';
import { openDatabase, type Database, type DatabaseHandle } from '../storage/database';
import type { Tables } from '../storage/tables';
import { LATEST_MIGRATION } from '../storage/migrations';
import { openTestDatabase, testDatabaseUrl } from './support/databases';

const scratch = mkdtempSync(join(tmpdir(), 'dondoc-backup-test-'));
const at = (s: string) => new Date(s);
const EML = Buffer.from([...Array.from({ length: 256 }, (_, i) => i), ...Buffer.from('Subject: Nhắc hạn\r\n\r\nKính gửi Phòng Tư pháp,\n"trích dẫn"\\')]);

/**
 * A few rows in every table. Typed by the keys of `Tables`, so a table added there does not compile
 * here until it is filled too (and the test below checks the dump covers every table with rows).
 */
const FILL: { [K in keyof Tables]: (db: Database) => Promise<unknown> } = {
  accounts: async (db) => {
    await db
      .insertInto('accounts')
      .values([
        {
          name: 'Quản trị',
          role: 'admin',
          agency: null,
          jurisdiction: null,
          login: 'admin',
          password_hash: 'scrypt$abc',
          created_at: at('2026-01-02T03:04:05.678Z'),
          created_by: null,
        },
        {
          name: 'Nguyễn Văn A',
          role: 'officer',
          agency: 'Phòng Tư pháp',
          jurisdiction: 'tuy-phuoc',
          login: 'nva',
          password_hash: null,
          created_at: at('2026-01-03T00:00:00Z'),
          created_by: 'admin',
        },
        {
          name: 'Trần Thị B',
          role: 'viewer',
          agency: null,
          jurisdiction: 'tuy-phuoc',
          login: null,
          password_hash: null,
          disabled_at: at('2026-02-01T00:00:00Z'),
          created_at: at('2026-01-04T00:00:00Z'),
          created_by: 'admin',
        },
      ])
      .execute();
    // A gap in the ids, as deletions leave: the restore keeps ids as they were.
    await db.deleteFrom('accounts').where('login', '=', 'admin').execute();
  },
  access_tokens: (db) =>
    db
      .insertInto('access_tokens')
      .values([
        {
          token_sha256: 'a'.repeat(64),
          account_id: 2,
          label: 'máy trạm',
          created_at: at('2026-01-05T00:00:00Z'),
          expires_at: null,
          revoked_at: null,
          last_used_at: at('2026-03-01T08:00:00.001Z'),
        },
        {
          token_sha256: 'b'.repeat(64),
          account_id: 3,
          label: null,
          created_at: at('2026-01-05T00:00:00Z'),
          expires_at: at('2027-01-05T00:00:00Z'),
          revoked_at: at('2026-02-01T00:00:00Z'),
          last_used_at: null,
        },
      ])
      .execute(),
  sessions: (db) =>
    db
      .insertInto('sessions')
      .values([{ id_sha256: 'c'.repeat(64), account_id: 2, created_at: at('2026-03-01T00:00:00Z'), expires_at: at('2026-03-02T00:00:00Z'), revoked_at: null }])
      .execute(),
  outbox_messages: (db) =>
    db
      .insertInto('outbox_messages')
      .values(
        [1, 2, 3].map((i) => ({
          key: `reminder:plan-${i}:2026-03-0${i}`,
          message_id: `<${i}.dondoc@example.gov.vn>`,
          kind: 'reminder',
          status: i === 1 ? 'sent' : i === 2 ? 'retrying' : 'queued',
          subject: i === 2 ? null : `Nhắc hạn nhiệm vụ ${i}: "Báo cáo" \n dòng hai`,
          recipients: JSON.stringify([`can-bo${i}@example.gov.vn`, 'lanh-dao@example.gov.vn']),
          agencies: JSON.stringify(['Phòng Tư pháp', 'tuy-phuoc-tu-phap']),
          attempts: i,
          created_at: at(`2026-03-0${i}T01:02:03.456Z`),
          updated_at: at(`2026-03-0${i}T01:02:04Z`),
          sent_at: i === 1 ? at('2026-03-01T01:02:05Z') : null,
          channel: i === 1 ? 'smtp' : null,
          response: i === 1 ? '250 2.0.0 OK' : null,
          rejected: JSON.stringify(i === 2 ? ['sai@example.gov.vn'] : []),
          error: i === 2 ? 'ECONNRESET' : null,
          lease_owner: i === 2 ? 'worker-1' : null,
          lease_host: i === 2 ? 'host-a' : null,
          lease_pid: i === 2 ? 4242 : null,
          lease_until: i === 2 ? at('2026-03-02T01:12:03Z') : null,
          queued_for: JSON.stringify(i === 3 ? ['digest:2026-03-03'] : []),
          digest_key: i === 3 ? 'digest:tuy-phuoc-tu-phap:2026-03-03' : null,
          eml: i === 1 ? EML : null,
        })),
      )
      .execute(),
  outbox_agencies: (db) =>
    db
      .insertInto('outbox_agencies')
      .values([1, 2, 3].map((i) => ({ agency_key: 'phong tu phap', created_at: at(`2026-03-0${i}T01:02:03.456Z`), key: `reminder:plan-${i}:2026-03-0${i}` })))
      .execute(),
  digest_queue: (db) =>
    db
      .insertInto('digest_queue')
      .values([
        {
          agency_id: 'tuy-phuoc-tu-phap',
          key: 'reminder:plan-3:2026-03-03',
          agency_name: 'Phòng Tư pháp',
          roles: JSON.stringify(['lead']),
          request: JSON.stringify({ taskId: 't-3', nested: { list: [1, 2.5, null, 'ạ'] } }),
          as_of: '2026-03-03',
          queued_at: at('2026-03-03T01:00:00Z'),
          batch_date: null,
        },
        {
          agency_id: 'tuy-phuoc-tu-phap',
          key: 'reminder:plan-4:2026-03-03',
          agency_name: 'Phòng Tư pháp',
          roles: JSON.stringify([]),
          request: JSON.stringify({}),
          as_of: '2026-03-03',
          queued_at: at('2026-03-03T02:00:00Z'),
          batch_date: '2026-03-04',
        },
      ])
      .execute(),
  onestop_files: (db) =>
    db
      .insertInto('onestop_files')
      .values([
        {
          code: 'HS-000001',
          jurisdiction: 'tuy-phuoc',
          received_on: '2026-03-01',
          revision: 2,
          record: JSON.stringify({ code: 'HS-000001', applicant: { name: 'Lê Văn C' } }),
          updated_at: at('2026-03-02T00:00:00Z'),
        },
      ])
      .execute(),
  onestop_file_revisions: (db) =>
    db
      .insertInto('onestop_file_revisions')
      .values(
        [1, 2].map((revision) => ({ code: 'HS-000001', revision, record: JSON.stringify({ revision }), written_at: at(`2026-03-0${revision}T00:00:00Z`) })),
      )
      .execute(),
  onestop_publications: (db) =>
    db
      .insertInto('onestop_publications')
      .values([
        { code: 'HS-000001', jurisdiction: 'tuy-phuoc', item: JSON.stringify({ apology: 'Xin lỗi vì trễ hạn' }), published_at: at('2026-03-05T00:00:00Z') },
      ])
      .execute(),
  directory_versions: (db) =>
    db
      .insertInto('directory_versions')
      .values(
        [1, 2].map((i) => ({
          directory: JSON.stringify({ version: 1, agencies: [{ id: `a${i}` }] }),
          saved_by: 'admin',
          saved_at: at(`2026-02-0${i}T00:00:00Z`),
          note: i === 2 ? 'Thêm phòng' : null,
        })),
      )
      .execute(),
  audit_log: async (db) => {
    await db
      .insertInto('audit_log')
      .values(
        [1, 2].map((i) => ({
          at: at(`2026-03-0${i}T00:00:00Z`),
          actor: 'admin',
          actor_role: 'admin',
          action: 'account.create',
          subject: `account:${i}`,
          jurisdiction: null,
          details: JSON.stringify({ i }),
        })),
      )
      .execute();
    // An id past 2^53: must come back exactly, not rounded through a JavaScript number.
    await sql`insert into audit_log (id, at, actor, action, details) overriding system value
      values (9007199254740993, '2026-03-03T00:00:00.123456Z', 'system', 'restore.test', '{"big": 12345678901234567890}')`.execute(db);
  },
  templates: (db) =>
    db
      .insertInto('templates')
      .values(
        [1, 2].map((version) => ({
          id: 'nhac-han',
          version,
          name: 'Nhắc hạn',
          definition: JSON.stringify({ subject: 'Nhắc hạn {{task}}' }),
          saved_by: 'admin',
          saved_at: at('2026-01-01T00:00:00Z'),
          retired_at: version === 1 ? at('2026-02-01T00:00:00Z') : null,
        })),
      )
      .execute(),
  markers: (db) =>
    db
      .insertInto('markers')
      .values([{ name: 'samples-loaded', at: at('2026-01-01T00:00:00.5Z') }])
      .execute(),
  legacy_imports: (db) =>
    db
      .insertInto('legacy_imports')
      .values([{ source: 'outbox', imported_at: at('2026-01-01T00:00:00Z'), summary: JSON.stringify({ messages: 3 }) }])
      .execute(),
};

/** The order FILL must run in (parents first); every key of FILL appears once. */
const FILL_ORDER: (keyof Tables)[] = [
  'accounts',
  'access_tokens',
  'sessions',
  'outbox_messages',
  'outbox_agencies',
  'digest_queue',
  'onestop_files',
  'onestop_file_revisions',
  'onestop_publications',
  'directory_versions',
  'audit_log',
  'templates',
  'markers',
  'legacy_imports',
];

async function fillEveryTable(db: Database): Promise<void> {
  expect([...FILL_ORDER].sort()).toEqual(Object.keys(FILL).sort());
  for (const table of FILL_ORDER) await FILL[table](db);
}

/** Every row of every dondoc table, in PostgreSQL's own text form (UTC), sorted: equal means equal. */
async function contents(db: Database): Promise<Record<string, string[]>> {
  return db.transaction().execute(async (trx) => {
    await sql`set local time zone 'UTC'`.execute(trx);
    const out: Record<string, string[]> = {};
    for (const table of await dondocTables(trx)) {
      const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(table)} as t order by 1`.execute(trx);
      out[table] = rows.map((r) => r.row);
    }
    return out;
  });
}

function emptyContents(tables: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.keys(tables).map((t) => [t, []]));
}

let dumpCounter = 0;
const dumpPath = () => join(scratch, `dump-${++dumpCounter}.ndjson.gz`);

describe('backup and restore', () => {
  let source: DatabaseHandle;
  let dump: string;
  let expected: Record<string, string[]>;

  it('a dump of the embedded database restores into a PostgreSQL server row for row, sequences after the highest id', async () => {
    source = await openTestDatabase('embedded');
    await fillEveryTable(source.db);
    expected = await contents(source.db);
    for (const table of Object.keys(FILL)) expect(expected[table]?.length, table).toBeGreaterThan(0);

    dump = dumpPath();
    const made = await backupDatabase(source, dump);
    expect(Object.keys(made.tables).sort()).toEqual(Object.keys(FILL).sort());
    expect(made.migration).toBe(LATEST_MIGRATION);
    // Parents come before the tables pointing at them.
    const order = Object.keys(made.tables);
    expect(order.indexOf('accounts')).toBeLessThan(order.indexOf('sessions'));
    expect(order.indexOf('outbox_messages')).toBeLessThan(order.indexOf('outbox_agencies'));

    const target = await openTestDatabase('server');
    const restored = await restoreDatabase(target, dump);
    expect(restored.tables).toEqual(made.tables);
    expect(await contents(target.db)).toEqual(expected);

    const { id } = await target.db
      .insertInto('accounts')
      .values({ name: 'Mới', role: 'viewer', created_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(id).toBe(4);
    const { version } = await target.db
      .insertInto('directory_versions')
      .values({ directory: '{}', saved_by: 'admin', saved_at: new Date() })
      .returning('version')
      .executeTakeFirstOrThrow();
    expect(version).toBe(3);
    const { rows } = await sql<{ id: string }>`insert into audit_log (at, actor, action) values (now(), 'x', 'y') returning id::text as id`.execute(target.db);
    expect(rows[0]!.id).toBe('9007199254740994');
  });

  it('a dump of the server restores into the embedded database the same', async () => {
    const server = await openTestDatabase('server');
    await restoreDatabase(server, dump);
    const back = dumpPath();
    await backupDatabase(server, back);
    const embedded = await openTestDatabase('embedded');
    await restoreDatabase(embedded, back);
    expect(await contents(embedded.db)).toEqual(expected);
  });

  it('a table added later (not in this test) is in the dump without anyone listing it', async () => {
    const from = await openTestDatabase('embedded');
    const to = await openTestDatabase('server');
    for (const db of [from.db, to.db]) {
      await sql`create table added_later (id bigint generated always as identity primary key, account_id integer references accounts (id), note text)`.execute(
        db,
      );
    }
    await FILL.accounts(from.db);
    await sql`insert into added_later (account_id, note) values (2, 'một'), (3, 'hai')`.execute(from.db);
    const file = dumpPath();
    const made = await backupDatabase(from, file);
    expect(made.tables.added_later).toBe(2);
    await restoreDatabase(to, file);
    expect(await contents(to.db)).toEqual(await contents(from.db));
  });

  it('refuses a database that has data, unless replace: then it holds exactly the dump', async () => {
    const target = await openTestDatabase('server');
    await target.db.insertInto('accounts').values({ name: 'Đã có', role: 'admin', created_at: new Date() }).execute();
    await target.db.insertInto('legacy_imports').values({ source: 'x', imported_at: new Date(), summary: '{}' }).execute();
    const before = await contents(target.db);

    const refused = restoreDatabase(target, dump);
    await expect(refused).rejects.toThrow(BackupError);
    await expect(refused).rejects.toThrow(/Cơ sở dữ liệu đích đã có dữ liệu \(bảng accounts, legacy_imports\).*--replace/);
    expect(await contents(target.db)).toEqual(before);

    await restoreDatabase(target, dump, { replace: true });
    expect(await contents(target.db)).toEqual(expected);
  });

  describe.each(['embedded', 'server'] as const)('a damaged dump restores nothing (%s)', (kind) => {
    const whole = () => gunzipSync(readFileSync(dump)).toString('utf8');
    const damaged = (text: string | Buffer) => {
      const file = dumpPath();
      writeFileSync(file, typeof text === 'string' ? gzipSync(text) : text);
      return file;
    };

    it('cut in the middle of the gzip stream', async () => {
      const target = await openTestDatabase(kind);
      const bytes = readFileSync(dump);
      await expect(restoreDatabase(target, damaged(bytes.subarray(0, Math.floor(bytes.length * 0.6))))).rejects.toThrow(
        /bị hỏng hoặc bị cắt cụt.*Không khôi phục dữ liệu nào/,
      );
      const now = await contents(target.db);
      expect(now).toEqual(emptyContents(now));
    });

    it('cut after whole lines (rows already inserted are rolled back)', async () => {
      const target = await openTestDatabase(kind);
      const lines = whole().split('\n');
      await expect(restoreDatabase(target, damaged(lines.slice(0, -3).join('\n')))).rejects.toThrow(/bị cắt cụt \(thiếu dòng kết thúc\)/);
      const now = await contents(target.db);
      expect(now).toEqual(emptyContents(now));
      // Nor did the rolled-back rows use up ids: the next account is the first.
      const { id } = await target.db
        .insertInto('accounts')
        .values({ name: 'Một', role: 'viewer', created_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(id).toBe(1);
    });

    it('a row PostgreSQL cannot read', async () => {
      const target = await openTestDatabase(kind);
      const text = whole().replace('"created_at":"2026-01-03T00:00:00+00:00"', '"created_at":"không phải ngày"');
      expect(text).toContain('không phải ngày');
      await expect(restoreDatabase(target, damaged(text))).rejects.toThrow(/bị hỏng ở dòng \d+: không ghi được \d+ bản ghi vào bảng accounts/);
      const now = await contents(target.db);
      expect(now).toEqual(emptyContents(now));
    });

    it('a row count that does not match the end line', async () => {
      const target = await openTestDatabase(kind);
      const lines = whole().split('\n');
      // A templates row (no table points at it): the insert itself succeeds, only the count tells.
      const templates = lines.findIndex((l) => l.startsWith('{"table":"templates"'));
      expect(lines[templates + 1]).toMatch(/^\{"r":/);
      lines.splice(templates + 1, 1);
      await expect(restoreDatabase(target, damaged(lines.join('\n')))).rejects.toThrow(/phải có \d+ bản ghi nhưng đọc được/);
      const now = await contents(target.db);
      expect(now).toEqual(emptyContents(now));
    });

    it('not a dondoc backup at all', async () => {
      const target = await openTestDatabase(kind);
      await expect(restoreDatabase(target, damaged('{"hello":1}\n'))).rejects.toThrow(/không phải là bản sao lưu của dondoc/);
      await expect(restoreDatabase(target, damaged(Buffer.from('plain text, not gzip')))).rejects.toThrow(/bị hỏng hoặc bị cắt cụt/);
    });
  });
});

describe('dondoc backup / restore commands', () => {
  const output = () => {
    const lines = { out: [] as string[], err: [] as string[] };
    return { lines, io: { out: (l: string) => lines.out.push(l), err: (l: string) => lines.err.push(l) } };
  };

  it('say in Vietnamese that the embedded database is in use while dondoc runs, exit 1', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-busy-'));
    const running = await openDatabase({ dataDir });
    try {
      const { lines, io } = output();
      expect(await runBackup(join(scratch, 'busy.ndjson.gz'), io, { DATA_DIR: dataDir })).toBe(1);
      expect(lines.err.join('\n')).toMatch(/Cơ sở dữ liệu nhúng đang được một tiến trình dondoc khác sử dụng \(dondoc đang chạy\)/);
    } finally {
      await running.close();
    }
  });

  it('back up a server database and restore it into another, then refuse to restore twice', async () => {
    const from = await testDatabaseUrl();
    const to = await testDatabaseUrl();
    const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-cli-'));
    const seeded = await openDatabase({ databaseUrl: from, dataDir });
    await FILL.accounts(seeded.db);
    await seeded.close();

    const file = join(scratch, 'cli.ndjson.gz');
    const backup = output();
    expect(await runBackup(file, backup.io, { DATA_DIR: dataDir, DATABASE_URL: from })).toBe(0);
    expect(backup.lines.out.join('\n')).toMatch(new RegExp(`^Đã sao lưu 2 bản ghi trong \\d+ bảng, lược đồ ${LATEST_MIGRATION} \\(accounts: 2\\) vào .*cli\\.ndjson\\.gz\\.$`));

    const restore = output();
    expect(await runRestore(file, {}, restore.io, { DATA_DIR: dataDir, DATABASE_URL: to })).toBe(0);
    expect(restore.lines.out.join('\n')).toMatch(/^Đã khôi phục 2 bản ghi/);

    const again = output();
    expect(await runRestore(file, {}, again.io, { DATA_DIR: dataDir, DATABASE_URL: to })).toBe(1);
    expect(again.lines.err.join('\n')).toMatch(/đã có dữ liệu \(bảng accounts\)/);
    expect(await runRestore(file, { replace: true }, output().io, { DATA_DIR: dataDir, DATABASE_URL: to })).toBe(0);
  });
});
