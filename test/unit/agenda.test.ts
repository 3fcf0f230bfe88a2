import { describe, expect, it } from 'vitest';
import { agenda } from '../../domain/agenda';
import { DEFAULT_POLICY } from '../../domain/policy';
import { workingDaysFrom } from '../../domain/workdays';

// Weekends plus Tết Dương lịch 2037 (Thursday 1 January).
const calendar = workingDaysFrom({ from: '2036-06-01', to: '2038-12-31', holidays: ['2037-01-01'], makeUp: [] });
const due = { id: '0:Sở Tư pháp', due: '2036-12-31', acknowledgedLevels: [] as number[] };
const vn = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const summary = (a: ReturnType<typeof agenda>) => a.map((x) => `${x.type}${x.level ? `[${x.level}]` : ''}${x.catchUp ? ' catch-up' : ''} ${vn(x.at)}`);

describe('the agenda of a deadline', () => {
  it('reminds 7 and 1 working days before and on the day, at 08:00 Vietnam time, then climbs the ladder', () => {
    const actions = agenda([due], DEFAULT_POLICY, calendar, { now: new Date('2036-12-01T00:00:00+07:00'), until: '2037-01-12' });
    expect(summary(actions)).toEqual([
      'reminder 2036-12-22 08:00',
      'reminder 2036-12-30 08:00',
      'reminder 2036-12-31 08:00',
      'overdue_status 2037-01-01 00:00',
      'overdue 2037-01-01 08:00',
      'escalation[1] 2037-01-05 08:00',
      'escalation[1] 2037-01-08 08:00',
      'escalation[2] 2037-01-09 08:00',
    ]);
    // Keys are stable: the same deadline and step always give the same key.
    expect(actions[5]!.key).toBe('0:Sở Tư pháp@2036-12-31:escalation:1:0');
  });

  it('a late start (legacy runs) drops past reminders and notifies each missed level once, now, in level order', () => {
    const now = new Date('2037-02-16T10:00:00+07:00');
    const actions = agenda([due], DEFAULT_POLICY, calendar, { now, until: '2037-02-20', missed: 'legacy' });
    expect(summary(actions)).toEqual([
      'overdue_status 2037-01-01 00:00',
      'overdue 2037-01-01 08:00',
      'escalation[1] catch-up 2037-02-16 10:00',
      'escalation[2] catch-up 2037-02-16 10:00',
      'escalation[3] catch-up 2037-02-16 10:00',
      // the repeats keep their original rhythm (every 3, 5 and 10 working days from the first notice)
      'escalation[1] 2037-02-19 08:00',
      'escalation[2] 2037-02-20 08:00',
      'escalation[3] 2037-02-20 08:00',
    ]);
  });

  it('a late start keeps only the latest missed repeat of each level, at its own time, for the workflow to merge', () => {
    const now = new Date('2037-02-16T10:00:00+07:00');
    const actions = agenda([due], DEFAULT_POLICY, calendar, { now, until: '2037-02-20' });
    expect(summary(actions)).toEqual([
      'overdue_status 2037-01-01 00:00',
      'overdue 2037-01-01 08:00',
      'escalation[3] 2037-02-06 08:00',
      'escalation[2] 2037-02-13 08:00',
      'escalation[1] 2037-02-16 08:00',
      'escalation[1] 2037-02-19 08:00',
      'escalation[2] 2037-02-20 08:00',
      'escalation[3] 2037-02-20 08:00',
    ]);
  });

  it('acknowledging a level after a late start sends nothing more of that level (no repeat 0 again)', () => {
    const now = new Date('2037-02-16T10:05:00+07:00');
    const actions = agenda([{ ...due, acknowledgedLevels: [1] }], DEFAULT_POLICY, calendar, { now, until: '2037-03-31' });
    expect(actions.filter((a) => a.level === 1)).toEqual([]);
    expect(actions.some((a) => a.key.endsWith(':escalation:1:0'))).toBe(false);
  });

  it('after a catch-up the caught-up levels repeat from the catch-up date, under new keys', () => {
    const now = new Date('2037-02-16T10:05:00+07:00');
    const actions = agenda([{ ...due, caughtUp: { date: '2037-02-16', levels: [1, 2, 3] } }], DEFAULT_POLICY, calendar, { now, until: '2037-03-02' });
    expect(summary(actions.filter((a) => a.type === 'escalation'))).toEqual([
      'escalation[1] 2037-02-19 08:00',
      'escalation[2] 2037-02-23 08:00',
      'escalation[1] 2037-02-24 08:00',
      'escalation[1] 2037-02-27 08:00',
      'escalation[2] 2037-03-02 08:00',
      'escalation[3] 2037-03-02 08:00',
    ]);
    expect(actions.find((a) => a.level === 3)!.key).toBe('0:Sở Tư pháp@2036-12-31:escalation:3:from-2037-02-16:1');
  });

  it("still sends today's reminder when the agenda is rebuilt after its hour", () => {
    const actions = agenda([due], DEFAULT_POLICY, calendar, { now: new Date('2036-12-22T09:30:00+07:00'), until: '2037-01-01' });
    expect(summary(actions)[0]).toBe('reminder 2036-12-22 08:00');
  });

  it('an acknowledged level has nothing left to send; the other levels go on', () => {
    const actions = agenda([{ ...due, acknowledgedLevels: [1] }], DEFAULT_POLICY, calendar, { now: new Date('2037-01-05T09:00:00+07:00'), until: '2037-01-31' });
    expect(summary(actions.filter((a) => a.type === 'escalation'))).toEqual([
      'escalation[2] 2037-01-09 08:00',
      'escalation[2] 2037-01-16 08:00',
      'escalation[2] 2037-01-23 08:00',
      'escalation[3] 2037-01-23 08:00',
      'escalation[2] 2037-01-30 08:00',
    ]);
  });
});
