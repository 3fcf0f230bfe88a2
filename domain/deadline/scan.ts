/**
 * Reads one deadline phrase (already in match form) left to right and records what it says:
 * calendar references grouped into lists and ranges, periodicity, day rules, weekdays, clock
 * times, relative periods, and the clauses that defer the time to a rule or an event.
 * It never turns anything into dates; interpret.ts does that with the plan year.
 */
import type { Period } from '../schedule';
import { fromRoman, isSupportedYear, MAX_YEAR, MIN_YEAR } from './calendar';
import { tokenize, type Token } from './lexer';
import type { Atom, AtomUnit, DateGroup, GroupItem, GroupPrefix, MarkType, Range, RelativeMark, Scan } from './scan-types';

type Num = Extract<Token, { kind: 'num' }>;
type Found<T> = { value: T; next: number };

const WEEKDAYS: Record<string, number> = { hai: 1, ba: 2, tư: 3, năm: 4, sáu: 5, bảy: 6 };
/** Nouns after which "thứ hai / thứ ba …" is an ordinal ("lần thứ hai"), not a weekday. */
const ORDINAL_NOUNS = new Set(['lần', 'tháng', 'quý', 'năm', 'tuần', 'kỳ', 'đợt', 'bước', 'đoạn', 'mục', 'phần', 'khóa', 'khoá', 'ngày', 'hạng', 'nhóm', 'loại', 'vị']);
const LIST_WORDS = new Set(['và', 'hoặc']);
const SIGNING_SUBJECTS = new Set(['kế', 'quyết', 'văn', 'chương']);

export function scan(matchText: string): Scan {
  return new Scanner(matchText).run();
}

class Scanner {
  private readonly t: Token[];
  private readonly out: Scan = {
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
    notes: [],
  };

  constructor(private readonly text: string) {
    this.t = tokenize(text);
  }

  /** Token indices where a "theo …" clause starts; their ends are fixed once everything is found. */
  private readonly theoStarts: number[] = [];

  run(): Scan {
    let i = 0;
    while (i < this.t.length) {
      i =
        this.dayRule(i) ??
        this.recurrence(i) ??
        this.weekday(i) ??
        this.clock(i) ??
        this.relative(i) ??
        this.until(i) ??
        this.event(i) ??
        this.theo(i) ??
        this.documentReference(i) ??
        this.dateGroup(i) ??
        this.mark(i) ??
        i + 1;
    }
    this.out.theo = this.theoStarts.map((k) => this.span(k, this.theoEnd(k)));
    return this.out;
  }

  /**
   * A "theo …" clause runs to the end of the sentence; a comma ends it only when time words follow
   * ("Theo Kế hoạch, hoàn thành trước 30/6/2025"), not in "theo đề xuất của cơ quan, đơn vị".
   */
  private theoEnd(k: number): number {
    const end = this.sentenceEnd(k);
    const found = [
      ...this.out.groups,
      ...this.out.recurrences,
      ...this.out.dayRules,
      ...this.out.weekdays,
      ...this.out.times,
      ...this.out.relatives,
      ...this.out.marks,
      ...this.out.events,
      ...this.out.untils,
    ];
    const sentenceEndChar = this.t[end]?.start ?? this.text.length;
    for (let c = k + 1; c < end; c++) {
      if (!this.p(c, ',')) continue;
      const from = this.t[c]?.end ?? this.text.length;
      if (found.some((f) => f.start >= from && f.start < sentenceEndChar)) return c;
    }
    return end;
  }

  // ---- token helpers -------------------------------------------------------------------------

  private w(i: number): string | undefined {
    const token = this.t[i];
    return token?.kind === 'word' ? token.value : undefined;
  }

  private n(i: number): Num | undefined {
    const token = this.t[i];
    return token?.kind === 'num' ? token : undefined;
  }

  private p(i: number, ch: string): boolean {
    const token = this.t[i];
    return token?.kind === 'punct' && token.value === ch;
  }

