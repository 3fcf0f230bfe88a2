/**
 * GET /healthz: is Temporal reachable, is a worker polling dondoc's task queue, does dondoc's database
 * answer? It also says whether the task mirror has listed every task yet (until then the lists and
 * counts read visibility, slower but the same): information, not a failure.
 */
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { ping, type Database } from '../storage/database';
import type { TaskMirror } from './task-mirror';

// @temporalio/proto is CommonJS: its namespace comes through the default export under Node's ESM.
const { temporal } = proto;

export type Health = {
  ok: boolean;
  temporal: { reachable: boolean; namespace: string; error?: string };
  worker: { polling: boolean; pollers: number; taskQueue: string };
  database: { reachable: boolean; error?: string };
  /** The API's task mirror (api/task-mirror.ts): ready once its first listing is done; the task runs it holds. */
  taskMirror: { ready: boolean; tasks: number };
};

async function checkDatabase(db: Database): Promise<Health['database']> {
  try {
    await ping(db);
    return { reachable: true };
  } catch (err) {
    return { reachable: false, error: (err as Error).message };
  }
}

export async function checkHealth(client: Client, taskQueue: string, db: Database, mirror: Pick<TaskMirror, 'ready' | 'size'>): Promise<Health> {
  const [temporalHealth, database] = await Promise.all([checkTemporal(client, taskQueue), checkDatabase(db)]);
  return { ...temporalHealth, ok: temporalHealth.ok && database.reachable, database, taskMirror: { ready: mirror.ready, tasks: mirror.size } };
}

async function checkTemporal(client: Client, taskQueue: string): Promise<Omit<Health, 'database' | 'taskMirror'>> {
  const namespace = client.options.namespace;
  try {
    const described = await client.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    const pollers = described.pollers?.length ?? 0;
    return { ok: pollers > 0, temporal: { reachable: true, namespace }, worker: { polling: pollers > 0, pollers, taskQueue } };
  } catch (err) {
    return {
      ok: false,
      temporal: { reachable: false, namespace, error: (err as Error).message },
      worker: { polling: false, pollers: 0, taskQueue },
    };
  }
}
