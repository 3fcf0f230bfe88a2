/**
 * Splits the match form of a phrase into words, numbers, clock times and punctuation, each with
 * its position so clauses can be cut back out of the original text.
 */

export type Token =
  | { kind: 'word'; value: string; start: number; end: number }
  | { kind: 'num'; value: number; raw: string; start: number; end: number }
  | { kind: 'time'; hour: number; minute: number; start: number; end: number }
  | { kind: 'punct'; value: string; start: number; end: number };

const WORD = /[\p{L}\p{M}]+/uy;
const DIGITS = /\d+/y;
/** 15h, 15h00, 15 giờ 30, 8g30, 15:00 — only when no letter or digit follows. */
const CLOCK = /(\d{1,2})\s*(?:h|giờ|g)\s*(\d{2})?(?:\s*phút)?(?![\p{L}\p{M}\d])|(\d{1,2}):(\d{2})(?![\d:])/uy;
const SPACE = /\s+/y;

function at(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const space = at(SPACE, text, pos);
    if (space) {
      pos += space[0].length;
      continue;
    }
    const clock = at(CLOCK, text, pos);
    if (clock) {
      const hour = Number(clock[1] ?? clock[3]);
      const minute = Number(clock[2] ?? clock[4] ?? 0);
      if (hour <= 24 && minute < 60) {
        tokens.push({ kind: 'time', hour, minute, start: pos, end: pos + clock[0].length });
        pos += clock[0].length;
        continue;
      }
    }
    const digits = at(DIGITS, text, pos);
    if (digits) {
      const raw = digits[0];
      tokens.push({ kind: 'num', value: raw.length > 12 ? Number.POSITIVE_INFINITY : Number(raw), raw, start: pos, end: pos + raw.length });
      pos += raw.length;
      continue;
    }
    const word = at(WORD, text, pos);
    if (word) {
      tokens.push({ kind: 'word', value: word[0], start: pos, end: pos + word[0].length });
      pos += word[0].length;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(pos) ?? 32);
    tokens.push({ kind: 'punct', value: ch, start: pos, end: pos + ch.length });
    pos += ch.length;
  }
  return tokens;
}
