/**
 * Each lead agency's own part of a task, as tokens of one KeywordList search attribute
 * (`DondocParts`), so that lists and counts by agency are visibility queries, not scans.
 *
 * A part is a lead's obligations taken together: its worst open status (overdue, due soon, …), or
 * done on time / done late once all are completed; a lead without obligations of its own (a
 * recurring task's parent, a task waiting for its deadline) takes the task's status. Tokens:
 * - `<status>:<agency>`: the part's status (`overdue:sở tư pháp`); "open" and "done" are sets of
 *   statuses (`OPEN_PART_STATUSES`, `DONE_PART_STATUSES`), queried with `IN (…)`;
 * - `level<n>:<agency>`: the highest escalation level reached by the part's open obligations (none at 0).
 *
 * The agency is written as its name key (NFC, spaces collapsed, lower case), so the API finds it
 * whatever the spelling of the account. Temporal limits what a KeywordList holds: one value (the
 * whole list, as JSON) at most 2 KiB by default (`frontend.searchAttributesSizeOfValueLimit`; over
 * it the workflow FAILS), and MySQL's index takes items of at most 255 characters. So a token that
 * would be longer than MAX_TOKEN_BYTES names the agency by a hash (`overdue:#1a2b3c4d`). A list
 * that outgrows PARTS_VALUE_BUDGET goes on in `DondocMore`, after the leads that outgrow DondocLead
 * (`taskListAttributes`); one that outgrows both is written in compact hashed tokens for every
 * agency (`o#1a2b3c4d`: a letter for the status, a digit for a level), then without levels, then
 * cut (past about 150 escalated or 220 other communes, leads and parts together; the largest
 * province has 168). Queries therefore ask for both spellings of each token (`partQueryValues`), in
 * both attributes.
 */
import { nameKey } from './messages/text';

export const PART_STATUSES = ['overdue', 'due_soon', 'needs_deadline', 'not_due', 'done_late', 'done_on_time', 'cancelled'] as const;
export type PartStatus = (typeof PART_STATUSES)[number];
export const OPEN_PART_STATUSES = ['overdue', 'due_soon', 'needs_deadline', 'not_due'] as const satisfies readonly PartStatus[];
export const DONE_PART_STATUSES = ['done_late', 'done_on_time'] as const satisfies readonly PartStatus[];
/** Escalation levels a token can name (policies have 3; the dashboard's filter goes up to 10). */
export const MAX_PART_LEVEL = 10;

/** Each token at most this many UTF-8 bytes (MySQL indexes KeywordList items as CHAR(255)). */
export const MAX_TOKEN_BYTES = 255;
/** The whole list as JSON at most this many bytes, under Temporal's 2,048-byte default per value. */
export const PARTS_VALUE_BUDGET = 1_900;

const CLOSED: readonly PartStatus[] = ['done_on_time', 'done_late', 'cancelled'];

export type PartObligation = { agency: string; status: PartStatus; escalationLevel: number; completed?: unknown };
export type Part = { agency: string; status: PartStatus; escalationLevel: number };

/** The status of a part: its worst open obligation, else done late if any was late, else done on time. */
export function partStatus(taskStatus: PartStatus, own: readonly { status: PartStatus }[]): PartStatus {
  if (taskStatus === 'cancelled' || own.length === 0) return taskStatus;
  const open = own.filter((o) => !CLOSED.includes(o.status)).map((o) => o.status);
  for (const worst of ['overdue', 'due_soon', 'needs_deadline'] as const) if (open.includes(worst)) return worst;
  if (open.length === 0) return own.some((o) => o.status === 'done_late') ? 'done_late' : 'done_on_time';
  return 'not_due';
}

/** The highest level reached by the part's open obligations. */
export function partLevel(own: readonly PartObligation[]): number {
  return Math.max(0, ...own.filter((o) => !o.completed && !CLOSED.includes(o.status)).map((o) => o.escalationLevel));
}

/** One part per lead (in the leads' order, each agency once). */
export function partsOf(taskStatus: PartStatus, leads: readonly string[], obligations: readonly PartObligation[]): Part[] {
  const seen = new Set<string>();
  const parts: Part[] = [];
  for (const agency of leads) {
    const key = nameKey(agency);
    if (seen.has(key)) continue;
    seen.add(key);
    const own = obligations.filter((o) => nameKey(o.agency) === key);
    parts.push({ agency, status: partStatus(taskStatus, own), escalationLevel: partLevel(own) });
  }
  return parts;
}

type TokenState = PartStatus | `level${number}`;

