/**
 * `dondoc import <file>`: reads a plan's appendix into tasks and, unless --dry-run, starts their
 * workflows. Errors in the file stop the start unless --accept-problems is given (exit code 2).
 * A plan already under way is tracked from today (--mode track, the default) or imported as
 * history (--mode history: statuses only, no messages); the dry run shows what each would send.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { START_MODES, type StartMode } from '../domain/catch-up';
import { previewImport, previewLines } from '../worker/import-preview';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formatVietnamese, isSupportedYear, SUPPORTED_YEARS } from '../domain/dates';
import { DirectorySchema, type Directory } from '../domain/directory';
import { ImportError, importPlanFile, type ImportResult, type Problem } from '../domain/import';
import { parseColumnOverrides } from '../domain/import/headers';
import { taskTitle, type Task } from '../domain/plan';
import { loadConfig } from '../worker/config';
import { shippedDirectory } from '../storage/directory';
import { currentImportRecords, databaseBusyMessage, isDatabaseBusy, type ImportRecords } from './current-directory';
import { checkedChooser, parseTemplateChoices, shippedTemplates, type TemplateFor } from '../worker/import-templates';

export type ImportCliOptions = {
  dryRun?: boolean;
  json?: boolean;
  acceptProblems?: boolean;
  number?: string;
  year?: number;
  issuedOn?: string;
  jurisdiction?: string;
  title?: string;
  id?: string;
  directory?: string;
  /** `--column "Tên cột=vai trò"`, repeatable. */
  column?: string[];
  /** `--template "mã-nhiệm-vụ=mã-mẫu[@phiên-bản]"`, repeatable: the template a task follows, over the matching rules. */
  template?: string[];
  /** How a plan already under way starts: tracked from today (default) or as history. */
  mode?: StartMode;
};

export type Output = { out: (line: string) => void; err: (line: string) => void };

const consoleOutput: Output = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** Exit codes: 0 done, 1 could not start the workflows, 2 problems in the file (or it cannot be read). */
export async function runImport(file: string, opts: ImportCliOptions, io: Output = consoleOutput): Promise<number> {
  let directory: Directory;
  let templates: ImportRecords['templates'];
  try {
    ({ directory, templates } = await chooseRecords(opts, io));
  } catch (err) {
    if (isDatabaseBusy(err)) {
      io.err(databaseBusyMessage({ directoryOption: true }));
      return 1;
    }
    io.err(`Không đọc được danh bạ cơ quan: ${(err as Error).message}`);
    return 2;
  }
  let columns: ReturnType<typeof parseColumnOverrides> | undefined;
  try {
    columns = opts.column && opts.column.length > 0 ? parseColumnOverrides(opts.column) : undefined;
  } catch (err) {
    io.err(`--column: ${(err as Error).message}`);
    return 2;
  }
  let result: ImportResult;
  try {
    result = await importPlanFile(file, {
      columns,
      directory,
      number: opts.number,
      year: opts.year,
      issuedOn: opts.issuedOn,
      jurisdiction: opts.jurisdiction,
      title: opts.title,
      id: opts.id,
    });
  } catch (err) {
    if (err instanceof ImportError) {
      if (opts.json) io.out(JSON.stringify({ plan: null, tasks: [], problems: err.problems }, null, 2));
      else for (const line of problemLines(err.problems)) io.err(line);
      return 2;
    }
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      io.err(`Không tìm thấy tệp "${file}".`);
      return 2;
    }
    throw err;
  }
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const blocked = errors > 0 && !opts.acceptProblems;

  let templateFor: TemplateFor;
  try {
    templateFor = checkedChooser(result.plan, result.tasks, templates, parseTemplateChoices(opts.template ?? []));
  } catch (err) {
    io.err(`--template: ${(err as Error).message}`);
    return 2;
  }
  if (opts.dryRun) {
    const preview = previewImport(result, directory, { templateFor });
    if (opts.json) io.out(JSON.stringify({ plan: result.plan, tasks: result.tasks, problems: result.problems, preview }, null, 2));
    else for (const line of [...summaryLines(result), '', ...previewLines(preview)]) io.out(line);
    if (blocked) io.err(`Tệp có ${errors} lỗi: sửa tệp, hoặc chạy lại với --accept-problems để vẫn nhập.`);
    return blocked ? 2 : 0;
  }
  if (blocked) {
    for (const line of problemLines(result.problems)) io.err(line);
    io.err(`Không khởi chạy gì: tệp có ${errors} lỗi. Sửa tệp, hoặc chạy lại với --accept-problems để vẫn nhập.`);
    return 2;
  }
  return startWorkflows(result, directory, templateFor, opts, io);
}

