/**
 * The tab-separated layout of seed 002 (a table exported page by page): the header row repeats on
 * every page, section rows carry a Roman numeral (the area), group rows say "Nội dung cần khắc phục"
 * or "Nội dung cần duy trì (thực hiện)", a row with an empty STT continues the row above (split by
 * a page break), and cells hold HTML and several items (see items.ts). Each item of the task cell
 * becomes a task, paired by position with the items of the agency and time cells.
 *
 * Refs are "section.group.STT.item" from the document's numbering: "3.khac-phuc.2.2" is section III,
 * "Nội dung cần khắc phục", STT 2, second item; without a group row, "9.1.1".
 */
import { budgetUnit, mapDocumentHeaders as mapHeaders, requireColumns } from './headers';
import { cellItems, htmlParagraphs, joinFragments } from './items';
import { ascii, clean, romanValue, sentenceCase, slug } from './text';
import type { ColumnRole, LayoutResult, Problem, RawTask } from './types';

export function isTabLayout(text: string): boolean {
  return /^\s*STT\t/m.test(text);
}

type Fragment = { line: number; paragraphs: string[] };
type PendingRow = {
  line: number;
  stt: string;
  section: number;
  area: string | null;
  group: string | null;
  groupSlug: string | null;
  cells: Fragment[][];
};

function groupSlugOf(text: string): string {
  const a = ascii(text);
  if (/khac phuc/.test(a)) return 'khac-phuc';
  if (/duy tri/.test(a)) return 'duy-tri';
  return slug(text.replace(/^nội dung cần\s*/iu, '')).slice(0, 30) || 'nhom';
}

const isGroupRow = (text: string) => /^nội dung cần\s+\S/iu.test(text);

export function readTabLayout(text: string, file: string, dashedNames: string[]): LayoutResult {
  const lines = text.split(/\r?\n/);
  const problems: Problem[] = [];
  const headerIndex = lines.findIndex((l) => /^\s*STT\t/.test(l));
  const headers = lines[headerIndex]!.split('\t').map(clean);
  const roles = mapHeaders(headers);
  requireColumns(roles, file, headerIndex + 1);
  const width = headers.length;
  const col = (role: ColumnRole) => roles.indexOf(role);
  const headerOf = Object.fromEntries(roles.flatMap((r, k) => (r ? [[r, headers[k]!]] : []))) as RawTask['headers'];
  const sttCol = col('stt');
  const titleCol = [col('objective'), col('task'), col('activity')].find((c) => c >= 0) ?? 1;

  const pending: PendingRow[] = [];
  let section = 0;
  let area: string | null = null;
  let group: { text: string; slug: string } | null = null;

  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    if (!raw.includes('\t')) break; // end of the table: back to running text
    const cells = raw.split('\t');
    if (cells.map(clean).join('\t') === headers.join('\t')) continue; // header repeated on a new page
    if (cells.length !== width) {
      problems.push({ file, row: i + 1, column: null, message: `Dòng có ${cells.length} ô, bảng có ${width} cột.`, severity: 'error' });
      continue;
    }
    const stt = clean(cells[sttCol] ?? '');
    const others = cells.filter((_, k) => k !== sttCol && k !== titleCol).every((c) => clean(c) === '');
    const title = clean(htmlParagraphs(cells[titleCol] ?? '').join(' '));
    const roman = romanValue(stt);
    if (roman !== null && others) {
      section = roman;
      area = sentenceCase(title);
      group = null;
      continue;
    }
    if (stt === '' && others && isGroupRow(title)) {
      group = { text: title, slug: groupSlugOf(title) };
      continue;
    }
    const fragments = cells.map((c) => ({ line: i + 1, paragraphs: htmlParagraphs(c) }));
    if (stt === '') {
      const row = pending[pending.length - 1];
      if (!row) {
        problems.push({ file, row: i + 1, column: headers[sttCol] ?? 'STT', message: 'Dòng không có STT nhưng không có dòng nào ở trên để nối tiếp.', severity: 'error' });
        continue;
      }
      fragments.forEach((f, k) => row.cells[k]!.push(f));
      continue;
    }
    pending.push({ line: i + 1, stt, section, area, group: group?.text ?? null, groupSlug: group?.slug ?? null, cells: fragments.map((f) => [f]) });
  }

  const rows: RawTask[] = [];
  for (const row of pending) rows.push(...rowTasks(row, roles, headers, headerOf, dashedNames, file, problems));
  return { rows, problems };
}

