/**
 * A one-stop CSV export checked end to end, without starting anything: rows read (csv.ts), agencies
 * resolved against the directory (directory.ts), each file validated. Rows with a problem are left
 * out and reported by row; nothing a row holds makes this throw. A file with more rows than one
 * import may hold is refused as a whole with an ImportError naming the file and the limit.
 */
import type { Directory } from '../directory';
import { vietnameseNumber } from '../input-limits';
import { ImportError } from '../import/types';
import { parseOneStopCsv, CSV_HEADINGS, type CsvProblem } from './csv';
import { jurisdictionOfUnit, resolveFileAgencies } from './directory';
import { OneStopFileSchema, type OneStopFile } from './file';

export type OneStopCsvFiles = { files: { row: number; file: OneStopFile }[]; problems: CsvProblem[] };

/** "agencies.1: …" → the CSV column of that field, so a row problem names row and column. */
function columnOf(message: string): string | null {
  const field = /^([a-zA-Z]+)[.:]/.exec(message)?.[1];
  if (field === 'agencies') return CSV_HEADINGS.agencies[0]!;
  if (field === 'receivingUnit') return CSV_HEADINGS.receivingUnit[0]!;
  if (field === 'jurisdiction') return CSV_HEADINGS.jurisdiction[0]!;
  return null;
}

export function readOneStopCsvFiles(text: string, directory: Directory, options: { file?: string; maxRows?: number } = {}): OneStopCsvFiles {
  const file = options.file ?? 'tệp CSV';
  if (options.maxRows !== undefined) {
    const rows = countRecords(text, options.maxRows + 1);
    if (rows > options.maxRows + 1) {
      throw new ImportError([
        {
          file,
          row: 0,
          column: null,
          message: `Tệp ${file} có hơn ${vietnameseNumber(options.maxRows)} dòng hồ sơ, vượt giới hạn mỗi lần nhập; hãy chia thành nhiều tệp nhỏ hơn.`,
          severity: 'error',
        },
      ]);
    }
  }
  const parsed = parseOneStopCsv(text, { jurisdictionOf: (unit) => jurisdictionOfUnit(directory, unit) });
  const files: OneStopCsvFiles['files'] = [];
  const problems = [...parsed.problems];
  for (const { row, file: input } of parsed.files) {
    const resolved = resolveFileAgencies(input, directory);
    if (resolved.problems.length > 0) {
      problems.push(...resolved.problems.map((message) => ({ row, column: columnOf(message), message })));
      continue;
    }
    const checked = OneStopFileSchema.safeParse(resolved.file);
    if (checked.success) files.push({ row, file: checked.data });
    else problems.push(...checked.error.issues.map((i) => ({ row, column: null, message: `${i.path.join('.')}: ${i.message}` })));
  }
  problems.sort((a, b) => a.row - b.row);
  return { files, problems };
}

/** Lines that start a record (outside quotes), counting at most up to `stopAfter + 1`. */
function countRecords(text: string, stopAfter: number): number {
  let records = 0;
  let quoted = false;
  let empty = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) quoted = !quoted;
    if (c === 10 /* \n */ && !quoted) {
      if (!empty && ++records > stopAfter) return records;
      empty = true;
    } else if (c !== 13 && c !== 32 && c !== 9) empty = false;
  }
  return empty ? records : records + 1;
}
