/**
 * Turns scanned calendar references into dates: fills in years and months shared by a list or
 * range ("Tháng 7, 8 năm 2025"), applies the plan year, and computes each reference's due date
 * under the conventions in docs/deadline-phrases.md.
 */
import { addDays, daysInMonth, formatVietnamese, isoDate, lastDayOfMonth, type IsoDate } from '../dates';
import { halfYearSpan, isSupportedYear, MAX_YEAR, MIN_YEAR, monthSpan, quarterSpan, toRoman, yearSpan, type Span } from './calendar';
import { HOLIDAY_NAMES, holidayDate } from './holidays';
import type { Atom, DateGroup, GroupPrefix } from './scan-types';

export type PlanContext = { planYear: number | null; issuedOn: IsoDate | null };

export type Resolved = Span & { label: string; atom: Atom; year: number };

/** A due date and the words that justify it ("trước ngày 31/12/2025"). */
export type Due = { due: IsoDate; reason: string };

export type ResolvedGroup = {
  group: DateGroup;
  /** Due dates this group sets (empty for an open start). */
  dues: Due[];
  /** First day of the work, when the group gives one. */
  start: IsoDate | null;
  /** The group only says when work starts ("Từ 15/8/2025", "Năm 2027 và các năm tiếp theo"). */
  openStart: boolean;
  /** Earliest day any of its references covers. */
  firstDay: IsoDate | null;
  notes: string[];
};

type Slot = { atom: Atom; inherited: boolean };

export function resolveGroup(group: DateGroup, ctx: PlanContext): ResolvedGroup {
  const notes: string[] = [];
  const slots = propagate(group.items.flatMap((item) => (item.to ? [item.from, item.to] : [item.from])));
  let firstDay: IsoDate | null = null;
  const resolve = (slot: Slot, yearShift = 0): Resolved | null => {
    const result = resolveAtom(slot.atom, ctx, yearShift);
    if (typeof result === 'string') {
      notes.push(result);
      return null;
    }
    firstDay = earliest(firstDay, result.start);
    return result;
  };

  const dues: Due[] = [];
  let start: IsoDate | null = null;
  const opensOnly = group.openEnd || ((group.prefix === 'from' || group.prefix === 'after') && group.items.every((item) => !item.to));
  let index = 0;
  for (const item of group.items) {
    const fromSlot = slots[index++] as Slot;
    const toSlot = item.to ? (slots[index++] as Slot) : null;
    if (opensOnly) {
      const from = resolve(fromSlot);
      const first = from ? (group.prefix === 'after' ? addDays(from.end, 1) : from.start) : fromSlot.atom.unit === 'now' ? ctx.issuedOn : null;
      start = earliest(start, first);
      continue;
    }
    if (!toSlot) {
      const from = resolve(fromSlot);
      if (from) dues.push(dueOf(from, group.prefix));
      continue;
    }
    const to = resolve(toSlot);
    if (!to) continue;
    let from = fromSlot.atom.unit === 'now' && ctx.issuedOn === null ? null : resolve(fromSlot);
    if (from && fromSlot.inherited && from.start > to.end) from = resolve(fromSlot, -1);
    const end = item.toBefore ? dueOf(to, 'before') : dueOf(to, 'none');
    const rangeStart = from?.start ?? null;
    if (rangeStart !== null && rangeStart > end.due) {
      // "Quý IV/2025 - Quý I/2025": not a range; keep both as checkpoints.
      if (from) dues.push(dueOf(from, 'none'));
      dues.push(end);
      continue;
    }
    start = earliest(start, rangeStart);
    const fromLabel = from ? from.label : 'nay';
    const toWords = item.toBefore ? `đến trước ${to.label}` : to.atom.unit === 'day' || to.atom.part === 'late' ? `đến ${to.label}` : `đến hết ${to.label}`;
    dues.push({ due: end.due, reason: `từ ${fromLabel} ${toWords}` });
  }
  return { group, dues, start, openStart: opensOnly, firstDay, notes };
}

function earliest(a: IsoDate | null, b: IsoDate | null): IsoDate | null {
  if (a === null) return b;
  if (b === null) return a;
  return a <= b ? a : b;
}

/** Years and months written once at the end of a list or range apply to the elements before it. */
function propagate(atoms: Atom[]): Slot[] {
  const slots: Slot[] = atoms.map((atom) => ({ atom: { ...atom }, inherited: false }));
  let year: Pick<Atom, 'year' | 'yearOffset'> | null = null;
  let month: number | undefined;
  for (let k = slots.length - 1; k >= 0; k--) {
    const slot = slots[k] as Slot;
    const atom = slot.atom;
    if (atom.invalid || atom.unit === 'now') continue;
    if (atom.unit === 'day' && atom.month === undefined && month !== undefined) atom.month = month;
    if (atom.year !== undefined || atom.yearOffset !== undefined) year = { year: atom.year, yearOffset: atom.yearOffset };
    else if (year !== null) {
      if (year.year !== undefined) atom.year = year.year;
      if (year.yearOffset !== undefined) atom.yearOffset = year.yearOffset;
      slot.inherited = true;
    }
    if (atom.unit === 'day' && atom.month !== undefined) month = atom.month;
  }
  return slots;
}

