/**
 * Files from a CSV export of the one-stop software (one row per file, Vietnamese headings). Every
 * problem names its row and column; a row with a problem is left out, the others are returned.
 * See docs/one-stop.md for the columns and plans/ho-so-mau.csv for a sample.
 */
import { parse } from 'csv-parse/sync';
import { isValidIsoDate, isoDate } from '../dates';
import { nameKey } from '../messages/text';
import { OneStopFileSchema, type OneStopFile, type OneStopFileInput } from './file';

type Field =
  | 'code'
  | 'procedureCode'
  | 'procedureName'
  | 'workingDays'
  | 'applicant'
  | 'email'
  | 'phone'
  | 'idNumber'
  | 'receivingUnit'
  | 'agencies'
  | 'receivedAt'
  | 'appointment'
  | 'online'
  | 'cutoff'
  | 'jurisdiction';

/** Accepted headings per field (compared NFC, case-insensitive, spaces collapsed); the first is the one to write. */
export const CSV_HEADINGS: Record<Field, string[]> = {
  code: ['Mã hồ sơ'],
  procedureCode: ['Mã thủ tục', 'Mã TTHC'],
  procedureName: ['Tên thủ tục', 'Tên TTHC', 'Thủ tục'],
  workingDays: ['Thời hạn giải quyết (ngày làm việc)', 'Thời hạn giải quyết', 'Số ngày làm việc'],
  applicant: ['Người nộp', 'Tên người nộp', 'Chủ hồ sơ'],
  email: ['Thư điện tử', 'Email'],
  phone: ['Số điện thoại', 'Điện thoại'],
  idNumber: ['Số định danh cá nhân', 'Số định danh', 'Số CCCD'],
  receivingUnit: ['Nơi tiếp nhận'],
  agencies: ['Cơ quan giải quyết'],
  receivedAt: ['Thời điểm tiếp nhận', 'Ngày tiếp nhận'],
  appointment: ['Ngày hẹn trả', 'Ngày hẹn trả kết quả'],
  online: ['Trực tuyến', 'Nộp trực tuyến'],
  cutoff: ['Giờ chốt'],
  jurisdiction: ['Đơn vị hành chính'],
};

const REQUIRED: Field[] = ['code', 'procedureCode', 'procedureName', 'workingDays', 'applicant', 'receivingUnit', 'agencies', 'receivedAt'];

export type CsvProblem = { row: number; column: string | null; message: string };
export type CsvFiles = { files: { row: number; file: OneStopFile }[]; problems: CsvProblem[] };

export type CsvOptions = {
  /** Jurisdiction of a row without "Đơn vị hành chính", from its receiving unit (the directory knows it). */
  jurisdictionOf?: (receivingUnit: string) => string | undefined;
};

