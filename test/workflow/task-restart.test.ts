/**
 * A worker killed (SIGKILL, in its own process) in the middle of the escalation ladder and started
 * again later: nothing is lost, nothing is sent twice.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTimeSkipping, type Harness } from '../support/time-skipping';
import { DEFAULT_LADDER_DUE_2036_12_31, events, taskInput } from '../support/tasks';
import { stateQuery } from '../../workflows/task-api';
import { taskWorkflow } from '../../workflows/task';
import { listOutbox } from '../../activities/notifications';

const ANCHOR = Date.parse('2036-12-01T00:00:00+07:00');
const WORKER = fileURLToPath(new URL('../support/worker-process.ts', import.meta.url));

let h: Harness;
const children: ChildProcess[] = [];
beforeEach(async () => {
  h = await startTimeSkipping();
  await h.env.sleep(ANCHOR - (await h.env.currentTimeMs()));
});
afterEach(async () => {
  for (const c of children) c.kill('SIGKILL');
  await h?.close();
});

async function workerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, h.env.address, h.taskQueue, h.databaseUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
  });
  return child;
}

const until = (vietnam: string) => h.until(vietnam);

it('survives SIGKILL of its worker mid-ladder: every notice once, none lost', async () => {
  const first = await workerProcess();
  const handle = await h.env.client.workflow.start(taskWorkflow, {
    args: [taskInput({ milestones: [{ label: 'hạn 31/12/2036', due: '2036-12-31' }] })],
    taskQueue: h.taskQueue,
    workflowId: 'task:restart:1',
  });
  await until('2037-01-09 09:00');
  expect((await handle.query(stateQuery)).escalationLevel).toBe(2);
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));

  // A new worker process replays the history and carries on. (Days without any worker are not
  // simulated here: the time-skipping server does not skip time while a workflow task waits for a
  // worker. Catching up after an outage is covered by the agenda's unit tests.)
  await workerProcess();
  await until('2037-01-31 12:00');

  const view = await handle.query(stateQuery);
  expect(events(view)).toEqual(DEFAULT_LADDER_DUE_2036_12_31);
  const outbox = await listOutbox(h.db, { limit: 1000 });
  expect(outbox).toHaveLength(16);
  expect(new Set(outbox.map((m) => m.key)).size).toBe(16);
});
