/**
 * Recognizes periodicity and its day rules: "hằng quý", "định kỳ 03 tháng/lần", "02 lần/năm",
 * "06 tháng, năm", "Ngày 30 tháng cuối cùng của quý", weekdays and clock times.
 */
import type { Period } from '../schedule';
import { AtomReader } from './date-atoms';
import type { MarkType, Scan } from './scan-types';
import type { Found } from './token-cursor';

/** Nouns after which "thứ hai / thứ ba …" is an ordinal ("lần thứ hai"), not a weekday. */
const ORDINAL_NOUNS = new Set(['lần', 'tháng', 'quý', 'năm', 'tuần', 'kỳ', 'đợt', 'bước', 'đoạn', 'mục', 'phần', 'khóa', 'khoá', 'ngày', 'hạng', 'nhóm', 'loại', 'vị']);
const WEEKDAYS: Record<string, number> = { hai: 1, ba: 2, tư: 3, năm: 4, sáu: 5, bảy: 6 };
/** "tuần đầu tiên của tháng" is due on the 7th (docs/deadline-phrases.md). */
const FIRST_WEEK_DAY = 7;

export class PeriodicReader extends AtomReader {
  /** Everything found so far; the scanner adds the clauses and date groups. */
  protected readonly out: Scan = {
    groups: [],
    recurrences: [],
    dayRules: [],
    weekdays: [],
    times: [],
    relatives: [],
    marks: [],
    theo: [],
    events: [],
    untils: [],
    asides: [],
    notes: [],
  };

  /** "Ngày 30 tháng cuối cùng của quý", "trước ngày 20 của tháng đầu quý". */
  protected dayRule(i: number): number | null {
    const week = this.firstWeekRule(i);
    if (week !== null) return week;
    let k = i;
    const before = this.w(k) === 'trước';
    if (before) k++;
    // "tháng thứ hai của quý", "trong tháng cuối quý": a month of each period, due on its last day.
    const dayless = this.w(k) === 'tháng' && ['đầu', 'cuối', 'thứ', 'giữa'].includes(this.w(k + 1) ?? '');
    let day: { value: number } | undefined;
    if (!dayless) {
      if (this.w(k) !== 'ngày') return null;
      const written = this.n(k + 1);
      if (!written || written.raw.length > 2 || written.value < 1 || written.value > 31) return null;
      day = written;
      k += 2;
      if (this.w(k) === 'của') k++;
    }
    if (this.w(k) !== 'tháng') return null;
    k++;
    const nextMonth = day ? this.followingPeriod(k) : null;
    if (day && nextMonth !== null) {
      this.out.dayRules.push({ ...this.span(i, nextMonth), every: 'month', day: day.value, monthOfPeriod: 'first', before, reportsOn: 'previous' });
      return nextMonth;
    }
    let ordinal: 'first' | 'last' | number;
    if (this.w(k) === 'cuối') {
      ordinal = 'last';
      k += this.w(k + 1) === 'cùng' ? 2 : 1;
    } else if (this.w(k) === 'đầu') {
      ordinal = 'first';
      k += this.w(k + 1) === 'tiên' ? 2 : 1;
    } else if (this.w(k) === 'giữa') {
      ordinal = 2;
      k += 1;
    } else if (this.w(k) === 'thứ') {
      const word = this.w(k + 1);
      const value = this.n(k + 1)?.value ?? (word === 'nhất' ? 1 : word === 'hai' ? 2 : word === 'ba' ? 3 : word === 'sáu' ? 6 : undefined);
      if (value === undefined) return null;
      ordinal = value;
      k += 2;
    } else return null;
    if (this.w(k) === 'của') k++;
    if (['mỗi', 'hằng', 'các', 'từng'].includes(this.w(k) ?? '')) k++;
    const period = this.periodNoun(k);
    if (!period) return null;
    const monthOfPeriod = this.monthOfPeriod(ordinal, period.value);
    if (monthOfPeriod === null) {
      this.out.notes.push(`tháng thứ ${String(ordinal)} của kỳ chưa được hỗ trợ (chỉ hỗ trợ tháng đầu, tháng thứ hai hoặc tháng cuối)`);
      return period.next;
    }
    const lagEnd = this.followingPeriod(period.next);
    const end = lagEnd ?? period.next;
    this.out.dayRules.push({
      ...this.span(i, end),
      every: period.value,
      ...(day ? { day: day.value } : {}),
      monthOfPeriod,
      before,
      ...(lagEnd !== null ? { reportsOn: 'previous' as const } : {}),
    });
    return end;
  }

