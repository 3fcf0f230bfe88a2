/**
 * The upgrade from the file-based dondoc: at the first start on PostgreSQL, the records it kept
 * under DATA_DIR are imported once, all in one transaction together with the `legacy_imports` row
 * that says so. A crash mid-import leaves nothing half-written and the next start tries again;
 * several processes starting at once on one server import once (a transaction-scoped advisory
 * lock, then the marker is checked again).
 *
 * What is read (the layout of commit 465df4d, see test/fixtures/legacy-data-dir/README.md):
 *   users.json                                        → accounts + access_tokens (same token hashes)
 *   agencies.json                                     → directory_versions (version 1)
 *   outbox/records/<sha256(key)>.json                 → outbox_messages (+ outbox_agencies)
 *   outbox/messages/<sha256(key)>.eml                 → outbox_messages.eml
 *   outbox/queue/<agency>/pending/*.json              → digest_queue (batch_date null)
 *   outbox/queue/<agency>/batches/<date>/*.json       → digest_queue (batch_date = date)
 *   onestop/files/<code>.json                         → onestop_files + onestop_file_revisions
 *   onestop/published/<code>.json                     → onestop_publications
 *   samples-loaded                                    → markers
 * Left alone: credentials.txt, temporal.sqlite (Temporal's), dot-files, *.tmp crash leftovers,
 * anything else. Nothing is deleted: the files stay where they are and may be archived.
 *
 * A file that does not parse stops the import (nothing is written) with a message naming the file
 * and the field: a partial import would be marked done and never retried, so the skipped record
 * would be lost for good. The operator fixes the file, or renames it (e.g. `*.json.bad`) to leave
 * it out knowingly, and starts again.
 */
