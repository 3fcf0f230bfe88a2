/**
 * Issue 10, escalation correctness for tasks on the time-skipping server: a late start sends one
 * current notice per recipient (never the missed history), an acknowledgement sends nothing, a level
 * to one person for a group task is one message, and every message states its facts as of the day
 * it is sent.
 */
import { describe, expect, it } from 'vitest';
import { harnessPerTest, type Harness } from '../support/time-skipping';
import { events, taskInput } from '../support/tasks';
import { acknowledgeUpdate, stateQuery, type Actor, type TaskWorkflowInput } from '../../workflows/task-api';
import { taskWorkflow } from '../../workflows/task';
import { listOutbox, readOutboxMessage, type OutboxEntry } from '../../activities/notifications';
import { recordHistory } from '../support/histories';
import { parseMail } from '../notifications.support';

const monitor: Actor = { name: 'Nguyễn Văn Giám Sát', role: 'monitor' };
const due31 = { label: 'hạn 31/12/2036', due: '2036-12-31' };

let h: Harness;
harnessPerTest((x) => (h = x), Date.parse('2036-12-01T00:00:00+07:00'));

let seq = 0;
async function start(input: TaskWorkflowInput) {
  return h.env.client.workflow.start(taskWorkflow, { args: [input], taskQueue: h.taskQueue, workflowId: `task:catch-up:${++seq}` });
}

const until = (vietnam: string) => h.until(vietnam);

/** Messages per address (a recipient), from the outbox. */
function perAddress(outbox: OutboxEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of outbox) for (const r of m.recipients) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

const escalationKeys = (outbox: OutboxEntry[]) => outbox.filter((m) => m.kind === 'escalation').map((m) => m.key.replace(/^task:catch-up:\d+:/, '')).sort();

describe('a task started after its deadline (old plan imported today, worker down)', () => {
  it('sends one current notice per recipient, not the overdue notice plus every missed level', async () => {
    await h.withWorker(async () => {
      await until('2037-03-16 10:00');
      const handle = await start(taskInput({ milestones: [due31] }));
      await until('2037-03-16 10:05');
      const outbox = await listOutbox(h.db, { limit: 1000 });
      const counts = perAddress(outbox);
      expect(Object.values(counts).every((n) => n === 1)).toBe(true);
      expect(outbox.map((m) => m.kind).sort()).toEqual(['escalation', 'escalation', 'escalation']);
      // Facts as of the day the messages go out: 31/12/2036 → 16/03/2037 is 75 days late, in every message.
      for (const m of outbox) {
        const mail = parseMail((await readOutboxMessage(h.db, m.key))!.eml!);
        expect(mail.text).toContain('tính đến 16/03/2037');
        expect(mail.text).toContain('Quá hạn 75 ngày');
      }
      const view = await handle.query(stateQuery);
      expect(view.escalationLevel).toBe(3);
      expect(events(view).map((e) => e.slice(-16))).toEqual(['2037-03-16 10:00', '2037-03-16 10:00', '2037-03-16 10:00']);
      // The ladder goes on from today (every 3, 5 and 10 working days), not on its old rhythm.
      await until('2037-03-31 12:00');
      expect(events(await handle.query(stateQuery)).slice(3)).toEqual([
        'escalation[1] 2037-03-19 08:00',
        'escalation[2] 2037-03-23 08:00',
        'escalation[1] 2037-03-24 08:00',
        'escalation[1] 2037-03-27 08:00',
        'escalation[2] 2037-03-30 08:00',
        'escalation[3] 2037-03-30 08:00',
      ]);
      await recordHistory('task-late-start', handle);
    });
  });

  it('acknowledging a level after a late start sends nothing (no repeat 0 of that level)', async () => {
    await h.withWorker(async () => {
      await until('2037-03-16 10:00');
      const handle = await start(taskInput({ milestones: [due31] }));
      await until('2037-03-16 11:00');
      const before = escalationKeys(await listOutbox(h.db, { limit: 1000 }));
      for (const level of [1, 2, 3]) {
        const actor: Actor = level === 1 ? { name: 'Giám đốc Sở Tư pháp', role: 'agency', agency: 'Sở Tư pháp' } : monitor;
        await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor, level, comment: 'Đã chỉ đạo' }] });
      }
      await until('2037-03-16 11:30');
      expect(escalationKeys(await listOutbox(h.db, { limit: 1000 }))).toEqual(before);
      await until('2037-05-31 12:00');
      expect(escalationKeys(await listOutbox(h.db, { limit: 1000 }))).toEqual(before);
    });
  });
});

describe('a group task (one task, many lead agencies)', () => {
  const members = Array.from({ length: 6 }, (_, i) => `Sở thành viên ${i + 1}`);

  it('levels to Văn phòng UBND and to the chair are one message per firing, listing every late member; level 1 stays per agency', async () => {
    await h.withWorker(async () => {
      const handle = await start(taskInput({ leads: members, milestones: [due31], policy: { reminderOffsets: [] } }));
      await until('2037-01-23 12:00');
      const outbox = await listOutbox(h.db, { limit: 1000 });
      const level = (n: number) => outbox.filter((m) => m.kind === 'escalation' && /:escalation:|together:escalation/.test(m.key) && levelOf(m) === n);
      const levelOf = (m: OutboxEntry) => Number(/escalation:(\d)/.exec(m.key)![1]);
      // Level 2 fired on 09/01, 16/01 and 23/01; level 3 on 23/01: one message each.
      expect(level(2)).toHaveLength(3);
      expect(level(3)).toHaveLength(1);
      expect(level(1)).toHaveLength(members.length * 5);
      const toChair = parseMail((await readOutboxMessage(h.db, level(3)[0]!.key))!.eml!);
      for (const m of members) expect(toChair.text).toContain(m);
      // A monitor's acknowledgement covers every member at that level.
      const acked = await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: monitor, level: 3, comment: 'Chủ tịch đã nắm' }] });
      expect(acked.obligations.map((o) => o.acknowledged.map((a) => a.level))).toEqual(members.map(() => [3]));
      await recordHistory('task-group-escalation', handle);
    });
  });
});
