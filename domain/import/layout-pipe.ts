/**
 * The "one cell per line" layout of seed 001 (an HTML table flattened to text): the header cells,
 * then every table row as its cells, one per line ending in " |".
 *
 * A row whose leading cells are merged with the row above (row-spanned STT, Mục tiêu, Nhiệm vụ)
 * emits only its own cells followed by one line of placeholder pipes, one pipe per merged cell
 * ("|||" = three merged cells), so every row adds up to the number of columns. A lone "|" is one
 * slot too: an empty cell (usually an empty Kinh phí) or a single merged cell. Rows are therefore
 * cut by counting slots, and the columns of a row's cells are found from the right:
 *
 * 1. The trailing pipe lines are empty trailing cells or merged-cell placeholders.
 * 2. The last content cell is the Kinh phí when it reads as a budget (a number, "Theo dự toán …"),
 *    otherwise it is the Thời gian and the Kinh phí is empty.
 * 3. Right to left before Thời gian come Phối hợp, Chủ trì, Kết quả/Sản phẩm, Hoạt động: these are
 *    never merged (each activity row has its own agencies and deadline).
 * 4. The cells left over belong to the hierarchy columns STT, Mục tiêu, Nhiệm vụ. When the first of
 *    them is a number, a new numbered row starts and they fill STT, Mục tiêu, … from the left (so in
 *    "3 | Ban hành định mức kinh tế - kỹ thuật |" the merged cell is Nhiệm vụ, in the middle);
 *    otherwise they fill from the right (the deepest level is the one that changes).
 * 5. Hierarchy columns left without a cell are merged: they take the value of the row above, and
 *    their number must equal the placeholder slots left over, or the row is reported.
 *
 * STT restarts at 1 in each reform area; areas are numbered in order and named from the body.
 * Refs are "area.STT.n", n counting the activity rows of that STT (e.g. 2.1.3).
 */
import { budgetUnit, mapDocumentHeaders as mapHeaders, requireColumns } from './headers';
import { areaNames, bodyAreaHeadings } from './areas';
import { clean } from './text';
import type { ColumnRole, LayoutResult, Problem, RawTask } from './types';

type Token = { line: number; text: string | null; slots: number };

const HIERARCHY: ColumnRole[] = ['stt', 'area', 'group', 'objective', 'task'];
const TRAILING: ColumnRole[] = ['budget', 'notes'];

function tokenOf(line: string, lineNo: number): Token | null {
  const t = line.trim();
  if (/^\|+$/.test(t)) return { line: lineNo, text: null, slots: t.length };
  const m = /^(.*?)\s*\|$/.exec(t);
  return m ? { line: lineNo, text: clean(m[1]!), slots: 1 } : null;
}

export function looksLikeBudget(text: string): boolean {
  return /^[\d\s.,]+$/.test(text) || /dự toán|ngân sách|kinh phí|nguồn vốn|xã hội hóa|không có/iu.test(text);
}

const isStt = (text: string) => /^\d{1,3}[.)]?$/.test(text);

export function isPipeLayout(text: string): boolean {
  return /^STT \|\s*$/m.test(text);
}

