/**
 * The outbox: the ledger of every message, one record per message key, with the message itself as
 * an `.eml` file. Without SMTP it is where messages are delivered; with SMTP it is the record that
 * makes sending exactly-once (see docs/messages.md).
 *
 *   <dir>/records/<sha256(key)>.json   the ledger record
 *   <dir>/messages/<sha256(key)>.eml   the message as sent (RFC 5322)
 *   <dir>/locks/<sha256(key)>.lock     held while a record is read and rewritten
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MessageKind } from '../../domain/notification';
import { nameKey } from '../../domain/messages/text';
import { isNotFound, readJsonFile, writeFileAtomic } from './atomic-file';
import { isProcessAlive, withFileLock } from './file-lock';
import type { Receipt } from './channel';

export type LedgerStatus =
  /** claimed by an attempt that is sending it now, or that died while sending it */
  | 'sending'
  /** the last attempt failed with a temporary error; Temporal will retry */
  | 'retrying'
  | 'sent'
  /** given up: permanent refusal, or the workflow stopped retrying */
  | 'failed'
  /** waiting in an agency's daily digest */
  | 'queued'
  /** listed in a daily digest that was sent */
  | 'digested'
  /** nobody to send it to */
  | 'undeliverable';

export type LedgerRecord = {
  key: string;
  messageId: string;
  kind: MessageKind;
  status: LedgerStatus;
  subject: string | null;
  /** Addresses the message is (or was) sent to. */
  recipients: string[];
  /** Names and ids of the agencies the message concerns: what `listOutbox({ agency })` matches. */
  agencies: string[];
  attempts: number;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  channel: string | null;
  /** The server's reply to the accepted message. */
  response: string | null;
  /** Addresses the server refused while accepting others. */
  rejected: string[];
  error: string | null;
  /** Who is sending it now, and until when that claim holds. */
  lease: { pid: number; host: string; owner: string; until: string } | null;
  /** Agency ids whose part of the message waits for their daily digest. */
  queuedFor: string[];
  /** For 'digested': the key of the digest that listed it. */
  digestKey: string | null;
};

export type OutboxEntry = LedgerRecord & { emlPath: string | null };

export type ClaimInit = { kind: MessageKind; subject: string; recipients: string[]; agencies: string[]; queuedFor?: string[] };

export type ClaimOutcome =
  | { outcome: 'claimed'; record: LedgerRecord }
  | { outcome: 'sent' | 'failed'; record: LedgerRecord }
  /** Another live attempt holds the message: try again later. */
  | { outcome: 'busy'; record: LedgerRecord };

export type OutboxOptions = {
  now?: () => Date;
  /** How long a 'sending' claim keeps other attempts away; longer than one activity attempt. */
  leaseMs?: number;
};

