/**
 * Each lead's own part as DondocParts tokens (domain/part-tokens.ts): the part's status and level,
 * the tokens a query asks for, reading them back, and Temporal's size limits with long Vietnamese
 * names and large groups.
 */
import { describe, expect, it } from 'vitest';
import {
  fnv1a,
  hashedLead,
  isHashedLead,
  leadQueryValues,
  leadValues,
  LEADS_VALUE_BUDGET,
  PENDING_REQUEST_TOKEN,
  taskPartTokens,
  hashedToken,
  levelStates,
  MAX_TOKEN_BYTES,
  parseToken,
  partFromTokens,
  partQueryValues,
  partsOf,
  partStatus,
  partToken,
  partTokens,
  PARTS_VALUE_BUDGET,
  utf8Bytes,
} from '../../domain/part-tokens';
import { shippedDirectory } from '../../storage/directory';

const TEMPORAL_VALUE_LIMIT = 2048;
const jsonBytes = (tokens: string[]) => utf8Bytes(JSON.stringify(tokens));

describe('a lead’s part', () => {
  it('is its worst open obligation, done late when any was late, the task’s status without obligations of its own', () => {
    expect(partStatus('overdue', [{ status: 'done_on_time' }, { status: 'due_soon' }])).toBe('due_soon');
    expect(partStatus('overdue', [{ status: 'done_late' }, { status: 'done_on_time' }])).toBe('done_late');
    expect(partStatus('overdue', [{ status: 'done_on_time' }])).toBe('done_on_time');
    expect(partStatus('not_due', [])).toBe('not_due');
    expect(partStatus('cancelled', [{ status: 'overdue' }])).toBe('cancelled');
  });

  it('of a group task: one part per lead, with the level of its open obligations only', () => {
    const parts = partsOf(
      'overdue',
      ['Sở Nội vụ', 'Sở Y tế', 'Sở  Nội vụ'],
      [
        { agency: 'Sở Nội vụ', status: 'done_late', escalationLevel: 2, completed: { at: 'x' } },
        { agency: 'Sở Y tế', status: 'overdue', escalationLevel: 2 },
      ],
    );
    expect(parts).toEqual([
      { agency: 'Sở Nội vụ', status: 'done_late', escalationLevel: 0 },
      { agency: 'Sở Y tế', status: 'overdue', escalationLevel: 2 },
    ]);
    expect(partTokens(parts)).toEqual(['done_late:sở nội vụ', 'overdue:sở y tế', 'level2:sở y tế']);
  });
});

