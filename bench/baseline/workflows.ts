/**
 * The bare Temporal workflow dondoc's worker cost is compared with (issue 17; the cluster proof,
 * issue 18, uses it too): sleep until a time, then run one activity that appends a line to a file.
 */
import { proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { BaselineActivities } from './activities';

const { appendLine } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '1 minute' });

/** @param fireAtMs when to run the activity (epoch milliseconds) */
export async function baselineWorkflow(fireAtMs: number): Promise<void> {
  await sleep(Math.max(0, fireAtMs - Date.now()));
  await appendLine(workflowInfo().workflowId);
}
