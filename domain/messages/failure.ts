/**
 * The delivery_failed message: when a message cannot reach someone, the monitoring office of the
 * jurisdiction is told who was missed and why, so that nothing is dropped silently.
 */
import type { NotifyRequest } from '../notification';
import type { ParsedRequest } from './templates';

/** Stable key of the report about `key` (kept within the 300 characters a key may have). */
export function deliveryFailureKey(key: string): string {
  const suffix = '#delivery_failed';
  return key.length + suffix.length <= 300 ? `${key}${suffix}` : `${key.slice(0, 300 - suffix.length - 9)}~${simpleHash(key)}${suffix}`;
}

/** 8 hex digits of FNV-1a: only to keep two long keys with one prefix apart. */
function simpleHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export type FailureFacts = {
  /** Who was missed, in Vietnamese ("Thủ trưởng Sở Tư pháp", "a@b.vn"). */
  failedRecipients: string;
  /** Why, in Vietnamese. */
  reason: string;
  /** Jurisdiction ids (or names) whose monitoring offices are told. */
  jurisdictions: string[];
  /** Where the reader can act, when it is not the task's page. */
  link?: string;
};

/**
 * The report to send, or null when there is nobody to send it to (no jurisdiction known) or when
 * the failed message was itself such a report (no report about a report).
 */
export function deliveryFailureRequest(original: ParsedRequest, facts: FailureFacts): NotifyRequest | null {
  if (original.kind === 'delivery_failed') return null;
  const jurisdictions = [...new Set(facts.jurisdictions.map((j) => j.trim()).filter((j) => j !== ''))];
  if (jurisdictions.length === 0) return null;
  const details: Record<string, string> = {
    jurisdiction: jurisdictions[0]!,
    failedKind: original.kind,
    failedRecipients: facts.failedRecipients,
    reason: facts.reason,
  };
  if (facts.link) details.link = facts.link;
  return {
    key: deliveryFailureKey(original.key),
    kind: 'delivery_failed',
    to: jurisdictions.map((jurisdiction) => ({ role: 'monitor' as const, jurisdiction })),
    subject: original.subject,
    asOf: original.asOf,
    details,
  };
}
