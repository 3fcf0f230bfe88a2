/**
 * The agenda of one deadline: when to remind, when it turns overdue, when each escalation level
 * fires and re-fires. Pure: the workflow gets the agenda from a local activity (which owns the
 * working-day calendar) and sleeps until each action.
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

const RANK: Record<ActionType, number> = { reminder: 0, overdue_status: 1, overdue: 2, escalation: 3 };

/** Earlier first; at the same instant the overdue notice before the escalations, level 1 first. */
function byTimeThenStep(a: AgendaAction, b: AgendaAction): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return RANK[a.type] - RANK[b.type] || (a.level ?? 0) - (b.level ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

export function agenda(obligations: Obligation[], policy: TaskPolicy, calendar: WorkingDays, options: AgendaOptions): AgendaAction[] {
  return obligations.flatMap((o) => obligationAgenda(o, policy, calendar, options)).sort(byTimeThenStep);
}
