/**
 * Plan facts written above an appendix table copied into a sheet:
 *   PHỤ LỤC I
 *   DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2025
 *   (Kèm theo Kế hoạch số 45/KH-UBND ngày 12/01/2025 của UBND tỉnh Quảng Trị)
 * The "Kèm theo" line gives the number, date and issuer (and the place of the issuing body); the
 * title is the text above the table that is neither the appendix label, the "Kèm theo" line nor a
 * unit note.
 */
import { clean, sentenceCase, vietnameseDate } from './text';
import { NO_FACTS, type DocumentFacts } from './metadata';
import type { Problem } from './types';

const ATTACHED =
  /kèm\s+theo\s+(kế\s+hoạch|quyết\s+định|chương\s+trình|công\s+văn|văn\s+bản|thông\s+báo)?\s*(?:số\s*:?\s*)?([0-9]+\s*\/\s*[\p{L}0-9Đđ-]+(?:\s*[-–]\s*[\p{L}0-9]+)*)?\s*,?\s*(?:ngày\s+(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?\s*,?\s*(?:của\s+(.+?))?\s*\)?\s*$/iu;

/** "UBND tỉnh Quảng Trị" → level "tỉnh", place "Quảng Trị". */
const ISSUER_PLACE =
  /(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân)\s+(tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn|đặc khu)\s+(.+)$/iu;

export type SheetFacts = DocumentFacts & { kind: string | null };

/**
 * "(Kèm theo Kế hoạch số 25/KH-UBND ngày 10/01/2026" on one line and "của UBND xã Tân Lộc)" on the
 * next, as long titles wrap: one line again.
 */
function joinAttachedLines(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const prev = out.at(-1);
    const open = prev !== undefined && /kèm\s+theo/iu.test(prev) && !/\)\s*$/.test(prev) && (prev.match(/\(/g)?.length ?? 0) > (prev.match(/\)/g)?.length ?? 0);
    if (open && /^(?:của|ngày|số|năm)\s|\)\s*$/iu.test(line)) out[out.length - 1] = `${prev} ${line}`;
    else out.push(line);
  }
  return out;
}

export function readSheetFacts(preamble: { row: number; text: string }[]): SheetFacts {
  const facts: SheetFacts = { ...NO_FACTS, kind: null };
  const titleParts: string[] = [];
  for (const raw of joinAttachedLines(preamble.map((p) => clean(p.text)))) {
    const text = clean(raw);
    const attached = /kèm\s+theo/iu.test(text) ? ATTACHED.exec(text.slice(text.search(/kèm\s+theo/iu))) : null;
    if (attached) {
      facts.kind = attached[1] ? sentenceCase(clean(attached[1]).toUpperCase()) : null;
      facts.number = attached[2] ? attached[2].replace(/\s+/g, '') : null;
      facts.issuedOn = attached[3] ? (vietnameseDate(`ngày ${attached[3]}`) ?? vietnameseDate(attached[3])) : null;
      facts.issueYear = facts.issuedOn ? Number(facts.issuedOn.slice(0, 4)) : Number(/(\d{4})/.exec(attached[3] ?? '')?.[1]) || null;
      const issuer = attached[4]?.replace(/[).;]+$/, '').trim() ?? null;
      facts.issuer = issuer || null;
      const place = issuer ? ISSUER_PLACE.exec(issuer) : null;
      facts.place = place ? place[2]!.trim() : null;
      continue;
    }
    if (/^(?:phụ\s+lục|biểu|mẫu)(?:\s+(?:số\s+)?[0-9IVXLC]+[a-z]?)?\s*[:.-]?\s*$/iu.test(text)) continue;
    if (/^\(?\s*(?:đơn\s+vị|đvt)\b/iu.test(text)) continue;
    if (/^(?:cộng hòa|cộng hoà|độc lập|ủy ban nhân dân|uỷ ban nhân dân|ubnd)\b/iu.test(text)) continue;
    const body = text.replace(/^(?:phụ\s+lục(?:\s+(?:số\s+)?[0-9IVXLC]+[a-z]?)?)\s*[:.-]\s*/iu, '');
    if (body.length >= 8 && titleParts.length < 3) titleParts.push(body.replace(/^\(|\)$/g, ''));
  }
  if (titleParts.length > 0) {
    let title = sentenceCase(clean(titleParts.join(' ')));
    // The proper name of the issuer keeps its capitals: "… của bộ thử nghiệm" → "… của Bộ Thử nghiệm".
    const proper = facts.issuer
      ? (/(?:tỉnh|thành phố|huyện|thị xã|quận|xã|phường|đặc khu)\s+(.+)$/u.exec(facts.issuer)?.[0] ?? /Bộ\s+(?!trưởng).+$/u.exec(facts.issuer)?.[0])
      : undefined;
    if (proper) {
      const at = title.toLowerCase().indexOf(proper.toLowerCase());
      if (at > 0) title = title.slice(0, at) + proper + title.slice(at + proper.length);
    }
    facts.title = title;
  } else if (facts.number) facts.title = `${facts.kind ?? 'Kế hoạch'} số ${facts.number}`;
  return facts;
}

/**
 * The year most deadlines of the table name ("Quý II/2025", "31/12/2025"), for a table whose title
 * and "Kèm theo" line give none; null when no deadline names a year.
 */
export function dominantYear(deadlines: string[]): number | null {
  const counts = new Map<number, number>();
  for (const d of deadlines) for (const m of d.matchAll(/(?<!\d)(20\d{2})(?!\d)/g)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  let best: [number, number] | null = null;
  for (const [year, n] of counts) if (!best || n > best[1] || (n === best[1] && year < best[0])) best = [year, n];
  return best?.[0] ?? null;
}

/** Facts with the year taken from the deadlines when nothing else gives one, and the warning that says so. */
export function withDeadlineYear<F extends DocumentFacts>(facts: F, deadlines: string[], given: { year?: number; title?: string }, file: string): { facts: F; problems: Problem[] } {
  const title = given.title ?? facts.title ?? '';
  if (given.year !== undefined || facts.issueYear !== null || /năm\s+\d{4}/iu.test(title)) return { facts, problems: [] };
  const year = dominantYear(deadlines);
  if (year === null) return { facts, problems: [] };
  return {
    facts: { ...facts, issueYear: year },
    problems: [{ file, row: 0, column: null, message: `Không thấy năm của kế hoạch trong tệp; lấy năm ${year} theo thời hạn trong bảng (chỉ rõ bằng --year nếu khác).`, severity: 'warning' }],
  };
}
