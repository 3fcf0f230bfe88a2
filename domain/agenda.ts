/**
 * The agenda of one deadline: when to remind, when it turns overdue, when each escalation level
 * fires and re-fires. Pure: the workflows (tasks and one-stop files, workflows/run-loop.ts) compute
 * it from a working-day calendar snapshot taken by a local activity, and sleep until each action.
 * What was missed is merged into one catch-up by domain/catch-up.ts.
 *
 * Built lazily (issue 17): `lazyAgenda` computes the actions in order as they are asked for, so a
 * workflow that needs its next action does not build months of escalation repeats. Days are counted
 * as integers (`epochDay`) and become ISO strings only in the actions. The actions, their keys and
 * their order are exactly those of sorting every action up to `until` (test/unit/agenda-lazy.test.ts
 * compares with that implementation): running workflows replay against them.
 */
import { epochDay, isoDateOfEpochDay, vietnamEpochDayOf, vietnamInstantMs, type IsoDate } from './dates';
import { officeTime, type TaskPolicy } from './policy';

export interface WorkingDays {
  /** n working days after (n < 0: before) `date`; the date itself does not count. */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /** The same on days counted by `epochDay` (calendar snapshots answer it without ISO strings). */
  addWorkingDayNumbers?(day: number, n: number): number;
}

/** One obligation: an agency owes a result by a date (a group member, a milestone, a file). */
export type Obligation = {
  id: string;
  due: IsoDate;
  /** Levels whose repeats stop because someone acknowledged them. */
  acknowledgedLevels: number[];
  /**
   * Set by a catch-up (late start, outage): the levels notified then, whose ladder goes on from
   * that date (next repeat N working days after it) instead of the original rhythm.
   */
  caughtUp?: { date: IsoDate; levels: number[] };
};

export type ActionType = 'reminder' | 'overdue_status' | 'overdue' | 'escalation';

export type AgendaAction = {
  /** Unique and stable: the same obligation, due date and step always give the same key. */
  key: string;
  obligationId: string;
  type: ActionType;
  /** ISO instant. */
  at: string;
  /** Vietnam date of the action. */
  date: IsoDate;
  due: IsoDate;
  /** reminder: working days before due (0 = due day). */
  offset?: number;
  /** escalation: level and repeat number (0 = first notice). */
  level?: number;
  repeat?: number;
  /** An escalation that fell due while nothing ran (late import, outage): sent once, now. */
  catchUp?: boolean;
};

export type AgendaOptions = {
  /**
   * Reminders of days before this instant's Vietnam date are dropped (a task imported late is not
   * reminded of what already passed; today's reminder still goes out); past escalation repeats
   * collapse to the latest one of each level.
   */
  now: Date;
  /** Repeats are generated up to this date; the workflow asks again when it gets there. */
  until: IsoDate;
  /**
   * How missed escalations are handled. 'legacy' (runs recorded before the catch-up rework): the
   * latest missed repeat of each level is moved to `now` and flagged `catchUp`, acknowledged levels
   * included. 'workflow' (default): an acknowledged level has no actions left (an acknowledgement
   * sends nothing); the latest missed repeat of each level keeps its own time, and the workflow
   * turns everything missed into one catch-up (domain/catch-up.ts); a level caught up goes on from
   * the catch-up date.
   */
  missed?: 'legacy' | 'workflow';
};

/** Every action up to `options.until`, earliest first (see `byTimeThenStep`). */
export function agenda(obligations: Obligation[], policy: TaskPolicy, calendar: WorkingDays, options: AgendaOptions): AgendaAction[] {
  return lazyAgenda(obligations, policy, calendar, options).all();
}

export function obligationAgenda(obligation: Obligation, policy: TaskPolicy, calendar: WorkingDays, options: AgendaOptions): AgendaAction[] {
  return agenda([obligation], policy, calendar, options);
}

/** The agenda, computed as far as it is read. */
export function lazyAgenda(obligations: Obligation[], policy: TaskPolicy, calendar: WorkingDays, options: AgendaOptions): LazyAgenda {
  const context = contextOf(policy, calendar, options);
  return new LazyAgenda(obligations.flatMap((o) => sourcesOf(o, policy, context)));
}

/**
 * The agenda's actions in order, each computed when first read. It merges the actions' sources (an
 * obligation's reminders, its overdue notices, each escalation ladder), each already in order, the
 * earliest head first; equal heads in the order the sources were listed, so the result is the stable
 * sort of every action (the order the agenda always had).
 */
export class LazyAgenda implements Iterable<AgendaAction> {
  private readonly read: AgendaAction[] = [];
  private readonly heap: Source[] = [];

