/**
 * Each lead's own part as DondocParts tokens (domain/part-tokens.ts): the part's status and level,
 * the tokens a query asks for, reading them back, and Temporal's size limits with long Vietnamese
 * names and large groups.
 */
import { describe, expect, it } from 'vitest';
import {
  isPartToken,
  MORE_VALUE_BUDGET,
  taskListAttributes,
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
    expect(partTokens(parts)).toEqual([['done_late:sở nội vụ', 'overdue:sở y tế', 'level2:sở y tế'], []]);
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
  /** The list's own attribute and its rest in DondocMore, each value within its budget. */
  const withinLimits = (values: string[][], budget: number) => {
    expect(values).toHaveLength(2);
    expect(jsonBytes(values[0]!)).toBeLessThanOrEqual(budget);
    expect(jsonBytes(values[1]!)).toBeLessThanOrEqual(MORE_VALUE_BUDGET);
    expect(MORE_VALUE_BUDGET).toBeLessThan(TEMPORAL_VALUE_LIMIT);
  };

  it('a group of 40 members (the largest shipped group), every one escalated, stays under 2 KiB a value, each member still found', () => {
    const leads = group(40);
    const parts = leads.map((agency) => ({ agency, status: 'overdue' as const, escalationLevel: 3 }));
    const values = partTokens(parts);
    withinLimits(values, PARTS_VALUE_BUDGET);
    expect(PARTS_VALUE_BUDGET).toBeLessThan(TEMPORAL_VALUE_LIMIT);
    const tokens = values.flat();
    for (const agency of leads) {
      expect(tokens.some((t) => partQueryValues(agency, ['overdue']).includes(t))).toBe(true);
      expect(partFromTokens(tokens, agency)).toEqual({ status: 'overdue', escalationLevel: 3 });
    }
  });

  it('a small group keeps readable tokens, all in the first attribute', () => {
    const [first, more] = partTokens(group(3).map((agency) => ({ agency, status: 'not_due' as const, escalationLevel: 0 })));
    expect(first!.every((t) => !t.includes('#'))).toBe(true);
    expect(more).toEqual([]);
  });

  const communes = (n: number) => Array.from({ length: n }, (_, i) => `Ủy ban nhân dân ${i % 3 === 0 ? 'phường' : 'xã'} Bình Hưng Hòa số ${i + 1}`);
  const escalated = (n: number) =>
    communes(n).map((agency, i) => ({ agency, status: i % 2 ? ('overdue' as const) : ('due_soon' as const), escalationLevel: 2 }));

  it('140 communes, every one escalated: each part’s status and level found over the two attributes', () => {
    const values = partTokens(escalated(140));
    withinLimits(values, PARTS_VALUE_BUDGET);
    expect(values[1]!.length).toBeGreaterThan(0);
    communes(140).forEach((agency, i) => expect(partFromTokens(values.flat(), agency)).toEqual({ status: i % 2 ? 'overdue' : 'due_soon', escalationLevel: 2 }));
  });

  it('the communes of the largest province (168), every one escalated: each part’s status found, the levels left out to fit', () => {
    const values = partTokens(escalated(168));
    withinLimits(values, PARTS_VALUE_BUDGET);
    communes(168).forEach((agency, i) => expect(partFromTokens(values.flat(), agency)).toEqual({ status: i % 2 ? 'overdue' : 'due_soon', escalationLevel: 0 }));
  });

  it('past every fallback, the list is cut to the budget rather than fail the workflow', () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ agency: `Ủy ban nhân dân xã số ${i + 1}`, status: 'overdue' as const, escalationLevel: 1 }));
    const values = partTokens(many);
    withinLimits(values, PARTS_VALUE_BUDGET);
    expect(values.flat().length).toBeGreaterThan(250);
    expect(values.flat().length).toBeLessThan(400);
    expect(values.flat().every((t) => utf8Bytes(t) <= MAX_TOKEN_BYTES)).toBe(true);
  });
});

