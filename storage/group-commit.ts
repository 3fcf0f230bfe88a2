/**
 * Group commit: calls that arrive while the previous batch of the same statement is running wait
 * for it, then go to the database together as one statement. Under load (a burst of reminders, all
 * waiting on the embedded database's one connection) one statement serves up to `maxBatchSize`
 * messages, so its parsing, planning and commit are paid once; alone, a call waits one turn of the
 * event loop. DataLoader collects the calls; the schedule below is what makes the batches form.
 *
 * A batch that fails is run again one call at a time, so that one bad item fails alone and a
 * failure every item shares (the database is down) reaches every caller.
 */
import DataLoader from 'dataloader';

export type BatchRun<K, V> = (items: readonly K[]) => Promise<readonly V[]>;

export function groupCommit<K, V>(run: BatchRun<K, V>, maxBatchSize = 100): (item: K) => Promise<V> {
  let running: Promise<unknown> = Promise.resolve();
  const loader = new DataLoader<K, V>(
    (items) => {
      const batch = runAlone(run, items);
      running = batch.catch(() => undefined);
      return batch;
    },
    {
      cache: false,
      maxBatchSize,
      batchScheduleFn: (dispatch) => void running.then(() => setImmediate(dispatch)),
    },
  );
  return (item) => loader.load(item);
}

/** The batch's results, or each item's own result (or error) when the batch as a whole failed. */
async function runAlone<K, V>(run: BatchRun<K, V>, items: readonly K[]): Promise<(V | Error)[]> {
  try {
    return [...(await run(items))];
  } catch (error) {
    if (items.length === 1) return [asError(error)];
    return Promise.all(items.map((item) => run([item]).then((values) => values[0] as V, asError)));
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
