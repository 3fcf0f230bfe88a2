/**
 * Update handlers must never fail a workflow task: in the TypeScript SDK an Error thrown by an
 * Update handler that is not a Temporal failure fails the workflow task, which is retried forever
 * (the workflow is wedged). `guarded` turns any such error into a non-retryable ApplicationFailure
 * carrying its (Vietnamese) message, so the Update fails and the workflow goes on.
 *
 * Validators need no guard: whatever they throw rejects the Update.
 */
import { ApplicationFailure, TemporalFailure } from '@temporalio/workflow';

export function guarded<Args extends unknown[], R>(handler: (...args: Args) => R): (...args: Args) => R {
  const wrap = (err: unknown): never => {
    if (err instanceof TemporalFailure) throw err;
    throw ApplicationFailure.create({ message: err instanceof Error ? err.message : String(err), type: 'InvalidUpdate', nonRetryable: true });
  };
  return (...args: Args): R => {
    try {
      const result = handler(...args);
      return (result instanceof Promise ? result.catch(wrap) : result) as R;
    } catch (err) {
      return wrap(err);
    }
  };
}

/** An Update's result: the view without the long timeline (its last entries only); the `state` query keeps it whole. */
export function compact<V extends { timeline: unknown[] }>(view: V, entries: number): V {
  return view.timeline.length > entries ? { ...view, timeline: view.timeline.slice(-entries) } : view;
}

