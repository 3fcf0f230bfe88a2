/**
 * Cleans a raw "Thời gian" cell (HTML from the plan's export, NFD text, odd spaces) into plain
 * NFC text with one block per line, and derives the lowercase form the scanner matches against.
 */

const LIST_ITEM_TAG = /<\s*li\b[^>]*>/gi;
const BLOCK_TAG = /<\s*\/?\s*(p|br|li|ul|ol|div|tr|td|th|table|tbody|h[1-6])\b[^>]*>/gi;
const ANY_TAG = /<\s*\/?\s*[a-z][^>]*>/gi;
const NAMED_ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ndash: '–', mdash: '—' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : ' ';
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Plain NFC text: HTML blocks become line breaks, inline tags vanish, spaces are single. */
export function cleanCell(raw: string): string {
  const text = decodeEntities(raw.replace(LIST_ITEM_TAG, '\n- ').replace(BLOCK_TAG, '\n').replace(ANY_TAG, ''))
    .normalize('NFC')
    .replace(/[\u200b-\u200d\ufeff\u00ad]/g, '')
    .replace(/\r\n?|[\u2028\u2029\u000b\u000c\u0085]/g, '\n')
    .replace(/[^\S\n]+/g, ' ');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * The text the scanner reads: lowercase, with spelling variants folded ("quí" → "quý",
 * "hàng tháng" → "hằng tháng"). Same length as the input, so positions map back to it.
 */
export function matchForm(text: string): string {
  let lower = text.toLowerCase();
  if (lower.length !== text.length) {
    // A few characters lowercase to two code units ("İ"); keep those as they are.
    lower = '';
    for (const ch of text) {
      const l = ch.toLowerCase();
      lower += l.length === ch.length ? l : ch;
    }
  }
  return lower
    .replace(/q(?:uí|úy|úi)/g, 'quý')
    .replace(/hàng(?=\s*(?:ngày|tuần|tháng|quý|năm|kỳ|\d|sáu|nửa))/g, 'hằng')
    .replace(/[–—−‐‑]/g, '-')
    // "ngày mùng 3", "mồng 10": the word only introduces the day number.
    .replace(/(?<=ngày\s+)m(?:ù|ồ)ng(?=\s*\d)/g, '    ')
    .replace(/m(?:ù|ồ)ng(?=\s*\d)/g, 'ngày');
}

/** First letter in lowercase unless the word is an abbreviation ("Theo quy định" → "theo quy định"). */
export function lowerFirst(text: string): string {
  const first = text.charAt(0);
  const second = text.charAt(1);
  if (second !== '' && second !== second.toLowerCase()) return text;
  return first.toLowerCase() + text.slice(1);
}
