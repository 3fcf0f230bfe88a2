/**
 * The "Kinh phí" cell: a number (in the column's unit, normally millions of VND) or a phrase such
 * as "Theo dự toán ngân sách hàng năm".
 *
 * Separators: groups of exactly three digits after "," or "." are thousands ("17,789" = 17 789;
 * "1.234,5" = 1 234.5); a separator followed by one or two digits is the decimal mark ("4,5" = 4.5).
 * A lone "," or "." before exactly three digits ("4,455") is ambiguous in Vietnamese, where the comma
 * is the decimal mark; in a column of millions of VND it is read as thousands (4 455 million =
 * 4.455 billion VND, plausible for a data platform, where 4.455 million would buy a laptop), and
 * the reader is warned so that a person checks it.
 */
import type { Budget } from '../plan';

export type BudgetReading = { budget: Budget | null; ambiguous: boolean };

/** A number written with Vietnamese or English separators, or null if the text is not a number. */
export function readAmount(text: string): { value: number; ambiguous: boolean } | null {
  const t = text.replace(/\s+/g, '');
  if (!/^\d[\d.,]*$/.test(t)) return null;
  const seps = [...t.matchAll(/[.,]/g)].map((m) => ({ ch: m[0], at: m.index! }));
  if (seps.length === 0) return { value: Number(t), ambiguous: false };
  const last = seps[seps.length - 1]!;
  const digitsAfterLast = t.length - last.at - 1;
  const kinds = new Set(seps.map((s) => s.ch));
  const groupsOfThree = (ch: string) => {
    const parts = t.split(ch);
    return parts.slice(1).every((p) => /^\d{3}$/.test(p)) && /^\d{1,3}$/.test(parts[0]!);
  };
  if (kinds.size === 2) {
    // "1.234,5" or "1,234.5": the last separator is the decimal mark, the other groups thousands.
    const decimal = last.ch;
    const thousands = decimal === ',' ? '.' : ',';
    const [whole, frac] = [t.slice(0, last.at), t.slice(last.at + 1)];
    if (whole.includes(decimal) || !whole.split(thousands).slice(1).every((p) => /^\d{3}$/.test(p))) return null;
    return { value: Number(`${whole.split(thousands).join('')}.${frac}`), ambiguous: false };
  }
  const ch = last.ch;
  if (seps.length > 1) return groupsOfThree(ch) ? { value: Number(t.split(ch).join('')), ambiguous: false } : null;
  if (digitsAfterLast === 3) return { value: Number(t.replace(ch, '')), ambiguous: true };
  if (digitsAfterLast >= 1) return { value: Number(t.replace(ch, '.')), ambiguous: false };
  return null;
}

export function readBudget(value: string | number | null, unit: number): BudgetReading {
  if (value === null) return { budget: null, ambiguous: false };
  if (typeof value === 'number') return { budget: { millionVnd: round(value * unit) }, ambiguous: false };
  const text = value.trim();
  if (text === '') return { budget: null, ambiguous: false };
  const amount = readAmount(text);
  if (amount) return { budget: { millionVnd: round(amount.value * unit) }, ambiguous: amount.ambiguous };
  return { budget: { text }, ambiguous: false };
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
