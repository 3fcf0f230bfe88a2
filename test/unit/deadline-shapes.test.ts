/**
 * Deadline shapes real plans use beyond the two seeds, and the mess they arrive in
 * (HTML, NFD, "Quí", "hàng/hằng", doubled spaces, line breaks).
 */
import { describe, expect, it } from 'vitest';
import { parseDeadline, type ParseDeadlineOptions } from '../../domain/deadline';
import { ScheduleSchema, type Recurrence, type Schedule, type ScheduleKind } from '../../domain/schedule';

type Expected = {
  kind: ScheduleKind;
  due?: string | null;
  milestones?: string[];
  start?: string | null;
  recurrence?: Recurrence | Recurrence[] | null;
};

const PLAN_2025: ParseDeadlineOptions = { planYear: 2025 };

function read(text: string, opts: ParseDeadlineOptions = PLAN_2025): Schedule {
  const schedule = parseDeadline(text, opts);
  expect(() => ScheduleSchema.parse(schedule)).not.toThrow();
  return schedule;
}

/** Compares the fields the expectation names; once/milestones imply their milestones. */
function expectReading(schedule: Schedule, expected: Expected): void {
  const want: Record<string, unknown> = { kind: expected.kind };
  const got: Record<string, unknown> = { kind: schedule.kind };
  for (const key of ['due', 'milestones', 'start', 'recurrence'] as const) {
    if (expected[key] !== undefined) {
      want[key] = expected[key];
      got[key] = key === 'start' ? (schedule.start ?? null) : schedule[key];
    }
  }
  if (expected.kind === 'once' && expected.due) {
    want.milestones = [expected.due];
    got.milestones = schedule.milestones;
  }
  if (['recurring', 'ongoing', 'event', 'unspecified'].includes(expected.kind)) {
    want.due = null;
    got.due = schedule.due;
    want.milestones = [];
    got.milestones = schedule.milestones;
  }
  if (expected.kind !== 'recurring') {
    want.recurrence = null;
    got.recurrence = schedule.recurrence;
  }
  expect(got).toEqual(want);
}

const once = (due: string, start?: string | null): Expected => ({ kind: 'once', due, ...(start !== undefined ? { start } : {}) });
const checkpoints = (...milestones: string[]): Expected => ({ kind: 'milestones', due: milestones[milestones.length - 1] ?? null, milestones });
const every = (recurrence: Recurrence | Recurrence[], start?: string): Expected => ({ kind: 'recurring', recurrence, ...(start ? { start } : {}) });
const ongoingFrom = (start: string | null): Expected => ({ kind: 'ongoing', start });

