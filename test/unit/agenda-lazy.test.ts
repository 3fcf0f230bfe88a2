/**
 * The lazy, integer-day agenda (domain/agenda.ts, issue 17) gives exactly the actions the agenda
 * gave before it (keys, instants, dates, fields in the same order, the same order of actions), for
 * generated policies, calendars, obligations, instants and horizons: running workflows replay against
 * them. The oracle below is the agenda and the snapshot's working days as they were (ISO-string
 * arithmetic, every action up to the horizon, one sort), kept only here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayOfWeek, endOfVietnamDay, isoDateOfEpochDay, epochDay, vietnamDateOf, vietnamInstant, type IsoDate } from '../../domain/dates';
import { agenda, lazyAgenda, obligationAgenda, type AgendaAction, type AgendaOptions, type Obligation, type WorkingDays } from '../../domain/agenda';
import { officeTime, type TaskPolicy } from '../../domain/policy';
import { SnapshotOutOfRange, workingDaysFrom, type WorkingDaysSnapshot } from '../../domain/workdays';
import { loadCalendar } from '../../domain/calendar/load';

// ---------------------------------------------------------------- the oracle: the agenda as it was

function oracleWorkingDays(snapshot: WorkingDaysSnapshot): WorkingDays & { isWorkingDay(date: IsoDate): boolean } {
  const holidays = new Set(snapshot.holidays);
  const makeUp = new Set(snapshot.makeUp);
  const isWorkingDay = (date: IsoDate) => {
    if (!(date >= snapshot.from && date <= snapshot.to)) throw new SnapshotOutOfRange(`${date} is outside the calendar snapshot ${snapshot.from}..${snapshot.to}`);
    if (makeUp.has(date)) return true;
    const weekday = dayOfWeek(date);
    return weekday !== 0 && weekday !== 6 && !holidays.has(date);
  };
  return {
    isWorkingDay,
    addWorkingDays(date, n) {
      const step = n < 0 ? -1 : 1;
      let day = date;
      for (let left = Math.abs(n); left > 0; ) {
        day = addDays(day, step);
        if (isWorkingDay(day)) left--;
      }
      return day;
    },
  };
}

function oracleObligationAgenda(obligation: Obligation, policy: TaskPolicy, calendar: WorkingDays, options: AgendaOptions): AgendaAction[] {
  const { hour, minute } = officeTime(policy);
  const at = (date: IsoDate) => vietnamInstant(date, hour, minute);
  const { id, due } = obligation;
  const base = { obligationId: id, due };
  const actions: AgendaAction[] = [];
  for (const offset of [...new Set(policy.reminderOffsets)].sort((a, b) => b - a)) {
    const date = offset === 0 ? due : calendar.addWorkingDays(due, -offset);
    if (date < vietnamDateOf(options.now)) continue;
    actions.push({ ...base, key: `${id}@${due}:reminder:${offset}`, type: 'reminder', at: at(date).toISOString(), date, offset });
  }
  actions.push({ ...base, key: `${id}@${due}:overdue-status`, type: 'overdue_status', at: endOfVietnamDay(due).toISOString(), date: addDays(due, 1) });
  const overdueDate = addDays(due, 1);
  actions.push({ ...base, key: `${id}@${due}:overdue`, type: 'overdue', at: at(overdueDate).toISOString(), date: overdueDate });
  for (const step of policy.escalation) {
    if (options.missed !== 'legacy') {
      actions.push(...oracleLadder(obligation, step, calendar, options, at));
      continue;
    }
    let date = calendar.addWorkingDays(due, step.afterWorkingDays + 1);
    const repeats: AgendaAction[] = [];
    for (let repeat = 0; date <= options.until; repeat++) {
      repeats.push({ ...base, key: `${id}@${due}:escalation:${step.level}:${repeat}`, type: 'escalation', at: at(date).toISOString(), date, level: step.level, repeat });
      if (!step.requireAck || obligation.acknowledgedLevels.includes(step.level)) break;
      date = calendar.addWorkingDays(date, step.repeatEveryWorkingDays);
    }
    const past = repeats.filter((a) => new Date(a.at) < options.now);
    const missed = past.at(-1);
    if (missed) actions.push({ ...missed, at: options.now.toISOString(), catchUp: true });
    actions.push(...repeats.slice(past.length));
  }
  return actions.sort(byTimeThenStep);
}

function oracleLadder(obligation: Obligation, step: TaskPolicy['escalation'][number], calendar: WorkingDays, options: AgendaOptions, at: (date: IsoDate) => Date): AgendaAction[] {
  const { id, due } = obligation;
  if (obligation.acknowledgedLevels.includes(step.level)) return [];
  const action = (date: IsoDate, key: string, repeat: number): AgendaAction => ({ obligationId: id, due, key, type: 'escalation', at: at(date).toISOString(), date, level: step.level, repeat });
  const repeats: AgendaAction[] = [];
  const caughtUp = obligation.caughtUp?.levels.includes(step.level) ? obligation.caughtUp.date : undefined;
  if (caughtUp !== undefined) {
    if (!step.requireAck) return [];
    let date = calendar.addWorkingDays(caughtUp, step.repeatEveryWorkingDays);
    for (let k = 1; date <= options.until; k++) {
      repeats.push(action(date, `${id}@${due}:escalation:${step.level}:from-${caughtUp}:${k}`, k));
      date = calendar.addWorkingDays(date, step.repeatEveryWorkingDays);
    }
  } else {
    let date = calendar.addWorkingDays(due, step.afterWorkingDays + 1);
    for (let repeat = 0; date <= options.until; repeat++) {
      repeats.push(action(date, `${id}@${due}:escalation:${step.level}:${repeat}`, repeat));
      if (!step.requireAck) break;
      date = calendar.addWorkingDays(date, step.repeatEveryWorkingDays);
    }
  }
  const past = repeats.filter((a) => new Date(a.at) < options.now);
  return [...past.slice(-1), ...repeats.slice(past.length)];
}

const RANK: Record<AgendaAction['type'], number> = { reminder: 0, overdue_status: 1, overdue: 2, escalation: 3 };
function byTimeThenStep(a: AgendaAction, b: AgendaAction): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return RANK[a.type] - RANK[b.type] || (a.level ?? 0) - (b.level ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function oracle(obligations: Obligation[], policy: TaskPolicy, calendar: WorkingDays, options: AgendaOptions): AgendaAction[] {
  return obligations.flatMap((o) => oracleObligationAgenda(o, policy, calendar, options)).sort(byTimeThenStep);
}

// ---------------------------------------------------------------- generated inputs

/** Days of 2021–2040 (the years deadlines may fall in), as epochDay. */
const FIRST = epochDay('2021-03-01');
const LAST = epochDay('2040-10-01');
const day = fc.integer({ min: FIRST, max: LAST });

