/**
 * Reads one deadline phrase (already in match form) left to right and records what it says:
 * calendar references grouped into lists and ranges, periodicity, day rules, weekdays, clock
 * times, relative periods, and the clauses that defer the time to a rule or an event.
 * It never turns anything into dates; interpret.ts does that with the plan year.
 */
import type { Atom, AtomUnit, DateGroup, GroupItem, GroupPrefix, MarkType, Range, Scan } from './scan-types';
import { PeriodicReader } from './scan-periodic';

export function scan(matchText: string): Scan {
  return new Scanner(matchText).run();
}

class Scanner extends PeriodicReader {
  /** Token indices where a "theo …" clause starts; their ends are fixed once everything is found. */
  private readonly theoStarts: number[] = [];
  /** The year of a "Năm 2026:" heading. */
  private contextYear: number | undefined;

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
    this.out.asides = this.brackets();
    return this.out;
  }

  private brackets(): Range[] {
    const ranges: Range[] = [];
    let open: number | null = null;
    for (const token of this.t) {
      if (token.kind !== 'punct') continue;
      if (token.value === '(' && open === null) open = token.start;
      else if (token.value === ')' && open !== null) {
        ranges.push({ start: open, end: token.end });
        open = null;
      }
    }
    if (open !== null) ranges.push({ start: open, end: this.text.length });
    return ranges;
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
    // "10 ngày làm việc, kể từ ngày nhận được hồ sơ"
    if (this.p(k, ',') && introducers.some((words) => this.words(k + 1, ...words))) k++;
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

  private dateGroup(i: number): number | null {
    const first = this.atom(i, null);
    if (!first) return null;
    const items: GroupItem[] = [{ from: first.value }];
    let k = first.next;
    // "ngày 20 tháng 3, 6, 9, 12": the numbers listed after "ngày D tháng M" are months of that day.
    const dayOfMonths = first.value.unit === 'day' && this.w(i) === 'ngày' && this.w(i + 2) === 'tháng' && first.value.year === undefined;
    let unit: AtomUnit = dayOfMonths ? 'month' : first.value.unit;
    for (;;) {
      const sep = this.groupSeparator(k);
      if (!sep) break;
      const next = this.atom(sep.next, unit === 'now' ? null : unit);
      if (!next) break;
      const last = items[items.length - 1];
      const value = this.sameDayOf(last?.to ?? last?.from, next.value);
      if (sep.range && last && !last.to) {
        last.to = value;
        last.toBefore = sep.before;
      } else items.push({ from: value });
      k = next.next;
      unit = dayOfMonths && value.unit === 'day' ? 'month' : next.value.unit;
    }
    const tail = this.openEnd(k);
    const heading = tail === null && items.length === 1 && !items[0]?.to && first.value.unit === 'year' && first.value.year !== undefined && !first.value.part && this.p(k, ':');
    if (this.contextYear !== undefined) for (const item of items) for (const atom of [item.from, item.to]) this.inContextYear(atom);
    if (heading) this.contextYear = first.value.year;
    const group: DateGroup = { ...this.span(i, k), items, prefix: this.prefixBefore(i), openEnd: tail !== null, ...(heading ? { heading } : {}) };
    this.out.groups.push(group);
    return tail ?? k;
  }

  /** A date without a year after "Năm 2026:" belongs to 2026. */
  private inContextYear(atom: Atom | undefined): void {
    if (!atom || atom.invalid || atom.unit === 'now' || atom.year !== undefined || atom.yearOffset !== undefined || atom.cycleYear !== undefined) return;
    atom.year = this.contextYear;
  }

  /** "ngày 10 tháng 6 và tháng 12": a month listed after a day means the same day of that month. */
  private sameDayOf(previous: Atom | undefined, atom: Atom): Atom {
    if (previous?.unit !== 'day' || previous.day === undefined || previous.month === undefined || atom.unit !== 'month' || atom.part || atom.invalid) return atom;
    return { ...atom, unit: 'day', day: previous.day };
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
    // "trước Thứ Sáu, ngày 05/6/2026": the weekday names the date that follows.
    if (this.p(k, ',')) k--;
    if (this.w(k - 1) === 'thứ' || this.words(k - 1, 'chủ', 'nhật')) k -= 2;
    // "trước dịp Tết Trung thu", "trước lễ 30/4"
    if (this.w(k) === 'dịp' || this.w(k) === 'lễ') k--;
    else if (this.words(k - 1, 'kỷ', 'niệm')) k -= 2;
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
      // "… và các năm học tiếp theo"
      const k = this.w(j + 2) === 'học' ? j + 3 : j + 2;
      if (this.words(k, 'tiếp', 'theo') || this.words(k, 'kế', 'tiếp')) return k + 2;
      if (this.w(k) === 'sau' || this.w(k) === 'tiếp') return k + 1;
    }
    if (this.words(j, 'trở', 'đi')) return j + 2;
    if (this.words(j, 'trở', 'về', 'sau')) return j + 3;
    return null;
  }
}
