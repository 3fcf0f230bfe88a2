/**
 * What replaying one workflow costs the worker, dondoc's task beside the bare baseline
 * (bench/baseline/), from histories recorded on a dev server (issue 17). A worker keeps 1,000
 * workflows in its cache; a reminder burst larger than that wakes most workflows from their
 * histories, and replaying them is a large part of the CPU per fired timer that
 * bench/worker-cost.bench.ts measures at 10,000 open / 5,000 firing. Replays are deterministic and
 * take seconds, so this is where a change to what a workflow does at each wake can be weighed.
 *
 * It records, for each side, the history of a workflow armed (its timer started) and of one whose
 * timer fired and whose work is done (dondoc: the reminder sent, the next wait armed; baseline: the
 * line appended, the workflow completed), then replays each `--replays` times in one replay worker
 * of that side's bundle and prints the CPU per replay, and dondoc ÷ baseline.
 *
 *   npm run bench -- replay-cost
 *   node --import tsx bench/replay-cost.bench.ts [--replays 300] [--rounds 2]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import proto, { type temporal } from '@temporalio/proto';
import { loadConfig } from '../worker/config';
import { openCluster } from '../worker/cluster';
import { createWorker, workflowBundle } from '../worker/worker';
import { openStorage } from '../storage';
import { freePort } from '../test/support/ports';
import { baselineBundle, createBaselineWorker } from './baseline/worker';
import { startBenchPlan } from './fixtures';

const { values } = parseArgs({ options: { replays: { type: 'string', default: '300' }, rounds: { type: 'string', default: '2' } } });
const REPLAYS = Number(values.replays);
const ROUNDS = Number(values.rounds);
if (!Number.isInteger(REPLAYS) || REPLAYS < 1 || !Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error('--replays and --rounds need positive whole numbers');
  process.exit(2);
}

type History = temporal.api.history.v1.IHistory;
type Side = 'baseline' | 'dondoc';
type Recorded = Record<Side, { armed: History; fired: History }>;

process.env.LOG_LEVEL ??= 'warn';
const root = mkdtempSync(join(tmpdir(), 'dondoc-replay-cost-'));

const { EventType } = proto.temporal.api.enums.v1;
const UNFINISHED_WORKFLOW_TASK = new Set([EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED]);

/** The history once it has an event of type `until` and its last workflow task is completed. */
async function settledHistory(handle: WorkflowHandle, until: temporal.api.enums.v1.EventType): Promise<History> {
  for (const limit = Date.now() + 180_000; Date.now() < limit;) {
    const history = await handle.fetchHistory();
    const types = (history.events ?? []).map((e) => e.eventType);
    if (types.includes(until) && !UNFINISHED_WORKFLOW_TASK.has(types.at(-1)!)) return history;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${handle.workflowId}: its history did not settle in 3 minutes`);
}

async function record(): Promise<Recorded> {
  const config = loadConfig({ DATA_DIR: root, TEMPORAL_DEV_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()), LOG_LEVEL: 'warn' });
  const cluster = await openCluster(config, {});
  const connection = await NativeConnection.connect({ address: cluster.address });
  const storage = await openStorage({ DATA_DIR: join(root, 'dondoc') });
  try {
    const namespace = config.TEMPORAL_NAMESPACE;
    const workers = [
      await createWorker({ connection, namespace, taskQueue: 'replay-dondoc', config: {}, db: storage.db }),
      await createBaselineWorker({ connection, namespace, taskQueue: 'replay-baseline', file: join(root, 'fired.log') }),
    ];
    const running = Promise.all(workers.map((w) => w.run()));
    try {
      // A whole minute (dondoc's office hour is HH:MM), far enough for both to be armed first.
      const fireAt = new Date(Math.ceil((Date.now() + 20_000) / 60_000) * 60_000);
      const far = new Date(Date.now() + 300 * 86_400_000);
      const client: Client = cluster.client;
      const handles = {
        dondoc: {
          armed: client.workflow.getHandle(`task:${await startBenchPlan(client, 'replay-armed', 1, far, { taskQueue: 'replay-dondoc' })}:0`),
          fired: client.workflow.getHandle(`task:${await startBenchPlan(client, 'replay-fired', 1, fireAt, { taskQueue: 'replay-dondoc' })}:0`),
        },
        baseline: {
          armed: await client.workflow.start('baselineWorkflow', { taskQueue: 'replay-baseline', workflowId: 'replay-armed', args: [far.getTime()] }),
          fired: await client.workflow.start('baselineWorkflow', { taskQueue: 'replay-baseline', workflowId: 'replay-fired', args: [fireAt.getTime()] }),
        },
      };
      const recorded = {} as Recorded;
      for (const side of ['dondoc', 'baseline'] as const) {
        recorded[side] = {
          armed: await settledHistory(handles[side].armed, EventType.EVENT_TYPE_TIMER_STARTED),
          fired: await settledHistory(handles[side].fired, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED),
        };
      }
      return recorded;
    } finally {
      for (const w of workers) w.shutdown();
      await running;
    }
  } finally {
    await connection.close();
    await storage.close();
    await cluster.close();
  }
}

/** CPU of this process per replay of `history`, `REPLAYS` times in one replay worker. */
async function replayCost(bundle: WorkflowBundle, name: string, history: History): Promise<number> {
  async function* copies() {
    for (let i = 0; i < REPLAYS; i++) yield { workflowId: `${name}-${i}`, history };
  }
  const before = process.cpuUsage();
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, replayName: name }, copies())) {
    if (result.error) throw new Error(`${name}: the replay failed: ${result.error.message}`, { cause: result.error });
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / REPLAYS;
}

try {
  console.log('recording the histories on a dev server (until the next whole minute, and a little)…');
  const recorded = await record();
  const bundles: Record<Side, WorkflowBundle> = { dondoc: await workflowBundle(), baseline: await baselineBundle() };

  const costs: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const state of ['armed', 'fired'] as const) {
      for (const side of ['baseline', 'dondoc'] as const) {
        (costs[`${side}-${state}`] ??= []).push(await replayCost(bundles[side], `${side}-${state}-${round}`, recorded[side][state]));
      }
    }
  }
  const low = (key: string) => Math.min(...costs[key]!);
  const events = (side: Side, state: 'armed' | 'fired') => recorded[side][state].events?.length ?? 0;
  console.log(`\n${REPLAYS} replays each, ${ROUNDS} rounds; the lowest round's CPU per replay (ms)\n`);
  console.log('| history | baseline (events) | dondoc (events) | dondoc ÷ baseline |\n| --- | --- | --- | --- |');
  for (const state of ['armed', 'fired'] as const) {
    const b = low(`baseline-${state}`);
    const d = low(`dondoc-${state}`);
    console.log(
      `| ${state === 'armed' ? 'armed (timer started)' : 'fired (work done)'} | ${b.toFixed(2)} (${events('baseline', state)}) | ${d.toFixed(2)} (${events('dondoc', state)}) | ${(d / b).toFixed(2)} |`,
    );
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
