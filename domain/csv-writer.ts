/**
 * CSV that dondoc writes for people to open in a spreadsheet (Excel, LibreOffice): UTF-8 with a
 * BOM so Vietnamese shows right, commas, CRLF, fields quoted when needed (also on ';', the
 * separator of some Excel locales). Cells that a spreadsheet would read as a formula (starting with
 * =, +, -, @, a tab or a carriage return) are neutralised with a leading apostrophe, so a name
 * typed by a user can never run as a formula (CSV injection). Written by csv-stringify.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | null | undefined;

export function toSpreadsheetCsv(rows: CsvCell[][]): string {
  return stringify(rows, { bom: true, record_delimiter: '\r\n', escape_formulas: true, quoted_match: /;/ });
}