  constructor(sources: Source[]) {
    for (const source of sources) if (source.head) this.push(source);
  }

  /** The action at `index` in agenda order, or undefined past the end. */
  at(index: number): AgendaAction | undefined {
    while (this.read.length <= index && this.heap.length > 0) this.read.push(this.take());
    return this.read[index];
  }

  /** The first action that satisfies `test`, computing no further. */
  find(test: (action: AgendaAction) => boolean): AgendaAction | undefined {
    for (let i = 0, a = this.at(0); a; a = this.at(++i)) if (test(a)) return a;
    return undefined;
  }

  /** The actions due at or before `limit`, in order, computing no further. */
  through(limit: Date): AgendaAction[] {
    const due: AgendaAction[] = [];
    for (const action of this) {
      if (new Date(action.at) > limit) break;
      due.push(action);
    }
    return due;
  }

  /** Every action (a new array). */
  all(): AgendaAction[] {
    while (this.heap.length > 0) this.read.push(this.take());
    return [...this.read];
  }

  *[Symbol.iterator](): Iterator<AgendaAction> {
    for (let i = 0, a = this.at(0); a; a = this.at(++i)) yield a;
  }

  private take(): AgendaAction {
    const top = this.heap[0]!;
    const action = top.head!;
    // Out of the heap while it advances: a snapshot too short for its next day throws there.
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.sink(0);
    }
    top.advance();
    if (top.head) this.push(top);
    return action;
  }

  private push(source: Source): void {
    const heap = this.heap;
    let i = heap.push(source) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private sink(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && before(heap[left]!, heap[least]!)) least = left;
      if (right < heap.length && before(heap[right]!, heap[least]!)) least = right;
      if (least === i) return;
      [heap[i], heap[least]] = [heap[least]!, heap[i]!];
      i = least;
    }
  }
}

/** Actions in agenda order, one at a time: `head` is the next one (undefined once done). */
type Source = { head: AgendaAction | undefined; advance(): void; order: number };

function before(a: Source, b: Source): boolean {
  return (byTimeThenStep(a.head!, b.head!) || a.order - b.order) < 0;
}

type Context = {
  hour: number;
  minute: number;
  /** Days (epochDay) of `now`'s Vietnam date and of `until`. */
  today: number;
  until: number;
  nowMs: number;
  legacy: boolean;
  now: Date;
  addWorkingDays: (day: number, n: number) => number;
  /** Numbers the sources in the order the agenda always listed its actions. */
  order: () => number;
};

function contextOf(policy: TaskPolicy, calendar: WorkingDays, options: AgendaOptions): Context {
  const { hour, minute } = officeTime(policy);
  const nowMs = options.now.getTime();
  let order = 0;
  return {
    hour,
    minute,
    // An invalid `now` drops every reminder, as comparing with its date ('NaN-NaN-NaN') always did.
    today: Number.isNaN(nowMs) ? Infinity : vietnamEpochDayOf(nowMs),
    until: epochDay(options.until),
    nowMs,
    legacy: options.missed === 'legacy',
    now: options.now,
    addWorkingDays: calendar.addWorkingDayNumbers
      ? calendar.addWorkingDayNumbers.bind(calendar)
      : (day, n) => epochDay(calendar.addWorkingDays(isoDateOfEpochDay(day), n)),
    order: () => order++,
  };
}

/** An obligation's sources, in the order the agenda listed its actions: reminders, overdue status, overdue, each level's ladder. */
function sourcesOf(obligation: Obligation, policy: TaskPolicy, c: Context): Source[] {
  const { id, due } = obligation;
  const dueDay = epochDay(due);
  const sources: Source[] = [];
  const reminders: AgendaAction[] = [];
  for (const offset of [...new Set(policy.reminderOffsets)].sort((a, b) => b - a)) {
    const day = offset === 0 ? dueDay : c.addWorkingDays(dueDay, -offset);
    if (day < c.today) continue;
    const at = new Date(vietnamInstantMs(day, c.hour, c.minute)).toISOString();
    reminders.push({ obligationId: id, due, key: `${id}@${due}:reminder:${offset}`, type: 'reminder', at, date: offset === 0 ? due : isoDateOfEpochDay(day), offset });
  }
  sources.push(fromList(reminders.sort(byTimeThenStep), c.order()));
  const overdueDate = isoDateOfEpochDay(dueDay + 1);
  sources.push(fromList([{ obligationId: id, due, key: `${id}@${due}:overdue-status`, type: 'overdue_status', at: new Date(vietnamInstantMs(dueDay + 1)).toISOString(), date: overdueDate }], c.order()));
  sources.push(fromList([{ obligationId: id, due, key: `${id}@${due}:overdue`, type: 'overdue', at: new Date(vietnamInstantMs(dueDay + 1, c.hour, c.minute)).toISOString(), date: overdueDate }], c.order()));
  for (const step of policy.escalation) sources.push(...ladderOf(obligation, dueDay, step, c));
  return sources;
}

