/**
 * Deadline phrases, second round (issue 16): anchored recurrences, years relative to the plan,
 * a date plus a recurrence, recurrences with requests on the side, ranges, event offsets and
 * school years. Each class is read in the mess real cells arrive in: doubled spaces, NFD text,
 * Roman and Arabic numerals, "hàng/hằng", line breaks.
 */
import { describe, expect, it } from 'vitest';
import { parseDeadline, occurrences } from '../../domain/deadline';
import { ScheduleSchema, recurrences, type Schedule } from '../../domain/schedule';

const PLAN = { planYear: 2026 };

function read(text: string): Schedule {
  const schedule = parseDeadline(text, PLAN);
  expect(() => ScheduleSchema.parse(schedule)).not.toThrow();
  return schedule;
}

/** The same phrase as a plan exports it: NFD, doubled spaces, upper-case first letter. */
function messy(text: string): string[] {
  return [text, text.normalize('NFD'), text.replace(/ /g, '  '), `  ${text.charAt(0).toUpperCase()}${text.slice(1)}  `];
}

const dues = (s: Schedule, from: string, to: string): string[] => recurrences(s).flatMap((r) => occurrences(r, from, to)).map((o) => `${o.label} → ${o.due}`);

describe('recurrences with a day inside the period', () => {
  const quarterNext = [
    'trước ngày 20 của tháng đầu quý sau',
    'Trước ngày 20 tháng đầu của quý tiếp theo',
    'báo cáo hàng quý trước ngày 20 của tháng đầu quý kế tiếp',
    'Hằng quý, trước ngày 20 tháng đầu tiên của quý liền kề',
  ];
  for (const text of quarterNext.flatMap(messy)) {
    it(`"${text}" is quarterly, due the 19th of the next quarter's first month, reporting on the quarter before`, () => {
      const s = read(text);
      expect(s.kind).toBe('recurring');
      expect(s.recurrence).toEqual({ every: 'quarter', day: 20, monthOfPeriod: 'first', before: true, reportsOn: 'previous' });
      expect(s.explanation).toContain('báo cáo cho quý liền trước');
    });
  }

  it('occurrences give each quarter its anchored due date in the next quarter', () => {
    expect(dues(read('trước ngày 20 của tháng đầu quý sau'), '2026-01-01', '2026-12-31')).toEqual([
      'Quý IV/2025 → 2026-01-19',
      'Quý I/2026 → 2026-04-19',
      'Quý II/2026 → 2026-07-19',
      'Quý III/2026 → 2026-10-19',
    ]);
  });

  for (const text of messy('chậm nhất ngày 10 tháng cuối mỗi quý')) {
    it(`"${text}": day 10 of each quarter's last month`, () => {
      expect(dues(read(text), '2026-01-01', '2026-06-30')).toEqual(['Quý I/2026 → 2026-03-10', 'Quý II/2026 → 2026-06-10']);
    });
  }

  for (const text of ['trước ngày mùng 3 hằng tháng', 'Trước ngày mồng 3 hàng tháng', 'trước mùng 3 hàng tháng', 'Trước  ngày  mùng  03  hằng tháng'].flatMap(messy)) {
    it(`"${text}": the 2nd of every month`, () => {
      expect(read(text).recurrence).toEqual({ every: 'month', day: 3, before: true });
    });
  }

  for (const text of ['Hằng tháng, trước ngày 05 của tháng sau', 'hàng tháng, chậm nhất ngày 5 tháng tiếp theo'].flatMap(messy)) {
    it(`"${text}": each month reported in the month after`, () => {
      const s = read(text);
      expect(recurrences(s)[0]).toMatchObject({ every: 'month', day: 5, reportsOn: 'previous' });
      expect(dues(s, '2026-02-01', '2026-03-31')[0]).toMatch(/^Tháng 1\/2026 → 2026-02-0[45]$/);
    });
  }

  for (const text of ['hằng năm, trước ngày 15/6 và 15/11', 'Hàng năm: trước ngày 15/06 và ngày 15/11'].flatMap(messy)) {
    it(`"${text}": two yearly days`, () => {
      expect(dues(read(text), '2026-01-01', '2026-12-31')).toEqual(['Năm 2026 → 2026-06-14', 'Năm 2026 → 2026-11-14']);
    });
  }

  for (const text of ['định kỳ 6 tháng (trước ngày 15/6 và 15/12)', 'Định kỳ 06 tháng, trước ngày 15/6 và 15/12'].flatMap(messy)) {
    it(`"${text}": half-yearly, due the 14th of each half's last month`, () => {
      expect(dues(read(text), '2026-01-01', '2026-12-31')).toEqual(['6 tháng đầu năm 2026 → 2026-06-14', '6 tháng cuối năm 2026 → 2026-12-14']);
    });
  }

  for (const text of ['Hằng năm, trước ngày 15/01 năm sau', 'hàng năm, trước ngày 15 tháng 01 của năm tiếp theo'].flatMap(messy)) {
    it(`"${text}": the yearly report is due in January of the next year`, () => {
      expect(dues(read(text), '2027-01-01', '2027-12-31')).toEqual(['Năm 2026 → 2027-01-14']);
    });
  }
});

