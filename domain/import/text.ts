/** Small text helpers for reading Vietnamese documents: cleaning, ascii slugs, case, Roman numerals. */

/** NFC, no zero-width characters, single spaces, trimmed. */
export function clean(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u200b-\u200d\ufeff\u00ad]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lowercase ascii without diacritics: "Thời gian thực hiện" → "thoi gian thuc hien". */
export function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** "3322/QĐ-UBND" → "3322-qd-ubnd". */
export function slug(text: string): string {
  return ascii(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const ACRONYMS = new Set(['CCHC', 'TTHC', 'UBND', 'HĐND', 'CBCCVC', 'QPPL', 'VBQPPL', 'CNTT', 'ISO', 'DVC', 'DVCTT', 'KT-XH']);

/** "CẢI CÁCH THỂ CHẾ" → "Cải cách thể chế"; acronyms stay upper case; mixed-case text is kept. */
export function sentenceCase(text: string): string {
  if (text !== text.toUpperCase()) return text;
  const words = text.split(' ').map((w) => (ACRONYMS.has(w) ? w : w.toLowerCase()));
  const joined = words.join(' ');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

/** Lowercases the first letter unless the first word is an acronym ("Cải cách …" → "cải cách …"). */
export function lowerFirst(text: string): string {
  const first = text.split(' ')[0] ?? '';
  if (ACRONYMS.has(first) || (first.length > 1 && first === first.toUpperCase())) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };

/** "IX" → 9; null when the text is not a Roman numeral. */
export function romanValue(text: string): number | null {
  const t = text.trim().toUpperCase();
  if (!/^[IVXLC]+$/.test(t)) return null;
  let total = 0;
  for (let i = 0; i < t.length; i++) {
    const v = ROMAN[t[i]!]!;
    const next = ROMAN[t[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

/** A Vietnamese date "ngày 25 tháng 12 năm 2024" or "25/12/2024" as YYYY-MM-DD, or null. */
export function vietnameseDate(text: string): string | null {
  const m =
    /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu.exec(text) ?? /\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