/** "10/03/2037 16:00", "10/3/2037", or ISO 8601; Vietnam time when no offset is written. */
export function parseVietnamDateTime(text: string): { date: string; time: string | null } | { iso: string } | null {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T/.test(t)) return Number.isNaN(Date.parse(t)) ? null : { iso: t };
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2})[:h](\d{2}))?$/.exec(t) ?? /^(\d{4})-(\d{2})-(\d{2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(t);
  if (!m) return null;
  const iso = t.includes('/') ? isoDate(Number(m[3]), Number(m[2]), Number(m[1])) : isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (!isValidIsoDate(iso)) return null;
  if (m[4] === undefined) return { date: iso, time: null };
  const [h, min] = [Number(m[4]), Number(m[5])];
  if (h > 23 || min > 59) return null;
  return { date: iso, time: `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}` };
}

function yes(text: string): boolean | null {
  const k = nameKey(text);
  if (['', 'không', 'khong', 'no', '0', 'false'].includes(k)) return false;
  if (['có', 'co', 'x', 'yes', '1', 'true', 'trực tuyến'].includes(k)) return true;
  return null;
}

export function parseOneStopCsv(text: string, options: CsvOptions = {}): CsvFiles {
  const problems: CsvProblem[] = [];
  let table: string[][];
  try {
    table = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    return { files: [], problems: [{ row: 0, column: null, message: `Không đọc được tệp CSV: ${(err as Error).message}` }] };
  }
  const header = table[0] ?? [];
  const index = new Map<Field, number>();
  for (const [field, names] of Object.entries(CSV_HEADINGS) as [Field, string[]][]) {
    const at = header.findIndex((h) => names.some((n) => nameKey(n) === nameKey(h)));
    if (at >= 0) index.set(field, at);
  }
  const missing = REQUIRED.filter((f) => !index.has(f));
  if (missing.length > 0) {
    return { files: [], problems: missing.map((f) => ({ row: 1, column: CSV_HEADINGS[f][0]!, message: `Thiếu cột "${CSV_HEADINGS[f][0]}".` })) };
  }

  const files: CsvFiles['files'] = [];
  const seen = new Map<string, number>();
  table.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const get = (f: Field) => {
      const at = index.get(f);
      return at === undefined ? '' : (cells[at] ?? '').normalize('NFC').trim();
    };
    const rowProblems: CsvProblem[] = [];
    const problem = (f: Field | null, message: string) => rowProblems.push({ row, column: f ? CSV_HEADINGS[f][0]! : null, message });

    const received = parseVietnamDateTime(get('receivedAt'));
    let receivedAt: string | undefined;
    if (!received) problem('receivedAt', `"${get('receivedAt')}" không phải thời điểm hợp lệ (dd/mm/yyyy HH:MM).`);
    else if ('iso' in received) receivedAt = received.iso;
    else receivedAt = `${received.date}T${received.time ?? '00:00'}:00+07:00`;
    if (received && !('iso' in received) && received.time === null) problem('receivedAt', 'Cần ghi cả giờ tiếp nhận (dd/mm/yyyy HH:MM): giờ quyết định ngày bắt đầu tính thời hạn.');

    let appointment: OneStopFileInput['appointment'];
    if (get('appointment')) {
      const a = parseVietnamDateTime(get('appointment'));
      if (!a || 'iso' in a) problem('appointment', `"${get('appointment')}" không phải ngày hợp lệ (dd/mm/yyyy hoặc dd/mm/yyyy HH:MM).`);
      else appointment = a.time ? { date: a.date, time: a.time } : { date: a.date };
    }
    const days = get('workingDays');
    if (!/^\d+$/.test(days)) problem('workingDays', `"${days}" không phải số ngày làm việc.`);
    const online = yes(get('online'));
    if (online === null) problem('online', `"${get('online')}" phải là "có" hoặc "không".`);
    const receivingUnit = get('receivingUnit');
    const jurisdiction = get('jurisdiction') || options.jurisdictionOf?.(receivingUnit);
    if (!jurisdiction) problem('jurisdiction', `Không xác định được đơn vị hành chính của "${receivingUnit}": ghi cột "${CSV_HEADINGS.jurisdiction[0]}".`);
    const code = get('code');
    if (code && seen.has(code)) problem('code', `Mã hồ sơ ${code} đã có ở dòng ${seen.get(code)}.`);
    if (code && !seen.has(code)) seen.set(code, row);

    const input: OneStopFileInput = {
      code,
      procedure: { code: get('procedureCode'), name: get('procedureName'), workingDays: Number(days), ...(get('cutoff') ? { cutoff: get('cutoff') } : {}) },
      applicant: {
        name: get('applicant'),
        ...(get('email') ? { email: get('email') } : {}),
        ...(get('phone') ? { phone: get('phone') } : {}),
        ...(get('idNumber') ? { idNumber: get('idNumber') } : {}),
      },
      receivingUnit,
      agencies: get('agencies')
        .split(/\s*(?:;|→|->|\n)\s*/)
        .filter(Boolean),
      receivedAt: receivedAt ?? '',
      appointment,
      online: online ?? false,
      jurisdiction: jurisdiction ?? '',
    };
    if (rowProblems.length === 0) {
      const parsed = OneStopFileSchema.safeParse(input);
      if (parsed.success) files.push({ row, file: parsed.data });
      else for (const issue of parsed.error.issues) problem(fieldOfPath(issue.path), issue.message);
    }
    problems.push(...rowProblems);
  });
  return { files, problems };
}

function fieldOfPath(path: PropertyKey[]): Field | null {
  const [a, b] = path.map(String);
  if (a === 'procedure') return b === 'code' ? 'procedureCode' : b === 'name' ? 'procedureName' : b === 'cutoff' ? 'cutoff' : 'workingDays';
  if (a === 'applicant') return b === 'email' ? 'email' : b === 'phone' ? 'phone' : b === 'idNumber' ? 'idNumber' : 'applicant';
  if (a && a in CSV_HEADINGS) return a as Field;
  return null;
}
