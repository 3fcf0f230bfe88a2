/**
 * The task workflow uses what the second round of the deadline parser reads (issue 16): anchored
 * recurrences are due on their anchored day, a range recurs beyond the plan year, and an event's
 * instance is due the cell's offset (in working days) after it. Each input goes through the real
 * pipeline: parseDeadline → the importer's fields → the workflow, on the time-skipping server.
 * The clock starts on Monday 1 December 2036, 00:00 Vietnam time.
 */
import { describe, expect, it } from 'vitest';
import { harnessPerTest, type Harness } from '../support/time-skipping';
import { taskInput } from '../support/tasks';
import { completeUpdate, stateQuery, triggerUpdate, type Actor, type TaskWorkflowInput } from '../../workflows/task-api';
import { taskWorkflow } from '../../workflows/task';
import { parseDeadline } from '../../domain/deadline';
import { recurrences } from '../../domain/schedule';
import { leadsNamedBy, milestonesOf, scheduleExtras } from '../../worker/import-runner';
import { listOutbox } from '../../activities/notifications';
import { DirectorySchema } from '../../domain/directory';
import type { Task } from '../../domain/plan';
import { readFileSync } from 'node:fs';
import { recordHistory } from '../support/histories';

const ANCHOR = Date.parse('2036-12-01T00:00:00+07:00');
const monitor: Actor = { name: 'Nguyễn Văn Giám Sát', role: 'monitor' };
const agency = (name: string): Actor => ({ name: `Cán bộ ${name}`, role: 'agency', agency: name });

let h: Harness;
harnessPerTest((x) => (h = x), ANCHOR);

let seq = 0;
async function start(input: TaskWorkflowInput) {
  return h.env.client.workflow.start(taskWorkflow, { args: [input], taskQueue: h.taskQueue, workflowId: `task:anchored:${++seq}` });
}

const until = (vietnam: string) => h.until(vietnam);

/** The workflow input the importer builds for a cell of a plan for `planYear`. */
function inputFor(text: string, planYear: number): TaskWorkflowInput {
  const schedule = parseDeadline(text, { planYear });
  const base = taskInput({ kind: schedule.kind, recurrence: recurrences(schedule), planYear, policy: { reminderOffsets: [1] } });
  return { ...base, ...scheduleExtras(schedule) };
}

describe('anchored recurrences and ranges', () => {
  it('"trước ngày 20 của tháng đầu quý sau": each quarter of the plan year is due on the 19th of the next quarter', async () => {
    await h.withWorker(async () => {
      const handle = await start(inputFor('Báo cáo hằng quý, trước ngày 20 của tháng đầu quý sau', 2037));
      const client = h.env.client;
      const expected = [
        ['Quý I/2037', '2037-04-19'],
        ['Quý II/2037', '2037-07-19'],
        ['Quý III/2037', '2037-10-19'],
        ['Quý IV/2037', '2038-01-19'],
      ] as const;
      for (const [label, due] of expected) {
        await until(`${due} 10:00`);
        const parent = await handle.query(stateQuery);
        const instance = parent.instances.find((i) => i.label === label);
        expect(instance?.due).toBe(due);
        const view = await client.workflow.getHandle(instance!.workflowId).query(stateQuery);
        expect(view.status).toBe('due_soon');
        await client.workflow.getHandle(instance!.workflowId).executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Tư pháp'), evidence: `Báo cáo ${label}` }] });
      }
      const result = await handle.result();
      expect(result.instances.map((i) => [i.label, i.due, i.status])).toEqual(expected.map(([label, due]) => [label, due, 'done_on_time']));
      expect(result.status).toBe('done_on_time');
      await recordHistory('task-anchored-quarters', handle);
    });
  });

  it('"Giai đoạn 2037-2039, hằng năm": one yearly instance for each year of the range, past the plan year', async () => {
    await h.withWorker(async () => {
      const handle = await start(inputFor('Giai đoạn 2037-2039, hằng năm', 2037));
      const client = h.env.client;
      // Each year's report is made on time: an unanswered instance would be escalated every week for years.
      for (const year of [2037, 2038, 2039]) {
        await until(`${year}-12-30 10:00`);
        const instance = (await handle.query(stateQuery)).instances.find((i) => i.label === `Năm ${year}`);
        expect(instance?.due).toBe(`${year}-12-31`);
        await client.workflow.getHandle(instance!.workflowId).executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Tư pháp'), evidence: `Báo cáo năm ${year}` }] });
      }
      const result = await handle.result();
      expect(result.instances.map((i) => [i.label, i.due, i.status])).toEqual([
        ['Năm 2037', '2037-12-31', 'done_on_time'],
        ['Năm 2038', '2038-12-31', 'done_on_time'],
        ['Năm 2039', '2039-12-31', 'done_on_time'],
      ]);
    });
  });

  it('"trước ngày 10/12/2036, sau đó báo cáo hằng quý": a first instance on the first due date, then the quarters', async () => {
    await h.withWorker(async () => {
      const handle = await start(inputFor('Trước ngày 10/12/2036, sau đó báo cáo hằng quý', 2037));
      await until('2037-04-01 10:00');
      const view = await handle.query(stateQuery);
      expect(view.instances.map((i) => [i.label, i.due])).toEqual([
        ['Lần đầu (hạn 09/12/2036)', '2036-12-09'],
        ['Quý I/2037', '2037-03-31'],
        ['Quý II/2037', '2037-06-30'],
      ]);
    });
  });
});

