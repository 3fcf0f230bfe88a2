/**
 * What an intake may claim: when the file was received (not in the future, not long ago unless a
 * monitoring office or an admin records a backlog), whether a repeated code carries the same file,
 * and which template the file follows (the one named, else the one whose rules match, else the
 * shipped one), kept in the workflow's memo so the file view names it.
 */
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { SUPPORTED_YEARS } from '../domain/dates';
import type { OneStopFile } from '../domain/onestop/file';
import type { FilePolicy } from '../domain/onestop/policy';
import { matchFileTemplate, parseTemplateRef, templateRefText, toFilePolicy, type StoredTemplate, type TemplateRef } from '../domain/templates';
import type { TemplateStore } from '../storage/templates';
import type { User } from './auth';

/** Clocks of desks and servers differ by a little. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** Older than this is a backlog import, recorded by a monitor or an admin. */
export const BACKLOG_DAYS = 3;

export type ReceivedAtProblem = { status: 400 | 403; message: string };

export function receivedAtProblem(receivedAt: unknown, user: User, now: Date = new Date()): ReceivedAtProblem | null {
  if (typeof receivedAt !== 'string') return null; // the schema reports a missing or malformed value
  const at = new Date(receivedAt);
  if (Number.isNaN(at.getTime())) return null;
  const year = at.getUTCFullYear();
  if (year < SUPPORTED_YEARS.first || year > SUPPORTED_YEARS.last) {
    return { status: 400, message: `receivedAt: năm ${year} nằm ngoài các năm lịch hỗ trợ (${SUPPORTED_YEARS.first}–${SUPPORTED_YEARS.last}).` };
  }
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) return { status: 400, message: 'receivedAt: thời điểm tiếp nhận không được ở tương lai.' };
  if (at.getTime() < now.getTime() - BACKLOG_DAYS * 86_400_000 && (user.role === 'agency' || user.role === 'desk')) {
    return {
      status: 403,
      message: `receivedAt: hồ sơ tiếp nhận trước hơn ${BACKLOG_DAYS} ngày là nhập hồ sơ tồn đọng; chỉ Văn phòng UBND hoặc quản trị viên được thực hiện.`,
    };
  }
  return null;
}

const FIELD_LABELS: [keyof OneStopFile | `applicant.${string}`, string][] = [
  ['procedure', 'thủ tục hành chính'],
  ['applicant.name', 'tên người nộp hồ sơ'],
  ['applicant.email', 'thư điện tử của người nộp'],
  ['applicant.phone', 'số điện thoại của người nộp'],
  ['applicant.idNumber', 'số định danh cá nhân'],
  ['applicant.address', 'địa chỉ của người nộp'],
  ['receivingUnit', 'nơi tiếp nhận'],
  ['agencies', 'cơ quan giải quyết'],
  ['receivedAt', 'thời điểm tiếp nhận'],
  ['appointment', 'ngày hẹn trả kết quả'],
  ['online', 'hình thức nộp trực tuyến'],
  ['jurisdiction', 'đơn vị hành chính'],
];

function valueAt(file: OneStopFile, path: string): unknown {
  const value = path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), file);
  if (path === 'receivedAt' && typeof value === 'string') return new Date(value).getTime();
  // As stored by the workflow: through JSON, where an undefined field is absent.
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** The fields (Vietnamese labels) in which two files under one code differ; [] when they are the same file. */
export function differingFields(existing: OneStopFile, submitted: OneStopFile): string[] {
  return FIELD_LABELS.filter(([path]) => !isDeepStrictEqual(valueAt(existing, path), valueAt(submitted, path))).map(([, label]) => label);
}

/** The template a file follows, as its view shows it. */
export type FileTemplate = TemplateRef & { name: string };

/** The `template` field of an intake: a template id. */
export const IntakeTemplateIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'template: mã mẫu chỉ gồm chữ thường không dấu, chữ số và gạch ngang')
  .describe(
    'Mã mẫu nhắc việc hồ sơ thủ tục hành chính; khi không gửi, dùng mẫu có quy tắc khớp với hồ sơ, nếu không có thì mẫu theo Nghị định 118/2025/NĐ-CP.',
  );

/**
 * The template a file follows and the policy it gives, or null when no one-stop template is in use.
 * @throws TemplateChoiceError naming the field for an unknown or retired id, or a plan-task template.
 */
export async function chooseFileTemplate(templates: TemplateStore, file: OneStopFile, explicit?: string): Promise<FileTemplateChoice | null> {
  return fileTemplateChoice(await loadFileTemplates(templates), file, explicit);
}

export type FileTemplateChoice = { template: FileTemplate; policy: FilePolicy; reason: string };

/** The newest version of every template, retired ones marked: what a file's template is chosen from (read once per import). */
export async function loadFileTemplates(templates: TemplateStore): Promise<StoredTemplate[]> {
  return (await templates.list({ includeRetired: true })).map((t) => ({ id: t.id, version: t.version, template: t.template, retired: t.retiredAt !== null }));
}

/** As chooseFileTemplate, from templates already read. */
export function fileTemplateChoice(all: StoredTemplate[], file: OneStopFile, explicit?: string): FileTemplateChoice | null {
  const match = matchFileTemplate(file, all, explicit);
  if (!match) return null;
  const { id, version, template } = match.template;
  return { template: { id, version, name: template.name }, policy: toFilePolicy(template), reason: match.reason };
}

/** The workflow memo recording a file's template. */
export function fileTemplateMemo(template: FileTemplate): Record<string, string> {
  return { template: templateRefText(template), templateName: template.name };
}

/** A file's template as its memo records it; null for files taken in before templates (or with none). */
export function fileTemplateOfMemo(memo: Record<string, unknown> | undefined): FileTemplate | null {
  const ref = parseTemplateRef(typeof memo?.template === 'string' ? memo.template : undefined);
  if (!ref) return null;
  return { ...ref, name: typeof memo?.templateName === 'string' ? memo.templateName : ref.id };
}