function fromList(actions: AgendaAction[], order: number): Source {
  let i = 0;
  const source: Source = {
    head: actions[0],
    advance: () => void (source.head = actions[++i]),
    order,
  };
  return source;
}

/**
 * One level's notices, as sources. Acknowledged (not legacy) → none; caught up → repeats from the
 * catch-up date; else from the first notice, the missed ones collapsed to the latest (legacy: moved to
 * now and flagged `catchUp`, a source of its own, listed before the repeats to come).
 */
function ladderOf(obligation: Obligation, dueDay: number, step: TaskPolicy['escalation'][number], c: Context): Source[] {
  const { id, due } = obligation;
  const acknowledged = obligation.acknowledgedLevels.includes(step.level);
  const caughtUp = !c.legacy && obligation.caughtUp?.levels.includes(step.level) ? obligation.caughtUp.date : undefined;
  if (!c.legacy && (acknowledged || (caughtUp !== undefined && !step.requireAck))) return [];
  const keyOf =
    caughtUp !== undefined
      ? (k: number) => `${id}@${due}:escalation:${step.level}:from-${caughtUp}:${k}`
      : (k: number) => `${id}@${due}:escalation:${step.level}:${k}`;
  const action = (day: number, k: number): AgendaAction => ({
    obligationId: id,
    due,
    key: keyOf(k),
    type: 'escalation',
    at: new Date(vietnamInstantMs(day, c.hour, c.minute)).toISOString(),
    date: isoDateOfEpochDay(day),
    level: step.level,
    repeat: k,
  });
  const repeats = step.requireAck && !(c.legacy && acknowledged);
  const ladder = new Ladder(c, step.repeatEveryWorkingDays, repeats, action);
  if (caughtUp !== undefined) ladder.start(c.addWorkingDays(epochDay(caughtUp), step.repeatEveryWorkingDays), 1);
  else ladder.start(c.addWorkingDays(dueDay, step.afterWorkingDays + 1), 0);
  // The repeats already past: only the latest is kept.
  let missed: { day: number; k: number } | undefined;
  while (ladder.next !== undefined && vietnamInstantMs(ladder.next, c.hour, c.minute) < c.nowMs) {
    missed = { day: ladder.next, k: ladder.k };
    ladder.step();
  }
  if (!missed) return [ladder.source(c.order())];
  const latest = action(missed.day, missed.k);
  if (!c.legacy) return [ladder.source(c.order(), latest)];
  return [fromList([{ ...latest, at: c.now.toISOString(), catchUp: true }], c.order()), ladder.source(c.order())];
}

/**
 * A ladder's days: the first notice (or the first repeat after a catch-up), then every
 * `every` working days while `repeats`, up to `until`. Each day is computed once the previous one was
 * read, and the day after the last one too (as the agenda always did: a snapshot that does not reach
 * it throws).
 */
class Ladder {
  /** The next day to read, undefined once past `until` (or after the one notice). */
  next: number | undefined;
  k = 0;

  constructor(
    private readonly c: Context,
    private readonly every: number,
    private readonly repeats: boolean,
    private readonly action: (day: number, k: number) => AgendaAction,
  ) {}

  start(day: number, k: number): void {
    this.k = k;
    this.next = day <= this.c.until ? day : undefined;
  }

  step(): void {
    const day = this.next!;
    this.k++;
    this.next = undefined;
    if (this.repeats) {
      const following = this.c.addWorkingDays(day, this.every);
      if (following <= this.c.until) this.next = following;
    }
  }

  /** The rest of the ladder as a source, after `first` when given. */
  source(order: number, first?: AgendaAction): Source {
    const source: Source = {
      head: first ?? this.current(),
      advance: () => {
        if (first) first = undefined;
        else this.step();
        source.head = this.current();
      },
      order,
    };
    return source;
  }

  private current(): AgendaAction | undefined {
    return this.next === undefined ? undefined : this.action(this.next, this.k);
  }
}

const RANK: Record<ActionType, number> = { reminder: 0, overdue_status: 1, overdue: 2, escalation: 3 };

/** Earlier first; at the same instant the overdue notice before the escalations, level 1 first. */
function byTimeThenStep(a: AgendaAction, b: AgendaAction): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return RANK[a.type] - RANK[b.type] || (a.level ?? 0) - (b.level ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
