/**
 * Notices waiting for an agency's daily digest. Each notice is one file; gathering a digest moves
 * the files into the digest's batch folder with atomic renames, so a notice belongs to exactly one
 * digest, and a retried digest lists the same notices.
 *
 *   <dir>/<agencyId>/pending/<sha256(key)>.json
 *   <dir>/<agencyId>/batches/<date>/<sha256(key)>.json
 */
import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContactRole } from '../../domain/directory';
import type { IsoDate } from '../../domain/dates';
import type { ParsedRequest } from '../../domain/messages/templates';
import { isNotFound, mkdirPrivate, readJsonFile, syncDirectory, writeFileAtomic } from './atomic-file';
import { hashKey } from './outbox';

export type QueuedNotice = {
  key: string;
  agencyId: string;
  agencyName: string;
  /** The roles the notice was addressed to in this agency. */
  roles: ContactRole[];
  request: ParsedRequest;
  queuedAt: string;
};

const AGENCY_ID = /^[a-z0-9][a-z0-9-]*$/;

export class DigestQueue {
  constructor(readonly dir: string) {}

  private pendingDir(agencyId: string) {
    return join(this.dir, checkedId(agencyId), 'pending');
  }
  private batchDir(agencyId: string, date: IsoDate) {
    return join(this.dir, checkedId(agencyId), 'batches', date);
  }

  /** Queues a notice once: queuing the same key again changes nothing. */
  async add(notice: QueuedNotice): Promise<void> {
    const name = `${hashKey(notice.key)}.json`;
    const pending = join(this.pendingDir(notice.agencyId), name);
    if ((await readJsonFile(pending)) !== null) return;
    await writeFileAtomic(pending, JSON.stringify(notice, null, 2) + '\n');
  }

  /** Agencies with a queue folder, pending or not. */
  async agencies(): Promise<string[]> {
    try {
      const entries = await readdir(this.dir, { withFileTypes: true });
      return entries.filter((e) => e.isDirectory() && AGENCY_ID.test(e.name)).map((e) => e.name).sort();
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  async pending(agencyId: string): Promise<QueuedNotice[]> {
    return readNotices(this.pendingDir(agencyId));
  }

  /** The notices a digest of `date` gathered (empty when none was gathered). */
  async batch(agencyId: string, date: IsoDate): Promise<QueuedNotice[]> {
    return readNotices(this.batchDir(agencyId, date));
  }

  /**
   * Moves the agency's pending notices dated on or before `date` into the batch of that date and
   * returns the whole batch (what an earlier, interrupted call moved included).
   */
  async gather(agencyId: string, date: IsoDate): Promise<QueuedNotice[]> {
    const batch = this.batchDir(agencyId, date);
    const due = (await this.pending(agencyId)).filter((n) => n.request.asOf <= date);
    if (due.length > 0) {
      await mkdirPrivate(batch, { recheck: true });
      for (const notice of due) {
        const name = `${hashKey(notice.key)}.json`;
        try {
          await rename(join(this.pendingDir(agencyId), name), join(batch, name));
        } catch (error) {
          if (!isNotFound(error)) throw error; // moved by a concurrent call
        }
      }
      await syncDirectory(batch);
      await syncDirectory(this.pendingDir(agencyId));
    }
    return readNotices(batch);
  }
}

function checkedId(agencyId: string): string {
  if (!AGENCY_ID.test(agencyId)) throw new Error(`invalid agency id "${agencyId}" for the digest queue`);
  return agencyId;
}

async function readNotices(dir: string): Promise<QueuedNotice[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  const notices = await Promise.all(names.map((n) => readJsonFile<QueuedNotice>(join(dir, n))));
  return notices.filter((n): n is QueuedNotice => n !== null).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.key.localeCompare(b.key));
}