  private words(i: number, ...expected: string[]): boolean {
    return expected.every((word, k) => this.w(i + k) === word);
  }

  /** Characters from token `from` up to (not including) token `to`. */
  private span(from: number, to: number): Range {
    const first = this.t[from];
    const last = this.t[Math.max(from, to - 1)];
    return { start: first?.start ?? this.text.length, end: last?.end ?? this.text.length };
  }

  private adjacent(i: number): boolean {
    const a = this.t[i];
    const b = this.t[i + 1];
    return a !== undefined && b !== undefined && a.end === b.start;
  }

  /** Index of the token that ends the sentence (".", ";") after `from`, or the end. */
  private sentenceEnd(from: number, stops: string[] = ['.', ';']): number {
    for (let k = from; k < this.t.length; k++) {
      const token = this.t[k];
      if (token?.kind === 'punct' && stops.includes(token.value)) return k;
    }
    return this.t.length;
  }

  // ---- periodicity --------------------------------------------------------------------------

  /** "Ngày 30 tháng cuối cùng của quý", "trước ngày 20 của tháng đầu quý". */
  private dayRule(i: number): number | null {
    let k = i;
    const before = this.w(k) === 'trước';
    if (before) k++;
    if (this.w(k) !== 'ngày') return null;
    const day = this.n(k + 1);
    if (!day || day.raw.length > 2 || day.value < 1 || day.value > 31) return null;
    k += 2;
    if (this.w(k) === 'của') k++;
    if (this.w(k) !== 'tháng') return null;
    k++;
    let ordinal: 'first' | 'last' | number;
    if (this.w(k) === 'cuối') {
      ordinal = 'last';
      k += this.w(k + 1) === 'cùng' ? 2 : 1;
    } else if (this.w(k) === 'đầu') {
      ordinal = 'first';
      k += this.w(k + 1) === 'tiên' ? 2 : 1;
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
      this.out.notes.push(`tháng thứ ${String(ordinal)} của kỳ chưa được hỗ trợ (chỉ hỗ trợ tháng đầu hoặc tháng cuối)`);
      return period.next;
    }
    this.out.dayRules.push({ ...this.span(i, period.next), every: period.value, day: day.value, monthOfPeriod, before });
    return period.next;
  }

  private monthOfPeriod(ordinal: 'first' | 'last' | number, every: 'quarter' | 'half-year' | null): 'first' | 'last' | null {
    if (ordinal === 'first' || ordinal === 'last') return ordinal;
    if (ordinal === 1) return 'first';
    if ((every === 'quarter' || every === null) && ordinal === 3) return 'last';
    if (every === 'half-year' && ordinal === 6) return 'last';
    return null;
  }

  /** "quý" / "6 tháng" / "nửa năm" / "kỳ" after a day rule; a numbered quarter is a date instead. */
  private periodNoun(k: number): Found<'quarter' | 'half-year' | null> | null {
    if (this.w(k) === 'quý' && !this.quarterNumber(k + 1)) return { value: 'quarter', next: k + 1 };
    if (this.w(k) === 'kỳ') return { value: null, next: k + 1 };
    if (this.isSix(k) && this.w(k + 1) === 'tháng') return { value: 'half-year', next: k + 2 };
    if (this.words(k, 'nửa', 'năm')) return { value: 'half-year', next: k + 2 };
    return null;
  }

  private isSix(k: number): boolean {
    const num = this.n(k);
    return (num !== undefined && num.value === 6 && num.raw.length <= 2) || this.w(k) === 'sáu';
  }

