/**
 * Every migration, in order. Listed here rather than read from the folder, so that the bundle and
 * tsx see the same set. A released migration is never edited: add the next one.
 */
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './001-initial';

const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