describe('DondocLead within its limit', () => {
  const communes = (n: number) => Array.from({ length: n }, (_, i) => `Ủy ban nhân dân xã Phước Thuận số ${i + 1}`);

  it('keeps the names when they fit, and finds an agency by its name or its hash', () => {
    expect(leadValues(['Sở Tư pháp', 'Sở Nội vụ'])).toEqual([['Sở Tư pháp', 'Sở Nội vụ'], []]);
    expect(leadQueryValues('Sở Tư pháp')).toEqual(['Sở Tư pháp', hashedLead('Sở Tư pháp')]);
  });

  it('spreads names over DondocLead and DondocMore when they fit both', () => {
    const leads = communes(60);
    const [first, more] = leadValues(leads);
    expect(jsonBytes(leads)).toBeGreaterThan(LEADS_VALUE_BUDGET);
    expect([...first!, ...more!]).toEqual(leads);
    expect(jsonBytes(first!)).toBeLessThanOrEqual(LEADS_VALUE_BUDGET);
    expect(jsonBytes(more!)).toBeLessThanOrEqual(MORE_VALUE_BUDGET);
  });

  it('writes a group of 120 communes as hashes within the budget, each member still found', () => {
    const leads = communes(120);
    const [first, more] = leadValues(leads);
    expect(jsonBytes(leads)).toBeGreaterThan(2 * 2_048);
    expect(jsonBytes(first!)).toBeLessThanOrEqual(LEADS_VALUE_BUDGET);
    expect(first).toHaveLength(120);
    expect(more).toEqual([]);
    expect(first!.every(isHashedLead)).toBe(true);
    for (const c of leads) expect(first).toContain(leadQueryValues(c)[1]);
  });

  it('carries the 280 communes of a very large group over both attributes, each member found', () => {
    const leads = communes(280);
    const values = leadValues(leads);
    expect(jsonBytes(values[0]!)).toBeLessThanOrEqual(LEADS_VALUE_BUDGET);
    expect(jsonBytes(values[1]!)).toBeLessThanOrEqual(MORE_VALUE_BUDGET);
    expect(values[1]!.length).toBeGreaterThan(0);
    for (const c of leads) expect(values.flat()).toContain(leadQueryValues(c)[1]);
  });

  it('cuts a list too long even as hashes, rather than letting the upsert fail', () => {
    const many = Array.from({ length: 400 }, (_, i) => `Xã ${i}`.padEnd(40, '.'));
    const values = leadValues(many);
    expect(jsonBytes(values[0]!)).toBeLessThanOrEqual(LEADS_VALUE_BUDGET);
    expect(jsonBytes(values[1]!)).toBeLessThanOrEqual(MORE_VALUE_BUDGET);
    expect(values.flat().length).toBeLessThan(400);
    expect(values.flat().length).toBeGreaterThan(300);
  });

  it('puts the waiting request first, so a cut list keeps it in DondocParts', () => {
    const parts = partsOf('overdue', communes(400), []);
    const values = taskPartTokens(parts, true);
    expect(values[0]![0]).toBe(PENDING_REQUEST_TOKEN);
    for (const value of values) expect(jsonBytes(value)).toBeLessThanOrEqual(PARTS_VALUE_BUDGET);
    expect(taskPartTokens(parts, false).flat()).not.toContain(PENDING_REQUEST_TOKEN);
  });
});

describe('a task’s list attributes together', () => {
  const communes = (n: number) => Array.from({ length: n }, (_, i) => `Ủy ban nhân dân ${i % 3 === 0 ? 'phường' : 'xã'} Tân Thới Hiệp số ${i + 1}`);

  it('the 168 communes of the largest province, with a request waiting: every commune found and its part read back, DondocMore within its limit', () => {
    const leads = communes(168);
    const parts = partsOf(
      'not_due',
      leads,
      leads.map((agency, i) => ({ agency, status: i % 5 ? ('not_due' as const) : ('overdue' as const), escalationLevel: i % 5 ? 0 : 1 })),
    );
    const lists = taskListAttributes(leads, parts, true);
    expect(jsonBytes(lists.leads)).toBeLessThanOrEqual(LEADS_VALUE_BUDGET);
    expect(jsonBytes(lists.parts)).toBeLessThanOrEqual(PARTS_VALUE_BUDGET);
    expect(jsonBytes(lists.more)).toBeLessThanOrEqual(MORE_VALUE_BUDGET);
    expect(lists.parts[0]).toBe(PENDING_REQUEST_TOKEN);
    const leadSide = [...lists.leads, ...lists.more.filter((v) => !isPartToken(v))];
    const partSide = [...lists.parts, ...lists.more.filter(isPartToken)];
    leads.forEach((agency, i) => {
      expect(leadQueryValues(agency).some((v) => leadSide.includes(v))).toBe(true);
      expect(partFromTokens(partSide, agency)?.status).toBe(i % 5 ? 'not_due' : 'overdue');
    });
  });

  it('a small group needs no DondocMore', () => {
    const lists = taskListAttributes(['Sở Tư pháp', 'Sở Y tế'], partsOf('not_due', ['Sở Tư pháp', 'Sở Y tế'], []), false);
    expect(lists).toEqual({ leads: ['Sở Tư pháp', 'Sở Y tế'], parts: ['not_due:sở tư pháp', 'not_due:sở y tế'], more: [] });
  });
});