  /** "tuần đầu tiên của tháng / mỗi quý": by the 7th of the (first) month, a documented convention. */
  protected firstWeekRule(i: number): number | null {
    const first = this.w(i + 1) === 'đầu';
    if (this.w(i) !== 'tuần' || !(first || this.w(i + 1) === 'cuối')) return null;
    let k = i + 2;
    if (this.w(k) === 'tiên' || this.w(k) === 'cùng') k++;
    if (this.w(k) === 'của') k++;
    if (['mỗi', 'hằng', 'các', 'từng'].includes(this.w(k) ?? '')) k++;
    if (this.w(k) === 'tháng' && !this.n(k + 1)) {
      // "tuần cuối (cùng) của tháng": due on the month's last day.
      this.out.dayRules.push({ ...this.span(i, k + 1), every: 'month', ...(first ? { day: FIRST_WEEK_DAY } : {}), monthOfPeriod: 'first', before: false });
      return k + 1;
    }
    if (!first) return null;
    const period = this.periodNoun(k);
    if (!period) return null;
    this.out.dayRules.push({ ...this.span(i, period.next), every: period.value, day: FIRST_WEEK_DAY, monthOfPeriod: 'first', before: false });
    return period.next;
  }

  /** "sau", "tiếp theo", "kế tiếp", "liền kề", "liền sau" after a period noun: the next period. Index after the words, or null. */
  protected followingPeriod(k: number): number | null {
    if (this.w(k) === 'sau' && this.w(k + 1) !== 'khi' && this.w(k + 1) !== 'đó') return k + 1;
    if (this.words(k, 'tiếp', 'theo') || this.words(k, 'kế', 'tiếp') || this.words(k, 'liền', 'kề') || this.words(k, 'liền', 'sau') || this.words(k, 'kế', 'sau')) return k + 2;
    return null;
  }

  protected monthOfPeriod(ordinal: 'first' | 'last' | number, every: 'quarter' | 'half-year' | null): 'first' | 'second' | 'last' | null {
    if (ordinal === 'first' || ordinal === 'last') return ordinal;
    if (ordinal === 1) return 'first';
    if (ordinal === 2) return 'second';
    if ((every === 'quarter' || every === null) && ordinal === 3) return 'last';
    if (every === 'half-year' && ordinal === 6) return 'last';
    return null;
  }

  /** "quý" / "6 tháng" / "nửa năm" / "kỳ" after a day rule; a numbered quarter is a date instead. */
  protected periodNoun(k: number): Found<'quarter' | 'half-year' | null> | null {
    if (this.w(k) === 'quý' && !this.quarterNumber(k + 1)) return { value: 'quarter', next: k + 1 };
    if (this.w(k) === 'kỳ') return { value: null, next: k + 1 };
    if (this.isSix(k) && this.w(k + 1) === 'tháng') return { value: 'half-year', next: k + 2 };
    if (this.words(k, 'nửa', 'năm')) return { value: 'half-year', next: k + 2 };
    return null;
  }