/** The parts of the worker this command uses, typed here so that the CLI does not depend on their files at build time. */
type WorkerConfig = { TEMPORAL_ADDRESS?: string; TEMPORAL_DEV_PORT: number; TEMPORAL_NAMESPACE: string; TEMPORAL_TASK_QUEUE: string; DATA_DIR: string };
type ImportReport = { planId: string; started: string[]; updated: string[]; unchanged: string[]; failed: { ref: string; error: string }[] };
type RunnerModule = {
  startImport?: (client: unknown, imported: ImportResult, directory: Directory, options: { taskQueue?: string; mode?: StartMode; templateFor?: TemplateFor }) => Promise<ImportReport>;
};
type TemporalModule = { connectClient?: (address: string, namespace: string) => Promise<{ connection: { close(): Promise<void> }; client: unknown }> };
type ConfigModule = { loadConfig?: () => WorkerConfig };

/** A module of the worker, or null while it has not been written. */
async function optionalModule<T>(relative: string): Promise<T | null> {
  const url = new URL(relative, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return null;
  return (await import(url.href)) as T;
}

/**
 * --directory, else the directory in use (dondoc's database), with the templates in use. A dry run
 * while a running dondoc holds the embedded database reads the shipped config/agencies.json and
 * templates instead, and says so.
 */
async function chooseRecords(opts: ImportCliOptions, io: Output): Promise<ImportRecords> {
  let records: ImportRecords;
  try {
    records = await currentImportRecords(loadConfig());
  } catch (err) {
    if (!isDatabaseBusy(err) || (!opts.dryRun && !opts.directory)) throw err;
    io.err(
      opts.directory
        ? 'Cơ sở dữ liệu nhúng đang được dondoc sử dụng: áp dụng các mẫu theo dõi có sẵn, có thể khác các mẫu đang dùng.'
        : 'Cơ sở dữ liệu nhúng đang được dondoc sử dụng: đọc thử với danh bạ gốc (config/agencies.json) và các mẫu theo dõi có sẵn, có thể khác danh bạ và mẫu đang dùng. Dùng --directory <tệp> để chỉ định danh bạ.',
    );
    records = { directory: shippedDirectory(), templates: shippedTemplates() };
  }
  if (opts.directory) records.directory = DirectorySchema.parse(JSON.parse(await readFile(opts.directory, 'utf8')));
  return records;
}

async function startWorkflows(result: ImportResult, directory: Directory, templateFor: TemplateFor, opts: ImportCliOptions, io: Output): Promise<number> {
  const runner = await optionalModule<RunnerModule>('../worker/import-runner.ts');
  const temporal = await optionalModule<TemporalModule>('../worker/temporal.ts');
  const config = await optionalModule<ConfigModule>('../worker/config.ts');
  if (!runner?.startImport || !temporal?.connectClient || !config?.loadConfig) {
    io.err('Chưa khởi chạy được quy trình (starting workflows is not wired yet): thiếu worker/import-runner.ts. Dùng --dry-run để xem kết quả nhập.');
    return 1;
  }
  const cfg = config.loadConfig();
  const address = cfg.TEMPORAL_ADDRESS ?? `127.0.0.1:${cfg.TEMPORAL_DEV_PORT}`;
  let connection: { close(): Promise<void> } | undefined;
  try {
    const connected = await temporal.connectClient(address, cfg.TEMPORAL_NAMESPACE);
    connection = connected.connection;
    const mode = opts.mode ?? 'track';
    const report = await runner.startImport(connected.client, result, directory, { taskQueue: cfg.TEMPORAL_TASK_QUEUE, mode, templateFor });
    if (opts.json) io.out(JSON.stringify({ ...report, mode, problems: result.problems }, null, 2));
    else {
      io.out(
        `Kế hoạch ${report.planId}: khởi chạy ${report.started.length}, cập nhật ${report.updated.length}, không đổi ${report.unchanged.length}, lỗi ${report.failed.length}.`,
      );
      io.out(
        mode === 'history'
          ? 'Nhập làm lịch sử: các nhiệm vụ mới khởi chạy chỉ ghi trạng thái, không gửi thông báo.'
          : 'Theo dõi từ hôm nay: mỗi mốc đã quá hạn được thông báo một lần cho từng nơi nhận, sau đó nhắc và báo cáo theo quy trình.',
      );
      for (const f of report.failed) io.err(`  ${f.ref}: ${f.error}`);
      for (const line of problemLines(result.problems)) io.err(line);
    }
    return report.failed.length > 0 ? 1 : 0;
  } catch (err) {
    io.err(`Không khởi chạy được quy trình qua Temporal ở ${address}: ${(err as Error).message}`);
    return 1;
  } finally {
    await connection?.close();
  }
}

function fit(text: string, width: number): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length > width ? `${t.slice(0, width - 1)}…` : t.padEnd(width);
}

const KIND_LABEL: Record<Task['schedule']['kind'], string> = {
  once: 'một lần',
  milestones: 'nhiều mốc',
  recurring: 'định kỳ',
  ongoing: 'thường xuyên',
  event: 'khi có sự việc',
  unspecified: 'chưa rõ hạn',
};

