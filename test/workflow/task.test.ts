/**
 * The task workflow on Temporal's time-skipping test server: months pass in milliseconds, and every
 * reminder, overdue notice and escalation is checked at its exact Vietnam time.
 *
 * Each test moves the server clock to a fixed anchor (Monday 1 December 2036, 00:00 Vietnam time),
 * so the expected dates do not depend on the day the suite runs. The only holiday in the window is
 * Tết Dương lịch (Thursday 1 January 2037).
 */
import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { harnessPerTest, type Harness } from '../support/time-skipping';
import { DEFAULT_LADDER_DUE_2036_12_31, events, taskInput, vietnamTime } from '../support/tasks';
import {
  acknowledgeUpdate,
  completeUpdate,
  extendDeadlineUpdate,
  reportProgressUpdate,
  setDeadlineUpdate,
  stateQuery,
  triggerUpdate,
  cancelUpdate,
  type Actor,
  type TaskWorkflowInput,
} from '../../workflows/task-api';
import { taskWorkflow } from '../../workflows/task';
import { listOutbox } from '../../activities/notifications';
import { recordHistory } from '../support/histories';

const ANCHOR = Date.parse('2036-12-01T00:00:00+07:00');
const monitor: Actor = { name: 'Nguyễn Văn Giám Sát', role: 'monitor' };
const agency = (name: string): Actor => ({ name: `Cán bộ ${name}`, role: 'agency', agency: name });

let h: Harness;
harnessPerTest((x) => (h = x), ANCHOR);

let seq = 0;
async function start(input: TaskWorkflowInput) {
  return h.env.client.workflow.start(taskWorkflow, { args: [input], taskQueue: h.taskQueue, workflowId: `task:test:${++seq}` });
}

const until = (vietnam: string) => h.until(vietnam);

const due31 = { label: 'hạn 31/12/2036', due: '2036-12-31' };

