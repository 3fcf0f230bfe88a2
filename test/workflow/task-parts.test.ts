/**
 * Each lead's own part in visibility (patch 'part-attributes'): a group task publishes DondocParts,
 * `<status>:<agency>` and `level<n>:<agency>` tokens, whenever a part changes, on Temporal's
 * time-skipping test server. A group of 120 communes keeps DondocLead under Temporal's 2,048 bytes
 * (hashed names, the names in the memo). The recorded histories (test/histories/task-group-parts.json,
 * task-group-communes.json) keep the patched path under the replay test.
 */
import { describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { harnessPerTest, type Harness } from '../support/time-skipping';
import { taskInput } from '../support/tasks';
import { completeUpdate, stateQuery, type Actor } from '../../workflows/task-api';
import { taskWorkflow } from '../../workflows/task';
import { SA } from '../../workflows/search-attributes';
import { hashedLead, LEADS_MEMO, leadValues, partFromTokens, PENDING_REQUEST_TOKEN, utf8Bytes } from '../../domain/part-tokens';
import { recordHistory } from '../support/histories';

const ANCHOR = Date.parse('2036-12-01T00:00:00+07:00');
const agency = (name: string): Actor => ({ name: `Cán bộ ${name}`, role: 'agency', agency: name });

let h: Harness;
harnessPerTest((x) => (h = x), ANCHOR);

const parts = async (handle: WorkflowHandle) => [...((await handle.describe()).typedSearchAttributes.get(SA.parts) ?? [])].sort();

describe('each lead’s own part in visibility', () => {
  it('a group task: one lead done on time, the other overdue and escalated, each with its own tokens', async () => {
    await h.withWorker(async () => {
      const leads = ['Sở Nội vụ', 'Sở Y tế'];
      const handle = await h.env.client.workflow.start(taskWorkflow, {
        args: [taskInput({ leads, milestones: [{ label: 'hạn 31/12/2036', due: '2036-12-31' }], policy: { reminderOffsets: [1] } })],
        taskQueue: h.taskQueue,
        workflowId: 'task:test:parts-1',
      });
      await h.until('2036-12-02 09:00');
      expect(await parts(handle)).toEqual(['not_due:sở nội vụ', 'not_due:sở y tế']);

      await h.until('2036-12-30 10:00');
      expect(await parts(handle)).toEqual(['due_soon:sở nội vụ', 'due_soon:sở y tế']);
      await handle.executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Nội vụ'), evidence: 'Kế hoạch số 12/KH-SNV' }] });
      expect(await parts(handle)).toEqual(['done_on_time:sở nội vụ', 'due_soon:sở y tế']);

      await h.until('2037-01-05 10:00');
      const tokens = await parts(handle);
      expect(tokens).toEqual(['done_on_time:sở nội vụ', 'level1:sở y tế', 'overdue:sở y tế']);
      // The tokens say what the workflow's own state says of each part.
      const view = await handle.query(stateQuery);
      expect(view.status).toBe('overdue');
      expect(partFromTokens(tokens, 'Sở Y tế')).toEqual({ status: 'overdue', escalationLevel: 1 });
      expect(view.obligations.map((o) => [o.agency, o.status, o.escalationLevel])).toEqual([
        ['Sở Nội vụ', 'done_on_time', 0],
        ['Sở Y tế', 'overdue', 1],
      ]);

      await handle.executeUpdate(completeUpdate, { args: [{ actor: agency('Sở Y tế'), evidence: 'Kế hoạch số 7/KH-SYT' }] });
      expect((await handle.result()).status).toBe('done_late');
      expect(await parts(handle)).toEqual(['done_late:sở y tế', 'done_on_time:sở nội vụ']);
      await recordHistory('task-group-parts', handle);
    });
  });

  it('a single-lead task carries its lead’s part too', async () => {
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(taskWorkflow, {
        args: [taskInput({ leads: ['Sở Tư pháp'], milestones: [{ label: 'hạn 31/12/2036', due: '2036-12-31' }] })],
        taskQueue: h.taskQueue,
        workflowId: 'task:test:parts-2',
      });
      await h.until('2037-01-02 09:00');
      expect(await parts(handle)).toEqual(['overdue:sở tư pháp']);
      await handle.terminate('end of test');
    });
  });

  it('a group of 120 communes: DondocLead as hashes within 2 KiB, the names in the memo, each commune’s part readable back', async () => {
    await h.withWorker(async () => {
      const leads = Array.from({ length: 120 }, (_, i) => `UBND ${i % 3 === 0 ? 'phường' : 'xã'} Phước Sơn số ${i + 1}`);
      const handle = await h.env.client.workflow.start(taskWorkflow, {
        args: [taskInput({ leads, milestones: [{ label: 'hạn 31/12/2036', due: '2036-12-31' }], policy: { reminderOffsets: [1] } })],
        taskQueue: h.taskQueue,
        workflowId: 'task:test:parts-communes',
        // What the import writes at the start (worker/import-runner.ts): within the limit too.
        typedSearchAttributes: [{ key: SA.leads, value: leadValues(leads)[0]! }],
      });
      await h.until('2036-12-02 09:00');
      const described = await handle.describe();
      const values = described.typedSearchAttributes.get(SA.leads)!;
      expect(utf8Bytes(JSON.stringify(leads))).toBeGreaterThan(2048);
      expect(utf8Bytes(JSON.stringify(values))).toBeLessThanOrEqual(2000);
      expect(values).toEqual(leads.map(hashedLead));
      expect(described.memo?.[LEADS_MEMO]).toEqual(leads);

      await handle.executeUpdate(completeUpdate, { args: [{ actor: agency(leads[7]!), evidence: 'Báo cáo số 5/BC-UBND' }] });
      const tokens = (await handle.describe()).typedSearchAttributes.get(SA.parts)!;
      expect(utf8Bytes(JSON.stringify(tokens))).toBeLessThanOrEqual(2000);
      expect(tokens).not.toContain(PENDING_REQUEST_TOKEN);
      expect(partFromTokens(tokens, leads[7]!)).toEqual({ status: 'done_on_time', escalationLevel: 0 });
      expect(partFromTokens(tokens, leads[0]!)).toEqual({ status: 'not_due', escalationLevel: 0 });
      await handle.terminate('end of test');
      await recordHistory('task-group-communes', handle);
    });
  });
});
