/**
 * One side of bench/worker-cost.bench.ts in its own process, so that its memory and CPU are its
 * own: the dondoc worker or the baseline worker, on the dev server at `--address`. It answers the
 * parent's `stats` messages with its RSS, peak RSS and CPU time, and stops on `stop`.
 *
 *   node --import tsx bench/side-worker.ts --side dondoc|baseline --address 127.0.0.1:7233 …
 */
import { parseArgs } from 'node:util';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { installTemporalLogger } from '../worker/logger';

export type SideStats = { rssMiB: number; peakRssMiB: number; cpuMs: number };
export type SideMessage = { type: 'ready' } | ({ type: 'stats' } & SideStats) | { type: 'delivered'; times: number[] };

const { values } = parseArgs({
  options: {
    side: { type: 'string' },
    address: { type: 'string' },
    namespace: { type: 'string', default: 'default' },
    'task-queue': { type: 'string' },
    'data-dir': { type: 'string' },
    file: { type: 'string' },
  },
});

// The same Temporal runtime (logger, telemetry) on both sides.
installTemporalLogger();
const connection = await NativeConnection.connect({ address: values.address! });
const common = { connection, namespace: values.namespace!, taskQueue: values['task-queue']! };

let worker: Worker;
/** dondoc: when each reminder of the workflows named `task:<id>:…` was sent, read from its outbox. */
let deliveredTimes: (id: string) => Promise<number[]> = async () => [];
if (values.side === 'dondoc') {
  const { createWorker } = await import('../worker/worker');
  const { openStorage } = await import('../storage');
  // dondoc's own records in the embedded database under this side's data directory, as `npm start`
  // keeps them, or on the server at DATABASE_URL (`--database server`).
  const storage = await openStorage({ DATA_DIR: values['data-dir']!, DATABASE_URL: process.env.DATABASE_URL });
  worker = await createWorker({ ...common, config: {}, db: storage.db });
  const { Outbox } = await import('../storage/outbox');
  const outbox = new Outbox(storage.db);
  deliveredTimes = async (id) => {
    const times: number[] = [];
    for (let page = await outbox.list({ status: 'sent', limit: 1000 }); page.length > 0; ) {
      for (const m of page) if (m.key.startsWith(`task:${id}:`) && m.key.includes(':reminder:') && m.sentAt) times.push(Date.parse(m.sentAt));
      const last = page.at(-1)!;
      page = page.length < 1000 ? [] : await outbox.list({ status: 'sent', limit: 1000, before: { createdAt: last.createdAt, key: last.key } });
    }
    return times;
  };
} else {
  const { createBaselineWorker } = await import('./baseline/worker');
  worker = await createBaselineWorker({ ...common, file: values.file! });
}
const running = worker.run();

function stats(): SideStats {
  const cpu = process.cpuUsage();
  return {
    rssMiB: process.memoryUsage().rss / 2 ** 20,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

process.on('message', (message: { type: string; id?: string }) => {
  if (message.type === 'stats') process.send!({ type: 'stats', ...stats() } satisfies SideMessage);
  if (message.type === 'delivered') void deliveredTimes(message.id!).then((times) => process.send!({ type: 'delivered', times } satisfies SideMessage));
  if (message.type === 'stop') worker.shutdown();
});
process.send!({ type: 'ready' } satisfies SideMessage);
// Stopped by the parent, or by a signal (the Temporal runtime shuts the worker down on SIGINT/SIGTERM).
await running;
await connection.close();
process.exit(0);
