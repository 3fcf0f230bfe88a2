/**
 * Every "Thời gian" cell of the appendices of seed 001 (3322/QĐ-UBND, plan year 2025, issued
 * 25/12/2024) and seed 002 (Tuy Phước, plan year 2024, issue date left blank), verbatim, with the
 * schedule a monitoring office should get. Seed 002 cells appear three ways: as the page fragments
 * in the file, as whole cells once a row split by a page break is joined, and as the "- …" items
 * the importer splits them into.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDeadline } from '../../domain/deadline';
import { ScheduleSchema, type Recurrence, type Schedule, type ScheduleKind } from '../../domain/schedule';

type Expected = {
  kind: ScheduleKind;
  due: string | null;
  milestones: string[];
  recurrence: Recurrence | Recurrence[] | null;
  parts?: { agency: string; expect: Expected }[];
};

const once = (due: string): Expected => ({ kind: 'once', due, milestones: [due], recurrence: null });
const checkpoints = (...dates: string[]): Expected => ({ kind: 'milestones', due: dates[dates.length - 1] ?? null, milestones: dates, recurrence: null });
const every = (recurrence: Recurrence | Recurrence[]): Expected => ({ kind: 'recurring', due: null, milestones: [], recurrence });
const ONGOING: Expected = { kind: 'ongoing', due: null, milestones: [], recurrence: null };
const EVENT: Expected = { kind: 'event', due: null, milestones: [], recurrence: null };
const UNSPECIFIED: Expected = { kind: 'unspecified', due: null, milestones: [], recurrence: null };
/** A multi-part cell: its summary plus each part (agency '' when the item names none). */
const multi = (summary: Expected, ...parts: (Expected | [string, Expected])[]): Expected => ({
  ...summary,
  parts: parts.map((p) => (Array.isArray(p) ? { agency: p[0], expect: p[1] } : { agency: '', expect: p })),
});

function check(schedule: Schedule, expected: Expected): void {
  expect(() => ScheduleSchema.parse(schedule)).not.toThrow();
  expect({ kind: schedule.kind, due: schedule.due, milestones: schedule.milestones, recurrence: schedule.recurrence }).toEqual({
    kind: expected.kind,
    due: expected.due,
    milestones: expected.milestones,
    recurrence: expected.recurrence,
  });
  expect(schedule.explanation.length).toBeGreaterThan(10);
  expect(schedule.explanation).toBe(schedule.explanation.normalize('NFC'));
  const parts = expected.parts ?? [];
  expect(schedule.parts.map((p) => p.agency)).toEqual(parts.map((p) => p.agency));
  parts.forEach((part, k) => check((schedule.parts[k] as Schedule['parts'][number]).schedule, part.expect));
}

// ---- seed 001: 3322/QĐ-UBND, Thừa Thiên Huế -------------------------------------------------

const plan = (name: string): string => fileURLToPath(new URL(`../../plans/${name}`, import.meta.url));

const SEED_001 = plan('3322-QD-UBND-2024-thua-thien-hue.txt');
const SEED_001_OPTIONS = { planYear: 2025, issuedOn: '2024-12-25' };

/** [cell, lines of the file where it is the "7-Thời gian" cell, expected]. */
const SEED_001_CELLS: [string, number[], Expected][] = [
  ['Năm 2025', [189, 195, 202, 209, 217, 308, 315, 325, 334, 343, 352, 370, 379, 388, 396, 406, 415, 424, 433, 442, 451, 460], once('2025-12-31')],
  ['Trước ngày 31/12/2025', [224, 294, 301, 478, 487], once('2025-12-30')],
  ['Quý II, III', [231], checkpoints('2025-06-30', '2025-09-30')],
  ['Trước ngày 15/01/2025', [239, 246], once('2025-01-14')],
  ['Trước ngày 31/01/2025', [253, 263], once('2025-01-30')],
  ['Quý III, IV', [269, 276], checkpoints('2025-09-30', '2025-12-31')],
  [
    '- Các sở, ban, ngành cấp tỉnh: Cả năm 2025 - Sở Tư pháp tổng hợp, báo cáo kết quả thực hiện trước ngày 10/12/2025',
    [284],
    multi(checkpoints('2025-12-09', '2025-12-31'), ['Các sở, ban, ngành cấp tỉnh', once('2025-12-31')], ['Sở Tư pháp', once('2025-12-09')]),
  ],
  ['Quý IV', [361], once('2025-12-31')],
  ['Trước ngày 25/12/2025', [469], once('2025-12-24')],
  ['Tháng 12/2025', [496], once('2025-12-31')],
];

