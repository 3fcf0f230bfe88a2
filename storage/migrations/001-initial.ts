/** The first schema: every record dondoc kept in files until now, plus accounts, audit and templates. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox_messages')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('recipients', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('agencies', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addColumn('channel', 'text')
    .addColumn('response', 'text')
    .addColumn('rejected', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('error', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_host', 'text')
    .addColumn('lease_pid', 'integer')
    .addColumn('lease_until', 'timestamptz')
    .addColumn('queued_for', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('digest_key', 'text')
    .addColumn('eml', 'bytea')
    .addCheckConstraint('outbox_status', sql`status in ('sending', 'retrying', 'sent', 'failed', 'queued', 'digested', 'undeliverable')`)
    .execute();
  await db.schema.createIndex('outbox_messages_newest').on('outbox_messages').columns(['created_at desc', 'key']).execute();
  await db.schema.createIndex('outbox_messages_status').on('outbox_messages').columns(['status', 'created_at desc']).execute();

  await db.schema
    .createTable('outbox_agencies')
    .addColumn('agency_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull().references('outbox_messages.key').onDelete('cascade'))
    .addPrimaryKeyConstraint('outbox_agencies_pk', ['agency_key', 'key'])
    .execute();
  await db.schema.createIndex('outbox_agencies_newest').on('outbox_agencies').columns(['agency_key', 'created_at desc', 'key']).execute();
  await db.schema.createIndex('outbox_agencies_key').on('outbox_agencies').column('key').execute();

  await db.schema
    .createTable('digest_queue')
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('agency_name', 'text', (c) => c.notNull())
    .addColumn('roles', 'jsonb', (c) => c.notNull())
    .addColumn('request', 'jsonb', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('queued_at', 'timestamptz', (c) => c.notNull())
    .addColumn('batch_date', 'text')
    .addPrimaryKeyConstraint('digest_queue_pk', ['agency_id', 'key'])
    .execute();
  await db.schema.createIndex('digest_queue_batches').on('digest_queue').columns(['agency_id', 'batch_date', 'queued_at']).execute();

  await db.schema
    .createTable('onestop_files')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('record', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('onestop_files_jurisdiction').on('onestop_files').columns(['jurisdiction', 'received_on']).execute();

  await db.schema
    .createTable('onestop_file_revisions')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('record', 'jsonb', (c) => c.notNull())
    .addColumn('written_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('onestop_file_revisions_pk', ['code', 'revision'])
    .execute();

  await db.schema
    .createTable('onestop_publications')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('item', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('directory_versions')
    .addColumn('version', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('directory', 'jsonb', (c) => c.notNull())
    .addColumn('saved_by', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'timestamptz', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('agency', 'text')
    .addColumn('jurisdiction', 'text')
    .addColumn('login', 'text', (c) => c.unique())
    .addColumn('password_hash', 'text')
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();

  await db.schema
    .createTable('access_tokens')
    .addColumn('token_sha256', 'text', (c) => c.primaryKey())
    // The token's public handle (listing, revoking); the token itself is never stored.
    .addColumn('id', 'integer', (c) => c.notNull().unique().generatedAlwaysAsIdentity())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('label', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('access_tokens_account').on('access_tokens').column('account_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_sha256', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    // The session's CSRF token (sent back in x-csrf-token) and its last use (idle expiry).
    .addColumn('csrf_token', 'text')
    .addColumn('last_seen_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_role', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('jurisdiction', 'text')
    /** The HTTP status of an API call (null for what did not come through the API). */
    .addColumn('outcome', 'integer')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('audit_log_newest').on('audit_log').columns(['at desc']).execute();
  await db.schema.createIndex('audit_log_subject').on('audit_log').columns(['subject', 'at desc']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor', 'id desc']).execute();
  await db.schema.createIndex('audit_log_jurisdiction').on('audit_log').columns(['jurisdiction', 'id desc']).execute();

  await db.schema
    .createTable('templates')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('saved_by', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'timestamptz', (c) => c.notNull())
    .addColumn('retired_at', 'timestamptz')
    .addPrimaryKeyConstraint('templates_pk', ['id', 'version'])
    .execute();

  await db.schema
    .createTable('markers')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('legacy_imports')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'legacy_imports',
    'markers',
    'templates',
    'audit_log',
    'sessions',
    'access_tokens',
    'accounts',
    'directory_versions',
    'onestop_publications',
    'onestop_file_revisions',
    'onestop_files',
    'digest_queue',
    'outbox_agencies',
    'outbox_messages',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
