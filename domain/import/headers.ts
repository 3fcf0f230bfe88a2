/**
 * Column headers recognised from the vocabulary plans use, not from a list of examples. A header is
 * folded (no diacritics, no case, no numbering, units and punctuation as spaces) and read for its
 * role words; qualifiers ("dự kiến", "thực hiện", "hoàn thành") and slashes or commas between
 * synonyms do not change the role: "Cơ quan/đơn vị chủ trì thực hiện", "Sản phẩm/Kết quả dự kiến",
 * "Thời hạn hoàn thành", "Tiến độ", "Đơn vị thực hiện", "8-Kinh phí (Triệu đồng)" …
 * Columns a task keeps without acting on them (responsible leader, other known columns) have the
 * role "extra"; unknown columns are reported as warnings by the layout reader.
 */
import { ascii } from './text';
import { ImportError, type ColumnRole } from './types';

/** User's own mapping, "Tên cột=task": folded header → role. */
export type ColumnOverrides = Map<string, ColumnRole>;

const has = (folded: string, ...phrases: string[]) => phrases.some((p) => new RegExp(`(?:^| )${p}(?: |$)`).test(folded));

/** The role words, checked from the most specific to the most general. */
function roleOf(f: string): ColumnRole | null {
  if (/^(?:stt|tt|so tt|so thu tu|thu tu|muc)$/.test(f)) return 'stt';
  if (/^(?:ma|ma so|ma nhiem vu|ma viec|ma cong viec|ref|ky hieu)$/.test(f)) return 'ref';
  if (has(f, 'ghi chu')) return 'notes';
  if (has(f, 'lanh dao', 'nguoi phu trach', 'can bo phu trach', 'dau moi theo doi')) return 'extra';
  if (has(f, 'han che', 'ton tai', 'yeu kem')) return 'objective';
  if (has(f, 'chi tieu', 'can cu', 'nguon goc', 'van ban giao', 'tinh hinh thuc hien', 'ket qua thuc hien den')) return 'extra';
  // Who issues or approves ("Cấp trình", "Cấp có thẩm quyền ban hành"), when work starts, and evaluation columns: kept, not acted on.
  if (has(f, 'cap trinh', 'cap ban hanh', 'cap phe duyet', 'cap quyet dinh', 'tham quyen', 'co quan ban hanh', 'co quan phe duyet')) return 'extra';
  if (has(f, 'bat dau', 'khoi cong', 'tu ngay', 'tu thang', 'ngay bat dau')) return 'extra';
  if (/^(?:danh gia|tu danh gia|ket qua danh gia|muc do hoan thanh|tinh trang|trang thai|dia diem|doi tuong|pham vi|quy mo)(?: |$)/.test(f)) return 'extra';
  if (has(f, 'phoi hop') && !has(f, 'chu tri')) return 'coordinating';
  if (has(f, 'chu tri', 'chiu trach nhiem', 'trach nhiem', 'duoc giao', 'phan cong', 'tham muu') || /^(?:thuc hien|phu trach|nguoi thuc hien|dau moi)$/.test(f)) return 'lead';
  if (has(f, 'kinh phi', 'du toan', 'nguon von', 'nguon kinh phi', 'ngan sach', 'nguon luc')) return 'budget';
  if (has(f, 'thoi gian', 'thoi han', 'tien do', 'han', 'moc', 'thoi diem', 'lo trinh', 'ngay hoan thanh', 'han chot', 'nam thuc hien', 'nam hoan thanh') || /^(?:hoan thanh|ket thuc|den ngay|thoi gian ket thuc)$/.test(f)) return 'deadline';
  if (/^(?:loai van ban|ten van ban ban hanh)$/.test(f)) return 'product';
  if (has(f, 'san pham', 'ket qua', 'dau ra', 'hinh thuc', 'yeu cau')) return 'product';
  if (has(f, 'co quan', 'don vi', 'dia phuong', 'bo phan', 'phong ban', 'to chuc thuc hien')) return 'lead';
  if (has(f, 'linh vuc')) return 'area';
  if (/^(?:nhom|nhom noi dung|phan|chuong)$/.test(f)) return 'group';
  if (has(f, 'hoat dong')) return 'activity';
  if (/^muc tieu/.test(f) || (/^noi dung/.test(f) && !has(f, 'nhiem vu', 'cong viec'))) return 'objective';
  if (has(f, 'nhiem vu', 'noi dung', 'cong viec', 'giai phap', 'de an', 'danh muc', 'ten', 'chuong trinh')) return 'task';
  return null;
}