  protected recurrence(i: number): number | null {
    const word = this.w(i);
    if (word === 'hằng' || word === 'mỗi' || word === 'từng') {
      const next = this.w(i + 1);
      if (next === 'ngày' && !this.n(i + 2)) return this.addMark('daily', i, i + 2);
      if (next === 'kỳ') return this.addMark('periodic', i, i + 2);
      const unit = this.everyUnit(i + 1);
      if (!unit) return null;
      const schoolYear = unit.value === 'year' && this.w(unit.next) === 'học';
      const after = schoolYear ? unit.next + 1 : unit.next;
      this.out.recurrences.push({ ...this.span(i, after), every: unit.value, ...(schoolYear ? { schoolYear } : {}) });
      return this.moreUnits(after);
    }
    if (this.words(i, 'định', 'kỳ')) {
      this.addMark('periodic', i, i + 2);
      const k = i + 2;
      const cycle = this.cycle(k);
      if (cycle) return cycle;
      const list = this.bareUnitList(k, 1);
      return list ?? k;
    }
    const cycle = this.cycle(i);
    if (cycle) return cycle;
    const afterReport = this.words(i - 2, 'báo', 'cáo');
    return this.bareUnitList(i, afterReport ? 1 : 2, true);
  }

  /** The period after "hằng / mỗi / định kỳ": tuần, tháng, quý, năm, 6 tháng, nửa năm. */
  protected everyUnit(k: number): Found<Period> | null {
    if (this.isSix(k) && this.w(k + 1) === 'tháng') return { value: 'half-year', next: k + 2 };
    if (this.words(k, 'nửa', 'năm')) return { value: 'half-year', next: k + 2 };
    const word = this.w(k);
    if (word === 'tuần') return { value: 'week', next: k + 1 };
    if (word === 'tháng') return { value: 'month', next: k + 1 };
    if (word === 'quý') return { value: 'quarter', next: k + 1 };
    if (word === 'năm') return { value: 'year', next: k + 1 };
    return null;
  }

  /** A period word standing alone in a list: "quý, 6 tháng, năm". */
  protected bareUnit(k: number): Found<Period> | null {
    const word = this.w(k);
    const prev = this.w(k - 1);
    if (this.isSix(k) && this.w(k + 1) === 'tháng') {
      const after = this.w(k + 2);
      const durationWords = ['trong', 'vòng', 'sau', 'khoảng', 'quá', 'trước', 'hạn', 'đa', 'mất', 'gian', 'hơn'];
      if (prev !== undefined && durationWords.includes(prev)) return null;
      if (after !== undefined && ['đầu', 'cuối', 'kể', 'từ', 'sau', 'nữa', 'liên', 'làm', 'tính'].includes(after)) return null;
      if (this.n(k + 2) || this.quarterNumber(k + 2)) return null;
      return { value: 'half-year', next: k + 2 };
    }
    if (this.words(k, 'nửa', 'năm') && !this.n(k + 2)) return { value: 'half-year', next: k + 2 };
    const followedByNumber = this.n(k + 1) !== undefined || this.quarterNumber(k + 1) !== null;
    if (followedByNumber) return null;
    if (word === 'quý') return { value: 'quarter', next: k + 1 };
    if (word === 'tuần') return { value: 'week', next: k + 1 };
    // "báo cáo năm trước ngày 15/12": "trước" then starts the date, not "năm trước" (last year).
    const beforeDate = this.w(k + 1) === 'trước' && (this.w(k + 2) === 'ngày' || this.n(k + 2) !== undefined);
    const after = beforeDate ? '' : (this.w(k + 1) ?? '');
    if (word === 'tháng' && !['cuối', 'đầu', 'thứ', 'sau', 'tới', 'này', 'trước'].includes(after)) return { value: 'month', next: k + 1 };
    if (word === 'năm' && prev !== 'thứ' && !['nay', 'tiếp', 'sau', 'học', 'tới', 'kế', 'trước', 'hiện'].includes(after)) {
      return { value: 'year', next: k + 1 };
    }
    return null;
  }

  protected bareUnitList(i: number, minimum: number, bare = false): number | null {
    const found: Found<Period>[] = [];
    let k = i;
    let unit = this.bareUnit(k);
    while (unit) {
      found.push(unit);
      k = unit.next;
      const sep = this.listSeparator(k);
      if (sep === null) break;
      unit = this.bareUnit(sep);
    }
    const lonelyHalf = found.length === 1 && found[0]?.value === 'half-year';
    if (found.length < minimum && !lonelyHalf) return null;
    let start = i;
    for (const unit of found) {
      this.out.recurrences.push({ ...this.span(start, unit.next), every: unit.value, ...(bare ? { bare } : {}) });
      start = unit.next;
    }
    return k;
  }

