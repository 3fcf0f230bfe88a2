/**
 * parseDeadline never throws and never returns an invalid schedule, whatever it is fed: random
 * Unicode, and random mixes of real phrase fragments with impossible numbers (31/02, 00/13,
 * huge years), HTML and bullets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidIsoDate } from '../../domain/dates';
import { INTERNAL_FAILURE_REASON, parseDeadline } from '../../domain/deadline';
import { occurrences } from '../../domain/deadline/occurrences';
import { recurrences, ScheduleSchema, type Schedule } from '../../domain/schedule';

const FRAGMENTS = [
  'Trước ngày', 'trước', 'ngày', 'Tháng', 'tháng', 'Quý', 'Quí', 'quý', 'Năm', 'năm', 'Cả năm', 'cuối năm', 'đầu', 'giữa', 'cuối',
  'Hàng', 'hằng', 'Hằng quý', 'hàng tháng', 'Định kỳ', '06 tháng', '6 tháng đầu năm', 'tháng cuối cùng của quý', 'Ngày 30',
  'Thường xuyên', 'Khi có', 'Sau khi', 'đến khi', 'kể từ ngày ký', 'trong vòng', 'ngày làm việc', 'Theo quy định', 'theo yêu cầu',
  'Từ', 'từ nay', 'đến', 'đến hết', 'và', 'hoặc', 'các năm tiếp theo', 'trở đi', 'Bắt đầu từ', 'Năm tiếp theo', 'thứ Năm',
  'hàng tuần', '15h00', '24:00', 'lần/năm', 'tháng/lần', 'Chậm nhất', 'hạn', 'Hoàn thành', 'Duy trì', 'Sở Tư pháp:', 'Các sở:',
  'I', 'II', 'III', 'IV', 'V', 'XII', '-', '–', ',', ';', '.', ':', '/', '(', ')', '<p>', '</p>', '<br>', '<li>', '&nbsp;', '&#x1F600;',
  '\n', '\n- ', '• ', '31/02', '00/13', '29/02', '30/02/2025', '31/12/2025', '15/01', '1/1/1', '2025', '2026', '1899', '2200',
  '99999', '0000', '12/2025', '13/2025', '0/2025', '2025-2027', '2025 - 2027', '9 - 10/2025', 'Quý I-II/2025', '130/KH-UBND',
  '99999999999999999999', '-1', '0', '31', '32', '9999', '6', '03', '12',
];

const fragmentPhrase = fc
  .array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 14 })
  .chain((parts) => fc.constantFrom(' ', '', '  ').map((sep) => parts.join(sep)));

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fragmentPhrase,
  fragmentPhrase.map((s) => s.normalize('NFD')),
  fragmentPhrase.map((s) => s.toUpperCase()),
);

const planYear = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1990, max: 2100 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1899, 2200, 99999, Number.NaN, Number.POSITIVE_INFINITY, 2025.5, Number.MAX_SAFE_INTEGER) },
);

const issuedOn = fc.option(
  fc.oneof(
    fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.constantFrom('2025-02-30', '2024-13-01', '25/12/2024', '', '0000-00-00', '9999-12-31'),
  ),
  { nil: undefined },
);

function allDates(s: Schedule): string[] {
  return [s.due, s.start ?? null, ...s.milestones, ...s.parts.flatMap((p) => allDates(p.schedule))].filter((d): d is string => d !== null);
}

/** The invariants every reading keeps, whatever the kind. */
function expectConsistent(s: Schedule): void {
  expect(ScheduleSchema.safeParse(s).success).toBe(true);
  expect(allDates(s).every(isValidIsoDate)).toBe(true);
  expect(s.explanation).not.toContain(INTERNAL_FAILURE_REASON);
  expect(s.explanation.trim().length).toBeGreaterThan(0);
  expect(s.explanation).toBe(s.explanation.normalize('NFC'));
  expect([...s.milestones].sort()).toEqual(s.milestones);
  switch (s.kind) {
    case 'once':
      expect(s.milestones).toEqual([s.due]);
      expect(s.recurrence).toBeNull();
      break;
    case 'milestones':
      expect(s.milestones.length).toBeGreaterThan(0);
      expect(s.due).toBe(s.milestones[s.milestones.length - 1]);
      break;
    case 'recurring':
      expect(s.due).toBeNull();
      expect(s.milestones).toEqual([]);
      expect(recurrences(s).length).toBeGreaterThan(0);
      break;
    default:
      expect(s.due).toBeNull();
      expect(s.milestones).toEqual([]);
      expect(s.recurrence).toBeNull();
  }
  if (s.start && s.due) expect(s.start <= s.due).toBe(true);
  s.parts.forEach((p) => expectConsistent(p.schedule));
}

describe('parseDeadline on any input', () => {
  it('never throws, and every result is a valid, self-consistent schedule', () => {
    fc.assert(
      fc.property(anyText, planYear, issuedOn, (text, year, issued) => {
        const schedule = parseDeadline(text, { planYear: year, ...(issued !== undefined ? { issuedOn: issued } : {}) });
        expect(schedule.text).toBe(text);
        expectConsistent(schedule);
      }),
      { numRuns: 3000 },
    );
  });

  it('recurring readings give valid occurrences over a year', () => {
    const recurringText = fc
      .tuple(fc.constantFrom('Hằng', 'hàng', 'Định kỳ hằng', 'trước ngày 31 hằng', 'Ngày 31 tháng cuối cùng của', 'trước ngày 29/02 hằng'), fc.constantFrom('tuần', 'tháng', 'quý', 'năm', '6 tháng'))
      .map(([a, b]) => `${a} ${b}`);
    fc.assert(
      fc.property(recurringText, fc.integer({ min: 1990, max: 2100 }), (text, year) => {
        const schedule = parseDeadline(text, { planYear: year });
        for (const r of recurrences(schedule)) {
          for (const o of occurrences(r, `${year}-01-01`, `${year}-12-31`)) {
            expect([o.start, o.end, o.due].every(isValidIsoDate)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('survives adversarial inputs', () => {
    const nasty = [
      '31/02/2025', '00/13/2025', 'ngày 32/1', 'Quý 0', 'Quý 99/2025', `Năm ${'9'.repeat(400)}`, 'Tháng 1/99999',
      '<'.repeat(1000), '- '.repeat(2000), 'Quý II, '.repeat(500), 'trước trước trước ngày', '\u0000\u200b\ufeff',
      '\ud800', 'Theo', 'theo dõi hằng tháng', 'Từ', 'đến', 'kể từ', 'trong vòng 99999999 năm kể từ ngày ký', ':',
      'Sở:', '- : -', '1/1/1', '29/02', 'thứ Tám hằng tuần', '25:99 thứ Năm hằng tuần', 'İ'.repeat(10),
    ];
    for (const text of nasty) {
      for (const year of [2024, 2025, Number.NaN]) {
        const schedule = parseDeadline(text, { planYear: year, issuedOn: '2024-12-25' });
        expectConsistent(schedule);
      }
    }
  });
});
