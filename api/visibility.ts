/** Visibility query text: values checked and quoted, and the jurisdictions a caller may list. */
import { z } from 'zod';
import type { Scope } from './access';

/** String values quoted with single quotes, quotes inside escaped. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A free-text filter value (an agency name): no quotes, backslashes or control characters, which the query language cannot take safely. */
export const VisibilityValueSchema = (field: string) =>
  z
    .string()
    .max(200, `${field}: tối đa 200 ký tự`)
    .refine((v) => !/["'\\`\u0000-\u001f\u007f]/.test(v), `${field}: không được chứa dấu nháy, dấu gạch chéo ngược hoặc ký tự điều khiển`);

/**
 * The clauses that keep a list within the caller's jurisdictions; `requested` narrows it.
 * Null when the requested jurisdiction is outside the caller's scope (the list is empty).
 */
export function jurisdictionClause(scope: Scope, requested: string | undefined): string[] | null {
  if (scope.jurisdictions === 'all') return requested ? [`DondocJurisdiction = ${quote(requested)}`] : [];
  if (requested) return scope.jurisdictions.includes(requested) ? [`DondocJurisdiction = ${quote(requested)}`] : null;
  if (scope.jurisdictions.length === 0) return null;
  return [`DondocJurisdiction IN (${scope.jurisdictions.map(quote).join(', ')})`];
}
