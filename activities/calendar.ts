/**
 * The working-day calendar for workflows: a snapshot of a date range's holidays and make-up days,
 * taken as a local activity so the result is recorded in history (replay stays deterministic) while
 * the calendar data can change without a release (an admin adds next year's official days off).
 */
import { addDays, type IsoDate } from '../domain/dates';
import type { WorkingDaysSnapshot } from '../domain/workdays';
import { loadCalendar } from '../domain/calendar/load';
import { agenda, type AgendaAction, type Obligation } from '../domain/agenda';
import type { TaskPolicy } from '../domain/policy';

export async function workingDaysSnapshot(from: IsoDate, to: IsoDate): Promise<WorkingDaysSnapshot> {
  const calendar = loadCalendar(process.env.DONDOC_CALENDAR_DIR);
  const snapshot: WorkingDaysSnapshot = { from, to, holidays: [], makeUp: [] };
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const info = calendar.dayInfo(date);
    if (info.kind === 'holiday') snapshot.holidays.push(date);
    if (info.kind === 'make-up') snapshot.makeUp.push(date);
  }
  return snapshot;
}

/** The agenda of a few obligations (one-stop files); tasks with many members use the snapshot instead. */
export async function planAgenda(obligations: Obligation[], policy: TaskPolicy, nowIso: string, until: IsoDate): Promise<AgendaAction[]> {
  return agenda(obligations, policy, loadCalendar(process.env.DONDOC_CALENDAR_DIR), { now: new Date(nowIso), until });
}

export async function addWorkingDays(date: IsoDate, days: number): Promise<IsoDate> {
  return loadCalendar(process.env.DONDOC_CALENDAR_DIR).addWorkingDays(date, days);
}
