/**
 * Dashboard sign-in sessions. The browser holds a random session id in an HttpOnly cookie; the
 * database holds only its SHA-256, the account, and the session's CSRF token (sent back by the
 * dashboard in x-csrf-token on every mutating request).
 *
 * Expiry: a session ends after IDLE_MS without a request (12 hours: one working day, so a desk left
 * overnight signs in again) and at the latest ABSOLUTE_MS after sign-in (7 days), whichever is first;
 * sign-out, a password reset and disabling the account end it at once. Every request reads the row:
 * nothing is cached.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from './database';
import { tokenHash, userOfRow, type User } from './accounts';

export const IDLE_MS = 12 * 60 * 60 * 1000;
export const ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often per session (not on every request). */
const SEEN_RESOLUTION_MS = 60_000;

export type Session = { user: User; csrfToken: string; expiresAt: Date };

export class SessionStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts a session for an account; the id is returned once (the cookie's value) and stored hashed. */
  async start(user: User): Promise<{ id: string } & Session> {
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = new Date(now.getTime() + ABSOLUTE_MS);
    await this.db
      .insertInto('sessions')
      .values({ id_sha256: tokenHash(id), account_id: user.id, created_at: now, expires_at: expiresAt, last_seen_at: now, csrf_token: csrfToken })
      .execute();
    return { id, user, csrfToken, expiresAt };
  }

  /** The live session this id names, or null (unknown, ended, idle too long, past its end, account disabled). */
  async resolve(id: string | undefined): Promise<Session | null> {
    if (!id) return null;
    const digest = tokenHash(id);
    const now = this.now();
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('accounts as a', 'a.id', 's.account_id')
      .select(['a.id', 'a.name', 'a.role', 'a.agency', 'a.jurisdiction', 's.csrf_token', 's.expires_at', 's.created_at', 's.last_seen_at'])
      .where('s.id_sha256', '=', digest)
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', now)
      .where('a.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!row || row.csrf_token === null) return null;
    const seen = row.last_seen_at ?? row.created_at;
    if (now.getTime() - seen.getTime() >= IDLE_MS) return null;
    if (now.getTime() - seen.getTime() >= SEEN_RESOLUTION_MS) {
      await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id_sha256', '=', digest).execute();
    }
    return { user: userOfRow(row), csrfToken: row.csrf_token, expiresAt: row.expires_at };
  }

  /** Ends the session (sign-out); true when it was live. */
  async end(id: string | undefined): Promise<boolean> {
    if (!id) return false;
    const result = await this.db
      .updateTable('sessions')
      .set({ revoked_at: this.now() })
      .where('id_sha256', '=', tokenHash(id))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Deletes sessions that ended more than a day ago (they authenticate nothing); how many. */
  async prune(): Promise<number> {
    const before = new Date(this.now().getTime() - 24 * 60 * 60 * 1000);
    const result = await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before), eb('last_seen_at', '<', new Date(before.getTime() - IDLE_MS))]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