/** The readable token (`overdue:sở tư pháp`), or with the agency's hash when the readable one is too long (`overdue:#1a2b3c4d`). */
export function partToken(state: TokenState, agency: string): string {
  const readable = `${state}:${nameKey(agency)}`;
  return utf8Bytes(readable) <= MAX_TOKEN_BYTES ? readable : `${state}:#${fnv1a(nameKey(agency))}`;
}

/**
 * One letter for each status (a digit for a level) in hashed tokens: a group of 120 communes fits
 * the budget (13 bytes a token in the JSON list, so about 146 parts).
 */
const STATE_CODES: Record<PartStatus, string> = { overdue: 'o', due_soon: 's', needs_deadline: 'n', not_due: 'u', done_late: 'l', done_on_time: 't', cancelled: 'c' };
const CODE_STATES = new Map<string, PartStatus>(Object.entries(STATE_CODES).map(([state, code]) => [code, state as PartStatus]));

/** The compact token with the agency as a hash of its name key: `o#1a2b3c4d` (overdue), `2#1a2b3c4d` (level 2). */
export function hashedToken(state: TokenState, agency: string): string {
  const code = state.startsWith('level') ? state.slice(5) : STATE_CODES[state as PartStatus];
  return `${code}#${fnv1a(nameKey(agency))}`;
}

/** The tokens of the parts (after `first`), as DondocParts and its rest in DondocMore (see the module's note). */
export function partTokens(parts: readonly Part[], first: readonly string[] = [], budgets: Budgets = [PARTS_VALUE_BUDGET, MORE_VALUE_BUDGET]): Values {
  const build = (token: (state: TokenState, agency: string) => string, levels: boolean) => [
    ...first,
    ...parts.flatMap((p) => [token(p.status, p.agency), ...(levels && p.escalationLevel > 0 ? [token(`level${Math.min(p.escalationLevel, MAX_PART_LEVEL)}`, p.agency)] : [])]),
  ];
  return fitted([build(partToken, true), build(hashedToken, true), build(hashedToken, false)], budgets);
}

/** DondocMore's value at most this many bytes, like the others (Temporal's limit is per value). */
export const MORE_VALUE_BUDGET = 1_900;

/** A list's own attribute, and what goes on in DondocMore. */
type Values = [own: string[], more: string[]];
type Budgets = readonly [own: number, more: number];

/**
 * The first of these spellings (most readable first) that fits the budgets, in order over them;
 * past every spelling, the last one cut to what fits.
 */
function fitted(spellings: readonly string[][], budgets: Budgets): Values {
  for (const tokens of spellings) {
    const spread = spreadOver(tokens, budgets);
    if (spread.cut === 0) return spread.values;
  }
  return spreadOver(spellings.at(-1)!, budgets).values;
}

/** The tokens in order over two values of at most their budget in bytes of JSON, and how many did not fit. */
function spreadOver(tokens: readonly string[], budgets: Budgets): { values: Values; cut: number } {
  const values: Values = [[], []];
  let slot = 0;
  let bytes = 2; // []
  for (const [i, token] of tokens.entries()) {
    const size = utf8Bytes(JSON.stringify(token));
    const added = () => size + (values[slot]!.length > 0 ? 1 : 0); // and its comma
    if (bytes + added() > budgets[slot]!) {
      if (slot === 1) return { values, cut: tokens.length - i };
      slot = 1;
      bytes = 2;
      if (bytes + added() > budgets[1]) return { values, cut: tokens.length - i };
    }
    bytes += added();
    values[slot]!.push(token);
  }
  return { values, cut: 0 };
}

/** The values a query asks for: every state, in both spellings (readable and hashed). */
export function partQueryValues(agency: string, states: readonly TokenState[]): string[] {
  return [...new Set(states.flatMap((s) => [partToken(s, agency), hashedToken(s, agency)]))];
}

/** The level states of `min` and above (`level2` … `level10`). */
export function levelStates(min: number): TokenState[] {
  const from = Math.max(1, Math.floor(min));
  return Array.from({ length: Math.max(0, MAX_PART_LEVEL - from + 1) }, (_, i) => `level${from + i}` as const);
}

/** An agency's part read back from a task's tokens; undefined when the task has none for it (started before them, or cut). */
export function partFromTokens(tokens: readonly string[] | undefined, agency: string): { status: PartStatus; escalationLevel: number } | undefined {
  if (!tokens) return undefined;
  const mine = new Set([nameKey(agency), `#${fnv1a(nameKey(agency))}`]);
  let status: PartStatus | undefined;
  let level = 0;
  for (const token of tokens) {
    const parsed = parseToken(token);
    if (!parsed || !mine.has(parsed.agency)) continue;
    if (parsed.state.startsWith('level')) level = Math.max(level, Number(parsed.state.slice(5)));
    else status = parsed.state as PartStatus;
  }
  return status === undefined ? undefined : { status, escalationLevel: level };
}

