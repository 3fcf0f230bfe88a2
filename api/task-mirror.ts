/**
 * Where counts and the overview read tasks from: Temporal's visibility, or the task mirror.
 *
 * Visibility cannot group by a custom attribute, so counts by agency cost one visibility count per
 * agency (41 for a province), and the overview one count per status plus a listing: seconds at
 * 10,000 tasks. The mirror keeps every task and instance workflow's visibility record (its search
 * attributes and memo, nothing else) in the API's memory and answers the same clauses
 * (api/clauses.ts) in milliseconds. It is a projection of visibility, never a second truth:
 * - at start, one listing of every task workflow;
 * - then a poll of the runs started, closed, or whose attributes changed since the last poll
 *   (`DondocUpdated`, which the task workflow sets with its attributes), reaching `overlapMs` further
 *   back for visibility's lag and the clocks of other hosts. Every answer waits for a poll that
 *   started after it was asked (requests arriving together share one), so it is as fresh as a
 *   visibility count would be; between requests, one every `pollMs` keeps the polls small;
 * - every `resyncMs`, a full listing again, which also forgets the runs visibility no longer keeps.
 * It is keyed by run, as visibility is; a run that continued as new is dropped (its successor is the
 * task now), as the API's queries leave it out (api/visibility.ts workflowsOf). While the first
 * listing runs, or when visibility cannot be listed, callers read visibility itself.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { Logger } from 'pino';
import { anyOf, compare, isIn, type Clause, type Fields } from './clauses';
import { countOf, type Listed } from './visibility';
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
    list: (clauses) => client.workflow.list({ query: [...base, ...clauses].join(' AND '), pageSize: 1000 }),
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

type Mirrored = Listed & { fields: Fields };

function mirrored(wf: WorkflowExecutionInfo): Mirrored {
  const values = new Map<string, unknown>(wf.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value]));
  values.set('ExecutionStatus', EXECUTION_STATUS[wf.status.name] ?? wf.status.name);
  const { workflowId, runId, status, memo, typedSearchAttributes } = wf;
  return { workflowId, runId, status, memo, typedSearchAttributes, fields: values };
}

/** The records matching every clause. */
class MirrorView implements TaskSource {
  constructor(private readonly records: readonly Mirrored[]) {}

  private matching(clauses: readonly Clause[]): Mirrored[] {
    return this.records.filter((r) => clauses.every((c) => c.test(r.fields)));
  }

  async count(clauses: readonly Clause[]): Promise<number> {
    return clauses.length === 0 ? this.records.length : this.matching(clauses).length;
  }

  async *list(clauses: readonly Clause[]): AsyncIterable<Listed> {
    yield* this.matching(clauses);
  }

  within(clauses: readonly Clause[]): TaskSource {
    return new MirrorView(this.matching(clauses));
  }
}

export type MirrorOptions = { pollMs: number; overlapMs: number; resyncMs: number };

export const MIRROR_DEFAULTS: MirrorOptions = { pollMs: 5_000, overlapMs: 10_000, resyncMs: 5 * 60_000 };

/** The task types the mirror keeps (the API's task queries never ask for others). */
const TASK_TYPES = isIn(SA.type.name, ['task', 'instance']);

export class TaskMirror {
  private runs = new Map<string, Mirrored>();
  private view: MirrorView | undefined;
  /** When the last successful poll or listing started (the API's clock); undefined before the first, or after one failed. */
  private syncedAt: number | undefined;
  /** When the last sync that succeeded started, failed or not since (the next poll's watermark). */
  private lastGood: number | undefined;
  private resyncedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Syncs run one after the other; `queued` is the one waiting to start, which callers share. */
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
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.chain;
  }

  /** True once the first listing is done, while the last sync succeeded. */
  get ready(): boolean {
    return this.syncedAt !== undefined;
  }

  /**
   * The tasks as visibility lists them now: the mirror after a poll that started after this call,
   * or visibility itself while the mirror is not ready.
   */
  async source(): Promise<TaskSource> {
    if (this.ready) await this.refresh();
    if (!this.ready) return visibilitySource(this.client);
    return (this.view ??= new MirrorView([...this.runs.values()]));
  }

  /** A sync that starts after this call: the one waiting to start, or a new one after the running one. */
  refresh(): Promise<void> {
    if (this.queued) return this.queued;
    const next: Promise<void> = this.chain.then(() => {
      if (this.queued === next) this.queued = undefined;
      return this.sync();
    });
    this.queued = this.chain = next;
    return next;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.refresh().finally(() => this.schedule(this.options.pollMs)), delay);
    this.timer.unref();
  }

  private async sync(): Promise<void> {
    const started = Date.now();
    const full = this.lastGood === undefined || started - this.resyncedAt >= this.options.resyncMs;
    try {
      if (full) await this.listAll();
      else await this.listChanged(new Date(this.lastGood! - this.options.overlapMs));
      this.syncedAt = this.lastGood = started;
      if (full) this.resyncedAt = started;
    } catch (err) {
      if (this.syncedAt !== undefined) this.logger.warn({ err, full }, 'task mirror: visibility listing failed; counts read visibility until it works again');
      this.syncedAt = undefined;
    }
  }

  private async listAll(): Promise<void> {
    const runs = new Map<string, Mirrored>();
    for await (const wf of this.client.workflow.list({ query: String(TASK_TYPES), pageSize: 1000 })) {
      if (wf.status.name !== 'CONTINUED_AS_NEW') runs.set(wf.runId, mirrored(wf));
    }
    this.runs = runs;
    this.view = undefined;
  }

  private async listChanged(since: Date): Promise<void> {
    const changed = anyOf(compare(SA.updated.name, '>=', since), compare('StartTime', '>=', since), compare('CloseTime', '>=', since));
    let seen = 0;
    for await (const wf of this.client.workflow.list({ query: [TASK_TYPES, changed].join(' AND '), pageSize: 1000 })) {
      seen++;
      if (wf.status.name === 'CONTINUED_AS_NEW') this.runs.delete(wf.runId);
      else this.runs.set(wf.runId, mirrored(wf));
    }
    if (seen > 0) this.view = undefined;
  }
}