describe('years relative to the plan', () => {
  const cases: [string, string][] = [
    ['trước ngày 30 tháng 4 của năm sau', '2027-04-29'],
    ['Trước ngày 30/4 năm sau', '2027-04-29'],
    ['quý I năm kế tiếp', '2027-03-31'],
    ['Quý 1 năm tiếp theo', '2027-03-31'],
    ['đầu năm tiếp theo', '2027-03-31'],
    ['Trong năm sau', '2027-12-31'],
    ['tháng 6 của năm tiếp theo', '2027-06-30'],
  ];
  for (const [text, due] of cases) {
    for (const variant of messy(text)) {
      it(`"${variant}" → ${due}`, () => {
        const s = read(variant);
        expect(s.kind).toBe('once');
        expect(s.due).toBe(due);
      });
    }
  }
});

describe('a date and then a recurrence', () => {
  for (const text of ['trước Thứ Sáu ngày 05/6/2026, sau đó báo cáo hằng tháng', 'Trước thứ 6, ngày 05/06/2026; sau đó báo cáo hàng tháng'].flatMap(messy)) {
    it(`"${text}": first due 04/06/2026, then monthly`, () => {
      const s = read(text);
      expect(s.kind).toBe('recurring');
      expect(s.firstDue).toBe('2026-06-04');
      expect(s.recurrence).toEqual({ every: 'month' });
      expect(s.explanation).toContain('hạn đầu tiên: 04/06/2026');
    });
  }

  it('"Hoàn thành trong quý II/2026, sau đó cập nhật hằng năm": first due 30/06/2026, then yearly', () => {
    const s = read('Hoàn thành trong quý II/2026, sau đó cập nhật hằng năm');
    expect(s).toMatchObject({ kind: 'recurring', firstDue: '2026-06-30', recurrence: { every: 'year' } });
  });
});

describe('a recurrence with requests on the side', () => {
  const cases: [string, string][] = [
    ['Hằng quý hoặc theo yêu cầu', 'quarter'],
    ['hàng quý hoặc đột xuất theo yêu cầu', 'quarter'],
    ['Hằng tháng, khi có yêu cầu', 'month'],
    ['Định kỳ 6 tháng, hằng năm hoặc đột xuất', 'half-year'],
    ['Hằng năm và đột xuất khi có đề nghị', 'year'],
  ];
  for (const [text, every] of cases) {
    for (const variant of messy(text)) {
      it(`"${variant}" stays recurring (${every}) and is also owed on request`, () => {
        const s = read(variant);
        expect(s.kind).toBe('recurring');
        expect(recurrences(s)[0]?.every).toBe(every);
        expect(s.onRequest).toBe(true);
        expect(s.explanation).toContain('khi có yêu cầu');
      });
    }
  }

  it('"theo quy định" still defers the day: unspecified', () => {
    expect(read('Hằng năm theo quy định').kind).toBe('unspecified');
  });
});

