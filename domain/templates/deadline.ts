/**
 * A template's deadline rule read as dondoc reads a plan's "Thời gian" cell: a phrase goes through
 * the deadline parser; a structured rule becomes the same Schedule, with the same explanation.
 */
import { parseDeadline } from '../deadline';
import { explainRecurring } from '../deadline/explain';
import { formatVietnamese } from '../dates';
import type { Schedule } from '../schedule';
import type { DeadlineRule } from './schema';

export function readDeadlineRule(rule: DeadlineRule, planYear: number): Schedule {
  switch (rule.type) {
    case 'phrase':
      return parseDeadline(rule.phrase, { planYear });
    case 'date':
      return {
        text: rule.due,
        kind: 'once',
        due: rule.due,
        milestones: [rule.due],
        recurrence: null,
        parts: [],
        start: null,
        explanation: `Hạn cuối: ${formatVietnamese(rule.due)}`,
      };
    case 'recurring':
      return {
        text: explainRecurring(rule.recurrence, null),
        kind: 'recurring',
        due: null,
        milestones: [],
        start: null,
        recurrence: rule.recurrence.length === 1 ? rule.recurrence[0]! : rule.recurrence,
        parts: [],
        explanation: explainRecurring(rule.recurrence, null),
      };
  }
}

/** How the rule reads, for people: "Trước ngày 25/12 → Định kỳ năm: hạn là ngày 24/12 mỗi năm". */
export function describeDeadlineRule(rule: DeadlineRule | null, planYear: number): string {
  if (!rule) return 'Theo thời hạn ghi trong kế hoạch.';
  const schedule = readDeadlineRule(rule, planYear);
  return rule.type === 'phrase' ? `“${rule.phrase}”: ${schedule.explanation}` : schedule.explanation;
}