describe('a dated task', () => {
  it('reminds, turns overdue and climbs the whole ladder at the exact times, 90 days in well under a second of waiting', async () => {
    await h.withWorker(async () => {
      const handle = await start(taskInput({ milestones: [due31] }));
      const begun = Date.now();
      await until('2037-03-01 12:00');
      const view = await handle.query(stateQuery);
      expect(events(view).filter((e) => e.slice(-16) < '2037-02-01')).toEqual(DEFAULT_LADDER_DUE_2036_12_31);
      expect(view.status).toBe('overdue');
      expect(view.escalationLevel).toBe(3);
      // Each notification reached the outbox exactly once, addressed by role.
      const outbox = await listOutbox(h.db, { limit: 1000 });
      expect(outbox).toHaveLength(events(view).length);
      expect(new Set(outbox.map((m) => m.key)).size).toBe(outbox.length);
      expect(outbox.filter((m) => m.kind === 'escalation')).toHaveLength(events(view).filter((e) => e.startsWith('escalation')).length);
      // The 90 days between the anchor and March took no real waiting.
      expect(Date.now() - begun).toBeLessThan(60_000);
      await recordHistory('task-ladder', handle);
    });
  });

  it('says "sắp đến hạn" from the first reminder and "quá hạn" from the day after due', async () => {
    await h.withWorker(async () => {
      const handle = await start(taskInput({ milestones: [due31] }));
      await until('2036-12-22 07:00');
      expect((await handle.query(stateQuery)).status).toBe('not_due');
      await until('2036-12-22 09:00');
      expect((await handle.query(stateQuery)).status).toBe('due_soon');
      await until('2036-12-31 23:00');
      expect((await handle.query(stateQuery)).status).toBe('due_soon');
      await until('2037-01-01 00:30');
      expect((await handle.query(stateQuery)).status).toBe('overdue');
    });
  });

  it('completed after level 2 is done late, and nothing more is sent', async () => {
    await h.withWorker(async () => {
      const handle = await start(taskInput({ milestones: [due31] }));
      await until('2037-01-12 10:00');
      const done = await handle.executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Tư pháp'), evidence: 'Quyết định số 12/QĐ-STP ngày 12/01/2037' }] });
      expect(done.status).toBe('done_late');
      expect(done.obligations[0]!.completed).toMatchObject({ onTime: false, evidence: 'Quyết định số 12/QĐ-STP ngày 12/01/2037' });
      const result = await handle.result();
      expect(result.status).toBe('done_late');
      expect(events(result).at(-1)).toBe('escalation[2] 2037-01-09 08:00');
      await recordHistory('task-done-late', handle);
    });
  });

  it('completed before the due date is done on time and stops the reminders', async () => {
    await h.withWorker(async () => {
      const handle = await start(taskInput({ milestones: [due31] }));
      await until('2036-12-23 15:00');
      await handle.executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Tư pháp'), evidence: 'https://stp.example/kh-2037' }] });
      const result = await handle.result();
      expect(result.status).toBe('done_on_time');
      expect(events(result)).toEqual(['reminder 2036-12-22 08:00']);
    });
  });

  it('an acknowledgement stops the repeats of its level, not the ladder', async () => {
    await h.withWorker(async () => {
      const handle = await start(taskInput({ milestones: [due31] }));
      await until('2037-01-05 09:00');
      const acked = await handle.executeUpdate(acknowledgeUpdate, {
        args: [{ actor: { name: 'Giám đốc Sở Tư pháp', role: 'agency', agency: 'Sở Tư pháp' }, level: 1, comment: 'Đã chỉ đạo hoàn thành trong tuần' }],
      });
      expect(acked.obligations[0]!.acknowledged).toMatchObject([{ level: 1, by: 'Giám đốc Sở Tư pháp', comment: 'Đã chỉ đạo hoàn thành trong tuần' }]);
      await until('2037-01-24 12:00');
      expect(events(await handle.query(stateQuery)).filter((e) => e.startsWith('escalation'))).toEqual([
        'escalation[1] 2037-01-05 08:00',
        'escalation[2] 2037-01-09 08:00',
        'escalation[2] 2037-01-16 08:00',
        'escalation[2] 2037-01-23 08:00',
        'escalation[3] 2037-01-23 08:00',
      ]);
      await recordHistory('task-acknowledged', handle);
    });
  });

  it('an extension during escalation reschedules every timer and resets the ladder', async () => {
    await h.withWorker(async () => {
      const handle = await start(taskInput({ milestones: [due31] }));
      await until('2037-01-06 10:00');
      expect((await handle.query(stateQuery)).escalationLevel).toBe(1);
      const extended = await handle.executeUpdate(extendDeadlineUpdate, {
        args: [{ actor: monitor, newDue: '2037-01-29', reason: 'Chờ ý kiến Bộ Tư pháp', approvedBy: 'Phó Chủ tịch UBND tỉnh' }],
      });
      expect(extended).toMatchObject({ status: 'not_due', extended: true, escalationLevel: 0, due: '2037-01-29' });
      await until('2037-02-03 12:00');
      expect(events(await handle.query(stateQuery)).slice(5)).toEqual([
        'reminder 2037-01-20 08:00',
        'reminder 2037-01-28 08:00',
        'reminder 2037-01-29 08:00',
        'overdue 2037-01-30 08:00',
        'escalation[1] 2037-02-02 08:00',
      ]);
      await recordHistory('task-extended', handle);
    });
  });

  it('rejects bad messages at once with a clear reason', async () => {
    await h.withWorker(async () => {
      const handle = await start(taskInput({ milestones: [due31] }));
      const reason = async (p: Promise<unknown>) => {
        const err = await p.then(() => undefined, (e: unknown) => e);
        expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
        return (err as WorkflowUpdateFailedError).cause?.message ?? '';
      };
      expect(await reason(handle.executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Tài chính'), evidence: 'x' }] }))).toContain('không chủ trì');
      expect(await reason(handle.executeUpdate(extendDeadlineUpdate, { args: [{ actor: agency('Sở Tư pháp'), newDue: '2037-02-01', reason: 'r', approvedBy: 'a' }] }))).toContain('không được gia hạn');
      expect(await reason(handle.executeUpdate(extendDeadlineUpdate, { args: [{ actor: monitor, newDue: '2036-12-30', reason: 'r', approvedBy: 'a' }] }))).toContain('phải sau hạn hiện tại');
      expect(await reason(handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: monitor, level: 2, comment: 'ok' }] }))).toContain('Chưa có báo cáo cấp 2');
      expect(await reason(handle.executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Tư pháp'), evidence: '' }] }))).toContain('minh chứng');
      expect(await reason(handle.executeUpdate(setDeadlineUpdate, { args: [{ actor: monitor, due: '2037-03-01' }] }))).toContain('đã có thời hạn');
      // Rejected updates leave no trace in the task's history of events.
      expect((await handle.query(stateQuery)).timeline.map((t) => t.type)).toEqual(['created']);
      await recordHistory('task-rejected', handle);
    });
  });
});

