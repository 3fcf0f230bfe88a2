/**
 * Column headers recognised by name, with or without diacritics, in any case and order:
 * "Cơ quan chủ trì", "co quan thuc hien", "8-Kinh phí (Triệu đồng)", "Thời gian hoàn thành" …
 */
import { ascii } from './text';
import { ImportError, type ColumnRole } from './types';

/** Checked in order: the first rule whose pattern matches the folded header wins. */
const RULES: [ColumnRole, RegExp][] = [
  ['ref', /^(?:ma|ma so|ma nhiem vu|ma viec|ref)$/],
  ['stt', /^(?:stt|tt|so thu tu|so tt)$/],
  ['deadline', /^(?:thoi gian|thoi han|han hoan thanh|tien do)\b/],
  ['coordinating', /\bphoi hop\b/],
  ['lead', /^(?:chu tri|co quan chu tri|don vi chu tri|co quan thuc hien|don vi thuc hien|co quan, don vi thuc hien|co quan, don vi chu tri|chu tri thuc hien)$/],
  ['product', /^(?:ket qua|san pham|ket qua ?\/ ?san pham|ket qua, san pham|ket qua dau ra|san pham dau ra)$/],
  ['activity', /^hoat dong\b/],
  ['task', /^nhiem vu\b/],
  ['objective', /^(?:muc tieu|noi dung)\b/],
  ['area', /^(?:linh vuc|nhom linh vuc|linh vuc cai cach)$/],
  ['group', /^(?:nhom|nhom noi dung)$/],
  ['budget', /^kinh phi\b/],
  ['notes', /^ghi chu$/],
];

/** "8-Kinh phí (Triệu đồng)" → "kinh phi"; the unit in brackets is read separately. */
function foldHeader(header: string): string {
  return ascii(header)
    .replace(/\(.*?\)/g, ' ')
    .replace(/^\s*\d+\s*[-.)]\s*/, '')
    .replace(/[:*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function recognizeHeader(header: string): ColumnRole | null {
  const folded = foldHeader(header);
  if (folded === '') return null;
  for (const [role, pattern] of RULES) if (pattern.test(folded)) return role;
  return null;
}

/** Millions of VND per unit named in a budget header: "(Triệu đồng)" → 1, "(đồng)" → 0.000001. */
export function budgetUnit(header: string): number {
  const unit = ascii(/\((.*?)\)/.exec(header)?.[1] ?? '');
  if (/ty/.test(unit)) return 1000;
  if (/trieu/.test(unit)) return 1;
  if (/nghin|ngan/.test(unit)) return 0.001;
  if (/dong|vnd/.test(unit)) return 0.000001;
  return 1;
}

/** Header text and role of each column; unrecognised columns get null. */
export function mapHeaders(headers: string[]): (ColumnRole | null)[] {
  const seen = new Set<ColumnRole>();
  return headers.map((h) => {
    const role = recognizeHeader(h);
    if (role === null || seen.has(role)) return null;
    seen.add(role);
    return role;
  });
}

/** Stops an import whose table lacks the Chủ trì or Thời gian column, or any column naming the work. */
export function requireColumns(roles: (ColumnRole | null)[], file: string, row: number): void {
  const missing = [
    roles.includes('lead') ? null : '"Chủ trì" (hoặc "Cơ quan thực hiện")',
    roles.includes('deadline') ? null : '"Thời gian"',
    roles.some((r) => r === 'activity' || r === 'task' || r === 'objective') ? null : '"Hoạt động", "Nhiệm vụ" hoặc "Mục tiêu"',
  ].filter((m): m is string => m !== null);
  if (missing.length > 0) {
    throw new ImportError([{ file, row, column: null, message: `Bảng thiếu cột ${missing.join(', ')}.`, severity: 'error' }]);
  }
}
