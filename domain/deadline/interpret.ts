/**
 * Decides what one deadline phrase means from what the scanner found, in a fixed order of
 * precedence (see docs/deadline-phrases.md):
 * relative period with a known start → periodicity (unless a "theo …" clause defers its day) →
 * dates → open-ended → event → ongoing → "theo …" → unspecified.
 */
import { addDays, daysInMonth, formatVietnamese, parts, type IsoDate } from '../dates';
import type { EventOffset, Period, Recurrence, Schedule } from '../schedule';
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
import { lowerFirst, matchForm } from './normalize';
import { resolveAtom, resolveGroup, type Due, type PlanContext, type ResolvedGroup } from './resolve';
import type { Atom, DateGroup, Range, RelativeMark, Scan } from './scan-types';

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
  const groups = preciseAside(view.groups.map((group) => resolveGroup(group, ctx)), found, ctx);
  const notes = [...found.notes, ...groups.flatMap((g) => g.notes)];

  const relative = relativeDeadline(view.relatives, ctx);
  if (relative) return relative;

  const recurring = recurringReading(view, groups, display);
  if (recurring) return recurring;

  const dated = datedReading(groups, view.untils.length > 0 ? clause(view.untils[0] as Range) : null);
  if (dated) return dated;

  if (view.untils[0]) return ongoing(null, clause(view.untils[0]), false);
  const firstRelative = view.relatives[0];
  const afterEnd = firstRelative ? periodEndOffset(firstRelative, display) : null;
  if (afterEnd) return recurringOf([{ every: afterEnd.every, afterEnd: afterEnd.offset }], null);
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
  const dated = groups.filter((g) => !g.heading);
  const withoutHeadings = dated.length > 0 ? dated : groups;
  const outside = withoutHeadings.filter((g) => !inside(g.start, found.asides));
  return {
    ...found,
    groups: outside.length > 0 ? outside : withoutHeadings,
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

/**
 * "Quý III/2026 (trước ngày 15/9/2026)", "Trong năm 2026 (trước ngày 30/11/2026)": a day in brackets
 * inside the one period written before it is the precise deadline of that period.
 */
function preciseAside(groups: ResolvedGroup[], found: Scan, ctx: PlanContext): ResolvedGroup[] {
  const only = groups[0];
  const due = only?.dues[0];
  if (groups.length !== 1 || only === undefined || due === undefined || only.dues.length !== 1 || only.group.openEnd) return groups;
  if (only.group.items.some((item) => item.to !== undefined || item.from.unit === 'day')) return groups;
  const inside = (pos: number, ranges: Range[]): boolean => ranges.some((r) => pos >= r.start && pos < r.end);
  const asides = found.groups.filter((g) => inside(g.start, found.asides) && !inside(g.start, found.theo) && !inside(g.start, found.events));
  const aside = asides.length === 1 ? resolveGroup(asides[0] as DateGroup, ctx) : null;
  const precise = aside?.dues.length === 1 ? aside.dues[0] : undefined;
  if (!aside || precise === undefined || aside.group.items.some((item) => item.to !== undefined || item.from.unit !== 'day')) return groups;
  const first = only.firstDay;
  return first !== null && precise.due >= addDays(first, -1) && precise.due <= due.due ? [aside] : groups;
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

type RecurringExtras = { end?: IsoDate | null; firstDue?: Due | null; onRequest?: boolean };

function recurringOf(list: Recurrence[], start: IsoDate | null, extras: RecurringExtras = {}): Reading {
  const recurrence = list.length === 1 ? (list[0] as Recurrence) : list;
  const { end, firstDue, onRequest } = extras;
  const sentences = [
    explainRecurring(list, start),
    end ? `, đến ${fmt(end)}` : '',
    firstDue ? `; hạn đầu tiên: ${fmt(firstDue.due)} (${firstDue.reason})` : '',
    onRequest ? '; ngoài ra báo cáo khi có yêu cầu' : '',
  ];
  return {
    kind: 'recurring',
    due: null,
    milestones: [],
    recurrence,
    start,
    ...(end ? { end } : {}),
    ...(firstDue ? { firstDue: firstDue.due } : {}),
    ...(onRequest ? { onRequest: true } : {}),
    explanation: sentences.join(''),
    short: `định kỳ ${recurrenceNames(list)}${firstDue ? ` sau hạn ${fmt(firstDue.due)}` : ''}`,
  };
}

function ongoing(start: IsoDate | null, until: string | null, daily: boolean): Reading {
  const short = `${daily ? 'hằng ngày' : 'thường xuyên'}${start !== null ? ` từ ${fmt(start)}` : ''}${until !== null ? ` ${until}` : ''}`;
  return { kind: 'ongoing', due: null, milestones: [], recurrence: null, start, explanation: explainOngoing(start, until, daily), short };
}

function event(trigger: string, after: string | null, offset: EventOffset | null = null): Reading {
  return {
    kind: 'event',
    due: null,
    milestones: [],
    recurrence: null,
    start: null,
    ...(offset ? { after: offset } : {}),
    explanation: explainEvent(trigger, after),
    short: `khi có sự kiện (${trigger})`,
  };
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
  const offset: EventOffset | null = Number.isSafeInteger(rel.amount) && rel.amount <= 100_000 ? { amount: rel.amount, unit: rel.unit, workingDays: rel.working } : null;
  switch (rel.anchor.kind) {
    case 'event':
      return event(clauseText(display, rel.anchor.clause), after, offset);
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

const PERIOD_END = /^(?:kể từ|tính từ|từ|sau)?\s*(?:ngày|khi|thời điểm)?\s*(?:kết thúc|hết)\s+(?:kỳ báo cáo\s+)?(quý|năm|tháng|0?6 tháng|nửa năm|kỳ)(?![\p{L}\d])/u;
const PERIOD_OF_WORD: Record<string, Period | null> = { quý: 'quarter', năm: 'year', tháng: 'month', '6 tháng': 'half-year', '06 tháng': 'half-year', 'nửa năm': 'half-year', kỳ: null };

type PeriodEndOffset = { every: Period | null; offset: NonNullable<Recurrence['afterEnd']> };

/** "trong 30 ngày kể từ ngày kết thúc quý": calendar time after the end of each period ("kỳ": the period named elsewhere). */
function periodEndOffsetAny(rel: RelativeMark, display: string): PeriodEndOffset | null {
  if (rel.anchor.kind !== 'event' || rel.working || !Number.isSafeInteger(rel.amount) || rel.amount < 1) return null;
  const match = PERIOD_END.exec(matchForm(display.slice(rel.anchor.clause.start, rel.anchor.clause.end)).trim());
  const every = match ? PERIOD_OF_WORD[match[1] as string] : undefined;
  if (every === undefined) return null;
  const amount = rel.unit === 'week' ? rel.amount * 7 : rel.unit === 'year' ? rel.amount * 12 : rel.amount;
  if (amount > 3660) return null;
  return { every, offset: { amount, unit: rel.unit === 'day' || rel.unit === 'week' ? 'day' : 'month' } };
}

/** A cell that names no periodicity but "… kể từ ngày kết thúc quý": recurring on that period. */
function periodEndOffset(rel: RelativeMark, display: string): { every: Period; offset: PeriodEndOffset['offset'] } | null {
  const found = periodEndOffsetAny(rel, display);
  return found && found.every !== null ? { every: found.every, offset: found.offset } : null;
}

/** "Hằng quý, trong 30 ngày kể từ ngày kết thúc kỳ báo cáo": the offset applies to the plain rules. */
function withPeriodEndOffsets(list: Recurrence[], view: Scan, display: string): Recurrence[] {
  for (const rel of view.relatives) {
    const found = periodEndOffsetAny(rel, display);
    if (!found) continue;
    return list.map((r) => (r.day === undefined && r.month === undefined && r.weekday === undefined && (found.every === null || found.every === r.every) ? { ...r, afterEnd: found.offset } : r));
  }
  return list;
}

function hasYear(atom: Atom): boolean {
  return atom.year !== undefined || atom.yearOffset !== undefined;
}

function recurringReading(view: Scan, groups: ResolvedGroup[], display: string): Reading | null {
  const units = periodUnits(view);
  if (units.length === 0) return null;
  // "Hằng năm, trước ngày 15/01 năm sau": a day of the next year is the yearly report's day.
  const nextYearDay = (g: ResolvedGroup): boolean =>
    units.includes('year') && g.group.items.every((item) => !item.to && item.from.unit === 'day' && item.from.year === undefined && item.from.yearOffset === 1);
  const written = groups.filter((g) => !nextYearDay(g) && g.group.items.some((item) => hasYear(item.from) || (item.to !== undefined && hasYear(item.to))));
  const yearless = groups
    .filter((g) => !written.includes(g))
    .flatMap((g) => g.group.items.filter((item) => !item.to).map((item) => ({ atom: item.from, before: g.group.prefix === 'before', lag: nextYearDay(g) })));
  const hasDayRule = view.dayRules.length > 0 || view.weekdays.length > 0 || view.times.length > 0 || yearless.length > 0;
  // "Báo cáo sơ kết 6 tháng trước ngày 15/6/2026": a period named in passing, with a full date, is one report.
  const bareOnly = view.recurrences.every((r) => r.bare === true) && view.dayRules.length === 0 && !view.marks.some((m) => m.type === 'periodic');
  const fullDate = written.some((g) => !g.group.openEnd && g.group.items.every((item) => !item.to && item.from.unit === 'day' && item.from.year !== undefined));
  if (bareOnly && fullDate) return null;

  // "Hằng quý hoặc theo yêu cầu": the request is an extra occasion, not the rule that sets the day.
  const onRequest = isOnRequest(view, display);
  const binding = view.theo.filter((r) => !REQUEST.test(display.slice(r.start, r.end)));
  if (binding.length > 0 && !hasDayRule) return null;

  // "Hoàn thành trong quý II/2026, sau đó cập nhật hằng năm": the first completion is the deadline.
  const firstPeriodic = Math.min(...view.recurrences.map((r) => r.start), ...view.dayRules.map((r) => r.start));
  // "Trước ngày 05/6/2026, sau đó báo cáo hằng tháng": a first deadline, then the recurrence.
  const completion = written.find((g) => g.group.start < firstPeriodic);
  let firstDue: Due | null = null;
  if (completion) {
    const completeBefore = view.marks.some((m) => m.type === 'complete' && m.start < completion.group.start);
    const upkeepAfter = view.marks.some((m) => m.type === 'upkeep' && m.start > completion.group.start && m.start < firstPeriodic);
    const last = completion.dues[completion.dues.length - 1];
    if ((completeBefore || upkeepAfter) && last !== undefined && !completion.group.openEnd) firstDue = last;
  }
  const spans = written.filter((g) => g !== completion || firstDue === null);

  const list = withPeriodEndOffsets(buildRecurrences(units, view, yearless), view, display);
  const starts = spans.map((g) => g.start ?? g.firstDay).filter((d): d is IsoDate => d !== null);
  const start = starts.length > 0 ? starts.reduce((a, b) => (a <= b ? a : b)) : null;
  // "Giai đoạn 2026-2030, hằng năm": the recurrence runs to the end of the range.
  const ends = spans.filter((g) => g.group.items.some((item) => item.to !== undefined || item.from.schoolYear !== undefined)).flatMap((g) => g.dues.map((d) => d.due));
  const end = ends.length > 0 ? ends.reduce((a, b) => (a >= b ? a : b)) : null;
  return recurringOf(list, start, { end: end !== null && (start === null || start <= end) ? end : null, firstDue, onRequest });
}

const REQUEST = /^theo\s+(?:yêu\s+cầu|đề\s+nghị|chỉ\s+đạo)/iu;
const REQUEST_WORDS = /yêu\s+cầu|đề\s+nghị|chỉ\s+đạo|đột\s+xuất|phát\s+sinh/iu;

/** "… hoặc theo yêu cầu", "… khi có yêu cầu", "… và đột xuất": also whenever asked. */
function isOnRequest(view: Scan, display: string): boolean {
  if (view.marks.some((m) => m.type === 'adhoc')) return true;
  return [...view.theo, ...view.events].some((r) => REQUEST_WORDS.test(display.slice(r.start, r.end)));
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

type Yearless = { atom: Atom; before: boolean; lag?: boolean };

/**
 * "Báo cáo 6 tháng trước ngày 15/6, báo cáo năm trước ngày 15/12": with several periods named,
 * a date belongs to the period named last before it. A period that owns no date shares them all.
 */
function datesOf(every: Period, view: Scan, yearless: Yearless[]): Yearless[] {
  const marks = [...view.recurrences].sort((a, b) => a.start - b.start);
  if (new Set(marks.map((m) => m.every)).size < 2) return yearless;
  const owner = (y: Yearless): Period | undefined => marks.filter((m) => m.start < y.atom.start).pop()?.every ?? marks[0]?.every;
  const owned = yearless.filter((y) => owner(y) === every);
  return owned.length > 0 ? owned : yearless;
}

function buildRecurrences(units: Period[], view: Scan, allYearless: Yearless[]): Recurrence[] {
  const out: Recurrence[] = [];
  const flag = (before: boolean): { before?: true } => (before ? { before: true } : {});
  const lag = (reportsOn: 'previous' | undefined): { reportsOn?: 'previous' } => (reportsOn ? { reportsOn } : {});
  for (const every of units) {
    const yearless = datesOf(every, view, allYearless);
    const dayOnly = yearless.filter((y) => y.atom.unit === 'day' && y.atom.month === undefined && y.atom.day !== undefined && !y.atom.invalid);
    const dayMonth = yearless.filter((y) => y.atom.unit === 'day' && y.atom.month !== undefined && y.atom.day !== undefined && !y.atom.invalid);
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
      case 'month': {
        const rules = view.dayRules.filter((r) => r.every === 'month');
        for (const r of rules) out.push({ every, ...(r.day !== undefined ? { day: r.day } : {}), ...flag(r.before), ...lag(r.reportsOn) });
        if (rules.length > 0) break;
        if (dayOnly.length === 0) out.push({ every });
        for (const d of dayOnly) out.push({ every, day: d.atom.day as number, ...flag(d.before) });
        break;
      }
      case 'quarter':
      case 'half-year': {
        const rules = view.dayRules.filter((r) => r.every === every || r.every === null);
        for (const r of rules) out.push({ every, ...(r.day !== undefined ? { day: r.day } : {}), monthOfPeriod: r.monthOfPeriod, ...flag(r.before), ...lag(r.reportsOn) });
        if (rules.length === 0) {
          // "định kỳ 6 tháng (trước ngày 15/6 và 15/12)": dates in the first or last month of each period.
          const dated = dayMonth.map((d) => periodDayRule(every, d)).filter((r): r is Recurrence => r !== null);
          if (dayOnly.length === 0 && dated.length === 0) out.push({ every });
          for (const d of dayOnly) out.push({ every, day: d.atom.day as number, monthOfPeriod: 'last', ...flag(d.before) });
          out.push(...dated);
        }
        break;
      }
      case 'year': {
        const yearly = yearless.flatMap((y) => yearlyRule(y));
        // "Hằng năm học": each school year ends on 31/05.
        if (yearly.length === 0 && view.recurrences.some((r) => r.schoolYear === true)) yearly.push({ every, month: 5, day: 31 });
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

/** A date written in a quarterly or half-yearly duty, as a day of the first or last month of each period. */
function periodDayRule(every: 'quarter' | 'half-year', { atom, before }: Yearless): Recurrence | null {
  const size = every === 'quarter' ? 3 : 6;
  const position = ((atom.month as number) - 1) % size;
  const monthOfPeriod = position === 0 ? 'first' : position === size - 1 ? 'last' : position === 1 ? 'second' : null;
  if (monthOfPeriod === null) return null;
  return { every, day: atom.day as number, monthOfPeriod, ...(before ? { before: true as const } : {}) };
}

/** "trước ngày 15/12" → 14/12 each year; "tháng 6" → 30/06; "trước tháng 6" → 31/05; "quý I" → 31/03. */
function yearlyRule({ atom, before, lag }: Yearless): Recurrence[] {
  if (atom.invalid) return [];
  if (atom.unit === 'day' && atom.day !== undefined && atom.month !== undefined) {
    if (atom.day > daysInMonth(2000, atom.month)) return [];
    return [{ every: 'year', month: atom.month, day: atom.day, ...(before ? { before: true as const } : {}), ...(lag ? { reportsOn: 'previous' as const } : {}) }];
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
