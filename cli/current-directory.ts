/**
 * The agency directory a command-line tool works with: the one in use, read from dondoc's database.
 * The embedded database serves one process, so while dondoc runs a command cannot open it
 * (DatabaseBusyError): it says how to go on instead.
 */
import { existsSync } from 'node:fs';
import type { Directory } from '../domain/directory';
import { openStorage, DatabaseBusyError } from '../storage';
import { embeddedDir } from '../storage/database';
import { DirectoryStore, shippedDirectory } from '../storage/directory';
import type { StoredTemplate } from '../domain/templates';
import { shippedTemplates, storedTemplates } from '../worker/import-templates';

export { DatabaseBusyError } from '../storage';

/** What a command prints when the embedded database is open in a running dondoc. */
export function databaseBusyMessage(options: { directoryOption: boolean }): string {
  const ways = ['dừng dondoc rồi chạy lại lệnh', 'hoặc đặt DATABASE_URL trỏ tới máy chủ PostgreSQL mà dondoc dùng'];
  if (options.directoryOption) ways.push('hoặc chỉ định danh bạ bằng --directory <tệp>');
  return `Cơ sở dữ liệu nhúng đang được một tiến trình dondoc khác sử dụng nên không đọc được danh bạ cơ quan đang dùng: ${ways.join(', ')}.`;
}

/**
 * The directory in use: the newest version saved in the database, else the shipped one. Without
 * DATABASE_URL and before the embedded database exists, nothing was ever saved: the shipped one,
 * without creating a database. Throws DatabaseBusyError when the embedded database is held.
 */
export async function currentDirectory(config: { DATABASE_URL?: string | undefined; DATA_DIR: string }): Promise<Directory> {
  if (!config.DATABASE_URL && !existsSync(embeddedDir(config.DATA_DIR))) return shippedDirectory();
  const storage = await openStorage(config, { poolSize: 1 });
  try {
    return await new DirectoryStore(storage.db).load();
  } finally {
    await storage.close();
  }
}

/** What an import reads from dondoc's database: the directory in use and the templates its tasks may follow. */
export type ImportRecords = { directory: Directory; templates: StoredTemplate[] };

/** Like currentDirectory, with the templates in use (the shipped ones before any database exists). */
export async function currentImportRecords(config: { DATABASE_URL?: string | undefined; DATA_DIR: string }): Promise<ImportRecords> {
  if (!config.DATABASE_URL && !existsSync(embeddedDir(config.DATA_DIR))) return { directory: shippedDirectory(), templates: shippedTemplates() };
  const storage = await openStorage(config, { poolSize: 1 });
  try {
    return { directory: await new DirectoryStore(storage.db).load(), templates: await storedTemplates(storage.db) };
  } finally {
    await storage.close();
  }
}

export function isDatabaseBusy(error: unknown): error is DatabaseBusyError {
  return error instanceof DatabaseBusyError;
}
