/**
 * The patch generation (workflows/patches.ts), on Temporal's time-skipping test server: a task
 * started now records one patch marker, where it recorded four, and behaves as before; a task started
 * by code from before the generation (simulated by a worker that does not activate it) takes the
 * generation when it goes on live. Both histories replay against the current code.
 */
import { describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { harnessPerTest, type Harness } from '../support/time-skipping';
import { DEFAULT_LADDER_DUE_2036_12_31, events, taskInput } from '../support/tasks';
import { completeUpdate, stateQuery, type Actor } from '../../workflows/task-api';
import { taskWorkflow } from '../../workflows/task';
import { GENERATION_1, GENERATION_1_PATCHES } from '../../workflows/patches';
import { SA } from '../../workflows/search-attributes';
import { workflowBundle } from '../../worker/worker';
import { listOutbox } from '../../activities/notifications';
import { fetchedEvents, patchMarkerIds, recordHistory, type JsonEvent } from '../support/histories';

const ANCHOR = Date.parse('2036-12-01T00:00:00+07:00');
const agency: Actor = { name: 'Cán bộ Sở Tư pháp', role: 'agency', agency: 'Sở Tư pháp' };
const due31 = { label: 'hạn 31/12/2036', due: '2036-12-31' };

let h: Harness;
harnessPerTest((x) => (h = x), ANCHOR);

function changeVersionUpserts(events: JsonEvent[]): number {
  return events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.TemporalChangeVersion).length;
}

/** Every message the task says it sent is in the ledger, once. */
async function sentOnceEach(handle: WorkflowHandle): Promise<void> {
  const outbox = await listOutbox(h.db, { limit: 1000 });
  expect(new Set(outbox.map((m) => m.key)).size).toBe(outbox.length);
  expect(outbox).toHaveLength(events(await handle.result()).length);
}

async function replays(handle: WorkflowHandle): Promise<void> {
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, await handle.fetchHistory(), handle.workflowId);
}

describe('the patch generation', () => {
  it('a task started now records one marker, takes every patch, and climbs the ladder as before', async () => {
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(taskWorkflow, {
        args: [taskInput({ milestones: [due31] })],
        taskQueue: h.taskQueue,
        workflowId: 'task:test:generation-new',
      });
      await h.until('2037-01-12 10:00');
      const view = await handle.query(stateQuery);
      expect(events(view)).toEqual(DEFAULT_LADDER_DUE_2036_12_31.filter((e) => e.slice(-16) < '2037-01-12 10:00'));
      // 'part-attributes' and 'updated-attribute' are in effect: the lead's own part and the time of the last change.
      const described = await handle.describe();
      expect([...(described.typedSearchAttributes.get(SA.parts) ?? [])].sort()).toEqual(['level2:sở tư pháp', 'overdue:sở tư pháp']);
      expect(described.typedSearchAttributes.get(SA.updated)).toBeInstanceOf(Date);
      await handle.executeUpdate(completeUpdate, { args: [{ actor: agency, evidence: 'Quyết định số 12/QĐ-STP ngày 12/01/2037' }] });
      expect((await handle.result()).status).toBe('done_late');

      const history = await fetchedEvents(handle);
      expect(patchMarkerIds(history)).toEqual([GENERATION_1]);
      expect(changeVersionUpserts(history)).toBe(1);
      await sentOnceEach(handle);
      await replays(handle);
      await recordHistory('task-generation-1', handle);
    });
  });

  it('a task started before the generation keeps its own markers in replay and takes the generation when it goes on live', async () => {
    // Code from before the generation is a worker that does not activate it. Nothing is cached, so
    // each workflow task replays the history first, as a new worker after an upgrade does.
    let upgraded = false;
    await h.withWorker(
      async () => {
        const handle = await h.env.client.workflow.start(taskWorkflow, {
          args: [taskInput({ milestones: [due31] })],
          taskQueue: h.taskQueue,
          workflowId: 'task:test:generation-upgrade',
        });
        // The first reminder, sent by the code from before the generation.
        await h.until('2036-12-22 10:00');
        const before = patchMarkerIds(await fetchedEvents(handle));
        expect(before).not.toContain(GENERATION_1);
        expect(before).toEqual(expect.arrayContaining(['part-attributes', 'updated-attribute', 'notice-as-of-send-time']));

        upgraded = true;
        await h.until('2037-01-12 10:00');
        expect(events(await handle.query(stateQuery))).toEqual(DEFAULT_LADDER_DUE_2036_12_31.filter((e) => e.slice(-16) < '2037-01-12 10:00'));
        await handle.executeUpdate(completeUpdate, { args: [{ actor: agency, evidence: 'Quyết định số 12/QĐ-STP ngày 12/01/2037' }] });
        expect((await handle.result()).status).toBe('done_late');
        expect(patchMarkerIds(await fetchedEvents(handle))).toEqual([...before, GENERATION_1]);
        await sentOnceEach(handle);
        await replays(handle);
        await recordHistory('task-generation-upgrade', handle);
      },
      { maxCachedWorkflows: 0, patchActivationCallback: ({ patchId }) => upgraded || patchId !== GENERATION_1 },
    );
  });

  it('holds exactly the patches released before it: a later patch opens its own check', () => {
    expect([...GENERATION_1_PATCHES].sort()).toEqual(
      [
        'acknowledge-covers-group',
        'catch-up-merged-notices',
        'event-offset-from-schedule',
        'extension-request',
        'file-acknowledge-sends-nothing',
        'file-agenda-from-snapshot',
        'file-catch-up-merged-notices',
        'file-delivery-failure-reported',
        'imported-as-history',
        'notice-as-of-send-time',
        'part-attributes',
        'periods-by-start',
        'template-move',
        'updated-attribute',
      ].sort(),
    );
  });
});