import { opendir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { ContactRoleSchema, DirectorySchema } from '../domain/directory';
import { nameKey } from '../domain/messages/text';
import { MessageKindSchema, NotifyRequestSchema } from '../domain/notification';
import { AuditLog, SYSTEM_ACTOR } from './audit';
import type { Database } from './database';
import { noticeRow } from './digest-queue';
import { hashKey, LEDGER_STATUSES } from './outbox';
import type { NewOutboxMessage, Tables } from './tables';

/** The `legacy_imports` row of this import. */
export const LEGACY_SOURCE = 'data-dir-files-v1';
/** Who saved what the import writes (the directory version, the accounts). */
export const IMPORTED_BY = 'Nhập từ dữ liệu cũ';
/** The marker the worker sets once the sample plans are loaded (worker/samples.ts SAMPLES_LOADED). */
const SAMPLES_MARKER = 'samples-loaded';
/** pg_advisory_xact_lock key of this import (any constant: 'dondoc' in ASCII). */
const LOCK_KEY = 0x646f6e646f63;

/** Rows per INSERT statement, and the most `.eml` bytes one statement carries. */
const CHUNK_ROWS = 500;
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Files read at once. */
const READ_PARALLEL = 64;

/** What the import found under DATA_DIR: its presence is what triggers the import. */
const LEGACY_ENTRIES = ['users.json', 'agencies.json', 'outbox', 'onestop', SAMPLES_MARKER];

export type ImportLogger = { info(details: object, message: string): void; warn(details: object, message: string): void };

export type LegacyImportSummary = {
  source: string;
  dataDir: string;
  outbox: { records: number; eml: number; agencyRows: number; alreadyInDatabase: number; emlWithoutRecord: number };
  digestQueue: { pending: number; batched: number; alreadyInDatabase: number };
  accounts: { imported: number; alreadyInDatabase: number };
  directory: { imported: boolean; agencies: number };
  oneStop: { files: number; publications: number; alreadyInDatabase: number };
  samplesLoaded: boolean;
  /** Files left out on purpose: dot-files, *.tmp, and names the old code never read. */
  ignoredFiles: number;
  durationMs: number;
};

/** A legacy file that does not parse: nothing was imported. */
export class LegacyImportError extends Error {
  constructor(
    /** Path of the file under DATA_DIR. */
    readonly file: string,
    /** The field that is wrong ('' for the whole file). */
    readonly field: string,
    detail: string,
  ) {
    super(
      `Không nhập được dữ liệu cũ: tệp ${file}${field ? `, trường "${field}"` : ''}: ${detail}. ` +
        'Chưa có gì được nhập vào cơ sở dữ liệu. Hãy sửa tệp này (hoặc đổi tên thành *.bad để bỏ qua nó) rồi khởi động lại.',
    );
    this.name = 'LegacyImportError';
  }
}

// ---------------------------------------------------------------- schemas of the old files

const Instant = z.iso.datetime({ offset: true });
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD');
const AGENCY_ID = /^[a-z0-9][a-z0-9-]*$/;

const LedgerRecordSchema = z.object({
  key: z.string().min(1),
  messageId: z.string().min(1),
  kind: MessageKindSchema,
  status: z.enum(LEDGER_STATUSES),
  subject: z.string().nullable(),
  recipients: z.array(z.string()),
  agencies: z.array(z.string()),
  attempts: z.number().int().nonnegative(),
  createdAt: Instant,
  updatedAt: Instant,
  sentAt: Instant.nullable(),
  channel: z.string().nullable(),
  response: z.string().nullable(),
  rejected: z.array(z.string()),
  error: z.string().nullable(),
  lease: z.object({ pid: z.number().int(), host: z.string(), owner: z.string(), until: Instant }).nullable(),
  queuedFor: z.array(z.string()),
  digestKey: z.string().nullable(),
});
type LedgerRecord = z.infer<typeof LedgerRecordSchema>;

const QueuedNoticeSchema = z.object({
  key: z.string().min(1),
  agencyId: z.string().regex(AGENCY_ID),
  agencyName: z.string().min(1),
  roles: z.array(ContactRoleSchema),
  request: NotifyRequestSchema,
  queuedAt: Instant,
});

const LateSchema = z.object({ since: Day, agency: z.string() });
/** domain/onestop/report.ts FileRecord; fields it may gain later are kept as they are. */
const FileRecordSchema = z.looseObject({
  code: z.string().min(1),
  jurisdiction: z.string().min(1),
  procedureCode: z.string(),
  procedureName: z.string(),
  online: z.boolean(),
  receivingUnit: z.string(),
  firstAgency: z.string(),
  holder: z.string(),
  receivedOn: Day,
  appointment: Day.nullable(),
  status: z.enum(['not_due', 'due_soon', 'overdue', 'waiting_documents', 'result_ready', 'returned', 'withdrawn']),
  outcome: z.enum(['early', 'on_time', 'late_with_apology', 'late_without_apology', 'withdrawn']).nullable(),
  resultOn: Day.nullable(),
  resultAgency: z.string().nullable(),
  late: LateSchema.nullable(),
  apology: z.object({ number: z.string(), agency: z.string(), submittedOn: Day, timely: z.boolean(), newAppointment: Day }).nullable(),
  lateAgain: LateSchema.nullable(),
  withdrawnOn: Day.nullable(),
  revision: z.number().int().nonnegative(),
});

/** domain/onestop/publication.ts PublicApology. */
const PublicApologySchema = z.looseObject({
  code: z.string().min(1),
  jurisdiction: z.string().min(1),
  procedure: z.string(),
  agency: z.string(),
  number: z.string(),
  date: Day,
  applicant: z.string(),
  receivedOn: Day,
  originalAppointment: Day,
  newAppointment: Day,
  reason: z.string(),
  publishedAt: Instant,
  until: Instant,
});

/** api/auth.ts of the file-based version. */
const UsersFileSchema = z.object({
  users: z.array(
    z
      .object({
        name: z.string().min(1),
        role: z.enum(['admin', 'monitor', 'agency']),
        agency: z.string().optional(),
        jurisdiction: z.string().optional(),
        tokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
      })
      .refine((u) => u.role !== 'agency' || u.agency, { message: 'tài khoản cơ quan phải có cơ quan', path: ['agency'] })
      .refine((u) => u.role !== 'monitor' || u.jurisdiction, { message: 'tài khoản văn phòng theo dõi phải có địa bàn', path: ['jurisdiction'] }),
  ),
});

// ---------------------------------------------------------------- the import

/**
 * Imports the file-based records of `dataDir` once. Returns what was imported, or null when there
 * is nothing to import (no legacy files) or it was imported before (by this or another process).
 */
export async function importLegacyDataDir(db: Database, dataDir: string, logger?: ImportLogger): Promise<LegacyImportSummary | null> {
  if (!(await hasLegacyFiles(dataDir))) return null;
  if (await alreadyImported(db)) return null;
  const started = performance.now();
  const summary = await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${LOCK_KEY}::bigint)`.execute(trx);
    if (await alreadyImported(trx)) return null;
    const run = new ImportRun(trx, dataDir);
    const result = await run.all();
    const done: LegacyImportSummary = { ...result, durationMs: Math.round(performance.now() - started) };
    await new AuditLog(trx).record({ actor: SYSTEM_ACTOR, action: 'legacy.imported', subject: `legacy-import:${LEGACY_SOURCE}`, details: { ...done } }, trx);
    await trx
      .insertInto('legacy_imports')
      .values({ source: LEGACY_SOURCE, imported_at: new Date(), summary: JSON.stringify(done) })
      .execute();
    return done;
  });
  if (summary) {
    logger?.info(
      { legacyImport: summary },
      `imported the file-based records of ${dataDir} into the database (once); the old files were left in place and may be archived (keep temporal.sqlite and credentials.txt)`,
    );
    if (summary.outbox.emlWithoutRecord > 0)
      logger?.warn(
        { count: summary.outbox.emlWithoutRecord },
        'some .eml files under outbox/messages have no ledger record: they were not imported and stay on disk',
      );
  }
  return summary;
}

async function hasLegacyFiles(dataDir: string): Promise<boolean> {
  for (const name of LEGACY_ENTRIES) if (await exists(join(dataDir, name))) return true;
  return false;
}

async function alreadyImported(db: Database | Transaction<Tables>): Promise<boolean> {
  const row = await db.selectFrom('legacy_imports').select('source').where('source', '=', LEGACY_SOURCE).executeTakeFirst();
  return row !== undefined;
}

type Counts = Omit<LegacyImportSummary, 'durationMs'>;

class ImportRun {
  private ignored = 0;

  constructor(
    private readonly trx: Transaction<Tables>,
    private readonly dataDir: string,
  ) {}

  async all(): Promise<Counts> {
    const accounts = await this.users();
    const directory = await this.directory();
    const outbox = await this.outbox();
    const digestQueue = await this.digestQueue();
    const oneStop = await this.oneStop();
    const samplesLoaded = await this.samplesMarker();
    return { source: LEGACY_SOURCE, dataDir: this.dataDir, outbox, digestQueue, accounts, directory, oneStop, samplesLoaded, ignoredFiles: this.ignored };
  }

  /** Accounts with their old token hashes: the tokens people hold keep working. */
  private async users(): Promise<Counts['accounts']> {
    const counts = { imported: 0, alreadyInDatabase: 0 };
    const file = await this.readJson('users.json', UsersFileSchema);
    if (!file) return counts;
    const createdAt = file.mtime;
    for (const user of file.value.users) {
      const known = await this.trx.selectFrom('access_tokens').select('account_id').where('token_sha256', '=', user.tokenSha256).executeTakeFirst();
      if (known) {
        counts.alreadyInDatabase++;
        continue;
      }
      const { id } = await this.trx
        .insertInto('accounts')
        .values({
          name: user.name,
          role: user.role,
          agency: user.agency ?? null,
          jurisdiction: user.jurisdiction ?? null,
          created_at: createdAt,
          created_by: IMPORTED_BY,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.trx
        .insertInto('access_tokens')
        .values({ token_sha256: user.tokenSha256, account_id: id, label: 'Mã truy cập từ phiên bản trước', created_at: createdAt })
        .execute();
      counts.imported++;
    }
    return counts;
  }

  /** The admin-edited directory, as version 1; kept out if versions were saved already. */
  private async directory(): Promise<Counts['directory']> {
    const file = await this.readJson('agencies.json', DirectorySchema);
    if (!file) return { imported: false, agencies: 0 };
    const saved = await this.trx.selectFrom('directory_versions').select('version').limit(1).executeTakeFirst();
    if (saved) return { imported: false, agencies: file.value.agencies.length };
    await this.trx
      .insertInto('directory_versions')
      .values({
        directory: JSON.stringify(file.raw),
        saved_by: IMPORTED_BY,
        saved_at: file.mtime,
        note: 'Danh bạ đã sửa ở phiên bản trước (DATA_DIR/agencies.json)',
      })
      .execute();
    return { imported: true, agencies: file.value.agencies.length };
  }

  private async outbox(): Promise<Counts['outbox']> {
    const counts = { records: 0, eml: 0, agencyRows: 0, alreadyInDatabase: 0, emlWithoutRecord: 0 };
    const hashes = new Set<string>();
    let rows: OutboxRow[] = [];
    let bytes = 0;
    const flush = async () => {
      if (rows.length === 0) return;
      const inserted = await this.insertOutbox(rows);
      counts.records += inserted.records;
      counts.eml += inserted.eml;
      counts.agencyRows += inserted.agencyRows;
      counts.alreadyInDatabase += rows.length - inserted.records;
      rows = [];
      bytes = 0;
    };
    for await (const names of this.jsonFiles('outbox/records')) {
      const read = await Promise.all(
        names.map(async (name) => {
          const path = `outbox/records/${name}`;
          const record = (await this.readListed(path, LedgerRecordSchema)).value;
          const hash = hashKey(record.key);
          const eml = await readOrNull(join(this.dataDir, 'outbox', 'messages', `${hash}.eml`));
          return { record, hash, eml };
        }),
      );
      for (const { record, hash, eml } of read) {
        hashes.add(hash);
        rows.push(outboxRow(record, eml));
        bytes += eml?.length ?? 0;
        if (rows.length >= CHUNK_ROWS || bytes >= CHUNK_BYTES) await flush();
      }
    }
    await flush();
    for await (const name of this.entries('outbox/messages')) {
      if (!name.endsWith('.eml')) this.ignored++;
      else if (!hashes.has(name.slice(0, -'.eml'.length))) counts.emlWithoutRecord++;
    }
    return counts;
  }

  private async insertOutbox(rows: OutboxRow[]): Promise<{ records: number; eml: number; agencyRows: number }> {
    const inserted = await this.trx
      .insertInto('outbox_messages')
      .values(rows.map((r) => ({ ...r.row, eml: r.row.eml === null ? null : emlValue(r.row.eml) })))
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .execute();
    const fresh = new Set(inserted.map((r) => r.key));
    const index = rows
      .filter((r) => fresh.has(r.row.key))
      .flatMap((r) => r.agencyKeys.map((agency_key) => ({ agency_key, created_at: r.row.created_at, key: r.row.key })));
    for (let i = 0; i < index.length; i += CHUNK_ROWS)
      await this.trx
        .insertInto('outbox_agencies')
        .values(index.slice(i, i + CHUNK_ROWS))
        .onConflict((oc) => oc.columns(['agency_key', 'key']).doNothing())
        .execute();
    return { records: fresh.size, eml: rows.filter((r) => fresh.has(r.row.key) && r.row.eml !== null).length, agencyRows: index.length };
  }

  /** Gathered notices first: a key both gathered and pending again stays with its digest. */
  private async digestQueue(): Promise<Counts['digestQueue']> {
    const counts = { pending: 0, batched: 0, alreadyInDatabase: 0 };
    for await (const agency of this.entries('outbox/queue')) {
      const agencyDir = `outbox/queue/${agency}`;
      if (!AGENCY_ID.test(agency) || !(await isDirectory(join(this.dataDir, agencyDir)))) {
        this.ignored++;
        continue;
      }
      for await (const date of this.entries(`${agencyDir}/batches`)) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
          this.ignored++;
          continue;
        }
        const n = await this.notices(agency, `${agencyDir}/batches/${date}`, date);
        counts.batched += n.inserted;
        counts.alreadyInDatabase += n.skipped;
      }
      const n = await this.notices(agency, `${agencyDir}/pending`, null);
      counts.pending += n.inserted;
      counts.alreadyInDatabase += n.skipped;
      for await (const name of this.entries(agencyDir)) if (name !== 'pending' && name !== 'batches') this.ignored++;
    }
    return counts;
  }

  private async notices(agency: string, dir: string, batchDate: string | null): Promise<{ inserted: number; skipped: number }> {
    let inserted = 0;
    let skipped = 0;
    for await (const names of this.jsonFiles(dir)) {
      const rows = await Promise.all(
        names.map(async (name) => {
          const path = `${dir}/${name}`;
          const notice = (await this.readListed(path, QueuedNoticeSchema)).value;
          if (notice.agencyId !== agency) throw new LegacyImportError(path, 'agencyId', `"${notice.agencyId}" khác thư mục cơ quan "${agency}" chứa tệp`);
          return noticeRow(notice, batchDate);
        }),
      );
      const done = await this.trx
        .insertInto('digest_queue')
        .values(rows)
        .onConflict((oc) => oc.columns(['agency_id', 'key']).doNothing())
        .returning('key')
        .execute();
      inserted += done.length;
      skipped += rows.length - done.length;
    }
    return { inserted, skipped };
  }

  /** File records (with their revision as the first history row) and publications. */
  private async oneStop(): Promise<Counts['oneStop']> {
    const counts = { files: 0, publications: 0, alreadyInDatabase: 0 };
    for await (const names of this.jsonFiles('onestop/files')) {
      const read = await Promise.all(names.map((name) => this.readListed(`onestop/files/${name}`, FileRecordSchema)));
      const rows = read.map(({ value, mtime }) => ({
        code: value.code,
        jurisdiction: value.jurisdiction,
        received_on: value.receivedOn,
        revision: value.revision,
        record: JSON.stringify(value),
        updated_at: mtime,
      }));
      const done = await this.trx
        .insertInto('onestop_files')
        .values(rows)
        .onConflict((oc) => oc.column('code').doNothing())
        .returning('code')
        .execute();
      const fresh = new Set(done.map((r) => r.code));
      const revisions = rows.filter((r) => fresh.has(r.code)).map((r) => ({ code: r.code, revision: r.revision, record: r.record, written_at: r.updated_at }));
      if (revisions.length > 0)
        await this.trx
          .insertInto('onestop_file_revisions')
          .values(revisions)
          .onConflict((oc) => oc.columns(['code', 'revision']).doNothing())
          .execute();
      counts.files += fresh.size;
      counts.alreadyInDatabase += rows.length - fresh.size;
    }
    for await (const names of this.jsonFiles('onestop/published')) {
      const read = await Promise.all(names.map((name) => this.readListed(`onestop/published/${name}`, PublicApologySchema)));
      const rows = read.map(({ value }) => ({
        code: value.code,
        jurisdiction: value.jurisdiction,
        item: JSON.stringify(value),
        published_at: new Date(value.publishedAt),
      }));
      const done = await this.trx
        .insertInto('onestop_publications')
        .values(rows)
        .onConflict((oc) => oc.column('code').doNothing())
        .returning('code')
        .execute();
      counts.publications += done.length;
      counts.alreadyInDatabase += rows.length - done.length;
    }
    return counts;
  }

  /** The sample plans were loaded: they are not loaded again. */
  private async samplesMarker(): Promise<boolean> {
    const path = join(this.dataDir, SAMPLES_MARKER);
    const info = await statOrNull(path);
    if (!info) return false;
    // The old code wrote the time without a rename (it may be empty after a crash); only its presence counted.
    const text = (await readFile(path, 'utf8')).trim();
    const at = Instant.safeParse(text).success ? new Date(text) : info.mtime;
    await this.trx
      .insertInto('markers')
      .values({ name: SAMPLES_MARKER, at })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    return true;
  }

  // ---------------------------------------------------------------- reading the old files

  /** A file under DATA_DIR, parsed; null when it does not exist. */
  private async readJson<S extends z.ZodType>(path: string, schema: S): Promise<{ value: z.output<S>; raw: unknown; mtime: Date } | null> {
    const full = join(this.dataDir, path);
    let text: string;
    let mtime: Date;
    try {
      [text, mtime] = await Promise.all([readFile(full, 'utf8'), stat(full).then((s) => s.mtime)]);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new LegacyImportError(path, '', `không phải JSON hợp lệ (${(error as Error).message})`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new LegacyImportError(path, issue.path.join('.'), issue.message);
    }
    return { value: parsed.data, raw, mtime };
  }

  /** A file a folder listing named: it must still be there (nothing else runs on an old DATA_DIR). */
  private async readListed<S extends z.ZodType>(path: string, schema: S): Promise<{ value: z.output<S>; raw: unknown; mtime: Date }> {
    const file = await this.readJson(path, schema);
    if (!file) throw new LegacyImportError(path, '', 'tệp biến mất trong khi nhập (có tiến trình dondoc cũ nào còn chạy không?)');
    return file;
  }

  /** Names in a folder under DATA_DIR, as the folder is read (none when it does not exist). */
  private async *entries(dir: string): AsyncGenerator<string> {
    let handle;
    try {
      handle = await opendir(join(this.dataDir, dir), { bufferSize: 256 });
    } catch (error) {
      if (isNotFound(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw error;
    }
    for await (const entry of handle) {
      if (entry.name.startsWith('.') || entry.name.endsWith('.tmp')) {
        this.ignored++;
        continue;
      }
      yield entry.name;
    }
  }

  /** The `*.json` files of a folder, a few at a time: a folder of 100,000 records is never held whole. */
  private async *jsonFiles(dir: string): AsyncGenerator<string[]> {
    let names: string[] = [];
    for await (const name of this.entries(dir)) {
      if (!name.endsWith('.json')) {
        this.ignored++;
        continue;
      }
      names.push(name);
      if (names.length >= READ_PARALLEL) {
        yield names;
        names = [];
      }
    }
    if (names.length > 0) yield names;
  }
}

type OutboxRow = { row: NewOutboxMessage & { created_at: Date; eml: Buffer | null }; agencyKeys: string[] };

function outboxRow(r: LedgerRecord, eml: Buffer | null): OutboxRow {
  return {
    row: {
      key: r.key,
      message_id: r.messageId,
      kind: r.kind,
      status: r.status,
      subject: r.subject,
      recipients: JSON.stringify(r.recipients),
      agencies: JSON.stringify(r.agencies),
      attempts: r.attempts,
      created_at: new Date(r.createdAt),
      updated_at: new Date(r.updatedAt),
      sent_at: r.sentAt === null ? null : new Date(r.sentAt),
      channel: r.channel,
      response: r.response,
      rejected: JSON.stringify(r.rejected),
      error: r.error,
      lease_owner: r.lease?.owner ?? null,
      lease_host: r.lease?.host ?? null,
      lease_pid: r.lease?.pid ?? null,
      lease_until: r.lease ? new Date(r.lease.until) : null,
      queued_for: JSON.stringify(r.queuedFor),
      digest_key: r.digestKey,
      eml,
    },
    agencyKeys: [...new Set(r.agencies.map(nameKey))],
  };
}

/**
 * The message as a bytea value, sent as base64 text: PGlite serialises a Uint8Array parameter byte by
 * byte in JavaScript (about 1 ms per 10 KB message), Buffer#toString('base64') is native.
 */
function emlValue(eml: Buffer) {
  return sql<Buffer>`decode(${eml.toString('base64')}, 'base64')`;
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

async function statOrNull(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  return (await statOrNull(path)) !== null;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await statOrNull(path))?.isDirectory() ?? false;
}

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
