/**
 * Reads one calendar reference at a token: "ngày 15/12/2025", "tháng 5/2024", "Quý II", "6 tháng
 * đầu năm", "năm tiếp theo", "cuối năm", "2027", and the short forms inside a list ("Quý II, III").
 */
import { isSupportedYear, MAX_YEAR, MIN_YEAR } from './calendar';
import { cycleIndex, solarHoliday } from './holidays';
import type { Atom, AtomUnit, Holiday, MonthDays } from './scan-types';
import { TokenCursor, type Found, type Num } from './token-cursor';

const SIGNING_SUBJECTS = new Set(['kế', 'quyết', 'văn', 'chương']);
/** "tuần thứ nhất / hai / ba / tư": the week's number ("năm" would read as a year). */
const WEEK_WORDS = new Map([
  ['nhất', 1],
  ['hai', 2],
  ['ba', 3],
  ['tư', 4],
  ['bốn', 4],
]);
/** Last day of a school year unless the cell says otherwise. */
const SCHOOL_YEAR_END = { day: 31, month: 5 } as const;

export class AtomReader extends TokenCursor {
  /** A calendar reference at token i; `ctx` allows the short forms of a list ("Quý II, III"). */
  protected atom(i: number, ctx: AtomUnit | null): Found<Atom> | null {
    const days = this.monthDays(i);
    if (days) {
      const inner = this.atomCore(days.next, null, true);
      if (!inner || inner.value.unit !== 'month') return null;
      return { value: { ...inner.value, within: days.value, start: this.span(i, i + 1).start }, next: inner.next };
    }
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

  /**
   * Days of a month named before it: the ten-day periods of official usage ("thượng / trung / hạ
   * tuần"), its halves ("nửa đầu / cuối"), a week ("tuần đầu", "tuần thứ 2", "tuần 3", "tuần cuối").
   * Returns the token after the words ("của" skipped), where the month must follow.
   */
  private monthDays(i: number): Found<MonthDays> | null {
    const found = (next: number, value: MonthDays): Found<MonthDays> => ({ value, next: this.w(next) === 'của' ? next + 1 : next });
    const word = this.w(i);
    if (this.w(i + 1) === 'tuần') {
      if (word === 'thượng') return found(i + 2, { first: 1, last: 10, label: 'thượng tuần' });
      if (word === 'trung') return found(i + 2, { first: 11, last: 20, label: 'trung tuần' });
      if (word === 'hạ') return found(i + 2, { first: 21, last: 'end', label: 'hạ tuần' });
    }
    if (word === 'nửa' && this.w(i + 2) === 'tháng') {
      if (this.w(i + 1) === 'đầu') return found(i + 2, { first: 1, last: 15, label: 'nửa đầu' });
      if (this.w(i + 1) === 'cuối') return found(i + 2, { first: 16, last: 'end', label: 'nửa cuối' });
    }
    if (word !== 'tuần') return null;
    if (this.w(i + 1) === 'đầu') return found(i + 2, { first: 1, last: 7, label: 'tuần đầu' });
    if (this.w(i + 1) === 'cuối') return found(i + 2, { first: -6, last: 'end', label: 'tuần cuối' });
    const ordinal = this.w(i + 1) === 'thứ' ? i + 2 : i + 1;
    const n = this.n(ordinal)?.value ?? WEEK_WORDS.get(this.w(ordinal) ?? '');
    if (n === undefined || n < 1 || n > 5) return null;
    return found(ordinal + 1, { first: 7 * n - 6, last: n === 5 ? 'end' : 7 * n, label: `tuần thứ ${n}` });
  }

  /** "15 tháng 12 [năm 2026 | năm sau]" from the day's number at d (one or two digits, a month of one or two). */
  private dayInWords(d: number): Found<Omit<Atom, 'start' | 'end'>> | null {
    const day = this.n(d);
    const month = this.n(d + 2);
    if (!day || day.raw.length > 2 || this.w(d + 1) !== 'tháng' || !month || month.raw.length > 2) return null;
    let k = d + 3;
    let year: Num | undefined;
    if (this.w(k) === 'năm' && this.n(k + 1)) {
      year = this.n(k + 1);
      k += 2;
    } else {
      const relative = this.yearSuffix(k, true);
      if (relative) return { value: this.withYear(this.dayFields(day, month, undefined), relative.value), next: relative.next };
    }
    return { value: this.dayFields(day, month, year), next: k };
  }

  protected atomCore(i: number, ctx: AtomUnit | null, bareYear: boolean): Found<Atom> | null {
    const word = this.w(i);
    const make = (next: number, fields: Omit<Atom, 'start' | 'end'>): Found<Atom> => ({ value: { ...this.span(i, next), ...fields }, next });

    // "từ nay", "từ ngày ban hành / ngày ký": the plan's date of issue
    if (this.w(i - 1) === 'từ') {
      if (word === 'nay') return make(i + 1, { unit: 'now' });
      if (this.words(i, 'hiện', 'nay') || this.words(i, 'bây', 'giờ')) return make(i + 2, { unit: 'now' });
      const issue = word === 'ngày' ? this.signingAnchor(i) : null;
      if (issue !== null) return make(issue, { unit: 'now' });
    }

    // "9 tháng đầu năm 2026", "3 tháng đầu năm": the months up to month N, due at its end.
    const count = this.n(i);
    const months = count && count.raw.length <= 2 ? count.value : this.w(i) === 'chín' ? 9 : this.w(i) === 'ba' ? 3 : 0;
    if (months >= 1 && months <= 11 && months !== 6 && this.w(i + 1) === 'tháng' && this.w(i + 2) === 'đầu' && this.w(i + 3) === 'năm') {
      const year = this.yearAfterWord(i + 4);
      return make(year?.next ?? i + 4, { unit: 'month', month: months, ...(year?.value ?? { yearOffset: 0 }) });
    }

    // 6 tháng đầu/cuối năm [2025], nửa đầu năm
    const sixMonths = this.isSix(i) && this.w(i + 1) === 'tháng' ? 2 : this.w(i) === 'nửa' ? 1 : 0;
    if (sixMonths > 0 && (this.w(i + sixMonths) === 'đầu' || this.w(i + sixMonths) === 'cuối')) {
      const half = this.w(i + sixMonths) === 'đầu' ? 1 : 2;
      let k = i + sixMonths + 1;
      if (this.w(k) !== 'năm') return sixMonths === 2 ? make(k, { unit: 'half', half, yearOffset: 0 }) : null;
      const year = this.yearAfterWord(k + 1);
      return make(year?.next ?? k + 1, { unit: 'half', half, ...(year?.value ?? { yearOffset: 0 }) });
    }

    const holiday = this.holiday(i);
    if (holiday) return make(holiday.next, holiday.value);

    if (word === 'ngày') {
      const lit = this.literal(i + 1);
      if (lit) {
        const [d, m, y] = lit.value;
        if (lit.value.length === 2 && m && m.raw.length > 2) return null;
        if (!d || !m) return null;
        const relative = y ? null : this.yearSuffix(lit.next, true);
        return relative ? make(relative.next, this.withYear(this.dayFields(d, m, undefined), relative.value)) : make(lit.next, this.occasionOf(i, this.dayFields(d, m, y)));
      }
      const d = this.n(i + 1);
      if (!d || d.raw.length > 2) return null;
      const spelled = this.dayInWords(i + 1);
      if (spelled) return make(spelled.next, spelled.value);
      if (['làm', 'kể', 'tính'].includes(this.w(i + 2) ?? '')) return null;
      return make(i + 2, d.value >= 1 && d.value <= 31 ? { unit: 'day', day: d.value } : { unit: 'day', invalid: `ngày ${d.raw} không tồn tại` });
    }

    // "15 tháng 12 hằng năm", "trước 30 tháng 6": a day in words without "ngày"
    const spelled = this.p(i - 1, '/') ? null : this.dayInWords(i);
    if (spelled) return make(spelled.next, spelled.value);

    const lit = this.literal(i);
    if (lit) {
      const [a, b, c] = lit.value;
      if (!a || !b) return null;
      if (c) return make(lit.next, this.occasionOf(i, a.raw.length === 4 ? this.dayFields(c, b, a) : this.dayFields(a, b, c)));
      if (b.raw.length >= 3) return make(lit.next, this.monthFields(a, this.yearValue(b, false)));
      const relative = this.yearSuffix(lit.next, true);
      if (relative) return make(relative.next, this.withYear(this.dayFields(a, b, undefined), relative.value));
      return make(lit.next, this.occasionOf(i, this.dayFields(a, b, undefined)));
    }

    if (word === 'tháng') {
      const m = this.n(i + 1);
      if (!m || m.raw.length > 2) return null;
      const year = this.yearSuffix(i + 2);
      return make(year?.next ?? i + 2, this.monthFields(m, year?.value));
    }

    if (word === 'quý' || (word === 'q' && (this.adjacent(i) || this.p(i + 1, '.')))) {
      // "Q.II/2026": the abbreviation's dot
      const at = this.p(i + 1, '.') ? i + 2 : i + 1;
      const q = this.quarterNumber(at);
      if (q === null) return null;
      const year = this.yearSuffix(at + 1);
      return make(year?.next ?? at + 1, this.quarterFields(q, year?.value));
    }

    // "năm học 2026-2027" (or "2026 - 2027"): the school year ends on 31 May of its second year.
    if (word === 'năm' && this.w(i + 1) === 'học') {
      const first = this.n(i + 2);
      const second = this.n(i + 4);
      if (first && second && first.raw.length === 4 && second.raw.length === 4 && (this.p(i + 3, '-') || this.p(i + 3, '/')) && second.value === first.value + 1 && isSupportedYear(second.value)) {
        return make(i + 5, { unit: 'day', day: SCHOOL_YEAR_END.day, month: SCHOOL_YEAR_END.month, year: second.value, schoolYear: first.value });
      }
      return null;
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

  /**
   * "Tết Nguyên đán [2027 | Đinh Mùi]", "Tết Trung thu", "Giỗ Tổ Hùng Vương", "Quốc khánh 2/9":
   * a holiday, whose date depends on the year.
   */
  protected holiday(i: number): Found<Omit<Atom, 'start' | 'end'>> | null {
    let kind: Holiday | null = null;
    let k = i;
    if (this.w(i) === 'tết') {
      k = i + 1;
      const pairs: [string, string, Holiday][] = [
        ['nguyên', 'đán', 'tet'],
        ['âm', 'lịch', 'tet'],
        ['cổ', 'truyền', 'tet'],
        ['trung', 'thu', 'mid-autumn'],
        ['dương', 'lịch', 'new-year'],
      ];
      const pair = pairs.find(([a, b]) => this.words(k, a, b));
      kind = pair ? pair[2] : 'tet';
      if (pair) k += 2;
    } else if (this.words(i, 'giỗ', 'tổ')) {
      kind = 'hung-kings';
      k = this.words(i + 2, 'hùng', 'vương') ? i + 4 : i + 2;
    } else if (this.words(i, 'quốc', 'khánh')) {
      kind = 'national-day';
      k = i + 2;
      let j = k;
      if (this.w(j) === 'ngày') j++;
      const lit = this.literal(j);
      if (lit && lit.value[0]?.value === 2 && lit.value[1]?.value === 9) {
        const y = lit.value[2];
        if (y) return { value: { ...this.dayFields(lit.value[0], lit.value[1], y), holiday: kind }, next: lit.next };
        k = lit.next;
      }
    }
    if (kind === null) return null;
    // The year: "2027", "năm 2027", "năm sau", or the sexagenary name "Bính Ngọ".
    const num = this.n(k);
    if (num && num.raw.length === 4) return { value: { unit: 'day', holiday: kind, ...this.yearValue(num, false) }, next: k + 1 };
    const year = this.yearSuffix(k, true);
    if (year) return { value: { unit: 'day', holiday: kind, ...year.value }, next: year.next };
    const cycle = cycleIndex(this.w(k), this.w(k + 1));
    if (cycle !== null) {
      // "Tết Nguyên đán Bính Ngọ 2026": the written year wins.
      const written = this.n(k + 2);
      if (written && written.raw.length === 4) return { value: { unit: 'day', holiday: kind, ...this.yearValue(written, false) }, next: k + 3 };
      return { value: { unit: 'day', holiday: kind, cycleYear: cycle }, next: k + 2 };
    }
    // "Tết Dương lịch" without a year is the one that ends the plan year.
    return { value: { unit: 'day', holiday: kind, ...(kind === 'new-year' ? { yearOffset: 1 } : {}) }, next: k };
  }

  /** "dịp 2/9", "lễ 30/4", "kỷ niệm 1/5": the date is also a holiday, named in the explanation. */
  protected occasionOf(i: number, fields: Omit<Atom, 'start' | 'end'>): Omit<Atom, 'start' | 'end'> {
    const k = this.w(i - 1) === 'ngày' ? i - 1 : i;
    const named = ['dịp', 'lễ'].includes(this.w(k - 1) ?? '') || this.words(k - 2, 'kỷ', 'niệm');
    if (!named || fields.invalid || fields.day === undefined || fields.month === undefined) return fields;
    const holiday = solarHoliday(fields.day, fields.month);
    return holiday ? { ...fields, holiday } : fields;
  }

  /** After a short list element only a separator or the end may follow ("Quý IV, 2 lần" is not a quarter). */
  protected continuationEnds(k: number): boolean {
    const token = this.t[k];
    if (!token) return true;
    if (token.kind === 'punct') return [',', ';', '.', ')', '-', '~', '&'].includes(token.value);
    if (token.kind === 'word') return ['và', 'hoặc', 'đến', 'tới', 'cho', 'hằng', 'mỗi'].includes(token.value);
    return false;
  }

  /** d/m/y, d/m, m/y, d-m-y, d.m.y: numbers joined by one kind of separator. */
  protected literal(i: number): Found<Num[]> | null {
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

  /** "/2025" or "năm 2025" (or "năm nay", "năm tiếp theo") after a month or quarter. */
  protected yearSuffix(k: number, wordsOnly = false): Found<Pick<Atom, 'year' | 'yearOffset' | 'invalid'>> | null {
    if (!wordsOnly && this.p(k, '/') && this.n(k + 1)) return { value: this.yearValue(this.n(k + 1) as Num, true), next: k + 2 };
    // "Quý 2 - 2026", "Tháng 6 - 2026": a year after a dash (a range to a bare year would be unusual)
    const dashed = !wordsOnly && this.p(k, '-') ? this.n(k + 1) : undefined;
    if (dashed && dashed.raw.length === 4) return { value: this.yearValue(dashed, false), next: k + 2 };
    // "tháng 4 của năm sau", "15/01 năm kế tiếp"
    const at = this.w(k) === 'của' && this.w(k + 1) === 'năm' ? k + 1 : k;
    if (this.w(at) === 'năm') return this.yearAfterWord(at + 1);
    return null;
  }

  /** A day written without its year, with the year the words after it give. */
  protected withYear(fields: Omit<Atom, 'start' | 'end'>, year: Pick<Atom, 'year' | 'yearOffset' | 'invalid'>): Omit<Atom, 'start' | 'end'> {
    if (fields.invalid) return fields;
    if (year.invalid) return { unit: 'day', invalid: year.invalid };
    return { ...fields, ...year };
  }

  /** What follows the word "năm": a number or "nay / tiếp theo / sau / tới / trước". */
  protected yearAfterWord(k: number): Found<Pick<Atom, 'year' | 'yearOffset' | 'invalid'>> | null {
    const num = this.n(k);
    if (num) return num.raw.length >= 3 ? { value: this.yearValue(num, false), next: k + 1 } : null;
    if (this.w(k) === 'nay' || this.words(k, 'hiện', 'nay') || this.words(k, 'hiện', 'tại')) return { value: { yearOffset: 0 }, next: k + (this.w(k) === 'nay' ? 1 : 2) };
    if (this.words(k, 'tiếp', 'theo') || this.words(k, 'kế', 'tiếp') || this.words(k, 'liền', 'kề') || this.words(k, 'liền', 'sau') || this.words(k, 'kế', 'sau')) {
      return { value: { yearOffset: 1 }, next: k + 2 };
    }
    if (this.w(k) === 'sau' && this.w(k + 1) !== 'khi' && this.w(k + 1) !== 'đó') return { value: { yearOffset: 1 }, next: k + 1 };
    if (this.w(k) === 'tới') return { value: { yearOffset: 1 }, next: k + 1 };
    if (this.w(k) === 'trước' && !this.n(k + 1) && this.w(k + 1) !== 'ngày' && this.w(k + 1) !== 'khi') return { value: { yearOffset: -1 }, next: k + 1 };
    return null;
  }

  protected yearValue(num: Num, allowTwoDigits: boolean): Pick<Atom, 'year' | 'invalid'> {
    if (num.raw.length === 2 && allowTwoDigits) return { year: 2000 + num.value };
    if (num.raw.length === 4 && isSupportedYear(num.value)) return { year: num.value };
    return { invalid: `năm ${num.raw} nằm ngoài khoảng hỗ trợ (${MIN_YEAR}–${MAX_YEAR})` };
  }

  protected dayFields(d: Num, m: Num, y: Num | undefined): Omit<Atom, 'start' | 'end'> {
    const year = y ? this.yearValue(y, true) : {};
    const written = `${d.raw}/${m.raw}${y ? `/${y.raw}` : ''}`;
    if ('invalid' in year) return { unit: 'day', invalid: year.invalid };
    if (m.value < 1 || m.value > 12 || d.value < 1 || d.value > 31 || d.raw.length > 2 || m.raw.length > 2) {
      return { unit: 'day', invalid: `ngày ${written} không tồn tại` };
    }
    return { unit: 'day', day: d.value, month: m.value, ...year };
  }

  protected monthFields(m: Num, year: Pick<Atom, 'year' | 'yearOffset' | 'invalid'> | undefined): Omit<Atom, 'start' | 'end'> {
    if (year?.invalid) return { unit: 'month', invalid: year.invalid };
    if (m.value < 1 || m.value > 12) return { unit: 'month', invalid: `tháng ${m.raw} không tồn tại` };
    return { unit: 'month', month: m.value, ...year };
  }

  protected quarterFields(q: number, year: Pick<Atom, 'year' | 'yearOffset' | 'invalid'> | undefined): Omit<Atom, 'start' | 'end'> {
    if (year?.invalid) return { unit: 'quarter', invalid: year.invalid };
    if (q < 1 || q > 4) return { unit: 'quarter', invalid: `quý ${q} không tồn tại` };
    return { unit: 'quarter', quarter: q, ...year };
  }

  /** "ngày ký", "ngày ban hành", "ngày Kế hoạch (này) được ban hành/ký": the plan's own date. */
  protected signingAnchor(a: number): number | null {
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
}
