/**
 * Recorded workflow histories for the replay test. Run the workflow tests with
 * DONDOC_RECORD_HISTORIES=1 to (re)write test/histories/<name>.json from real runs; the replay test
 * then runs every recorded history against the current workflow code.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = fileURLToPath(new URL('../histories/', import.meta.url));

export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (!process.env.DONDOC_RECORD_HISTORIES) return;
  const history = JSON.parse(historyToJSON(await handle.fetchHistory())) as unknown;
  writeFileSync(`${HISTORIES_DIR}${name}.json`, JSON.stringify({ workflowId: handle.workflowId, history }));
}
