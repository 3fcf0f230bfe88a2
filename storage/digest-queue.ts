/**
 * Notices waiting for an agency's daily digest, one row per (agency, message key). Gathering a
 * digest stamps the due pending rows with the digest's date in one UPDATE, so a notice belongs to
 * exactly one digest, and a retried digest lists the same notices.
 */
import type { ContactRole } from '../domain/directory';
import type { IsoDate } from '../domain/dates';
import type { ParsedRequest } from '../domain/messages/templates';
import type { Database } from './database';
import type { Insertable, Selectable } from 'kysely';
import type { DigestQueueTable, Tables } from './tables';

export type QueuedNotice = {
  key: string;
  agencyId: string;
  agencyName: string;
  /** The roles the notice was addressed to in this agency. */
  roles: ContactRole[];
  request: ParsedRequest;
  queuedAt: string;
};

export class DigestQueue {
  constructor(private readonly db: Database) {}

  /** Queues a notice once: queuing the same key again for the same agency changes nothing. */
  async add(notice: QueuedNotice): Promise<void> {
    await this.db
      .insertInto('digest_queue')
      .values(noticeRow(notice, null))
      .onConflict((oc) => oc.columns(['agency_id', 'key']).doNothing())
      .execute();
  }

  /** Agencies that ever had a notice queued, pending or gathered. */
  async agencies(): Promise<string[]> {
    const rows = await this.db.selectFrom('digest_queue').select('agency_id').distinct().orderBy('agency_id').execute();
    return rows.map((r) => r.agency_id);
  }

  async pending(agencyId: string): Promise<QueuedNotice[]> {
    const rows = await this.db.selectFrom('digest_queue').selectAll().where('agency_id', '=', agencyId).where('batch_date', 'is', null).orderBy('queued_at').orderBy('key').execute();
    return rows.map(toNotice);
  }

  /** The notices a digest of `date` gathered (empty when none was gathered). */
  async batch(agencyId: string, date: IsoDate): Promise<QueuedNotice[]> {
    const rows = await this.db.selectFrom('digest_queue').selectAll().where('agency_id', '=', agencyId).where('batch_date', '=', date).orderBy('queued_at').orderBy('key').execute();
    return rows.map(toNotice);
  }

  /**
   * Puts the agency's pending notices dated on or before `date` into the batch of that date and
   * returns the whole batch (what an earlier, interrupted call gathered included).
   */
  async gather(agencyId: string, date: IsoDate): Promise<QueuedNotice[]> {
    await this.db
      .updateTable('digest_queue')
      .set({ batch_date: date })
      .where('agency_id', '=', agencyId)
      .where('batch_date', 'is', null)
      .where('as_of', '<=', date)
      .execute();
    return this.batch(agencyId, date);
  }
}

function toNotice(row: Selectable<Tables['digest_queue']>): QueuedNotice {
  return {
    key: row.key,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    roles: row.roles as ContactRole[],
    request: row.request as ParsedRequest,
    queuedAt: new Date(row.queued_at).toISOString(),
  };
}

/** A notice as a row of digest_queue: waiting (`batchDate` null) or gathered into that day's digest. */
export function noticeRow(notice: QueuedNotice, batchDate: string | null): Insertable<DigestQueueTable> {
  return {
    agency_id: notice.agencyId,
    key: notice.key,
    agency_name: notice.agencyName,
    roles: JSON.stringify(notice.roles),
    request: JSON.stringify(notice.request),
    as_of: notice.request.asOf,
    queued_at: new Date(notice.queuedAt),
    batch_date: batchDate,
  };
}
