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
import { agenda, type AgendaAction, type AgendaOptions, type Obligation } from '../domain/agenda';
import { snapshotRange, workingDaysFrom } from '../domain/workdays';
import type { TaskPolicy } from '../domain/policy';
import type { NotifyRequest } from '../domain/notification';
import type * as calendarActivities from '../activities/calendar';
import type { NotificationActivities } from '../activities/notifications';
import { NOTIFY_RETRY_POLICY } from '../activities/mail/policy';

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

/** The calendar snapshot reaches this far around the due dates and the horizon (reminder offsets, repeats). */
const SNAPSHOT_MARGIN_DAYS = 120;

export type Wake = { at: Date; run: () => Promise<void> };

export type Scenario = {
  finished(): boolean;
  /** Bookkeeping before each wait: search attributes, report records, the parent's view. */
  beforeWake(): Promise<void>;
  nextWake(): Promise<Wake | undefined>;
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
      await scenario.beforeWake();
      if (shouldContinueAsNew(scenario.historyLimit)) {
        await wf.condition(wf.allHandlersFinished);
        await scenario.continueAsNew();
      }
      const next = await scenario.nextWake();
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

/** The agenda of the open obligations, cached until something changes or its horizon runs out. */
export class AgendaCache {
  private cached: { version: number; actions: AgendaAction[]; until: IsoDate } | undefined;

  constructor(
    private readonly loop: RunLoop,
    private readonly performed: () => string[],
  ) {}

  /** Plan again at the next wake (the ladder restarted, a catch-up moved it). */
  invalidate(): void {
    this.cached = undefined;
  }

  pending(): AgendaAction[] {
    const done = new Set(this.performed());
    return (this.cached?.actions ?? []).filter((a) => !done.has(a.key));
  }

  /**
   * The next action. The agenda is (re)built when something changed, or when every planned action
   * was performed and the horizon (`today` + `horizonDays`) moved on; `request` is asked only then,
   * and `build` answers it (default: from a calendar snapshot).
   */
  async next(
    today: IsoDate,
    horizonDays: number,
    request: () => AgendaRequest,
    build: (r: AgendaRequest, until: IsoDate) => Promise<AgendaAction[]> = fromSnapshot,
  ): Promise<AgendaAction | undefined> {
    const fresh = () => this.cached !== undefined && this.cached.version === this.loop.revision;
    if (!fresh() || this.pending().length === 0) {
      const until = addDays(today, horizonDays);
      if (fresh() && this.cached!.until >= until) return undefined;
      const actions = await build(request(), until);
      this.cached = { version: this.loop.revision, actions, until };
    }
    return this.pending()[0];
  }
}

/** The agenda computed in the workflow from a calendar snapshot of the dates it needs. */
export async function fromSnapshot(r: AgendaRequest, until: IsoDate): Promise<AgendaAction[]> {
  // Asked before the calendar's local activity: a patch check must sit at a call site that does not
  // depend on when a local activity resolved (a slow one can end the workflow task in between).
  const missed = r.missed();
  const dues = r.obligations.map((o) => o.due).sort();
  const from = addDays(dues[0]! < r.today ? dues[0]! : r.today, -SNAPSHOT_MARGIN_DAYS);
  const to = addDays(dues.at(-1)! > until ? dues.at(-1)! : until, SNAPSHOT_MARGIN_DAYS);
  // The margins never ask the calendar for years it does not know (a due date early in its first year).
  const range = snapshotRange(from, to);
  const workdays = await workingDays(range.from, range.to);
  return agenda(r.obligations, r.policy, workdays, { now: new Date(), until, missed });
}

/** The calendar for a date range, fetched fresh (admin edits apply) as a small local-activity result. */
export async function workingDays(from: IsoDate, to: IsoDate) {
  return workingDaysFrom(await calendar.workingDaysSnapshot(from, to));
}

/** Appends to a timeline, keeping its last `limit` entries. */
export function pushCapped<E>(timeline: E[], entry: E, limit: number): void {
  timeline.push(entry);
  if (timeline.length > limit) timeline.splice(0, timeline.length - limit);
}

type AttributePair = Parameters<typeof wf.upsertSearchAttributes>[0] extends infer P ? (P extends readonly (infer E)[] ? E : never) : never;

/** Upserts a workflow's search attributes when what they show changed. */
export class AttributePublisher {
  private last = '';

  publish(shown: unknown, attributes: () => AttributePair[]): void {
    const signature = JSON.stringify(shown);
    if (signature === this.last) return;
    this.last = signature;
    wf.upsertSearchAttributes(attributes());
  }
}

/** How a message ended: sent (or queued), or failed after its retries and reported (or not even that). */
export type Delivery = 'sent' | 'failed_reported' | 'failed_unreported';

/**
 * Sends a message; when its retries run out, the ledger marks it failed and the monitoring office is
 * told (`report`; legacy file runs did not report). Cancellation goes through.
 */
export async function notifyOrReport(request: NotifyRequest, report: () => boolean): Promise<Delivery> {
  try {
    await notifications.notify(request);
    return 'sent';
  } catch (err) {
    if (wf.isCancellation(err)) throw err;
    if (!report()) return 'failed_unreported';
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
