/**
 * Working-day arithmetic for workflows. Workflows call these as local activities, so the result is
 * recorded in history (replay stays deterministic) while the calendar data can change without a
 * release (an admin adds next year's official days off).
 */
import { agenda, type AgendaAction, type Obligation } from '../domain/agenda';
import type { TaskPolicy } from '../domain/policy';
import type { IsoDate } from '../domain/dates';
import { loadCalendar } from '../domain/calendar/load';

let calendar: ReturnType<typeof loadCalendar> | undefined;

function workingCalendar(): ReturnType<typeof loadCalendar> {
  calendar ??= loadCalendar(process.env.DONDOC_CALENDAR_DIR);
  return calendar;
}

/** Forget the loaded calendar so the next call reads the data files again (after an admin edit). */
export function reloadCalendar(): void {
  calendar = undefined;
}

export async function planAgenda(obligations: Obligation[], policy: TaskPolicy, nowIso: string, until: IsoDate): Promise<AgendaAction[]> {
  return agenda(obligations, policy, workingCalendar(), { now: new Date(nowIso), until });
}

export async function addWorkingDays(date: IsoDate, days: number): Promise<IsoDate> {
  return workingCalendar().addWorkingDays(date, days);
}
