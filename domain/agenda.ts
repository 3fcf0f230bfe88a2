/**
 * The agenda of one deadline: when to remind, when it turns overdue, when each escalation level
 * fires and re-fires. Pure: the workflows (tasks and one-stop files, workflows/run-loop.ts) compute
 * it from a working-day calendar snapshot taken by a local activity, and sleep until each action.
 * What was missed is merged into one catch-up by domain/catch-up.ts.
 */
import { addDays, vietnamDateOf, vietnamInstant, endOfVietnamDay, type IsoDate } from './dates';
import { officeTime, type TaskPolicy } from './policy';

export interface WorkingDays {
  /** n working days after (n < 0: before) `date`; the date itself does not count. */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
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

export function obligationAgenda(
  obligation: Obligation,
  policy: TaskPolicy,
  calendar: WorkingDays,
  options: AgendaOptions,
): AgendaAction[] {
  const { hour, minute } = officeTime(policy);
  const at = (date: IsoDate) => vietnamInstant(date, hour, minute);
  const { id, due } = obligation;
  const base = { obligationId: id, due };
  const actions: AgendaAction[] = [];

  for (const offset of [...new Set(policy.reminderOffsets)].sort((a, b) => b - a)) {
    const date = offset === 0 ? due : calendar.addWorkingDays(due, -offset);
    if (date < vietnamDateOf(options.now)) continue;
    actions.push({ ...base, key: `${id}@${due}:reminder:${offset}`, type: 'reminder', at: at(date).toISOString(), date, offset });
  }
  actions.push({ ...base, key: `${id}@${due}:overdue-status`, type: 'overdue_status', at: endOfVietnamDay(due).toISOString(), date: addDays(due, 1) });
  const overdueDate = addDays(due, 1);
  actions.push({ ...base, key: `${id}@${due}:overdue`, type: 'overdue', at: at(overdueDate).toISOString(), date: overdueDate });

  for (const step of policy.escalation) {
    if (options.missed !== 'legacy') {
      actions.push(...ladderOf(obligation, step, calendar, options, at));
      continue;
    }
    let date = calendar.addWorkingDays(due, step.afterWorkingDays + 1);
    const repeats: AgendaAction[] = [];
    for (let repeat = 0; date <= options.until; repeat++) {
      repeats.push({ ...base, key: `${id}@${due}:escalation:${step.level}:${repeat}`, type: 'escalation', at: at(date).toISOString(), date, level: step.level, repeat });
      if (!step.requireAck || obligation.acknowledgedLevels.includes(step.level)) break;
      date = calendar.addWorkingDays(date, step.repeatEveryWorkingDays);
    }
    const past = repeats.filter((a) => new Date(a.at) < options.now);
    // A ladder that starts late (import of an overdue task, worker down for days) notifies each
    // level once, now and in level order, for what was missed, not once per missed repeat.
    const missed = past.at(-1);
    if (missed) actions.push({ ...missed, at: options.now.toISOString(), catchUp: true });
    actions.push(...repeats.slice(past.length));
  }
  return actions.sort(byTimeThenStep);
}

/** One level's notices: acknowledged → none; caught up → repeats from the catch-up date; else from the first notice, missed ones collapsed to the latest. */
function ladderOf(
  obligation: Obligation,
  step: TaskPolicy['escalation'][number],
  calendar: WorkingDays,
  options: AgendaOptions,
  at: (date: IsoDate) => Date,
): AgendaAction[] {
  const { id, due } = obligation;
  if (obligation.acknowledgedLevels.includes(step.level)) return [];
  const action = (date: IsoDate, key: string, repeat: number): AgendaAction => ({
    obligationId: id,
    due,
    key,
    type: 'escalation',
    at: at(date).toISOString(),
    date,
    level: step.level,
    repeat,
  });
  const repeats: AgendaAction[] = [];
  const caughtUp = obligation.caughtUp?.levels.includes(step.level) ? obligation.caughtUp.date : undefined;
  if (caughtUp !== undefined) {
    if (!step.requireAck) return [];
    let date = calendar.addWorkingDays(caughtUp, step.repeatEveryWorkingDays);
    for (let k = 1; date <= options.until; k++) {
      repeats.push(action(date, `${id}@${due}:escalation:${step.level}:from-${caughtUp}:${k}`, k));
      date = calendar.addWorkingDays(date, step.repeatEveryWorkingDays);
    }
  } else {
    let date = calendar.addWorkingDays(due, step.afterWorkingDays + 1);
    for (let repeat = 0; date <= options.until; repeat++) {
      repeats.push(action(date, `${id}@${due}:escalation:${step.level}:${repeat}`, repeat));
      if (!step.requireAck) break;
      date = calendar.addWorkingDays(date, step.repeatEveryWorkingDays);
    }
  }
  const past = repeats.filter((a) => new Date(a.at) < options.now);
  return [...past.slice(-1), ...repeats.slice(past.length)];
}

const RANK: Record<ActionType, number> = { reminder: 0, overdue_status: 1, overdue: 2, escalation: 3 };

/** Earlier first; at the same instant the overdue notice before the escalations, level 1 first. */
function byTimeThenStep(a: AgendaAction, b: AgendaAction): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return RANK[a.type] - RANK[b.type] || (a.level ?? 0) - (b.level ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

export function agenda(obligations: Obligation[], policy: TaskPolicy, calendar: WorkingDays, options: AgendaOptions): AgendaAction[] {
  return obligations.flatMap((o) => obligationAgenda(o, policy, calendar, options)).sort(byTimeThenStep);
}
