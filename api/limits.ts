import { ApiError } from './errors';

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

/** PostgreSQL text cannot hold U+0000, and no real input has it: true when any string in the value does. */
export function hasNulCharacter(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNulCharacter(v, depth + 1));
}

/** A preValidation hook: refuses a request with U+0000 in its params, query or JSON body, before any handler. */
export async function refuseNulCharacters(request: { params: unknown; query: unknown; body: unknown }): Promise<void> {
  if (hasNulCharacter(request.params) || hasNulCharacter(request.query) || hasNulCharacter(request.body))
    throw new ApiError(400, 'Dữ liệu gửi lên chứa ký tự rỗng (U+0000), không được chấp nhận.');
}
