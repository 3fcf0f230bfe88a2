import type { WorkflowUpdateFailedError } from '@temporalio/client';

/** Why a workflow refused an Update, in the words its validator gave (zod issues joined). */
export function rejectionReason(err: WorkflowUpdateFailedError): string {
  const message = err.cause?.message ?? err.message;
  try {
    const issues = JSON.parse(message) as { path: unknown[]; message: string }[];
    if (Array.isArray(issues)) return issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  } catch {
    // not a zod error: plain text already
  }
  return message;
}
