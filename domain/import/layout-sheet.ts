/**
 * Spreadsheets (CSV, XLSX) as offices keep them: a header row with Vietnamese column names in any
 * order, one task per row, section rows between them.
 *
 * - The header row is the first of the first 40 rows in which the Chủ trì and Thời gian columns
 *   (and a column naming the work) are recognised, alone or together with the row below it (a
 *   two-row header: "Cơ quan thực hiện" over "Chủ trì" | "Phối hợp").
 * - A row of column numbers under the header and the header repeated after a page break are skipped.
 * - Section rows ("I. …", "A. …", a title alone in its row, "1. …" heading numbered sub-items) give
 *   the area and group of the tasks below them; they are never tasks, and their text never fills
 *   another column. The first kind of marker met is the area, the next kinds the group.
 * - Empty Lĩnh vực, Nhóm, Mục tiêu, Nhiệm vụ and STT cells repeat the value above, as merged cells
 *   do when a sheet is saved as CSV. A task row whose Chủ trì cell is empty together with its Thời
 *   gian or its Phối hợp cell takes those empty cells from the task above in the same section:
 *   Excel's CSV writes a merged cell only in its first row. An empty Chủ trì next to a filled Phối
 *   hợp and Thời gian, or an empty Thời gian alone, is reported instead.
 * - Columns the task keeps without acting on them (the responsible leader …) go into its notes.
 * - Ref: the Mã column when there is one (it must be unique); otherwise "area.STT.n" (area = order
 *   of first appearance of the area, n = row within the STT), or "area.n" without STT.
 */
import { budgetUnit, mapHeaders, recognizeHeader, type ColumnOverrides } from './headers';
import { foldHeaderLines, isColumnNumberRow, isRepeatedHeader, isTotalRow, markerKind, sectionName, splitMarker, type MarkerKind } from './sections';
import { clean } from './text';
import type { ColumnRole, LayoutResult, Problem, RawTask } from './types';
import { ImportError } from './types';

export type SheetCell = string | number | null;
export type SheetRow = { row: number; cells: SheetCell[] };
export type SheetResult = LayoutResult & { preamble: { row: number; text: string }[] };

const FILL_DOWN: ColumnRole[] = ['area', 'group', 'objective', 'task', 'stt'];
const WORK: ColumnRole[] = ['activity', 'task', 'objective'];

function cellText(cell: SheetCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'number' ? String(cell) : clean(cell);
}

const complete = (roles: (ColumnRole | null)[]) => roles.includes('lead') && roles.includes('deadline') && roles.some((r) => r !== null && WORK.includes(r));

type Header = { index: number; rows: number; headers: string[]; roles: (ColumnRole | null)[]; lines: string[][] };

/** The header, one row or two (a sub-header row under merged group headers). */
function findHeader(rows: SheetRow[], overrides?: ColumnOverrides): Header | null {
  for (let i = 0; i < Math.min(rows.length, 40); i++) {
    const top = rows[i]!.cells.map(cellText);
    const below = rows[i + 1]?.cells.map(cellText) ?? [];
    const topRoles = mapHeaders(top, overrides);
    // A sub-header: every filled cell is a short column name, one at least under a merged (blank) top cell.
    // A part of a merged top cell may be any short label ("Kinh phí" over "Tổng" and "Trong đó NSNN").
    const filledBelow = below.flatMap((c, k) => (c !== '' ? [k] : []));
    const inSpan = (k: number) => (top[k] ?? '') === '' || (top[k + 1] ?? '') === '';
    const anchor = (k: number) => {
      let j = k;
      while (j > 0 && (top[j] ?? '') === '') j--;
      return top[j] ?? '';
    };
    const known = (k: number) => recognizeHeader(below[k]!, overrides) !== null;
    const subHeader =
      filledBelow.length > 0 &&
      !isColumnNumberRow(below) &&
      topRoles.filter((r) => r !== null).length >= 2 &&
      filledBelow.some(known) &&
      filledBelow.every((k) => below[k]!.length <= 60 && (known(k) || (inSpan(k) && anchor(k) !== '' && recognizeHeader(anchor(k), overrides) !== null))) &&
      filledBelow.some((k) => (top[k] ?? '') === '' || recognizeHeader(top[k]!, overrides) !== recognizeHeader(below[k]!, overrides));
    if (subHeader) {
      const width = Math.max(top.length, below.length);
      const merged: string[] = [];
      for (let k = 0; k < width; k++) merged.push(below[k] ? (known(k) ? below[k]! : `${anchor(k)} ${below[k]}`) : (top[k] ?? ''));
      const roles = mapHeaders(merged, overrides);
      if (complete(roles)) return { index: i, rows: 2, headers: merged, roles, lines: [top, below] };
    }
    if (complete(topRoles)) return { index: i, rows: 1, headers: top, roles: topRoles, lines: [top] };
  }
  return null;
}

