/**
 * Stack traces in workflow code are kept short (workflows/preload.ts, WORKFLOW_STACK_FRAMES; issue 17),
 * in the worker as it runs: the SDK's stack-trace query of a waiting task still names where dondoc
 * waits, and no stack it records is longer than the limit.
 */
import { describe, expect, it } from 'vitest';
import { harnessPerTest, type Harness } from '../support/time-skipping';
import { taskInput } from '../support/tasks';
import { taskWorkflow } from '../../workflows/task';
import { WORKFLOW_STACK_FRAMES } from '../../workflows/preload';

const ANCHOR = Date.parse('2036-12-01T00:00:00+07:00');

let h: Harness;
harnessPerTest((x) => (h = x), ANCHOR);

describe('stack traces in workflow code', () => {
  it('a waiting task answers the stack-trace query, naming its wait in a few frames', async () => {
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(taskWorkflow, {
        args: [taskInput({ milestones: [{ label: 'hạn 31/12/2036', due: '2036-12-31' }] })],
        taskQueue: h.taskQueue,
        workflowId: 'task:test:stack-traces',
      });
      await h.until('2036-12-02 09:00');
      const trace = await handle.query<string>('__stack_trace');
      const stacks = trace.split('\n\n').filter((s) => s.trim() !== '');
      expect(stacks.length).toBeGreaterThan(0);
      expect(trace).toContain('run-loop.ts');
      for (const stack of stacks) expect(stack.split('\n').filter((line) => line.trim().startsWith('at ')).length).toBeLessThanOrEqual(WORKFLOW_STACK_FRAMES);
    });
  });
});
