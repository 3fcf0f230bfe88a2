/**
 * The patch check of dondoc's workflows: `workflow.patched`, with the patches released so far taken
 * together as one generation.
 *
 * Each patch a run takes by its marker costs two history events: the marker, and the upsert of
 * TemporalChangeVersion that the SDK adds beside it, a visibility write on the server (issue 17:
 * starts per second and the reminder burst). So:
 * - A run started now is given the generation in its input (`patches: GENERATION_1`): its starter's
 *   code had every patch of it, so the run takes them all without any marker.
 * - A run started before its input carried the generation recorded one marker, GENERATION_1,
 *   at its first patch check, and took every patch of the generation from it.
 * - A run recorded before the generation replays as it ran: GENERATION_1 is not found, so each patch
 *   answers from its own marker. Once such a run goes on live, its next check records GENERATION_1
 *   and every patch is in effect, as each one would have been live.
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

/**
 * The generation a run's input gives (`patches`). Deterministic: the input is the run's first event;
 * continue-as-new and child runs are given it too.
 */
export type PatchGeneration = typeof GENERATION_1;

/**
 * Whether the run takes patch `id`: through its input's generation, else through GENERATION_1's
 * marker when the run has one, else through its own marker.
 */
export function patched(id: string, generation?: PatchGeneration): boolean {
  return (GENERATION_1_PATCHES.has(id) && (generation === GENERATION_1 || wf.patched(GENERATION_1))) || wf.patched(id);
}