const SHAPES: [string, string, Expected][] = [
  // absolute dates
  ['dates', 'Trước ngày 01/01/2026', once('2025-12-31')],
  ['dates', 'trước ngày 20/11', once('2025-11-19')],
  ['dates', 'Trước 30/6/2025', once('2025-06-29')],
  ['dates', 'Chậm nhất ngày 30/6/2025', once('2025-06-30')],
  ['dates', 'Chậm nhất là ngày 15/10', once('2025-10-15')],
  ['dates', 'Hạn 24/10/2025', once('2025-10-24')],
  ['dates', 'Hạn chót: 24/10/2025', once('2025-10-24')],
  ['dates', '24/10/2025', once('2025-10-24')],
  ['dates', 'Ngày 15 tháng 3 năm 2025', once('2025-03-15')],
  ['dates', 'Trước ngày 01/3/2024', once('2024-02-29')],
  ['dates', 'Trước ngày 01/3/2025', once('2025-02-28')],
  ['dates', 'trước ngày 15/6 và 15/12/2025', checkpoints('2025-06-14', '2025-12-14')],
  // months
  ['months', 'Tháng 12/2025', once('2025-12-31')],
  ['months', 'trong tháng 5/2024', once('2024-05-31')],
  ['months', 'Hoàn thành trước tháng 11/2024', once('2024-10-31')],
  ['months', 'trước tháng 1/2026', once('2025-12-31')],
  ['months', 'Tháng 2/2024', once('2024-02-29')],
  ['months', 'tháng 4', once('2025-04-30')],
  ['months', 'từ tháng 3 đến tháng 6/2025', once('2025-06-30', '2025-03-01')],
  ['months', 'Tháng 9 - 10/2025', once('2025-10-31', '2025-09-01')],
  ['months', 'Tháng 11 - 02/2026', once('2026-02-28', '2025-11-01')],
  ['months', 'Tháng 7, 8 năm 2025', checkpoints('2025-07-31', '2025-08-31')],
  ['months', 'Tháng 6 và tháng 12/2025', checkpoints('2025-06-30', '2025-12-31')],
  ['months', 'Đầu tháng 3/2025', once('2025-03-10')],
  ['months', 'Giữa tháng 3/2025', once('2025-03-20')],
  ['months', 'Cuối tháng 2/2028', once('2028-02-29')],
  // days within a month: the ten-day periods of official usage, halves, weeks
  ['days of a month', 'Thượng tuần tháng 10/2025', once('2025-10-10')],
  ['days of a month', 'Trung tuần tháng 9/2025', once('2025-09-20')],
  ['days of a month', 'Hạ tuần tháng 2/2028', once('2028-02-29')],
  ['days of a month', 'Nửa đầu tháng 5/2025', once('2025-05-15')],
  ['days of a month', 'Nửa cuối tháng 5', once('2025-05-31')],
  ['days of a month', 'Tuần đầu tháng 12/2025', once('2025-12-07')],
  ['days of a month', 'Tuần thứ 2 tháng 3/2025', once('2025-03-14')],
  ['days of a month', 'Tuần thứ hai của tháng 3/2025', once('2025-03-14')],
  ['days of a month', 'Tuần 3 tháng 4/2025', once('2025-04-21')],
  ['days of a month', 'Tuần thứ 5 tháng 2/2025', once('2025-02-28')],
  ['days of a month', 'Tuần cuối tháng 6/2025', once('2025-06-30')],
  ['days of a month', 'Trước tuần cuối tháng 6/2025', once('2025-06-23')],
  ['days of a month', 'Tuần 1 tháng 2/2025 và tuần 1 tháng 8/2025', checkpoints('2025-02-07', '2025-08-07')],
  // quarters
  ['quarters', 'Quý IV', once('2025-12-31')],
  ['quarters', 'quý 2', once('2025-06-30')],
  ['quarters', 'Quý II/2024', once('2024-06-30')],
  ['quarters', 'Quý III năm 2026', once('2026-09-30')],
  ['quarters', 'Q.II/2026', once('2026-06-30')],
  ['quarters', 'Quí IV-2025', once('2025-12-31')],
  ['quarters', 'Quý IV/2025- Quý II/2026', once('2026-06-30', '2025-10-01')],
  ['quarters', 'Quý 2 - 2026', once('2026-06-30')],
  ['months', 'Tháng 6 - 2027', once('2027-06-30')],
  ['days', 'Trước 30 tháng 6', once('2025-06-29')],
  ['days', '15 tháng 12 năm 2026', once('2026-12-15')],
  ['recurring', 'Trước ngày 15 tháng 6 và 15 tháng 12 hằng năm', every([{ every: 'year', month: 6, day: 15, before: true }, { every: 'year', month: 12, day: 15, before: true }])],
  ['quarters', 'Quý II, III', checkpoints('2025-06-30', '2025-09-30')],
  ['quarters', 'Quý II, III/2026', checkpoints('2026-06-30', '2026-09-30')],
  ['quarters', 'Quý II và quý III năm 2025', checkpoints('2025-06-30', '2025-09-30')],
  ['quarters', 'Quý I-II/2025', once('2025-06-30', '2025-01-01')],
  ['quarters', 'Quý III/2025 - Quý I/2026', once('2026-03-31', '2025-07-01')],
  ['quarters', 'Quý IV/2025 và Quý I/2026', checkpoints('2025-12-31', '2026-03-31')],
  ['quarters', 'Trước quý III/2025', once('2025-06-30')],
  ['quarters', 'Cuối quý II/2025', once('2025-06-30')],
  // half-years
  ['half-years', '6 tháng đầu năm', once('2025-06-30')],
  ['half-years', '06 tháng đầu năm 2026', once('2026-06-30')],
  ['half-years', '6 tháng cuối năm 2025', once('2025-12-31')],
  // whole years
  ['years', 'Năm 2025', once('2025-12-31')],
  ['years', 'Cả năm 2025', once('2025-12-31')],
  ['years', 'cuối năm', once('2025-12-31')],
  ['years', 'Trong năm', once('2025-12-31')],
  ['years', 'Năm tiếp theo', once('2026-12-31')],
  ['years', '2027', once('2027-12-31')],
  ['years', 'trước năm 2028', once('2027-12-31')],
  ['years', '2025 - 2027', once('2027-12-31', '2025-01-01')],
  ['years', 'Giai đoạn 2026 – 2030', once('2030-12-31', '2026-01-01')],
  ['years', 'Từ nay đến hết năm 2026', once('2026-12-31', null)],
  ['years', 'Giữa năm 2025', once('2025-06-30')],
  ['years', 'Đầu năm 2025', once('2025-03-31')],
  ['years', 'Năm sau', once('2026-12-31')],
  ['years', 'năm nay', once('2025-12-31')],
  ['quarters', 'Đầu quý II', once('2025-04-30')],
  ['quarters', 'Giữa quý II', once('2025-05-31')],
  ['dates', '15/12/25', once('2025-12-15')],
  ['dates', 'Đến ngày 30/6/2025', once('2025-06-30')],
  ['dates', 'Chậm nhất trước ngày 30/6', once('2025-06-29')],
  // ranges with days
  ['ranges', 'Từ ngày 01/3/2026 đến ngày 30/6/2026', once('2026-06-30', '2026-03-01')],
  ['ranges', 'Từ ngày 01/3/2026 đến trước ngày 30/6/2026', once('2026-06-29', '2026-03-01')],
  // recurring
  ['recurring', 'Hàng tháng', every({ every: 'month' })],
  ['recurring', 'Hằng quý', every({ every: 'quarter' })],
  ['recurring', 'Hằng năm', every({ every: 'year' })],
  ['recurring', '06 tháng, năm', every([{ every: 'half-year' }, { every: 'year' }])],
  ['recurring', 'Hàng quý, 06 tháng, năm', every([{ every: 'quarter' }, { every: 'half-year' }, { every: 'year' }])],
  ['recurring', 'Định kỳ hàng quý', every({ every: 'quarter' })],
  ['recurring', 'Định kỳ hàng quý, 6 tháng, năm hoặc đột xuất', every([{ every: 'quarter' }, { every: 'half-year' }, { every: 'year' }])],
  ['recurring', 'định kỳ 03 tháng/lần', every({ every: 'quarter' })],
  ['recurring', 'Định kỳ 06 tháng một lần', every({ every: 'half-year' })],
  ['recurring', '02 lần/năm', every({ every: 'half-year' })],
  ['recurring', 'Ngày 30 tháng cuối cùng của quý', every({ every: 'quarter', day: 30, monthOfPeriod: 'last' })],
  ['recurring', 'Trước ngày 20 của tháng đầu quý', every({ every: 'quarter', day: 20, monthOfPeriod: 'first', before: true })],
  ['recurring', 'trước ngày 15/12 hằng năm', every({ every: 'year', month: 12, day: 15, before: true })],
  ['recurring', 'trước ngày 18 hằng tháng', every({ every: 'month', day: 18, before: true })],
  ['recurring', 'Ngày 25 hàng tháng', every({ every: 'month', day: 25 })],
  ['recurring', 'trước 15h00 thứ Năm hàng tuần', every({ every: 'week', weekday: 4, time: '15:00' })],
  ['recurring', 'Thứ Sáu hằng tuần', every({ every: 'week', weekday: 5 })],
  ['recurring', 'Tháng 6 và tháng 12 hằng năm', every([{ every: 'year', month: 6 }, { every: 'year', month: 12 }])],
  ['recurring', 'Thường xuyên; báo cáo định kỳ hằng quý', every({ every: 'quarter' })],
  ['recurring', 'Hằng quý trong năm 2025', every({ every: 'quarter' }, '2025-01-01')],
  ['recurring', 'Báo cáo quý', every({ every: 'quarter' })],
  ['recurring', 'Quý I hằng năm', every({ every: 'year', month: 3 })],
  ['recurring', 'Trước quý III hằng năm', every({ every: 'year', month: 6 })],
  [
    'recurring',
    'Trước ngày 10 tháng 6 và tháng 12 hằng năm',
    every([
      { every: 'year', month: 6, day: 10, before: true },
      { every: 'year', month: 12, day: 10, before: true },
    ]),
  ],
  // a date in brackets only comments on the one before it
  ['asides', 'Trước ngày 31/3/2025 (báo cáo quý I)', once('2025-03-30')],
  ['asides', '(Quý II/2025)', once('2025-06-30')],
  ['recurring', 'Trước thứ Sáu hằng tuần', every({ every: 'week', weekday: 5, before: true })],
  ['recurring', 'Hằng năm, trước ngày 15/12 theo quy định', every({ every: 'year', month: 12, day: 15, before: true })],
  ['recurring', '6 tháng/lần', every({ every: 'half-year' })],
  // first completion, then upkeep
  ['first completion', 'Hoàn thành trong quý II/2026. Duy trì thường xuyên các năm tiếp theo', once('2026-06-30')],
  // a first deadline and then a recurrence: both are kept (firstDue is asserted in deadline-second-round.test.ts)
  ['first completion', 'Hoàn thành trong quý II/2026, sau đó cập nhật hằng năm', every({ every: 'year' })],
  // open starts and ongoing
  ['ongoing', 'Thường xuyên', ongoingFrom(null)],
  ['ongoing', 'Liên tục', ongoingFrom(null)],
  ['ongoing', 'Từ 15/8/2025', ongoingFrom('2025-08-15')],
  ['ongoing', 'Bắt đầu từ năm 2027', ongoingFrom('2027-01-01')],
  ['ongoing', 'Năm 2027 và các năm tiếp theo', ongoingFrom('2027-01-01')],
  ['ongoing', 'Từ quý III/2025 trở đi', ongoingFrom('2025-07-01')],
  ['ongoing', 'Thực hiện đến khi hoàn thành sắp xếp bộ máy', ongoingFrom(null)],
  ['ongoing', 'Từ năm 2025 đến khi hoàn thành sắp xếp bộ máy', ongoingFrom('2025-01-01')],
  ['ongoing', 'Thường xuyên và theo đề xuất của các cơ quan', ongoingFrom(null)],
  ['ongoing', 'Sau ngày 15/3/2025', ongoingFrom('2025-03-16')],
  ['ongoing', 'Hằng ngày', ongoingFrom(null)],
  // events
  ['events', 'Khi có hồ sơ trễ hẹn', { kind: 'event' }],
  ['events', 'Khi có sự thay đổi', { kind: 'event' }],
  ['events', 'Sau khi Đề án được phê duyệt', { kind: 'event' }],
  ['events', 'Sau khi Đề án được phê duyệt (dự kiến quý III/2025)', { kind: 'event' }],
  ['events', 'trong vòng 10 ngày làm việc kể từ ngày nhận được văn bản', { kind: 'event' }],
  ['events', 'Trong vòng 15 ngày sau khi có kết luận thanh tra', { kind: 'event' }],
  ['events', 'Đột xuất', { kind: 'event' }],
  ['events', 'Trường hợp có phát sinh', { kind: 'event' }],
  ['events', 'Khi có yêu cầu theo quy định', { kind: 'event' }],
  // unspecified
  ['unspecified', 'Theo quy định', { kind: 'unspecified' }],
  ['unspecified', 'Theo yêu cầu của tỉnh', { kind: 'unspecified' }],
  ['unspecified', 'Theo tiến độ tỉnh giao', { kind: 'unspecified' }],
  ['unspecified', 'Theo lộ trình của Bộ Nội vụ', { kind: 'unspecified' }],
  ['unspecified', 'Theo Kế hoạch năm 2025', { kind: 'unspecified' }],
  ['unspecified', 'Theo dự toán ngân sách hàng năm', { kind: 'unspecified' }],
  ['unspecified', 'Hàng năm, theo thời gian quy định của Hội đồng Sáng kiến huyện', { kind: 'unspecified' }],
  ['unspecified', 'Định kỳ hằng quý theo quy định', { kind: 'unspecified' }],
  ['unspecified', 'Định kỳ', { kind: 'unspecified' }],
  ['unspecified', '', { kind: 'unspecified' }],
  ['unspecified', 'Căn cứ Kế hoạch số 130/KH-UBND ngày 14/11/2023', { kind: 'unspecified' }],
  ['unspecified', 'Theo Nghị định 12/2024/NĐ-CP', { kind: 'unspecified' }],
  // a date outside the "theo …" clause still counts
  ['theo', 'Theo Kế hoạch, hoàn thành trước ngày 30/6/2025', once('2025-06-29')],
];