function rowTasks(
  row: PendingRow,
  roles: (ColumnRole | null)[],
  headers: string[],
  headerOf: RawTask['headers'],
  dashedNames: string[],
  file: string,
  problems: Problem[],
): RawTask[] {
  const joined = row.cells.map((fragments, k) =>
    fragments.reduce<string[]>((acc, f) => {
      return joinFragments(acc, f.paragraphs, (word) =>
        problems.push({
          file,
          row: f.line,
          column: headers[k] ?? null,
          message: `Bỏ chữ "${word}" bị lặp lại ở chỗ ngắt trang (dòng ${row.line} nối tiếp ở dòng ${f.line}).`,
          severity: 'warning',
        }),
      );
    }, []),
  );
  const col = (role: ColumnRole) => roles.indexOf(role);
  const whole = (role: ColumnRole) => {
    const c = col(role);
    const text = c >= 0 ? clean(joined[c]!.join(' ')) : '';
    return text === '' ? null : text;
  };
  const itemsOf = (role: ColumnRole) => (col(role) >= 0 ? cellItems(joined[col(role)]!, dashedNames) : []);

  const mainRole: ColumnRole = col('activity') >= 0 ? 'activity' : 'task';
  const main = itemsOf(mainRole);
  if (main.length === 0) main.push(whole('objective') ?? '');
  const n = main.length;
  const paired = (role: ColumnRole): (string | null)[] => {
    const items = itemsOf(role);
    const header = headers[col(role)] ?? role;
    if (items.length === n || items.length === 0) return main.map((_, k) => items[k] ?? null);
    if (items.length === 1) return main.map(() => items[0]!);
    if (n === 1) {
      problems.push({
        file,
        row: row.line,
        column: header,
        message: `Cột "${header}" có ${items.length} mục nhưng chỉ có 1 nhiệm vụ; đã gộp các mục cho nhiệm vụ này.`,
        severity: 'warning',
      });
      return [items.join('; ')];
    }
    problems.push({
      file,
      row: row.line,
      column: header,
      message: `Số mục không khớp: ${n} nhiệm vụ nhưng cột "${header}" có ${items.length} mục; đã ghép theo thứ tự, nhiệm vụ thừa nhận mục cuối cùng.`,
      severity: 'error',
    });
    return main.map((_, k) => items[Math.min(k, items.length - 1)]!);
  };
  const leads = paired('lead');
  const coordinating = paired('coordinating');
  const deadlines = paired('deadline');
  const products = paired('product');
  const context =
    n > 1
      ? roles
          .map((r, k) => (r && r !== 'stt' && joined[k]!.length > 0 ? `${headers[k]}: ${clean(joined[k]!.join(' '))}` : null))
          .filter((l): l is string => l !== null)
          .join('\n')
      : null;
  const budget = whole('budget');
  const prefix = [row.section, row.groupSlug, row.stt.replace(/[^0-9A-Za-z]+/g, '')].filter((p) => p !== null && p !== '').join('.');
  return main.map((item, k) => ({
    ref: `${prefix}.${k + 1}`,
    row: row.line,
    area: row.area,
    group: row.group,
    objective: whole('objective'),
    task: mainRole === 'task' ? item : whole('task'),
    activity: mainRole === 'activity' ? item : null,
    product: products[k] ?? null,
    lead: leads[k] ?? '',
    coordinating: coordinating[k] ?? '',
    deadline: deadlines[k] ?? '',
    budget,
    notes: whole('notes'),
    context,
    headers: headerOf,
    budgetUnit: col('budget') >= 0 ? budgetUnit(headers[col('budget')]!) : 1,
  }));
}