/** The dates an atom covers, or a Vietnamese reason why it has none. */
export function resolveAtom(atom: Atom, ctx: PlanContext, yearShift = 0): Resolved | string {
  if (atom.invalid) return atom.invalid;
  if (atom.unit === 'now') {
    if (!ctx.issuedOn) return 'không rõ ngày ban hành kế hoạch';
    return { start: ctx.issuedOn, end: ctx.issuedOn, label: `ngày ${formatVietnamese(ctx.issuedOn)}`, atom, year: Number(ctx.issuedOn.slice(0, 4)) };
  }
  let base = atom.year ?? (ctx.planYear === null ? null : ctx.planYear + (atom.yearOffset ?? 0));
  if (atom.cycleYear !== undefined && ctx.planYear !== null) {
    const near = [ctx.planYear, ctx.planYear + 1, ctx.planYear - 1].find((y) => ((y % 60) + 60) % 60 === atom.cycleYear);
    if (near === undefined) return 'năm âm lịch được nêu không gần năm kế hoạch';
    base = near;
  }
  if (base === null) return 'thiếu năm kế hoạch để xác định năm';
  const year = base + yearShift;
  if (!isSupportedYear(year)) return `năm ${year} nằm ngoài khoảng hỗ trợ (${MIN_YEAR}–${MAX_YEAR})`;
  const partWord = atom.part === 'early' ? 'đầu ' : atom.part === 'mid' ? 'giữa ' : atom.part === 'late' ? 'cuối ' : '';
  switch (atom.unit) {
    case 'day': {
      if (atom.holiday !== undefined && atom.day === undefined) {
        const date = holidayDate(atom.holiday, year);
        if (date === null) return `không tính được ngày ${HOLIDAY_NAMES[atom.holiday]} năm ${year}`;
        return { start: date, end: date, label: `${HOLIDAY_NAMES[atom.holiday]} năm ${year}, ngày ${formatVietnamese(date)}`, atom, year };
      }
      const { day, month } = atom;
      if (day === undefined) return 'ngày không hợp lệ';
      if (month === undefined) return `ngày ${day} không rõ tháng nào`;
      if (day > daysInMonth(year, month)) return `ngày ${pad(day)}/${pad(month)}/${year} không tồn tại`;
      const date = isoDate(year, month, day);
      if (atom.schoolYear !== undefined) {
        return { start: isoDate(atom.schoolYear, 9, 1), end: date, label: `năm học ${atom.schoolYear}-${year}, kết thúc ngày ${formatVietnamese(date)}`, atom, year };
      }
      const occasion = atom.holiday !== undefined ? `, dịp ${HOLIDAY_NAMES[atom.holiday]}` : '';
      return { start: date, end: date, label: `ngày ${formatVietnamese(date)}${occasion}`, atom, year };
    }
    case 'month': {
      const month = atom.month ?? 12;
      if (atom.within) {
        const last = daysInMonth(year, month);
        const first = atom.within.first < 0 ? last + atom.within.first : Math.min(atom.within.first, last);
        const end = atom.within.last === 'end' ? last : Math.min(atom.within.last, last);
        return { start: isoDate(year, month, first), end: isoDate(year, month, end), label: `${atom.within.label} tháng ${month}/${year}`, atom, year };
      }
      return { ...monthSpan(year, month), label: `${partWord}tháng ${month}/${year}`, atom, year };
    }
    case 'quarter': {
      const quarter = atom.quarter ?? 4;
      return { ...quarterSpan(year, quarter), label: `${partWord}quý ${toRoman(quarter)}/${year}`, atom, year };
    }
    case 'half': {
      const half = atom.half ?? 2;
      return { ...halfYearSpan(year, half), label: `6 tháng ${half === 1 ? 'đầu' : 'cuối'} năm ${year}`, atom, year };
    }
    case 'year':
      return { ...yearSpan(year), label: `${partWord}năm ${year}`, atom, year };
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Due date of one reference. Periods are due on their last day; "trước" a reference means the
 * day before it starts; "đầu / giữa" a period use the conventions of the documentation.
 */
export function dueOf(res: Resolved, prefix: GroupPrefix): Due {
  const { atom } = res;
  if (prefix === 'before' && atom.part !== 'late') return { due: addDays(res.start, -1), reason: `trước ${res.label}` };
  if (atom.part === 'early' || atom.part === 'mid') {
    const due = partDue(res);
    return { due, reason: `${res.label}, quy ước là ngày ${formatVietnamese(due).slice(0, 5)}` };
  }
  if (atom.unit === 'day') return { due: res.end, reason: prefix === 'by' ? `chậm nhất ${res.label}` : res.label };
  return { due: res.end, reason: atom.part === 'late' ? res.label : `hết ${res.label}` };
}

function partDue(res: Resolved): IsoDate {
  const { atom, year } = res;
  const early = atom.part === 'early';
  if (atom.unit === 'month') return isoDate(year, atom.month ?? 12, early ? 10 : 20);
  if (atom.unit === 'quarter') {
    const firstMonth = (atom.quarter ?? 4) * 3 - 2;
    return lastDayOfMonth(year, firstMonth + (early ? 0 : 1));
  }
  return early ? isoDate(year, 3, 31) : isoDate(year, 6, 30);
}
