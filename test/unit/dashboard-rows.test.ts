/** The dashboard's list helpers: words typed without diacritics match, sorting is stable across pages, due dates in words. */
import { describe, expect, it } from 'vitest';
import { hasWords, lastMonths, sortRows, type DashboardTaskRow } from '../../api/dashboard-tasks';
import { dueWords } from '../../api/dashboard-due';

const row = (id: string, fields: Partial<DashboardTaskRow>): DashboardTaskRow => ({
  workflowId: id,
  title: null,
  ref: null,
  planId: null,
  planTitle: null,
  type: 'task',
  jurisdiction: 'thua-thien-hue',
  status: 'not_due',
  leads: [],
  due: null,
  dueWords: null,
  escalation: 0,
  extended: false,
  kind: 'once',
  running: true,
  ...fields,
});

describe('hasWords', () => {
  it('matches every word, in any case, with or without diacritics', () => {
    const title = 'Rà soát thủ tục hành chính cấp huyện';
    expect(hasWords(title, 'thủ tục')).toBe(true);
    expect(hasWords(title, 'THU TUC huyen')).toBe(true);
    expect(hasWords(title, 'ra soat tinh')).toBe(false);
    expect(hasWords('Đôn đốc', 'don doc')).toBe(true);
    expect(hasWords(null, undefined)).toBe(true);
  });
});

describe('sortRows', () => {
  const rows = [
    row('c', { status: 'not_due', due: '2026-12-01', title: 'Báo cáo' }),
    row('a', { status: 'overdue', due: '2026-10-01', title: 'Ăn' }),
    row('b', { status: 'overdue', due: '2026-09-01', title: 'An' }),
    row('d', { status: 'done_on_time', due: '2026-01-01', title: 'Đề án', escalation: 2 }),
  ];
  it('by urgency: overdue first, oldest due date first within a status', () => {
    expect(sortRows(rows, 'urgency', 'asc').map((r) => r.workflowId)).toEqual(['b', 'a', 'c', 'd']);
  });
  it('by due date, both ways, and by escalation level', () => {
    expect(sortRows(rows, 'due', 'asc').map((r) => r.workflowId)).toEqual(['d', 'b', 'a', 'c']);
    expect(sortRows(rows, 'due', 'desc').map((r) => r.workflowId)).toEqual(['c', 'a', 'b', 'd']);
    expect(sortRows(rows, 'escalation', 'asc')[0]!.workflowId).toBe('d');
  });
  it('by title in Vietnamese order', () => {
    expect(sortRows(rows, 'title', 'asc').map((r) => r.title)).toEqual(['An', 'Ăn', 'Báo cáo', 'Đề án']);
  });
});

describe('dueWords', () => {
  // Thursday 26/11/2026; Friday 27 and Monday 30 are working days.
  it('counts working days ahead and past', () => {
    expect(dueWords('2026-11-26', '2026-11-30', 'not_due')).toBe('còn 2 ngày làm việc');
    expect(dueWords('2026-11-26', '2026-11-26', 'due_soon')).toBe('đến hạn hôm nay');
    expect(dueWords('2026-11-30', '2026-11-26', 'overdue')).toBe('quá hạn 2 ngày làm việc');
  });
  it('says nothing for closed items or items without a date', () => {
    expect(dueWords('2026-11-26', '2026-11-30', 'done_on_time')).toBeNull();
    expect(dueWords('2026-11-26', null, 'needs_deadline')).toBeNull();
  });
});

describe('lastMonths', () => {
  it('counts back across the year, oldest first', () => {
    expect(lastMonths('2026-02-15', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(lastMonths('2026-12-01', 1)).toEqual(['2026-12']);
  });
});