function dueLabel(task: Task): string {
  return task.schedule.due ? formatVietnamese(task.schedule.due) : KIND_LABEL[task.schedule.kind];
}

export function problemLines(problems: Problem[]): string[] {
  if (problems.length === 0) return ['Không có vấn đề nào.'];
  const errors = problems.filter((p) => p.severity === 'error').length;
  const lines = [`Vấn đề: ${errors} lỗi, ${problems.length - errors} cảnh báo.`];
  for (const p of problems) {
    const where = [p.file, p.row > 0 ? `dòng ${p.row}` : null, p.column ? `cột "${p.column}"` : null].filter(Boolean).join(', ');
    lines.push(`  [${p.severity === 'error' ? 'lỗi' : 'cảnh báo'}] ${where}: ${p.message}`);
  }
  return lines;
}

/** The readable Vietnamese summary: plan facts, tasks per area, one line per task, problems. */
export function summaryLines(result: ImportResult): string[] {
  const { plan, tasks } = result;
  const lines = [
    `Kế hoạch: ${plan.title}`,
    `Mã: ${plan.id} · Số: ${plan.number ?? '(không số)'} · Ngày ban hành: ${plan.issuedOn ? formatVietnamese(plan.issuedOn) : '(không rõ)'} · Năm: ${plan.year} · Đơn vị: ${plan.jurisdiction}`,
  ];
  const areas = new Map<string, number>();
  for (const t of tasks) areas.set(t.area ?? '(không có lĩnh vực)', (areas.get(t.area ?? '(không có lĩnh vực)') ?? 0) + 1);
  lines.push(`${tasks.length} nhiệm vụ trong ${areas.size} lĩnh vực:`);
  for (const [area, n] of areas) lines.push(`  ${area}: ${n}`);
  lines.push('');
  lines.push(`${fit('Mã', 18)} | ${fit('Công việc', 48)} | ${fit('Chủ trì', 32)} | ${fit('Hạn', 14)} | Thời gian`);
  lines.push(`${'-'.repeat(18)}-+-${'-'.repeat(48)}-+-${'-'.repeat(32)}-+-${'-'.repeat(14)}-+-${'-'.repeat(20)}`);
  for (const t of tasks) {
    lines.push(`${fit(t.ref, 18)} | ${fit(taskTitle(t), 48)} | ${fit(t.lead.join('; '), 32)} | ${fit(dueLabel(t), 14)} | ${fit(t.deadlineText, 40).trimEnd()}`);
  }
  lines.push('');
  lines.push(...problemLines(result.problems));
  return lines;
}

function parseYear(value: string): number {
  const year = Number(value);
  if (!isSupportedYear(year)) {
    throw new InvalidArgumentError(`năm phải là số nguyên từ ${SUPPORTED_YEARS.first} đến ${SUPPORTED_YEARS.last} (phạm vi lịch làm việc).`);
  }
  return year;
}

export function importCommand(): Command {
  return new Command('import')
    .description('Import the task appendix of a plan (.txt, .csv, .xlsx, .docx) and start tracking each task')
    .argument('<file>', 'the plan file')
    .option('--dry-run', 'read and report only; start nothing')
    .option('--json', 'print { plan, tasks, problems } as JSON')
    .option('--accept-problems', 'import even when the file has errors')
    .option('--number <number>', 'document number, e.g. "110/KH-UBND"')
    .option('--year <year>', 'plan year', parseYear)
    .option('--issued-on <date>', 'date of issue (YYYY-MM-DD or dd/mm/yyyy)')
    .option('--jurisdiction <id>', 'jurisdiction id in the agency directory, e.g. "tuy-phuoc"')
    .option('--title <title>', 'plan title')
    .option('--id <id>', 'plan id (default: from the number and year of issue, or from the title)')
    .option('--directory <file>', 'agency directory (JSON) to use instead of the current one')
    .addOption(
      new Option('--mode <mode>', 'a plan already under way: "track" sends one current notice per late item and recipient, then the ladder from today; "history" keeps statuses only and sends no message')
        .choices(START_MODES)
        .default('track'),
    )
    .option('--column <mapping>', 'give a column its role, e.g. "Tên cột=task" (roles: task, activity, objective, lead, coordinating, deadline, product, budget, notes, stt, ref, area, group, extra); repeatable', (v: string, all: string[] = []) => [...all, v])
    .option('--template <choice>', 'the template a task follows instead of the matching rules, e.g. "A-01=bao-cao-cchc-quy" or "A-01=bao-cao-cchc-quy@2"; repeatable', (v: string, all: string[] = []) => [...all, v])
    .action(async (file: string, opts: ImportCliOptions) => {
      process.exitCode = await runImport(file, opts);
    });
}
