/**
 * `dondoc backup <tệp>`: every record dondoc keeps in its database (not Temporal's), as one gzip'ed
 * file that restores into the embedded database or a PostgreSQL server alike.
 * `dondoc restore <tệp> [--replace]`: puts such a file back, in one transaction, into a database
 * whose dondoc tables are empty (with --replace: whatever they hold is replaced).
 * Both open the database the configuration names (DATABASE_URL, else the embedded one under
 * DATA_DIR, which dondoc must not be running on). Exit codes: 0 done, 1 not done, 2 bad configuration.
 */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { backupDatabase, BackupError, restoreDatabase, type BackupSummary } from '../storage/backup';
import { DatabaseBusyError, openStorage, type DatabaseHandle } from '../storage';
import { ConfigError, loadConfig } from '../worker/config';
import type { Output } from './import';

const consoleOutput: Output = { out: (l) => console.log(l), err: (l) => console.error(l) };

async function withDatabase(io: Output, env: NodeJS.ProcessEnv, work: (handle: DatabaseHandle) => Promise<void>): Promise<number> {
  let handle: DatabaseHandle;
  try {
    handle = await openStorage(loadConfig(env));
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`Cấu hình không hợp lệ: ${error.message}`);
      return 2;
    }
    if (error instanceof DatabaseBusyError) {
      io.err(
        'Cơ sở dữ liệu nhúng đang được một tiến trình dondoc khác sử dụng (dondoc đang chạy). ' +
          'Hãy dừng dondoc rồi chạy lại lệnh, hoặc đặt DATABASE_URL trỏ tới máy chủ PostgreSQL đang dùng.',
      );
      return 1;
    }
    io.err(`Không mở được cơ sở dữ liệu của dondoc: ${(error as Error).message}`);
    return 1;
  }
  try {
    await work(handle);
    return 0;
  } catch (error) {
    io.err(error instanceof BackupError ? error.message : `Lỗi không mong đợi: ${(error as Error).message}`);
    return 1;
  } finally {
    await handle.close();
  }
}

function describe(summary: BackupSummary): string {
  const tables = Object.entries(summary.tables).filter(([, rows]) => rows > 0);
  const detail = tables.length === 0 ? '' : ` (${tables.map(([table, rows]) => `${table}: ${rows}`).join(', ')})`;
  return `${summary.rows} bản ghi trong ${Object.keys(summary.tables).length} bảng, lược đồ ${summary.migration}${detail}`;
}

export async function runBackup(file: string, io: Output = consoleOutput, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const path = resolve(file);
  return withDatabase(io, env, async (handle) => {
    const summary = await backupDatabase(handle, path);
    io.out(`Đã sao lưu ${describe(summary)} vào ${path}.`);
  });
}

export async function runRestore(file: string, opts: { replace?: boolean }, io: Output = consoleOutput, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const path = resolve(file);
  return withDatabase(io, env, async (handle) => {
    const summary = await restoreDatabase(handle, path, { replace: opts.replace === true });
    io.out(`Đã khôi phục ${describe(summary)} từ ${path}.`);
  });
}

export function backupCommands(): Command[] {
  const backup = new Command('backup')
    .description('Sao lưu toàn bộ dữ liệu riêng của dondoc (không gồm dữ liệu của Temporal) vào một tệp')
    .argument('<file>', 'tệp sao lưu sẽ tạo (gzip, ví dụ dondoc-2026-11-26.ndjson.gz)')
    .action(async (file: string) => {
      process.exitCode = await runBackup(file);
    });
  const restore = new Command('restore')
    .description('Khôi phục dữ liệu của dondoc từ tệp sao lưu vào cơ sở dữ liệu đang cấu hình (trong một giao dịch)')
    .argument('<file>', 'tệp do `dondoc backup` tạo')
    .option('--replace', 'thay toàn bộ dữ liệu hiện có của dondoc bằng bản sao lưu')
    .action(async (file: string, opts: { replace?: boolean }) => {
      process.exitCode = await runRestore(file, opts);
    });
  return [backup, restore];
}
