/**
 * dondoc's own records (everything that is not workflow state): the only module that writes SQL.
 * Repositories per record kind live beside this file; `openStorage` opens the database the
 * configuration names and brings its schema up to date.
 */
import { openDatabase, type DatabaseHandle } from './database';
import { importLegacyDataDir, type ImportLogger } from './legacy-import';

export type { Database, DatabaseHandle } from './database';
export { DatabaseBusyError } from './database';

/** Opens and migrates the database, then imports a file-based DATA_DIR once (storage/legacy-import.ts). */
export async function openStorage(
  config: { DATABASE_URL?: string | undefined; DATA_DIR: string },
  { logger, ...options }: { poolSize?: number; logger?: ImportLogger } = {},
): Promise<DatabaseHandle> {
  const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, ...options });
  try {
    await importLegacyDataDir(handle.db, config.DATA_DIR, logger);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
