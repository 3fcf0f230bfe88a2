/**
 * The measurements of an administrative letter's heading (Nghị định 30/2020/NĐ-CP, Phụ lục I) that
 * the .docx needs: the page, the two heading columns, the font sizes, and the length of the short
 * rules under the issuing body and under the motto. A Word paragraph border runs from indent to
 * indent, so a rule "as long as the motto" needs the motto's printed width, estimated here from the
 * advance widths of Times New Roman Bold.
 */
import { MOTTO, NATIONAL_TITLE } from './letter';

/** A4 with margins of 20 mm (top, bottom), 30 mm (left), 15 mm (right): 165 mm of text. */
export const PAGE = { widthMm: 210, heightMm: 297, topMm: 20, bottomMm: 20, leftMm: 30, rightMm: 15 } as const;
export const TEXT_WIDTH_MM = PAGE.widthMm - PAGE.leftMm - PAGE.rightMm;

/** The issuing body on the left, Quốc hiệu and Tiêu ngữ on the right (wide enough for the Quốc hiệu on one line). */
export const HEADING_COLUMNS_MM = { agency: 66, nation: TEXT_WIDTH_MM - 66 } as const;

/** Font sizes in points (Phụ lục I: Quốc hiệu 12–13, Tiêu ngữ 13–14, issuing body 12–13). */
export const FONT_PT = { agency: 13, nationalTitle: 12, motto: 13, date: 14, body: 14 } as const;

/** Times New Roman Bold advance widths, thousandths of an em, of the letters without their marks. */
const BOLD_WIDTHS: Record<string, number> = {
  A: 722, B: 667, C: 722, D: 722, E: 667, F: 611, G: 778, H: 778, I: 389, J: 500, K: 778, L: 667, M: 944,
  N: 722, O: 778, P: 611, Q: 778, R: 722, S: 556, T: 667, U: 722, V: 722, W: 1000, X: 722, Y: 722, Z: 667,
  a: 500, b: 556, c: 444, d: 556, e: 444, f: 333, g: 500, h: 556, i: 278, j: 333, k: 556, l: 278, m: 833,
  n: 556, o: 500, p: 556, q: 556, r: 444, s: 389, t: 333, u: 556, v: 500, w: 722, x: 500, y: 500, z: 444,
  ' ': 250, '-': 333, '.': 250, ',': 250, ':': 333, '/': 278, '(': 333, ')': 333, '&': 833,
};

/** Width in millimetres of `text` set in Times New Roman Bold at `pt` points (diacritics add no width; horns a little). */
export function boldTextWidthMm(text: string, pt: number): number {
  let units = 0;
  for (const ch of text.normalize('NFC')) {
    const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace('Đ', 'D').replace('đ', 'd');
    const horn = /[ƠơƯư]/.test(ch) ? 60 : 0;
    units += (BOLD_WIDTHS[base] ?? (/\d/.test(base) ? 500 : 722)) + horn;
  }
  return (units / 1000) * pt * (25.4 / 72);
}

/** Left and right indents (mm) that centre a rule of `ruleMm` in a column of `columnMm`. */
export function centredRule(columnMm: number, ruleMm: number): { indentMm: number; lengthMm: number } {
  const length = Math.min(columnMm, Math.max(0, ruleMm));
  return { indentMm: (columnMm - length) / 2, lengthMm: length };
}

/** The rule under the issuing body: about 40% of its printed line (between 1/3 and 1/2), centred. */
export function agencyRule(issuer: string): { indentMm: number; lengthMm: number } {
  const line = Math.min(HEADING_COLUMNS_MM.agency, boldTextWidthMm(issuer, FONT_PT.agency));
  return centredRule(HEADING_COLUMNS_MM.agency, Math.max(12, line * 0.4));
}

/** The rule under the motto: as long as the motto. */
export function mottoRule(): { indentMm: number; lengthMm: number } {
  return centredRule(HEADING_COLUMNS_MM.nation, boldTextWidthMm(MOTTO, FONT_PT.motto));
}

/** The Quốc hiệu's printed width: it must fit its column on one line. */
export function nationalTitleWidthMm(): number {
  return boldTextWidthMm(NATIONAL_TITLE, FONT_PT.nationalTitle);
}
