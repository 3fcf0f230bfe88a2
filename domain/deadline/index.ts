/**
 * parseDeadline: reads a Vietnamese "Thời gian" cell into a Schedule. It never throws and never
 * returns an invalid date; what it cannot understand becomes `unspecified` with a reason.
 * Conventions: docs/deadline-phrases.md.
 */
import { isValidIsoDate } from '../dates';
import type { Schedule } from '../schedule';
import { isSupportedYear } from './calendar';
import { explainUnspecified } from './explain';
import { interpret, type Reading } from './interpret';
import { cleanCell, matchForm } from './normalize';
import type { PlanContext } from './resolve';
import { scan } from './scan';
import { splitCell } from './split-items';
import { summarize } from './summarize';

export type ParseDeadlineOptions = {
  /** The plan's year: dates written without a year belong to it. */
  planYear: number;
  /** The plan's date of issue (YYYY-MM-DD): the start of "kể từ ngày ký" periods. */
  issuedOn?: string;
};

/** Reason shown when the parser hit a defect of its own (tests assert it never happens). */
export const INTERNAL_FAILURE_REASON = 'lỗi nội bộ khi đọc cụm từ thời gian';

export function parseDeadline(text: string, opts: ParseDeadlineOptions): Schedule {
  const source = typeof text === 'string' ? text : String(text ?? '');
  try {
    const schedule = parseCell(source, planContext(opts));
    return datesAreValid(schedule) ? schedule : failure(source);
  } catch {
    return failure(source);
  }
}

function planContext(opts: ParseDeadlineOptions | undefined): PlanContext {
  const planYear = opts !== undefined && isSupportedYear(opts.planYear) ? opts.planYear : null;
  const issued = opts?.issuedOn;
  const issuedOn = typeof issued === 'string' && isValidIsoDate(issued) && isSupportedYear(Number(issued.slice(0, 4))) ? issued : null;
  return { planYear, issuedOn };
}

function parseCell(text: string, ctx: PlanContext): Schedule {
  const items = splitCell(cleanCell(text));
  const only = items[0];
  if (only === undefined) return schedule(text, read('', ctx));
  if (items.length === 1 && only.agency === null) return schedule(text, read(only.text, ctx));
  const parts = items.map((item) => {
    const reading = read(item.text, ctx);
    return { agency: item.agency ?? '', schedule: schedule(item.text, reading), short: reading.short };
  });
  return summarize(text, parts);
}

function read(text: string, ctx: PlanContext): Reading {
  return interpret(scan(matchForm(text)), text, ctx);
}

function schedule(text: string, reading: Reading): Schedule {
  const { kind, due, start, milestones, recurrence, explanation, end, firstDue, onRequest, after } = reading;
  return {
    text,
    kind,
    due,
    start,
    milestones,
    recurrence,
    parts: [],
    explanation,
    ...(end ? { end } : {}),
    ...(firstDue ? { firstDue } : {}),
    ...(onRequest ? { onRequest } : {}),
    ...(after ? { after } : {}),
  };
}

function failure(text: string): Schedule {
  return { text, kind: 'unspecified', due: null, start: null, milestones: [], recurrence: null, parts: [], explanation: explainUnspecified(INTERNAL_FAILURE_REASON) };
}

function datesAreValid(s: Schedule): boolean {
  const dates = [s.due, s.start ?? null, s.end ?? null, s.firstDue ?? null, ...s.milestones].filter((d): d is string => d !== null);
  return dates.every(isValidIsoDate) && s.parts.every((p) => datesAreValid(p.schedule));
}

export { occurrences, type Occurrence } from './occurrences';
