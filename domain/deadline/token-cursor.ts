/** Reading helpers over the tokens of one phrase, shared by the readers built on top of it. */
import { fromRoman } from './calendar';
import { tokenize, type Token } from './lexer';
import type { Range } from './scan-types';

export type Num = Extract<Token, { kind: 'num' }>;
/** A value read from the tokens, and the index of the first token after it. */
export type Found<T> = { value: T; next: number };

const LIST_WORDS = new Set(['và', 'hoặc']);

export class TokenCursor {
  protected readonly t: Token[];

  constructor(protected readonly text: string) {
    this.t = tokenize(text);
  }

  protected w(i: number): string | undefined {
    const token = this.t[i];
    return token?.kind === 'word' ? token.value : undefined;
  }

  protected n(i: number): Num | undefined {
    const token = this.t[i];
    return token?.kind === 'num' ? token : undefined;
  }

  protected p(i: number, ch: string): boolean {
    const token = this.t[i];
    return token?.kind === 'punct' && token.value === ch;
  }

  protected words(i: number, ...expected: string[]): boolean {
    return expected.every((word, k) => this.w(i + k) === word);
  }

  /** Characters from token `from` up to (not including) token `to`. */
  protected span(from: number, to: number): Range {
    const first = this.t[from];
    const last = this.t[Math.max(from, to - 1)];
    return { start: first?.start ?? this.text.length, end: last?.end ?? this.text.length };
  }

  protected adjacent(i: number): boolean {
    const a = this.t[i];
    const b = this.t[i + 1];
    return a !== undefined && b !== undefined && a.end === b.start;
  }

  /** Index of the token that ends the sentence (".", ";") after `from`, or the end. */
  protected sentenceEnd(from: number, stops: string[] = ['.', ';']): number {
    for (let k = from; k < this.t.length; k++) {
      const token = this.t[k];
      if (token?.kind === 'punct' && stops.includes(token.value)) return k;
    }
    return this.t.length;
  }

  protected isSix(k: number): boolean {
    const num = this.n(k);
    return (num !== undefined && num.value === 6 && num.raw.length <= 2) || this.w(k) === 'sáu';
  }

  protected quarterNumber(k: number): number | null {
    const word = this.w(k);
    if (word !== undefined) {
      const roman = fromRoman(word);
      return roman !== null && roman <= 12 ? roman : null;
    }
    const num = this.n(k);
    return num && num.raw.length <= 2 ? num.value : null;
  }

  protected listSeparator(k: number): number | null {
    if (this.p(k, ',') || this.p(k, '&')) return LIST_WORDS.has(this.w(k + 1) ?? '') ? k + 2 : k + 1;
    if (LIST_WORDS.has(this.w(k) ?? '')) return k + 1;
    return null;
  }
}
