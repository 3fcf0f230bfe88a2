/**
 * A task started with the calendar around its due dates (`TaskWorkflowInput.calendar`, put there by
 * the import): its first agenda is built without a local activity, and it plans exactly what a task
 * that asks the calendar's local activity plans (issue 17). A calendar that does not cover what the
 * agenda needs is not used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { startTimeSkipping, type Harness } from '../support/time-skipping';
import { events, taskInput } from '../support/tasks';
import { stateQuery, TASK_AGENDA_HORIZON_DAYS, type TaskWorkflowInput } from '../../workflows/task-api';
import { taskWorkflow } from '../../workflows/task';
import { calendarForStart } from '../../activities/calendar';
import { recordHistory } from '../support/histories';

let h: Harness;
beforeAll(async () => {
  h = await startTimeSkipping();
  await h.env.sleep(Date.parse('2037-02-02T09:00:00+07:00') - (await h.env.currentTimeMs()));
});
afterAll(async () => {
  await h?.close();
});

/** Local activities (calendar snapshots) recorded in the run's first workflow task, before its first timer. */
async function snapshotsBeforeFirstTimer(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  const events = history.events ?? [];
  const firstTimer = events.findIndex((e) => e.timerStartedEventAttributes);
  return events.slice(0, firstTimer).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
}

describe('a task started with its calendar', () => {
  it('plans its first agenda without a local activity, as a task that asks for the calendar does', async () => {
    // Due right after the 30/4 and 1/5 holidays: the reminders count working days across them.
    const milestones = [{ label: 'hạn 04/05/2037', due: '2037-05-04' }];
    const input: TaskWorkflowInput = taskInput({ milestones, leads: ['Sở Tư pháp'] });
    const calendar = calendarForStart(['2037-05-04'], '2037-02-02', TASK_AGENDA_HORIZON_DAYS);
    expect(calendar?.holidays).toEqual(expect.arrayContaining(['2037-04-30', '2037-05-01']));
    await h.withWorker(async () => {
      const start = (id: string, extra: Partial<TaskWorkflowInput>) =>
        h.env.client.workflow.start(taskWorkflow, { args: [{ ...input, ...extra }], taskQueue: h.taskQueue, workflowId: `task:calendar:${id}` });
      const given = await start('given', { calendar });
      const asked = await start('asked', {});
      // A calendar too short for the agenda (and wrong: no holidays) is not used: the run asks for one.
      const short = await start('short', { calendar: { from: '2037-04-01', to: '2037-05-31', holidays: [], makeUp: [] } });
      await h.until('2037-06-20 10:00');

      expect(await snapshotsBeforeFirstTimer(given)).toBe(0);
      expect(await snapshotsBeforeFirstTimer(asked)).toBe(1);
      expect(await snapshotsBeforeFirstTimer(short)).toBe(1);

      const planned = events(await asked.query(stateQuery));
      expect(planned.length).toBeGreaterThan(3);
      expect(planned[0]).toMatch(/^reminder 2037-04-2\d/);
      expect(events(await given.query(stateQuery))).toEqual(planned);
      expect(events(await short.query(stateQuery))).toEqual(planned);
      await recordHistory('task-start-calendar', given);
    });
  });
});
