/**
 * The patch check of dondoc's workflows: `workflow.patched`, with the patches released so far taken
 * together as one generation.
 *
 * Each patch a run takes by its marker costs two history events: the marker, and the upsert of
 * TemporalChangeVersion that the SDK adds beside it, a visibility write on the server (issue 17:
 * starts per second and the reminder burst). So:
 * - A run started now is given the generation in its input (`patches: CURRENT_GENERATION`): its starter's
 *   code had every patch of it, so the run takes them all without any marker.
 * - A run started before its input carried the generation recorded one marker, GENERATION_1,
 *   at its first patch check, and took every patch of the generation from it.
 * - A run recorded before the generation replays as it ran: GENERATION_1 is not found, so each patch
 *   answers from its own marker. Once such a run goes on live, its next check records GENERATION_1
 *   and every patch is in effect, as each one would have been live.
 *
 * A later generation takes the earlier ones with it. GENERATION_2 adds 'local-notify' and
 * 'start-attributes'. A run given GENERATION_1 in its input (started before GENERATION_2) takes
 * GENERATION_1's patches from it, and 'local-notify' by its own marker when it goes on live under
 * code that has it. 'start-attributes' matters only at a run's first workflow task: only runs given
 * GENERATION_2 take it (`inGeneration`), and no run records it.
 */
import * as wf from '@temporalio/workflow';

export const GENERATION_1 = 'generation-1';
export const GENERATION_2 = 'generation-2';
/** The generation every start, continue-as-new and child of this code is given. */
export const CURRENT_GENERATION = GENERATION_2;

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

/** A reminder or escalation a run's own wake sends goes as a local activity (workflows/run-loop.ts, both workflows). */
export const LOCAL_NOTIFY = 'local-notify';

/**
 * A task's first workflow task upserts nothing when its start gave it every attribute it shows then
 * (workflows/run-loop.ts: AttributePublisher; worker/import-runner.ts: `startAttributes`).
 */
export const START_ATTRIBUTES = 'start-attributes';

/** Every patch released after GENERATION_1, before GENERATION_2. */
export const GENERATION_2_PATCHES: ReadonlySet<string> = new Set([LOCAL_NOTIFY, START_ATTRIBUTES]);

/**
 * The generation a run's input gives (`patches`). Deterministic: the input is the run's first event;
 * continue-as-new and child runs are given it too.
 */
export type PatchGeneration = typeof GENERATION_1 | typeof GENERATION_2;

/**
 * Whether the run takes patch `id`: through its input's generation, else through GENERATION_1's
 * marker when the run has one, else through its own marker.
 */
export function patched(id: string, generation?: PatchGeneration): boolean {
  if (inGeneration(id, generation)) return true;
  if (generation === undefined && GENERATION_1_PATCHES.has(id) && wf.patched(GENERATION_1)) return true;
  return wf.patched(id);
}

/** Whether the generation a run was given includes patch `id` (taken without any marker). */
export function inGeneration(id: string, generation?: PatchGeneration): boolean {
  if (generation === undefined) return false;
  return GENERATION_1_PATCHES.has(id) || (generation === GENERATION_2 && GENERATION_2_PATCHES.has(id));
}
