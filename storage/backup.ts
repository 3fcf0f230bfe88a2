/**
 * A portable logical backup of dondoc's own records: every table of the database's schema except
 * the migrator's own, read from the catalog (so a table a later migration adds is never left out),
 * written as gzip'ed NDJSON. It restores into the embedded PGlite or a PostgreSQL server alike,
 * which is how an operator moves from the embedded default to a server.
 *
 * Format (one JSON value per line):
 *   {"format":"dondoc-backup","version":1,"migration":"001-initial","created_at":"…","database":"embedded"}
 *   {"table":"accounts","columns":["id","name",…]}          a table's rows follow, parents before children
 *   {"r":{…}}                                              one row, as PostgreSQL's row_to_json writes it
 *   …
 *   {"end":{"accounts":3,…}}                               rows per table: a dump without it is incomplete
 * PostgreSQL itself turns every value to and from JSON (timestamptz as ISO 8601 in UTC, bytea as
 * hex, jsonb as JSON, bigint as a number it parses back exactly), so no type is converted by hand.
 *
 * Both directions stream with bounded memory: the backup reads rows through a cursor inside one
 * REPEATABLE READ transaction (a consistent snapshot, writers are not blocked); the restore inserts
 * batches inside one transaction, so a truncated or corrupt dump leaves the database untouched.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DatabaseHandle } from './database';
import type { Tables } from './tables';

export const BACKUP_FORMAT = 'dondoc-backup';
export const BACKUP_VERSION = 1;

/** The migrator's bookkeeping: it belongs to the database it is in, not to a backup. */
const MIGRATOR_TABLES = ['dondoc_migrations', 'dondoc_migrations_lock'];
/** Rows per cursor fetch: a row may carry a whole e-mail, so keep this modest. */
const FETCH_ROWS = 200;
/** A restore batch is sent when it reaches either bound. */
const BATCH_ROWS = 500;
const BATCH_CHARS = 4 * 1024 * 1024;

export type BackupSummary = {
  /** The last migration the database had run when the dump was made. */
  migration: string;
  /** Rows per table, in dump order. */
  tables: Record<string, number>;
  rows: number;
};

/** A backup or restore that could not be done; the message is for the operator, in Vietnamese. */
export class BackupError extends Error {}

type Db = Kysely<Tables> | Transaction<Tables>;
type Header = { format: string; version: number; migration: string; created_at: string; database: string };

/** dondoc's tables in this database, parents before the tables whose foreign keys point at them. */
export async function dondocTables(db: Db): Promise<string[]> {
  const { rows: tables } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
      and c.relname not in (${sql.join(MIGRATOR_TABLES)})
    order by c.relname`.execute(db);
  const { rows: references } = await sql<{ child: string; parent: string }>`
    select c.relname as child, p.relname as parent
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
      join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = current_schema()`.execute(db);
  return parentsFirst(
    tables.map((t) => t.name),
    references,
  );
}

function parentsFirst(names: string[], references: { child: string; parent: string }[]): string[] {
  const ordered: string[] = [];
  const placed = new Set<string>();
  const parentsOf = (name: string) => references.filter((r) => r.child === name && r.parent !== name && names.includes(r.parent)).map((r) => r.parent);
  while (ordered.length < names.length) {
    const ready = names.filter((n) => !placed.has(n) && parentsOf(n).every((p) => placed.has(p)));
    if (ready.length === 0) throw new Error(`foreign keys form a cycle among ${names.filter((n) => !placed.has(n)).join(', ')}`);
    for (const name of ready) {
      ordered.push(name);
      placed.add(name);
    }
  }
  return ordered;
}

/** The last migration this database has run. */
async function currentMigration(db: Db): Promise<string> {
  const { rows } = await sql<{ name: string | null }>`select max(name) as name from ${sql.table(MIGRATOR_TABLES[0]!)}`.execute(db);
  const name = rows[0]?.name;
  if (!name) throw new BackupError('Cơ sở dữ liệu chưa được khởi tạo lược đồ (chưa chạy migration nào).');
  return name;
}

/** The columns a restore writes: every column but stored generated ones, in the table's order. */
async function columnsOf(db: Db, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select a.attname as name from pg_attribute a
    where a.attrelid = quote_ident(${table})::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    order by a.attnum`.execute(db);
  return rows.map((r) => r.name);
}

