/**
 * The shape of dondoc's own tables, as Kysely sees them. The migrations in ./migrations create
 * them; this file must follow every migration. Times are `timestamptz` (Date in, Date out), days
 * are `date` kept as ISO text ('2026-11-26'), lists and structured values are `jsonb`.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `jsonb` column: written as JSON text or a value, read back as the value. */
type Json<T> = ColumnType<T, string, string>;

export type OutboxMessagesTable = {
  key: string;
  message_id: string;
  kind: string;
  status: string;
  subject: string | null;
  recipients: Json<string[]>;
  /** Names and ids of the agencies the message concerns, as written (for display). */
  agencies: Json<string[]>;
  attempts: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: Timestamp | null;
  channel: string | null;
  response: string | null;
  rejected: Json<string[]>;
  error: string | null;
  lease_owner: string | null;
  lease_host: string | null;
  lease_pid: number | null;
  lease_until: Timestamp | null;
  queued_for: Json<string[]>;
  digest_key: string | null;
  /** The message as sent (RFC 5322). */
  eml: Buffer | null;
};

/** One row per agency a message concerns, by normalised name or id: what listing by agency reads. */
export type OutboxAgenciesTable = {
  agency_key: string;
  created_at: Timestamp;
  key: string;
};

export type DigestQueueTable = {
  agency_id: string;
  key: string;
  agency_name: string;
  roles: Json<string[]>;
  request: Json<unknown>;
  as_of: string;
  queued_at: Timestamp;
  /** The day of the digest that gathered it; null while it waits. */
  batch_date: string | null;
};

export type OnestopFilesTable = {
  code: string;
  jurisdiction: string;
  received_on: string;
  revision: number;
  record: Json<unknown>;
  updated_at: Timestamp;
};

/** Every revision of every file record, oldest first: the file's history as the report saw it. */
export type OnestopFileRevisionsTable = {
  code: string;
  revision: number;
  record: Json<unknown>;
  written_at: Timestamp;
};

export type OnestopPublicationsTable = {
  code: string;
  jurisdiction: string;
  item: Json<unknown>;
  published_at: Timestamp;
};

export type DirectoryVersionsTable = {
  version: Generated<number>;
  directory: Json<unknown>;
  saved_by: string;
  saved_at: Timestamp;
  note: string | null;
};

export type AccountsTable = {
  id: Generated<number>;
  name: string;
  role: string;
  agency: string | null;
  jurisdiction: string | null;
  /** Login name for password sign-in (accounts issue); null for token-only accounts. */
  login: string | null;
  /** Where a ladder level naming this account is sent (migration 002); null when none is known. */
  email: string | null;
  password_hash: string | null;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
  created_by: string | null;
};

export type AccessTokensTable = {
  token_sha256: string;
  /** The token's public handle (listing, revoking). */
  id: Generated<number>;
  account_id: number;
  label: string | null;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
};

export type SessionsTable = {
  id_sha256: string;
  account_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  /** Sent back by the browser in x-csrf-token on every mutating request. */
  csrf_token: string | null;
  /** Last use, noted at most once a minute (idle expiry); null: not used since created. */
  last_seen_at: Timestamp | null;
};

export type AuditLogTable = {
  id: Generated<string>;
  at: Timestamp;
  actor: string;
  actor_id: number | null;
  actor_role: string | null;
  action: string;
  subject: string | null;
  jurisdiction: string | null;
  /** The HTTP status of an API call; null for what did not come through the API. */
  outcome: number | null;
  details: Json<unknown>;
};

export type TemplatesTable = {
  id: string;
  version: number;
  name: string;
  definition: Json<unknown>;
  saved_by: string;
  saved_at: Timestamp;
  retired_at: Timestamp | null;
};

/** One-time facts of this installation (e.g. 'samples-loaded'): set once, never cleared by dondoc. */
export type MarkersTable = {
  name: string;
  at: Timestamp;
};

/** Imports from an older layout that already ran (so they run once). */
export type LegacyImportsTable = {
  source: string;
  imported_at: Timestamp;
  summary: Json<unknown>;
};

export type Tables = {
  outbox_messages: OutboxMessagesTable;
  outbox_agencies: OutboxAgenciesTable;
  digest_queue: DigestQueueTable;
  onestop_files: OnestopFilesTable;
  onestop_file_revisions: OnestopFileRevisionsTable;
  onestop_publications: OnestopPublicationsTable;
  directory_versions: DirectoryVersionsTable;
  accounts: AccountsTable;
  access_tokens: AccessTokensTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  templates: TemplatesTable;
  markers: MarkersTable;
  legacy_imports: LegacyImportsTable;
};

export type OutboxMessageRow = Selectable<OutboxMessagesTable>;
export type NewOutboxMessage = Insertable<OutboxMessagesTable>;
export type AccountRow = Selectable<AccountsTable>;
