/**
 * Rows of an appendix table that are not tasks: section headings ("I. CẢI CÁCH THỂ CHẾ", "A. Nội
 * dung cần khắc phục", a title merged across the row), the row of column numbers under the header
 * ("(1) (2) (3)", "1 2 3 4"), and the header repeated after a page break.
 */
import { ascii, clean, romanValue, sentenceCase } from './text';

export type MarkerKind = 'part' | 'roman' | 'letter' | 'arabic' | 'none';

/** "Phần I", "PHẦN THỨ HAI", "Mục A", "Chương 1": a part above the other sections. */
const PART = /^(?:phần|mục|chương)\s+(?:thứ\s+\p{L}+|[IVXLC]+|[A-ZĐ]|\d{1,2})$/iu;

/** "I", "II.", "A", "B)", "1", "2.", "Phần I" as the marker of a section heading; null for anything else. */
export function markerKind(text: string): MarkerKind | null {
  const t = text.trim().replace(/[.):]+$/, '');
  if (t === '') return null;
  if (PART.test(t)) return 'part';
  if (romanValue(t) !== null && /^[IVXLC]+$/.test(t)) return 'roman';
  if (/^[A-ZĐ]$/.test(t)) return 'letter';
  if (/^\d{1,2}$/.test(t)) return 'arabic';
  return null;
}

/** Splits "I. CẢI CÁCH THỂ CHẾ" into its marker and title; a title without marker has kind "none". */
export function splitMarker(text: string): { kind: MarkerKind; title: string } {
  const part = /^\s*((?:phần|mục|chương)\s+(?:thứ\s+\p{L}+|[IVXLC]+|[A-ZĐ]|\d{1,2}))\s*[.):/-]\s*(.+)$/iu.exec(text);
  if (part && markerKind(part[1]!) === 'part') return { kind: 'part', title: part[2]!.trim() };
  const m = /^\s*((?:[IVXLC]+|[A-ZĐ]|\d{1,2}))\s*[.):/-]\s+(.+)$/u.exec(text);
  if (m) {
    const kind = markerKind(m[1]!);
    if (kind) return { kind, title: m[2]!.trim() };
  }
  return { kind: 'none', title: text.trim() };
}

/** A section title as a name: "CẢI CÁCH THỂ CHẾ" → "Cải cách thể chế"; trailing colon dropped. */
export function sectionName(title: string): string {
  return sentenceCase(clean(title).replace(/[:.]+$/, ''));
}

/** "(1)", "1", "(2)" … the row of column numbers printed under many headers. */
export function isColumnNumberRow(cells: string[]): boolean {
  const filled = cells.filter((c) => c !== '');
  if (filled.length < 2) return false;
  const numbers = filled.map((c) => /^\(?(\d{1,2})\)?\*?$/.exec(c)?.[1]);
  if (numbers.some((n) => n === undefined)) return false;
  return numbers.every((n, i) => i === 0 || Number(n) > Number(numbers[i - 1]));
}

const squeeze = (text: string) => ascii(text).replace(/[^a-z0-9]+/g, '');

/** The header's cells folded once, for isRepeatedHeader. */
export function foldHeaderLines(lines: string[][]): Set<string>[] {
  const width = Math.max(0, ...lines.map((l) => l.length));
  return Array.from({ length: width }, (_, k) => new Set(lines.map((l) => squeeze(l[k] ?? '')).filter((c) => c !== '')));
}

/** True when a row repeats the header (a page break in the source): most filled cells read as the header's cells. */
export function isRepeatedHeader(cells: string[], header: Set<string>[]): boolean {
  let filled = 0;
  let same = 0;
  for (let k = 0; k < cells.length; k++) {
    if (cells[k] === '' || cells[k]!.length > 80) {
      if (cells[k] !== '') filled++;
      continue;
    }
    filled++;
    if (header[k]?.has(squeeze(cells[k]!))) same++;
  }
  return same >= 2 && same * 2 > filled;
}

/** "Tổng cộng", "Tổng số: 8 nhiệm vụ", "Cộng: 35": a row that sums up, not a task ("Tổng kết …" is a task). */
export function isTotalRow(text: string): boolean {
  return /^(?:tong cong|tong so|tong|cong)(?:\s*:|\s+\d|\s*$|\s+(?:nhiem vu|kinh phi|muc|hoat dong)\b)/.test(ascii(text).trim());
}