describe('ranges across years and quarters', () => {
  for (const text of ['Quý III/2026 – Quý I/2027', 'Quý III/2026 - Quý I/2027', 'quý 3/2026 đến quý 1/2027', 'Quí III/2026 — Quí I/2027']) {
    it(`"${text}" is due at its end`, () => {
      expect(read(text)).toMatchObject({ kind: 'once', due: '2027-03-31', start: '2026-07-01' });
    });
  }
  for (const text of ['2026 - 2028', '2026–2028', 'Giai đoạn 2026 - 2028']) {
    it(`"${text}" is due at its end`, () => {
      expect(read(text)).toMatchObject({ kind: 'once', due: '2028-12-31', start: '2026-01-01' });
    });
  }
  for (const text of ['giai đoạn 2026-2030, hằng năm', 'Hàng năm, giai đoạn 2026 – 2030', 'Giai đoạn 2026-2030, định kỳ hằng năm'].flatMap(messy)) {
    it(`"${text}" recurs yearly over the whole range`, () => {
      const s = read(text);
      expect(s).toMatchObject({ kind: 'recurring', start: '2026-01-01', end: '2030-12-31', recurrence: { every: 'year' } });
      expect(s.explanation).toContain('đến 31/12/2030');
    });
  }
});

describe('offsets from an event', () => {
  const cases: [string, { amount: number; unit: string; workingDays: boolean }][] = [
    ['trong 05 ngày làm việc kể từ khi nhận được văn bản', { amount: 5, unit: 'day', workingDays: true }],
    ['Trong thời hạn 10 ngày làm việc, kể từ ngày nhận được hồ sơ', { amount: 10, unit: 'day', workingDays: true }],
    ['Trong vòng 15 ngày kể từ khi có kết luận thanh tra', { amount: 15, unit: 'day', workingDays: false }],
    ['Sau 02 tháng kể từ khi dự án được phê duyệt', { amount: 2, unit: 'month', workingDays: false }],
  ];
  for (const [text, after] of cases) {
    for (const variant of messy(text)) {
      it(`"${variant}" is an event due ${after.amount} ${after.unit}${after.workingDays ? ' (working)' : ''} after it`, () => {
        const s = read(variant);
        expect(s.kind).toBe('event');
        expect(s.after).toEqual(after);
      });
    }
  }
});

describe('school years', () => {
  for (const text of ['năm học 2026-2027', 'Năm học 2026 - 2027', 'Trong năm học 2026–2027'].flatMap(messy)) {
    it(`"${text}" ends on 31/05/2027`, () => {
      const s = read(text);
      expect(s).toMatchObject({ kind: 'once', due: '2027-05-31' });
      expect(s.explanation).toContain('năm học 2026-2027');
    });
  }
  it('"năm học 2026-2028" is not a school year', () => {
    expect(read('năm học 2026-2028').due).not.toBe('2028-05-31');
  });
});

describe('a period after each period ends', () => {
  for (const text of ['Trong 30 ngày kể từ ngày kết thúc quý', 'Hằng quý, chậm nhất 30 ngày kể từ khi kết thúc quý', 'hàng quý, trong vòng 30 ngày sau khi kết thúc kỳ báo cáo'].flatMap(messy)) {
    it(`"${text}": each quarter is due 30 days after it ends`, () => {
      const s = read(text);
      expect(s.recurrence).toEqual({ every: 'quarter', afterEnd: { amount: 30, unit: 'day' } });
      expect(dues(s, '2026-01-01', '2026-12-31')).toEqual(['Quý IV/2025 → 2026-01-30', 'Quý I/2026 → 2026-04-30', 'Quý II/2026 → 2026-07-30', 'Quý III/2026 → 2026-10-30']);
    });
  }
  it('"Trong 10 ngày làm việc kể từ ngày kết thúc quý" needs the working-day calendar: an event with its offset', () => {
    expect(read('Trong 10 ngày làm việc kể từ ngày kết thúc quý')).toMatchObject({ kind: 'event', after: { amount: 10, unit: 'day', workingDays: true } });
  });
});

