/**
 * Which template an imported task follows: the one chosen for it in the import preview, else the
 * most specific template whose matching rules all hold, else the generic one (`fallback`). Pure.
 */
import type { Plan, Task } from '../plan';
import type { Period } from '../schedule';
import type { Matching, Template } from './schema';

/** A saved template version, as the matcher and the import read it. */
export type StoredTemplate = { id: string; version: number; template: Template; retired?: boolean };

export type TemplateMatch = {
  template: StoredTemplate;
  /** Why, in Vietnamese ("Chọn trực tiếp", "Khớp quy tắc: từ ngữ “báo cáo”, kỳ quý"). */
  reason: string;
  explicit: boolean;
};

export class TemplateChoiceError extends Error {
  override name = 'TemplateChoiceError';
}

/** Lower case, without diacritics (đ → d), words separated by single spaces: how texts are compared. */
export function foldWords(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

function contains(haystack: string, needle: string): boolean {
  const n = foldWords(needle);
  return n.trim() !== '' && foldWords(haystack).includes(n);
}

const PERIOD_NAMES: Record<Period, string> = { week: 'tuần', month: 'tháng', quarter: 'quý', 'half-year': '6 tháng', year: 'năm' };

function periodsOf(task: Task): Period[] {
  const r = task.schedule.recurrence;
  return r === null ? [] : (Array.isArray(r) ? r : [r]).map((x) => x.every);
}

/** The reasons each criterion of the rules holds, or null when one fails (or when no criterion is given). */
export function ruleReasons(matching: Matching, task: Task, plan: Plan): string[] | null {
  const reasons: string[] = [];
  // The task's own words: its activity and task (not the objective or the row's context, shared by many tasks).
  const text = [task.activity, task.task ?? task.objective].filter((x) => x !== null).join(' \n ');
  const check = (entries: string[], label: string, holds: (entry: string) => boolean): boolean => {
    if (entries.length === 0) return true;
    const hit = entries.find(holds);
    if (hit === undefined) return false;
    reasons.push(`${label} “${hit}”`);
    return true;
  };
  const ok =
    check(matching.plans, 'kế hoạch', (p) => p === plan.id || contains(plan.title, p) || (plan.number !== null && contains(plan.number, p))) &&
    check(matching.areas, 'lĩnh vực', (a) => task.area !== null && contains(task.area, a)) &&
    check(matching.productTypes, 'loại sản phẩm', (p) => task.product !== null && contains(task.product, p)) &&
    check(matching.leads, 'cơ quan chủ trì', (l) => task.lead.some((lead) => foldWords(lead) === foldWords(l))) &&
    matching.words.every((entry) => {
      const hit = entry.split('|').find((alternative) => contains(text, alternative));
      if (hit !== undefined) reasons.push(`từ ngữ “${hit.trim()}”`);
      return hit !== undefined;
    }) &&
    check(matching.every, 'kỳ', (p) => periodsOf(task).includes(p as Period));
  if (!ok || reasons.length === 0) return null;
  return reasons.map((r) => r.replace(/^kỳ “(.+)”$/, (_, p: Period) => `kỳ ${PERIOD_NAMES[p] ?? p}`));
}

/**
 * The template a task follows. `explicit`: the id (and version, else the newest given) chosen for
 * it in the import preview — it wins over the rules. Retired templates and one-stop templates are
 * never matched by rules. Ties go to the template listed first.
 */
export function matchTemplate(task: Task, plan: Plan, templates: StoredTemplate[], explicit?: string | { id: string; version?: number }): TemplateMatch | null {
  if (explicit !== undefined) {
    const wanted = typeof explicit === 'string' ? { id: explicit } : explicit;
    const versions = templates.filter((t) => t.id === wanted.id && (wanted.version === undefined || t.version === wanted.version));
    const chosen = versions.sort((a, b) => b.version - a.version)[0];
    if (!chosen)
      throw new TemplateChoiceError(
        `Không có mẫu “${wanted.id}”${wanted.version !== undefined ? ` phiên bản ${wanted.version}` : ''} để áp dụng cho nhiệm vụ ${task.ref}.`,
      );
    if (chosen.template.appliesTo !== 'task')
      throw new TemplateChoiceError(`Mẫu “${chosen.template.name}” dành cho hồ sơ thủ tục hành chính, không áp dụng cho nhiệm vụ ${task.ref}.`);
    return { template: chosen, reason: 'Chọn trực tiếp khi nhập kế hoạch', explicit: true };
  }
  const usable = newestOfEach(templates).filter((t) => !t.retired && t.template.appliesTo === 'task');
  let best: { template: StoredTemplate; reasons: string[] } | undefined;
  for (const candidate of usable) {
    if (candidate.template.fallback) continue;
    const reasons = ruleReasons(candidate.template.matching, task, plan);
    if (reasons && (!best || reasons.length > best.reasons.length)) best = { template: candidate, reasons };
  }
  if (best) return { template: best.template, reason: `Khớp quy tắc: ${best.reasons.join(', ')}`, explicit: false };
  const fallback = usable.find((t) => t.template.fallback);
  return fallback ? { template: fallback, reason: 'Mẫu chung cho nhiệm vụ trong kế hoạch (không mẫu nào khác khớp)', explicit: false } : null;
}

/** The newest version of each template, in the order the templates were first listed. */
export function newestOfEach(templates: StoredTemplate[]): StoredTemplate[] {
  const newest = new Map<string, StoredTemplate>();
  for (const t of templates) {
    const known = newest.get(t.id);
    if (!known || t.version > known.version) newest.set(t.id, t);
  }
  return [...newest.values()];
}

/** An id for a new template from its name: "Báo cáo quý" → "bao-cao-quy". */
export function templateIdFrom(name: string): string {
  const id = foldWords(name).trim().replace(/ /g, '-').slice(0, 60).replace(/-+$/, '');
  return id === '' ? 'mau' : id;
}

// ---------------------------------------------------------------- one-stop files

/** The shipped template of one-stop files (Nghị định 118/2025/NĐ-CP): what a file follows when no other applies. */
export const BUILTIN_FILE_TEMPLATE_ID = 'ho-so-mot-cua-118';

/** What a one-stop file's matching reads: its procedure, who received it and who processes it. */
export type FileFacts = { procedure: { code: string; name: string }; receivingUnit: string; agencies: string[] };

/**
 * The reasons a one-stop template's rules hold for a file, or null when one fails (or none is
 * given). `words`: in the procedure's code or name ("|" separates alternatives); `leads`: the
 * receiving unit or an agency processing the file. Plans, areas, product types and periods say
 * nothing about a file: a template that sets them matches no file.
 */
export function fileRuleReasons(matching: Matching, file: FileFacts): string[] | null {
  if (matching.plans.length + matching.areas.length + matching.productTypes.length + matching.every.length > 0) return null;
  const reasons: string[] = [];
  const procedure = `${file.procedure.code} ${file.procedure.name}`;
  const units = [file.receivingUnit, ...file.agencies].map(foldWords);
  if (matching.leads.length > 0) {
    const hit = matching.leads.find((l) => units.includes(foldWords(l)));
    if (hit === undefined) return null;
    reasons.push(`cơ quan “${hit}”`);
  }
  for (const entry of matching.words) {
    const hit = entry.split('|').find((alternative) => contains(procedure, alternative));
    if (hit === undefined) return null;
    reasons.push(`thủ tục “${hit.trim()}”`);
  }
  return reasons.length > 0 ? reasons : null;
}

/**
 * The template a one-stop file follows: the one named at intake (`explicit`: its newest version),
 * else the most specific one-stop template whose rules hold, else the shipped one; null when none
 * of these is in use (the file then follows the default file policy).
 * @param templates the newest version of every template, retired ones marked (`retired`).
 * @throws TemplateChoiceError (naming the field `template`) for an unknown or retired id, or a plan-task template.
 */
export function matchFileTemplate(file: FileFacts, templates: StoredTemplate[], explicit?: string): TemplateMatch | null {
  const newest = newestOfEach(templates);
  if (explicit !== undefined) {
    const chosen = newest.find((t) => t.id === explicit);
    if (!chosen) throw new TemplateChoiceError(`template: không có mẫu “${explicit}”.`);
    if (chosen.retired) throw new TemplateChoiceError(`template: mẫu “${chosen.template.name}” đã ngừng sử dụng; hãy chọn mẫu khác hoặc khôi phục mẫu này.`);
    if (chosen.template.appliesTo !== 'file')
      throw new TemplateChoiceError(`template: mẫu “${chosen.template.name}” dành cho nhiệm vụ trong kế hoạch, không áp dụng cho hồ sơ thủ tục hành chính.`);
    return { template: chosen, reason: 'Chọn khi tiếp nhận hồ sơ', explicit: true };
  }
  const usable = newest.filter((t) => !t.retired && t.template.appliesTo === 'file');
  let best: { template: StoredTemplate; reasons: string[] } | undefined;
  for (const candidate of usable) {
    const reasons = fileRuleReasons(candidate.template.matching, file);
    if (reasons && (!best || reasons.length > best.reasons.length)) best = { template: candidate, reasons };
  }
  if (best) return { template: best.template, reason: `Khớp quy tắc: ${best.reasons.join(', ')}`, explicit: false };
  const builtin = usable.find((t) => t.id === BUILTIN_FILE_TEMPLATE_ID);
  return builtin ? { template: builtin, reason: 'Mẫu chung cho hồ sơ thủ tục hành chính (không mẫu nào khác khớp)', explicit: false } : null;
}
