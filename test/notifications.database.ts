/**
 * The database of a notification test file: one per file (embedded unless asked otherwise),
 * emptied of messages and queued notices before each test.
 */
import { beforeEach } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../storage';
import { openTestDatabase, type DatabaseKind } from './support/databases';

/** Opens the file's database on first use; every test starts with an empty outbox and digest queue. */
export function useOutboxDatabase(kind: DatabaseKind = 'embedded'): () => Database {
  let db: Database | undefined;
  beforeEach(async () => {
    db ??= (await openTestDatabase(kind)).db;
    await sql`truncate outbox_agencies, outbox_messages, digest_queue`.execute(db);
  });
  return () => {
    if (!db) throw new Error('the outbox database is opened in beforeEach: use it inside a test');
    return db;
  };
}
