/** A past plan imported as history: the task keeps statuses, accepts completions and sends no message, ever. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTimeSkipping, type Harness } from '../support/time-skipping';
import { taskInput } from '../support/tasks';
import { completeUpdate, stateQuery, type Actor } from '../../workflows/task-api';
import { taskWorkflow } from '../../workflows/task';
import { listOutbox } from '../../activities/notifications';
import { recordHistory } from '../support/histories';

let h: Harness;
beforeAll(async () => {
  h = await startTimeSkipping();
  await h.env.sleep(Date.parse('2037-02-01T09:00:00+07:00') - (await h.env.currentTimeMs()));
});
afterAll(async () => {
  await h?.close();
});
const monitor: Actor = { name: 'Nguyễn Văn Giám Sát', role: 'monitor' };

describe('a plan imported as history', () => {
  it('late, future and recurring tasks: statuses only, no message; a completion is recorded', async () => {
    await h.withWorker(async () => {
      const late = await h.env.client.workflow.start(taskWorkflow, {
        args: [{ ...taskInput({ milestones: [{ label: 'hạn 31/12/2036', due: '2036-12-31' }] }), importedAs: 'history' }],
        taskQueue: h.taskQueue,
        workflowId: 'task:history:late',
      });
      const future = await h.env.client.workflow.start(taskWorkflow, {
        args: [{ ...taskInput({ milestones: [{ label: 'hạn 31/03/2037', due: '2037-03-31' }] }), importedAs: 'history' }],
        taskQueue: h.taskQueue,
        workflowId: 'task:history:future',
      });
      const quarterly = await h.env.client.workflow.start(taskWorkflow, {
        args: [{ ...taskInput({ kind: 'recurring', recurrence: [{ every: 'quarter' }], planYear: 2037 }), importedAs: 'history' }],
        taskQueue: h.taskQueue,
        workflowId: 'task:history:quarterly',
      });
      await h.until('2037-05-15 10:00');
      expect(await listOutbox(h.db, { limit: 100 })).toEqual([]);
      expect((await late.query(stateQuery)).status).toBe('overdue');
      expect((await future.query(stateQuery)).status).toBe('overdue');
      expect((await late.query(stateQuery)).timeline[0]!.text).toMatch(/^Nhập làm hồ sơ lịch sử \(chỉ ghi trạng thái, không gửi thông báo\)/);
      const q = await quarterly.query(stateQuery);
      expect(q.instances.map((i) => [i.label, i.status])).toEqual([
        [expect.stringContaining('I'), 'overdue'],
        [expect.stringContaining('II'), 'not_due'],
      ]);
      const done = await late.executeUpdate(completeUpdate, { args: [{ actor: monitor, evidence: 'Báo cáo số 5/BC-STP', completedAt: '2037-03-02T09:00:00+07:00' }] });
      expect(done.status).toBe('done_late');
      expect(await listOutbox(h.db, { limit: 100 })).toEqual([]);
      await recordHistory('task-imported-as-history', late);
    });
  });
});
