/**
 * Decides what one deadline phrase means from what the scanner found, in a fixed order of
 * precedence (see docs/deadline-phrases.md):
 * relative period with a known start → periodicity (unless a "theo …" clause defers its day) →
 * dates → open-ended → event → ongoing → "theo …" → unspecified.
 */
import { addDays, daysInMonth, formatVietnamese, parts, type IsoDate } from '../dates';
import type { Period, Recurrence, Schedule } from '../schedule';
import { addMonths, isSupportedYear } from './calendar';
import {
  explainEvent,
  explainMilestones,
  explainOnce,
  explainOngoing,
  explainRecurring,
  explainUnspecified,
  recurrenceNames,
} from './explain';
import { lowerFirst } from './normalize';
import { resolveAtom, resolveGroup, type Due, type PlanContext, type ResolvedGroup } from './resolve';
import type { Atom, Range, RelativeMark, Scan } from './scan-types';

/** One phrase's reading; the caller adds `text` and `parts`. */
export type Reading = Omit<Schedule, 'text' | 'parts' | 'start'> & {
  start: IsoDate | null;
  /** A few words for a multi-part summary: "hạn 31/12/2025", "thường xuyên". */
  short: string;
};

const fmt = formatVietnamese;
const UNIT_NAMES: Record<RelativeMark['unit'], string> = { day: 'ngày', week: 'tuần', month: 'tháng', year: 'năm' };

export function interpret(found: Scan, display: string, ctx: PlanContext): Reading {
  const view = withoutDeferredClauses(found);
  const clause = (range: Range): string => clauseText(display, range);
  const groups = view.groups.map((group) => resolveGroup(group, ctx));
  const notes = [...found.notes, ...groups.flatMap((g) => g.notes)];

  const relative = relativeDeadline(view.relatives, ctx);
  if (relative) return relative;

  const recurring = recurringReading(view, groups);
  if (recurring) return recurring;

  const dated = datedReading(groups, view.untils.length > 0 ? clause(view.untils[0] as Range) : null);
  if (dated) return dated;

  if (view.untils[0]) return ongoing(null, clause(view.untils[0]), false);
  const firstRelative = view.relatives[0];
  if (firstRelative) return relativeEvent(firstRelative, display, ctx);
  if (view.events[0]) return event(clause(view.events[0]), null);
  if (view.marks.some((m) => m.type === 'adhoc')) return event('đột xuất', null);
  if (view.marks.some((m) => m.type === 'ongoing')) return ongoing(null, null, false);
  if (view.marks.some((m) => m.type === 'daily')) return ongoing(null, null, true);
  const theo = view.theo[0];
  if (theo) return unspecified(clause(theo));
  if (view.marks.some((m) => m.type === 'periodic')) {
    return unspecified(['định kỳ nhưng không nêu rõ chu kỳ', ...notes].join('; '));
  }
  if (view.marks.some((m) => m.type === 'upkeep')) return ongoing(null, null, false);
  if (notes.length > 0) return unspecified(notes.join('; '));
  return unspecified(display.trim() === '' ? 'ô trống' : `không nhận ra thời hạn trong “${display.trim()}”`);
}

/** Drops what lies inside "theo …" clauses, and dates inside event clauses ("sau khi … năm 2025"). */
function withoutDeferredClauses(found: Scan): Scan {
  const inside = (pos: number, ranges: Range[]): boolean => ranges.some((r) => pos >= r.start && pos < r.end);
  const keep = <T extends Range>(items: T[]): T[] => items.filter((item) => !inside(item.start, found.theo));
  const events = keep(found.events);
  const untils = keep(found.untils);
  const groups = keep(found.groups).filter((g) => !inside(g.start, events) && !inside(g.start, untils));
  // "Trước ngày 31/3/2025 (báo cáo quý I)": a date in brackets only comments on the one before it.
  const outside = groups.filter((g) => !inside(g.start, found.asides));
  return {
    ...found,
    groups: outside.length > 0 ? outside : groups,
    recurrences: keep(found.recurrences),
    dayRules: keep(found.dayRules),
    weekdays: keep(found.weekdays),
    times: keep(found.times),
    relatives: keep(found.relatives),
    marks: keep(found.marks),
    events,
    untils,
  };
}

function clauseText(display: string, range: Range): string {
  return lowerFirst(display.slice(range.start, range.end).trim().replace(/[\s.,;:]+$/, ''));
}

// ---- readings -----------------------------------------------------------------------------

function once(due: Due, start: IsoDate | null): Reading {
  const from = start !== null && start <= due.due ? start : null;
  return { kind: 'once', due: due.due, milestones: [due.due], recurrence: null, start: from, explanation: explainOnce(due, from), short: `hạn ${fmt(due.due)}` };
}

