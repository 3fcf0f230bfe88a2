/** Request body limits per kind of route: JSON actions are small; files are bounded by what an office sends. */
export const BODY_LIMITS = {
  /** Every JSON route unless it says otherwise. */
  json: 256 * 1024,
  directory: 2 * 1024 * 1024,
  /** A plan workbook of a few thousand rows is a few MB. */
  plan: 20 * 1024 * 1024,
  /** A month's one-stop export. */
  csv: 10 * 1024 * 1024,
} as const;

/** Workflow ids of plans with long titles reach ~110 characters; instances add a period. */
export const MAX_PARAM_LENGTH = 600;