describe('milestones and group leads', () => {
  it('each milestone has its own reminders and completes on its own; done when the last one is', async () => {
    await h.withWorker(async () => {
      const handle = await start(
        taskInput({ kind: 'milestones', milestones: [{ label: 'Quý I/2037', due: '2037-03-31' }, { label: 'Quý II/2037', due: '2037-06-30' }], policy: { reminderOffsets: [1] } }),
      );
      await until('2037-03-31 10:00');
      let view = await handle.executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Tư pháp'), milestone: 0, evidence: 'Báo cáo quý I' }] });
      expect(view.obligations.map((o) => o.status)).toEqual(['done_on_time', 'not_due']);
      expect(view.due).toBe('2037-06-30');
      await until('2037-06-30 09:00');
      view = await handle.executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Tư pháp'), evidence: 'Báo cáo quý II' }] });
      expect((await handle.result()).status).toBe('done_on_time');
      expect(events(view)).toEqual(['reminder 2037-03-30 08:00', 'reminder 2037-06-29 08:00']);
      await recordHistory('task-milestones', handle);
    });
  });

  it('a group task: every member is reminded and completes for itself; one late member makes it late', async () => {
    await h.withWorker(async () => {
      const members = ['Sở Nội vụ', 'Sở Tư pháp', 'Sở Y tế'];
      const handle = await start(taskInput({ leads: members, milestones: [due31], policy: { reminderOffsets: [1] } }));
      await until('2036-12-30 10:00');
      await handle.executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Nội vụ'), evidence: 'KH 1' }] });
      await handle.executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Tư pháp'), evidence: 'KH 2' }] });
      await until('2037-01-05 10:00');
      let view = await handle.query(stateQuery);
      expect(view.status).toBe('overdue');
      expect(view.obligations.map((o) => [o.agency, o.status])).toEqual([
        ['Sở Nội vụ', 'done_on_time'],
        ['Sở Tư pháp', 'done_on_time'],
        ['Sở Y tế', 'overdue'],
      ]);
      expect(events(view)).toEqual([
        'reminder Sở Nội vụ 2036-12-30 08:00',
        'reminder Sở Tư pháp 2036-12-30 08:00',
        'reminder Sở Y tế 2036-12-30 08:00',
        'overdue Sở Y tế 2037-01-01 08:00',
        'escalation[1] Sở Y tế 2037-01-05 08:00',
      ]);
      await handle.executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Y tế'), evidence: 'KH 3' }] });
      view = await handle.result();
      expect(view.status).toBe('done_late');
      expect(view.obligations.map((o) => o.status)).toEqual(['done_on_time', 'done_on_time', 'done_late']);
      await recordHistory('task-group', handle);
    });
  });
});