describe('shapes real plans use', () => {
  it.each(SHAPES)('%s: %s', (_group, text, expected) => {
    expectReading(read(text), expected);
  });
});

describe('plan year and date of issue', () => {
  it('gives a yearless date the plan year, also when the plan was issued the year before', () => {
    const issuedLate = { planYear: 2025, issuedOn: '2024-12-25' };
    expectReading(read('Trước ngày 15/01', issuedLate), once('2025-01-14'));
    expectReading(read('Tháng 1', issuedLate), once('2025-01-31'));
  });

  it('counts "kể từ ngày ký" from the date of issue when it is known', () => {
    expectReading(read('trong vòng 30 ngày kể từ ngày ký', { planYear: 2025, issuedOn: '2024-12-25' }), once('2025-01-24'));
    expectReading(read('Trong thời hạn 03 tháng kể từ ngày Kế hoạch được ban hành', { planYear: 2025, issuedOn: '2024-11-30' }), once('2025-02-28'));
    expectReading(read('trong vòng 30 ngày kể từ ngày ký'), { kind: 'event' });
  });

  it('counts from a written date', () => {
    expectReading(read('trong vòng 30 ngày kể từ ngày 01/3/2025'), once('2025-03-31'));
  });

  it('starts "từ nay" and "từ ngày ban hành" on the date of issue', () => {
    const issued = { planYear: 2025, issuedOn: '2025-02-10' };
    expectReading(read('Từ nay đến hết năm 2026', issued), once('2026-12-31', '2025-02-10'));
    expect(read('Từ nay đến hết năm 2026', issued).explanation).toBe('Hạn cuối: 31/12/2026 (từ ngày 10/02/2025 đến hết năm 2026)');
    expectReading(read('Từ ngày ban hành đến hết năm 2025', issued), once('2025-12-31', '2025-02-10'));
    expectReading(read('Có hiệu lực kể từ ngày ký', issued), ongoingFrom('2025-02-10'));
  });

  it('turns an invalid plan year into an explained unspecified reading instead of inventing a year', () => {
    const schedule = read('Quý II', { planYear: Number.NaN });
    expect(schedule.kind).toBe('unspecified');
    expect(schedule.explanation).toContain('thiếu năm kế hoạch');
    expectReading(read('Quý II/2025', { planYear: 99999 }), once('2025-06-30'));
  });
});

