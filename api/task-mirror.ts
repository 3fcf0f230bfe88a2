/**
 * Where counts and the overview read tasks from: Temporal's visibility, or the task mirror.
 *
 * Visibility cannot group by a custom attribute, so counts by agency cost one visibility count per
 * agency (41 for a province), and the overview one count per status plus a listing: seconds at
 * 10,000 tasks. The mirror keeps every task and instance workflow's visibility record (its search
 * attributes and memo, nothing else) in the API's memory and answers the same clauses
 * (api/clauses.ts) in milliseconds. It is a projection of visibility, never a second truth:
 * - at start, one listing of every task workflow;
 * - then a poll of the runs that started or whose attributes changed since the last poll
 *   (`DondocUpdated`, which the task workflow sets with its attributes, its last ones included
 *   before it closes), reaching `overlapMs` further back for visibility's lag and the clocks of
 *   other hosts. Every answer waits for a poll that started after it was asked (requests arriving
 *   together share one), so it is as fresh as a visibility count would be; between requests, one
 *   every `pollMs` keeps the polls small. Runs listed again unchanged (same status, close time and
 *   DondocUpdated) are not decoded again;
 * - every `catchUpEveryMs`, a poll reaching `catchUpMs` back that also lists the runs that closed:
 *   a change visibility showed late, and a run terminated or failed without new attributes;
 * - every `resyncMs`, a full listing in the background, which also forgets the runs visibility no
 *   longer keeps; answers do not wait for it.
 * It is keyed by run, as visibility is; a run that continued as new is dropped (its successor is the
 * task now), as the API's queries leave it out (api/visibility.ts workflowsOf). When visibility
 * cannot be listed, callers read visibility itself (and get its error).
 */
import type { Client } from '@temporalio/client';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers.js';
import proto from '@temporalio/proto';
import type { Logger } from 'pino';
import { compare, isIn, isNot, type Clause, type Fields } from './clauses';
import { countOf, listAll, type Listed } from './visibility';
import { SA } from '../workflows/search-attributes';

/** Tasks to count and read: visibility itself, or the mirror. */
export interface TaskSource {
  count(clauses: readonly Clause[]): Promise<number>;
  /** Every workflow matching the clauses. */
  list(clauses: readonly Clause[]): AsyncIterable<Listed>;
  /** The same source narrowed to the clauses (counts by group filter the scope once). */
  within(clauses: readonly Clause[]): TaskSource;
}

/** Visibility as a task source: one count or listing per call. */
export function visibilitySource(client: Client, base: readonly Clause[] = []): TaskSource {
  return {
    count: (clauses) => countOf(client, [...base, ...clauses]),
    list: (clauses) => listAll(client, [...base, ...clauses]),
    within: (clauses) => visibilitySource(client, [...base, ...clauses]),
  };
}

/** Visibility's name for each execution status (`ExecutionStatus = 'Running'`). */
const EXECUTION_STATUS: Record<string, string> = {
  RUNNING: 'Running',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELLED: 'Canceled',
  TERMINATED: 'Terminated',
  CONTINUED_AS_NEW: 'ContinuedAsNew',
  TIMED_OUT: 'TimedOut',
};

type RawExecution = proto.temporal.api.workflow.v1.IWorkflowExecutionInfo;

/** `version`: what says a listed run changed (its status, close time and DondocUpdated), compared before decoding it. */
type Mirrored = Listed & { fields: Fields; version: string };

function versionOf(raw: RawExecution): string {
  const updated = raw.searchAttributes?.indexedFields?.[SA.updated.name]?.data;
  return `${raw.status}:${raw.closeTime?.seconds ?? ''}:${updated ? Buffer.from(updated).toString() : ''}`;
}

function mirrored(wf: Listed, version: string): Mirrored {
  const values = new Map<string, unknown>(wf.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value]));
  values.set('ExecutionStatus', EXECUTION_STATUS[wf.status.name] ?? wf.status.name);
  const { workflowId, runId, status, memo, typedSearchAttributes } = wf;
  return { workflowId, runId, status, memo, typedSearchAttributes, fields: values, version };
}

/** Narrowed views kept per view (callers' scopes and filters). */
const MAX_NARROWED = 200;

/**
 * The records matching every clause. A clause that names the values an attribute must hold (`keys`)
 * is looked up in an index of this view by that attribute's values, built at its first use: counts
 * by agency then read each agency's own records, not every record once per agency.
 */
class MirrorView implements TaskSource {
  private readonly indexes = new Map<string, Map<unknown, Mirrored[]>>();
  /** Narrowed views by their query text, with their indexes: the same scope asked again, until the next change, costs nothing. */
  private readonly narrowed = new Map<string, MirrorView>();

  constructor(private readonly records: readonly Mirrored[]) {}

  private index(name: string): Map<unknown, Mirrored[]> {
    let index = this.indexes.get(name);
    if (index) return index;
    index = new Map();
    for (const r of this.records) {
      const value = r.fields.get(name);
      for (const v of Array.isArray(value) ? new Set(value) : [value]) {
        const list = index.get(v);
        if (list) list.push(r);
        else index.set(v, [r]);
      }
    }
    this.indexes.set(name, index);
    return index;
  }