const isSubItem = (stt: string, parent: string) =>
  stt.startsWith(`${parent}.`) || /^[a-zđ][).]?$/u.test(stt) || /^[-+•*–]$/.test(stt);

export type SheetOptions = {
  /**
   * True for XLSX and Word tables, whose merged cells are read as such: an empty Chủ trì is then
   * empty, not a merge, and a row without lead and deadline is a heading. CSV cannot show merges.
   */
  mergesKnown?: boolean;
};

export function readSheet(rows: SheetRow[], file: string, overrides?: ColumnOverrides, options: SheetOptions = {}): SheetResult {
  const problems: Problem[] = [];
  const header = findHeader(rows, overrides);
  if (!header) {
    throw new ImportError([
      {
        file,
        row: 0,
        column: null,
        message:
          'Không tìm thấy dòng tiêu đề: bảng phải có cột cơ quan chủ trì (ví dụ "Chủ trì", "Cơ quan thực hiện"), cột thời gian (ví dụ "Thời gian", "Thời hạn", "Tiến độ") và cột nội dung công việc (ví dụ "Nhiệm vụ", "Nội dung", "Hoạt động"). Có thể chỉ rõ vai trò của một cột bằng --column "Tên cột=vai trò".',
        severity: 'error',
      },
    ]);
  }
  const { headers, roles } = header;
  const headerRow = rows[header.index + header.rows - 1]!.row;
  headers.forEach((h, k) => {
    if (h !== '' && roles[k] === null) {
      problems.push({ file, row: headerRow, column: h, message: `Không nhận ra cột "${h}"; cột này được bỏ qua (có thể chỉ rõ bằng --column "${h}=vai trò").`, severity: 'warning' });
    }
  });
  const col = (role: ColumnRole) => roles.indexOf(role);
  const headerOf = Object.fromEntries(roles.flatMap((r, k) => (r && r !== 'extra' ? [[r, headers[k]!]] : []))) as RawTask['headers'];
  const unit = col('budget') >= 0 ? budgetUnit(headers[col('budget')]!) : 1;
  const workCols = roles.flatMap((r, k) => (r !== null && WORK.includes(r) ? [k] : []));
  const firstWork = Math.min(...workCols);
  const extraCols = roles.flatMap((r, k) => (r === 'extra' ? [k] : []));

  const headerCells = foldHeaderLines(header.lines);
  const data = rows.slice(header.index + header.rows).map(({ row, cells }) => ({ row, cells, text: cells.map(cellText) }));
  const isBlank = (t: string[]) => t.every((c) => c === '');
  const at = (t: string[], role: ColumnRole) => (col(role) >= 0 ? (t[col(role)] ?? '') : '');

  const out: RawTask[] = [];
  let above: Partial<Record<ColumnRole, string>> = {};
  const levels: MarkerKind[] = [];
  const section: string[] = [];
  const areaIndex = new Map<string, number>();
  const counters = new Map<string, number>();
  let previousTask: { lead: string; deadline: string; coordinating: string } | null = null;

  let arabicHeading = 0; // number of the last "1 | Heading" row
  const startSection = (kind: MarkerKind, title: string) => {
    // "Phần I" is above every other section, wherever it first appears.
    if (kind === 'part' && !levels.includes(kind)) levels.unshift(kind);
    if (!levels.includes(kind)) levels.push(kind);
    const level = levels.indexOf(kind);
    section.length = level;
    section[level] = sectionName(title);
    above = col('area') >= 0 ? { area: above.area } : {};
    previousTask = null;
  };

  for (let i = 0; i < data.length; i++) {
    const { row, cells, text: t } = data[i]!;
    if (isBlank(t)) continue;
    if (isColumnNumberRow(t) || isRepeatedHeader(t, headerCells)) continue;
    const filled = t.flatMap((c, k) => (c !== '' ? [k] : []));
    const distinct = new Set(filled.map((k) => t[k]));
    const lead = at(t, 'lead');
    const deadline = at(t, 'deadline');
    const stt = at(t, 'stt');

    const work = workCols.map((k) => t[k] ?? '').find((c) => c !== '') ?? '';
    // "Tổng cộng" rows sum the budget; they are not tasks.
    if (lead === '' && deadline === '' && isTotalRow(t[filled[0]!]!)) continue;
    let nextAt = i + 1;
    while (nextAt < data.length && isBlank(data[nextAt]!.text)) nextAt++;
    const next = data[nextAt];
    // A title merged across the row: one text repeated in every cell (XLSX) or alone in the first cells.
    if (distinct.size === 1 && filled.length >= 3) {
      const m = splitMarker(t[filled[0]!]!);
      startSection(m.kind, m.title);
      continue;
    }
    if (lead === '' && deadline === '') {
      const only = filled.length === 1 ? t[filled[0]!]! : null;
      if (only !== null && markerKind(only) !== null) continue; // a lone "1" or "II": nothing to read
      if (only !== null && !workCols.includes(filled[0]!)) {
        if (filled[0]! < firstWork || filled[0] === col('stt')) {
          const m = splitMarker(only);
          startSection(m.kind, m.title);
          continue;
        }
      }
      const kind = markerKind(stt);
      // "I | CẢI CÁCH THỂ CHẾ", "A | Nội dung cần khắc phục"
      if ((kind === 'part' || kind === 'roman' || kind === 'letter') && work !== '') {
        startSection(kind, work);
        continue;
      }
      // "1 | Công tác chỉ đạo" over "1.1", "a)", "-" items.
      const nextStt = next ? at(next.text, 'stt') : '';
      const nextOwnLead = next ? at(next.text, 'lead') !== '' : false;
      if (kind === 'arabic' && work !== '' && next && (isSubItem(nextStt, stt.replace(/[.)]+$/, '')) || (nextStt === '' && nextOwnLead))) {
        arabicHeading = Number.parseInt(stt, 10);
        startSection('arabic', work);
        continue;
      }
      if (stt === '' && work !== '') {
        const own = splitMarker(work);
        if (own.kind === 'part' || own.kind === 'roman' || own.kind === 'letter') {
          startSection(own.kind, own.title);
          continue;
        }
        // An upper-case title, or a title over rows that name their own lead, with no task above it to share a merged lead.
        const upper = work === work.toUpperCase() && /\p{Lu}{3}/u.test(work);
        if (filled.length === 1 && (upper || (previousTask === null && next && at(next.text, 'lead') !== ''))) {
          startSection(own.kind, own.title);
          continue;
        }
      }
      if (work === '') {
        problems.push({ file, row, column: null, message: 'Dòng không có nội dung công việc, cơ quan chủ trì hay thời gian; dòng này được bỏ qua.', severity: 'warning' });
        continue;
      }
      // "1 | CẢI CÁCH THỂ CHẾ" over tasks numbered from 1 again.
      if (kind === 'arabic' && work === work.toUpperCase() && /\p{Lu}{3}/u.test(work)) {
        arabicHeading = Number.parseInt(stt, 10);
        startSection('arabic', work);
        continue;
      }
      // A workbook or Word table shows its merges: a row naming neither lead nor deadline heads the rows below it.
      if (options.mergesKnown) {
        const own = splitMarker(work);
        startSection(kind ?? own.kind, kind ? work : own.title);
        continue;
      }
    }

    // A task numbered like an arabic heading ("3" after "2. Kiểm tra …" and its "a)", "b)") ends that heading's group.
    const arabicLevel = levels.indexOf('arabic');
    if (arabicLevel >= 0 && markerKind(stt) === 'arabic' && section.length > arabicLevel && Number.parseInt(stt, 10) > arabicHeading) section.length = arabicLevel;

    const value = (role: ColumnRole): string | null => {
      const v = at(t, role);
      if (v !== '') {
        if (FILL_DOWN.includes(role)) above[role] = v;
        return v;
      }
      return FILL_DOWN.includes(role) ? (above[role] ?? null) : null;
    };
    let leadText = lead;
    let deadlineText = deadline;
    let coordinatingText = at(t, 'coordinating');
    const prev = previousTask as { lead: string; deadline: string; coordinating: string } | null;
    if (prev && !options.mergesKnown && lead === '' && (deadline === '' || coordinatingText === '')) {
      // Chủ trì merged down (with Thời gian, or with Phối hợp): the cells of the task above.
      leadText = prev.lead;
      if (coordinatingText === '') coordinatingText = prev.coordinating;
      if (deadline === '') deadlineText = prev.deadline;
    }
    previousTask = { lead: leadText, deadline: deadlineText, coordinating: coordinatingText };

    const area = value('area') ?? section[0] ?? null;
    const group = value('group') ?? (section.length > 1 ? section.slice(1).filter(Boolean).join(' / ') || null : null);
    if (area !== null && !areaIndex.has(area)) areaIndex.set(area, areaIndex.size + 1);
    const areaNo = area === null ? null : areaIndex.get(area)!;
    const sttValue = value('stt');
    const sttPart = numbering(sttValue);
    const scope = [areaNo, sttPart].filter((p) => p !== null).join('.');
    const n = (counters.get(scope) ?? 0) + 1;
    counters.set(scope, n);
    const derived = scope === '' ? String(n) : `${scope}.${n}`;
    const budgetCell = col('budget') >= 0 ? cells[col('budget')] : null;
    const extras = extraCols.flatMap((k) => (t[k] ? [`${headers[k]}: ${t[k]}`] : []));
    const notes = [value('notes'), ...extras].filter((x): x is string => x !== null && x !== '').join('; ') || null;
    out.push({
      ref: value('ref') ?? derived,
      row,
      area,
      group,
      objective: value('objective'),
      task: value('task'),
      activity: value('activity'),
      product: value('product'),
      lead: leadText,
      coordinating: coordinatingText,
      deadline: deadlineText,
      budget: typeof budgetCell === 'number' ? budgetCell : cellText(budgetCell ?? null) || null,
      notes,
      context: null,
      headers: headerOf,
      budgetUnit: unit,
    });
  }
  const preamble = rows
    .slice(0, header.index)
    .map(({ row, cells }) => ({ row, text: [...new Set(cells.map(cellText).filter((c) => c !== ''))].join(' ') }))
    .filter((l) => l.text !== '');
  return { rows: out, problems, preamble };
}

/**
 * The numbering an STT cell gives to a task's code ("3", "1.2", "a", "II", "(4)"), without its
 * punctuation; null for text, such as a merged cell's neighbour spilled into the column.
 */
function numbering(stt: string | null): string | null {
  const t = (stt ?? '').trim().replace(/^\(/, '').replace(/[.):]+$/, '');
  return /^[0-9A-Za-z]{1,4}(?:\.[0-9A-Za-z]{1,4})*$/.test(t) ? t : null;
}
