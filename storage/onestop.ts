/**
 * One-stop records: the file records the monthly report counts (one row per file, rewritten by the
 * file workflow at each change, with every revision kept), and the apologies on the public page.
 */
import { sql } from 'kysely';
import { addDays } from '../domain/dates';
import type { PublicApology } from '../domain/onestop/publication';
import { MonthSchema, type FileRecord } from '../domain/onestop/report';
import type { Database } from './database';

export type FileRecordFilter = {
  /** Only files of these jurisdictions. */
  jurisdiction?: string[];
  /**
   * 'YYYY-MM': leaves out files that can have no event in that month (the monthly report's input).
   * Every file with an event in the month is returned, and possibly a few without.
   */
  month?: string;
};

/** One record per file: the facts the monthly report counts. */
export class FileRecordStore {
  constructor(private readonly db: Database) {}

  /**
   * Writes the record unless a revision at least as new is stored; true when written. The revision
   * is appended to the file's history either way (once: a retried write changes nothing). One
   * statement, so concurrent writers of one file end with the newest revision.
   */
  async put(record: FileRecord): Promise<boolean> {
    const now = new Date();
    const json = JSON.stringify(record);
    const written = await this.db
      .with('file', (db) =>
        db
          .insertInto('onestop_files')
          .values({
            code: record.code,
            jurisdiction: record.jurisdiction,
            received_on: record.receivedOn,
            revision: record.revision,
            record: json,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc
              .column('code')
              .doUpdateSet((eb) => ({
                jurisdiction: eb.ref('excluded.jurisdiction'),
                received_on: eb.ref('excluded.received_on'),
                revision: eb.ref('excluded.revision'),
                record: eb.ref('excluded.record'),
                updated_at: eb.ref('excluded.updated_at'),
              }))
              .where('onestop_files.revision', '<', (eb) => eb.ref('excluded.revision')),
          )
          .returning('code'),
      )
      .with('revision', (db) =>
        db
          .insertInto('onestop_file_revisions')
          .values({ code: record.code, revision: record.revision, record: json, written_at: now })
          .onConflict((oc) => oc.columns(['code', 'revision']).doNothing())
          .returning('code'),
      )
      .selectFrom('file')
      .select('code')
      .execute();
    return written.length > 0;
  }

  async get(code: string): Promise<FileRecord | null> {
    const row = await this.db.selectFrom('onestop_files').select('record').where('code', '=', code).executeTakeFirst();
    return row ? (row.record as FileRecord) : null;
  }

  /** Every revision written of the file, oldest first. */
  async revisions(code: string): Promise<FileRecord[]> {
    const rows = await this.db.selectFrom('onestop_file_revisions').select('record').where('code', '=', code).orderBy('revision').execute();
    return rows.map((r) => r.record as FileRecord);
  }

  async list(filter: FileRecordFilter = {}): Promise<FileRecord[]> {
    let query = this.db.selectFrom('onestop_files').select('record').orderBy('code');
    if (filter.jurisdiction) {
      if (filter.jurisdiction.length === 0) return [];
      query = query.where('jurisdiction', 'in', filter.jurisdiction);
    }
    if (filter.month) {
      const month = MonthSchema.parse(filter.month);
      const first = `${month}-01`;
      const last = `${month}-31`; // ISO days compare as text: every day of the month is ≤ this
      // A file counts in the month when one of its events falls in it. Every event (result, late,
      // apology, late again, withdrawal) happens on or after the day the file was received; the
      // report derives one more, the day after the first appointment, for a file that apologised
      // on time. So: received by the month's end, and received, an event, or that derived day on or
      // after its start (a superset: the report itself counts what is in the month).
      query = query.where('received_on', '<=', last).where(
        sql<boolean>`(received_on >= ${first}
          or greatest(record->>'resultOn', record->>'withdrawnOn', record->'late'->>'since', record->'apology'->>'submittedOn', record->'lateAgain'->>'since') >= ${first}
          or record->>'appointment' >= ${addDays(first, -1)})`,
      );
    }
    const rows = await query.execute();
    return rows.map((r) => r.record as FileRecord);
  }

  /** The jurisdictions that have files, sorted. */
  async jurisdictions(): Promise<string[]> {
    const rows = await this.db.selectFrom('onestop_files').select('jurisdiction').distinct().orderBy('jurisdiction').execute();
    return rows.map((r) => r.jurisdiction);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('onestop_files')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

/** The apologies on the public page, one per file. */
export class PublicationStore {
  constructor(private readonly db: Database) {}

  /** Publishes the apology, or replaces the file's publication (a retried publish changes nothing). */
  async publish(item: PublicApology): Promise<void> {
    await this.db
      .insertInto('onestop_publications')
      .values({ code: item.code, jurisdiction: item.jurisdiction, item: JSON.stringify(item), published_at: item.publishedAt })
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet((eb) => ({
            jurisdiction: eb.ref('excluded.jurisdiction'),
            item: eb.ref('excluded.item'),
            published_at: eb.ref('excluded.published_at'),
          })),
      )
      .execute();
  }

  /** Removes the file's publication; true when there was one. */
  async unpublish(code: string): Promise<boolean> {
    const removed = await this.db.deleteFrom('onestop_publications').where('code', '=', code).returning('code').execute();
    return removed.length > 0;
  }

  /** What is published, newest first, of one jurisdiction or all. */
  async list(filter: { jurisdiction?: string } = {}): Promise<PublicApology[]> {
    let query = this.db.selectFrom('onestop_publications').select('item').orderBy('published_at', 'desc').orderBy('code');
    if (filter.jurisdiction !== undefined) query = query.where('jurisdiction', '=', filter.jurisdiction);
    const rows = await query.execute();
    return rows.map((r) => r.item as PublicApology);
  }
}