export function readPipeLayout(text: string, file: string): LayoutResult {
  const lines = text.split(/\r?\n/);
  const problems: Problem[] = [];
  const start = lines.findIndex((l) => /^STT \|\s*$/.test(l));
  // Header cells: consecutive cells from "STT |" that name a known column.
  const headerTokens: Token[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const tok = tokenOf(lines[i]!, i + 1);
    if (!tok || tok.text === null || mapHeaders([tok.text])[0] === null) break;
    headerTokens.push(tok);
  }
  const headers = headerTokens.map((t) => t.text!);
  const roles = mapHeaders(headers);
  requireColumns(roles, file, start + 1);
  const width = roles.length;
  const col = (role: ColumnRole) => roles.indexOf(role);
  const headerOf = Object.fromEntries(roles.flatMap((r, k) => (r ? [[r, headers[k]!]] : []))) as RawTask['headers'];

  // Rows: cut the token stream every `width` slots.
  const rows: Token[][] = [];
  let current: Token[] = [];
  let slots = 0;
  for (; i < lines.length; i++) {
    const tok = tokenOf(lines[i]!, i + 1);
    if (!tok) break;
    current.push(tok);
    slots += tok.slots;
    if (slots >= width) {
      if (slots > width) problems.push(problem(file, current[0]!.line, null, `Dòng có ${slots} ô, nhiều hơn ${width} cột của bảng.`));
      else rows.push(current);
      current = [];
      slots = 0;
    }
  }
  if (current.length > 0) problems.push(problem(file, current[0]!.line, null, `Dòng cuối bảng chỉ có ${slots}/${width} ô.`));

  const firstSpine = roles.findIndex((r) => r !== null && !HIERARCHY.includes(r));
  const hierarchyCols = roles.map((r, k) => (r !== null && HIERARCHY.includes(r) && k < firstSpine ? k : -1)).filter((k) => k >= 0);
  const deadlineCol = col('deadline');
  const trailingCols = roles.map((r, k) => (k > deadlineCol && r && TRAILING.includes(r) ? k : -1)).filter((k) => k >= 0);
  const spineCols = roles.map((_, k) => k).filter((k) => !hierarchyCols.includes(k) && k <= deadlineCol);

  const assigned: { line: number; values: (string | null)[]; present: boolean[] }[] = [];
  for (const row of rows) {
    const values: (string | null)[] = Array(width).fill(null);
    const present: boolean[] = Array(width).fill(false);
    let end = row.length;
    while (end > 0 && row[end - 1]!.text === null) end--;
    const content = row.slice(0, end);
    const trailingSlots = row.slice(end).reduce((n, t) => n + t.slots, 0);
    if (content.some((t) => t.slots > 1)) {
      problems.push(problem(file, row[0]!.line, null, 'Dòng có ô gộp ở giữa, không xác định được cột của các ô.'));
      continue;
    }
    let k = content.length - 1;
    // Trailing columns (Kinh phí, Ghi chú) that the content reaches.
    let filledTrailing = 0;
    if (trailingCols.length > 0 && k >= 0 && content[k]!.text !== null && looksLikeBudget(content[k]!.text!)) filledTrailing = 1;
    for (let t = filledTrailing - 1; t >= 0; t--, k--) {
      values[trailingCols[t]!] = content[k]!.text;
      present[trailingCols[t]!] = true;
    }
    for (let s = spineCols.length - 1; s >= 0 && k >= 0; s--, k--) {
      values[spineCols[s]!] = content[k]!.text;
      present[spineCols[s]!] = true;
    }
    const left = content.slice(0, k + 1);
    if (left.length > hierarchyCols.length) {
      problems.push(problem(file, row[0]!.line, null, `Dòng có ${content.length} ô nội dung, nhiều hơn số cột của bảng.`));
      continue;
    }
    const fromLeft = left.length > 0 && left[0]!.text !== null && isStt(left[0]!.text) && roles[hierarchyCols[0]!] === 'stt';
    const targets = fromLeft ? hierarchyCols.slice(0, left.length) : hierarchyCols.slice(hierarchyCols.length - left.length);
    targets.forEach((c, n) => {
      values[c] = left[n]!.text;
      present[c] = true;
    });
    const merged = hierarchyCols.filter((c) => !present[c]).length;
    const emptyTrailing = trailingCols.length - filledTrailing;
    if (merged + emptyTrailing !== trailingSlots || spineCols.some((c) => !present[c])) {
      problems.push(
        problem(file, row[0]!.line, null, `Không khớp được các ô của dòng với ${width} cột (${content.length} ô nội dung, ${trailingSlots} ô trống hoặc gộp).`),
      );
      continue;
    }
    assigned.push({ line: row[0]!.line, values, present });
  }

  // Inherit merged cells, number areas and refs.
  const out: RawTask[] = [];
  const inherited: (string | null)[] = Array(width).fill(null);
  let area = 0;
  let lastStt = Infinity;
  let rowInStt = 0;
  let currentStt = 0;
  const sttCol = col('stt');
  const areaOfRow: number[] = [];
  for (const r of assigned) {
    for (let c = 0; c < width; c++) if (r.present[c] || !hierarchyCols.includes(c)) inherited[c] = r.values[c] ?? null;
    const stt = sttCol >= 0 && r.present[sttCol] ? Number.parseInt(r.values[sttCol]!, 10) : null;
    if (stt !== null) {
      if (stt <= lastStt) area++;
      lastStt = stt;
      currentStt = stt;
      rowInStt = 0;
    }
    if (area === 0) area = 1;
    rowInStt++;
    areaOfRow.push(area);
    const get = (role: ColumnRole) => {
      const c = col(role);
      const v = c >= 0 ? (inherited[c] ?? null) : null;
      return v === null || v === '' ? null : v;
    };
    out.push({
      ref: `${area}.${currentStt}.${rowInStt}`,
      row: r.line,
      area: null,
      group: get('group'),
      objective: get('objective'),
      task: get('task'),
      activity: get('activity'),
      product: get('product'),
      lead: get('lead') ?? '',
      coordinating: get('coordinating') ?? '',
      deadline: get('deadline') ?? '',
      budget: get('budget'),
      notes: get('notes'),
      context: null,
      headers: headerOf,
      budgetUnit: col('budget') >= 0 ? budgetUnit(headers[col('budget')]!) : 1,
    });
  }

  const { names, restored } = areaNames(bodyAreaHeadings(lines.slice(0, Math.max(0, start))), area);
  for (const n of restored) {
    problems.push({
      file,
      row: 0,
      column: null,
      message: `Phụ lục không ghi tên lĩnh vực ${n} và phần II của kế hoạch cũng thiếu tiêu đề mục ${n}; đã dùng tên lĩnh vực CCHC còn lại: "${names[n - 1]}".`,
      severity: 'warning',
    });
  }
  names.forEach((name, n) => {
    if (name === null) problems.push({ file, row: 0, column: null, message: `Không tìm thấy tên lĩnh vực ${n + 1} trong phần II của kế hoạch.`, severity: 'warning' });
  });
  out.forEach((t, n) => (t.area = names[areaOfRow[n]! - 1] ?? `Lĩnh vực ${areaOfRow[n]}`));
  return { rows: out, problems };
}

function problem(file: string, row: number, column: string | null, message: string): Problem {
  return { file, row, column, message, severity: 'error' };
}
