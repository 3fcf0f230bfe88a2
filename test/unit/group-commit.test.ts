/**
 * Group commit (storage/group-commit.ts): calls that arrive while a batch runs go together in the
 * next one, each caller gets its own result, and a batch that fails is retried item by item.
 */
import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../storage/group-commit';

/** A batch runner that records its batches and finishes each when told to. */
function recorder(fail?: (items: readonly number[]) => boolean) {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const run = async (items: readonly number[]) => {
    batches.push([...items]);
    await new Promise<void>((resolve) => pending.push(resolve));
    if (fail?.(items)) throw new Error(`batch ${items.join(',')} failed`);
    return items.map((n) => n * 10);
  };
  /** Finishes every batch, including those dispatched once the previous ones finished. */
  const finishAll = async () => {
    for (let turn = 0; turn < 20; turn++) {
      pending.splice(0).forEach((resolve) => resolve());
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { run, batches, finishAll };
}

describe('group commit', () => {
  it('runs a lone call by itself, and the calls that arrive while it runs together in the next batch', async () => {
    const r = recorder();
    const call = groupCommit(r.run);
    const first = call(1);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.batches).toEqual([[1]]);
    const waiting = [2, 3, 4].map(call);
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.batches).toEqual([[1]]); // they wait for the running batch
    const results = Promise.all([first, ...waiting]);
    await r.finishAll();
    expect(await results).toEqual([10, 20, 30, 40]);
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('caps a batch at its size', async () => {
    const r = recorder();
    const call = groupCommit(r.run, 2);
    const results = Promise.all([1, 2, 3, 4, 5].map(call));
    await r.finishAll();
    expect(await results).toEqual([10, 20, 30, 40, 50]);
    expect(r.batches.every((b) => b.length <= 2)).toBe(true);
    expect(r.batches.flat().sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('retries a failed batch item by item: a bad item fails alone, the others succeed', async () => {
    const r = recorder((items) => items.includes(13));
    const call = groupCommit(r.run);
    const blocker = call(1);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const outcomes = Promise.allSettled([12, 13, 14].map(call));
    await r.finishAll();
    await blocker;
    expect((await outcomes).map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([120, 'batch 13 failed', 140]);
    expect(r.batches).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
  });

  it('gives every caller the error when every item fails (the database is down)', async () => {
    const r = recorder(() => true);
    const call = groupCommit(r.run);
    const outcomes = Promise.allSettled([1, 2].map(call));
    await r.finishAll();
    expect((await outcomes).map((o) => o.status)).toEqual(['rejected', 'rejected']);
  });
});
