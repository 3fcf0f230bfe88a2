/** Clauses (api/clauses.ts): the query text visibility gets, and the same condition tested on a workflow's fields, as the task mirror does. */
import { describe, expect, it } from 'vitest';
import { allOf, anyOf, compare, isIn, isNot, isNotNull, isNull, quote } from '../../api/clauses';
import { dueByClause, dueFromClause, partClause, workflowsOf } from '../../api/visibility';

const fields = (values: Record<string, unknown>) => ({ get: (name: string) => values[name] });

describe('clauses', () => {
  it('write visibility query text, values quoted and escaped', () => {
    expect(String(isIn('DondocPlan', ['kh-1']))).toBe("DondocPlan = 'kh-1'");
    expect(String(isIn('DondocStatus', ['overdue', 'due_soon']))).toBe("DondocStatus IN ('overdue', 'due_soon')");
    expect(quote("Sở 'Tư' \\ pháp")).toBe("'Sở \\'Tư\\' \\\\ pháp'");
    expect(String(compare('DondocEscalation', '>=', 2))).toBe('DondocEscalation >= 2');
    expect(String(compare('DondocDue', '<', new Date('2026-11-24T05:00:00Z')))).toBe("DondocDue < '2026-11-24T05:00:00.000Z'");
    expect(String(anyOf(isNull('DondocParts'), allOf([isNotNull('DondocParts'), isNot('ExecutionStatus', 'ContinuedAsNew')])))).toBe(
      "(DondocParts IS NULL OR (DondocParts IS NOT NULL AND ExecutionStatus != 'ContinuedAsNew'))",
    );
  });

  it('test a keyword list by any of its items, and an empty or missing list as null', () => {
    const c = isIn('DondocLead', ['Sở Tư pháp']);
    expect(c.test(fields({ DondocLead: ['Sở Nội vụ', 'Sở Tư pháp'] }))).toBe(true);
    expect(c.test(fields({ DondocLead: ['Sở Nội vụ'] }))).toBe(false);
    expect(isNull('DondocParts').test(fields({ DondocParts: [] }))).toBe(true);
    expect(isNull('DondocParts').test(fields({}))).toBe(true);
    expect(isNotNull('DondocParts').test(fields({ DondocParts: ['overdue:sở tư pháp'] }))).toBe(true);
  });

  it('compare numbers and instants, and an unset value never matches', () => {
    expect(compare('DondocEscalation', '>=', 2).test(fields({ DondocEscalation: 2 }))).toBe(true);
    expect(compare('DondocEscalation', '>=', 2).test(fields({ DondocEscalation: 1 }))).toBe(false);
    expect(compare('DondocDue', '>', new Date('2026-01-01T00:00:00Z')).test(fields({}))).toBe(false);
    expect(isNot('ExecutionStatus', 'ContinuedAsNew').test(fields({}))).toBe(false);
  });

  it('leave out a run that continued as new', () => {
    const [type, notContinued] = workflowsOf(['task']);
    expect(type!.test(fields({ DondocType: 'task', ExecutionStatus: 'Running' }))).toBe(true);
    expect(notContinued!.test(fields({ DondocType: 'task', ExecutionStatus: 'ContinuedAsNew' }))).toBe(false);
    expect(notContinued!.test(fields({ DondocType: 'task', ExecutionStatus: 'Completed' }))).toBe(true);
  });

  it('bound due dates at noon, never on a value DondocDue holds (the end of a Vietnam day)', () => {
    // Due 24/11: DondocDue is 24/11 24:00 in Vietnam, 17:00 UTC.
    const due24 = fields({ DondocDue: new Date('2026-11-24T17:00:00.000Z') });
    expect(dueFromClause('2026-11-24').test(due24)).toBe(true);
    expect(dueFromClause('2026-11-25').test(due24)).toBe(false);
    expect(dueByClause('2026-11-24').test(due24)).toBe(true);
    expect(dueByClause('2026-11-23').test(due24)).toBe(false);
    expect(String(dueFromClause('2026-11-25'))).toBe("DondocDue > '2026-11-25T05:00:00.000Z'");
  });

  it('an agency’s part: its tokens, or the task’s status for a task without tokens', () => {
    const overdue = partClause('Sở Tư pháp', ['overdue']);
    expect(overdue.test(fields({ DondocParts: ['done_late:sở nội vụ', 'overdue:sở tư pháp'], DondocStatus: 'overdue' }))).toBe(true);
    expect(overdue.test(fields({ DondocParts: ['overdue:sở nội vụ', 'done_late:sở tư pháp'], DondocStatus: 'overdue' }))).toBe(false);
    expect(overdue.test(fields({ DondocStatus: 'overdue' }))).toBe(true);
  });
});