function milestones(dues: Due[], start: IsoDate | null): Reading {
  const last = dues[dues.length - 1] as Due;
  const from = start !== null && start <= last.due ? start : null;
  return {
    kind: 'milestones',
    due: last.due,
    milestones: dues.map((d) => d.due),
    recurrence: null,
    start: from,
    explanation: explainMilestones(dues, from),
    short: `các mốc ${dues.map((d) => fmt(d.due)).join(', ')}`,
  };
}

function recurringOf(list: Recurrence[], start: IsoDate | null): Reading {
  const recurrence = list.length === 1 ? (list[0] as Recurrence) : list;
  return { kind: 'recurring', due: null, milestones: [], recurrence, start, explanation: explainRecurring(list, start), short: `định kỳ ${recurrenceNames(list)}` };
}

function ongoing(start: IsoDate | null, until: string | null, daily: boolean): Reading {
  const short = `${daily ? 'hằng ngày' : 'thường xuyên'}${start !== null ? ` từ ${fmt(start)}` : ''}${until !== null ? ` ${until}` : ''}`;
  return { kind: 'ongoing', due: null, milestones: [], recurrence: null, start, explanation: explainOngoing(start, until, daily), short };
}

function event(trigger: string, after: string | null): Reading {
  return { kind: 'event', due: null, milestones: [], recurrence: null, start: null, explanation: explainEvent(trigger, after), short: `khi có sự kiện (${trigger})` };
}

function unspecified(reason: string): Reading {
  return { kind: 'unspecified', due: null, milestones: [], recurrence: null, start: null, explanation: explainUnspecified(reason), short: `chưa xác định (${reason})` };
}

// ---- relative periods -----------------------------------------------------------------------

function shift(anchor: IsoDate, rel: RelativeMark): IsoDate | null {
  const { amount, unit } = rel;
  if (!Number.isFinite(amount) || amount > 100_000) return null;
  const due = unit === 'day' ? addDays(anchor, amount) : unit === 'week' ? addDays(anchor, amount * 7) : addMonths(anchor, unit === 'month' ? amount : amount * 12);
  return isSupportedYear(parts(due).year) ? due : null;
}

/** "trong vòng 30 ngày kể từ ngày ký" with the plan's date known, or counted from a written date. */
function relativeDeadline(relatives: RelativeMark[], ctx: PlanContext): Reading | null {
  for (const rel of relatives) {
    if (rel.working) continue; // working days need the holiday calendar
    let anchor: IsoDate | null = null;
    let anchorWords = '';
    if (rel.anchor.kind === 'issue' && ctx.issuedOn) {
      anchor = ctx.issuedOn;
      anchorWords = `ngày ký ${fmt(anchor)}`;
    } else if (rel.anchor.kind === 'date') {
      const resolved = resolveAtom(rel.anchor.atom, ctx);
      if (typeof resolved !== 'string') {
        anchor = resolved.start;
        anchorWords = resolved.label;
      }
    }
    const due = anchor === null ? null : shift(anchor, rel);
    if (due !== null) return once({ due, reason: `${rel.amount} ${UNIT_NAMES[rel.unit]} kể từ ${anchorWords}` }, null);
  }
  return null;
}

function relativeEvent(rel: RelativeMark, display: string, ctx: PlanContext): Reading {
  const after = `${rel.amount} ${UNIT_NAMES[rel.unit]}${rel.working ? ' làm việc' : ''}`;
  switch (rel.anchor.kind) {
    case 'event':
      return event(clauseText(display, rel.anchor.clause), after);
    case 'issue':
      return event(ctx.issuedOn ? `kể từ ngày ký ${fmt(ctx.issuedOn)}, cần lịch ngày làm việc để tính` : 'kể từ ngày ký, chưa biết ngày ký', after);
    case 'date': {
      const resolved = resolveAtom(rel.anchor.atom, ctx);
      return event(`kể từ ${typeof resolved === 'string' ? resolved : resolved.label}, cần lịch ngày làm việc để tính`, after);
    }
    case 'none':
      return event('chưa rõ mốc bắt đầu tính', after);
  }
}

// ---- periodicity ----------------------------------------------------------------------------

function hasYear(atom: Atom): boolean {
  return atom.year !== undefined || atom.yearOffset !== undefined;
}

function recurringReading(view: Scan, groups: ResolvedGroup[]): Reading | null {
  const units = periodUnits(view);
  if (units.length === 0) return null;
  const written = groups.filter((g) => g.group.items.some((item) => hasYear(item.from) || (item.to !== undefined && hasYear(item.to))));
  const yearless = groups
    .filter((g) => !written.includes(g))
    .flatMap((g) => g.group.items.filter((item) => !item.to).map((item) => ({ atom: item.from, before: g.group.prefix === 'before' })));
  const hasDayRule = view.dayRules.length > 0 || view.weekdays.length > 0 || view.times.length > 0 || yearless.length > 0;
  if (view.theo.length > 0 && !hasDayRule) return null;

  // "Hoàn thành trong quý II/2026, sau đó cập nhật hằng năm": the first completion is the deadline.
  const firstPeriodic = Math.min(...view.recurrences.map((r) => r.start), ...view.dayRules.map((r) => r.start));
  const completion = written.find((g) => g.group.start < firstPeriodic);
  if (completion) {
    const completeBefore = view.marks.some((m) => m.type === 'complete' && m.start < completion.group.start);
    const upkeepAfter = view.marks.some((m) => m.type === 'upkeep' && m.start > completion.group.start && m.start < firstPeriodic);
    if (completeBefore || upkeepAfter) return null;
  }

  const list = buildRecurrences(units, view, yearless);
  const starts = written.map((g) => g.start ?? g.firstDay).filter((d): d is IsoDate => d !== null);
  const start = starts.length > 0 ? starts.reduce((a, b) => (a <= b ? a : b)) : null;
  return recurringOf(list, start);
}

