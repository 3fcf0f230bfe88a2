/**
 * What both long-lived workflows (a plan task, a one-stop file) do the same way, in one place:
 * - the wake loop: before each wait the workflow's own bookkeeping (search attributes, records, the
 *   parent), the continue-as-new check, then sleep until the next action or until an Update
 *   changes something (`changed()`), and perform it;
 * - the agenda cache: the agenda of the open obligations, built from a calendar snapshot (a local
 *   activity, so admin edits to the calendar reach running workflows and replay stays
 *   deterministic), rebuilt when something changed or its horizon ran out; performed keys are
 *   filtered out, so nothing is sent twice;
 * - the capped timeline, the search-attribute publisher (upserts only what changed);
 * - notify with the delivery-failure report when the retries of a message run out.
 *
 * Each workflow file keeps its scenario: its events, its rules, its messages.
 */
import * as wf from '@temporalio/workflow';
import { addDays, type IsoDate } from '../domain/dates';
import { lazyAgenda, type AgendaAction, type AgendaOptions, type LazyAgenda, type Obligation } from '../domain/agenda';
import { agendaSnapshotRange, narrowSnapshot, workingDaysFrom, type SnapshotWorkingDays, type WorkingDaysSnapshot } from '../domain/workdays';
import type { TaskPolicy } from '../domain/policy';
import type { NotifyRequest } from '../domain/notification';
import type * as calendarActivities from '../activities/calendar';
import type { NotificationActivities } from '../activities/notifications';
import { NOTIFY_LOCAL_OPTIONS, NOTIFY_RETRY_POLICY } from '../activities/mail/policy';

/**
 * Calendar local activities: a date the calendar cannot answer for (outside its years) fails at once
 * instead of being retried for ever (activities/calendar.ts raises it as non-retryable; the calendar's
 * own error type is listed too, for activities that let it through).
 */
export const CALENDAR_ACTIVITY_OPTIONS: wf.LocalActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { nonRetryableErrorTypes: ['CalendarInputError', 'CalendarOutOfRange'] },
};

const calendar = wf.proxyLocalActivities<Pick<typeof calendarActivities, 'workingDaysSnapshot'>>(CALENDAR_ACTIVITY_OPTIONS);
// SMTP outages are retried with backoff for two days; after that the failure is recorded and reported.
const notifications = wf.proxyActivities<Pick<NotificationActivities, 'notify' | 'reportDeliveryFailure'>>(NOTIFY_RETRY_POLICY);
const localNotifications = wf.proxyLocalActivities<Pick<NotificationActivities, 'notify'>>(NOTIFY_LOCAL_OPTIONS);

export type Wake = { at: Date; run: () => Promise<void> };

export type Scenario = {
  finished(): boolean;
  /** Bookkeeping before each wait: search attributes, report records, the parent's view (a promise only when it waits). */
  beforeWake(): MaybePromise<void>;
  /** A promise only when it waits (a local activity). */
  nextWake(): MaybePromise<Wake | undefined>;
  /** Prunes and carries the state over; called once all handlers finished. */
  continueAsNew(): Promise<never>;
  historyLimit: number;
};

/** The wake loop and the change counter Updates bump so the loop plans again. */
export class RunLoop {
  private version = 0;

  get revision(): number {
    return this.version;
  }

  changed(): void {
    this.version++;
  }

  async run(scenario: Scenario): Promise<void> {
    while (!scenario.finished()) {
      // Awaited only when there is something to wait for: each awaited promise in workflow code
      // costs a captured stack (issue 17).
      const bookkeeping = scenario.beforeWake();
      if (isPromise(bookkeeping)) await bookkeeping;
      if (shouldContinueAsNew(scenario.historyLimit)) {
        await wf.condition(wf.allHandlersFinished);
        await scenario.continueAsNew();
      }
      const planned = scenario.nextWake();
      const next = isPromise(planned) ? await planned : planned;
      const seen = this.version;
      if (!next) {
        await wf.condition(() => this.version !== seen || scenario.finished());
        continue;
      }
      const wait = next.at.getTime() - Date.now();
      if (wait > 0) {
        const changed = await wf.condition(() => this.version !== seen || scenario.finished(), wait);
        if (changed) continue;
      }
      await next.run();
    }
  }
}

/** A value, or a promise of it when getting it waits (a local activity, a signal): what does not wait costs no promise. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Eager wakes: the bookkeeping and the planning before a wait create no promise when they do not
 * wait (a local activity, a signal), for a fired reminder 61 promises in workflow code instead of 82,
 * each recorded by the SDK with a stack (issue 17). A run is eager when its input carries the patch
 * generation (workflows/patches.ts): runs started before take every step as a promise, as they were
 * recorded, so that their replay issues the wake's commands and those of an Update handled in the
 * same workflow task in the same order.
 */
