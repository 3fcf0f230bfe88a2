/**
 * The outbox: the ledger of every message, one row per message key (`outbox_messages`), with the
 * message itself in its `eml` column. Without SMTP it is where messages are delivered; with SMTP it
 * is the record that makes sending exactly-once (see docs/messages.md).
 *
 * Claiming a key is one statement (INSERT … ON CONFLICT … DO UPDATE … WHERE the key is neither
 * settled nor held by a live lease … RETURNING), so two workers on one database never both hold a
 * key; every later state change is one UPDATE. `outbox_agencies` has one row per agency a message
 * concerns (by normalised name or id), written in the same transaction: listing an agency's
 * messages is an index range scan, newest first.
 *
 * Reads, claims and "sent" marks that arrive while the previous one of their kind is running share
 * one statement (group commit, storage/group-commit.ts): in a burst of reminders one statement
 * serves many messages, and each message's row is claimed and marked exactly as it would be alone.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql, type Transaction } from 'kysely';
import type { MessageKind } from '../domain/notification';
import { nameKey } from '../domain/messages/text';
import type { Database } from './database';
import { groupCommit } from './group-commit';
import { runPrepared, type PreparedStatement } from './prepared';
import type { OutboxMessageRow, Tables } from './tables';

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

/** How a message ended for good: a claim leaves it alone (sent, given up, or handed to a daily digest). */
const SETTLED_STATUSES = ['sent', 'failed', 'queued', 'digested'] as const satisfies readonly LedgerStatus[];

export function isSettled(status: LedgerStatus): boolean {
  return (SETTLED_STATUSES as readonly LedgerStatus[]).includes(status);
}

export const LEDGER_STATUSES = ['sending', 'retrying', 'sent', 'failed', 'queued', 'digested', 'undeliverable'] as const satisfies readonly LedgerStatus[];

