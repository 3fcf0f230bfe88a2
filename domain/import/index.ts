/**
 * Importing a plan's appendix into tasks: text exports of the documents (seed 001's one-cell-per-line
 * table, seed 002's tab-separated pages), CSV and XLSX sheets. Every row and item becomes a task or
 * a problem naming file, row and column; the caller decides whether problems of severity "error"
 * stop the import. Importing the same file twice gives the same plan id, refs and tasks.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { DirectorySchema, type Directory } from '../directory';
import { buildTasks } from './build';
import { isPipeLayout, readPipeLayout } from './layout-pipe';
import { isTabLayout, readTabLayout } from './layout-tab';
import { readSheet } from './layout-sheet';
import { buildPlan, NO_FACTS, readDocumentFacts, type DocumentFacts } from './metadata';
import { csvRows, readWorkbook, type Workbook } from './sheet-readers';
import { ascii, vietnameseDate } from './text';
import { ImportError, type ImportOptions, type ImportResult, type LayoutResult, type PlanOptions, type Problem } from './types';

export { ImportError } from './types';
export type { ImportOptions, ImportResult, PlanOptions, Problem, Severity } from './types';

export const DEFAULT_DIRECTORY_FILE = new URL('../../config/agencies.json', import.meta.url);

export type SourceOptions = ImportOptions & { directory: Directory; file: string };

/** The shipped agency directory (config/agencies.json), validated. */
export async function loadDefaultDirectory(): Promise<Directory> {
  return DirectorySchema.parse(JSON.parse(await readFile(DEFAULT_DIRECTORY_FILE, 'utf8')));
}

/** Names (and aliases) with a dash, which must not be cut into items ("Phòng Tài chính - Kế hoạch"). */
function dashedNames(directory: Directory, jurisdiction: string): string[] {
  return [...directory.agencies, ...directory.groups]
    .filter((e) => e.jurisdiction === jurisdiction)
    .flatMap((e) => [e.name, ...e.aliases])
    .filter((n) => /\s[-–]\s/.test(n));
}

function finish(layout: LayoutResult, plan: ImportResult['plan'], directory: Directory, file: string): ImportResult {
  const built = buildTasks(layout.rows, plan, directory, file);
  const seen = new Set<string>();
  const problems = [...layout.problems, ...built.problems]
    .filter((p) => {
      const key = JSON.stringify(p);
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.row - b.p.row || a.i - b.i)
    .map(({ p }) => p);
  return { plan, tasks: built.tasks, problems };
}

/** A plan from text: a document export (pipe or tab layout) or CSV. Pure: no file is read. */
export function importPlanText(text: string, options: SourceOptions): ImportResult {
  const { directory, file } = options;
  const normalized = text.normalize('NFC');
  if (extname(file).toLowerCase() === '.csv' || (!isPipeLayout(normalized) && !isTabLayout(normalized) && looksLikeCsv(normalized))) {
    const plan = buildPlan(NO_FACTS, options, directory, file);
    return finish(readSheet(csvRows(normalized), file), plan, directory, file);
  }
  if (isPipeLayout(normalized)) {
    const plan = buildPlan(readDocumentFacts(normalized), options, directory, file);
    return finish(readPipeLayout(normalized, file), plan, directory, file);
  }
  if (isTabLayout(normalized)) {
    const plan = buildPlan(readDocumentFacts(normalized), options, directory, file);
    return finish(readTabLayout(normalized, file, dashedNames(directory, plan.jurisdiction)), plan, directory, file);
  }
  throw new ImportError([
    {
      file,
      row: 0,
      column: null,
      message: 'Không tìm thấy bảng nhiệm vụ: cần một dòng tiêu đề bắt đầu bằng "STT" (bản văn bản) hoặc một tệp CSV/XLSX có các cột Chủ trì và Thời gian.',
      severity: 'error',
    },
  ]);
}

function looksLikeCsv(text: string): boolean {
  const first = text.split(/\r?\n/).slice(0, 20);
  return first.some((l) => /chu tri|co quan thuc hien/.test(ascii(l)) && /thoi gian|thoi han/.test(ascii(l)) && /[,;]/.test(l));
}

/** Plan facts from a "Thông tin kế hoạch" sheet: Số, Cơ quan ban hành, Ngày ban hành, Tên kế hoạch, Năm, Đơn vị. */
function workbookFacts(info: Workbook['info'], file: string): { facts: DocumentFacts; options: PlanOptions; problems: Problem[] } {
  const facts: DocumentFacts = { ...NO_FACTS };
  const options: PlanOptions = {};
  const problems: Problem[] = [];
  for (const { label, value, row } of info) {
    const key = ascii(label).replace(/[^a-z ]/g, '').trim();
    const text = value === null ? '' : String(value).trim();
    if (text === '') continue;
    if (/^so( hieu| van ban)?$/.test(key)) facts.number = text;
    else if (/^(co quan ban hanh|noi ban hanh)$/.test(key)) facts.issuer = text;
    else if (/^ngay ban hanh$/.test(key)) {
      facts.issuedOn = vietnameseDate(text) ?? (/^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null);
      if (!facts.issuedOn) problems.push({ file, row, column: label, message: `Ngày ban hành "${text}" không đọc được (dùng dd/mm/yyyy).`, severity: 'warning' });
    } else if (/^(ten ke hoach|trich yeu|ten)$/.test(key)) facts.title = text;
    else if (/^nam( ke hoach)?$/.test(key)) {
      const year = Number(text);
      if (Number.isInteger(year)) options.year = year;
      else problems.push({ file, row, column: label, message: `Năm "${text}" không phải là một năm.`, severity: 'warning' });
    } else if (/^(don vi|don vi hanh chinh|dia ban|ma don vi)$/.test(key)) options.jurisdiction = text;
  }
  return { facts, options, problems };
}

/** A plan from an XLSX workbook: the task sheet, and plan facts from a "Thông tin kế hoạch" sheet. */
export async function importPlanWorkbook(data: ArrayBuffer | Uint8Array, options: SourceOptions): Promise<ImportResult> {
  const { directory, file } = options;
  const workbook = await readWorkbook(data);
  const fromSheet = workbookFacts(workbook.info, file);
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as SourceOptions;
  const plan = buildPlan(fromSheet.facts, { ...fromSheet.options, ...given }, directory, file);
  const result = finish(readSheet(workbook.rows, file), plan, directory, file);
  return { ...result, problems: [...fromSheet.problems, ...result.problems] };
}

/** A plan from a file (.txt, .csv or .xlsx); problems and sources name the file by its base name. */
export async function importPlanFile(path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const directory = options.directory ?? (await loadDefaultDirectory());
  const file = basename(path);
  const ext = extname(path).toLowerCase();
  if (ext === '.xls') {
    throw new ImportError([{ file, row: 0, column: null, message: 'Tệp .xls (Excel 97-2003) không được hỗ trợ; hãy lưu lại thành .xlsx hoặc .csv.', severity: 'error' }]);
  }
  if (ext === '.xlsx') return importPlanWorkbook(await readFile(path), { ...options, directory, file });
  return importPlanText(await readFile(path, 'utf8'), { ...options, directory, file });
}