export function eagerWake(input: { patches?: unknown }): boolean {
  return input.patches !== undefined;
}

function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === 'function';
}

/** `next` applied to `value`: at once when it is there, after it when it is a promise. */
export function andThen<T, U>(value: MaybePromise<T>, next: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromise(value) ? value.then(next) : next(value);
}

export function shouldContinueAsNew(historyLimit: number): boolean {
  const info = wf.workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > historyLimit;
}

export type AgendaRequest = {
  obligations: Obligation[];
  policy: TaskPolicy;
  /** Vietnam date now: the snapshot reaches back from the earlier of it and the first due date. */
  today: IsoDate;
  /** Asked before the calendar is fetched (it may be a patch check). */
  missed: () => AgendaOptions['missed'];
};

/** An agenda as built: computed as it is read (from a snapshot), or a list (the legacy file agenda activity). */
export type PlannedAgenda = LazyAgenda | AgendaAction[];

/**
 * The agenda of the open obligations, cached until something changes or its horizon runs out. It is
 * read lazily: the next pending action is computed, not the months of repeats after it (issue 17).
 */
export class AgendaCache {
  private cached: { version: number; actions: Pick<LazyAgenda, 'find' | 'through'>; until: IsoDate } | undefined;
  /** The calendar the starter read, for the first build only (`startWith`). */
  private initialCalendar: WorkingDaysSnapshot | undefined;

  constructor(
    private readonly loop: RunLoop,
    private readonly performed: () => string[],
    /** Whether the run's wake is eager (`eagerWake`): a promise only where it waits. */
    private readonly eager: () => boolean,
  ) {}

  /**
   * The calendar snapshot the starter took: the first agenda is built from it when it covers the
   * range that build needs, without a local activity (one activation less per start; issue 17).
   * Every later build takes a fresh snapshot, so admin edits to the calendar still reach the run.
   * Deterministic: the snapshot is part of the workflow's input.
   */
  startWith(calendar: WorkingDaysSnapshot | undefined): void {
    this.initialCalendar = calendar;
  }

  /** Plan again at the next wake (the ladder restarted, a catch-up moved it). */
  invalidate(): void {
    this.cached = undefined;
  }

  /**
   * The pending actions due no later than `action` or now, whichever is later, in order: what a
   * catch-up or a merged notice can take with `action`. The agenda is computed no further (its
   * months of repeats are not needed for that).
   */
  owedWith(action: AgendaAction): AgendaAction[] {
    const done = new Set(this.performed());
    const limit = new Date(Math.max(Date.now(), new Date(action.at).getTime()));
    return (this.cached?.actions.through(limit) ?? []).filter((a) => !done.has(a.key));
  }

  /** The first pending action, computing the agenda no further. */
  private firstPending(): AgendaAction | undefined {
    const done = new Set(this.performed());
    return this.cached?.actions.find((a) => !done.has(a.key));
  }

  /**
   * The next action. The agenda is (re)built when something changed, or when every planned action
   * was performed and the horizon (`today` + `horizonDays`) moved on; `request` is asked only then,
   * and `build` answers it (default: from a calendar snapshot).
   *
   * Eager: a value unless a local activity is waited for. Otherwise a promise, resolved at the same
   * microtask as before eager wakes (replay keeps the order of commands).
   */
  next(
    today: IsoDate,
    horizonDays: number,
    request: () => AgendaRequest,
    build: (r: AgendaRequest, until: IsoDate, given?: WorkingDaysSnapshot) => MaybePromise<PlannedAgenda> = fromSnapshot,
  ): MaybePromise<AgendaAction | undefined> {
    const eager = this.eager();
    const fresh = this.cached !== undefined && this.cached.version === this.loop.revision;
    const first = fresh ? this.firstPending() : undefined;
    if (first) return eager ? first : Promise.resolve(first);
    const until = addDays(today, horizonDays);
    if (fresh && this.cached!.until >= until) return eager ? undefined : Promise.resolve(undefined);
    const given = this.initialCalendar;
    this.initialCalendar = undefined;
    const keep = (actions: PlannedAgenda) => {
      this.cached = { version: this.loop.revision, actions: Array.isArray(actions) ? listed(actions) : actions, until };
      return this.firstPending();
    };
    const built = build(request(), until, given);
    return eager ? andThen(built, keep) : Promise.resolve(built).then(keep);
  }
}

/** A list read like a lazy agenda. */
function listed(actions: AgendaAction[]): Pick<LazyAgenda, 'find' | 'through'> {
  return { find: (test) => actions.find(test), through: (limit) => actions.filter((a) => new Date(a.at) <= limit) };
}