describe('months and weeks inside a period', () => {
  for (const text of ['tháng thứ hai của quý', 'Tháng thứ 2 của mỗi quý', 'trong tháng giữa quý'].flatMap(messy)) {
    it(`"${text}": the last day of each quarter's second month`, () => {
      expect(dues(read(text), '2026-01-01', '2026-06-30')).toEqual(['Quý I/2026 → 2026-02-28', 'Quý II/2026 → 2026-05-31']);
    });
  }
  it('"Ngày 15 tháng thứ hai của mỗi quý": day 15 of February, May, August, November', () => {
    expect(dues(read('Ngày 15 tháng thứ hai của mỗi quý'), '2026-01-01', '2026-12-31').map((d) => d.slice(-10))).toEqual(['2026-02-15', '2026-05-15', '2026-08-15', '2026-11-15']);
  });
  for (const text of ['tuần đầu tiên của tháng', 'Tuần đầu tiên hằng tháng', 'trong tuần đầu của mỗi tháng'].flatMap(messy)) {
    it(`"${text}": by the 7th of each month`, () => {
      expect(read(text).recurrence).toEqual({ every: 'month', day: 7 });
    });
  }
  it('"Tuần đầu tiên của quý": by the 7th of each quarter\'s first month', () => {
    expect(read('Tuần đầu tiên của quý').recurrence).toEqual({ every: 'quarter', day: 7, monthOfPeriod: 'first' });
  });
});

describe('several periods, each with its own date', () => {
  it('"Báo cáo 6 tháng trước ngày 15/6, báo cáo năm trước ngày 15/12": each date goes with the period named before it', () => {
    expect(read('Báo cáo 6 tháng trước ngày 15/6, báo cáo năm trước ngày 15/12').recurrence).toEqual([
      { every: 'half-year', day: 15, monthOfPeriod: 'last', before: true },
      { every: 'year', month: 12, day: 15, before: true },
    ]);
  });
  it('"Hằng tháng (trước ngày 20), hằng năm (trước ngày 15/12)"', () => {
    expect(read('Hằng tháng (trước ngày 20), hàng năm (trước ngày 15/12)').recurrence).toEqual([
      { every: 'month', day: 20, before: true },
      { every: 'year', month: 12, day: 15, before: true },
    ]);
  });
});

describe('holidays', () => {
  const cases: [string, string, string][] = [
    ['trước Tết Nguyên đán', '2026-02-16', 'Tết Nguyên đán năm 2026'],
    ['Trước Tết Nguyên đán Đinh Mùi', '2027-02-05', 'Tết Nguyên đán năm 2027'],
    ['Trước Tết Âm lịch 2027', '2027-02-05', 'Tết Nguyên đán năm 2027'],
    ['Trước dịp Tết Trung thu', '2026-09-24', 'Tết Trung thu năm 2026'],
    ['Trước Giỗ Tổ Hùng Vương', '2026-04-25', 'Giỗ Tổ Hùng Vương năm 2026'],
    ['dịp 2/9', '2026-09-02', 'Quốc khánh 2/9'],
    ['Dịp Quốc khánh 2/9', '2026-09-02', 'Quốc khánh 2/9'],
    ['Trước lễ 30/4', '2026-04-29', 'Giải phóng miền Nam'],
  ];
  for (const [text, due, name] of cases) {
    for (const variant of messy(text)) {
      it(`"${variant}" → ${due} (${name})`, () => {
        const s = read(variant);
        expect(s).toMatchObject({ kind: 'once', due });
        expect(s.explanation).toContain(name);
      });
    }
  }
});

describe('items of a cell', () => {
  it('an en-dash range after a bullet stays one item: "- Quý III/2026 – Quý I/2027" + "- Báo cáo hằng quý"', () => {
    const s = read('- Quý III/2026 – Quý I/2027\n- Báo cáo hằng quý');
    expect(s.parts.map((p) => [p.schedule.kind, p.schedule.due])).toEqual([
      ['once', '2027-03-31'],
      ['recurring', null],
    ]);
  });
  it('an en-dash range after an en-dash bullet stays one item', () => {
    const s = read('– Quý III/2026 – Quý I/2027\n– Hằng năm');
    expect(s.parts[0]?.schedule).toMatchObject({ kind: 'once', due: '2027-03-31', start: '2026-07-01' });
  });
  it('an unbulleted continuation line joins the line above: "Trước ngày 30/6/2026," + "sau đó báo cáo hằng quý"', () => {
    expect(read('Trước ngày 30/6/2026,\nsau đó báo cáo hằng quý')).toMatchObject({ kind: 'recurring', firstDue: '2026-06-29', parts: [] });
  });
  it('per-agency parts keep each agency\'s own date', () => {
    const s = read('Sở A: trước 15/3; các huyện: trước 30/3');
    expect(s.parts.map((p) => [p.agency, p.schedule.due])).toEqual([
      ['Sở A', '2026-03-14'],
      ['các huyện', '2026-03-29'],
    ]);
  });
});

