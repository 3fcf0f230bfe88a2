/**
 * Names of the reform areas (lĩnh vực CCHC). Seed 001's appendix lost its area headings, but the
 * plan's section II lists the areas in the same order ("2. Cải cách thủ tục hành chính", …); a
 * heading missing there too is restored from the fixed list of CCHC areas when exactly one of them
 * is unaccounted for.
 */
import { ascii } from './text';

/** The areas of the state administrative reform programme (Nghị quyết 76/NQ-CP) plus direction. */
const STANDARD_AREAS: { name: string; pattern: RegExp }[] = [
  { name: 'Cải cách thể chế', pattern: /the che/ },
  { name: 'Cải cách thủ tục hành chính', pattern: /thu tuc hanh chinh|\btthc\b/ },
  { name: 'Cải cách tổ chức bộ máy hành chính nhà nước', pattern: /to chuc bo may/ },
  { name: 'Cải cách chế độ công vụ', pattern: /che do cong vu/ },
  { name: 'Cải cách tài chính công', pattern: /tai chinh cong|co che tai chinh/ },
  { name: 'Xây dựng và phát triển chính quyền điện tử, chính quyền số', pattern: /dien tu|chinh quyen so|chinh phu so/ },
  { name: 'Tổ chức chỉ đạo, điều hành', pattern: /chi dao|dieu hanh/ },
];

export function standardAreaOf(name: string): number {
  const folded = ascii(name);
  return STANDARD_AREAS.findIndex((a) => a.pattern.test(folded));
}

/** Numbered headings ("2. Cải cách thủ tục hành chính") of section II of the plan body. */
export function bodyAreaHeadings(lines: string[]): Map<number, string> {
  const headings = new Map<number, string>();
  const start = lines.findIndex((l) => /^II\.\s+\S/.test(l.trim()));
  if (start < 0) return headings;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (/^III\.\s+\S/.test(line)) break;
    const m = /^(\d{1,2})\.\s+(.+?)\s*$/.exec(line);
    if (m && !m[2]!.endsWith(':')) headings.set(Number(m[1]), m[2]!);
  }
  return headings;
}

/**
 * The name of each of `count` areas: the body's heading with the same number, or, for one missing
 * number, the only standard area that no other heading names. `restored` lists areas filled in.
 */
export function areaNames(headings: Map<number, string>, count: number): { names: (string | null)[]; restored: number[] } {
  const names: (string | null)[] = [];
  const restored: number[] = [];
  const missing: number[] = [];
  for (let n = 1; n <= count; n++) {
    const h = headings.get(n);
    names.push(h ?? null);
    if (h === undefined) missing.push(n);
  }
  if (missing.length === 1 && headings.size > 0) {
    const used = new Set([...headings.values()].map(standardAreaOf));
    const free = STANDARD_AREAS.map((_, i) => i).filter((i) => !used.has(i));
    if (free.length === 1 && !used.has(-1)) {
      names[missing[0]! - 1] = STANDARD_AREAS[free[0]!]!.name;
      restored.push(missing[0]!);
    }
  }
  return { names, restored };
}