/** The two items the importer makes of the multi-part cell. */
const SEED_001_ITEMS: [string, Expected][] = [
  ['Các sở, ban, ngành cấp tỉnh: Cả năm 2025', multi(checkpoints('2025-12-31'), ['Các sở, ban, ngành cấp tỉnh', once('2025-12-31')])],
  ['Sở Tư pháp tổng hợp, báo cáo kết quả thực hiện trước ngày 10/12/2025', once('2025-12-09')],
];

describe('seed 001 (3322/QĐ-UBND, plan year 2025)', () => {
  const lines = readFileSync(SEED_001, 'utf8').split('\n');

  it.each(SEED_001_CELLS)('the table holds the file verbatim: %s', (cell, at) => {
    for (const line of at) expect(lines[line - 1]).toBe(`${cell} |`);
  });

  it('covers every task row: the cell just before each "Kinh phí" cell of the appendix', () => {
    const budget = /^(?:Theo dự toán ngân sách hàng năm|[\d.,]+)? ?\|$/;
    const first = lines.findIndex((l) => l.startsWith('8-Kinh phí'));
    const last = lines.findIndex((l, k) => k > first && l.startsWith('Quyết định 3322'));
    const found: string[] = [];
    for (let k = first + 1; k < last - 1; k++) {
      const line = lines[k] as string;
      if (budget.test(lines[k + 1] as string) && !budget.test(line) && !/^\|+$/.test(line)) found.push(`${k + 1}: ${line}`);
    }
    const inTable = SEED_001_CELLS.flatMap(([cell, at]) => at.map((line) => `${line}: ${cell} |`));
    expect(found).toHaveLength(38);
    expect([...inTable].sort()).toEqual([...found].sort());
  });

  it.each(SEED_001_CELLS)('%s', (cell, _at, expected) => {
    check(parseDeadline(cell, SEED_001_OPTIONS), expected);
  });

  it.each(SEED_001_ITEMS)('item: %s', (cell, expected) => {
    check(parseDeadline(cell, SEED_001_OPTIONS), expected);
  });

  it('explains the multi-part cell agency by agency', () => {
    const cell = SEED_001_CELLS[6]?.[0] as string;
    expect(parseDeadline(cell, SEED_001_OPTIONS).explanation).toBe(
      'Gồm 2 phần: (1) Các sở, ban, ngành cấp tỉnh: hạn 31/12/2025; (2) Sở Tư pháp: hạn 09/12/2025; hạn cuối chung: 31/12/2025',
    );
  });

  it('explains "trước ngày" as the day before', () => {
    expect(parseDeadline('Trước ngày 31/12/2025', SEED_001_OPTIONS).explanation).toBe('Hạn cuối: 30/12/2025 (trước ngày 31/12/2025)');
  });
});

// ---- seed 002: Tuy Phước ---------------------------------------------------------------------

const SEED_002 = plan('tuy-phuoc-cchc-2024.txt');
const SEED_002_OPTIONS = { planYear: 2024 };
const UL = '<ul style="list-style-type: none"> ';