export type LedgerRecord = {
  key: string;
  messageId: string;
  kind: MessageKind;
  status: LedgerStatus;
  subject: string | null;
  /** Addresses the message is (or was) sent to. */
  recipients: string[];
  /** Names and ids of the agencies the message concerns: what `list({ agency })` matches. */
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

export type OutboxEntry = LedgerRecord & { hasEml: boolean };

/** What delivered a message: the channel's receipt. */
export type SendReceipt = { channel: string; accepted: string[]; rejected: string[]; response: string };

export type ClaimInit = {
  kind: MessageKind;
  subject: string;
  recipients: string[];
  agencies: string[];
  queuedFor?: string[];
  /** The message as it will be sent, stored with the claim. */
  eml?: Uint8Array;
};

export type ClaimOutcome =
  | { outcome: 'claimed'; record: LedgerRecord }
  /** Sent, given up or handed to a digest before: not claimed (`isSettled`). */
  | { outcome: 'settled'; record: LedgerRecord }
  /** Another live attempt holds the message: try again later. */
  | { outcome: 'busy'; record: LedgerRecord };

/** Where a listing goes on from: the last entry of the previous page. */
export type OutboxCursor = { createdAt: string; key: string };

export type ListOptions = { agency?: string; status?: LedgerStatus; limit?: number; before?: OutboxCursor };

export type OutboxOptions = {
  now?: () => Date;
  /** How long a 'sending' claim keeps other attempts away; longer than one activity attempt. */
  leaseMs?: number;
};

/**
 * 3 minutes: longer than one notify attempt (startToCloseTimeout 2 minutes, after which Temporal
 * starts the next attempt elsewhere) and than the SMTP timeouts of one send (connection 30 s +
 * greeting 30 s + socket 60 s). A worker that dies mid-send delays its message by at most this.
 */
export const DEFAULT_LEASE_MS = 3 * 60_000;
export const DEFAULT_LIST_LIMIT = 200;
export const MAX_LIST_LIMIT = 1000;

/** `<sha256(key)@dondoc>`: the same key always gives the same Message-ID. */
export function messageIdFor(key: string): string {
  return `<${hashKey(key)}@dondoc>`;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

const HOST = hostname();

/**
 * Who holds a claim: this process through one database handle (one per process in production), so
 * that a claim it holds is not mistaken for one left by a dead process; and the keys it is sending now.
 */
type Claimant = { owner: string; inFlight: Set<string> };
const CLAIMANTS = new WeakMap<Database, Claimant>();

function claimantOf(db: Database): Claimant {
  let claimant = CLAIMANTS.get(db);
  if (!claimant) CLAIMANTS.set(db, (claimant = { owner: `${HOST}:${process.pid}:${randomBytes(6).toString('hex')}`, inFlight: new Set() }));
  return claimant;
}

type Executor = Database | Transaction<Tables>;

/** Every column but the message itself. */
const RECORD_COLUMNS = [
  'key',
  'message_id',
  'kind',
  'status',
  'subject',
  'recipients',
  'agencies',
  'attempts',
  'created_at',
  'updated_at',
  'sent_at',
  'channel',
  'response',
  'rejected',
  'error',
  'lease_owner',
  'lease_host',
  'lease_pid',
  'lease_until',
  'queued_for',
  'digest_key',
] as const;

type RecordRow = Omit<OutboxMessageRow, 'eml'>;

const RETURNING = RECORD_COLUMNS.join(', ');
const SETTLED_LIST = SETTLED_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * The claim, in one statement (storage/prepared.ts: planned once per session). $1: the messages
 * (key, message_id, kind, subject, recipients, agencies, queued_for, eml as base64), claimed in key
 * order so that two workers lock shared keys in the same order; $2 now; $3 the lease's end; $4–$6
 * this claimant (owner, host, pid); $7, $8 whether the messages bring their .eml and digest
 * agencies (else a row's own are kept); $9 keys this process holds but no attempt here sends any
 * more (taken over); $10 the agency index rows (key, agency). Data-modifying WITH clauses commit
 * or fail together.
 */
const CLAIM: PreparedStatement = {
  name: 'outbox_claim',
  text: `WITH asked AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb)
        AS a(key text, message_id text, kind text, subject text, recipients jsonb, agencies jsonb, queued_for jsonb, eml text)
    ), claimed AS (
      INSERT INTO outbox_messages AS m (key, message_id, kind, subject, recipients, agencies, queued_for, rejected, attempts,
        created_at, updated_at, status, lease_owner, lease_host, lease_pid, lease_until, eml)
      SELECT key, message_id, kind, subject, recipients, agencies, queued_for, '[]'::jsonb, 1,
        $2::timestamptz, $2::timestamptz, 'sending', $4::text, $5::text, $6::integer, $3::timestamptz, decode(eml, 'base64')
      FROM asked ORDER BY key
      ON CONFLICT (key) DO UPDATE SET
        kind = excluded.kind, status = 'sending', subject = excluded.subject, recipients = excluded.recipients,
        agencies = excluded.agencies,
        queued_for = CASE WHEN $8::boolean THEN excluded.queued_for ELSE m.queued_for END,
        attempts = m.attempts + 1, updated_at = excluded.updated_at, error = NULL,
        lease_owner = excluded.lease_owner, lease_host = excluded.lease_host, lease_pid = excluded.lease_pid,
        lease_until = excluded.lease_until,
        eml = CASE WHEN $7::boolean THEN excluded.eml ELSE m.eml END
      WHERE m.status NOT IN (${SETTLED_LIST})
        AND (m.status <> 'sending' OR m.lease_until IS NULL OR m.lease_until <= $2::timestamptz
          OR (m.lease_owner = $4::text AND NOT m.key IN (SELECT jsonb_array_elements_text($9::jsonb))))
      RETURNING ${RETURNING}
    ), indexed AS (
      INSERT INTO outbox_agencies (agency_key, created_at, key)
      SELECT i.agency, claimed.created_at, claimed.key
      FROM claimed JOIN jsonb_to_recordset($10::jsonb) AS i(key text, agency text) ON i.key = claimed.key
      ON CONFLICT (agency_key, key) DO NOTHING
    )
    SELECT * FROM claimed`,
};

/**
 * One "sent" mark (prepared): $1 the key, $2 now, $3–$5 the receipt (channel, response, refused
 * addresses). Its plan, kept for the session, finds the row by its primary key at any table size.
 */
const MARK_SENT: PreparedStatement = {
  name: 'outbox_mark_sent',
  text: `UPDATE outbox_messages SET status = 'sent', sent_at = $2::timestamptz, updated_at = $2::timestamptz, error = NULL,
      lease_owner = NULL, lease_host = NULL, lease_pid = NULL, lease_until = NULL,
      channel = $3::text, response = $4::text, rejected = $5::jsonb
    WHERE key = $1::text
    RETURNING ${RETURNING}`,
};

type ClaimAsk = { key: string; init: ClaimInit };

export class Outbox {
  private readonly now: () => Date;
  private readonly leaseMs: number;
  private readonly inFlight: Set<string>;
  private readonly owner: string;

  constructor(
    private readonly db: Database,
    options: OutboxOptions = {},
  ) {
    const claimant = claimantOf(db);
    this.now = options.now ?? (() => new Date());
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.inFlight = claimant.inFlight;
    this.owner = claimant.owner;
  }

  /** The ledger's row for `key`, or null. Reads that arrive together are one statement. */
  async get(key: string): Promise<LedgerRecord | null> {
    const row = await this.getTogether(key);
    return row ? toRecord(row) : null;
  }

  /**
   * Moves a message to 'sending' for this attempt, in one statement. A settled message (sent, given
   * up, handed to a digest) is not claimed and comes back as it is; neither is one another live
   * attempt holds. A 'sending' claim whose lease ran out, that this process holds but no longer
   * sends, or whose owner died on this host, is taken over.
   */
  async claim(key: string, init: ClaimInit): Promise<ClaimOutcome> {
    const claimed = await this.claimTogether({ key, init });
    if (claimed) return this.took(key, claimed);

    const existing = await this.get(key);
    if (!existing) throw new Error(`outbox: message key "${key}" was neither claimed nor found`);
    if (isSettled(existing.status)) return { outcome: 'settled', record: existing };
    const lease = existing.lease;
    if (lease && lease.host === HOST && lease.owner !== this.owner && !isProcessAlive(lease.pid)) {
      // Its owner died on this host: take it over, unless another attempt did so first.
      const now = this.now();
      const taken = await this.db
        .updateTable('outbox_messages')
        .set({
          status: 'sending',
          attempts: sql<number>`attempts + 1`,
          updated_at: now,
          error: null,
          lease_owner: this.owner,
          lease_host: HOST,
          lease_pid: process.pid,
          lease_until: new Date(now.getTime() + this.leaseMs),
        })
        .where('key', '=', key)
        .where('status', '=', 'sending')
        .where('lease_owner', '=', lease.owner)
        .returning(RECORD_COLUMNS)
        .executeTakeFirst();
      if (taken) return this.took(key, taken);
      return this.claim(key, init);
    }
    return { outcome: 'busy', record: existing };
  }

  private readonly getTogether = groupCommit(async (keys: readonly string[]) => {
    const rows = await this.db
      .selectFrom('outbox_messages')
      .select(RECORD_COLUMNS)
      .where('key', 'in', [...new Set(keys)])
      .execute();
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return keys.map((key) => byKey.get(key));
  });

  /**
   * The claims that arrived together: the row of each one claimed, in the order asked. A key asked
   * twice is claimed by its first ask; the second finds it held by this process, like a later ask would.
   */
  private readonly claimTogether = groupCommit(async (asks: readonly ClaimAsk[]) => {
    // One statement per shape of claim: with or without the message, with or without digest agencies.
    const shapes = new Map<string, ClaimAsk[]>();
    // In key order, so that two workers' statements lock shared keys in the same order (no deadlock).
    for (const ask of uniqueBy(asks, (a) => a.key).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
      const shape = `${ask.init.eml !== undefined}:${ask.init.queuedFor !== undefined}`;
      shapes.set(shape, [...(shapes.get(shape) ?? []), ask]);
    }
    const claimed = new Map<string, RecordRow>();
    for (const same of shapes.values()) for (const row of await this.claimRows(same)) claimed.set(row.key, row);
    return asks.map((ask) => {
      const row = claimed.get(ask.key);
      claimed.delete(ask.key);
      return row;
    });
  });

  /** Claims these keys (distinct, and alike in whether they bring `eml` and `queuedFor`) in one statement. */
  private async claimRows(asks: readonly ClaimAsk[]): Promise<RecordRow[]> {
    const now = this.now();
    const { eml: withEml, queuedFor: withQueue } = asks[0]!.init;
    const rows = asks.map(({ key, init }) => ({
      key,
      message_id: messageIdFor(key),
      kind: init.kind,
      subject: init.subject,
      recipients: init.recipients,
      agencies: init.agencies,
      queued_for: init.queuedFor ?? [],
      eml: init.eml ? base64(init.eml) : null,
    }));
    // The agency index of every message: one row per normalised agency name or id.
    const index = asks.flatMap(({ key, init }) => [...new Set(init.agencies.map(nameKey))].map((agency) => ({ key, agency })));
    // A claim of this process's that no attempt here is sending any more is taken over.
    const sending = asks.filter((a) => this.inFlight.has(a.key)).map((a) => a.key);
    const claimed = await runPrepared<RecordRow>(this.db, CLAIM, [
      rows,
      now,
      new Date(now.getTime() + this.leaseMs),
      this.owner,
      HOST,
      process.pid,
      withEml !== undefined,
      withQueue !== undefined,
      sending,
      index,
    ]);
    // A retry may address other agencies than its earlier attempt did: their index rows go. In a
    // statement of its own, run only for retries, so that a first claim plans one clause less (issue 17).
    const retried = claimed.filter((row) => row.attempts > 1).map((row) => row.key);
    if (retried.length > 0)
      await this.db
        .deleteFrom('outbox_agencies')
        .where('outbox_agencies.key', 'in', retried)
        .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM jsonb_array_elements(${JSON.stringify(index)}::jsonb) i WHERE i.value->>'key' = outbox_agencies.key AND i.value->>'agency' = outbox_agencies.agency_key)`)
        .execute();
    return claimed;
  }

  private took(key: string, row: RecordRow): ClaimOutcome {
    this.inFlight.add(key);
    return { outcome: 'claimed', record: toRecord(row) };
  }

  async readEml(key: string): Promise<Buffer | null> {
    const row = await this.db
      .selectFrom('outbox_messages')
      .select(sql<string | null>`encode(eml, 'base64')`.as('eml'))
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.eml ? Buffer.from(row.eml, 'base64') : null;
  }

  /** Records the channel's receipt. Messages sent together are recorded in one statement. */
  async markSent(key: string, receipt: SendReceipt): Promise<LedgerRecord> {
    try {
      return await this.found(key, await this.markSentTogether({ key, receipt }));
    } finally {
      this.inFlight.delete(key);
    }
  }

  private readonly markSentTogether = groupCommit(async (sent: readonly { key: string; receipt: SendReceipt }[]) => {
    const now = this.now();
    // Alone, as nearly always: the prepared statement, whose plan looks the key up in its index.
    if (sent.length === 1) {
      const { key, receipt } = sent[0]!;
      const [row] = await runPrepared<RecordRow>(this.db, MARK_SENT, [key, now, receipt.channel, receipt.response, receipt.rejected]);
      return [row];
    }
    // Together, planned for the table as it is now: a plan kept for a session could go on joining
    // by a scan of the whole table chosen while it was small.
    const receipts = JSON.stringify(sent.map(({ key, receipt }) => ({ key, channel: receipt.channel, response: receipt.response, rejected: receipt.rejected })));
    const rows = await this.db
      .updateTable('outbox_messages')
      .from(sql`jsonb_array_elements(${receipts}::jsonb)`.as('r'))
      .set({
        status: 'sent',
        sent_at: now,
        updated_at: now,
        error: null,
        ...NO_LEASE,
        channel: sql<string>`r.value->>'channel'`,
        response: sql<string>`r.value->>'response'`,
        rejected: sql<string>`r.value->'rejected'`,
      })
      .where(sql<boolean>`outbox_messages.key = r.value->>'key'`)
      .returning(RECORD_COLUMNS)
      .execute();
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return sent.map(({ key }) => byKey.get(key));
  });

  /** Records a temporary failure, unless the message was sent meanwhile or another attempt holds it now. */
  async markRetrying(key: string, error: string): Promise<LedgerRecord> {
    try {
      const row = await this.db
        .updateTable('outbox_messages')
        .set({ status: 'retrying', error, updated_at: this.now(), ...NO_LEASE })
        .where('key', '=', key)
        .where((eb) => eb.and([eb('status', '<>', 'sent'), eb.or([eb('status', '<>', 'sending'), eb('lease_owner', '=', this.owner), eb('lease_owner', 'is', null)])]))
        .returning(RECORD_COLUMNS)
        .executeTakeFirst();
      return row ? toRecord(row) : this.found(key, undefined);
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Gives a message up (recording it with `init` when it has no row yet). A message already sent stays sent. */
  async markFailed(key: string, error: string, init?: ClaimInit): Promise<LedgerRecord> {
    try {
      const now = this.now();
      if (!init) {
        const row = await this.db
          .updateTable('outbox_messages')
          .set({ status: 'failed', error, updated_at: now, ...NO_LEASE })
          .where('key', '=', key)
          .where('status', '<>', 'sent')
          .returning(RECORD_COLUMNS)
          .executeTakeFirst();
        return row ? toRecord(row) : this.found(key, undefined);
      }
      const row = await this.db.transaction().execute(async (trx) => {
        const written = await trx
          .insertInto('outbox_messages')
          .values({ ...this.fresh(key, init, now), status: 'failed', error })
          .onConflict((oc) =>
            oc
              .column('key')
              .doUpdateSet({ status: 'failed', error, updated_at: now, ...NO_LEASE })
              .where('outbox_messages.status', '<>', 'sent'),
          )
          .returning(RECORD_COLUMNS)
          .executeTakeFirst();
        if (written) await indexAgencies(trx, written, false);
        return written;
      });
      return row ? toRecord(row) : this.found(key, undefined);
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Records a message that was not sent now: queued for a digest, or with nobody to send it to. */
  async markNotSent(key: string, status: 'queued' | 'undeliverable', init: ClaimInit, error: string | null = null): Promise<LedgerRecord> {
    const now = this.now();
    const row = await this.db.transaction().execute(async (trx) => {
      const written = await trx
        .insertInto('outbox_messages')
        .values({ ...this.fresh(key, init, now), queued_for: JSON.stringify(init.queuedFor ?? []), status, error })
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet((eb) => ({
              status,
              subject: eb.ref('excluded.subject'),
              recipients: eb.ref('excluded.recipients'),
              agencies: eb.ref('excluded.agencies'),
              queued_for: eb.ref('excluded.queued_for'),
              error,
              updated_at: now,
              ...NO_LEASE,
            }))
            .where('outbox_messages.status', 'not in', ['sent', 'failed', 'digested']),
        )
        .returning(RECORD_COLUMNS)
        .executeTakeFirst();
      if (written) await indexAgencies(trx, written, true);
      return written;
    });
    return row ? toRecord(row) : this.found(key, undefined);
  }

  async markDigested(key: string, digestKey: string): Promise<void> {
    await this.db
      .updateTable('outbox_messages')
      .set({ status: 'digested', digest_key: digestKey, updated_at: this.now() })
      .where('key', '=', key)
      .where('status', '=', 'queued')
      .execute();
  }

  /**
   * Newest first (then by key), at most `limit` (default 200, at most 1000), after the `before`
   * cursor. `agency` matches a name or id the message concerns (NFC, case-insensitive).
   */
  async list(options: ListOptions = {}): Promise<OutboxEntry[]> {
    const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? DEFAULT_LIST_LIMIT)), MAX_LIST_LIMIT);
    const before = options.before ? { at: new Date(options.before.createdAt), key: options.before.key } : null;
    const columns = RECORD_COLUMNS.map((c) => `m.${c}` as const);
    const hasEml = sql<boolean>`m.eml is not null`.as('has_eml');
    const status = options.status;
    const rows =
      options.agency === undefined
        ? await this.db
            .selectFrom('outbox_messages as m')
            .select(columns)
            .select(hasEml)
            // The first condition alone lets the scan start at the cursor instead of filtering from the newest.
            .$if(before !== null, (q) => q.where('m.created_at', '<=', before!.at))
            .$if(before !== null, (q) => q.where((eb) => eb.or([eb('m.created_at', '<', before!.at), eb.and([eb('m.created_at', '=', before!.at), eb('m.key', '>', before!.key)])])))
            .$if(status !== undefined, (q) => q.where('m.status', '=', status!))
            .orderBy('m.created_at', 'desc')
            .orderBy('m.key', 'asc')
            .limit(limit)
            .execute()
        : // Ordered by the index row's copy of created_at, so the scan follows the index.
          await this.db
            .selectFrom('outbox_agencies as a')
            .innerJoin('outbox_messages as m', 'm.key', 'a.key')
            .select(columns)
            .select(hasEml)
            .where('a.agency_key', '=', nameKey(options.agency))
            // The first condition alone lets the scan start at the cursor instead of filtering from the newest.
            .$if(before !== null, (q) => q.where('a.created_at', '<=', before!.at))
            .$if(before !== null, (q) => q.where((eb) => eb.or([eb('a.created_at', '<', before!.at), eb.and([eb('a.created_at', '=', before!.at), eb('a.key', '>', before!.key)])])))
            .$if(status !== undefined, (q) => q.where('m.status', '=', status!))
            .orderBy('a.created_at', 'desc')
            .orderBy('a.key', 'asc')
            .limit(limit)
            .execute();
    return rows.map(({ has_eml, ...row }) => ({ ...toRecord(row), hasEml: has_eml }));
  }

  /** The columns of a new row. */
  private fresh(key: string, init: ClaimInit, now: Date) {
    return {
      key,
      message_id: messageIdFor(key),
      kind: init.kind,
      subject: init.subject,
      recipients: JSON.stringify(init.recipients),
      agencies: JSON.stringify(init.agencies),
      queued_for: JSON.stringify(init.queuedFor ?? []),
      rejected: '[]',
      attempts: 0,
      created_at: now,
      updated_at: now,
    };
  }

  private async found(key: string, row: RecordRow | undefined): Promise<LedgerRecord> {
    if (row) return toRecord(row);
    const existing = await this.get(key);
    if (!existing) throw new Error(`outbox has no record for message key "${key}"`);
    return existing;
  }
}

const NO_LEASE = { lease_owner: null, lease_host: null, lease_pid: null, lease_until: null };

/**
 * The listing index rows of a message, one per normalised agency name or id, dated like the
 * message. `replace`: the message's agencies may have changed, so rows for others are removed.
 */
async function indexAgencies(trx: Transaction<Tables>, row: RecordRow, replace: boolean): Promise<void> {
  const keys = [...new Set(row.agencies.map(nameKey))];
  if (replace) {
    let stale = trx.deleteFrom('outbox_agencies').where('key', '=', row.key);
    if (keys.length > 0) stale = stale.where('agency_key', 'not in', keys);
    await stale.execute();
  }
  if (keys.length === 0) return;
  await trx
    .insertInto('outbox_agencies')
    .values(keys.map((agency_key) => ({ agency_key, created_at: row.created_at, key: row.key })))
    .onConflict((oc) => oc.columns(['agency_key', 'key']).doNothing())
    .execute();
}

/**
 * The message travels as base64 text, decoded by the database: the embedded database converts a
 * binary parameter byte by byte in JavaScript, on the worker's only thread.
 */
function base64(raw: Uint8Array): string {
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64');
}

function toRecord(row: RecordRow): LedgerRecord {
  return {
    key: row.key,
    messageId: row.message_id,
    kind: row.kind as MessageKind,
    status: row.status as LedgerStatus,
    subject: row.subject,
    recipients: row.recipients,
    agencies: row.agencies,
    attempts: row.attempts,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    sentAt: row.sent_at ? iso(row.sent_at) : null,
    channel: row.channel,
    response: row.response,
    rejected: row.rejected,
    error: row.error,
    lease:
      row.lease_owner !== null && row.lease_until !== null
        ? { pid: row.lease_pid ?? 0, host: row.lease_host ?? '', owner: row.lease_owner, until: iso(row.lease_until) }
        : null,
    queuedFor: row.queued_for,
    digestKey: row.digest_key,
  };
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

/** Whether a process with this pid runs on this host (EPERM: it runs as another user). */
function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The first item of each identity, in order. */
function uniqueBy<T>(items: readonly T[], identity: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(identity(item)) && seen.add(identity(item)));
}