  /** The records a keyed clause can match, from the index (each once). */
  private candidates(keys: NonNullable<Clause['keys']>): readonly Mirrored[] {
    const lists = keys.names.flatMap((name) => {
      const index = this.index(name);
      return keys.values.flatMap((v) => index.get(v) ?? []);
    });
    return keys.values.length === 1 && keys.names.length === 1 ? lists : [...new Set(lists)];
  }

  private matching(clauses: readonly Clause[]): Mirrored[] {
    const keyed = clauses.filter((c) => c.keys);
    const pool = keyed.length === 0 ? this.records : keyed.map((c) => this.candidates(c.keys!)).reduce((a, b) => (b.length < a.length ? b : a));
    return pool.filter((r) => clauses.every((c) => c.test(r.fields)));
  }

  async count(clauses: readonly Clause[]): Promise<number> {
    return clauses.length === 0 ? this.records.length : this.matching(clauses).length;
  }

  async *list(clauses: readonly Clause[]): AsyncIterable<Listed> {
    yield* this.matching(clauses);
  }

  within(clauses: readonly Clause[]): TaskSource {
    const key = clauses.join(' AND ');
    let view = this.narrowed.get(key);
    if (!view) {
      if (this.narrowed.size >= MAX_NARROWED) this.narrowed.clear();
      this.narrowed.set(key, (view = new MirrorView(this.matching(clauses))));
    }
    return view;
  }
}

export type MirrorOptions = {
  /** Between requests, a poll this often. */
  pollMs: number;
  /** How far before the last poll's start a poll reaches back: visibility's lag, the clocks of other hosts. */
  overlapMs: number;
  /** This often, a poll reaches back `catchUpMs` instead, for a change visibility showed late. */
  catchUpEveryMs: number;
  catchUpMs: number;
  /** This often, a full listing (in the background), which also forgets the runs visibility no longer keeps. */
  resyncMs: number;
};

export const MIRROR_DEFAULTS: MirrorOptions = { pollMs: 5_000, overlapMs: 3_000, catchUpEveryMs: 30_000, catchUpMs: 120_000, resyncMs: 10 * 60_000 };

// @temporalio/proto is CommonJS: its namespace comes through the default export under Node's ESM.
const CONTINUED_AS_NEW = proto.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW;

const STOP_WAIT_MS = 2_000;

/** The task types the mirror keeps (the API's task queries never ask for others). */
const TASK_TYPES = isIn(SA.type.name, ['task', 'instance']);

/**
 * The runs by run id, and which run of each workflow is running. A workflow runs one run at a time:
 * when a new run of it is seen running, the one held as running has closed (continued as new, most
 * often, which no poll lists by itself); it is dropped, and the next catch-up poll brings it back if
 * it closed otherwise.
 */
class RunSet {
  readonly runs = new Map<string, Mirrored>();
  private readonly running = new Map<string, string>();

  get size(): number {
    return this.runs.size;
  }

  version(runId: string): string | undefined {
    return this.runs.get(runId)?.version;
  }

  put(run: Mirrored): void {
    const held = this.running.get(run.workflowId);
    if (run.status.name === 'RUNNING') {
      if (held !== undefined && held !== run.runId) this.runs.delete(held);
      this.running.set(run.workflowId, run.runId);
    } else if (held === run.runId) this.running.delete(run.workflowId);
    this.runs.set(run.runId, run);
  }

  remove(workflowId: string, runId: string): void {
    this.runs.delete(runId);
    if (this.running.get(workflowId) === runId) this.running.delete(workflowId);
  }
}