/** `<state>:<agency key or #hash>` or the compact `<code>#<hash>`; undefined for anything else. */
export function parseToken(token: string): { state: TokenState; agency: string } | undefined {
  const compact = /^([a-z]|[1-9]|10)(#[0-9a-f]{8})$/.exec(token);
  if (compact) {
    const [, code, hash] = compact as unknown as [string, string, string];
    const state: TokenState | undefined = /^\d/.test(code) ? `level${Number(code)}` : CODE_STATES.get(code);
    return state === undefined ? undefined : { state, agency: hash };
  }
  const at = token.indexOf(':');
  if (at < 0) return undefined;
  const state = token.slice(0, at);
  const agency = token.slice(at + 1);
  const known = (PART_STATUSES as readonly string[]).includes(state) || /^level([1-9]|10)$/.test(state);
  return known && agency.length > 0 ? { state: state as TokenState, agency } : undefined;
}

/**
 * A task waiting for the monitoring office's answer to an extension request carries this token
 * (no agency: the office lists every task with one, in one query). It comes first, so a list cut to
 * the budget keeps it.
 */
export const PENDING_REQUEST_TOKEN = 'request:pending';

/** The tokens of the parts and, first, PENDING_REQUEST_TOKEN when a request waits. */
export function taskPartTokens(parts: readonly Part[], pendingRequest: boolean, moreBudget = MORE_VALUE_BUDGET): Values {
  return partTokens(parts, pendingRequest ? [PENDING_REQUEST_TOKEN] : [], [PARTS_VALUE_BUDGET, moreBudget]);
}

/**
 * A task's DondocLead, DondocParts and DondocMore: the leads first (finding the task at all), then
 * the parts in what the leads leave of DondocMore.
 */
export function taskListAttributes(leads: readonly string[], parts: readonly Part[], pendingRequest: boolean): { leads: string[]; parts: string[]; more: string[] } {
  const [own, leadsMore] = leadValues(leads);
  // Joined into one list, the two overflows share one pair of brackets.
  const [partsOwn, partsMore] = taskPartTokens(parts, pendingRequest, MORE_VALUE_BUDGET - utf8Bytes(JSON.stringify(leadsMore)) + 1);
  return { leads: own, parts: partsOwn, more: [...leadsMore, ...partsMore] };
}

/** Whether a DondocMore value is a part token (else it is a lead). */
export function isPartToken(value: string): boolean {
  return value === PENDING_REQUEST_TOKEN || parseToken(value) !== undefined;
}

/**
 * DondocLead, the leads of a task: one KeywordList value, under the same limits as the part tokens
 * (2,048 bytes for the whole list as JSON by default, 255 per item). A group of a province's
 * communes ("UBND các xã, phường": 100 and more) passes them written out, so the list is written:
 * - as the leads are written, when it fits (a name over MAX_TOKEN_BYTES as its hash), going on in
 *   DondocMore;
 * - else every lead as `#<hash of its name key>` (`#1a2b3c4d`: 12 bytes a lead, so about 300
 *   leads over the two);
 * - past that, cut to the budget: the leads cut are found by no agency's list (rather than the
 *   workflow failing on its upsert, or the start being refused).
 * Queries ask for both spellings (`leadQueryValues`) in both attributes; the names shown come from
 * the memo then (`LEADS_MEMO`, which the task workflow writes whenever the leads are hashes).
 */
export const LEADS_VALUE_BUDGET = 2_000;
/** The memo key holding the leads' names when DondocLead holds hashes. */
export const LEADS_MEMO = 'leads';

export function hashedLead(agency: string): string {
  return `#${fnv1a(nameKey(agency))}`;
}

export function isHashedLead(value: string): boolean {
  return /^#[0-9a-f]{8}$/.test(value);
}

/** DondocLead for these leads, and what goes on in DondocMore (see above). */
export function leadValues(leads: readonly string[], budgets: Budgets = [LEADS_VALUE_BUDGET, MORE_VALUE_BUDGET]): Values {
  const readable = leads.map((l) => (utf8Bytes(l) <= MAX_TOKEN_BYTES ? l : hashedLead(l)));
  return fitted([readable, [...new Set(leads.map(hashedLead))]], budgets);
}

/** The DondocLead values a query for one agency asks for: its name as given, and its hash. */
export function leadQueryValues(agency: string): string[] {
  return [agency, hashedLead(agency)];
}

/** FNV-1a (32 bits) of the UTF-8 bytes, as 8 hex digits: stable across runtimes, no dependency. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of utf8(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export function utf8Bytes(text: string): number {
  return utf8(text).length;
}

/** UTF-8 encoding without TextEncoder (the workflow sandbox and plain JS agree on it). */
function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}
