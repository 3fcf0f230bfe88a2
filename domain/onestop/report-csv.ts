/**
 * The monthly report as CSV for Excel (domain/csv-writer.ts): UTF-8 with BOM, comma-separated, CRLF,
 * formulas neutralised. Kept apart from report.ts, which workflow code imports: the CSV writer
 * needs Node's Buffer, which the workflow sandbox does not have.
 */
import { toSpreadsheetCsv } from '../csv-writer';
import { reportTable, type MonthlyReport } from './report';

export function reportCsv(report: MonthlyReport): string {
  return toSpreadsheetCsv(reportTable(report));
}