/** The periods named, in the order written; a day rule names its own period. */
function periodUnits(view: Scan): Period[] {
  const units: Period[] = [...view.recurrences].sort((a, b) => a.start - b.start).map((r) => r.every);
  for (const rule of view.dayRules) {
    const every = rule.every ?? (units.includes('half-year') && !units.includes('quarter') ? 'half-year' : 'quarter');
    units.push(every);
  }
  return [...new Set(units)];
}

type Yearless = { atom: Atom; before: boolean };

function buildRecurrences(units: Period[], view: Scan, yearless: Yearless[]): Recurrence[] {
  const out: Recurrence[] = [];
  const dayOnly = yearless.filter((y) => y.atom.unit === 'day' && y.atom.month === undefined && y.atom.day !== undefined && !y.atom.invalid);
  const flag = (before: boolean): { before?: true } => (before ? { before: true } : {});
  for (const every of units) {
    switch (every) {
      case 'week': {
        const weekday = view.weekdays[0];
        const time = view.times[0];
        out.push({
          every,
          ...(weekday ? { weekday: weekday.weekday, ...flag(weekday.before) } : {}),
          ...(time ? { time: `${String(time.hour % 24).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}` } : {}),
        });
        break;
      }
      case 'month':
        if (dayOnly.length === 0) out.push({ every });
        for (const d of dayOnly) out.push({ every, day: d.atom.day as number, ...flag(d.before) });
        break;
      case 'quarter':
      case 'half-year': {
        const rules = view.dayRules.filter((r) => r.every === every || r.every === null);
        for (const r of rules) out.push({ every, day: r.day, monthOfPeriod: r.monthOfPeriod, ...flag(r.before) });
        if (rules.length === 0) {
          if (dayOnly.length === 0) out.push({ every });
          for (const d of dayOnly) out.push({ every, day: d.atom.day as number, monthOfPeriod: 'last', ...flag(d.before) });
        }
        break;
      }
      case 'year': {
        const yearly = yearless.flatMap((y) => yearlyRule(y));
        if (yearly.length === 0) out.push({ every });
        out.push(...yearly);
        break;
      }
    }
  }
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "trước ngày 15/12" → 14/12 each year; "tháng 6" → 30/06; "trước tháng 6" → 31/05; "quý I" → 31/03. */
function yearlyRule({ atom, before }: Yearless): Recurrence[] {
  if (atom.invalid) return [];
  if (atom.unit === 'day' && atom.day !== undefined && atom.month !== undefined) {
    if (atom.day > daysInMonth(2000, atom.month)) return [];
    return [{ every: 'year', month: atom.month, day: atom.day, ...(before ? { before: true as const } : {}) }];
  }
  const lastMonth = atom.unit === 'month' ? atom.month : atom.unit === 'quarter' && atom.quarter ? atom.quarter * 3 : atom.unit === 'half' && atom.half ? atom.half * 6 : undefined;
  const months = atom.unit === 'quarter' ? 3 : atom.unit === 'half' ? 6 : 1;
  if (lastMonth !== undefined) {
    // "trước quý III hằng năm" is due at the end of the month before the period starts.
    const firstMonth = lastMonth - months + 1;
    const month = before ? (firstMonth === 1 ? 12 : firstMonth - 1) : lastMonth;
    return [{ every: 'year', month }];
  }
  return [];
}

// ---- dates ----------------------------------------------------------------------------------

function datedReading(groups: ResolvedGroup[], until: string | null): Reading | null {
  const starts = groups.map((g) => g.start).filter((d): d is IsoDate => d !== null);
  const start = starts.length > 0 ? starts.reduce((a, b) => (a <= b ? a : b)) : null;
  const byDate = new Map<IsoDate, Due>();
  for (const due of groups.flatMap((g) => g.dues)) if (!byDate.has(due.due)) byDate.set(due.due, due);
  const dues = [...byDate.values()].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  const first = dues[0];
  if (first === undefined) return groups.some((g) => g.openStart && (g.start !== null || g.notes.length === 0)) ? ongoing(start, until, false) : null;
  return dues.length === 1 ? once(first, start) : milestones(dues, start);
}
