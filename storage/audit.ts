/**
 * The audit log: who did what to which record, when, and with what outcome. Rows are only ever
 * added. Recorded in the same transaction as the change they describe when the caller passes its
 * transaction; every mutating API call adds one more row (api/audit.ts) with its HTTP status.
 * Never holds a secret: no password, token or request body.
 */
import type { Database } from './database';

export type AuditEntry = {
  /** The person (account name) or 'Hệ thống' for dondoc itself. */
  actor: string;
  actorId?: number | undefined;
  actorRole?: string | undefined;
  /** What was done: `<record>.<verb>` ('directory.saved', 'account.created') or an API call ('POST /api/tasks/:id/:action'). */
  action: string;
  /** The record concerned, as `<kind>:<id>`: 'directory:3', 'account:12', 'task:…', 'file:…'. */
  subject?: string | undefined;
  jurisdiction?: string | undefined;
  /** The HTTP status of an API call. */
  outcome?: number | undefined;
  details?: Record<string, unknown>;
};

export type AuditRecord = Required<Pick<AuditEntry, 'actor' | 'action'>> & {
  id: string;
  at: Date;
  actorId: number | null;
  actorRole: string | null;
  subject: string | null;
  jurisdiction: string | null;
  outcome: number | null;
  details: Record<string, unknown>;
};

export type AuditSearch = {
  subject?: string | undefined;
  /** An account id (digits) or an actor's name (case-insensitive, exact). */
  actor?: string | undefined;
  /** Only these jurisdictions ('all': any, entries without one included). */
  jurisdictions?: 'all' | string[];
  /** The `next` of the previous page: entries older than it. */
  cursor?: string | undefined;
  limit: number;
};

/** The name dondoc records as the actor of what no person did (the first accounts at first start). */
export const SYSTEM_ACTOR = 'Hệ thống';

export class AuditLog {
  constructor(private readonly db: Database) {}

  /** Adds one row; `within` is the caller's transaction, so the entry and the change commit together. */
  async record(entry: AuditEntry, within: Database = this.db): Promise<void> {
    await within
      .insertInto('audit_log')
      .values({
        at: new Date(),
        actor: entry.actor,
        actor_id: entry.actorId ?? null,
        actor_role: entry.actorRole ?? null,
        action: entry.action,
        subject: entry.subject ?? null,
        jurisdiction: entry.jurisdiction ?? null,
        outcome: entry.outcome ?? null,
        details: JSON.stringify(entry.details ?? {}),
      })
      .execute();
  }

  /** The newest entries first, for one subject or all. */
  async list(options: { subject?: string; limit: number }): Promise<AuditRecord[]> {
    return (await this.search(options)).entries;
  }

  /**
   * Entries newest first (by id: the order they were written), filtered in the database; `next` is
   * the cursor of the following page when this one is full.
   */
  async search(options: AuditSearch): Promise<{ entries: AuditRecord[]; next?: string }> {
    let query = this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(options.limit);
    if (options.subject !== undefined) query = query.where('subject', '=', options.subject);
    if (options.actor !== undefined) {
      const actor = options.actor;
      query = /^\d{1,9}$/.test(actor)
        ? query.where('actor_id', '=', Number(actor))
        : query.where((eb) => eb(eb.fn('lower', ['actor']), '=', actor.toLowerCase()));
    }
    if (options.jurisdictions !== undefined && options.jurisdictions !== 'all') {
      if (options.jurisdictions.length === 0) return { entries: [] };
      query = query.where('jurisdiction', 'in', options.jurisdictions);
    }
    if (options.cursor !== undefined) query = query.where('id', '<', options.cursor);
    const rows = await query.execute();
    const entries = rows.map((r) => ({
      id: String(r.id),
      at: r.at,
      actor: r.actor,
      actorId: r.actor_id,
      actorRole: r.actor_role,
      action: r.action,
      subject: r.subject,
      jurisdiction: r.jurisdiction,
      outcome: r.outcome,
      details: r.details as Record<string, unknown>,
    }));
    return { entries, ...(entries.length === options.limit ? { next: entries.at(-1)!.id } : {}) };
  }
}
