/**
 * Stopping `npm start` on SIGINT (Ctrl-C) or SIGTERM, once and in order: the API stops accepting
 * requests, the worker drains (shut down once: the Temporal Runtime may already have asked it to on
 * the same signal), then the embedded dev server stops; exit code 0. A signal during start-up is
 * acted on as soon as start-up is over, so nothing started is left behind. A second signal stops
 * at once, still stopping the dev server; so does a stop that takes longer than `graceMs`.
 */
import type { Worker } from '@temporalio/worker';
import { logger } from './logger';

export type Stoppable = {
  api?: () => Promise<void>;
  worker?: Worker;
  workerRun?: Promise<void>;
  cluster?: () => Promise<void>;
  /** dondoc's database: closed last, after the worker and API stopped using it. */
  storage?: () => Promise<void>;
};

export type StopControl = {
  /** Registers what is running so far (call again as more starts). */
  running(parts: Stoppable): void;
  /** Start-up is over: a signal received meanwhile is acted on now. */
  started(): void;
  /** Start-up failed: stops what had started (the dev server above all), without exiting. */
  stopNow(): Promise<void>;
};

export const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export function installStopHandler(options: { graceMs?: number; exit?: (code: number) => void } = {}): StopControl {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const parts: Stoppable = {};
  let ready = false;
  let pending: string | null = null;
  let stopping = false;

  const closeCluster = () => (parts.cluster ? parts.cluster().catch((err) => logger.error({ err }, 'stopping the Temporal dev server failed')) : Promise.resolve());

  const closeStorage = () => (parts.storage ? parts.storage().catch((err) => logger.error({ err }, 'closing the database failed')) : Promise.resolve());

  const force = async (reason: string) => {
    logger.warn({ reason }, 'stopping at once');
    await closeCluster();
    await closeStorage();
    exit(130);
  };

  const closeAll = async () => {
    await parts.api?.().catch((err) => logger.error({ err }, 'closing the API failed'));
    if (parts.worker?.getState() === 'RUNNING') parts.worker.shutdown();
    await parts.workerRun?.catch((err) => logger.error({ err }, 'worker stopped with an error'));
    await closeCluster();
    await closeStorage();
  };

  const stop = async (signal: string) => {
    stopping = true;
    logger.info({ signal }, 'stopping');
    const timer = setTimeout(() => void force('timeout'), options.graceMs ?? 20_000);
    timer.unref();
    try {
      await closeAll();
    } finally {
      clearTimeout(timer);
    }
    logger.info('stopped');
    exit(0);
  };

  const onSignal = (signal: string) => {
    if (stopping || pending) return void force(`second ${signal}`);
    if (!ready) {
      pending = signal;
      logger.info({ signal }, 'stopping once start-up is over');
      return;
    }
    void stop(signal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);

  return {
    running(more) {
      Object.assign(parts, more);
    },
    started() {
      ready = true;
      if (pending) void stop(pending);
    },
    async stopNow() {
      stopping = true;
      await closeAll();
    },
  };
}
