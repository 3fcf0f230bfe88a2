/** Custom search attributes: the dashboard filters and counts tasks through Temporal's visibility. */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SA = {
  /** 'task' | 'instance' | 'file' */
  type: defineSearchAttributeKey('DondocType', SearchAttributeType.KEYWORD),
  plan: defineSearchAttributeKey('DondocPlan', SearchAttributeType.KEYWORD),
  jurisdiction: defineSearchAttributeKey('DondocJurisdiction', SearchAttributeType.KEYWORD),
  /** The leads' names, or their hashes when a large group would pass Temporal's size limit (domain/part-tokens.ts). */
  leads: defineSearchAttributeKey('DondocLead', SearchAttributeType.KEYWORD_LIST),
  /**
   * Each lead's own part: `<status>:<agency>` and `level<n>:<agency>` tokens, in a short hashed form
   * for large groups, and `request:pending` while an extension request waits (domain/part-tokens.ts).
   */
  parts: defineSearchAttributeKey('DondocParts', SearchAttributeType.KEYWORD_LIST),
  /**
   * What DondocLead and DondocParts cannot hold within one value's limit (a group of a province's
   * communes): the rest of the leads, then the rest of the part tokens (domain/part-tokens.ts). One
   * attribute for both: SQL visibility stores offer three KeywordList attributes in all.
   */
  more: defineSearchAttributeKey('DondocMore', SearchAttributeType.KEYWORD_LIST),
  status: defineSearchAttributeKey('DondocStatus', SearchAttributeType.KEYWORD),
  kind: defineSearchAttributeKey('DondocKind', SearchAttributeType.KEYWORD),
  due: defineSearchAttributeKey('DondocDue', SearchAttributeType.DATETIME),
  escalation: defineSearchAttributeKey('DondocEscalation', SearchAttributeType.INT),
  extended: defineSearchAttributeKey('DondocExtended', SearchAttributeType.BOOL),
  /** One-stop files: how the file closed (early | on_time | late_with_apology | late_without_apology | withdrawn). */
  outcome: defineSearchAttributeKey('DondocOutcome', SearchAttributeType.KEYWORD),
  /** Tasks: when the workflow last changed its attributes (workflow time); the API's task mirror reads only what changed (api/task-mirror.ts). */
  updated: defineSearchAttributeKey('DondocUpdated', SearchAttributeType.DATETIME),
} as const;

export const ALL_SEARCH_ATTRIBUTES = Object.values(SA);
