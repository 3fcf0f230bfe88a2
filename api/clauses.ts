/**
 * Conditions on workflows, written once and used two ways: as Temporal visibility query text (the
 * clause's string) and as a test on a listed workflow (the task mirror, api/task-mirror.ts, answers
 * counts and the overview from memory with exactly the filters visibility would apply).
 *
 * The semantics are visibility's: `=`/`IN` on a KeywordList matches when any item is one of the
 * values; `IS NULL` when the attribute is not set; comparisons on Int and Datetime values.
 */

/** A workflow's fields by visibility name (custom search attributes, and `ExecutionStatus` as visibility spells it). */
export type Fields = { get(name: string): unknown };

export type Clause = {
  readonly test: (fields: Fields) => boolean;
  /** When set, the clause matches only workflows where one of `names` holds one of `values` (the mirror looks them up by value). */
  readonly keys?: { names: readonly string[]; values: readonly unknown[] };
  toString(): string;
};

type Scalar = string | number | boolean;

/** String values quoted with single quotes, quotes inside escaped. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const literal = (value: Scalar | Date): string =>
  typeof value === 'string' ? quote(value) : value instanceof Date ? quote(value.toISOString()) : String(value);

function clause(text: string, test: (fields: Fields) => boolean, keys?: Clause['keys']): Clause {
  return { test, ...(keys ? { keys } : {}), toString: () => text };
}

/** `name = value`, or `name IN (values)`; on a KeywordList, any item. */
export function isIn(name: string, values: readonly Scalar[]): Clause {
  const wanted = new Set<unknown>(values);
  return clause(inText(name, values), (f) => holds(f.get(name), wanted), { names: [name], values });
}

/** `name IN (values)` for any of `names`: one list carried by several attributes. */
export function isInAny(names: readonly string[], values: readonly Scalar[]): Clause {
  const wanted = new Set<unknown>(values);
  return clause(`(${names.map((name) => inText(name, values)).join(' OR ')})`, (f) => names.some((name) => holds(f.get(name), wanted)), { names, values });
}

function inText(name: string, values: readonly Scalar[]): string {
  return values.length === 1 ? `${name} = ${literal(values[0]!)}` : `${name} IN (${values.map(literal).join(', ')})`;
}

function holds(value: unknown, wanted: ReadonlySet<unknown>): boolean {
  return Array.isArray(value) ? value.some((v) => wanted.has(v)) : wanted.has(value);
}

/** `name != value` (an attribute that is set). */
export function isNot(name: string, value: Scalar): Clause {
  return clause(`${name} != ${literal(value)}`, (f) => {
    const v = f.get(name);
    return v !== undefined && v !== null && v !== value;
  });
}

/** `name IS NULL`: the attribute is not set. */
export function isNull(name: string): Clause {
  return clause(`${name} IS NULL`, (f) => {
    const v = f.get(name);
    return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  });
}

/** `name IS NOT NULL`: the attribute is set. */
export function isNotNull(name: string): Clause {
  const unset = isNull(name);
  return clause(`${name} IS NOT NULL`, (f) => !unset.test(f));
}

type Comparison = '>' | '>=' | '<' | '<=';
const COMPARE: Record<Comparison, (a: number, b: number) => boolean> = {
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

/** `name > value` and the like, on an Int or a Datetime; an unset attribute never matches. */
export function compare(name: string, op: Comparison, value: number | Date): Clause {
  const bound = value instanceof Date ? value.getTime() : value;
  return clause(`${name} ${op} ${literal(value)}`, (f) => {
    const v = f.get(name);
    const n = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : undefined;
    return n !== undefined && COMPARE[op](n, bound);
  });
}

/** Any of the clauses (parenthesised). */
export function anyOf(...clauses: Clause[]): Clause {
  return clause(`(${clauses.join(' OR ')})`, (f) => clauses.some((c) => c.test(f)));
}

/** All of the clauses (parenthesised). A query is a list of clauses, joined with AND. */
export function allOf(clauses: readonly Clause[]): Clause {
  return clause(
    `(${clauses.join(' AND ')})`,
    (f) => clauses.every((c) => c.test(f)),
    clauses.find((c) => c.keys)?.keys,
  );
}
