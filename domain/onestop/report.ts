/**
 * The monthly one-stop figures, per agency and for the whole unit, built from the records the
 * file workflows keep (one per file, rewritten at each change). Pure, so the monthly report
 * workflow, the API and the dashboard (next to the plan task "Khi có hồ sơ trễ hẹn") share it.
 *
 * Each figure counts an event that happened in the month, attributed to the agency responsible for
 * it then, so the agencies' rows add up to the unit's row:
 * - received: the first processing agency, on the day received;
 * - resolved (early / on time / late): the agency holding the file when the result was ready;
 * - late: the day after the appointment passed without a result, the agency holding it then;
 *   late with apology = late files with an apology made on time (target 100%), the others are
 *   apologies overdue;
 * - re-appointed: the day an apology was recorded, the agency that apologised;
 * - late again: the day after the re-appointed date passed without a result.
 */
import { z } from 'zod';
import { addDays, vietnamDateOf, type IsoDate } from '../dates';
import type { FileOutcome } from './clock';
import type { FileStatus, FileView } from './view';
import { lazy } from '../lazy';

export type FileRecord = {
  code: string;
  jurisdiction: string;
  procedureCode: string;
  procedureName: string;
  online: boolean;
  receivingUnit: string;
  firstAgency: string;
  holder: string;
  receivedOn: IsoDate;
  /** The appointment before any apology; null only while the file is being set up. */
  appointment: IsoDate | null;
  status: FileStatus;
  outcome: FileOutcome | null;
  resultOn: IsoDate | null;
  resultAgency: string | null;
  /** Set when the appointment passed without a result and without an apology made on time. */
  late: { since: IsoDate; agency: string } | null;
  apology: { number: string; agency: string; submittedOn: IsoDate; timely: boolean; newAppointment: IsoDate } | null;
  lateAgain: { since: IsoDate; agency: string } | null;
  withdrawnOn: IsoDate | null;
  /** Grows with every write of the same file: an older write never replaces a newer one. */
  revision: number;
};

/** What the monthly report needs of a file, from its view. */
export function recordOf(view: FileView): Omit<FileRecord, 'revision'> {
  const f = view.file;
  const a = view.apology;
  const day = (iso: string) => vietnamDateOf(new Date(iso));
  return {
    code: f.code,
    jurisdiction: f.jurisdiction,
    procedureCode: f.procedure.code,
    procedureName: f.procedure.name,
    online: f.online,
    receivingUnit: f.receivingUnit,
    firstAgency: f.agencies[0]!,
    holder: view.holder,
    receivedOn: day(f.receivedAt),
    appointment: view.originalAppointment?.date ?? null,
    status: view.status,
    outcome: view.outcome,
    resultOn: view.result ? day(view.result.at) : null,
    resultAgency: view.result?.agency ?? null,
    late: view.late,
    apology: a ? { number: a.number, agency: a.agency, submittedOn: day(a.submittedAt), timely: a.timely, newAppointment: a.newAppointment.date } : null,
    lateAgain: view.lateAgain,
    withdrawnOn: view.withdrawn ? day(view.withdrawn.at) : null,
  };
}

export const MonthSchema = lazy(() => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'tháng phải có dạng YYYY-MM, ví dụ 2037-03'));

export type ReportRow = {
  agency: string;
  received: number;
  resolved: number;
  early: number;
  onTime: number;
  resolvedLate: number;
  late: number;
  lateWithApology: number;
  /** lateWithApology / late in percent, one decimal; null when nothing was late. */
  apologyRate: number | null;
  apologiesOverdue: number;
  reappointed: number;
  lateAgain: number;
  withdrawn: number;
};

export type MonthlyReport = {
  month: string;
  jurisdiction: string | null;
  asOf: IsoDate;
  rows: ReportRow[];
  total: ReportRow;
};

export const TOTAL_LABEL = 'Toàn đơn vị';

/** Column order and Vietnamese headings, shared by CSV, XLSX and the email. */
export const REPORT_COLUMNS: { key: keyof ReportRow; label: string }[] = [
  { key: 'agency', label: 'Cơ quan' },
  { key: 'received', label: 'Hồ sơ tiếp nhận' },
  { key: 'resolved', label: 'Hồ sơ đã giải quyết' },
  { key: 'early', label: 'Trước hạn' },
  { key: 'onTime', label: 'Đúng hạn' },
  { key: 'resolvedLate', label: 'Quá hạn' },
  { key: 'late', label: 'Hồ sơ trễ hẹn' },
  { key: 'lateWithApology', label: 'Trễ hẹn có xin lỗi đúng quy định' },
  { key: 'apologyRate', label: 'Tỷ lệ xin lỗi (%)' },
  { key: 'apologiesOverdue', label: 'Trễ hẹn không xin lỗi đúng quy định' },
  { key: 'reappointed', label: 'Hẹn lại (phiếu xin lỗi)' },
  { key: 'lateAgain', label: 'Trễ hẹn cả ngày hẹn lại' },
  { key: 'withdrawn', label: 'Rút hồ sơ' },
];

