/**
 * Recorded workflow histories for the replay test. Run the workflow tests with
 * DONDOC_RECORD_HISTORIES=1 to (re)write test/histories/<name>.json from real runs; the replay test
 * then runs every recorded history against the current workflow code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = fileURLToPath(new URL('../histories/', import.meta.url));

export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (!process.env.DONDOC_RECORD_HISTORIES) return;
  const history = JSON.parse(historyToJSON(await handle.fetchHistory())) as unknown;
  writeFileSync(`${HISTORIES_DIR}${name}.json`, JSON.stringify({ workflowId: handle.workflowId, history }));
}

/** A history as JSON: a recorded file's events, or `historyToJSON` of a fetched history. */
export type JsonEvent = Record<string, any>;

/** The events of a recorded history in test/histories. */
export function recordedEvents(file: string): JsonEvent[] {
  return (JSON.parse(readFileSync(`${HISTORIES_DIR}${file}`, 'utf8')) as { history: { events: JsonEvent[] } }).history.events;
}

/** The events of a workflow's history so far, as JSON. */
export async function fetchedEvents(handle: WorkflowHandle): Promise<JsonEvent[]> {
  return (JSON.parse(historyToJSON(await handle.fetchHistory())) as { events: JsonEvent[] }).events;
}

/** The ids of a history's patch markers, in order. */
export function patchMarkerIds(events: readonly JsonEvent[]): string[] {
  return events.flatMap((e) =>
    e.markerRecordedEventAttributes?.markerName === 'core_patch'
      ? [(JSON.parse(Buffer.from(e.markerRecordedEventAttributes.details['patch-data'].payloads[0].data, 'base64').toString()) as { id: string }).id]
      : [],
  );
}
