/**
 * Cells of exported tables (seed 002): HTML paragraphs, rows split across page breaks, and several
 * "- …" or "1. … 2. …" items in one cell.
 *
 * Joining a cell split by a page break: Vietnamese writes every syllable as a separate word, so the
 * two fragments are always joined with one space ("Kế" + "hoạch" → "Kế hoạch", "trước tháng" +
 * "11/2024" → "trước tháng 11/2024"). The text is joined before it is split into items, so a name cut
 * by the break ("Phòng Tài chính" + "- Kế hoạch, …") is whole again before its dash is looked at.
 * The export sometimes repeats the last word of a page at the top of the next ("thị trấn" + "trấn",
 * "báo" + "áo cáo"): when the continuation starts in lower case with a word equal to, or the ending
 * of, the fragment's last word, that word is dropped and reported.
 *
 * Splitting into items: an item starts at "- " or "1. " at the start of a paragraph, at " - " followed
 * by an upper-case letter or a digit ("… của huyện - 100% xã …", but not "kinh tế - xã hội"), or at a
 * next number "2. " after the end of a sentence. A dash inside a directory name ("Trung tâm Văn hóa -
 * Thông tin - Thể thao") never splits. A paragraph that does not start with a marker continues the
 * previous item, unless no paragraph of the cell has a marker: then each paragraph is an item.
 */
import { fold } from '../agencies';
import { clean } from './text';

const BLOCK_TAG = /<\s*\/?\s*(?:p|br|li|ul|ol|div|tr|td|th|h[1-6])\b[^>]*>/gi;
const ANY_TAG = /<\s*\/?\s*[a-z][^>]*>/gi;
const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ndash: '–', mdash: '—' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = /^#x/i.test(name) ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The paragraphs of a cell: block tags separate paragraphs, inline tags (<i>, <b>) vanish. */
export function htmlParagraphs(raw: string): string[] {
  return decodeEntities(raw.replace(BLOCK_TAG, '\n').replace(ANY_TAG, ''))
    .split('\n')
    .map(clean)
    .filter((p) => p !== '');
}

const MARKER_START = /^(?:[-•+]\s+|\d{1,2}[.)]\s+)/u;

export function startsWithMarker(paragraph: string): boolean {
  return MARKER_START.test(paragraph);
}

/**
 * Joins the paragraphs of a cell continued on the next page; `onRepeat` hears about a dropped
 * repeated word.
 */
export function joinFragments(before: string[], after: string[], onRepeat: (word: string) => void): string[] {
  if (before.length === 0) return [...after];
  if (after.length === 0) return [...before];
  const last = before[before.length - 1]!;
  let first = after[0]!;
  const lastWord = /(\p{L}+)$/u.exec(last)?.[1];
  const firstWord = /^(\p{Ll}\p{L}*)(?=[\s,.;:]|$)/u.exec(first)?.[1];
  if (lastWord && firstWord && firstWord.length >= 2 && (lastWord === firstWord || (lastWord.length > firstWord.length && lastWord.endsWith(firstWord)))) {
    onRepeat(firstWord);
    first = first.slice(firstWord.length).trimStart();
  }
  const joined = first === '' ? last : /^[,.;:)]/.test(first) ? `${last}${first}` : `${last} ${first}`;
  return [...before.slice(0, -1), joined, ...after.slice(1)];
}

/** Source ranges of directory names that contain a dash, so their dashes are not item markers. */
function protectedRanges(text: string, dashedNames: string[]): [number, number][] {
  if (dashedNames.length === 0 || !/[-–]/.test(text)) return [];
  const f = fold(text);
  const ranges: [number, number][] = [];
  for (const name of dashedNames) {
    const key = fold(name).key;
    if (!key) continue;
    for (let at = f.key.indexOf(key); at >= 0; at = f.key.indexOf(key, at + 1)) {
      ranges.push([f.start[at]!, f.end[at + key.length - 1]!]);
    }
  }
  return ranges;
}

type Segment = { text: string; marker: boolean };

/** Splits one paragraph at its item markers. */
function splitParagraph(paragraph: string, dashedNames: string[]): Segment[] {
  const ranges = protectedRanges(paragraph, dashedNames);
  const isProtected = (i: number) => ranges.some(([a, b]) => i > a && i < b);
  const cuts: { at: number; skip: number }[] = [];
  let number = 0;
  const lead = /^(?:([-•+])|(\d{1,2})[.)])\s+/u.exec(paragraph);
  if (lead) {
    cuts.push({ at: 0, skip: lead[0].length });
    if (lead[2]) number = Number(lead[2]);
  }
  const from = lead ? lead[0].length : 0;
  const mid = /\s(?:(-)\s+(?=[\p{Lu}\d])|(\d{1,2})\.\s+(?=\p{Lu}))/gu;
  mid.lastIndex = from;
  for (let m = mid.exec(paragraph); m; m = mid.exec(paragraph)) {
    const at = m.index + 1;
    if (m[1] !== undefined) {
      if (!isProtected(at)) cuts.push({ at, skip: m[0].length - 1 });
    } else if (Number(m[2]) === number + 1 && /[.;:!?)…]$/.test(paragraph.slice(0, m.index).trimEnd())) {
      cuts.push({ at, skip: m[0].length - 1 });
      number++;
    }
  }
  const segments: Segment[] = [];
  if (cuts.length === 0 || cuts[0]!.at > 0) segments.push({ text: paragraph.slice(0, cuts[0]?.at ?? paragraph.length), marker: false });
  cuts.forEach((cut, i) => segments.push({ text: paragraph.slice(cut.at + cut.skip, cuts[i + 1]?.at ?? paragraph.length), marker: true }));
  return segments.map((s) => ({ ...s, text: s.text.trim() })).filter((s) => s.text !== '');
}

/** The items of a cell, markers removed. */
export function cellItems(paragraphs: string[], dashedNames: string[]): string[] {
  const split = paragraphs.map((p) => splitParagraph(p, dashedNames));
  const anyMarker = split.some((segs) => segs.some((s) => s.marker));
  const items: string[] = [];
  for (const segs of split) {
    segs.forEach((seg, i) => {
      const continues = i === 0 && !seg.marker && anyMarker && items.length > 0;
      if (continues) items[items.length - 1] = `${items[items.length - 1]} ${seg.text}`;
      else items.push(seg.text);
    });
  }
  return items;
}