export class TaskMirror {
  private runs = new RunSet();
  private view: MirrorView | undefined;
  /** The first listing is done and the last poll succeeded. */
  private synced = false;
  /** When the last poll or listing that succeeded started: the next poll reaches back from there. */
  private lastGood: number | undefined;
  private caughtUpAt = 0;
  private resyncedAt = 0;
  private resyncing = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Polls, and swapping in a full listing, run one after the other; `queued` is the poll waiting to start, which callers share. */
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;

  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
    private readonly options: MirrorOptions = MIRROR_DEFAULTS,
  ) {}

  /** Starts the first listing and the polling; returns at once. */
  start(): void {
    this.stopped = false;
    void this.refresh();
    this.schedule();
  }

  /** Stops polling; waits for the running listing at most `STOP_WAIT_MS` (visibility may be what is going away). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.race([this.chain, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
  }

  /** True once the first listing is done, while the last poll succeeded. */
  get ready(): boolean {
    return this.synced;
  }

  /** How many task runs the mirror holds. */
  get size(): number {
    return this.runs.size;
  }

  /**
   * The tasks as visibility lists them now: the mirror after a poll that started after this call
   * (the first listing, when it is still running), or visibility itself when listing failed.
   */
  async source(): Promise<TaskSource> {
    await this.refresh();
    if (!this.ready) return visibilitySource(this.client);
    return (this.view ??= new MirrorView([...this.runs.runs.values()]));
  }

  /** A poll that starts after this call: the one waiting to start, or a new one after the running one. */
  refresh(): Promise<void> {
    if (this.queued) return this.queued;
    const next: Promise<void> = this.enqueue(() => {
      if (this.queued === next) this.queued = undefined;
      return this.poll(this.options.overlapMs);
    });
    this.queued = next;
    return next;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    return (this.chain = this.chain.then(work));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick().finally(() => this.schedule()), this.options.pollMs);
    this.timer.unref();
  }

  /** The background's turn: a full listing, a catch-up poll or a poll, whichever is due. */
  private async tick(): Promise<void> {
    const now = Date.now();
    if (this.lastGood !== undefined && !this.resyncing && now - this.resyncedAt >= this.options.resyncMs) {
      void this.resync();
    } else if (this.lastGood !== undefined && now - this.caughtUpAt >= this.options.catchUpEveryMs) {
      this.caughtUpAt = now;
      await this.enqueue(() => this.poll(this.options.catchUpMs, true));
    } else await this.refresh();
  }

  /**
   * The changes since the last poll (reaching `reach` further back); the first time, every run.
   * `closed`: also the runs that closed, which a task does after publishing its last attributes
   * (so the quick polls see it); only a termination or a failure closes one without them.
   */
  private async poll(reach: number, closed = false): Promise<void> {
    const started = Date.now();
    try {
      if (this.lastGood === undefined) {
        this.runs = await this.listAll();
        this.view = undefined;
        this.resyncedAt = this.caughtUpAt = started;
      } else await this.listChanged(new Date(this.lastGood - reach), closed);
      this.lastGood = started;
      this.synced = true;
    } catch (err) {
      if (this.synced && !this.stopped) this.logger.warn({ err }, 'task mirror: visibility listing failed; counts read visibility until it works again');
      this.synced = false;
    }
  }

  /**
   * A full listing, outside the chain so that answers do not wait for it; swapped in on the chain,
   * then a poll reaching back to when it started brings in what changed while it ran.
   */
  private async resync(): Promise<void> {
    this.resyncing = true;
    const started = Date.now();
    this.resyncedAt = started;
    try {
      const runs = await this.listAll();
      await this.enqueue(async () => {
        this.runs = runs;
        this.view = undefined;
        this.lastGood = Math.min(this.lastGood ?? started, started);
        await this.poll(this.options.overlapMs, true);
      });
    } catch (err) {
      if (!this.stopped) this.logger.warn({ err }, 'task mirror: full listing failed; the next one is in the usual time');
    } finally {
      this.resyncing = false;
    }
  }

  private async listAll(): Promise<RunSet> {
    const runs = new RunSet();
    for await (const raw of this.listRaw([TASK_TYPES])) {
      if (raw.status !== CONTINUED_AS_NEW) runs.put(await this.decode(raw));
    }
    return runs;
  }

  /**
   * The runs whose attributes changed or that started since `since`, and with `closed` those that
   * closed: one query each, so that each reads its column's index (an OR of them, or the closed
   * runs' query, reads every row on SQLite: 30 ms at 10,000 tasks against 1–3 ms).
   */
  private async listChanged(since: Date, closed: boolean): Promise<void> {
    const queries = [
      [TASK_TYPES, compare(SA.updated.name, '>=', since)],
      [TASK_TYPES, compare('StartTime', '>=', since)],
    ];
    // A running workflow's CloseTime is not null in every store (SQLite keeps a far-future one): closed runs only.
    if (closed) queries.push([TASK_TYPES, isNot('ExecutionStatus', 'Running'), compare('CloseTime', '>=', since)]);
    const listed = await Promise.all(
      queries.map(async (clauses) => {
        const rows: RawExecution[] = [];
        for await (const raw of this.listRaw(clauses)) rows.push(raw);
        return rows;
      }),
    );
    let changes = 0;
    for (const raw of listed.flat()) {
      const workflowId = raw.execution?.workflowId ?? '';
      const runId = raw.execution?.runId ?? '';
      // Listed again within the overlap, or by two of the queries, unchanged: not decoded again.
      if (this.runs.version(runId) === versionOf(raw)) continue;
      changes++;
      if (raw.status === CONTINUED_AS_NEW) this.runs.remove(workflowId, runId);
      else this.runs.put(await this.decode(raw));
    }
    if (changes > 0) this.view = undefined;
  }

  /** Each run visibility lists for the clauses, undecoded. */
  private async *listRaw(clauses: readonly Clause[]): AsyncGenerator<RawExecution> {
    const query = clauses.join(' AND ');
    let token: Uint8Array | undefined;
    do {
      const page = await this.client.workflowService.listWorkflowExecutions({ namespace: this.client.options.namespace, query, pageSize: 1000, nextPageToken: token });
      yield* page.executions ?? [];
      token = page.nextPageToken && page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
    } while (token);
  }

  private async decode(raw: RawExecution): Promise<Mirrored> {
    const { options } = this.client;
    return mirrored(await executionInfoFromRaw(raw, options.loadedDataConverter, undefined, options.namespace), versionOf(raw));
  }
}