const step = fc.record({
  afterWorkingDays: fc.integer({ min: 0, max: 30 }),
  to: fc.constantFrom('head' as const, 'monitor' as const, 'chair' as const),
  requireAck: fc.boolean(),
  repeatEveryWorkingDays: fc.integer({ min: 1, max: 15 }),
});

const policy: fc.Arbitrary<TaskPolicy> = fc
  .record({
    reminderOffsets: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 5 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.constantFrom(0, 1, 30, 59),
    steps: fc.array(step, { maxLength: 4 }),
  })
  .map(({ reminderOffsets, hour, minute, steps }) => {
    let after = -1;
    const escalation = steps.map((s, i) => {
      after = Math.max(after + 1, s.afterWorkingDays);
      return { ...s, level: i + 1, afterWorkingDays: after };
    });
    return {
      reminderOffsets,
      officeHour: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
      escalation,
      checkinEvery: 'quarter',
      checkinGraceWorkingDays: 10,
      needsDeadlineEveryDays: 7,
      eventDefaultWorkingDays: 10,
    } as TaskPolicy;
  });

/** A scene: obligations around one due day, an instant, a horizon, a snapshot around them (weekends, some holidays and make-up days). */
const scene = fc
  .record({
    base: day,
    obligations: fc.array(
      fc.record({
        id: fc.constantFrom('0:Sở Tư pháp', '0:Sở Y tế', '1:Sở Tư pháp', 'file'),
        dueShift: fc.integer({ min: -60, max: 60 }),
        acknowledgedLevels: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
        caughtUp: fc.option(fc.record({ shift: fc.integer({ min: -20, max: 40 }), levels: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }) }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    nowShift: fc.integer({ min: -90, max: 150 }),
    /** Now: some minute of the day, or exactly a policy's office time (ties with the repeats). */
    nowMinute: fc.oneof(fc.integer({ min: 0, max: 24 * 60 - 1 }), fc.constant(-1)),
    nowMs: fc.integer({ min: 0, max: 59_999 }),
    horizon: fc.integer({ min: -30, max: 200 }),
    holidays: fc.uniqueArray(fc.integer({ min: -150, max: 400 }), { maxLength: 40 }),
    makeUp: fc.uniqueArray(fc.integer({ min: -150, max: 400 }), { maxLength: 6 }),
    missed: fc.constantFrom('legacy' as const, 'workflow' as const, undefined),
    /** Sometimes a snapshot too short for the dates the agenda needs (it must throw as before). */
    narrow: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.record({ before: fc.integer({ min: 0, max: 60 }), after: fc.integer({ min: 0, max: 60 }) }) }),
  })
  .chain((s) => policy.map((p) => ({ ...s, policy: p })))
  .map((s) => {
    const iso = (shift: number) => isoDateOfEpochDay(s.base + shift);
    const obligations: Obligation[] = s.obligations.map((o) => ({
      id: o.id,
      due: iso(o.dueShift),
      acknowledgedLevels: o.acknowledgedLevels,
      ...(o.caughtUp ? { caughtUp: { date: iso(o.dueShift + o.caughtUp.shift), levels: o.caughtUp.levels } } : {}),
    }));
    const { hour, minute } = officeTime(s.policy);
    const nowDate = iso(s.nowShift);
    const now = s.nowMinute < 0 ? vietnamInstant(nowDate, hour, minute) : new Date(vietnamInstant(nowDate).getTime() + s.nowMinute * 60_000 + s.nowMs);
    const options: AgendaOptions = { now, until: iso(s.nowShift + s.horizon), ...(s.missed ? { missed: s.missed } : {}) };
    const snapshot: WorkingDaysSnapshot = {
      from: s.narrow ? iso(-60 - s.narrow.before) : iso(-250),
      to: s.narrow ? iso(Math.max(s.nowShift + s.horizon, 60) + s.narrow.after) : iso(650),
      holidays: s.holidays.map(iso).filter((d) => dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6),
      makeUp: s.makeUp.map(iso).filter((d) => dayOfWeek(d) === 0 || dayOfWeek(d) === 6),
    };
    return { obligations, policy: s.policy, options, snapshot };
  });

type Outcome = { actions: string } | { thrown: string };
function outcome(run: () => AgendaAction[]): Outcome {
  try {
    return { actions: JSON.stringify(run()) };
  } catch (err) {
    return { thrown: err instanceof SnapshotOutOfRange ? 'SnapshotOutOfRange' : String(err) };
  }
}

/** The snapshot's working days without their integer form: the agenda takes the ISO path. */
const isoOnly = (calendar: WorkingDays): WorkingDays => ({ addWorkingDays: (date, n) => calendar.addWorkingDays(date, n) });

describe('the lazy agenda', () => {
  it('gives exactly the actions of the agenda as it was, in the same order', () => {
    fc.assert(
      fc.property(scene, ({ obligations, policy, options, snapshot }) => {
        const expected = outcome(() => oracle(obligations, policy, oracleWorkingDays(snapshot), options));
        expect(outcome(() => agenda(obligations, policy, workingDaysFrom(snapshot), options))).toEqual(expected);
        expect(outcome(() => agenda(obligations, policy, isoOnly(workingDaysFrom(snapshot)), options))).toEqual(expected);
        if (obligations.length === 1) expect(outcome(() => obligationAgenda(obligations[0]!, policy, workingDaysFrom(snapshot), options))).toEqual(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('read one action at a time, gives the same prefix without computing the rest', () => {
    fc.assert(
      fc.property(scene, fc.integer({ min: 0, max: 12 }), ({ obligations, policy, options, snapshot }, read) => {
        let expected: AgendaAction[];
        try {
          expected = oracle(obligations, policy, oracleWorkingDays(snapshot), options);
        } catch {
          return; // covered above: the same error once everything is read
        }
        const lazy = lazyAgenda(obligations, policy, workingDaysFrom(snapshot), options);
        const prefix = Array.from({ length: read + 1 }, (_, i) => lazy.at(i));
        expect(JSON.stringify(prefix.filter(Boolean))).toBe(JSON.stringify(expected.slice(0, read + 1)));
        expect(lazy.find((a) => a.type === 'escalation')).toEqual(expected.find((a) => a.type === 'escalation'));
        expect([...lazy]).toEqual(expected);
        expect(lazy.all()).toEqual(expected);
      }),
      { numRuns: 1_000 },
    );
  });

  it('gives the same actions as before with the full working-day calendar (the legacy file agenda activity)', () => {
    const calendar = loadCalendar('');
    fc.assert(
      fc.property(scene, ({ obligations, policy, options }) => {
        expect(outcome(() => agenda(obligations, policy, calendar, options))).toEqual(outcome(() => oracle(obligations, policy, calendar, options)));
      }),
      { numRuns: 500 },
    );
  });

  it("a snapshot's working days, counted as integers, answer as they did on ISO strings", () => {
    fc.assert(
      fc.property(scene, day, fc.integer({ min: -40, max: 40 }), ({ snapshot }, d, n) => {
        const date = isoDateOfEpochDay(d);
        const answer = (f: () => unknown) => {
          try {
            return f();
          } catch (err) {
            return err instanceof SnapshotOutOfRange ? `throws: ${err.message}` : err;
          }
        };
        const now = workingDaysFrom(snapshot);
        expect(answer(() => now.addWorkingDays(date, n))).toEqual(answer(() => oracleWorkingDays(snapshot).addWorkingDays(date, n)));
        expect(answer(() => now.isWorkingDay(date))).toEqual(answer(() => oracleWorkingDays(snapshot).isWorkingDay(date)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('reading the next action, or the actions due by a time, computes the ladders no further', () => {
    const snapshot = workingDaysFrom({ from: '2036-06-01', to: '2037-12-31', holidays: ['2037-01-01'], makeUp: [] });
    let calls = 0;
    const counted: WorkingDays = {
      addWorkingDays: snapshot.addWorkingDays,
      addWorkingDayNumbers: (d, n) => (calls++, snapshot.addWorkingDayNumbers!(d, n)),
    };
    const due = { id: '0:Sở Tư pháp', due: '2036-12-31', acknowledgedLevels: [] };
    const options = { now: new Date('2036-12-01T00:00:00+07:00'), until: '2037-04-30' };
    const lazy = lazyAgenda([due], DEFAULT_LIKE, counted, options);
    expect(lazy.at(0)).toMatchObject({ type: 'reminder', date: '2036-12-22' });
    // The two reminders before the due day and the first notice of each level.
    expect(calls).toBe(4);
    // The actions due by a time (what a notice can take with it): the ladders go no further.
    const limit = new Date('2037-01-09T08:00:00+07:00');
    const through = lazy.through(limit);
    const readThrough = calls;
    const all = lazy.all();
    expect(all.filter((a) => a.type === 'escalation').length).toBeGreaterThan(40);
    expect(calls).toBe(4 + all.filter((a) => a.type === 'escalation').length);
    expect(through).toEqual(all.filter((a) => new Date(a.at) <= limit));
    expect(through.map((a) => a.type)).toEqual(expect.arrayContaining(['reminder', 'overdue', 'escalation']));
    // One notice past the limit at most for each level, where all() computes more than 40.
    expect(readThrough).toBeLessThanOrEqual(4 + through.filter((a) => a.type === 'escalation').length + DEFAULT_LIKE.escalation.length);
  });

  it('a snapshot that does not reach a date the agenda needs still throws SnapshotOutOfRange', () => {
    const snapshot = { from: '2036-12-01', to: '2037-01-10', holidays: [], makeUp: [] };
    const due = { id: 'x', due: '2036-12-31', acknowledgedLevels: [] };
    const options = { now: new Date('2036-12-01T00:00:00+07:00'), until: '2037-03-01' };
    expect(() => oracle([due], DEFAULT_LIKE, oracleWorkingDays(snapshot), options)).toThrow(SnapshotOutOfRange);
    expect(() => agenda([due], DEFAULT_LIKE, workingDaysFrom(snapshot), options)).toThrow(SnapshotOutOfRange);
  });
});

const DEFAULT_LIKE: TaskPolicy = {
  reminderOffsets: [7, 1, 0],
  officeHour: '08:00',
  escalation: [
    { level: 1, afterWorkingDays: 1, to: 'head', requireAck: true, repeatEveryWorkingDays: 3 },
    { level: 2, afterWorkingDays: 5, to: 'monitor', requireAck: true, repeatEveryWorkingDays: 5 },
  ],
  checkinEvery: 'quarter',
  checkinGraceWorkingDays: 10,
  needsDeadlineEveryDays: 7,
  eventDefaultWorkingDays: 10,
} as TaskPolicy;
