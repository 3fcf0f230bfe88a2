/**
 * Every migration, in order. Listed here rather than read from the folder, so that the bundle and
 * tsx see the same set. A released migration is never edited: add the next one.
 */
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './001-initial';
import * as accountEmail from './002-account-email';

const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-account-email': accountEmail,
};

/** The newest migration: the schema a backup made now records. */
export const LATEST_MIGRATION = Object.keys(MIGRATIONS).at(-1)!;

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