/** Writes every dondoc table to `file` (gzip'ed NDJSON); the file appears only once it is complete. */
export async function backupDatabase(handle: Pick<DatabaseHandle, 'db' | 'kind'>, file: string): Promise<BackupSummary> {
  const partial = `${file}.partial-${process.pid}`;
  try {
    const summary = await handle.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        await sql`set local time zone 'UTC'`.execute(trx);
        const migration = await currentMigration(trx);
        const tables = await dondocTables(trx);
        const counts: Record<string, number> = {};
        async function* lines(): AsyncGenerator<string> {
          const header: Header = { format: BACKUP_FORMAT, version: BACKUP_VERSION, migration, created_at: new Date().toISOString(), database: handle.kind };
          yield `${JSON.stringify(header)}\n`;
          for (const table of tables) {
            yield `${JSON.stringify({ table, columns: await columnsOf(trx, table) })}\n`;
            counts[table] = 0;
            await sql`declare dondoc_backup no scroll cursor for select row_to_json(t)::text as line from ${sql.table(table)} as t`.execute(trx);
            for (;;) {
              const { rows } = await sql<{ line: string }>`fetch ${sql.lit(FETCH_ROWS)} from dondoc_backup`.execute(trx);
              if (rows.length === 0) break;
              counts[table] += rows.length;
              yield rows.map((r) => `{"r":${r.line}}\n`).join('');
            }
            await sql`close dondoc_backup`.execute(trx);
          }
          yield `${JSON.stringify({ end: counts })}\n`;
        }
        await pipeline(Readable.from(lines()), createGzip(), createWriteStream(partial, { mode: 0o600 }));
        return { migration, tables: counts, rows: Object.values(counts).reduce((a, b) => a + b, 0) };
      });
    const written = await open(partial, 'r+');
    try {
      await written.sync();
    } finally {
      await written.close();
    }
    await rename(partial, file);
    return summary;
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`Không tạo được bản sao lưu ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Splits a stream of UTF-8 chunks into lines (without their "\n"); a last line without "\n" is yielded too. */
async function* splitLines(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of source) {
    const text = rest + decoder.write(chunk);
    const parts = text.split('\n');
    rest = parts.pop()!;
    yield* parts;
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}

export type RestoreOptions = {
  /** Empty every dondoc table first (in the same transaction) instead of refusing a database that has data. */
  replace?: boolean;
};

/**
 * Restores a dump made by backupDatabase into this database, in one transaction: either every row
 * is in, identity sequences continue after the highest restored id, or nothing changed.
 */
export async function restoreDatabase(handle: Pick<DatabaseHandle, 'db'>, file: string, options: RestoreOptions = {}): Promise<BackupSummary> {
  try {
    return await handle.db.transaction().execute(async (trx) => {
      const tables = await dondocTables(trx);
      // Nobody else writes while the restore runs (a dondoc process still running waits, then sees the result).
      if (tables.length > 0) await sql`lock table ${sql.join(tables.map((t) => sql.table(t)))} in access exclusive mode`.execute(trx);
      const migration = await currentMigration(trx);
      const restore = new RestoreRun(trx, file, tables, migration, options);
      // pipeline() reports its own abort when the consumer gives up early: keep the consumer's reason.
      let reason: unknown;
      await pipeline(createReadStream(file), createGunzip(), (source: AsyncIterable<Buffer>) =>
        restore.consume(source).catch((error: unknown) => {
          reason = error;
          throw error;
        }),
      ).catch((error: unknown) => {
        throw reason ?? error;
      });
      return restore.finish();
    });
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') throw new BackupError(`Không tìm thấy tệp sao lưu ${file}.`, { cause: error });
    if (code?.startsWith('Z_'))
      throw new BackupError(`Tệp sao lưu ${file} bị hỏng hoặc bị cắt cụt (không giải nén được: ${message}). Không khôi phục dữ liệu nào.`, { cause: error });
    throw new BackupError(`Không khôi phục được từ ${file}: ${message}. Không khôi phục dữ liệu nào.`, { cause: error });
  }
}

/** The state of one restore while its lines stream in. */
class RestoreRun {
  private lineNo = 0;
  private header: Header | undefined;
  private table: { name: string; columns: string[] } | undefined;
  private batch: string[] = [];
  private batchChars = 0;
  private readonly counts: Record<string, number> = {};
  private end: Record<string, number> | undefined;

  constructor(
    private readonly trx: Transaction<Tables>,
    private readonly file: string,
    private readonly tables: string[],
    private readonly migration: string,
    private readonly options: RestoreOptions,
  ) {}

  private corrupt(detail: string): BackupError {
    return new BackupError(`Tệp sao lưu ${this.file} bị hỏng ở dòng ${this.lineNo}: ${detail}. Không khôi phục dữ liệu nào.`);
  }

  async consume(source: AsyncIterable<Buffer>): Promise<void> {
    for await (const line of splitLines(source)) {
      this.lineNo++;
      if (this.end) throw this.corrupt('có dữ liệu sau dòng kết thúc');
      if (!this.header) await this.start(line);
      else if (line.startsWith('{"r":')) await this.row(line);
      else await this.control(line);
    }
    await this.flush();
  }

  private async start(line: string): Promise<void> {
    const header = parseObject(line) as Partial<Header> | undefined;
    if (header?.format !== BACKUP_FORMAT) throw new BackupError(`Tệp ${this.file} không phải là bản sao lưu của dondoc.`);
    if (header.version !== BACKUP_VERSION)
      throw new BackupError(
        `Bản sao lưu ${this.file} có định dạng phiên bản ${String(header.version)}; phiên bản dondoc này chỉ đọc được định dạng phiên bản ${BACKUP_VERSION}.`,
      );
    if (header.migration !== this.migration)
      throw new BackupError(
        `Bản sao lưu ${this.file} được tạo khi cơ sở dữ liệu ở lược đồ "${String(header.migration)}", còn cơ sở dữ liệu đích đang ở lược đồ "${this.migration}". ` +
          'Hãy khôi phục bằng phiên bản dondoc đã tạo bản sao lưu vào một cơ sở dữ liệu trống, rồi khởi động phiên bản mới để nâng cấp.',
      );
    this.header = header as Header;
    const filled: string[] = [];
    for (const table of this.tables) {
      const { rows } = await sql<{ filled: boolean }>`select exists (select 1 from ${sql.table(table)}) as filled`.execute(this.trx);
      if (rows[0]?.filled) filled.push(table);
    }
    if (filled.length === 0) return;
    if (!this.options.replace)
      throw new BackupError(
        `Cơ sở dữ liệu đích đã có dữ liệu (bảng ${filled.join(', ')}), nên không khôi phục để tránh ghi đè. ` +
          'Nếu muốn thay toàn bộ dữ liệu hiện có bằng bản sao lưu, hãy chạy lại lệnh với tùy chọn --replace.',
      );
    await sql`truncate table ${sql.join(this.tables.map((t) => sql.table(t)))} restart identity`.execute(this.trx);
  }

  private async control(line: string): Promise<void> {
    const value = parseObject(line);
    if (typeof value?.table === 'string' && Array.isArray(value.columns)) {
      await this.flush();
      const name = value.table;
      if (name in this.counts) throw this.corrupt(`bảng ${name} xuất hiện hai lần`);
      if (!this.tables.includes(name))
        throw new BackupError(`Bản sao lưu ${this.file} có bảng ${name} mà cơ sở dữ liệu đích không có. Không khôi phục dữ liệu nào.`);
      const columns = await columnsOf(this.trx, name);
      const dumped = new Set(value.columns as string[]);
      if (columns.length !== dumped.size || columns.some((c) => !dumped.has(c)))
        throw new BackupError(
          `Các cột của bảng ${name} trong bản sao lưu (${[...dumped].join(', ')}) khác với cơ sở dữ liệu đích (${columns.join(', ')}). Không khôi phục dữ liệu nào.`,
        );
      this.table = { name, columns };
      this.counts[name] = 0;
      return;
    }
    if (value?.end && typeof value.end === 'object') {
      await this.flush();
      this.end = value.end as Record<string, number>;
      return;
    }
    throw this.corrupt('dòng không đúng định dạng');
  }

  private async row(line: string): Promise<void> {
    if (!this.table) throw this.corrupt('có bản ghi trước tên bảng');
    if (!line.endsWith('}')) throw this.corrupt('bản ghi không trọn vẹn');
    // The row's JSON goes to PostgreSQL as written: parsing it here would round big integers.
    const row = line.slice('{"r":'.length, -1);
    this.batch.push(row);
    this.batchChars += row.length;
    if (this.batch.length >= BATCH_ROWS || this.batchChars >= BATCH_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.table || this.batch.length === 0) return;
    const { name, columns } = this.table;
    const json = `[${this.batch.join(',')}]`;
    const count = this.batch.length;
    this.batch = [];
    this.batchChars = 0;
    const list = sql.join(columns.map((c) => sql.ref(c)));
    try {
      await sql`insert into ${sql.table(name)} (${list}) overriding system value
        select ${list} from json_populate_recordset(null::${sql.table(name)}, ${json}::json)`.execute(this.trx);
    } catch (error) {
      throw this.corrupt(`không ghi được ${count} bản ghi vào bảng ${name} (${(error as Error).message})`);
    }
    this.counts[name]! += count;
  }

  /** Checks the dump was complete and sets every identity sequence after the highest restored value. */
  async finish(): Promise<BackupSummary> {
    if (!this.header) throw new BackupError(`Tệp ${this.file} trống, không phải là bản sao lưu của dondoc.`);
    if (!this.end) throw new BackupError(`Tệp sao lưu ${this.file} bị cắt cụt (thiếu dòng kết thúc). Không khôi phục dữ liệu nào.`);
    for (const [table, rows] of Object.entries(this.end)) {
      if (this.counts[table] !== rows)
        throw new BackupError(
          `Tệp sao lưu ${this.file} bị hỏng: bảng ${table} phải có ${rows} bản ghi nhưng đọc được ${this.counts[table] ?? 0}. Không khôi phục dữ liệu nào.`,
        );
    }
    for (const table of Object.keys(this.counts))
      if (!(table in this.end))
        throw new BackupError(`Tệp sao lưu ${this.file} bị hỏng: dòng kết thúc không nhắc tới bảng ${table}. Không khôi phục dữ liệu nào.`);
    await resetSequences(this.trx, this.tables);
    return { migration: this.migration, tables: this.counts, rows: Object.values(this.counts).reduce((a, b) => a + b, 0) };
  }
}

/** Every identity or serial column of these tables continues after its highest value (1 when empty). */
async function resetSequences(trx: Transaction<Tables>, tables: string[]): Promise<void> {
  for (const table of tables) {
    const { rows } = await sql<{ column: string; sequence: string }>`
      select a.attname as column, pg_get_serial_sequence(quote_ident(${table}), a.attname) as sequence
      from pg_attribute a
      where a.attrelid = quote_ident(${table})::regclass and a.attnum > 0 and not a.attisdropped
        and pg_get_serial_sequence(quote_ident(${table}), a.attname) is not null`.execute(trx);
    for (const { column, sequence } of rows) {
      await sql`select setval(${sequence}::regclass, coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(trx);
    }
  }
}

function parseObject(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