describe('multi-part cells', () => {
  const cell = '- Các sở, ban, ngành cấp tỉnh: Cả năm 2025 - Sở Tư pháp tổng hợp, báo cáo kết quả thực hiện trước ngày 10/12/2025';

  it('gives each agency its own schedule and sums the dates up as milestones', () => {
    const schedule = read(cell);
    expectReading(schedule, checkpoints('2025-12-09', '2025-12-31'));
    expect(schedule.parts.map((p) => [p.agency, p.schedule.kind, p.schedule.due])).toEqual([
      ['Các sở, ban, ngành cấp tỉnh', 'once', '2025-12-31'],
      ['Sở Tư pháp', 'once', '2025-12-09'],
    ]);
  });

  it('reads agencies on separate lines and after semicolons', () => {
    const lines = read('Sở Nội vụ: Quý II/2025\nSở Tư pháp: trước ngày 15/11/2025');
    expect(lines.parts.map((p) => [p.agency, p.schedule.due])).toEqual([
      ['Sở Nội vụ', '2025-06-30'],
      ['Sở Tư pháp', '2025-11-14'],
    ]);
    const semicolons = read('Các sở, ngành: Thường xuyên; Sở Nội vụ: hằng quý');
    expect(semicolons.kind).toBe('recurring');
    expect(semicolons.parts.map((p) => [p.agency, p.schedule.kind])).toEqual([
      ['Các sở, ngành', 'ongoing'],
      ['Sở Nội vụ', 'recurring'],
    ]);
  });

  it('reads items joined with semicolons as separate items', () => {
    const joined = read('Thường xuyên; Khi có phản ánh, kiến nghị');
    expect(joined.kind).toBe('ongoing');
    expect(joined.parts.map((p) => [p.agency, p.schedule.kind])).toEqual([
      ['', 'ongoing'],
      ['', 'event'],
    ]);
    const dated = read('Quý II/2024; Theo yêu cầu của Đoàn kiểm tra');
    expectReading(dated, checkpoints('2024-06-30'));
    expect(read('Theo quy định của Bộ Nội vụ; Sở Nội vụ hướng dẫn').parts).toEqual([]);
  });

  it('keeps a dash inside an agency name', () => {
    const schedule = read('- Phòng Văn hóa - Thông tin: Quý II/2025 - Phòng Tài chính - Kế hoạch: Quý IV/2025');
    expect(schedule.parts.map((p) => [p.agency, p.schedule.due])).toEqual([
      ['Phòng Văn hóa - Thông tin', '2025-06-30'],
      ['Phòng Tài chính - Kế hoạch', '2025-12-31'],
    ]);
  });

  it('treats a label before the colon as no agency', () => {
    const schedule = read('Thời gian thực hiện: Quý III/2025');
    expect(schedule.parts).toEqual([]);
    expectReading(schedule, once('2025-09-30'));
  });

  it('without any date, the strongest kind wins: recurring, then ongoing, event, unspecified', () => {
    expect(read('- Theo quy định - Khi có yêu cầu').kind).toBe('event');
    expect(read('- Khi có yêu cầu - Thường xuyên').kind).toBe('ongoing');
    const mixed = read('- Thường xuyên - Hằng quý - Hằng năm');
    expectReading(mixed, every([{ every: 'quarter' }, { every: 'year' }]));
  });
});

