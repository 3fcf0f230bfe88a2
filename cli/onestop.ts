/**
 * `dondoc one-stop import <file.csv>`: reads a one-stop CSV export and starts one file workflow per
 * row (idempotent on the file code: a file already started is reported as existing). Rows with a
 * problem are listed with their row and column and skipped. It stores nothing itself: the workflows
 * write the files' records. Exit codes: 0 done, 1 a start failed, Temporal is unreachable or the
 * directory in use cannot be read (a running dondoc holds the embedded database), 2 the file has
 * problems (nothing is skipped silently).
 */
import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { currentImportRecords, databaseBusyMessage, isDatabaseBusy, type ImportRecords } from './current-directory';
import { readOneStopCsv, startOneStopFiles, type CsvImportReport } from '../api/onestop';
import { fileTemplateChoice } from '../api/intake-rules';
import { connectClient } from '../worker/temporal';
import { loadConfig } from '../worker/config';
import type { Output } from './import';

const consoleOutput: Output = { out: (l) => console.log(l), err: (l) => console.error(l) };

export type OneStopImportOptions = { dryRun?: boolean; json?: boolean };

/** `recordsInUse`: where the directory and templates come from (default: dondoc's database, as configured). */
export async function runOneStopImport(
  path: string,
  opts: OneStopImportOptions,
  io: Output = consoleOutput,
  recordsInUse: () => Promise<ImportRecords> = () => currentImportRecords(loadConfig()),
): Promise<number> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    io.err((err as NodeJS.ErrnoException).code === 'ENOENT' ? `Không tìm thấy tệp "${path}".` : `Không đọc được tệp "${path}": ${(err as Error).message}`);
    return 2;
  }
  const config = loadConfig();
  let records: ImportRecords;
  try {
    records = await recordsInUse();
  } catch (err) {
    io.err(isDatabaseBusy(err) ? databaseBusyMessage({ directoryOption: false }) : `Không đọc được danh bạ cơ quan: ${(err as Error).message}`);
    return 1;
  }
  const address = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
  let report: CsvImportReport;
  if (opts.dryRun) {
    report = { started: [], existing: [], failed: [], problems: readOneStopCsv(text, records.directory).problems };
  } else {
    let connection: { close(): Promise<void> } | undefined;
    try {
      const connected = await connectClient(address, config.TEMPORAL_NAMESPACE);
      connection = connected.connection;
      // Each file follows the one-stop template its rules match, else the shipped one (as at intake).
      report = await startOneStopFiles(connected.client, readOneStopCsv(text, records.directory), {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        chooseTemplate: async (file) => fileTemplateChoice(records.templates, file),
      });
    } catch (err) {
      io.err(`Không khởi chạy được hồ sơ qua Temporal ở ${address}: ${(err as Error).message}`);
      return 1;
    } finally {
      await connection?.close();
    }
  }
  if (opts.json) io.out(JSON.stringify(report, null, 2));
  else {
    io.out(
      opts.dryRun
        ? `Đọc thử ${path}: ${report.problems.length === 0 ? 'không có lỗi' : `${report.problems.length} lỗi`}; không khởi chạy hồ sơ nào.`
        : `Nhập ${path}: khởi chạy ${report.started.length} hồ sơ, đã có ${report.existing.length}, lỗi khởi chạy ${report.failed.length}, dòng có lỗi ${new Set(report.problems.map((p) => p.row)).size}.`,
    );
    for (const p of report.problems) io.err(`  dòng ${p.row}${p.column ? `, cột "${p.column}"` : ''}: ${p.message}`);
    for (const f of report.failed) io.err(`  ${f.code}: ${f.error}`);
  }
  if (report.failed.length > 0) return 1;
  return report.problems.length > 0 ? 2 : 0;
}

export function oneStopCommand(): Command {
  const command = new Command('one-stop').description('One-stop-shop files: intake, appointments and apology letters');
  command
    .command('import')
    .description('Import files from a CSV exported by the one-stop software (see plans/ho-so-mau.csv) and start tracking each')
    .argument('<file.csv>', 'the CSV file')
    .option('--dry-run', 'read and report problems only; start nothing')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: OneStopImportOptions) => {
      process.exitCode = await runOneStopImport(file, opts);
    });
  return command;
}
