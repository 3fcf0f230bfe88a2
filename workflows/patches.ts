/**
 * The patch check of dondoc's workflows: `workflow.patched`, with the patches released so far taken
 * together as one generation.
 *
 * Each patch a run takes costs two history events: its marker, and the upsert of
 * TemporalChangeVersion that the SDK adds beside it, a visibility write on the server. A new task
 * took three at its first workflow task and a fourth at its first reminder, eight events where the
 * timer alone needed one (issue 17: starts per second and the reminder burst).
 *
 * A run started now records one marker, GENERATION_1, at its first patch check, and from then on
 * takes every patch of that generation without a marker of its own. A run recorded before it
 * replays as it ran: during replay GENERATION_1 is not found, so each patch answers from its own
 * marker. Once such a run goes on live, its next check records GENERATION_1 and every patch is in
 * effect, as each one would have been live.
 *
 * A patch released later is checked on its own (not in GENERATION_1_PATCHES), or opens a second
 * generation the same way.
 */
import * as wf from '@temporalio/workflow';

export const GENERATION_1 = 'generation-1';

/** Every patch released before GENERATION_1, in the task and one-stop file workflows. */
export const GENERATION_1_PATCHES: ReadonlySet<string> = new Set([
  // workflows/task.ts
  'periods-by-start',
  'event-offset-from-schedule',
  'catch-up-merged-notices',
  'notice-as-of-send-time',
  'acknowledge-covers-group',
  'template-move',
  'imported-as-history',
  'extension-request',
  'updated-attribute',
  'part-attributes',
  // workflows/onestop-file.ts
  'file-delivery-failure-reported',
  'file-acknowledge-sends-nothing',
  'file-catch-up-merged-notices',
  'file-agenda-from-snapshot',
]);

/** Whether the run takes patch `id`: through GENERATION_1 when the run has it, else through its own marker. */
export function patched(id: string): boolean {
  return (GENERATION_1_PATCHES.has(id) && wf.patched(GENERATION_1)) || wf.patched(id);
}
