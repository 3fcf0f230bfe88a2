/**
 * The upgrade: a DATA_DIR written by the file-based dondoc (test/fixtures/legacy-data-dir, made by
 * that version's own code) is imported once at the first start on PostgreSQL, and nothing is lost.
 * Checked against test/fixtures/legacy-inventory.json and against the files themselves, read back
 * through the repositories the new code uses.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { nameKey } from '../domain/messages/text';
import { openStorage, type DatabaseHandle } from '../storage';
import { UserStore } from '../storage/accounts';
import { openDatabase } from '../storage/database';
import { DigestQueue } from '../storage/digest-queue';
import { DirectoryStore } from '../storage/directory';
import { IMPORTED_BY, importLegacyDataDir, LEGACY_SOURCE, LegacyImportError, type ImportLogger } from '../storage/legacy-import';
import { Markers } from '../storage/markers';
import { FileRecordStore, PublicationStore } from '../storage/onestop';
import { hashKey, messageIdFor, Outbox } from '../storage/outbox';
import { DATABASE_KINDS, testDatabaseUrl, type DatabaseKind } from './support/databases';

const FIXTURE = fileURLToPath(new URL('./fixtures/legacy-data-dir', import.meta.url));
const inventory = JSON.parse(readFileSync(new URL('./fixtures/legacy-inventory.json', import.meta.url), 'utf8'));

/**
 * Synthetic outbox records for the bulk import: enough to cross several insert chunks by default;
 * LEGACY_IMPORT_RECORDS=20000 (or 100000) measures a real-sized DATA_DIR.
 */
const BULK_RECORDS = Number(process.env.LEGACY_IMPORT_RECORDS ?? 2_000);

/** Every table the import writes. */
const TABLES = [
  'outbox_messages',
  'outbox_agencies',
  'digest_queue',
  'onestop_files',
  'onestop_file_revisions',
  'onestop_publications',
  'directory_versions',
  'accounts',
  'access_tokens',
  'audit_log',
  'markers',
  'legacy_imports',
] as const;

type LedgerFile = { key: string; status: string; kind: string; channel: string | null; agencies: string[]; digestKey: string | null; lease: unknown };

/** A fresh copy of the fixture (a DATA_DIR as the old version left it). */
function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-legacy-'));
  cpSync(FIXTURE, dir, { recursive: true });
  rmSync(join(dir, 'README.md'));
  return dir;
}

/** Path → bytes of every file of the old layout (the database's own files left out). */
function snapshotFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (d === dir && entry.name.startsWith('postgres')) continue;
      if (entry.isDirectory()) walk(full);
      else out.set(relative(dir, full), createHash('sha256').update(readFileSync(full)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

function recordFiles(dir: string): { name: string; record: LedgerFile; raw: unknown }[] {
  const names = readdirSync(join(dir, 'outbox', 'records')).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  return names.map((name) => {
    const raw = JSON.parse(readFileSync(join(dir, 'outbox', 'records', name), 'utf8'));
    return { name, record: raw as LedgerFile, raw };
  });
}

function captureLogger(): ImportLogger & { lines: { level: string; details: object; message: string }[] } {
  const lines: { level: string; details: object; message: string }[] = [];
  return {
    lines,
    info: (details, message) => lines.push({ level: 'info', details, message }),
    warn: (details, message) => lines.push({ level: 'warn', details, message }),
  };
}

function tally<T>(items: T[], of: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[of(item)] = (out[of(item)] ?? 0) + 1;
  return out;
}

async function countRows(db: DatabaseHandle['db'], table: (typeof TABLES)[number]): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A digest of every row of every table the import writes: equal digests, equal contents. */
async function tableDigests(db: DatabaseHandle['db']): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ digest: string | null }>`select md5(string_agg(t::text, '|' order by t::text)) as digest from ${sql.table(table)} t`.execute(
      db,
    );
    out[table] = rows[0]?.digest ?? '';
  }
  return out;
}

