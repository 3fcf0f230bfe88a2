/** Reading CSV text and XLSX workbooks into rows of cells, with their row numbers in the source. */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { ascii } from './text';
import type { SheetCell, SheetRow } from './layout-sheet';

/** The delimiter that splits the first line into the most fields (outside quotes). */
function detectDelimiter(text: string): string {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const unquoted = first.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => ({ d, n: unquoted.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 0 ? counts[0]!.d : ',';
}

export function csvRows(source: string): SheetRow[] {
  // One line ending, so that the parser's line count (which counts "\r\n" inside quotes twice) is right.
  const text = source.replace(/\r\n?/g, '\n');
  const records = parse(text, {
    bom: true,
    delimiter: detectDelimiter(text.replace(/^\uFEFF/, '')),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const rows: SheetRow[] = [];
  let previousEnd = 0;
  for (const { record, info } of records) {
    rows.push({ row: previousEnd + 1, cells: record });
    previousEnd = info.lines;
  }
  return rows;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A cell's value as text or number; dates become dd/mm/yyyy as the documents write them. */
function cellValue(value: ExcelJS.CellValue): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (value instanceof Date) return `${pad(value.getUTCDate())}/${pad(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return cellValue((value.result ?? null) as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return null;
  return String(value);
}

function sheetRows(sheet: ExcelJS.Worksheet): SheetRow[] {
  const rows: SheetRow[] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: SheetCell[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      // A merged range has its value in its first cell: copied down its rows (a lead shared by
      // several tasks), never across its columns (a section title merged over the row).
      const master = cell.isMerged ? cell.master : cell;
      cells.push(master !== cell && Number(master.col) !== c ? null : cellValue(cell.value));
    }
    rows.push({ row: rowNumber, cells });
  });
  return rows;
}

export type Workbook = {
  /** The sheet holding the task table (the first that is not a plan-information sheet). */
  rows: SheetRow[];
  sheetName: string;
  /** Label → value pairs of a "Thông tin kế hoạch" sheet, if the workbook has one. */
  info: { label: string; value: SheetCell; row: number }[];
  /** Every sheet but the plan-information one, in workbook order (appendices copied one per sheet). */
  sheets: { name: string; rows: SheetRow[] }[];
};

const isInfoSheet = (name: string) => /thong tin/.test(ascii(name));

export async function readWorkbook(data: ArrayBuffer | Uint8Array): Promise<Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as ArrayBuffer);
  const sheets = workbook.worksheets;
  const table = sheets.find((s) => !isInfoSheet(s.name)) ?? sheets[0];
  if (!table) return { rows: [], sheetName: '', info: [], sheets: [] };
  const infoSheet = sheets.find((s) => s !== table && isInfoSheet(s.name));
  const info = infoSheet
    ? sheetRows(infoSheet)
        .filter((r) => typeof r.cells[0] === 'string' && r.cells[0].trim() !== '')
        .map((r) => ({ label: String(r.cells[0]), value: r.cells[1] ?? null, row: r.row }))
    : [];
  const tables = sheets.filter((s) => s === table || !isInfoSheet(s.name)).map((s) => ({ name: s.name, rows: sheetRows(s) }));
  return { rows: tables.find((t) => t.name === table.name)!.rows, sheetName: table.name, info, sheets: tables };
}

/**
 * The number of sheets and the rows of the largest, reading the workbook as a stream and stopping
 * as soon as a sheet has more than `stopAfter` rows (largest is then stopAfter + 1). Throws whatever
 * the zip or XML reader throws when the data is not a zip.
 */
export async function countWorkbookRows(data: Uint8Array, stopAfter: number): Promise<{ sheets: number; largest: number }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]), {
    worksheets: 'emit',
    sharedStrings: 'ignore',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  let largest = 0;
  let sheets = 0;
  for await (const sheet of reader) {
    sheets++;
    let rows = 0;
    for await (const _row of sheet as AsyncIterable<unknown>) {
      if (++rows > stopAfter) return { sheets, largest: stopAfter + 1 };
    }
    largest = Math.max(largest, rows);
  }
  return { sheets, largest };
}