/**
 * The agenda computed in the workflow from a calendar snapshot of the dates it needs, as far as it is
 * read: the snapshot `given` by the starter when it covers them (narrowed to exactly that range, so
 * the agenda is the one a fresh snapshot would give), a value; else one taken now by a local
 * activity, one promise (`then`).
 */
export function fromSnapshot(r: AgendaRequest, until: IsoDate, given?: WorkingDaysSnapshot): MaybePromise<LazyAgenda> {
  // Asked before the calendar's local activity: a patch check must sit at a call site that does not
  // depend on when a local activity resolved (a slow one can end the workflow task in between).
  const missed = r.missed();
  const range = agendaSnapshotRange(
    r.obligations.map((o) => o.due),
    r.today,
    until,
  );
  const plan = (workdays: SnapshotWorkingDays) => lazyAgenda(r.obligations, r.policy, workdays, { now: new Date(), until, missed });
  const covered = given && narrowSnapshot(given, range.from, range.to);
  if (covered) return plan(workingDaysFrom(covered));
  return workingDays(range.from, range.to).then(plan);
}

/** The calendar for a date range, fetched fresh (admin edits apply) as a small local-activity result (one promise, as `fromSnapshot`). */
export function workingDays(from: IsoDate, to: IsoDate): Promise<SnapshotWorkingDays> {
  return calendar.workingDaysSnapshot(from, to).then(workingDaysFrom);
}

/** Appends to a timeline, keeping its last `limit` entries. */
export function pushCapped<E>(timeline: E[], entry: E, limit: number): void {
  timeline.push(entry);
  if (timeline.length > limit) timeline.splice(0, timeline.length - limit);
}

type AttributePair = Parameters<typeof wf.upsertSearchAttributes>[0] extends infer P ? (P extends readonly (infer E)[] ? E : never) : never;

/**
 * Upserts a workflow's search attributes when what they show changed.
 *
 * `startedWith`: a run whose starter gave it the attributes it shows at first (a new task's, set by
 * the plan import) upserts nothing at its first workflow task: one visibility write less per start
 * (issue 17). Asked only at the first publish, and only runs that take it compare, so the histories
 * of other runs replay unchanged. `stamp` (the time of the last change) is the start's then.
 */
export class AttributePublisher {
  private last = '';

  constructor(
    private readonly startedWith: () => boolean = () => false,
    private readonly stamp?: AttributePair['key'],
  ) {}

  publish(shown: unknown, attributes: () => AttributePair[]): void {
    const signature = JSON.stringify(shown);
    if (signature === this.last) return;
    const first = this.last === '';
    this.last = signature;
    const pairs = attributes();
    if (
      first &&
      this.startedWith() &&
      pairs.every((pair) => (pair.key === this.stamp ? startValue(pair.key) !== undefined : sameValue(startValue(pair.key), pair.value)))
    )
      return;
    wf.upsertSearchAttributes(pairs);
  }
}

function startValue(key: AttributePair['key']): unknown {
  return wf.workflowInfo().typedSearchAttributes.get(key);
}

/** An attribute's value as visibility has it (absent for null) against one to upsert. */
function sameValue(current: unknown, next: unknown): boolean {
  if (next === null || next === undefined) return current === undefined;
  if (next instanceof Date) return current instanceof Date && current.getTime() === next.getTime();
  if (Array.isArray(next)) return Array.isArray(current) && current.length === next.length && next.every((v, i) => current[i] === v);
  return current === next;
}

/** How a message ended: sent (or queued), or failed after its retries and reported (or not even that). */
export type Delivery = 'sent' | 'failed_reported' | 'failed_unreported';

/**
 * Sends a message; when its retries run out, the ledger marks it failed and the monitoring office is
 * told (`report`; legacy file runs did not report). Cancellation goes through.
 *
 * A message the run's own wake sends (a reminder, an escalation) goes as a local activity when the run
 * takes patch 'local-notify' (`local`): inside the workflow task its timer started, with no activity
 * task and no second workflow task on the server, half the server's work per reminder (issue 17, the
 * reminder burst of issue 11). A message an Update asks for stays an activity task, so that the
 * Update's answer never waits for the mail server. The ledger makes either exactly-once.
 */
export async function notifyOrReport(request: NotifyRequest, options: { report: () => boolean; local: () => boolean }): Promise<Delivery> {
  try {
    const sender = wf.currentUpdateInfo() === undefined && options.local() ? localNotifications : notifications;
    await sender.notify(request);
    return 'sent';
  } catch (err) {
    if (wf.isCancellation(err)) throw err;
    if (!options.report()) return 'failed_unreported';
    const reason = err instanceof wf.ActivityFailure && err.cause ? err.cause.message : String(err);
    try {
      await notifications.reportDeliveryFailure(request, reason);
      return 'failed_reported';
    } catch (e) {
      if (wf.isCancellation(e)) throw e;
      return 'failed_unreported';
    }
  }
}
