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
export type SideMessage = { type: 'ready' } | ({ type: 'stats' } & SideStats);

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
if (values.side === 'dondoc') {
  const { createWorker } = await import('../worker/worker');
  const { openStorage } = await import('../storage');
  // dondoc's own records in the embedded database under this side's data directory, as `npm start` keeps them.
  const storage = await openStorage({ DATA_DIR: values['data-dir']! });
  worker = await createWorker({ ...common, config: {}, db: storage.db });
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

process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') process.send!({ type: 'stats', ...stats() } satisfies SideMessage);
  if (message.type === 'stop') worker.shutdown();
});
process.send!({ type: 'ready' } satisfies SideMessage);
// Stopped by the parent, or by a signal (the Temporal runtime shuts the worker down on SIGINT/SIGTERM).
await running;
await connection.close();
process.exit(0);