describe.each(DATABASE_KINDS)('%s', (kind: DatabaseKind) => {
  async function config(dataDir: string, url?: string) {
    return { DATA_DIR: dataDir, DATABASE_URL: kind === 'server' ? (url ?? (await testDatabaseUrl())) : undefined };
  }

  it('imports a data directory of the file-based version once, with every record and value as it was', async () => {
    const dataDir = copyFixture();
    // A token handed out by the old version (UserStore.add: 24 random bytes, base64url; SHA-256 kept).
    const token = randomBytes(24).toString('base64url');
    const usersFile = join(dataDir, 'users.json');
    const users = JSON.parse(readFileSync(usersFile, 'utf8')) as {
      users: { name: string; role: string; tokenSha256: string; agency?: string; jurisdiction?: string }[];
    };
    users.users[0]!.tokenSha256 = createHash('sha256').update(token).digest('hex');
    writeFileSync(usersFile, JSON.stringify(users, null, 2), { mode: 0o600 });
    // What the old version also left behind, and must be ignored: a crash leftover, a dot-file.
    writeFileSync(join(dataDir, 'outbox', 'records', `.${'a'.repeat(64)}.json.123.abcd.tmp`), '{"key": "half');
    writeFileSync(join(dataDir, 'onestop', 'files', '.DS_Store'), 'x');
    const before = snapshotFiles(dataDir);

    const url = kind === 'server' ? await testDatabaseUrl() : undefined;
    const logger = captureLogger();
    const started = performance.now();
    const storage = await openStorage(await config(dataDir, url), { logger });
    const elapsed = performance.now() - started;
    try {
      const db = storage.db;
      console.log(
        `[${kind}] open + import of the fixture: ${elapsed.toFixed(0)} ms (import ${(logger.lines[0]?.details as { legacyImport?: { durationMs: number } }).legacyImport?.durationMs} ms)`,
      );
      expect(logger.lines.filter((l) => l.level === 'info')).toHaveLength(1);
      expect(logger.lines[0]!.message).toMatch(/may be archived/);

      // ---- outbox: counts as the inventory says, and every record exactly as its file
      const files = recordFiles(dataDir);
      expect(files).toHaveLength(inventory.outbox.records);
      expect(await countRows(db, 'outbox_messages')).toBe(inventory.outbox.records);
      const rows = await db
        .selectFrom('outbox_messages')
        .select(['key', 'status', 'kind', 'channel', sql<boolean>`eml is not null`.as('has_eml')])
        .execute();
      expect(tally(rows, (r) => r.status)).toEqual(inventory.outbox.byStatus);
      expect(tally(rows, (r) => r.kind)).toEqual(inventory.outbox.byKind);
      expect(tally(rows, (r) => String(r.channel))).toEqual(inventory.outbox.byChannel);
      expect(rows.filter((r) => r.has_eml)).toHaveLength(inventory.outbox.emlFiles);
      expect(
        tally(
          rows.filter((r) => r.has_eml),
          (r) => r.status,
        ),
      ).toEqual(inventory.outbox.withEmlByStatus);

      const outbox = new Outbox(db);
      for (const { name, record, raw } of files) {
        expect(name).toBe(`${hashKey(record.key)}.json`);
        expect(await outbox.get(record.key)).toEqual(raw);
        const emlFile = join(dataDir, 'outbox', 'messages', `${hashKey(record.key)}.eml`);
        const eml = await outbox.readEml(record.key);
        if (before.has(relative(dataDir, emlFile))) expect(eml?.equals(readFileSync(emlFile))).toBe(true);
        else expect(eml).toBeNull();
      }
      const example = await outbox.get(inventory.outbox.example.key);
      expect(example).toMatchObject({ ...inventory.outbox.example, messageId: messageIdFor(inventory.outbox.example.key) });
      const digested = files.filter((f) => f.record.digestKey === inventory.outbox.digest.key).map((f) => f.record.key);
      expect(digested.sort()).toEqual([...inventory.outbox.digest.digested].sort());
      expect(await outbox.get(inventory.outbox.digest.key)).toMatchObject({ status: inventory.outbox.digest.status, subject: inventory.outbox.digest.subject });
      for (const key of inventory.outbox.sendingWithLease) {
        const lease = (await outbox.get(key))!.lease;
        expect(lease).not.toBeNull();
        expect(lease).toEqual(files.find((f) => f.record.key === key)!.record.lease);
      }
      // Listing by agency (normalised name or id) finds exactly the records that name it.
      const agencyNames = [...new Set(files.flatMap((f) => f.record.agencies))];
      for (const agency of agencyNames) {
        const listed = (await outbox.list({ agency, limit: 1000 })).map((e) => e.key).sort();
        const expected = files
          .filter((f) => f.record.agencies.some((a) => nameKey(a) === nameKey(agency)))
          .map((f) => f.record.key)
          .sort();
        expect(listed, agency).toEqual(expected);
      }
      expect((await outbox.list({ limit: 1000 })).filter((e) => e.hasEml)).toHaveLength(inventory.outbox.emlFiles);

      // ---- digest queue: pending and gathered notices, as their files
      const queue = new DigestQueue(db);
      expect(await queue.agencies()).toEqual(inventory.digestQueue.agencies);
      const pending = await queue.pending('so-noi-vu');
      expect(pending.map((n) => n.key)).toEqual(inventory.digestQueue.pending);
      const pendingFile = join(dataDir, 'outbox', 'queue', 'so-noi-vu', 'pending', `${hashKey(pending[0]!.key)}.json`);
      expect(pending[0]).toEqual(JSON.parse(readFileSync(pendingFile, 'utf8')));
      for (const [where, keys] of Object.entries(inventory.digestQueue.batches as Record<string, string[]>)) {
        const [agency, date] = where.split('/') as [string, string];
        const batch = await queue.batch(agency, date);
        expect(batch.map((n) => n.key).sort()).toEqual([...keys].sort());
        for (const notice of batch)
          expect(notice).toEqual(JSON.parse(readFileSync(join(dataDir, 'outbox', 'queue', agency, 'batches', date, `${hashKey(notice.key)}.json`), 'utf8')));
      }
      expect(await countRows(db, 'digest_queue')).toBe(
        inventory.digestQueue.pending.length + Object.values(inventory.digestQueue.batches as Record<string, string[]>).flat().length,
      );

      // ---- accounts: the same people, and the tokens they hold keep working
      const store = new UserStore(db);
      const listed = await store.list();
      expect(listed.map(({ id: _, ...u }) => u)).toEqual(inventory.users.list);
      const admin = await store.authenticate(`Bearer ${token}`);
      expect(admin).toMatchObject({ name: 'Quản trị hệ thống', role: 'admin' });
      const tokens = await db
        .selectFrom('access_tokens as t')
        .innerJoin('accounts as a', 'a.id', 't.account_id')
        .select(['t.token_sha256', 'a.name'])
        .execute();
      expect(tokens.map((t) => [t.token_sha256, t.name]).sort()).toEqual(users.users.map((u) => [u.tokenSha256, u.name]).sort());
      await expect(store.authenticate(`Bearer ${randomBytes(24).toString('base64url')}`)).rejects.toThrow(/không hợp lệ/);

      // ---- directory: the admin's edited copy, as version 1
      const directoryStore = new DirectoryStore(db);
      const directory = await directoryStore.load();
      expect(directory.jurisdictions).toHaveLength(inventory.directory.jurisdictions);
      expect(directory.agencies).toHaveLength(inventory.directory.agencies);
      expect(directory.groups).toHaveLength(inventory.directory.groups);
      expect(directory.agencies.filter((a) => a.digest).map((a) => a.id)).toEqual(inventory.directory.digestAgencies);
      expect(directory.agencies.some((a) => a.id === inventory.directory.addedAgency)).toBe(true);
      expect(directory.agencies.find((a) => a.id === inventory.directory.agencyWithoutContacts)!.contacts).toEqual({ officer: [], head: [] });
      expect(directory.agencies.find((a) => a.id === inventory.directory.editedOfficer.agency)!.contacts.officer.map((c) => c.email)).toContain(
        inventory.directory.editedOfficer.email,
      );
      expect((await db.selectFrom('directory_versions').select('directory').executeTakeFirstOrThrow()).directory).toEqual(
        JSON.parse(readFileSync(join(dataDir, 'agencies.json'), 'utf8')),
      );
      expect((await directoryStore.versions()).map((v) => [v.version, v.savedBy])).toEqual([[1, IMPORTED_BY]]);

      // ---- one-stop: file records (with their revision) and the publication
      const records = new FileRecordStore(db);
      expect(await records.count()).toBe(inventory.oneStop.files);
      expect(tally(await records.list(), (r) => r.status)).toEqual(inventory.oneStop.byStatus);
      const code = inventory.oneStop.example.code as string;
      const file = await records.get(code);
      expect(file).toEqual(JSON.parse(readFileSync(join(dataDir, 'onestop', 'files', `${code}.json`), 'utf8')));
      expect(file).toMatchObject(inventory.oneStop.example);
      expect((await records.revisions(code)).map((r) => r.revision)).toEqual([inventory.oneStop.example.revision]);
      expect(await countRows(db, 'onestop_file_revisions')).toBe(inventory.oneStop.files);
      const published = await new PublicationStore(db).list();
      expect(published).toHaveLength(inventory.oneStop.published);
      expect(published[0]).toMatchObject(inventory.oneStop.publication);
      expect(published[0]).toEqual(JSON.parse(readFileSync(join(dataDir, 'onestop', 'published', `${inventory.oneStop.publication.code}.json`), 'utf8')));

      // ---- the import is recorded (and audited), the old files are untouched
      const imports = await db.selectFrom('legacy_imports').selectAll().execute();
      expect(imports.map((i) => i.source)).toEqual([LEGACY_SOURCE]);
      expect(imports[0]!.summary).toMatchObject({
        outbox: { records: 28, eml: 22, alreadyInDatabase: 0, emlWithoutRecord: 0 },
        digestQueue: { pending: 1, batched: 2 },
        accounts: { imported: 5 },
        directory: { imported: true, agencies: 73 },
        oneStop: { files: 4, publications: 1 },
        samplesLoaded: false,
        ignoredFiles: 2,
      });
      expect(await db.selectFrom('audit_log').select(['action', 'subject']).where('action', '=', 'legacy.imported').execute()).toEqual([
        { action: 'legacy.imported', subject: `legacy-import:${LEGACY_SOURCE}` },
      ]);
      expect(snapshotFiles(dataDir)).toEqual(before);

      // ---- a second start imports nothing and changes nothing
      const digests = await tableDigests(db);
      await storage.close();
      const again = captureLogger();
      const reopened = await openStorage(await config(dataDir, url), { logger: again });
      try {
        expect(again.lines).toEqual([]);
        expect(await importLegacyDataDir(reopened.db, dataDir, again)).toBeNull();
        expect(await tableDigests(reopened.db)).toEqual(digests);
        expect(await countRows(reopened.db, 'outbox_messages')).toBe(inventory.outbox.records);
      } finally {
        await reopened.close();
      }
      expect(snapshotFiles(dataDir)).toEqual(before);
    } finally {
      await storage.close().catch(() => undefined);
    }
  });

  it('keeps the sample-plans marker, so the samples are not loaded again', async () => {
    const dataDir = copyFixture();
    writeFileSync(join(dataDir, 'samples-loaded'), '2037-03-01T01:02:03.004Z');
    const storage = await openStorage(await config(dataDir));
    try {
      expect(await new Markers(storage.db).at('samples-loaded')).toEqual(new Date('2037-03-01T01:02:03.004Z'));
    } finally {
      await storage.close();
    }
  });

  it('refuses a record that does not parse, naming the file and the field, and writes nothing until it is fixed', async () => {
    const dataDir = copyFixture();
    const { name, raw } = recordFiles(dataDir)[3]!;
    const path = join(dataDir, 'outbox', 'records', name);
    writeFileSync(path, JSON.stringify({ ...(raw as object), status: 'lost' }, null, 2));
    const url = kind === 'server' ? await testDatabaseUrl() : undefined;

    const failure = await openStorage(await config(dataDir, url)).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(LegacyImportError);
    expect((failure as LegacyImportError).file).toBe(`outbox/records/${name}`);
    expect((failure as LegacyImportError).field).toBe('status');
    expect((failure as Error).message).toContain(`tệp outbox/records/${name}, trường "status"`);
    await expectNothingImported(dataDir, url);

    // Not JSON at all (a torn write): the same, naming the file.
    writeFileSync(path, '{"key": "task:');
    await expect(openStorage(await config(dataDir, url))).rejects.toThrow(`tệp outbox/records/${name}: không phải JSON hợp lệ`);
    await expectNothingImported(dataDir, url);

    // The operator sets the file aside. Another file is wrong too (a monitor without its jurisdiction):
    // it is named the same way.
    renameSync(path, `${path}.bad`);
    const usersFile = join(dataDir, 'users.json');
    const usersText = readFileSync(usersFile, 'utf8');
    const users = JSON.parse(usersText) as { users: Record<string, unknown>[] };
    delete users.users[1]!.jurisdiction;
    writeFileSync(usersFile, JSON.stringify(users));
    await expect(openStorage(await config(dataDir, url))).rejects.toThrow('tệp users.json, trường "users.1.jurisdiction"');
    writeFileSync(usersFile, usersText);
    // Both dealt with: the next start imports the rest.
    const storage = await openStorage(await config(dataDir, url));
    try {
      expect(await countRows(storage.db, 'outbox_messages')).toBe(inventory.outbox.records - 1);
      expect(await countRows(storage.db, 'accounts')).toBe(inventory.users.count);
      expect((await storage.db.selectFrom('legacy_imports').select('summary').executeTakeFirstOrThrow()).summary).toMatchObject({ ignoredFiles: 1 });
    } finally {
      await storage.close();
    }
  });

  async function expectNothingImported(dataDir: string, url: string | undefined): Promise<void> {
    const handle = await openDatabase({ databaseUrl: url, dataDir });
    try {
      for (const table of TABLES) expect(await countRows(handle.db, table), table).toBe(0);
    } finally {
      await handle.close();
    }
  }

  it.runIf(kind === 'server')('imports once when several processes start together on one server', async () => {
    const dataDir = copyFixture();
    const url = await testDatabaseUrl();
    const loggers = [captureLogger(), captureLogger(), captureLogger()];
    const handles = await Promise.all(loggers.map((logger) => openStorage({ DATA_DIR: dataDir, DATABASE_URL: url }, { logger, poolSize: 2 })));
    try {
      expect(loggers.map((l) => l.lines.length).sort()).toEqual([0, 0, 1]);
      const db = handles[0]!.db;
      expect(await countRows(db, 'legacy_imports')).toBe(1);
      expect(await countRows(db, 'outbox_messages')).toBe(inventory.outbox.records);
      expect(await countRows(db, 'accounts')).toBe(inventory.users.count);
      expect(await countRows(db, 'directory_versions')).toBe(1);
      expect(await countRows(db, 'digest_queue')).toBe(3);
      expect(await countRows(db, 'onestop_files')).toBe(inventory.oneStop.files);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });

  it(`imports ${BULK_RECORDS} outbox records in bounded chunks`, { timeout: 600_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-legacy-big-'));
    const template = recordFiles(FIXTURE).find((f) => f.record.status === 'sent')!.raw as Record<string, unknown>;
    const eml = readFileSync(join(FIXTURE, 'outbox', 'messages', readdirSync(join(FIXTURE, 'outbox', 'messages'))[0]!));
    mkdirSync(join(dataDir, 'outbox', 'records'), { recursive: true });
    mkdirSync(join(dataDir, 'outbox', 'messages'), { recursive: true });
    const agencies = ['Sở Tư pháp', 'so-tu-phap', 'Sở Nội vụ', 'so-noi-vu', 'Sở Xây dựng', 'so-xay-dung'];
    const N = BULK_RECORDS;
    for (let i = 0; i < N; i++) {
      const key = `task:bench:${i}:task@2037-03-09:reminder:2037-03-02`;
      const at = new Date(Date.UTC(2037, 2, 2) + i * 1000).toISOString();
      const pair = (i % 3) * 2;
      const record = { ...template, key, messageId: messageIdFor(key), agencies: agencies.slice(pair, pair + 2), createdAt: at, updatedAt: at, sentAt: at };
      writeFileSync(join(dataDir, 'outbox', 'records', `${hashKey(key)}.json`), JSON.stringify(record, null, 2) + '\n');
      writeFileSync(join(dataDir, 'outbox', 'messages', `${hashKey(key)}.eml`), eml);
    }
    const emlBytes = statSync(join(dataDir, 'outbox', 'messages', `${hashKey('task:bench:0:task@2037-03-09:reminder:2037-03-02')}.eml`)).size;

    const logger = captureLogger();
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const storage = await openStorage(await config(dataDir), { logger });
    const elapsed = performance.now() - started;
    try {
      const summary = (logger.lines[0]!.details as { legacyImport: { durationMs: number } }).legacyImport;
      console.log(
        `[${kind}] ${N} outbox records (+ ${emlBytes}-byte .eml each): open + import ${elapsed.toFixed(0)} ms, import ${summary.durationMs} ms, ` +
          `rss ${(rssBefore / 2 ** 20).toFixed(0)} → ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
      );
      expect(summary).toMatchObject({ outbox: { records: N, eml: N, agencyRows: 2 * N, alreadyInDatabase: 0 } });
      expect(await countRows(storage.db, 'outbox_messages')).toBe(N);
      expect(await countRows(storage.db, 'outbox_agencies')).toBe(2 * N);
      const listed = await new Outbox(storage.db).list({ agency: 'so-noi-vu', limit: 5 });
      const newest = Array.from({ length: N }, (_, i) => N - 1 - i).filter((i) => i % 3 === 1);
      expect(listed.map((e) => e.key)).toEqual(newest.slice(0, 5).map((i) => `task:bench:${i}:task@2037-03-09:reminder:2037-03-02`));
    } finally {
      await storage.close();
      // Half a gigabyte of records: never left behind in the temporary folder.
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