  /** After a periodicity: ", 06 tháng, năm", "và hằng năm". */
  protected moreUnits(k: number): number {
    for (;;) {
      const sep = this.listSeparator(k);
      if (sep === null) return k;
      const every = ['hằng', 'mỗi'].includes(this.w(sep) ?? '') ? this.everyUnit(sep + 1) : this.bareUnit(sep);
      if (!every) return k;
      this.out.recurrences.push({ ...this.span(sep, every.next), every: every.value });
      k = every.next;
    }
  }

  /** "03 tháng/lần", "06 tháng một lần", "02 lần/năm", "1 lần trong năm". */
  protected cycle(i: number): number | null {
    const count = this.n(i);
    const unitAt = count ? i + 1 : i;
    const unitWord = this.w(unitAt);
    const interval = count?.value ?? 1;
    if (unitWord && ['tuần', 'tháng', 'quý', 'năm'].includes(unitWord)) {
      let k = unitAt + 1;
      if (this.p(k, '/') && this.w(k + 1) === 'lần') k += 2;
      else if (this.words(k, 'một', 'lần')) k += 2;
      else return null;
      const months = unitWord === 'tuần' ? (interval === 1 ? -1 : 0) : unitWord === 'tháng' ? interval : unitWord === 'quý' ? interval * 3 : interval * 12;
      return this.addCycle(i, k, months, `${interval} ${unitWord}/lần`);
    }
    if (count && this.w(i + 1) === 'lần') {
      let k = i + 2;
      if (this.p(k, '/') || ['trong', 'mỗi', 'một', 'trên'].includes(this.w(k) ?? '')) k++;
      else return null;
      const per = this.w(k);
      if (!per || !['tuần', 'tháng', 'quý', 'năm'].includes(per)) return null;
      const perMonths = per === 'tuần' ? 0 : per === 'tháng' ? 1 : per === 'quý' ? 3 : 12;
      const weekly = (per === 'tuần' && count.value === 1) || (per === 'tháng' && count.value === 4) || (per === 'năm' && count.value === 52);
      const months = weekly ? -1 : perMonths > 0 && count.value > 0 && perMonths % count.value === 0 ? perMonths / count.value : 0;
      return this.addCycle(i, k + 1, months, `${count.value} lần/${per}`);
    }
    return null;
  }

  /** months: -1 = weekly; 0 = not a supported cycle. */
  protected addCycle(i: number, next: number, months: number, written: string): number {
    const every: Period | null =
      months === -1 ? 'week' : months === 1 ? 'month' : months === 3 ? 'quarter' : months === 6 ? 'half-year' : months === 12 ? 'year' : null;
    if (every) {
      this.out.recurrences.push({ ...this.span(i, next), every });
      return this.moreUnits(next);
    }
    this.addMark('periodic', i, next);
    this.out.notes.push(`chu kỳ "${written}" chưa được hỗ trợ`);
    return next;
  }

  protected weekday(i: number): number | null {
    let weekday: number | undefined;
    let next = i + 2;
    if (this.w(i) === 'thứ' && !ORDINAL_NOUNS.has(this.w(i - 1) ?? '')) {
      const word = this.w(i + 1);
      const num = this.n(i + 1);
      weekday = word !== undefined ? WEEKDAYS[word] : num && num.value >= 2 && num.value <= 7 ? num.value - 1 : undefined;
    } else if (this.words(i, 'chủ', 'nhật')) {
      weekday = 7;
    }
    if (weekday === undefined) return null;
    this.out.weekdays.push({ ...this.span(i, next), weekday, before: this.w(i - 1) === 'trước' });
    return next;
  }

  protected clock(i: number): number | null {
    const token = this.t[i];
    if (token?.kind !== 'time') return null;
    this.out.times.push({ start: token.start, end: token.end, hour: token.hour, minute: token.minute });
    return i + 1;
  }

  protected addMark(type: MarkType, from: number, to: number): number {
    this.out.marks.push({ ...this.span(from, to), type });
    return to;
  }
}