function emptyRow(agency: string): ReportRow {
  return {
    agency,
    received: 0,
    resolved: 0,
    early: 0,
    onTime: 0,
    resolvedLate: 0,
    late: 0,
    lateWithApology: 0,
    apologyRate: null,
    apologiesOverdue: 0,
    reappointed: 0,
    lateAgain: 0,
    withdrawn: 0,
  };
}

/**
 * When the first appointment passed without a result (the day after it), and who held the file:
 * recorded by the workflow for a file without an apology, derived from the dates for a file that
 * apologised on time (its appointment moved, yet it is late against the one first given).
 */
export function lateSinceOf(record: FileRecord, asOf: IsoDate): { since: IsoDate; agency: string } | null {
  if (record.late) return record.late;
  if (!record.apology?.timely || record.appointment === null) return null;
  const since = addDays(record.appointment, 1);
  const end = record.resultOn ?? record.withdrawnOn;
  if (since > asOf || (end !== null && end <= record.appointment)) return null;
  return { since, agency: record.apology.agency };
}

function inMonth(date: IsoDate | null | undefined, month: string): date is IsoDate {
  return typeof date === 'string' && date.slice(0, 7) === month;
}

export function monthlyReport(records: Iterable<FileRecord>, month: string, options: { asOf: IsoDate; jurisdiction?: string | null }): MonthlyReport {
  MonthSchema.parse(month);
  const rows = new Map<string, ReportRow>();
  const row = (agency: string) => {
    let r = rows.get(agency);
    if (!r) rows.set(agency, (r = emptyRow(agency)));
    return r;
  };
  for (const f of records) {
    if (options.jurisdiction && f.jurisdiction !== options.jurisdiction) continue;
    if (inMonth(f.receivedOn, month)) row(f.firstAgency).received++;
    if (inMonth(f.resultOn, month) && f.outcome && f.outcome !== 'withdrawn') {
      const r = row(f.resultAgency ?? f.holder);
      r.resolved++;
      if (f.outcome === 'early') r.early++;
      else if (f.outcome === 'on_time') r.onTime++;
      else r.resolvedLate++;
    }
    const late = lateSinceOf(f, options.asOf);
    if (late && inMonth(late.since, month)) {
      const r = row(late.agency);
      r.late++;
      if (f.apology?.timely) r.lateWithApology++;
      else r.apologiesOverdue++;
    }
    if (f.apology && inMonth(f.apology.submittedOn, month)) row(f.apology.agency).reappointed++;
    if (f.lateAgain && inMonth(f.lateAgain.since, month)) row(f.lateAgain.agency).lateAgain++;
    if (inMonth(f.withdrawnOn, month)) row(f.holder).withdrawn++;
  }
  const sorted = [...rows.values()].sort((a, b) => a.agency.localeCompare(b.agency, 'vi'));
  const total = emptyRow(TOTAL_LABEL);
  for (const r of sorted) {
    for (const { key } of REPORT_COLUMNS) {
      if (key !== 'agency' && key !== 'apologyRate') total[key] += r[key];
    }
    r.apologyRate = rate(r);
  }
  total.apologyRate = rate(total);
  return { month, jurisdiction: options.jurisdiction ?? null, asOf: options.asOf, rows: sorted, total };
}

function rate(r: ReportRow): number | null {
  return r.late === 0 ? null : Math.round((r.lateWithApology / r.late) * 1000) / 10;
}

/** "03/2037". */
export function monthLabel(month: string): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

function cell(row: ReportRow, key: keyof ReportRow): string {
  const v = row[key];
  if (v === null) return '';
  return typeof v === 'number' ? String(v).replace('.', ',') : v;
}

/** The report as rows of cells: the headings, one row per agency, the unit's total (the CSV is in report-csv.ts). */
export function reportTable(report: MonthlyReport): string[][] {
  return [REPORT_COLUMNS.map((c) => c.label), ...[...report.rows, report.total].map((r) => REPORT_COLUMNS.map((c) => cell(r, c.key)))];
}

/** The unit's figures as Vietnamese label → value lines (the email, the dashboard next to the plan task). */
export function reportFigures(report: MonthlyReport): Record<string, string> {
  const t = report.total;
  const figures: Record<string, string> = {};
  for (const { key, label } of REPORT_COLUMNS) {
    if (key === 'agency') continue;
    figures[label] = key === 'apologyRate' ? (t.apologyRate === null ? 'không có hồ sơ trễ hẹn' : `${cell(t, key)}% (chỉ tiêu 100%)`) : cell(t, key);
  }
  const owing = report.rows.filter((r) => r.apologiesOverdue > 0).map((r) => `${r.agency} (${r.apologiesOverdue})`);
  if (owing.length > 0) figures['Cơ quan có hồ sơ trễ hẹn không xin lỗi đúng quy định'] = owing.join('; ');
  return figures;
}
