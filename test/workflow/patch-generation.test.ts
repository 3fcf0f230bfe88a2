/**
 * The patch generations (workflows/patches.ts), on Temporal's time-skipping test server:
 * - a task or file started now is given the current generation in its input: it records no patch
 *   marker and no TemporalChangeVersion, and behaves as with every patch (its reminders are local
 *   activities; a message an Update asks for is an activity task);
 * - a task given GENERATION_1 (started by the release before GENERATION_2) records 'local-notify' alone;
 * - a task started before inputs carried it (no `patches`) records one marker, where it recorded four;
 * - a task started by code from before the generation (simulated by a worker that does not activate
 *   it) takes the generation when it goes on live.
 * Every history replays against the current code.
 */
import { describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { harnessPerTest, type Harness } from '../support/time-skipping';
import { DEFAULT_LADDER_DUE_2036_12_31, events, planTask, taskInput } from '../support/tasks';
import { completeUpdate, requestExtensionUpdate, stateQuery, type Actor } from '../../workflows/task-api';
import { taskWorkflow } from '../../workflows/task';
import { CURRENT_GENERATION, GENERATION_1, GENERATION_1_PATCHES, GENERATION_2_PATCHES, LOCAL_NOTIFY, START_ATTRIBUTES } from '../../workflows/patches';
import { oneStopFileWorkflow } from '../../workflows/onestop-file';
import { fileStateQuery } from '../../workflows/onestop-api';
import { fileWorkflowStart } from '../../api/onestop';
import { parseOneStopFile } from '../../domain/onestop/file';
import { SA } from '../../workflows/search-attributes';
import { workflowBundle } from '../../worker/worker';
import { listOutbox } from '../../activities/notifications';
import { startImport } from '../../worker/import-runner';
import { shippedDirectory } from '../../storage/directory';
import { taskWorkflowId, type Plan } from '../../domain/plan';
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

/** The activity types a history scheduled as activity tasks, and those it ran as local activities. */
function notifyPaths(events: JsonEvent[]): { tasks: string[]; local: number } {
  const tasks = events.flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType.name as string] : []));
  const local = events.filter((e) => {
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_local_activity') return false;
    const data = JSON.parse(Buffer.from(marker.details.data.payloads[0].data, 'base64').toString()) as { activity_type?: string; activityType?: string };
    return (data.activity_type ?? data.activityType) === 'notify';
  }).length;
  return { tasks, local };
}

async function replays(handle: WorkflowHandle): Promise<void> {
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, await handle.fetchHistory(), handle.workflowId);
}

/** The ladder of a task due 31/12/2036 up to 12/01/2037, its parts and last change in visibility, then completed late. */
async function climbsTheLadder(handle: WorkflowHandle<typeof taskWorkflow>): Promise<void> {
  await h.until('2037-01-12 10:00');
  const view = await handle.query(stateQuery);
  expect(events(view)).toEqual(DEFAULT_LADDER_DUE_2036_12_31.filter((e) => e.slice(-16) < '2037-01-12 10:00'));
  // 'part-attributes' and 'updated-attribute' are in effect: the lead's own part and the time of the last change.
  const described = await handle.describe();
  expect([...(described.typedSearchAttributes.get(SA.parts) ?? [])].sort()).toEqual(['level2:sở tư pháp', 'overdue:sở tư pháp']);
  expect(described.typedSearchAttributes.get(SA.updated)).toBeInstanceOf(Date);
  await handle.executeUpdate(completeUpdate, { args: [{ actor: agency, evidence: 'Quyết định số 12/QĐ-STP ngày 12/01/2037' }] });
  expect((await handle.result()).status).toBe('done_late');
}