describe('requests in a separate item', () => {
  it('"- Hằng quý" + "- Đột xuất khi có yêu cầu": recurring quarterly, also on request', () => {
    expect(read('- Hằng quý\n- Đột xuất khi có yêu cầu')).toMatchObject({ kind: 'recurring', recurrence: { every: 'quarter' }, onRequest: true });
  });
});

describe('more shapes from real plans', () => {
  it('"Trước ngày 20 tháng 3, 6, 9, 12": the day of each listed month', () => {
    expect(read('Trước ngày 20 tháng 3, 6, 9, 12').milestones).toEqual(['2026-03-19', '2026-06-19', '2026-09-19', '2026-12-19']);
  });
  it('"Trước ngày 20 tháng 3, 6, 9, 12 hằng năm": four yearly days', () => {
    expect(recurrences(read('Trước ngày 20 tháng 3, 6, 9, 12 hàng năm')).map((r) => r.month)).toEqual([3, 6, 9, 12]);
  });
  for (const text of messy('Hằng năm, chậm nhất ngày 15/01 của năm liền kề')) {
    it(`"${text}": the yearly report is due 15/01 of the next year`, () => {
      expect(read(text).recurrence).toEqual({ every: 'year', month: 1, day: 15, reportsOn: 'previous' });
    });
  }
  it('"Dịp Tết Nguyên đán Bính Ngọ 2026": Tết 2026, once', () => {
    expect(read('Dịp Tết Nguyên đán Bính Ngọ 2026')).toMatchObject({ kind: 'once', due: '2026-02-17' });
  });
  it('"Tuần cuối cùng của tháng": monthly, at the month\'s end', () => {
    expect(read('Tuần cuối cùng của tháng').recurrence).toEqual({ every: 'month' });
  });
  it('"Báo cáo sơ kết 6 tháng trước ngày 15/6/2026": one report, not a recurrence', () => {
    expect(read('Báo cáo sơ kết 6 tháng trước ngày 15/6/2026')).toMatchObject({ kind: 'once', due: '2026-06-14' });
  });
});

describe('periods and precise days', () => {
  for (const text of messy('9 tháng đầu năm 2026')) {
    it(`"${text}" is due 30/09/2026`, () => {
      expect(read(text)).toMatchObject({ kind: 'once', due: '2026-09-30' });
    });
  }
  it('"Quý III/2026 (trước ngày 15/9/2026)": the day in brackets is the precise deadline of the quarter', () => {
    expect(read('Quý III/2026 (trước ngày 15/9/2026)')).toMatchObject({ kind: 'once', due: '2026-09-14' });
  });
  it('"Năm 2026 (trước ngày 15/01/2027)": a day outside the period stays a comment', () => {
    expect(read('Năm 2026 (trước ngày 15/01/2027)')).toMatchObject({ kind: 'once', due: '2026-12-31' });
  });
  it('"Năm 2027: hoàn thành trước ngày 15/11": the heading year belongs to the date after it', () => {
    expect(read('Năm 2027: hoàn thành trước ngày 15/11')).toMatchObject({ kind: 'once', due: '2027-11-14' });
  });
});

describe('school years with a recurrence', () => {
  it('"Hằng năm học": yearly, due 31/05', () => {
    expect(read('Hàng năm học').recurrence).toEqual({ every: 'year', month: 5, day: 31 });
  });
  it('"Trong năm học 2026-2027, báo cáo hằng tháng": monthly from 01/09/2026 to 31/05/2027', () => {
    expect(read('Trong năm học 2026-2027, báo cáo hằng tháng')).toMatchObject({ kind: 'recurring', start: '2026-09-01', end: '2027-05-31', recurrence: { every: 'month' } });
  });
  it('"Năm học 2026 - 2027 và các năm học tiếp theo": ongoing from 01/09/2026', () => {
    expect(read('Năm học 2026 - 2027 và các năm học tiếp theo')).toMatchObject({ kind: 'ongoing', start: '2026-09-01' });
  });
});