describe('tasks without a plain deadline', () => {
  it('a recurring quarterly duty runs a full year: one instance per quarter with its own due date', async () => {
    await h.withWorker(async () => {
      const handle = await start(taskInput({ kind: 'recurring', recurrence: [{ every: 'quarter' }], planYear: 2037, policy: { reminderOffsets: [1] } }));
      const client = h.env.client;
      const quarters = ['quy-i-2037', 'quy-ii-2037', 'quy-iii-2037', 'quy-iv-2037'];
      const dues = ['2037-03-31', '2037-06-30', '2037-09-30', '2037-12-31'];
      for (const [i, q] of quarters.entries()) {
        await until(`${dues[i]} 10:00`);
        const instance = client.workflow.getHandle(`${handle.workflowId}/${q}`);
        const view = await instance.query(stateQuery);
        expect(view.due).toBe(dues[i]);
        expect(view.status).toBe('due_soon');
        if (i !== 2) await instance.executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Tư pháp'), evidence: `Báo cáo ${q}` }] });
      }
      await until('2038-01-01 10:00');
      const q3 = await client.workflow.getHandle(`${handle.workflowId}/quy-iii-2037`).query(stateQuery);
      expect(q3.status).toBe('overdue');
      const parent = await handle.query(stateQuery);
      expect(parent.instances.map((i) => [i.label, i.status])).toEqual([
        ['Quý I/2037', 'done_on_time'],
        ['Quý II/2037', 'done_on_time'],
        ['Quý III/2037', 'overdue'],
        ['Quý IV/2037', 'done_on_time'],
      ]);
      expect(parent.status).toBe('overdue');
      await client.workflow.getHandle(`${handle.workflowId}/quy-iii-2037`).executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Tư pháp'), evidence: 'muộn' }] });
      expect((await handle.result()).status).toBe('done_late');
      await recordHistory('task-recurring', handle);
      await recordHistory('task-recurring-instance', client.workflow.getHandle(`${handle.workflowId}/quy-iii-2037`));
    });
  });

  it('cancelling a recurring duty stops its future periods and its open instance', async () => {
    await h.withWorker(async () => {
      const handle = await start(taskInput({ kind: 'recurring', recurrence: [{ every: 'quarter' }], planYear: 2037 }));
      await until('2037-02-01 10:00');
      await handle.executeUpdate(cancelUpdate, { args: [{ actor: monitor, reason: 'Nhiệm vụ được thay thế bằng kế hoạch mới' }] });
      const result = await handle.result();
      expect(result.status).toBe('cancelled');
      expect(result.instances.map((i) => i.label)).toEqual(['Quý I/2037']);
      expect((await h.env.client.workflow.getHandle(`${handle.workflowId}/quy-i-2037`).result()).status).toBe('cancelled');
    });
  });

  it('an unspecified deadline asks the monitoring office weekly until one is set', async () => {
    await h.withWorker(async () => {
      const handle = await start(taskInput({ kind: 'unspecified' }));
      await until('2036-12-16 12:00');
      let view = await handle.query(stateQuery);
      expect(view.status).toBe('needs_deadline');
      expect(events(view, ['needs_deadline'])).toEqual(['needs_deadline 2036-12-01 08:00', 'needs_deadline 2036-12-08 08:00', 'needs_deadline 2036-12-15 08:00']);
      view = await handle.executeUpdate(setDeadlineUpdate, { args: [{ actor: monitor, due: '2036-12-31' }] });
      expect(view).toMatchObject({ kind: 'once', due: '2036-12-31', status: 'not_due' });
      await until('2036-12-30 12:00');
      expect(events(await handle.query(stateQuery))).toEqual(['reminder 2036-12-22 08:00', 'reminder 2036-12-30 08:00']);
      await recordHistory('task-unspecified', handle);
    });
  });

  it('an ongoing duty asks for a progress report each quarter and reminds when none comes', async () => {
    await h.withWorker(async () => {
      const handle = await start(taskInput({ kind: 'ongoing' }));
      await until('2037-01-10 12:00');
      await handle.executeUpdate(reportProgressUpdate, { args: [{ actor: agency('Sở Tư pháp'), percent: 40, note: 'Đã rà soát 40% văn bản' }] });
      await until('2037-04-20 12:00');
      const view = await handle.query(stateQuery);
      expect(view.status).toBe('not_due');
      expect(events(view, ['checkin'])).toEqual([
        'checkin 2036-12-31 08:00',
        // the report of 10/01 answered the December check-in: no reminder on 15/01
        'checkin 2037-03-31 08:00',
        'checkin 2037-04-14 08:00',
      ]);
      await recordHistory('task-ongoing', handle);
    });
  });

  it('an event-triggered task starts one instance per event, each with its own deadline', async () => {
    await h.withWorker(async () => {
      const handle = await start(taskInput({ kind: 'event', title: 'Gửi thư xin lỗi khi có hồ sơ trễ hẹn' }));
      await until('2036-12-02 10:00');
      const first = await handle.executeUpdate(triggerUpdate, { args: [{ actor: monitor, title: 'Hồ sơ H57-001 trễ hẹn', eventId: 'H57-001' }] });
      expect(first).toMatchObject({ label: 'Hồ sơ H57-001 trễ hẹn', due: '2036-12-16', status: 'not_due' });
      const again = await handle.executeUpdate(triggerUpdate, { args: [{ actor: monitor, title: 'Hồ sơ H57-001 trễ hẹn', eventId: 'H57-001' }] });
      expect(again.workflowId).toBe(first.workflowId);
      await h.env.client.workflow.getHandle(first.workflowId).executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Tư pháp'), evidence: 'Thư xin lỗi số 01/PXL' }] });
      await until('2036-12-03 10:00');
      const view = await handle.query(stateQuery);
      expect(view.instances).toEqual([{ workflowId: first.workflowId, label: 'Hồ sơ H57-001 trễ hẹn', due: '2036-12-16', status: 'done_on_time' }]);
      expect(view.status).toBe('not_due');
      expect(vietnamTime(view.timeline.at(-1)!.at)).toBe('2036-12-02 10:00');
      await recordHistory('task-event', handle);
    });
  });

  it('a duty that lives for years continues as new with its history small and its state whole', async () => {
    await h.withWorker(async () => {
      const input = { ...taskInput({ kind: 'ongoing' }), historyLimit: 40 };
      const handle = await start(input);
      const firstRun = (await handle.describe()).runId;
      await until('2038-01-10 12:00');
      const view = await handle.query(stateQuery);
      // Five quarterly check-ins and their reminders (no report came), over several runs.
      // Each quarter: the check-in, and 10 working days later the reminder (no report came).
      expect(events(view, ['checkin'])).toEqual([
        'checkin 2036-12-31 08:00',
        'checkin 2037-01-15 08:00',
        'checkin 2037-03-31 08:00',
        'checkin 2037-04-14 08:00',
        'checkin 2037-06-30 08:00',
        'checkin 2037-07-14 08:00',
        'checkin 2037-09-30 08:00',
        'checkin 2037-10-14 08:00',
        'checkin 2037-12-31 08:00',
      ]);
      expect(view.timeline[0]!.type).toBe('created');
      const described = await handle.describe();
      expect(described.runId).not.toBe(firstRun);
      expect(described.historyLength).toBeLessThan(80);
      const outbox = await listOutbox(h.db, { limit: 1000 });
      expect(new Set(outbox.map((m) => m.key)).size).toBe(outbox.length);
      expect(outbox).toHaveLength(events(view, ['checkin']).length);
    });
  });
});
