/**
 * How much a client may send: the maximum length of every kind of text field, the maximum size of
 * lists, and the dates the working-day calendar can answer for. Every schema of client input (task
 * and file Updates, intake, apology, a plan and task posted to the API) builds its fields from here,
 * so that nothing a client sends can make an Update's payload or response exceed Temporal's limits,
 * or a date send the calendar out of the years it knows. Messages are Vietnamese and name the field.
 *
 * Limits (characters, after trimming):
 * - NAME (200): people, agencies, units, procedure names, signer titles, places.
 * - CODE (120): codes and ids (procedure code, document number, event id).
 * - REASON (2,000): reasons, evidence, comments, short notes a person types in one go.
 * - NOTE (4,000): progress notes and other free text.
 * - DOCUMENT_TEXT (8,000): text copied from a plan's appendix (a task row with its context reaches
 *   1,350 characters in the Tuy Phước plan; eight thousand leaves room without allowing a flood).
 * - LIST (100): agencies in one list (lead agencies, agencies processing a file).
 *
 * Pure and free of Temporal: workflow validators use the same schemas.
 */
import { z } from 'zod';
import { IsoDateSchema, SUPPORTED_YEARS, VIETNAM_UTC_OFFSET_HOURS, isSupportedYear, isValidIsoDate } from './dates';
import { lazy } from './lazy';

export const LIMITS = {
  NAME: 200,
  CODE: 120,
  REASON: 2_000,
  NOTE: 4_000,
  DOCUMENT_TEXT: 8_000,
  LIST: 100,
} as const;

/** 4000 → "4.000", the Vietnamese way of grouping digits. */
export function vietnameseNumber(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

const YEAR_RANGE = `${SUPPORTED_YEARS.first}–${SUPPORTED_YEARS.last}`;

/** "năm 9999 ngoài phạm vi lịch làm việc 2021–2040" with the field's label in front. */
export function yearOutOfRangeMessage(label: string, year: number): string {
  return `${label}: năm ${year} ngoài phạm vi lịch làm việc ${YEAR_RANGE}`;
}

function tooLong(label: string, max: number) {
  return (issue: { input?: unknown }) => {
    const length = typeof issue.input === 'string' ? issue.input.length : undefined;
    return `${label} quá dài: tối đa ${vietnameseNumber(max)} ký tự${length !== undefined ? ` (đã gửi ${vietnameseNumber(length)})` : ''}`;
  };
}

/** "thiếu lý do hủy" for a missing field, "lý do hủy phải là văn bản" for a number, an object … */
function notText(label: string, missing = `thiếu ${label}`) {
  return (issue: { input?: unknown }) => (issue.input === undefined || issue.input === null ? missing : `${label} phải là văn bản`);
}

/** A string of at most `max` characters (trimmed), whose message names the field. */
export function text(label: string, max: number, missing?: string) {
  return z
    .string({ error: notText(label, missing) })
    .max(max, { error: tooLong(label, max) })
    .trim();
}

/** A required string: non-empty after trimming, at most `max` characters. */
export function requiredText(label: string, max: number, emptyMessage: string) {
  return text(label, max, emptyMessage).min(1, emptyMessage);
}

/** A string kept as given (not trimmed), at most `max` characters. */
/** A string of any kind (code, id …) whose type error names the field. */
export function stringOf(label: string, missing?: string) {
  return z.string({ error: notText(label, missing) });
}

export function rawText(label: string, max: number) {
  return z.string({ error: notText(label) }).max(max, { error: tooLong(label, max) });
}

/** A list of at most `max` items, whose message names the field. */
export function boundedList<T extends z.ZodType>(item: T, label: string, max: number = LIMITS.LIST) {
  return z.array(item).max(max, { error: `${label}: tối đa ${vietnameseNumber(max)} mục` });
}

/** A calendar day (YYYY-MM-DD) in a year the working-day calendar covers. */
export function clientDate(label: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? `thiếu ${label}` : `${label}: ngày phải có dạng YYYY-MM-DD`) })
    .pipe(IsoDateSchema)
    .superRefine((value, ctx) => {
      if (!isValidIsoDate(value)) return; // already refused by the format checks
      const year = Number(value.slice(0, 4));
      if (!isSupportedYear(year)) ctx.addIssue({ code: 'custom', message: yearOutOfRangeMessage(label, year) });
    });
}

/** An instant (ISO 8601 with offset) whose Vietnam year the working-day calendar covers. */
export function clientDateTime(label: string, formatMessage: string) {
  return z.iso
    .datetime({ offset: true, error: (issue) => (issue.input === undefined || issue.input === null ? `thiếu ${label}` : formatMessage) })
    .superRefine((value, ctx) => {
      const ms = Date.parse(value);
      if (Number.isNaN(ms)) return; // already refused by the format check
      // The Vietnam year (UTC+7): 2040-12-31T20:00:00Z is already 2041 in Vietnam.
      const year = new Date(ms + VIETNAM_UTC_OFFSET_HOURS * 3_600_000).getUTCFullYear();
      if (!isSupportedYear(year)) ctx.addIssue({ code: 'custom', message: yearOutOfRangeMessage(label, year) });
    });
}

/** A plan year the calendar covers. */
export const PlanYearSchema = lazy(() =>
  z
    .number({ message: 'năm kế hoạch phải là một số' })
    .int('năm kế hoạch phải là số nguyên')
    .refine(isSupportedYear, { error: (issue) => yearOutOfRangeMessage('năm kế hoạch', Number(issue.input)) }),
);