describe('tokens', () => {
  it('name the agency by its name key, whatever the spelling', () => {
    expect(partToken('overdue', ' Sở  Tư pháp ')).toBe('overdue:sở tư pháp');
    expect(partToken('overdue', 'SỞ TƯ PHÁP')).toBe(partToken('overdue', 'Sở Tư pháp'));
    expect(parseToken('level3:sở tư pháp')).toEqual({ state: 'level3', agency: 'sở tư pháp' });
    expect(parseToken('open:sở tư pháp')).toBeUndefined();
    expect(parseToken('level11:x')).toBeUndefined();
    expect(parseToken('overdue:')).toBeUndefined();
  });

  it('use a hash for a name that would pass 255 bytes, and a query asks for both spellings', () => {
    const long = `Ban Quản lý ${'Dự án đầu tư xây dựng và Phát triển quỹ đất '.repeat(6)}huyện`;
    const token = partToken('needs_deadline', long);
    expect(utf8Bytes(`needs_deadline:${long.toLowerCase()}`)).toBeGreaterThan(MAX_TOKEN_BYTES);
    expect(token).toBe(`needs_deadline:#${fnv1a(long.toLowerCase())}`);
    expect(token).toMatch(/^needs_deadline:#[0-9a-f]{8}$/);
    expect(partQueryValues('Sở Tư pháp', ['overdue'])).toEqual(['overdue:sở tư pháp', hashedToken('overdue', 'Sở Tư pháp')]);
    expect(partFromTokens([token], long)).toEqual({ status: 'needs_deadline', escalationLevel: 0 });
  });

  it('hash with FNV-1a over UTF-8 (the reference values)', () => {
    expect(fnv1a('')).toBe('811c9dc5');
    expect(fnv1a('a')).toBe('e40c292c');
    expect(fnv1a('foobar')).toBe('bf9cf968');
    expect(utf8Bytes('Sở')).toBe(4);
    expect(utf8Bytes('😀')).toBe(4);
  });

  it('read back the part of one agency among others', () => {
    const tokens = ['done_on_time:sở nội vụ', 'overdue:sở y tế', 'level1:sở y tế', 'level2:sở y tế'];
    expect(partFromTokens(tokens, 'Sở Y tế')).toEqual({ status: 'overdue', escalationLevel: 2 });
    expect(partFromTokens(tokens, 'Sở Nội vụ')).toEqual({ status: 'done_on_time', escalationLevel: 0 });
    expect(partFromTokens(tokens, 'Sở Tư pháp')).toBeUndefined();
    expect(partFromTokens(undefined, 'Sở Tư pháp')).toBeUndefined();
  });

  it('levels from a minimum up to 10', () => {
    expect(levelStates(2)).toEqual(['level2', 'level3', 'level4', 'level5', 'level6', 'level7', 'level8', 'level9', 'level10']);
    expect(levelStates(0)[0]).toBe('level1');
    expect(levelStates(11)).toEqual([]);
  });
});

describe('Temporal’s limits', () => {
  const names = shippedDirectory().agencies.map((a) => a.name);
  const group = (n: number) => names.slice(0, n);

  it('a group of 40 members (the largest shipped group), every one escalated, stays under 2 KiB, each member still found', () => {
    const leads = group(40);
    const parts = leads.map((agency) => ({ agency, status: 'overdue' as const, escalationLevel: 3 }));
    const tokens = partTokens(parts);
    expect(jsonBytes(tokens)).toBeLessThanOrEqual(PARTS_VALUE_BUDGET);
    expect(PARTS_VALUE_BUDGET).toBeLessThan(TEMPORAL_VALUE_LIMIT);
    for (const agency of leads) {
      expect(tokens.some((t) => partQueryValues(agency, ['overdue']).includes(t))).toBe(true);
      expect(partFromTokens(tokens, agency)).toEqual({ status: 'overdue', escalationLevel: 3 });
    }
  });

  it('a small group keeps readable tokens', () => {
    const tokens = partTokens(group(3).map((agency) => ({ agency, status: 'not_due' as const, escalationLevel: 0 })));
    expect(tokens.every((t) => !t.includes('#'))).toBe(true);
  });

  it('past every fallback, the list is cut to the budget rather than fail the workflow', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ agency: `Ủy ban nhân dân xã số ${i + 1}`, status: 'overdue' as const, escalationLevel: 1 }));
    const tokens = partTokens(many);
    expect(jsonBytes(tokens)).toBeLessThanOrEqual(PARTS_VALUE_BUDGET);
    expect(tokens.length).toBeGreaterThan(50);
    expect(tokens.every((t) => utf8Bytes(t) <= MAX_TOKEN_BYTES)).toBe(true);
  });
});

describe('DondocLead within its limit', () => {
  const communes = Array.from({ length: 120 }, (_, i) => `Ủy ban nhân dân xã Phước Thuận số ${i + 1}`);

  it('keeps the names when they fit, and finds an agency by its name or its hash', () => {
    expect(leadValues(['Sở Tư pháp', 'Sở Nội vụ'])).toEqual(['Sở Tư pháp', 'Sở Nội vụ']);
    expect(leadQueryValues('Sở Tư pháp')).toEqual(['Sở Tư pháp', hashedLead('Sở Tư pháp')]);
  });

  it('writes a group of 120 communes as hashes within the budget, each member still found', () => {
    const values = leadValues(communes);
    expect(jsonBytes(communes)).toBeGreaterThan(2_048);
    expect(jsonBytes(values)).toBeLessThanOrEqual(LEADS_VALUE_BUDGET);
    expect(values).toHaveLength(120);
    expect(values.every(isHashedLead)).toBe(true);
    for (const c of communes) expect(values).toContain(leadQueryValues(c)[1]);
  });

  it('cuts a list too long even as hashes, rather than letting the upsert fail', () => {
    const many = Array.from({ length: 400 }, (_, i) => `Xã ${i}`.padEnd(40, '.'));
    const values = leadValues(many);
    expect(jsonBytes(values)).toBeLessThanOrEqual(LEADS_VALUE_BUDGET);
    expect(values.length).toBeLessThan(400);
  });

  it('puts the waiting request first, so a cut list keeps it', () => {
    const parts = partsOf('overdue', communes, []);
    const tokens = taskPartTokens(parts, true);
    expect(tokens[0]).toBe(PENDING_REQUEST_TOKEN);
    expect(jsonBytes(tokens)).toBeLessThanOrEqual(PARTS_VALUE_BUDGET);
    expect(taskPartTokens(parts, false)).not.toContain(PENDING_REQUEST_TOKEN);
  });
});