/** `<sha256(key)@dondoc>`: the same key always gives the same Message-ID. */
export function messageIdFor(key: string): string {
  return `<${hashKey(key)}@dondoc>`;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Identifies this process, so that a claim it holds is not mistaken for one left by a dead process. */
const PROCESS_OWNER = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
/** Keys this process is sending right now (per outbox directory). */
const IN_FLIGHT = new Set<string>();

export class Outbox {
  readonly dir: string;
  private readonly now: () => Date;
  private readonly leaseMs: number;

  constructor(dir: string, options: OutboxOptions = {}) {
    this.dir = dir;
    this.now = options.now ?? (() => new Date());
    this.leaseMs = options.leaseMs ?? 10 * 60_000;
  }

  private recordPath(key: string) {
    return join(this.dir, 'records', `${hashKey(key)}.json`);
  }
  emlPath(key: string): string {
    return join(this.dir, 'messages', `${hashKey(key)}.eml`);
  }
  private lockPath(key: string) {
    return join(this.dir, 'locks', `${hashKey(key)}.lock`);
  }
  private flightKey(key: string) {
    return `${this.dir}\n${key}`;
  }

  async get(key: string): Promise<LedgerRecord | null> {
    return readJsonFile<LedgerRecord>(this.recordPath(key));
  }

  /**
   * Atomically moves a message to 'sending' for this attempt. A message already sent or failed is
   * not claimed; neither is one another live attempt is sending. A 'sending' claim whose owner
   * died (same host) or whose lease ran out is taken over.
   */
  async claim(key: string, init: ClaimInit): Promise<ClaimOutcome> {
    return this.locked(key, async () => {
      const existing = await this.get(key);
      if (existing && (existing.status === 'sent' || existing.status === 'failed')) return { outcome: existing.status, record: existing };
      if (existing?.status === 'sending' && this.leaseIsLive(key, existing)) return { outcome: 'busy', record: existing };
      const now = this.now();
      const record: LedgerRecord = {
        ...(existing ?? this.blank(key, init.kind, now)),
        kind: init.kind,
        status: 'sending',
        subject: init.subject,
        recipients: init.recipients,
        agencies: init.agencies,
        queuedFor: init.queuedFor ?? existing?.queuedFor ?? [],
        attempts: (existing?.attempts ?? 0) + 1,
        updatedAt: now.toISOString(),
        error: null,
        lease: { pid: process.pid, host: hostname(), owner: PROCESS_OWNER, until: new Date(now.getTime() + this.leaseMs).toISOString() },
      };
      await this.write(record);
      IN_FLIGHT.add(this.flightKey(key));
      return { outcome: 'claimed', record };
    });
  }

  private leaseIsLive(key: string, record: LedgerRecord): boolean {
    const lease = record.lease;
    if (!lease) return false;
    if (lease.owner === PROCESS_OWNER) return IN_FLIGHT.has(this.flightKey(key));
    if (lease.host === hostname() && !isProcessAlive(lease.pid)) return false;
    return new Date(lease.until).getTime() > this.now().getTime();
  }

  /** Stores the message as it will be sent. */
  async storeEml(key: string, raw: Uint8Array): Promise<string> {
    const path = this.emlPath(key);
    await writeFileAtomic(path, raw);
    return path;
  }

  async readEml(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.emlPath(key));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async markSent(key: string, receipt: Receipt): Promise<LedgerRecord> {
    try {
      return await this.update(key, (r) => ({
        ...r,
        status: 'sent',
        sentAt: this.now().toISOString(),
        channel: receipt.channel,
        response: receipt.response,
        rejected: receipt.rejected,
        lease: null,
        error: null,
      }));
    } finally {
      IN_FLIGHT.delete(this.flightKey(key));
    }
  }

  async markRetrying(key: string, error: string): Promise<LedgerRecord> {
    try {
      return await this.update(key, (r) => (r.status === 'sent' ? r : { ...r, status: 'retrying', error, lease: null }));
    } finally {
      IN_FLIGHT.delete(this.flightKey(key));
    }
  }

  /** Gives a message up. A message already sent stays sent. */
  async markFailed(key: string, error: string, init?: ClaimInit): Promise<LedgerRecord> {
    try {
      return await this.upsert(key, init, (r) => (r.status === 'sent' ? r : { ...r, status: 'failed', error, lease: null }));
    } finally {
      IN_FLIGHT.delete(this.flightKey(key));
    }
  }

  /** Records a message that was not sent now: queued for a digest, or with nobody to send it to. */
  async markNotSent(key: string, status: 'queued' | 'undeliverable', init: ClaimInit, error: string | null = null): Promise<LedgerRecord> {
    return this.upsert(key, init, (r) =>
      r.status === 'sent' || r.status === 'failed' || r.status === 'digested'
        ? r
        : { ...r, status, subject: init.subject, recipients: init.recipients, agencies: init.agencies, queuedFor: init.queuedFor ?? [], error },
    );
  }

  async markDigested(key: string, digestKey: string): Promise<void> {
    await this.locked(key, async () => {
      const record = await this.get(key);
      if (record?.status === 'queued') await this.write({ ...record, status: 'digested', digestKey, updatedAt: this.now().toISOString() });
    });
  }

  /** Newest first. `agency` matches a name or id the record concerns (NFC, case-insensitive). */
  async list(options: { agency?: string; limit?: number; status?: LedgerStatus } = {}): Promise<OutboxEntry[]> {
    let names: string[];
    try {
      names = (await readdir(join(this.dir, 'records'))).filter((n) => n.endsWith('.json'));
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    const records = (await Promise.all(names.map((n) => readJsonFile<LedgerRecord>(join(this.dir, 'records', n))))).filter(
      (r): r is LedgerRecord => r !== null,
    );
    const wanted = options.agency === undefined ? null : nameKey(options.agency);
    const matching = records
      .filter((r) => wanted === null || r.agencies.some((a) => nameKey(a) === wanted))
      .filter((r) => options.status === undefined || r.status === options.status)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.key.localeCompare(b.key));
    const limited = options.limit === undefined ? matching : matching.slice(0, options.limit);
    return Promise.all(
      limited.map(async (r) => {
        const path = this.emlPath(r.key);
        const exists = await access(path).then(
          () => true,
          () => false,
        );
        return { ...r, emlPath: exists ? path : null };
      }),
    );
  }

  private blank(key: string, kind: MessageKind, now: Date): LedgerRecord {
    return {
      key,
      messageId: messageIdFor(key),
      kind,
      status: 'sending',
      subject: null,
      recipients: [],
      agencies: [],
      attempts: 0,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      sentAt: null,
      channel: null,
      response: null,
      rejected: [],
      error: null,
      lease: null,
      queuedFor: [],
      digestKey: null,
    };
  }

  private async update(key: string, change: (r: LedgerRecord) => LedgerRecord): Promise<LedgerRecord> {
    return this.upsert(key, undefined, change);
  }

  private async upsert(key: string, init: ClaimInit | undefined, change: (r: LedgerRecord) => LedgerRecord): Promise<LedgerRecord> {
    return this.locked(key, async () => {
      const existing = await this.get(key);
      if (!existing && !init) throw new Error(`outbox has no record for message key "${key}"`);
      const base = existing ?? { ...this.blank(key, init!.kind, this.now()), subject: init!.subject, recipients: init!.recipients, agencies: init!.agencies };
      const next = change(base);
      if (next === existing) return existing;
      const written = { ...next, updatedAt: this.now().toISOString() };
      await this.write(written);
      return written;
    });
  }

  private async write(record: LedgerRecord): Promise<void> {
    await writeFileAtomic(this.recordPath(record.key), JSON.stringify(record, null, 2) + '\n');
  }

  private locked<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return withFileLock(this.lockPath(key), fn);
  }
}