/** [cell as it stands in column 5 of the file, its lines, expected]. Page fragments included. */
const SEED_002_CELLS: [string, number[], Expected][] = [
  ['<p>- Theo tiến độ tỉnh giao</p> <p>- Thường xuyên</p>', [32], multi(ONGOING, UNSPECIFIED, ONGOING)],
  ['- Theo tiến độ Kế hoạch đề ra', [34], UNSPECIFIED],
  ['- Hàng quý, 06 tháng, năm.', [37], every([{ every: 'quarter' }, { every: 'half-year' }, { every: 'year' }])],
  ['Hoàn thành trong tháng 5/2024', [38], once('2024-05-31')],
  ['- Thường xuyên - Thường xuyên', [39], multi(ONGOING, ONGOING, ONGOING)],
  ['<p>- Tháng 6/2024</p> <p>- Tháng 8/2024</p>', [42], multi(checkpoints('2024-06-30', '2024-08-31'), once('2024-06-30'), once('2024-08-31'))],
  ['Hoàn thành trong quý III/2024', [43], once('2024-09-30')],
  ['Hàng năm, theo thời gian quy định của Hội đồng Sáng kiến huyện', [47], UNSPECIFIED],
  [`${UL}- Quý II/2024 - Theo yêu cầu của Đoàn kiểm tra `, [48], multi(checkpoints('2024-06-30'), once('2024-06-30'), UNSPECIFIED)],
  ['- Hoàn thành trước tháng', [49], UNSPECIFIED],
  ['11/2024 - Sau khi tổ chức đối thoại', [52], multi(checkpoints('2024-11-30'), once('2024-11-30'), EVENT)],
  ['Theo yêu cầu của tỉnh', [55], UNSPECIFIED],
  ['- Thường xuyên', [57, 96, 99, 164], ONGOING],
  [`${UL}- Năm 2024 - Quý III/2024 `, [60], multi(checkpoints('2024-09-30', '2024-12-31'), once('2024-12-31'), once('2024-09-30'))],
  ['Theo quy định', [61, 109], UNSPECIFIED],
  ['<p>- Thường xuyên</p> <p>- Theo đề xuất của cơ quan, đơn vị</p>', [66], multi(ONGOING, ONGOING, UNSPECIFIED)],
  ['<p>- Thường xuyên</p> <p>- Hàng tháng</p>', [67, 139, 143, 147], multi(every({ every: 'month' }), ONGOING, every({ every: 'month' }))],
  ['<p>- Hàng quý</p>', [70], every({ every: 'quarter' })],
  ['<p>Thường xuyên</p>', [72], ONGOING],
  [
    '<p>- Thường xuyên</p> <p>- Ngày 30 tháng cuối cùng của quý</p>',
    [76],
    multi(every({ every: 'quarter', day: 30, monthOfPeriod: 'last' }), ONGOING, every({ every: 'quarter', day: 30, monthOfPeriod: 'last' })),
  ],
  ['<p>- Khi có hồ sơ trễ hẹn</p>', [77], EVENT],
  ['<p>- Hàng tháng</p>', [80], every({ every: 'month' })],
  ['<p>- Thường xuyên</p> <p>- Khi có phản ánh, kiến nghị</p>', [81], multi(ONGOING, ONGOING, EVENT)],
  [`${UL}- Khi có quy định mới của các bộ, ngành có liên quan - Khi có quy định mới của các bộ, ngành có liên quan `, [87], multi(EVENT, EVENT, EVENT)],
  ['- Theo Kế hoạch của UBND huyện.', [88], UNSPECIFIED],
  ['- 06 tháng, năm', [91], every([{ every: 'half-year' }, { every: 'year' }])],
  ['Hoàn thành trước tháng 12/2024', [92], once('2024-11-30')],
  ['- Thường xuyên khi có sự thay đổi', [93], EVENT],
  [
    '<p>- Hoàn thành việc đánh giá trước ngày 15/12 và thời gian gửi báo cáo theo văn bản hướng dẫn của huyện</p> <p>- Theo quy định của tỉnh.</p>',
    [102],
    multi(checkpoints('2024-12-14'), once('2024-12-14'), UNSPECIFIED),
  ],
  ['Theo đăng ký đi học của CBCC', [103], UNSPECIFIED],
  ['Sau khi Đề án được phê duyệt', [107], EVENT],
  ['Năm 2024', [108, 176], once('2024-12-31')],
  ['- Theo quy', [110], UNSPECIFIED],
  ['<p>định của tỉnh</p> <p>- Theo thời gian mở lớp của tỉnh và đăng ký của các đơn vị</p>', [113], multi(UNSPECIFIED, UNSPECIFIED, UNSPECIFIED)],
  [
    '<p>- Theo thời gian quy định của tỉnh</p> <p>- Tháng 9/2024</p> <p>- Tháng 8/2024</p>',
    [114],
    multi(checkpoints('2024-08-31', '2024-09-30'), UNSPECIFIED, once('2024-09-30'), once('2024-08-31')),
  ],
  ['- Tháng 9/2024', [117], once('2024-09-30')],
  ['<p>- Theo quy định của tỉnh</p> <p>- Theo quy định</p>', [120], multi(UNSPECIFIED, UNSPECIFIED, UNSPECIFIED)],
  ['Sau khi có quyết định', [122], EVENT],
  ['giao dự toán', [125], UNSPECIFIED],
  ['Thường xuyên', [126, 131, 177, 183], ONGOING],
  ['- Theo yêu cầu của cơ quan có thẩm quyền', [127], UNSPECIFIED],
  ['- Sau khi có kết luận thanh tra, kiểm tra', [130], EVENT],
  ['Sau khi có quy định mới của cơ quan có thẩm quyền', [132], EVENT],
  ['- Tháng 6/2024 - Tháng', [135], multi(checkpoints('2024-06-30'), once('2024-06-30'), UNSPECIFIED)],
  ['6/2024', [138], once('2024-06-30')],
  ['<p>- Thường xuyên</p>', [144], ONGOING],
  [`${UL}- Thường xuyên - Hàng tháng `, [151, 152], multi(every({ every: 'month' }), ONGOING, every({ every: 'month' }))],
  ['<p>- Thường xuyên</p> <p>- Thường xuyên và theo đề xuất của các cơ quan, đơn vị</p>', [156], multi(ONGOING, ONGOING, ONGOING)],
  ['Tháng 5/2024', [160, 179], once('2024-05-31')],
  ['<p>- Thường xuyên</p> <p>- Khi có sự thay đổi</p>', [161], multi(ONGOING, ONGOING, EVENT)],
  ['<p>- Thường xuyên</p> <p>- Thường xuyên</p>', [165], multi(ONGOING, ONGOING, ONGOING)],
  ['- Ban hành DMHS trong', [166], UNSPECIFIED],
  [
    '<p>tháng 01/2024 và lập hồ sơ sau khi đã giải quyết xong công việc.</p> <p>- Thường xuyên</p>',
    [169],
    multi(checkpoints('2024-01-31'), once('2024-01-31'), ONGOING),
  ],
  ['Theo Kế hoạch huyện', [172], UNSPECIFIED],
  ['đề ra', [175], UNSPECIFIED],
];

