/**
 * The catch-up: what a task owes its recipients now when notices were missed (a plan whose
 * deadlines are past, imported today; a worker that was down), and the preview an import shows.
 */
import { describe, expect, it } from 'vitest';
import { combine, mergeNotices, missedActions, previewFirstNotices, previewTaskNotices, recipientId, type NoticeCandidate } from '../../domain/catch-up';
import { agenda } from '../../domain/agenda';
import { DEFAULT_POLICY } from '../../domain/policy';
import { workingDaysFrom } from '../../domain/workdays';

const calendar = workingDaysFrom({ from: '2036-06-01', to: '2038-12-31', holidays: ['2037-01-01'], makeUp: [] });
const now = new Date('2037-02-16T10:00:00+07:00');
const base = { milestones: [{ label: 'hạn 31/12/2036', due: '2036-12-31' }], policy: DEFAULT_POLICY, jurisdiction: 'thua-thien-hue', calendar, now };

const perRecipient = (p: ReturnType<typeof previewFirstNotices>) => Object.fromEntries(p.perRecipient.map((r) => [recipientId(r.recipient), r.messages]));

describe('catching up on a late task', () => {
  it('one task imported long after its deadline: one current notice per recipient, not the missed history', () => {
    const preview = previewFirstNotices({ ...base, leads: ['Sở Tư pháp'] });
    expect(perRecipient(preview)).toEqual({
      'chair:thua-thien-hue': 1,
      'monitor:thua-thien-hue': 1,
      'head:Sở Tư pháp': 1,
      'officer:Sở Tư pháp': 1,
    });
    // Each recipient hears the most severe level that names them.
    expect(preview.notices.map((n) => `${n.kind}${n.level ? `[${n.level}]` : ''} → ${n.to.map(recipientId).join(', ')}`)).toEqual([
      'escalation[3] → chair:thua-thien-hue, monitor:thua-thien-hue',
      'escalation[2] → head:Sở Tư pháp',
      'escalation[1] → officer:Sở Tư pháp',
    ]);
  });

  it('a group task of 20 members: the chair and the monitoring office get one message listing every member', () => {
    const leads = Array.from({ length: 20 }, (_, i) => `Sở số ${i + 1}`);
    const preview = previewFirstNotices({ ...base, leads });
    const counts = perRecipient(preview);
    expect(counts['chair:thua-thien-hue']).toBe(1);
    expect(counts['monitor:thua-thien-hue']).toBe(1);
    for (const lead of leads) {
      expect(counts[`head:${lead}`]).toBe(1);
      expect(counts[`officer:${lead}`]).toBe(1);
    }
    const toChair = preview.notices.find((n) => n.to.some((r) => r.role === 'chair'))!;
    expect(toChair.items.map((i) => i.agency).sort()).toEqual([...leads].sort());
    expect(preview.messages).toBe(41);
  });

  it('a task not yet due sends nothing at import, one due today sends its reminder', () => {
    expect(previewFirstNotices({ ...base, leads: ['Sở Tư pháp'], milestones: [{ label: 'x', due: '2037-03-31' }] }).messages).toBe(0);
    const today = previewFirstNotices({ ...base, leads: ['Sở Tư pháp', 'Sở Y tế'], milestones: [{ label: 'x', due: '2037-02-16' }] });
    expect(today.notices.map((n) => `${n.kind} → ${n.to.map(recipientId).join(', ')}`)).toEqual(['due_today → officer:Sở Tư pháp', 'due_today → officer:Sở Y tế']);
  });

  it('missed notices are merged only when the first one is more than an hour late', () => {
    const actions = agenda([{ id: '0:A', due: '2036-12-31', acknowledgedLevels: [] }], DEFAULT_POLICY, calendar, { now, until: '2037-03-01' });
    const pending = actions.filter((a) => a.type !== 'overdue_status');
    expect(missedActions(pending, now)!.map((a) => `${a.type}${a.level ?? ''}`)).toEqual(['overdue', 'escalation3', 'escalation2', 'escalation1']);
    // the ladder on time (a timer firing at 08:00): performed as usual
    const onTime = agenda([{ id: '0:A', due: '2036-12-31', acknowledgedLevels: [] }], DEFAULT_POLICY, calendar, { now: new Date('2037-01-01T08:00:00+07:00'), until: '2037-03-01' });
    expect(missedActions(onTime.filter((a) => a.type === 'overdue'), new Date('2037-01-01T08:00:00+07:00'))).toBeNull();
  });

  it('a level to an agency stays per agency; a level naming the whole-task office is one message', () => {
    const c = (agency: string, level: number, to: NoticeCandidate['to']): NoticeCandidate => ({ key: `${agency}:${level}`, obligationId: agency, agency, due: '2036-12-31', kind: 'escalation', level, to });
    const notices = mergeNotices([
      c('A', 1, [{ role: 'head', agency: 'A' }]),
      c('B', 1, [{ role: 'head', agency: 'B' }]),
      c('A', 3, [{ role: 'chair', jurisdiction: 'j' }]),
      c('B', 3, [{ role: 'chair', jurisdiction: 'j' }]),
    ]);
    expect(notices.map((n) => [n.level, n.items.map((i) => i.agency).join('+'), n.keys.length])).toEqual([
      [3, 'A+B', 2],
      [1, 'A', 1],
      [1, 'B', 1],
    ]);
  });
});

describe('the import preview of a task of any kind', () => {
  it('a quarterly duty of a past year: one catch-up per quarter (each quarter is its own late item)', () => {
    const wide = workingDaysFrom({ from: '2035-06-01', to: '2038-12-31', holidays: ['2037-01-01'], makeUp: [] });
    const preview = previewTaskNotices({ ...base, calendar: wide, kind: 'recurring', leads: ['Sở Tư pháp'], milestones: [], recurrence: [{ every: 'quarter' }], planYear: 2036 });
    expect(perRecipient(preview)).toEqual({ 'chair:thua-thien-hue': 4, 'monitor:thua-thien-hue': 4, 'head:Sở Tư pháp': 4, 'officer:Sở Tư pháp': 4 });
  });

  it('a task without a deadline asks Văn phòng UBND once; an ongoing duty sends nothing at start', () => {
    expect(previewTaskNotices({ ...base, kind: 'unspecified', leads: ['Sở Tư pháp'], milestones: [], recurrence: [], planYear: 2037 }).perRecipient).toEqual([
      { recipient: { role: 'monitor', jurisdiction: 'thua-thien-hue' }, messages: 1 },
    ]);
    expect(previewTaskNotices({ ...base, kind: 'ongoing', leads: ['Sở Tư pháp'], milestones: [], recurrence: [], planYear: 2037 }).messages).toBe(0);
  });

  it('a whole plan adds up: combine sums messages per recipient', () => {
    const one = previewFirstNotices({ ...base, leads: ['Sở Tư pháp'] });
    const two = previewFirstNotices({ ...base, leads: ['Sở Y tế'] });
    const all = combine([one, two]);
    expect(all.messages).toBe(6);
    expect(perRecipient(all)['chair:thua-thien-hue']).toBe(2);
  });
});
