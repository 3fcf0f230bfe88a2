/**
 * A plan file as it arrives over HTTP: a name the client chose and the bytes it sent. Nothing here
 * trusts either. The name is reduced to a safe base name; an empty file, a file that only claims to
 * be a workbook, a zip that is not one, and a file with more rows than an import may hold are each
 * refused with an ImportError that names the file, in Vietnamese, before any heavy parsing is done.
 * Parsing itself is the importer's (importPlanText, importPlanWorkbook); run this off the main event
 * loop (worker/upload-parser.ts) since a large workbook takes seconds.
 */
import { extname } from 'node:path';
import type { Directory } from '../directory';
import { vietnameseNumber } from '../input-limits';
import { decodeText, importPlanDocx, importPlanText, importPlanWorkbook } from './index';
import { countWorkbookRows, csvRows } from './sheet-readers';
import { ImportError, type ImportResult, type PlanOptions } from './types';

export const UPLOAD_LIMITS = {
  /** Rows of a sheet or CSV (a plan's appendix has tens to hundreds; a one-stop export a day's files). */
  maxRows: 5_000,
  /** Lines of a text export (seed 001's layout writes one cell per line, about ten per task). */
  maxTextLines: 50_000,
  /** How long one upload may take to parse before it is abandoned. */
  timeoutMs: 60_000,
} as const;

export type UploadLimits = { maxRows: number; maxTextLines: number; timeoutMs: number };

function fail(file: string, message: string): never {
  throw new ImportError([{ file, row: 0, column: null, message, severity: 'error' }]);
}

/**
 * The base name of a client's file name, safe to show, log and use as a file name: path parts,
 * control characters (NUL …) and surrounding spaces are removed. Throws ImportError when nothing
 * usable is left (empty, ".", "..").
 */
export function safeUploadName(name: unknown): string {
  const given = typeof name === 'string' ? name : '';
  const base = (given.split(/[/\\]/).pop() ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  if (base === '' || /^\.+$/.test(base)) {
    const shown = JSON.stringify(given.replace(/\u0000/g, '\\0').slice(0, 80));
    fail(base || 'tệp tải lên', `Tên tệp ${shown} không hợp lệ: cần một tên tệp có phần mở rộng .xlsx, .csv, .docx hoặc .txt (ví dụ ke-hoach-2025.xlsx).`);
  }
  return base;
}

function tooManyRows(file: string, limit: number, unit: string): never {
  fail(file, `Tệp ${file} có hơn ${vietnameseNumber(limit)} ${unit}, vượt giới hạn mỗi lần nhập; hãy chia thành nhiều tệp nhỏ hơn.`);
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Refuses a workbook that is not one, or is too large, before the full reader loads it. */
export async function checkWorkbookUpload(file: string, data: Uint8Array, maxRows: number): Promise<void> {
  if (!ZIP_MAGIC.every((b, i) => data[i] === b)) {
    fail(file, `Tệp ${file} không phải tệp Excel .xlsx hợp lệ (nội dung không phải bảng tính); hãy mở bằng Excel và lưu lại thành .xlsx hoặc .csv.`);
  }
  const unreadable = `Tệp ${file} không đọc được như một bảng tính Excel .xlsx (tệp hỏng hoặc là một tệp nén khác); hãy mở bằng Excel và lưu lại thành .xlsx hoặc .csv.`;
  let counted: { sheets: number; largest: number };
  try {
    counted = await countWorkbookRows(data, maxRows);
  } catch {
    fail(file, unreadable);
  }
  if (counted.sheets === 0) fail(file, unreadable);
  if (counted.largest > maxRows) tooManyRows(file, maxRows, 'dòng');
}

/** Refuses a text or CSV file that is too large for one import. */
export function checkTextUpload(file: string, text: string, limits: Pick<UploadLimits, 'maxRows' | 'maxTextLines'>): void {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    if (++lines > limits.maxTextLines) tooManyRows(file, limits.maxTextLines, 'dòng');
  }
  if (extname(file).toLowerCase() === '.csv' && lines > limits.maxRows + 1 && csvRows(text).length > limits.maxRows + 1) {
    tooManyRows(file, limits.maxRows, 'dòng');
  }
}

export type PlanUpload = {
  /** The name the client gave (query parameter, form field); checked with safeUploadName. */
  fileName: unknown;
  data: Uint8Array;
  directory: Directory;
  options?: PlanOptions;
};

/** A plan from an uploaded file (.xlsx, .csv, .docx, .txt), as importPlanFile reads it from disk. */
export async function importPlanUpload(upload: PlanUpload, limits: Pick<UploadLimits, 'maxRows' | 'maxTextLines'> = UPLOAD_LIMITS): Promise<ImportResult> {
  const file = safeUploadName(upload.fileName);
  const { data, directory } = upload;
  const options = Object.fromEntries(Object.entries(upload.options ?? {}).filter(([, v]) => v !== undefined)) as PlanOptions;
  const ext = extname(file).toLowerCase();
  if (data.byteLength === 0) fail(file, `Tệp ${file} trống (0 byte): hãy gửi nội dung tệp kế hoạch.`);
  if (ext === '.xls') fail(file, 'Tệp .xls (Excel 97-2003) không được hỗ trợ; hãy lưu lại thành .xlsx hoặc .csv.');
  if (ext === '.xlsx') {
    await checkWorkbookUpload(file, data, limits.maxRows);
    try {
      return await importPlanWorkbook(data, { ...options, directory, file });
    } catch (err) {
      if (err instanceof ImportError) throw err;
      fail(file, `Tệp ${file} không đọc được như một bảng tính Excel .xlsx (${(err as Error).message}); hãy mở bằng Excel và lưu lại thành .xlsx hoặc .csv.`);
    }
  }
  if (ext === '.docx') {
    if (!ZIP_MAGIC.every((b, i) => data[i] === b)) fail(file, `Tệp ${file} không phải tệp Word .docx hợp lệ; hãy mở bằng Word và lưu lại thành .docx.`);
    try {
      return await importPlanDocx(data, { ...options, directory, file });
    } catch (err) {
      if (err instanceof ImportError) throw err;
      fail(file, `Tệp ${file} không đọc được như một văn bản Word .docx (${(err as Error).message}); hãy mở bằng Word và lưu lại thành .docx.`);
    }
  }
  const text = decodeText(data);
  checkTextUpload(file, text, limits);
  return importPlanText(text, { ...options, directory, file });
}
