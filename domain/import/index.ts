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
import { readDocx } from './docx';
import { readSheetFacts, withDeadlineYear } from './sheet-facts';
import { csvRows, readWorkbook, type Workbook } from './sheet-readers';
import { ascii, vietnameseDate } from './text';
import { ImportError, type ImportOptions, type ImportResult, type LayoutResult, type PlanOptions, type Problem, type RawTask } from './types';

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
    const sheet = readSheet(csvRows(normalized), file, options.columns);
    const dated = withDeadlineYear(readSheetFacts(sheet.preamble), sheet.rows.map((r) => r.deadline), options, file);
    const plan = buildPlan(dated.facts, options, directory, file);
    const result = finish(sheet, plan, directory, file);
    return { ...result, problems: [...dated.problems, ...result.problems] };
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
  // Every sheet with a task table is read (appendices copied one per sheet); the first is required.
  const sheet = readSheet(workbook.rows, file, options.columns, { mergesKnown: true });
  const more: { name: string; sheet: ReturnType<typeof readSheet> }[] = [];
  for (const other of workbook.sheets.filter((s) => s.name !== workbook.sheetName)) {
    try {
      more.push({ name: other.name, sheet: readSheet(other.rows, `${file}, trang tính "${other.name}"`, options.columns, { mergesKnown: true }) });
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
    }
  }
  const above = readSheetFacts(sheet.preamble);
  const merged = Object.fromEntries(Object.entries(fromSheet.facts).map(([k, v]) => [k, v ?? above[k as keyof DocumentFacts]])) as DocumentFacts;
  const deadlines = [sheet, ...more.map((m) => m.sheet)].flatMap((s) => s.rows.map((r) => r.deadline));
  const dated = withDeadlineYear(merged, deadlines, { ...fromSheet.options, ...given }, file);
  const facts = dated.facts;
  fromSheet.problems.push(...dated.problems);
  const plan = buildPlan(facts, { ...fromSheet.options, ...given }, directory, file);
  if (more.length === 0) {
    const result = finish(sheet, plan, directory, file);
    return { ...result, problems: [...fromSheet.problems, ...result.problems] };
  }
  // Several appendices: refs are prefixed by the sheet's order ("2.1.3"), so that they stay unique.
  const all = [{ name: workbook.sheetName, sheet, label: file }, ...more.map((m) => ({ ...m, label: `${file}, trang tính "${m.name}"` }))];
  const results = all.map(({ sheet: s, label }, k) => finish({ rows: s.rows.map((r) => ({ ...r, ref: `${k + 1}.${r.ref}` })), problems: s.problems }, plan, directory, label));
  const note: Problem = {
    file,
    row: 0,
    column: null,
    message: `Đã đọc ${all.length} trang tính có bảng nhiệm vụ: ${all.map((a) => `"${a.name}"`).join(', ')}.`,
    severity: 'warning',
  };
  return { plan, tasks: results.flatMap((r) => r.tasks), problems: [note, ...fromSheet.problems, ...results.flatMap((r) => r.problems)] };
}

/**
 * A plan from a Word file: every table whose header names the work, the lead and the deadline is
 * an appendix and is read; a note says which tables were taken and which were not. Plan facts come
 * from the document's header when it has one ("Số: …", "…, ngày … tháng … năm …", the title),
 * otherwise from the "Kèm theo …" line and title above the first appendix table. With more than one
 * appendix, refs are prefixed by the appendix's order ("2.1.3.1") and problems name the table.
 */