describe('explanations a person can check', () => {
  it.each([
    ['Trước ngày 31/12/2025', 'Hạn cuối: 30/12/2025 (trước ngày 31/12/2025)'],
    ['Quý II, III', 'Các mốc: 30/06/2025 (hết quý II/2025), 30/09/2025 (hết quý III/2025); hạn cuối: 30/09/2025'],
    ['Tháng 9 - 10/2025', 'Hạn cuối: 31/10/2025 (từ tháng 9/2025 đến hết tháng 10/2025)'],
    ['Hằng quý', 'Định kỳ hằng quý: hạn là ngày cuối cùng của mỗi quý'],
    ['Hàng quý, 06 tháng, năm', 'Định kỳ hằng quý, 6 tháng, hằng năm: hạn là ngày cuối cùng của mỗi kỳ'],
    ['trước ngày 18 hằng tháng', 'Định kỳ hằng tháng: hạn là ngày 17 mỗi tháng (trước ngày 18)'],
    ['trước ngày 15/12 hằng năm', 'Định kỳ hằng năm: hạn là ngày 14/12 mỗi năm (trước ngày 15/12)'],
    ['trước 15h00 thứ Năm hàng tuần', 'Định kỳ hằng tuần: hạn là thứ Năm mỗi tuần, trước 15:00'],
    ['Thường xuyên', 'Thường xuyên: không có hạn cuối, cần báo cáo tiến độ định kỳ'],
    ['Từ 15/8/2025', 'Thường xuyên từ 15/08/2025: không có hạn cuối, cần báo cáo tiến độ định kỳ'],
    ['Theo quy định', 'Chưa xác định thời hạn (theo quy định): cần cơ quan theo dõi đặt hạn'],
    ['Sau khi Đề án được phê duyệt', 'Phát sinh theo sự kiện (sau khi Đề án được phê duyệt): hạn được đặt khi sự kiện xảy ra'],
    [
      'trong vòng 10 ngày làm việc kể từ ngày nhận được văn bản',
      'Phát sinh theo sự kiện (kể từ ngày nhận được văn bản): hạn là 10 ngày làm việc sau khi sự kiện xảy ra',
    ],
    ['Đầu tháng 3/2025', 'Hạn cuối: 10/03/2025 (đầu tháng 3/2025, quy ước là ngày 10/03)'],
    ['Tuần thứ 2 tháng 3/2025', 'Hạn cuối: 14/03/2025 (hết tuần thứ 2 tháng 3/2025)'],
    ['Thượng tuần tháng 10/2025', 'Hạn cuối: 10/10/2025 (hết thượng tuần tháng 10/2025)'],
    ['Trước thứ Sáu hằng tuần', 'Định kỳ hằng tuần: hạn là thứ Năm mỗi tuần (trước thứ Sáu)'],
    ['trong vòng 30 ngày kể từ ngày 01/3/2025', 'Hạn cuối: 31/03/2025 (30 ngày kể từ ngày 01/03/2025)'],
  ])('%s → %s', (text, explanation) => {
    expect(read(text).explanation).toBe(explanation);
  });

  it('says which date does not exist', () => {
    expect(read('Trước ngày 31/02/2025').explanation).toBe('Chưa xác định thời hạn (ngày 31/02/2025 không tồn tại): cần cơ quan theo dõi đặt hạn');
    expect(read('Ngày 29/02/2025').explanation).toContain('ngày 29/02/2025 không tồn tại');
    expect(read('Tháng 13/2025').explanation).toContain('tháng 13 không tồn tại');
    expect(read('Quý V/2025').explanation).toContain('quý 5 không tồn tại');
    expect(read('Năm 99999').explanation).toContain('năm 99999 nằm ngoài khoảng hỗ trợ');
    expect(read('Quý 2 - 9999').explanation).toContain('năm 9999 nằm ngoài khoảng hỗ trợ');
    expect(read('Cái gì đó').explanation).toBe('Chưa xác định thời hạn (không nhận ra thời hạn trong “Cái gì đó”): cần cơ quan theo dõi đặt hạn');
  });
});

