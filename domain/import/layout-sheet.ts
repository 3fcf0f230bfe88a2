/**
 * Spreadsheets (CSV, XLSX) as offices keep them: a header row with Vietnamese column names in any
 * order, one task per row.
 *
 * - The header row is the first of the first 20 rows in which the Chủ trì and Thời gian columns
 *   (and a Hoạt động, Nhiệm vụ or Mục tiêu column) are recognised.
 * - Empty Lĩnh vực, Nhóm, Mục tiêu, Nhiệm vụ and STT cells repeat the value above, as merged cells
 *   do when a sheet is saved as CSV; the other columns never repeat.
 * - Ref: the Mã column when there is one (it must be unique); otherwise "area.STT.n" (area = order
 *   of first appearance of the Lĩnh vực value, n = row within the STT), or "area.n" without STT,
 *   so correcting a cell never changes a ref (inserting rows can: use a Mã column for that).
 */
import { budgetUnit, mapHeaders } from './headers';
import { clean } from './text';
import type { ColumnRole, LayoutResult, Problem, RawTask } from './types';
import { ImportError } from './types';

export type SheetCell = string | number | null;
export type SheetRow = { row: number; cells: SheetCell[] };

const FILL_DOWN: ColumnRole[] = ['area', 'group', 'objective', 'task', 'stt'];

function cellText(cell: SheetCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'number' ? String(cell) : clean(cell);
}

function findHeader(rows: SheetRow[]): number {
  for (let i = 0; i < Math.min(rows.length, 20); i++) {
    const roles = mapHeaders(rows[i]!.cells.map(cellText));
    if (roles.includes('lead') && roles.includes('deadline') && roles.some((r) => r === 'activity' || r === 'task' || r === 'objective')) return i;
  }
  return -1;
}

export function readSheet(rows: SheetRow[], file: string): LayoutResult {
  const problems: Problem[] = [];
  const h = findHeader(rows);
  if (h < 0) {
    throw new ImportError([
      {
        file,
        row: 0,
        column: null,
        message: 'Không tìm thấy dòng tiêu đề: bảng phải có các cột "Chủ trì" (hoặc "Cơ quan thực hiện"), "Thời gian" và "Hoạt động" hoặc "Nhiệm vụ".',
        severity: 'error',
      },
    ]);
  }
  const headers = rows[h]!.cells.map(cellText);
  const roles = mapHeaders(headers);
  headers.forEach((header, k) => {
    if (header !== '' && roles[k] === null) {
      problems.push({ file, row: rows[h]!.row, column: header, message: `Không nhận ra cột "${header}"; cột này được bỏ qua.`, severity: 'warning' });
    }
  });
  const col = (role: ColumnRole) => roles.indexOf(role);
  const headerOf = Object.fromEntries(roles.flatMap((r, k) => (r ? [[r, headers[k]!]] : []))) as RawTask['headers'];
  const unit = col('budget') >= 0 ? budgetUnit(headers[col('budget')]!) : 1;

  const out: RawTask[] = [];
  const above: Partial<Record<ColumnRole, string>> = {};
  const areaIndex = new Map<string, number>();
  const counters = new Map<string, number>();
  for (const { row, cells } of rows.slice(h + 1)) {
    if (cells.every((c) => cellText(c) === '')) continue;
    const text = (role: ColumnRole): string | null => {
      const c = col(role);
      const v = c >= 0 ? cellText(cells[c]) : '';
      if (v !== '') {
        if (FILL_DOWN.includes(role)) above[role] = v;
        return v;
      }
      return FILL_DOWN.includes(role) ? (above[role] ?? null) : null;
    };
    const area = text('area');
    if (area !== null && !areaIndex.has(area)) areaIndex.set(area, areaIndex.size + 1);
    const areaNo = area === null ? null : areaIndex.get(area)!;
    const stt = text('stt');
    const sttPart = stt === null ? null : stt.replace(/[^0-9A-Za-z.]+/g, '').replace(/\.+$/, '') || null;
    const scope = [areaNo, sttPart].filter((p) => p !== null).join('.');
    const n = (counters.get(scope) ?? 0) + 1;
    counters.set(scope, n);
    const derived = scope === '' ? String(n) : `${scope}.${n}`;
    const budgetCell = col('budget') >= 0 ? cells[col('budget')] : null;
    out.push({
      ref: text('ref') ?? derived,
      row,
      area,
      group: text('group'),
      objective: text('objective'),
      task: text('task'),
      activity: text('activity'),
      product: text('product'),
      lead: text('lead') ?? '',
      coordinating: text('coordinating') ?? '',
      deadline: text('deadline') ?? '',
      budget: typeof budgetCell === 'number' ? budgetCell : cellText(budgetCell ?? null) || null,
      notes: text('notes'),
      context: null,
      headers: headerOf,
      budgetUnit: unit,
    });
  }
  return { rows: out, problems };
}