export async function importPlanDocx(data: ArrayBuffer | Uint8Array, options: SourceOptions): Promise<ImportResult> {
  const { directory, file } = options;
  const content = await readDocx(data);
  const taken: { index: number; label: string; sheet: ReturnType<typeof readSheet> }[] = [];
  const skipped: number[] = [];
  for (const table of content.tables) {
    const label = content.tables.length > 1 ? `${file}, bảng ${table.index}` : file;
    try {
      const sheet = readSheet(table.rows, label, options.columns, { mergesKnown: true });
      const preamble = table.preamble.map((text, i) => ({ row: 0, text, i }));
      taken.push({ index: table.index, label, sheet: { ...sheet, preamble: [...preamble, ...sheet.preamble] } });
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      skipped.push(table.index);
    }
  }
  if (taken.length === 0) {
    throw new ImportError([
      {
        file,
        row: 0,
        column: null,
        message: `Không tìm thấy bảng nhiệm vụ trong tệp Word (${content.tables.length} bảng): cần một bảng có cột nội dung công việc, cột cơ quan chủ trì và cột thời gian.`,
        severity: 'error',
      },
    ]);
  }
  // Paragraphs apart, as a text export writes them: a title ends where its paragraph ends.
  const fromBody = readDocumentFacts(content.paragraphs.join('\n\n'));
  const fromTable = readSheetFacts(taken[0]!.sheet.preamble);
  const merged = Object.fromEntries(Object.entries(fromBody).map(([k, v]) => [k, v ?? fromTable[k as keyof DocumentFacts]])) as DocumentFacts;
  const dated = withDeadlineYear(merged, taken.flatMap((t) => t.sheet.rows.map((r) => r.deadline)), options, file);
  const plan = buildPlan(dated.facts, options, directory, file);
  const note: Problem = {
    file,
    row: 0,
    column: null,
    message:
      `Đã đọc ${taken.length} bảng nhiệm vụ (bảng ${taken.map((t) => t.index).join(', ')} trong ${content.tables.length} bảng của văn bản)` +
      (skipped.length > 0 ? `; bỏ qua bảng ${skipped.join(', ')} vì không có cột nội dung, chủ trì và thời gian.` : '.'),
    severity: 'warning',
  };
  const results = taken.map(({ sheet, label }, k) => {
    const rows = taken.length > 1 ? sheet.rows.map((r) => ({ ...r, ref: `${k + 1}.${r.ref}` })) : sheet.rows;
    return finish({ rows, problems: sheet.problems }, plan, directory, label);
  });
  return { plan, tasks: results.flatMap((r) => r.tasks), problems: [note, ...dated.problems, ...results.flatMap((r) => r.problems)] };
}

/** The rows of a plan file as read, before agencies are resolved (for `dondoc directory draft`). */
export async function readPlanRows(path: string, columns?: ImportOptions['columns']): Promise<RawTask[]> {
  const file = basename(path);
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') {
    const rows: RawTask[] = [];
    for (const sheet of (await readWorkbook(await readFile(path))).sheets) {
      try {
        rows.push(...readSheet(sheet.rows, file, columns, { mergesKnown: true }).rows);
      } catch (err) {
        if (!(err instanceof ImportError)) throw err;
      }
    }
    return rows;
  }
  if (ext === '.docx') {
    const rows: RawTask[] = [];
    for (const table of (await readDocx(await readFile(path))).tables) {
      try {
        rows.push(...readSheet(table.rows, file, columns, { mergesKnown: true }).rows);
      } catch (err) {
        if (!(err instanceof ImportError)) throw err;
      }
    }
    return rows;
  }
  const text = decodeText(await readFile(path)).normalize('NFC');
  if (ext === '.csv' || (!isPipeLayout(text) && !isTabLayout(text))) return readSheet(csvRows(text), file, columns).rows;
  if (isPipeLayout(text)) return readPipeLayout(text, file).rows;
  return readTabLayout(text, file, []).rows;
}

/**
 * Text as Excel and Word save it: UTF-8 (with or without BOM), UTF-16 ("Unicode Text"), or, for a
 * CSV saved as "CSV (Comma delimited)" on a Vietnamese Windows, the Windows-1258 code page.
 */
export function decodeText(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('windows-1258').decode(data).normalize('NFC');
  }
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
  if (ext === '.docx') return importPlanDocx(await readFile(path), { ...options, directory, file });
  if (ext === '.doc') {
    throw new ImportError([{ file, row: 0, column: null, message: 'Tệp .doc (Word 97-2003) không được hỗ trợ; hãy lưu lại thành .docx.', severity: 'error' }]);
  }
  return importPlanText(decodeText(await readFile(path)), { ...options, directory, file });
}