/** Rows broken by a page break, joined with a space: [lines, whole cell, expected]. */
const SEED_002_JOINED: [string, string, Expected][] = [
  ['34+37', '- Theo tiến độ Kế hoạch đề ra - Hàng quý, 06 tháng, năm.', multi(every([{ every: 'quarter' }, { every: 'half-year' }, { every: 'year' }]), UNSPECIFIED, every([{ every: 'quarter' }, { every: 'half-year' }, { every: 'year' }]))],
  ['39+42', '- Thường xuyên - Thường xuyên <p>- Tháng 6/2024</p> <p>- Tháng 8/2024</p>', multi(checkpoints('2024-06-30', '2024-08-31'), ONGOING, ONGOING, once('2024-06-30'), once('2024-08-31'))],
  ['49+52', '- Hoàn thành trước tháng 11/2024 - Sau khi tổ chức đối thoại', multi(checkpoints('2024-10-31'), once('2024-10-31'), EVENT)],
  ['57+60', `- Thường xuyên ${UL}- Năm 2024 - Quý III/2024 `, multi(checkpoints('2024-09-30', '2024-12-31'), ONGOING, once('2024-12-31'), once('2024-09-30'))],
  ['67+70', '<p>- Thường xuyên</p> <p>- Hàng tháng</p> <p>- Hàng quý</p>', multi(every([{ every: 'month' }, { every: 'quarter' }]), ONGOING, every({ every: 'month' }), every({ every: 'quarter' }))],
  ['77+80', '<p>- Khi có hồ sơ trễ hẹn</p> <p>- Hàng tháng</p>', multi(every({ every: 'month' }), EVENT, every({ every: 'month' }))],
  ['88+91', '- Theo Kế hoạch của UBND huyện. - 06 tháng, năm', multi(every([{ every: 'half-year' }, { every: 'year' }]), UNSPECIFIED, every([{ every: 'half-year' }, { every: 'year' }]))],
  ['93+96', '- Thường xuyên khi có sự thay đổi - Thường xuyên', multi(ONGOING, EVENT, ONGOING)],
  [
    '99+102',
    '- Thường xuyên <p>- Hoàn thành việc đánh giá trước ngày 15/12 và thời gian gửi báo cáo theo văn bản hướng dẫn của huyện</p> <p>- Theo quy định của tỉnh.</p>',
    multi(checkpoints('2024-12-14'), ONGOING, once('2024-12-14'), UNSPECIFIED),
  ],
  ['110+113', '- Theo quy <p>định của tỉnh</p> <p>- Theo thời gian mở lớp của tỉnh và đăng ký của các đơn vị</p>', multi(UNSPECIFIED, UNSPECIFIED, UNSPECIFIED)],
  [
    '114+117',
    '<p>- Theo thời gian quy định của tỉnh</p> <p>- Tháng 9/2024</p> <p>- Tháng 8/2024</p> - Tháng 9/2024',
    multi(checkpoints('2024-08-31', '2024-09-30'), UNSPECIFIED, once('2024-09-30'), once('2024-08-31'), once('2024-09-30')),
  ],
  ['122+125', 'Sau khi có quyết định giao dự toán', EVENT],
  ['127+130', '- Theo yêu cầu của cơ quan có thẩm quyền - Sau khi có kết luận thanh tra, kiểm tra', multi(EVENT, UNSPECIFIED, EVENT)],
  ['135+138', '- Tháng 6/2024 - Tháng 6/2024', multi(checkpoints('2024-06-30'), once('2024-06-30'), once('2024-06-30'))],
  ['144+147', '<p>- Thường xuyên</p> <p>- Thường xuyên</p> <p>- Hàng tháng</p>', multi(every({ every: 'month' }), ONGOING, ONGOING, every({ every: 'month' }))],
  [
    '166+169',
    '- Ban hành DMHS trong <p>tháng 01/2024 và lập hồ sơ sau khi đã giải quyết xong công việc.</p> <p>- Thường xuyên</p>',
    multi(checkpoints('2024-01-31'), once('2024-01-31'), ONGOING),
  ],
  ['172+175', 'Theo Kế hoạch huyện đề ra', UNSPECIFIED],
];

