import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../worker/config';
import { openCluster } from '../worker/cluster';
import { createWorker } from '../worker/worker';
import { openStorage } from '../storage';
import { shippedDirectory } from '../storage/directory';
import { freePort } from '../test/support/ports';
import { startImport } from '../worker/import-runner';
import { benchTask } from '../bench/fixtures';
const N = Number(process.argv[2] ?? 5000);
const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-exp-'));
process.env.DATA_DIR = dataDir; process.env.LOG_LEVEL = 'warn';
const config = loadConfig({ DATA_DIR: dataDir, TEMPORAL_DEV_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()), TEMPORAL_TASK_QUEUE: 'exp', LOG_LEVEL: 'warn' });
const cluster = await openCluster(config);
const storage = await openStorage(config);
const worker = await createWorker({ connection: cluster.nativeConnection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, config, db: storage.db });
const run = worker.run();
const directory = shippedDirectory();
const agencies = directory.agencies.filter((a) => a.jurisdiction === 'thua-thien-hue').slice(0, 20);
const plan = { id: 'exp', number: null, issuer: null, jurisdiction: 'thua-thien-hue', issuedOn: null, title: 'Exp', year: 2030, source: 'bench' };
const tasks = Array.from({ length: N }, (_, i) => { const t = benchTask(plan.id, i, `2030-${String((i % 12) + 1).padStart(2, '0')}-15`); const lead = agencies[i % agencies.length]!.name; return { ...t, lead: [lead], leadText: lead }; });
await startImport(cluster.client, { plan, tasks } as never, directory, { taskQueue: config.TEMPORAL_TASK_QUEUE, concurrency: 64 });
for (;;) { const { count } = await cluster.client.workflow.count(`DondocStatus = 'not_due'`); if (count >= N) break; await new Promise((r) => setTimeout(r, 1000)); }
await new Promise((r) => setTimeout(r, 15000));
const since = new Date(Date.now() - 3000).toISOString();
const qs = [
  `DondocType IN ('task', 'instance') AND DondocUpdated >= '${since}'`,
  `DondocUpdated >= '${since}'`,
  `DondocType IN ('task', 'instance') AND StartTime >= '${since}'`,
  `StartTime >= '${since}'`,
  `DondocType IN ('task', 'instance') AND ExecutionStatus != 'Running' AND CloseTime >= '${since}'`,
  `ExecutionStatus != 'Running' AND CloseTime >= '${since}'`,
  `CloseTime >= '${since}' AND ExecutionStatus != 'Running'`,
  `ExecutionStatus IN ('Completed','Failed','Canceled','Terminated','ContinuedAsNew','TimedOut') AND CloseTime >= '${since}'`,
];
for (const q of qs) {
  const times: number[] = [];
  for (let i = 0; i < 10; i++) { const t0 = performance.now(); await cluster.client.workflowService.listWorkflowExecutions({ namespace: 'default', query: q, pageSize: 1000 }); times.push(performance.now() - t0); }
  times.sort((a, b) => a - b);
  console.log('EXP', times[5]!.toFixed(1), q.replace(since, 'T'));
}
worker.shutdown(); await run; await cluster.close(); await storage.close();
