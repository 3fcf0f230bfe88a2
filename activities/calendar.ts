/**
 * The working-day calendar for workflows: a snapshot of a date range's holidays and make-up days,
 * taken as a local activity so the result is recorded in history (replay stays deterministic) while
 * the calendar data can change without a release (an admin adds next year's official days off).
 */
import { addDays, type IsoDate } from '../domain/dates';
import { agendaSnapshotRange, type WorkingDaysSnapshot } from '../domain/workdays';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_CALENDAR_DIR, loadCalendar } from '../domain/calendar/load';
import { CalendarInputError, type WorkingCalendar } from '../domain/calendar';
import { ApplicationFailure } from '@temporalio/common';
import { agenda, type AgendaAction, type Obligation } from '../domain/agenda';
import type { TaskPolicy } from '../domain/policy';

let cached: { signature: string; calendar: WorkingCalendar; snapshots: Map<string, WorkingDaysSnapshot> } | undefined;
/** When the calendar files' signature was last read (epoch ms), and with which extra folder. */
let checked = { at: 0, extra: undefined as string | undefined };

/** How long the calendar files are trusted unchanged: a burst of reminders lists the folder once a second, not per message. */
const RECHECK_MS = 1_000;

/** Snapshots kept per calendar version; the oldest goes first beyond this many ranges. */
const MAX_SNAPSHOTS = 512;

/**
 * The calendar, built once and built again only when a calendar file changes (name, size or mtime), so
 * an admin's edit takes effect within a second without rebuilding it (~35 ms) for every workflow.
 */
export function currentCalendar(): WorkingCalendar {
  return calendarState().calendar;
}

/** The calendar and its snapshots, for the calendar files as they are now. */
function calendarState(): NonNullable<typeof cached> {
  const extra = process.env.DONDOC_CALENDAR_DIR;
  const now = Date.now();
  if (cached && checked.extra === extra && now - checked.at < RECHECK_MS) return cached;
  checked = { at: now, extra };
  const signature = [BUILT_IN_CALENDAR_DIR, ...(extra ? [extra] : [])].map(directorySignature).join('|');
  if (cached?.signature !== signature) cached = { signature, calendar: loadCalendar(extra), snapshots: new Map() };
  return cached;
}

function directorySignature(dir: string): string {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => {
        const info = statSync(join(dir, name));
        return `${name}@${info.mtimeMs}:${info.size}`;
      })
      .join(',');
  } catch {
    return `${dir}: unreadable`; // loadCalendar reports what is wrong with it
  }
}

/**
 * The holidays and make-up days of a range, computed once per range and calendar version (the
 * signature of the calendar files): most workflows ask for the same few ranges (issue 17).
 */
export async function workingDaysSnapshot(from: IsoDate, to: IsoDate): Promise<WorkingDaysSnapshot> {
  return answerable(() => {
    const snapshot = cachedSnapshot(from, to);
    return { from, to, holidays: [...snapshot.holidays], makeUp: [...snapshot.makeUp] };
  });
}

/** The snapshot of a range from the cache, computed on first use (shared: not to be changed). */
function cachedSnapshot(from: IsoDate, to: IsoDate): WorkingDaysSnapshot {
  const { calendar, snapshots } = calendarState();
  const range = `${from}..${to}`;
  let snapshot = snapshots.get(range);
  if (!snapshot) {
    snapshot = snapshotOf(calendar, from, to);
    if (snapshots.size >= MAX_SNAPSHOTS) snapshots.delete(snapshots.keys().next().value!);
    snapshots.set(range, snapshot);
  }
  return snapshot;
}

/**
 * The calendar a starter puts in a task's input (`TaskWorkflowInput.calendar`), so that its first
 * agenda needs no local activity: the range the agenda of these due dates needs, with a week to
 * spare on each side for a start that runs a few days later. None without due dates, or when the
 * calendar cannot answer (the workflow then asks its local activity, which reports why).
 */
export function calendarForStart(dues: IsoDate[], today: IsoDate, horizonDays: number): WorkingDaysSnapshot | undefined {
  if (dues.length === 0) return undefined;
  const range = agendaSnapshotRange(dues, addDays(today, -7), addDays(today, horizonDays + 7));
  try {
    return cachedSnapshot(range.from, range.to);
  } catch {
    return undefined;
  }
}

function snapshotOf(calendar: WorkingCalendar, from: IsoDate, to: IsoDate): WorkingDaysSnapshot {
  const snapshot: WorkingDaysSnapshot = { from, to, holidays: [], makeUp: [] };
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const info = calendar.dayInfo(date);
    if (info.kind === 'holiday') snapshot.holidays.push(date);
    if (info.kind === 'make-up') snapshot.makeUp.push(date);
  }
  return snapshot;
}

/**
 * The agenda of a one-stop file, computed by the worker: kept only for file runs recorded before
 * files computed their agenda from a calendar snapshot like tasks (workflows/run-loop.ts). `missed`
 * is absent for runs recorded before acknowledgements stopped re-sending (legacy).
 */
export async function planAgenda(obligations: Obligation[], policy: TaskPolicy, nowIso: string, until: IsoDate, missed?: 'workflow'): Promise<AgendaAction[]> {
  return answerable(() => agenda(obligations, policy, currentCalendar(), { now: new Date(nowIso), until, missed: missed ?? 'legacy' }));
}

export async function addWorkingDays(date: IsoDate, days: number): Promise<IsoDate> {
  return answerable(() => currentCalendar().addWorkingDays(date, days));
}

/**
 * A date the calendar cannot answer for (outside its years) never becomes answerable by retrying:
 * it fails at once, without retries, with the calendar's Vietnamese reason.
 */
function answerable<T>(compute: () => T): T {
  try {
    return compute();
  } catch (err) {
    if (err instanceof CalendarInputError) throw ApplicationFailure.nonRetryable(err.message, 'CalendarOutOfRange');
    throw err;
  }
}