/** The items the importer splits the cells into (bullets removed). */
const SEED_002_ITEMS: [string, Expected][] = [
  ['Theo tiến độ tỉnh giao', UNSPECIFIED],
  ['Theo tiến độ Kế hoạch đề ra', UNSPECIFIED],
  ['Hàng quý, 06 tháng, năm.', every([{ every: 'quarter' }, { every: 'half-year' }, { every: 'year' }])],
  ['Thường xuyên', ONGOING],
  ['Tháng 6/2024', once('2024-06-30')],
  ['Tháng 8/2024', once('2024-08-31')],
  ['Quý II/2024', once('2024-06-30')],
  ['Theo yêu cầu của Đoàn kiểm tra', UNSPECIFIED],
  ['Hoàn thành trước tháng 11/2024', once('2024-10-31')],
  ['Sau khi tổ chức đối thoại', EVENT],
  ['Năm 2024', once('2024-12-31')],
  ['Quý III/2024', once('2024-09-30')],
  ['Theo đề xuất của cơ quan, đơn vị', UNSPECIFIED],
  ['Hàng tháng', every({ every: 'month' })],
  ['Hàng quý', every({ every: 'quarter' })],
  ['Ngày 30 tháng cuối cùng của quý', every({ every: 'quarter', day: 30, monthOfPeriod: 'last' })],
  ['Khi có hồ sơ trễ hẹn', EVENT],
  ['Khi có phản ánh, kiến nghị', EVENT],
  ['Khi có quy định mới của các bộ, ngành có liên quan', EVENT],
  ['Theo Kế hoạch của UBND huyện.', UNSPECIFIED],
  ['06 tháng, năm', every([{ every: 'half-year' }, { every: 'year' }])],
  ['Thường xuyên khi có sự thay đổi', EVENT],
  ['Hoàn thành việc đánh giá trước ngày 15/12 và thời gian gửi báo cáo theo văn bản hướng dẫn của huyện', once('2024-12-14')],
  ['Theo quy định của tỉnh.', UNSPECIFIED],
  ['Theo quy định của tỉnh', UNSPECIFIED],
  ['Theo thời gian mở lớp của tỉnh và đăng ký của các đơn vị', UNSPECIFIED],
  ['Theo thời gian quy định của tỉnh', UNSPECIFIED],
  ['Tháng 9/2024', once('2024-09-30')],
  ['Theo yêu cầu của cơ quan có thẩm quyền', UNSPECIFIED],
  ['Sau khi có kết luận thanh tra, kiểm tra', EVENT],
  ['Thường xuyên và theo đề xuất của các cơ quan, đơn vị', ONGOING],
  ['Khi có sự thay đổi', EVENT],
  ['Ban hành DMHS trong tháng 01/2024 và lập hồ sơ sau khi đã giải quyết xong công việc.', once('2024-01-31')],
  ['Theo Kế hoạch huyện đề ra', UNSPECIFIED],
  ['Sau khi có quyết định giao dự toán', EVENT],
];