  private recurrence(i: number): number | null {
    const word = this.w(i);
    if (word === 'hằng' || word === 'mỗi' || word === 'từng') {
      const next = this.w(i + 1);
      if (next === 'ngày' && !this.n(i + 2)) return this.addMark('daily', i, i + 2);
      if (next === 'kỳ') return this.addMark('periodic', i, i + 2);
      const unit = this.everyUnit(i + 1);
      if (!unit) return null;
      this.out.recurrences.push({ ...this.span(i, unit.next), every: unit.value });
      return this.moreUnits(unit.next);
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
    return this.bareUnitList(i, afterReport ? 1 : 2);
  }

  /** The period after "hằng / mỗi / định kỳ": tuần, tháng, quý, năm, 6 tháng, nửa năm. */
  private everyUnit(k: number): Found<Period> | null {
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
  private bareUnit(k: number): Found<Period> | null {
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
    if (word === 'tháng' && !['cuối', 'đầu', 'thứ', 'sau', 'tới', 'này', 'trước'].includes(this.w(k + 1) ?? '')) return { value: 'month', next: k + 1 };
    if (word === 'năm' && prev !== 'thứ' && !['nay', 'tiếp', 'sau', 'học', 'tới', 'kế', 'trước', 'hiện'].includes(this.w(k + 1) ?? '')) {
      return { value: 'year', next: k + 1 };
    }
    return null;
  }

  private bareUnitList(i: number, minimum: number): number | null {
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
      this.out.recurrences.push({ ...this.span(start, unit.next), every: unit.value });
      start = unit.next;
    }
    return k;
  }

  /** After a periodicity: ", 06 tháng, năm", "và hằng năm". */
  private moreUnits(k: number): number {
    for (;;) {
      const sep = this.listSeparator(k);
      if (sep === null) return k;
      const every = ['hằng', 'mỗi'].includes(this.w(sep) ?? '') ? this.everyUnit(sep + 1) : this.bareUnit(sep);
      if (!every) return k;
      this.out.recurrences.push({ ...this.span(sep, every.next), every: every.value });
      k = every.next;
    }
  }

  private listSeparator(k: number): number | null {
    if (this.p(k, ',') || this.p(k, '&')) return LIST_WORDS.has(this.w(k + 1) ?? '') ? k + 2 : k + 1;
    if (LIST_WORDS.has(this.w(k) ?? '')) return k + 1;
    return null;
  }

  /** "03 tháng/lần", "06 tháng một lần", "02 lần/năm", "1 lần trong năm". */
  private cycle(i: number): number | null {
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
  private addCycle(i: number, next: number, months: number, written: string): number {
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

  private weekday(i: number): number | null {
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

  private clock(i: number): number | null {
    const token = this.t[i];
    if (token?.kind !== 'time') return null;
    this.out.times.push({ start: token.start, end: token.end, hour: token.hour, minute: token.minute });
    return i + 1;
  }

  // ---- relative periods, events, rules ------------------------------------------------------

  /** "trong vòng 30 ngày kể từ ngày ký", "10 ngày làm việc kể từ ngày nhận được văn bản". */
  private relative(i: number): number | null {
    let k = i;
    const leads: string[][] = [['trong', 'vòng'], ['trong', 'thời', 'hạn'], ['trong', 'thời', 'gian'], ['trong'], ['không', 'quá'], ['tối', 'đa'], ['chậm', 'nhất', 'là'], ['chậm', 'nhất'], ['sau']];
    const lead = leads.find((words) => this.words(i, ...words));
    if (lead) k += lead.length;
    const amount = this.n(k);
    if (!amount || amount.raw.length > 4) return null;
    const unitWord = this.w(k + 1);
    const unit = unitWord === 'ngày' ? 'day' : unitWord === 'tuần' ? 'week' : unitWord === 'tháng' ? 'month' : unitWord === 'năm' ? 'year' : null;
    if (!unit) return null;
    k += 2;
    const working = this.words(k, 'làm', 'việc');
    if (working) k += 2;
    const introducers: string[][] = [['kể', 'từ', 'khi'], ['kể', 'từ'], ['tính', 'từ'], ['sau', 'khi'], ['từ', 'khi'], ['từ'], ['sau']];
    const intro = introducers.find((words) => this.words(k, ...words));
    if (!lead && !intro) return null;
    const base = { amount: amount.value, unit, working } as const;
    if (!intro) {
      this.out.relatives.push({ ...this.span(i, k), ...base, anchor: { kind: 'none' } });
      return k;
    }
    const a = k + intro.length;
    const anchorAtom = this.atom(a, null);
    if (anchorAtom && anchorAtom.value.unit === 'day' && anchorAtom.value.month !== undefined) {
      this.out.relatives.push({ ...this.span(i, anchorAtom.next), ...base, anchor: { kind: 'date', atom: anchorAtom.value } });
      return anchorAtom.next;
    }
    const signing = this.signingAnchor(a);
    if (signing !== null) {
      this.out.relatives.push({ ...this.span(i, signing), ...base, anchor: { kind: 'issue' } });
      return signing;
    }
    const end = this.sentenceEnd(a);
    this.out.relatives.push({ ...this.span(i, end), ...base, anchor: { kind: 'event', clause: this.span(k, end) } });
    return end;
  }

  /** "ngày ký", "ngày ban hành", "ngày Kế hoạch (này) được ban hành/ký": the plan's own date. */
  private signingAnchor(a: number): number | null {
    let k = a;
    if (this.w(k) === 'ngày' || this.w(k) === 'khi') k++;
    if (this.w(k) === 'ký') return this.w(k + 1) === 'ban' && this.w(k + 2) === 'hành' ? k + 3 : k + 1;
    if (this.words(k, 'ban', 'hành')) return k + 2;
    if (SIGNING_SUBJECTS.has(this.w(k) ?? '')) {
      let j = k + 2;
      if (this.w(j) === 'này') j++;
      if (this.w(j) === 'được') j++;
      if (this.w(j) === 'ký') return j + 1;
      if (this.words(j, 'ban', 'hành')) return j + 2;
      if (this.words(j, 'có', 'hiệu', 'lực')) return j + 3;
    }
    return null;
  }

  /** "… đến khi hoàn thành …": work continues until something happens. */
  private until(i: number): number | null {
    let k = i;
    if (this.w(k) === 'cho') k++;
    if (!(this.w(k) === 'đến' || this.w(k) === 'tới') || !(this.w(k + 1) === 'khi' || this.w(k + 1) === 'lúc')) return null;
    this.out.untils.push(this.span(i, this.sentenceEnd(i)));
    return k + 2;
  }

  private event(i: number): number | null {
    const word = this.w(i);
    let length = 0;
    if ((word === 'sau' || word === 'trước' || word === 'ngay') && this.w(i + 1) === 'khi') length = 2;
    else if (word === 'ngay' && this.w(i + 1) === 'sau') length = 2;
    else if (word === 'khi' && !['đến', 'tới', 'sau', 'trước', 'ngay'].includes(this.w(i - 1) ?? '')) length = 1;
    else if (this.words(i, 'kể', 'từ') && !this.atom(i + 2, null)) length = 2;
    else if (this.words(i, 'trường', 'hợp') || word === 'nếu') length = word === 'nếu' ? 1 : 2;
    else if (this.words(i, 'phát', 'sinh')) length = 2;
    else if (this.words(i, 'đột', 'xuất')) return this.addMark('adhoc', i, i + 2);
    if (length === 0) return null;
    this.out.events.push(this.span(i, this.sentenceEnd(i)));
    return i + length;
  }

  /** "Theo quy định …", "theo yêu cầu của tỉnh": the time is set elsewhere. */
  private theo(i: number): number | null {
    if (this.w(i) !== 'theo') return null;
    if (['dõi', 'đó'].includes(this.w(i + 1) ?? '') || ['tiếp', 'kế'].includes(this.w(i - 1) ?? '')) return null;
    this.theoStarts.push(i);
    return i + 1;
  }

  /** "130/KH-UBND ngày 14/11/2023", "33/2023/NĐ-CP": a document number and its date, not a deadline. */
  private documentReference(i: number): number | null {
    if (!this.n(i)) return null;
    let k = i;
    let hasWord = false;
    while (this.adjacent(k) && (this.p(k + 1, '/') || this.p(k + 1, '-')) && this.adjacent(k + 1) && (this.n(k + 2) || this.w(k + 2))) {
      if (this.w(k + 2)) hasWord = true;
      k += 2;
    }
    if (!hasWord) return null;
    const next = k + 1;
    if (this.w(next) === 'ngày') {
      const date = this.literal(next + 1);
      if (date) return date.next;
    }
    return next;
  }

  private mark(i: number): number | null {
    const pairs: [string, string, MarkType][] = [
      ['thường', 'xuyên', 'ongoing'],
      ['liên', 'tục', 'ongoing'],
      ['duy', 'trì', 'upkeep'],
      ['sau', 'đó', 'upkeep'],
      ['tiếp', 'tục', 'upkeep'],
      ['cập', 'nhật', 'upkeep'],
      ['hoàn', 'thành', 'complete'],
      ['hoàn', 'tất', 'complete'],
    ];
    for (const [a, b, type] of pairs) if (this.words(i, a, b)) return this.addMark(type, i, i + 2);
    if (this.w(i) === 'xong') return this.addMark('complete', i, i + 1);
    return null;
  }

  private addMark(type: MarkType, from: number, to: number): number {
    this.out.marks.push({ ...this.span(from, to), type });
    return to;
  }

  // ---- dates ----------------------------------------------------------------------------------

  private dateGroup(i: number): number | null {
    const first = this.atom(i, null);
    if (!first) return null;
    const items: GroupItem[] = [{ from: first.value }];
    let k = first.next;
    let unit: AtomUnit = first.value.unit;
    for (;;) {
      const sep = this.groupSeparator(k);
      if (!sep) break;
      const next = this.atom(sep.next, unit === 'now' ? null : unit);
      if (!next) break;
      const last = items[items.length - 1];
      if (sep.range && last && !last.to) {
        last.to = next.value;
        last.toBefore = sep.before;
      } else items.push({ from: next.value });
      k = next.next;
      unit = next.value.unit;
    }
    const tail = this.openEnd(k);
    const group: DateGroup = { ...this.span(i, k), items, prefix: this.prefixBefore(i), openEnd: tail !== null };
    this.out.groups.push(group);
    return tail ?? k;
  }

  private groupSeparator(k: number): { next: number; range: boolean; before: boolean } | null {
    const list = this.listSeparator(k);
    if (list !== null) return { next: list, range: false, before: false };
    let j = k;
    if (this.p(j, '-') || this.p(j, '~')) j++;
    else {
      if (this.w(j) === 'cho') j++;
      if (this.w(j) !== 'đến' && this.w(j) !== 'tới') return null;
      j++;
    }
    if (this.w(j) === 'hết') j++;
    const before = this.w(j) === 'trước';
    if (before) j++;
    return { next: j, range: true, before };
  }

  private prefixBefore(i: number): GroupPrefix {
    let k = i - 1;
    if (this.p(k, ':')) k--;
    const a = this.w(k);
    const b = this.w(k - 1);
    const c = this.w(k - 2);
    if (a === 'trước') return 'before';
    if (a === 'trong' && b === 'hoặc' && c === 'trước') return 'by';
    if (a === 'từ' || (a === 'đầu' && b === 'bắt')) return 'from';
    if (a === 'sau') return 'after';
    if (a !== undefined && ['hết', 'đến', 'tới', 'nhất', 'là', 'vào', 'hạn', 'chót', 'trong'].includes(a)) return 'by';
    return 'none';
  }

  /** "… và các năm tiếp theo", "… trở đi". */
  private openEnd(k: number): number | null {
    let j = k;
    if (this.p(j, ',')) j++;
    if (this.w(j) === 'và') j++;
    if ((this.w(j) === 'các' || this.w(j) === 'những') && this.w(j + 1) === 'năm') {
      if (this.words(j + 2, 'tiếp', 'theo') || this.words(j + 2, 'kế', 'tiếp')) return j + 4;
      if (this.w(j + 2) === 'sau' || this.w(j + 2) === 'tiếp') return j + 3;
    }
    if (this.words(j, 'trở', 'đi')) return j + 2;
    if (this.words(j, 'trở', 'về', 'sau')) return j + 3;
    return null;
  }

  /** A calendar reference at token i; `ctx` allows the short forms of a list ("Quý II, III"). */
  private atom(i: number, ctx: AtomUnit | null): Found<Atom> | null {
    const word = this.w(i);
    const part = word === 'giữa' ? 'mid' : word === 'cuối' ? 'late' : word === 'đầu' && this.w(i - 1) !== 'bắt' ? 'early' : null;
    if (part) {
      const inner = this.atomCore(i + 1, null, true);
      if (!inner || !['month', 'quarter', 'year'].includes(inner.value.unit)) return null;
      return { value: { ...inner.value, part, start: this.span(i, i + 1).start }, next: inner.next };
    }
    if (word === 'cả' || word === 'suốt' || (word === 'trong' && this.w(i + 1) === 'năm')) {
      const inner = this.atomCore(i + 1, null, true);
      if (!inner || inner.value.unit !== 'year') return null;
      return { value: { ...inner.value, start: this.span(i, i + 1).start }, next: inner.next };
    }
    return this.atomCore(i, ctx, false);
  }

  private atomCore(i: number, ctx: AtomUnit | null, bareYear: boolean): Found<Atom> | null {
    const word = this.w(i);
    const make = (next: number, fields: Omit<Atom, 'start' | 'end'>): Found<Atom> => ({ value: { ...this.span(i, next), ...fields }, next });

    // 6 tháng đầu/cuối năm [2025], nửa đầu năm
    const sixMonths = this.isSix(i) && this.w(i + 1) === 'tháng' ? 2 : this.w(i) === 'nửa' ? 1 : 0;
    if (sixMonths > 0 && (this.w(i + sixMonths) === 'đầu' || this.w(i + sixMonths) === 'cuối')) {
      const half = this.w(i + sixMonths) === 'đầu' ? 1 : 2;
      let k = i + sixMonths + 1;
      if (this.w(k) !== 'năm') return sixMonths === 2 ? make(k, { unit: 'half', half, yearOffset: 0 }) : null;
      const year = this.yearAfterWord(k + 1);
      return make(year?.next ?? k + 1, { unit: 'half', half, ...(year?.value ?? { yearOffset: 0 }) });
    }

    if (word === 'ngày') {
      const lit = this.literal(i + 1);
      if (lit) {
        const [d, m, y] = lit.value;
        if (lit.value.length === 2 && m && m.raw.length > 2) return null;
        return d && m ? make(lit.next, this.dayFields(d, m, y)) : null;
      }
      const d = this.n(i + 1);
      if (!d || d.raw.length > 2) return null;
      if (this.w(i + 2) === 'tháng' && this.n(i + 3)) {
        const m = this.n(i + 3) as Num;
        let k = i + 4;
        let y: Num | undefined;
        if (this.w(k) === 'năm' && this.n(k + 1)) {
          y = this.n(k + 1);
          k += 2;
        }
        return make(k, this.dayFields(d, m, y));
      }
      if (['làm', 'kể', 'tính'].includes(this.w(i + 2) ?? '')) return null;
      return make(i + 2, d.value >= 1 && d.value <= 31 ? { unit: 'day', day: d.value } : { unit: 'day', invalid: `ngày ${d.raw} không tồn tại` });
    }

    const lit = this.literal(i);
    if (lit) {
      const [a, b, c] = lit.value;
      if (!a || !b) return null;
      if (c) return make(lit.next, a.raw.length === 4 ? this.dayFields(c, b, a) : this.dayFields(a, b, c));
      if (b.raw.length >= 3) return make(lit.next, this.monthFields(a, this.yearValue(b, false)));
      return make(lit.next, this.dayFields(a, b, undefined));
    }

    if (word === 'tháng') {
      const m = this.n(i + 1);
      if (!m || m.raw.length > 2) return null;
      const year = this.yearSuffix(i + 2);
      return make(year?.next ?? i + 2, this.monthFields(m, year?.value));
    }

    if (word === 'quý' || (word === 'q' && this.adjacent(i))) {
      const q = this.quarterNumber(i + 1);
      if (q === null) return null;
      const year = this.yearSuffix(i + 2);
      return make(year?.next ?? i + 2, this.quarterFields(q, year?.value));
    }

    if (word === 'năm' && !['thứ', 'hằng', 'mỗi', 'từng', 'các', 'những'].includes(this.w(i - 1) ?? '')) {
      const year = this.yearAfterWord(i + 1);
      if (year) return make(year.next, { unit: 'year', ...year.value });
      if (bareYear) return make(i + 1, { unit: 'year', yearOffset: 0 });
      return null;
    }

    const num = this.n(i);
    if (num && num.raw.length === 4 && isSupportedYear(num.value) && !this.p(i - 1, '/') && !this.p(i + 1, '/') && !(this.p(i + 1, '.') && this.n(i + 2))) {
      return make(i + 1, { unit: 'year', year: num.value });
    }

    if (this.w(i - 1) === 'từ') {
      if (word === 'nay') return make(i + 1, { unit: 'now' });
      if (this.words(i, 'hiện', 'nay') || this.words(i, 'bây', 'giờ')) return make(i + 2, { unit: 'now' });
    }

    if (ctx === 'quarter') {
      const q = this.quarterNumber(i);
      if (q === null || q > 4) return null;
      const year = this.yearSuffix(i + 1);
      const next = year?.next ?? i + 1;
      return this.continuationEnds(next) ? make(next, this.quarterFields(q, year?.value)) : null;
    }
    if ((ctx === 'month' || ctx === 'day') && num && num.raw.length <= 2) {
      const year = ctx === 'month' ? this.yearSuffix(i + 1) : null;
      const next = year?.next ?? i + 1;
      if (!this.continuationEnds(next)) return null;
      if (ctx === 'day') return make(next, num.value >= 1 && num.value <= 31 ? { unit: 'day', day: num.value } : { unit: 'day', invalid: `ngày ${num.raw} không tồn tại` });
      return make(next, this.monthFields(num, year?.value));
    }
    return null;
  }

  /** After a short list element only a separator or the end may follow ("Quý IV, 2 lần" is not a quarter). */
  private continuationEnds(k: number): boolean {
    const token = this.t[k];
    if (!token) return true;
    if (token.kind === 'punct') return [',', ';', '.', ')', '-', '~', '&'].includes(token.value);
    if (token.kind === 'word') return ['và', 'hoặc', 'đến', 'tới', 'cho'].includes(token.value);
    return false;
  }

  /** d/m/y, d/m, m/y, d-m-y, d.m.y: numbers joined by one kind of separator. */
  private literal(i: number): Found<Num[]> | null {
    const first = this.n(i);
    if (!first) return null;
    const sep = this.t[i + 1];
    if (sep?.kind !== 'punct' || !['/', '-', '.'].includes(sep.value)) return null;
    const tight = sep.value !== '/';
    const parts: Num[] = [first];
    let k = i;
    while (this.p(k + 1, sep.value) && this.n(k + 2) && (!tight || (this.adjacent(k) && this.adjacent(k + 1)))) {
      parts.push(this.n(k + 2) as Num);
      k += 2;
      if (parts.length === 3) break;
    }
    if (parts.length < 2) return null;
    if (tight) {
      const last = parts[parts.length - 1] as Num;
      const lead = parts[0] as Num;
      if (parts.length !== 3 || (last.raw.length < 4 && lead.raw.length < 4)) return null;
    }
    if (this.p(k + 1, '/') && this.adjacent(k) && this.w(k + 2)) return null;
    return { value: parts, next: k + 1 };
  }

  private quarterNumber(k: number): number | null {
    const word = this.w(k);
    if (word !== undefined) {
      const roman = fromRoman(word);
      return roman !== null && roman <= 12 ? roman : null;
    }
    const num = this.n(k);
    return num && num.raw.length <= 2 ? num.value : null;
  }

  /** "/2025" or "năm 2025" (or "năm nay", "năm tiếp theo") after a month or quarter. */
  private yearSuffix(k: number): Found<Pick<Atom, 'year' | 'yearOffset' | 'invalid'>> | null {
    if (this.p(k, '/') && this.n(k + 1)) return { value: this.yearValue(this.n(k + 1) as Num, true), next: k + 2 };
    if (this.w(k) === 'năm') return this.yearAfterWord(k + 1);
    return null;
  }

  /** What follows the word "năm": a number or "nay / tiếp theo / sau / tới / trước". */
  private yearAfterWord(k: number): Found<Pick<Atom, 'year' | 'yearOffset' | 'invalid'>> | null {
    const num = this.n(k);
    if (num) return num.raw.length >= 3 ? { value: this.yearValue(num, false), next: k + 1 } : null;
    if (this.w(k) === 'nay' || this.words(k, 'hiện', 'nay') || this.words(k, 'hiện', 'tại')) return { value: { yearOffset: 0 }, next: k + (this.w(k) === 'nay' ? 1 : 2) };
    if (this.words(k, 'tiếp', 'theo') || this.words(k, 'kế', 'tiếp')) return { value: { yearOffset: 1 }, next: k + 2 };
    if (this.w(k) === 'sau' && this.w(k + 1) !== 'khi' && this.w(k + 1) !== 'đó') return { value: { yearOffset: 1 }, next: k + 1 };
    if (this.w(k) === 'tới') return { value: { yearOffset: 1 }, next: k + 1 };
    if (this.w(k) === 'trước' && !this.n(k + 1) && this.w(k + 1) !== 'ngày' && this.w(k + 1) !== 'khi') return { value: { yearOffset: -1 }, next: k + 1 };
    return null;
  }

  private yearValue(num: Num, allowTwoDigits: boolean): Pick<Atom, 'year' | 'invalid'> {
    if (num.raw.length === 2 && allowTwoDigits) return { year: 2000 + num.value };
    if (num.raw.length === 4 && isSupportedYear(num.value)) return { year: num.value };
    return { invalid: `năm ${num.raw} nằm ngoài khoảng hỗ trợ (${MIN_YEAR}–${MAX_YEAR})` };
  }

  private dayFields(d: Num, m: Num, y: Num | undefined): Omit<Atom, 'start' | 'end'> {
    const year = y ? this.yearValue(y, true) : {};
    const written = `${d.raw}/${m.raw}${y ? `/${y.raw}` : ''}`;
    if ('invalid' in year) return { unit: 'day', invalid: year.invalid };
    if (m.value < 1 || m.value > 12 || d.value < 1 || d.value > 31 || d.raw.length > 2 || m.raw.length > 2) {
      return { unit: 'day', invalid: `ngày ${written} không tồn tại` };
    }
    return { unit: 'day', day: d.value, month: m.value, ...year };
  }

  private monthFields(m: Num, year: Pick<Atom, 'year' | 'yearOffset' | 'invalid'> | undefined): Omit<Atom, 'start' | 'end'> {
    if (year?.invalid) return { unit: 'month', invalid: year.invalid };
    if (m.value < 1 || m.value > 12) return { unit: 'month', invalid: `tháng ${m.raw} không tồn tại` };
    return { unit: 'month', month: m.value, ...year };
  }

  private quarterFields(q: number, year: Pick<Atom, 'year' | 'yearOffset' | 'invalid'> | undefined): Omit<Atom, 'start' | 'end'> {
    if (year?.invalid) return { unit: 'quarter', invalid: year.invalid };
    if (q < 1 || q > 4) return { unit: 'quarter', invalid: `quý ${q} không tồn tại` };
    return { unit: 'quarter', quarter: q, ...year };
  }
}
