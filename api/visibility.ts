/** Visibility queries: values checked, the clauses of the jurisdictions a caller may list and of an agency's part. */
import { z } from 'zod';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers.js';
import type { Scope } from './access';
import { isHashedLead, isPartToken, leadQueryValues, LEADS_MEMO, levelStates, partQueryValues, type PartStatus } from '../domain/part-tokens';
import { SA } from '../workflows/search-attributes';
import { ApiError } from './errors';
import { addDays, vietnamInstant, type IsoDate } from '../domain/dates';
import { allOf, anyOf, compare, isIn, isInAny, isNot, isNull, type Clause } from './clauses';

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
export function jurisdictionClause(scope: Scope, requested: string | undefined): Clause[] | null {
  if (scope.jurisdictions === 'all') return requested ? [isIn(SA.jurisdiction.name, [requested])] : [];
  if (requested) return scope.jurisdictions.includes(requested) ? [isIn(SA.jurisdiction.name, [requested])] : null;
  if (scope.jurisdictions.length === 0) return null;
  return [isIn(SA.jurisdiction.name, scope.jurisdictions)];
}

/**
 * Workflows of these dondoc types, each once: a run that continued as new is left out (its
 * successor carries the same attributes and is the workflow now).
 */
export function workflowsOf(types: readonly string[]): Clause[] {
  return [isIn(SA.type.name, types), isNot('ExecutionStatus', 'ContinuedAsNew')];
}

/** Running workflows only. */
export const RUNNING = isIn('ExecutionStatus', ['Running']);

/** What lists and counts read of a workflow (a visibility listing's entry, or the task mirror's copy of it). */
export type Listed = Pick<WorkflowExecutionInfo, 'workflowId' | 'runId' | 'status' | 'memo' | 'typedSearchAttributes'>;

/** A page of workflows matching a visibility query, and the cursor of the next page when there may be one. */
export type ExecutionPage = { executions: WorkflowExecutionInfo[]; next?: string };

/**
 * Lists up to `limit` workflows matching `query`, from `cursor` (Temporal's page token, as base64url):
 * the server's pages are read until the page is full, so a cursor always stands where the page ends.
 */
export async function listPage(client: Client, clauses: readonly Clause[], limit: number, cursor?: string): Promise<ExecutionPage> {
  const query = clauses.join(' AND ');
  const executions: WorkflowExecutionInfo[] = [];
  let token: Uint8Array | undefined = cursor === undefined ? undefined : decodeCursor(cursor);
  do {
    const response = await client.workflowService.listWorkflowExecutions({
      namespace: client.options.namespace,
      query,
      pageSize: limit - executions.length,
      nextPageToken: token,
    });
    for (const raw of response.executions ?? [])
      executions.push(await executionInfoFromRaw(raw, client.options.loadedDataConverter, raw, client.options.namespace));
    token = response.nextPageToken && response.nextPageToken.length > 0 ? response.nextPageToken : undefined;
  } while (token && executions.length < limit);
  return { executions, ...(token ? { next: Buffer.from(token).toString('base64url') } : {}) };
}

function decodeCursor(cursor: string): Uint8Array {
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length === 0) throw new ApiError(400, 'cursor: dùng giá trị “next” của trang trước.');
  return bytes;
}

/** Every workflow matching the clauses, page after page (`pageSize` per server page). */
export function listAll(client: Client, clauses: readonly Clause[], pageSize = 1000): AsyncIterable<WorkflowExecutionInfo> {
  return client.workflow.list({ query: clauses.join(' AND '), pageSize });
}

/** How many workflows match `query` (visibility counts, never a scan in the API). */
export async function countOf(client: Client, clauses: readonly Clause[]): Promise<number> {
  return (await client.workflow.count(clauses.join(' AND '))).count;
}

/**
 * An agency's own part in one of `statuses`, through its DondocParts tokens (domain/part-tokens.ts).
 * Tasks last published before the tokens existed (closed before the 'part-attributes' patch, or
 * running and not woken since) have no DondocParts: they match by the task's status, as lists did
 * before. Combine with `leadClause(<agency>)` (the list's own clause) so that fallback stays the agency's.
 */
export function partClause(agency: string, statuses: readonly PartStatus[]): Clause {
  return withoutTokensBy(isInAny(PART_ATTRIBUTES, partQueryValues(agency, statuses)), isIn(SA.status.name, statuses));
}

/** An agency's own part escalated to `min` or above; tasks without tokens by the task's level. */
export function partLevelClause(agency: string, min: number): Clause {
  return withoutTokensBy(isInAny(PART_ATTRIBUTES, partQueryValues(agency, levelStates(min))), compare(SA.escalation.name, '>=', Math.max(1, Math.floor(min))));
}

/** The part's tokens, or for a task without tokens the task-wide `fallback`. */
function withoutTokensBy(tokens: Clause, fallback: Clause): Clause {
  return anyOf(tokens, allOf([isNull(SA.parts.name), fallback]));
}

/**
 * Due on `date` or later, and due on `date` or earlier. DondocDue is the end of the due day (the
 * midnight after it, Vietnam time). The bounds are noons, never a value DondocDue can hold: the
 * SQLite visibility store compares an instant with the same instant as greater (it keeps
 * '…T17:00:00.000Z' and compares it, as text, with the query's '…T17:00:00+00:00').
 */
export function dueFromClause(date: IsoDate): Clause {
  return compare(SA.due.name, '>', vietnamInstant(date, 12));
}

export function dueByClause(date: IsoDate): Clause {
  return compare(SA.due.name, '<', vietnamInstant(addDays(date, 1), 12));
}

/** The attributes that carry a task's part tokens, and its leads (DondocMore: what the first cannot hold, domain/part-tokens.ts). */
const PART_ATTRIBUTES = [SA.parts.name, SA.more.name];
const LEAD_ATTRIBUTES = [SA.leads.name, SA.more.name];

/** Tasks one agency leads: DondocLead (or DondocMore) holds its name as written, or its hash when the list was too long for names (domain/part-tokens.ts). */
export function leadClause(agency: string): Clause {
  return isInAny(LEAD_ATTRIBUTES, leadQueryValues(agency));
}

/** The part tokens of a listed workflow, DondocParts and those in DondocMore; undefined before the tokens existed. */
export function partTokensOf(wf: Pick<Listed, 'typedSearchAttributes'>): string[] | undefined {
  const own = wf.typedSearchAttributes.get(SA.parts);
  return own && [...own, ...(wf.typedSearchAttributes.get(SA.more) ?? []).filter(isPartToken)];
}

/** The leads' names of a listed workflow: DondocLead and those in DondocMore, or the memo's names when they are hashes. */
export function leadsOf(wf: Listed): string[] {
  const values = [...(wf.typedSearchAttributes.get(SA.leads) ?? []), ...(wf.typedSearchAttributes.get(SA.more) ?? []).filter((v) => !isPartToken(v))];
  const named = wf.memo?.[LEADS_MEMO];
  if (values.some(isHashedLead) && Array.isArray(named) && named.every((n) => typeof n === 'string')) return named as string[];
  return values;
}