describe('seed 002 (Tuy Phước, plan year 2024)', () => {
  const rows = readFileSync(SEED_002, 'utf8')
    .split('\n')
    .map((line, k) => ({ line: k + 1, time: line.split('\t')[4] }));

  it('the table holds every "Thời gian thực hiện" cell of the file, verbatim, at its lines', () => {
    const inFile = rows.filter((r) => r.time !== undefined && r.time !== '' && r.time !== 'Thời gian thực hiện').map((r) => `${r.line}: ${r.time}`);
    const inTable = SEED_002_CELLS.flatMap(([cell, at]) => at.map((line) => `${line}: ${cell}`));
    expect([...inTable].sort()).toEqual([...inFile].sort());
  });

  it.each(SEED_002_CELLS)('%s', (cell, _at, expected) => {
    check(parseDeadline(cell, SEED_002_OPTIONS), expected);
  });

  it.each(SEED_002_JOINED)('joined rows %s: %s', (_lines, cell, expected) => {
    check(parseDeadline(cell, SEED_002_OPTIONS), expected);
  });

  it.each(SEED_002_ITEMS)('item: %s', (cell, expected) => {
    check(parseDeadline(cell, SEED_002_OPTIONS), expected);
  });

  it('says why a cell is unspecified, quoting the rule it defers to', () => {
    expect(parseDeadline('Theo quy định', SEED_002_OPTIONS).explanation).toBe('Chưa xác định thời hạn (theo quy định): cần cơ quan theo dõi đặt hạn');
    expect(parseDeadline('Theo yêu cầu của tỉnh', SEED_002_OPTIONS).explanation).toBe(
      'Chưa xác định thời hạn (theo yêu cầu của tỉnh): cần cơ quan theo dõi đặt hạn',
    );
  });

  it('explains the recurring and ongoing readings', () => {
    expect(parseDeadline('<p>- Hàng quý</p>', SEED_002_OPTIONS).explanation).toBe('Định kỳ hằng quý: hạn là ngày cuối cùng của mỗi quý');
    expect(parseDeadline('Thường xuyên', SEED_002_OPTIONS).explanation).toBe('Thường xuyên: không có hạn cuối, cần báo cáo tiến độ định kỳ');
    expect(parseDeadline('Ngày 30 tháng cuối cùng của quý', SEED_002_OPTIONS).explanation).toBe(
      'Định kỳ hằng quý: hạn là ngày 30 của tháng cuối mỗi quý',
    );
    expect(parseDeadline('<p>- Khi có hồ sơ trễ hẹn</p>', SEED_002_OPTIONS).explanation).toBe(
      'Phát sinh theo sự kiện (khi có hồ sơ trễ hẹn): hạn được đặt khi sự kiện xảy ra',
    );
  });
});