/** "8-Kinh phí (Triệu đồng)" → "kinh phi"; "Cơ quan/đơn vị chủ trì" → "co quan don vi chu tri". */
export function foldHeader(header: string): string {
  return ascii(header)
    .replace(/\((?:trieu|nghin|ngan|ty|dong|vnd|[0-9]+)[^)]*\)/g, ' ')
    .replace(/^\s*\(?\d+\)?\s*[-.)]?\s*(?=[a-z])/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function recognizeHeader(header: string, overrides?: ColumnOverrides): ColumnRole | null {
  const folded = foldHeader(header);
  if (folded === '') return null;
  return overrides?.get(folded) ?? roleOf(folded);
}

/** Reads `--column "Tên cột=task"` values; throws a Vietnamese message on a bad one. */
export function parseColumnOverrides(specs: string[]): ColumnOverrides {
  const roles: ColumnRole[] = ['ref', 'stt', 'area', 'group', 'objective', 'task', 'activity', 'product', 'lead', 'coordinating', 'deadline', 'budget', 'notes', 'extra'];
  const out: ColumnOverrides = new Map();
  for (const spec of specs) {
    const at = spec.lastIndexOf('=');
    const role = spec.slice(at + 1).trim() as ColumnRole;
    if (at <= 0 || !roles.includes(role)) {
      throw new Error(`"${spec}" không đúng dạng "Tên cột=vai trò" (vai trò là một trong: ${roles.join(', ')}).`);
    }
    out.set(foldHeader(spec.slice(0, at)), role);
  }
  return out;
}

/** The exact names of the seed documents' text exports (pipe and tab layouts), where a looser reading would take cells for headers. */
const DOCUMENT_RULES: [ColumnRole, RegExp][] = [
  ['ref', /^(?:ma|ma so|ma nhiem vu|ma viec|ref)$/],
  ['stt', /^(?:stt|tt|so thu tu|so tt)$/],
  ['deadline', /^(?:thoi gian|thoi han|han hoan thanh|tien do)\b/],
  ['coordinating', /\bphoi hop\b/],
  ['lead', /^(?:chu tri|co quan chu tri|don vi chu tri|co quan thuc hien|don vi thuc hien|co quan don vi thuc hien|co quan don vi chu tri|chu tri thuc hien)$/],
  ['product', /^(?:ket qua|san pham|ket qua san pham|ket qua dau ra|san pham dau ra)$/],
  ['activity', /^hoat dong\b/],
  ['task', /^nhiem vu\b/],
  ['objective', /^(?:muc tieu|noi dung)\b/],
  ['area', /^(?:linh vuc|nhom linh vuc|linh vuc cai cach)$/],
  ['group', /^(?:nhom|nhom noi dung)$/],
  ['budget', /^kinh phi\b/],
  ['notes', /^ghi chu$/],
];

/** Roles of the header cells of a text export (pipe, tab layouts); a repeated role gets null. */
export function mapDocumentHeaders(headers: string[]): (ColumnRole | null)[] {
  const seen = new Set<ColumnRole>();
  return headers.map((h) => {
    const folded = foldHeader(h);
    const role = folded === '' ? null : (DOCUMENT_RULES.find(([, p]) => p.test(folded))?.[0] ?? null);
    if (role === null || seen.has(role)) return null;
    seen.add(role);
    return role;
  });
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

/** Role of each column; unrecognised columns, and a second column of a role already taken, get null ("extra" may repeat). */
export function mapHeaders(headers: string[], overrides?: ColumnOverrides): (ColumnRole | null)[] {
  const seen = new Set<ColumnRole>();
  return headers.map((h) => {
    const role = recognizeHeader(h, overrides);
    if (role === null) return null;
    if (seen.has(role)) return role === 'task' || role === 'product' || role === 'lead' || role === 'budget' ? 'extra' : role === 'extra' ? 'extra' : null;
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