describe('messy input', () => {
  const nfd = (s: string): string => s.normalize('NFD');

  it.each<[string, Expected]>([
    ['Quý II, III', checkpoints('2025-06-30', '2025-09-30')],
    ['Trước ngày 31/12/2025', once('2025-12-30')],
    ['Hằng quý, 06 tháng, năm', every([{ every: 'quarter' }, { every: 'half-year' }, { every: 'year' }])],
    ['Ngày 30 tháng cuối cùng của quý', every({ every: 'quarter', day: 30, monthOfPeriod: 'last' })],
    ['Thường xuyên', ongoingFrom(null)],
    ['Khi có hồ sơ trễ hẹn', { kind: 'event' }],
    ['Theo yêu cầu của tỉnh', { kind: 'unspecified' }],
  ])('reads NFD text the same as NFC: %s', (text, expected) => {
    const decomposed = nfd(text);
    expect(decomposed).not.toBe(text);
    const schedule = read(decomposed);
    expectReading(schedule, expected);
    expect(schedule.explanation).toBe(read(text).explanation);
    expect(schedule.text).toBe(decomposed);
  });

  it.each<[string, Expected]>([
    ['<p>Quý II/2025</p>', once('2025-06-30')],
    ['<span style="color:red">Trước ngày&nbsp;15/11/2025</span>', once('2025-11-14')],
    ['Quí IV/2025', once('2025-12-31')],
    ['QUÝ IV/2025', once('2025-12-31')],
    ['Hàng quý', every({ every: 'quarter' })],
    ['hằng  quý', every({ every: 'quarter' })],
    ['Trước   ngày  31/12/2025', once('2025-12-30')],
    ['Trước ngày\n31/12/2025', once('2025-12-30')],
    ['Tháng12/2025', once('2025-12-31')],
    ['Quý II / 2025', once('2025-06-30')],
    ['Giai đoạn 2026 &ndash; 2030', once('2030-12-31', '2026-01-01')],
    ['\tNăm 2025\r\n', once('2025-12-31')],
    ['Quý II,III', checkpoints('2025-06-30', '2025-09-30')],
    ['Năm 2025.', once('2025-12-31')],
  ])('%j', (text, expected) => {
    expectReading(read(text), expected);
  });

  it('reads bullets from HTML lists, paragraphs and line breaks as separate items', () => {
    const html = read('<ul><li>Quý II/2025</li><li>Quý IV/2025</li></ul>');
    expectReading(html, checkpoints('2025-06-30', '2025-12-31'));
    expect(html.parts).toHaveLength(2);
    const lines = read('- Thường xuyên\n- Hàng tháng');
    expect(lines.parts.map((p) => p.schedule.kind)).toEqual(['ongoing', 'recurring']);
    const br = read('• Tháng 6/2025<br>• Tháng 9/2025');
    expectReading(br, checkpoints('2025-06-30', '2025-09-30'));
  });

  it('joins a paragraph without a bullet to the item before it (a row split by a page break)', () => {
    const schedule = read('- Theo quy <p>định của tỉnh</p>');
    expect(schedule.parts).toEqual([]);
    expect(schedule.explanation).toBe('Chưa xác định thời hạn (theo quy định của tỉnh): cần cơ quan theo dõi đặt hạn');
  });

  it('keeps the input verbatim in `text`', () => {
    const raw = '<p>- Tháng 6/2024</p> <p>- Tháng 8/2024</p>';
    const schedule = read(raw, { planYear: 2024 });
    expect(schedule.text).toBe(raw);
    expect(schedule.parts.map((p) => p.schedule.text)).toEqual(['Tháng 6/2024', 'Tháng 8/2024']);
  });
});