describe('offsets from an event', () => {
  it('"trong 05 ngày làm việc kể từ khi nhận được văn bản": an event on Tuesday 02/12 is due 5 working days later', async () => {
    await h.withWorker(async () => {
      const handle = await start(inputFor('Trong 05 ngày làm việc kể từ khi nhận được văn bản', 2036));
      await until('2036-12-02 10:00');
      const instance = await handle.executeUpdate(triggerUpdate, { args: [{ actor: monitor, title: 'Văn bản số 12/UBND ngày 02/12', eventId: 'VB-12' }] });
      // Without the offset the policy's 10 working days would give 16/12.
      expect(instance).toMatchObject({ label: 'Văn bản số 12/UBND ngày 02/12', due: '2036-12-09', status: 'not_due' });
      await recordHistory('task-event-offset', handle);
    });
  });
});

describe('per-agency parts', () => {
  it('"Sở Nội vụ: trước 10/12/2036; Sở Tư pháp: trước 20/12/2036": each agency is reminded on its own date only', async () => {
    const text = 'Sở Nội vụ: trước ngày 10/12/2036; Sở Tư pháp: trước ngày 20/12/2036';
    const schedule = parseDeadline(text, { planYear: 2036 });
    const directory = DirectorySchema.parse(JSON.parse(readFileSync(new URL('../../config/agencies.json', import.meta.url), 'utf8')));
    const lead = ['Sở Nội vụ', 'Sở Tư pháp'];
    const task = { lead, schedule } as unknown as Task;
    const milestones = milestonesOf(task, (agency) => leadsNamedBy(agency, lead, directory));
    expect(milestones).toEqual([
      { label: 'hạn 09/12/2036', due: '2036-12-09', agencies: ['Sở Nội vụ'] },
      { label: 'hạn 19/12/2036', due: '2036-12-19', agencies: ['Sở Tư pháp'] },
    ]);
    await h.withWorker(async () => {
      const handle = await start({ ...taskInput({ kind: schedule.kind, leads: lead, milestones, planYear: 2036, policy: { reminderOffsets: [1] } }) });
      await until('2036-12-19 12:00');
      const view = await handle.query(stateQuery);
      expect(view.obligations.map((o) => [o.agency, o.due])).toEqual([
        ['Sở Nội vụ', '2036-12-09'],
        ['Sở Tư pháp', '2036-12-19'],
      ]);
      const reminders = (await listOutbox(h.db, { limit: 1000 })).filter((m) => m.kind === 'reminder').map((m) => m.key.replace(/^.*:(?=[^:]*@)/, '')).sort();
      expect(reminders).toEqual(['Sở Nội vụ@2036-12-09:reminder:1', 'Sở Tư pháp@2036-12-19:reminder:1']);
    });
  });
});