describe('the patch generation', () => {
  it('a task started now is given the generation in its input: no patch marker, no TemporalChangeVersion, every patch in effect', async () => {
    await h.withWorker(async () => {
      const input = taskInput({ milestones: [due31] });
      expect(input.patches).toBe(CURRENT_GENERATION);
      const handle = await h.env.client.workflow.start(taskWorkflow, { args: [input], taskQueue: h.taskQueue, workflowId: 'task:test:generation-2-input' });
      await climbsTheLadder(handle);
      const history = await fetchedEvents(handle);
      expect(patchMarkerIds(history)).toEqual([]);
      expect(changeVersionUpserts(history)).toBe(0);
      // 'local-notify' is in effect: every notice of the ladder went out as a local activity.
      const paths = notifyPaths(history);
      expect(paths.tasks).toEqual([]);
      expect(paths.local).toBe(events(await handle.result()).length);
      await sentOnceEach(handle);
      await replays(handle);
      await recordHistory('task-generation-2-input', handle);
    });
  });

  it('a message an Update asks for is an activity task: the answer does not wait for the mail server', async () => {
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(taskWorkflow, {
        args: [taskInput({ milestones: [due31] })],
        taskQueue: h.taskQueue,
        workflowId: 'task:test:update-message',
      });
      await h.until('2036-12-22 10:00');
      await handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: agency, until: '2037-01-15', reason: 'Chờ ý kiến thẩm định của Sở Xây dựng' }] });
      await h.until('2036-12-23 10:00');
      const paths = notifyPaths(await fetchedEvents(handle));
      expect(paths.tasks).toEqual(['notify']);
      expect(paths.local).toBeGreaterThan(0);
      const outbox = await listOutbox(h.db, { limit: 1000 });
      expect(outbox.filter((m) => m.kind === 'extension_requested')).toHaveLength(1);
      await replays(handle);
    });
  });

  it('a task given GENERATION_1 (started by the release before) records one marker, local-notify, when it reminds under this code', async () => {
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(taskWorkflow, {
        args: [{ ...taskInput({ milestones: [due31] }), patches: GENERATION_1 }],
        taskQueue: h.taskQueue,
        workflowId: 'task:test:generation-1-input',
      });
      await climbsTheLadder(handle);
      const history = await fetchedEvents(handle);
      expect(patchMarkerIds(history)).toEqual([LOCAL_NOTIFY]);
      expect(notifyPaths(history).tasks).toEqual([]);
      await sentOnceEach(handle);
      await replays(handle);
    });
  });

  it('a file started now is given the generation in its input: no patch marker, its agenda computed in the workflow', async () => {
    await h.withWorker(async () => {
      const file = parseOneStopFile({
        code: 'H57.22-361201-0001',
        procedure: { code: '1.001009', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 5 },
        applicant: { name: 'Nguyễn Văn An', email: 'an.nguyen@example.vn', phone: '0905123456', idNumber: '052090001234' },
        receivingUnit: 'Bộ phận Một cửa huyện',
        agencies: ['Phòng Tài nguyên và Môi trường'],
        receivedAt: '2036-12-01T09:30:00+07:00',
        online: false,
        jurisdiction: 'tuy-phuoc',
      });
      await h.until('2036-12-01 09:30');
      const start = fileWorkflowStart(file, { taskQueue: h.taskQueue });
      expect(start.args[0].patches).toBe(CURRENT_GENERATION);
      const handle = await h.env.client.workflow.start(oneStopFileWorkflow, start);
      // Due on 08/12 (5 working days): the warning, then the apology demanded, the day before.
      await h.until('2036-12-09 10:00');
      const view = await handle.query(fileStateQuery);
      expect(view.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['warning', 'apology_required']));
      const history = await fetchedEvents(handle);
      expect(patchMarkerIds(history)).toEqual([]);
      expect(changeVersionUpserts(history)).toBe(0);
      // 'file-agenda-from-snapshot' is in effect: no planAgenda local activity.
      expect(JSON.stringify(history)).not.toContain('planAgenda');
      // 'local-notify': each of its messages (the warning, the apology demanded, …) went out as a local activity.
      const sent = (await listOutbox(h.db, { limit: 1000 })).filter((m) => m.key.startsWith(`file:${file.code}:`));
      expect(sent.length).toBeGreaterThanOrEqual(2);
      expect(notifyPaths(history)).toEqual({ tasks: [], local: sent.length });
      await replays(handle);
      await recordHistory('onestop-generation-2-input', handle);
    });
  });

  it('a task started before inputs carried the generation records one marker, takes every patch, and climbs the ladder as before', async () => {
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(taskWorkflow, {
        args: [{ ...taskInput({ milestones: [due31] }), patches: undefined }],
        taskQueue: h.taskQueue,
        workflowId: 'task:test:generation-new',
      });
      await climbsTheLadder(handle);
      const history = await fetchedEvents(handle);
      expect(patchMarkerIds(history)).toEqual([GENERATION_1, LOCAL_NOTIFY]);
      expect(changeVersionUpserts(history)).toBe(2);
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
          args: [{ ...taskInput({ milestones: [due31] }), patches: undefined }],
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
        expect(patchMarkerIds(await fetchedEvents(handle))).toEqual([...before, GENERATION_1, LOCAL_NOTIFY]);
        await sentOnceEach(handle);
        await replays(handle);
        await recordHistory('task-generation-upgrade', handle);
      },
      { maxCachedWorkflows: 0, patchActivationCallback: ({ patchId }) => upgraded || (patchId !== GENERATION_1 && patchId !== LOCAL_NOTIFY) },
    );
  });

  it('a task the plan import starts shows at first what its start gave it: its first workflow task upserts nothing', async () => {
    await h.withWorker(async () => {
      await h.until('2036-12-01 09:00');
      const plan: Plan = {
        id: 'kh-start-attributes',
        number: null,
        issuer: null,
        jurisdiction: 'thua-thien-hue',
        issuedOn: null,
        title: 'Kế hoạch thử thuộc tính khi bắt đầu',
        year: 2036,
        source: 'test',
      };
      const dated = (ref: string, due: string) =>
        planTask({
          planId: plan.id,
          ref,
          lead: ['Sở Tư pháp'],
          activity: `Nhiệm vụ ${ref}`,
          schedule: { text: due, kind: 'once', due, milestones: [due], recurrence: null, parts: [], explanation: `Hạn cuối: ${due}` },
        });
      const report = await startImport(h.env.client, { plan, tasks: [dated('1', '2036-12-31'), dated('2', '2036-11-20')] }, shippedDirectory(), {
        taskQueue: h.taskQueue,
      });
      expect(report.started).toHaveLength(2);
      await h.until('2036-12-01 10:00');
      const upserts = (history: JsonEvent[]) => history.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes).length;

      // Due later: the start gave it everything it shows, so nothing is upserted and the lists find it.
      const later = h.env.client.workflow.getHandle(taskWorkflowId(plan.id, '1'));
      await later.query(stateQuery);
      expect(upserts(await fetchedEvents(later))).toBe(0);
      const shown = (await later.describe()).typedSearchAttributes;
      expect(shown.get(SA.status)).toBe('not_due');
      expect(shown.get(SA.parts)).toEqual(['not_due:sở tư pháp']);
      expect(shown.get(SA.due)?.toISOString()).toBe('2036-12-31T17:00:00.000Z');
      expect(shown.get(SA.updated)).toBeInstanceOf(Date);

      // Already past its date: the start gave only what it is; its first workflow task finds it overdue and says so.
      const past = h.env.client.workflow.getHandle(taskWorkflowId(plan.id, '2'));
      await past.query(stateQuery);
      expect(upserts(await fetchedEvents(past))).toBeGreaterThan(0);
      expect((await past.describe()).typedSearchAttributes.get(SA.status)).toBe('overdue');

      // Its first reminder changes what it shows: upserted then, as always.
      await h.until('2036-12-25 10:00');
      expect((await later.describe()).typedSearchAttributes.get(SA.status)).toBe('due_soon');
      expect(patchMarkerIds(await fetchedEvents(later))).toEqual([]);
      await replays(later);
      await replays(past);
    });
  });

  it('GENERATION_2 adds local-notify and start-attributes to GENERATION_1', () => {
    expect([...GENERATION_2_PATCHES]).toEqual([LOCAL_NOTIFY, START_ATTRIBUTES]);
    expect(CURRENT_GENERATION).toBe('generation-2');
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
